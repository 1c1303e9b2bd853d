"""checker: find where news sources disagree.

The pipeline (``checker.pipeline.STAGES``): read -> select -> segment -> claims -> embed -> events -> align -> judge
-> findings; ``checker.report`` writes the report. The public API is listed in ``__all__``; every other module is
internal and may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "Article",
    "Config",
    "Context",
    "Event",
    "Finding",
    "Judged",
    "Kind",
    "Merged",
    "Models",
    "NLIScores",
    "Pair",
    "Result",
    "Sentence",
    "Severity",
    "Span",
    "State",
    "__version__",
    "check",
    "load_config",
]

if TYPE_CHECKING:  # pragma: no cover
    from checker.api import Result, check, load_config
    from checker.config import Config
    from checker.records import Article, Event, Finding, Judged, Kind, Merged, NLIScores, Pair, Sentence, Severity, Span
    from checker.state import Context, Models, State

_WHERE = {
    "Result": "checker.api",
    "check": "checker.api",
    "Config": "checker.config",
    "load_config": "checker.api",  # the API has every finding kind registered: their config sections validate
    "Context": "checker.state",
    "Models": "checker.state",
    "State": "checker.state",
    **{
        name: "checker.records"
        for name in (
            "Article",
            "Event",
            "Finding",
            "Judged",
            "Kind",
            "Merged",
            "NLIScores",
            "Pair",
            "Sentence",
            "Severity",
            "Span",
        )
    },
}


def __getattr__(name: str) -> Any:
    """Import the public names lazily, so ``import checker`` stays fast (no torch until a run needs it)."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
