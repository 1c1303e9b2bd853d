"""Contradiction: the NLI model reads the two sides as contradicting each other.

High needs a contradiction of at least ``findings.high`` on a pair at least ``findings.nli_high_similarity`` similar
*and* a claim-level finding on the same pair: the small offline NLI model alone is not enough to say two sentences
cannot both be true (alone it is medium).
"""

from __future__ import annotations

from checker.claims import SentenceClaims
from checker.records import Finding, Judged, Kind, Severity
from checker.rules.base import RuleContext, make, register
from checker.text import contained


@register(Kind.CONTRADICTION, order=100)
def contradiction(
    j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]
) -> Finding | None:
    cfg, p = ctx.cfg, j.pair
    c = j.contradiction
    if c < cfg.contradiction:
        return None
    if c >= cfg.high and p.similarity >= cfg.nli_high_similarity:
        sev = Severity.HIGH
    else:
        sev = Severity.MEDIUM if c >= cfg.medium else Severity.LOW
    expl = (
        f"The NLI model reads these as contradicting each other (contradiction {c:.2f}: "
        f"{p.a.article.id} -> {p.b.article.id} {j.ab.contradiction:.2f}, "
        f"{p.b.article.id} -> {p.a.article.id} {j.ba.contradiction:.2f})."
    )
    found = [f for f in found if f.severity.at_least(Severity.MEDIUM)]  # backing is a claim worth reporting
    if sev is Severity.HIGH and not found:
        sev = Severity.MEDIUM
        expl += " No claim-level difference backs it, so it is not rated high."
    if not found and sev is not Severity.LOW:
        if contained(p.a.text, p.b.text) >= cfg.nli_alone_excerpt:
            sev = Severity.LOW
            expl += " One is an excerpt of the other and no claim differs, so it is rated low."
        elif c < cfg.nli_alone_medium:
            sev = Severity.LOW
    return make(Kind.CONTRADICTION, sev, c, j, expl)
