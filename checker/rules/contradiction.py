"""Contradiction: the NLI model reads the two sides as contradicting each other.

High needs a contradiction of at least ``findings.contradiction.high`` on a pair at least
``findings.contradiction.high_similarity`` similar *and* a claim-level finding on the same pair: the small offline
NLI model alone is not enough to say two sentences cannot both be true (alone it is medium).
"""

from __future__ import annotations

from pydantic import Field

from checker.claims import SentenceClaims
from checker.config import KindSettings
from checker.records import Finding, Judged, Severity
from checker.rules.base import Gate, RuleContext, make, register, spec
from checker.text import contained


class ContradictionSettings(KindSettings):
    threshold: float = Field(0.5, ge=0, le=1, description="Least mean NLI contradiction probability reported.")
    high: float = Field(0.85, ge=0, le=1, description="NLI contradiction for high (needs claim-level backing).")
    medium: float = Field(0.65, ge=0, le=1, description="NLI contradiction for medium.")
    alone_excerpt: float = Field(
        0.95,
        ge=0,
        le=1,
        description="An NLI contradiction no claim backs, where this share of the shorter sentence's words stand in "
        "the other in order (an excerpt), is low.",
    )
    alone_medium: float = Field(
        0.8,
        ge=0,
        le=1,
        description="An NLI contradiction no claim backs is medium only from this probability (the offline model is "
        "weak).",
    )
    high_similarity: float = Field(0.6, ge=-1, le=1, description="Least similarity for an NLI finding to be high.")


@register(
    "contradiction",
    order=100,
    legend="",  # its explanation says it in words already
    explain="The NLI model reads these as contradicting each other (contradiction {c:.2f}: "
    "{a} -> {b} {ab:.2f}, {b} -> {a} {ba:.2f}).",
    settings=ContradictionSettings,
    settings_doc="The NLI model's contradiction.",
    gate=Gate("threshold", "contradiction"),
)
def contradiction(
    j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]
) -> Finding | None:
    cfg, p = ctx.settings(ContradictionSettings), j.pair
    c = j.contradiction
    if c < cfg.threshold:
        return None
    if c >= cfg.high and p.similarity >= cfg.high_similarity:
        sev = Severity.HIGH
    else:
        sev = Severity.MEDIUM if c >= cfg.medium else Severity.LOW
    expl = spec("contradiction").explanation(
        c=c, a=p.a.article.id, b=p.b.article.id, ab=j.ab.contradiction, ba=j.ba.contradiction
    )
    found = [f for f in found if f.severity.at_least(Severity.MEDIUM)]  # backing is a claim worth reporting
    if sev is Severity.HIGH and not found:
        sev = Severity.MEDIUM
        expl += " No claim-level difference backs it, so it is not rated high."
    if not found and sev is not Severity.LOW:
        if contained(p.a.text, p.b.text) >= cfg.alone_excerpt:
            sev = Severity.LOW
            expl += " One is an excerpt of the other and no claim differs, so it is rated low."
        elif c < cfg.alone_medium:
            sev = Severity.LOW
    return make("contradiction", sev, c, j, expl)
