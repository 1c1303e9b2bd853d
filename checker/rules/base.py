"""The rule registry (spaCy's factory idea): what a rule module imports to register itself.

A rule looks at one judged pair and the claims of its two sides and returns at most one :class:`Finding`, made with
its final severity. Rules run in ``order``; each sees the findings of the rules before it on the same pair (the
NLI contradiction rule runs last, because NLI alone never rates a finding high). A new kind is one new module that
calls :func:`register`; :mod:`checker.rules` finds and imports every module of the package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from checker.claims import Aliases, SentenceClaims, learn_aliases
from checker.config import FindingsConfig
from checker.records import Finding, Judged, Kind, Severity, Span


@dataclass(frozen=True)
class RuleContext:
    """What every rule may read besides the pair: the thresholds and the names known to be aliases."""

    cfg: FindingsConfig = field(default_factory=lambda: FindingsConfig())
    aliases: Aliases = field(default_factory=lambda: learn_aliases([]))
    copies: frozenset[frozenset[str]] = frozenset()  # article pairs that copy one another (wire and rewrite)

    def copied(self, a: str, b: str) -> bool:
        """True when articles ``a`` and ``b`` are near-copies of each other."""
        return frozenset((a, b)) in self.copies


Rule = Callable[[Judged, SentenceClaims, SentenceClaims, RuleContext, list[Finding]], "Finding | None"]


@dataclass(frozen=True)
class Registered:
    kind: Kind
    order: int
    fn: Rule


RULES: dict[Kind, Registered] = {}


def register(kind: Kind, order: int = 50) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the rule for ``kind``; lower ``order`` runs first."""

    def deco(fn: Rule) -> Rule:
        RULES[kind] = Registered(kind, order, fn)
        return fn

    return deco


def ordered() -> list[Registered]:
    return sorted(RULES.values(), key=lambda r: (r.order, r.kind.value))


def make(
    kind: Kind,
    severity: Severity,
    score: float,
    j: Judged,
    explanation: str,
    evidence_a: list[Span] | tuple[Span, ...] = (),
    evidence_b: list[Span] | tuple[Span, ...] = (),
) -> Finding:
    """A finding of ``kind`` on ``j`` (the one constructor rules use)."""
    return Finding(kind, severity, float(score), j, explanation, tuple(evidence_a), tuple(evidence_b))
