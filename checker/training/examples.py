"""The NLI example record that the training data loaders and the synthetic pair generator share.

It lives apart from :mod:`checker.training.data` so that :mod:`checker.training.synth` can build examples without
importing the loaders, which call the generator for the ``synthetic-dev`` set (no import cycle between the two).
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_ENTAILED = "not_entailment"


@dataclass(frozen=True)
class NLIExample:
    premise: str
    hypothesis: str
    label: str  # one of LABELS; for two-way rows "entailment" or NOT_ENTAILED
    source: str
    two_way: bool = False
