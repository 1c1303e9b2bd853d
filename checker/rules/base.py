"""The kind registry (spaCy's factory idea): what a rule module imports to register its kind.

A finding kind is one module: it calls :func:`register` with its name, its rule, its words for the report (a label,
a legend line, an explanation template) and its own settings (a :class:`~checker.config.KindSettings` model, which
becomes the section ``findings.<kind>`` of the config). Nothing else names the kind: :mod:`checker.rules` imports
every module of the package, the report reads the words from :data:`KINDS`, ``checker calibrate`` its gate.

A rule looks at one judged pair and the claims of its two sides and returns at most one :class:`Finding`, made with
its final severity. Rules run in ``order``; each sees the findings of the rules before it on the same pair (the
NLI contradiction rule runs last, because NLI alone never rates a finding high).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from checker.claims import Aliases, SentenceClaims, learn_aliases
from checker.config import FindingsConfig, KindSettings, finding_section
from checker.records import Finding, Judged, Kind, Severity, Span

S = TypeVar("S", bound=KindSettings)


@dataclass(frozen=True)
class RuleContext:
    """What every rule may read besides the pair: the thresholds and the names known to be aliases."""

    cfg: FindingsConfig = field(default_factory=lambda: FindingsConfig())
    aliases: Aliases = field(default_factory=lambda: learn_aliases([]))
    copies: frozenset[frozenset[str]] = frozenset()  # article pairs that copy one another (wire and rewrite)

    def copied(self, a: str, b: str) -> bool:
        """True when articles ``a`` and ``b`` are near-copies of each other."""
        return frozenset((a, b)) in self.copies

    def settings(self, model: type[S]) -> S:
        """The settings section of ``model`` (``findings.<kind>``) in this run's config."""
        return self.cfg.section(model)


Rule = Callable[[Judged, SentenceClaims, SentenceClaims, RuleContext, list[Finding]], "Finding | None"]


@dataclass(frozen=True)
class Gate:
    """A setting of the kind's section that floors one value of its findings (``checker calibrate`` fits it):
    a finding of the kind is raised only when ``value`` ("similarity", "contradiction") is at least ``setting``."""

    setting: str
    value: str


@dataclass(frozen=True)
class Registered:
    """One finding kind: its rule and everything the report and the config need to know of it."""

    kind: Kind
    order: int
    fn: Rule
    legend: str = ""  # one line: what a finding of this kind means (the card's first line, the report's legend)
    explain: str = ""  # the explanation template (str.format fields), for rules that word their finding one way
    label: str = ""  # the kind's name as the report shows it (default: the kind's name)
    settings: type[KindSettings] | None = None
    gate: Gate | None = None

    @property
    def shown(self) -> str:
        return self.label or self.kind.value

    def explanation(self, **fields: object) -> str:
        """The explanation template filled in."""
        return self.explain.format(**fields)


KINDS: dict[Kind, Registered] = {}
RULES = KINDS  # the older name


def register(
    kind: str,
    order: int = 50,
    *,
    legend: str = "",
    explain: str = "",
    label: str = "",
    settings: type[KindSettings] | None = None,
    settings_doc: str = "",
    gate: Gate | None = None,
) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the rule of the finding kind ``kind`` (lower ``order`` runs first), with its words for the
    report and its settings model (the config section ``findings.<kind>``, described by ``settings_doc``)."""
    k = Kind(kind)
    if settings is not None:
        finding_section(k.value, settings, settings_doc or f"Settings of the {k.value} findings.")
    if gate is not None and (settings is None or gate.setting not in settings.model_fields):
        raise ValueError(f"{k}: its gate {gate.setting!r} is not one of its settings")

    def deco(fn: Rule) -> Rule:
        if k in KINDS and KINDS[k].fn is not fn:
            raise ValueError(f"finding kind {k!r} is registered twice")
        KINDS[k] = Registered(k, order, fn, legend, explain, label, settings, gate)
        return fn

    return deco


def spec(kind: str) -> Registered:
    """The registration of ``kind`` (KeyError when no module registers it)."""
    return KINDS[Kind(kind)]


def ordered() -> list[Registered]:
    return sorted(KINDS.values(), key=lambda r: (r.order, r.kind.value))


def make(
    kind: str,
    severity: Severity,
    score: float,
    j: Judged,
    explanation: str,
    evidence_a: list[Span] | tuple[Span, ...] = (),
    evidence_b: list[Span] | tuple[Span, ...] = (),
) -> Finding:
    """A finding of ``kind`` on ``j`` (the one constructor rules use)."""
    return Finding(Kind(kind), severity, float(score), j, explanation, tuple(evidence_a), tuple(evidence_b))
