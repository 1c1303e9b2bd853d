"""Date: the same kind of date (weekday, day, year, time) with a different value."""

from __future__ import annotations

from checker.claims import SentenceClaims
from checker.records import Finding, Judged, Kind, Severity
from checker.rules import RuleContext, make, register


@register(Kind.DATE, order=40)
def date(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    p, cfg = j.pair, ctx.cfg
    if p.similarity < cfg.min_similarity:
        return None
    for da in ca.dates:
        if da.kind == "relative":
            continue
        same_kind = [db for db in cb.dates if db.kind == da.kind]
        if not same_kind or any(db.value == da.value for db in same_kind):
            continue
        db = same_kind[0]
        if (
            da.kind in ("monthday", "month")
            and ("-" in da.value) != ("-" in db.value)
            and da.value[-5:] == db.value[-5:]
        ):
            continue  # "Nov. 16" vs "Nov. 16, 2023"
        sev = Severity.HIGH if p.similarity >= cfg.claim_high_similarity else Severity.MEDIUM
        ta, tb = p.a.text[da.span.start : da.span.end], p.b.text[db.span.start : db.span.end]
        return make(
            Kind.DATE,
            sev,
            p.similarity,
            j,
            f"{p.a.article.id} says {ta}; {p.b.article.id} says {tb}.",
            [da.span],
            [db.span],
        )
    return None
