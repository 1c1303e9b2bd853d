"""Number: the same kind of quantity with a different value, or a hedge dropped."""

from __future__ import annotations

from checker.claims import Quantity, SentenceClaims
from checker.records import Finding, Judged, Kind, Severity
from checker.rules import RuleContext, make, register


def close(x: float, y: float, tol: float) -> bool:
    """True when ``x`` and ``y`` differ by at most ``tol`` of the larger."""
    return abs(x - y) <= tol * max(abs(x), abs(y), 1e-9)


@register(Kind.NUMBER, order=30)
def number(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    p, cfg = j.pair, ctx.cfg
    if p.similarity < cfg.min_similarity:
        return None
    best: tuple[int, Quantity, Quantity, Severity, str] | None = None
    for qa in ca.quantities:
        if not qa.unit:
            continue
        same_unit = [qb for qb in cb.quantities if qb.unit == qa.unit and qb.ordinal == qa.ordinal]
        if not same_unit or any(qb.value == qa.value and bool(qb.hedge) == bool(qa.hedge) for qb in same_unit):
            continue
        qb = min(same_unit, key=lambda q: abs(q.value - qa.value))
        if qb.value == qa.value:
            sev, what = Severity.MEDIUM, "a hedge turned into certainty"
        elif qa.hedge or qb.hedge:
            sev, what = (
                (Severity.LOW, "hedged and close")
                if close(qa.value, qb.value, cfg.hedge_tolerance)
                else (Severity.MEDIUM, "hedged")
            )
        else:
            sev = Severity.HIGH if p.similarity >= cfg.claim_high_similarity else Severity.MEDIUM
            what = "different values"
        if best is None or sev.rank < best[0]:
            best = (sev.rank, qa, qb, sev, what)
    if best is None:
        return None
    _, qa, qb, sev, what = best
    ta, tb = p.a.text[qa.span.start : qa.span.end], p.b.text[qb.span.start : qb.span.end]
    return make(
        Kind.NUMBER,
        sev,
        p.similarity,
        j,
        f"{p.a.article.id} says “{ta}”; {p.b.article.id} says “{tb}” ({what}).",
        [qa.span],
        [qb.span],
    )
