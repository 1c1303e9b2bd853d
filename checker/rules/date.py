"""Date: the same happening dated differently (day, weekday, month, year, clock time with its time zone).

Dates are resolved against each article's published date ("on Friday", "last year") and clock times converted to
UTC where the zone is known ("6pm EDT" is "2200 GMT"), so only a real difference counts; a date of one happening
("met on Thursday") is never compared with a date of another ("released on Friday"). One more check needs no fact
match: two alike sentences giving the same local time with different UTC equivalents ("6pm (0900 GMT)" / "6pm
(2100 GMT)") cannot both have converted it right.
"""

from __future__ import annotations

import checker.normalize as N
from checker.claims import SentenceClaims
from checker.records import Finding, Judged, Kind, Severity
from checker.rules.base import RuleContext, make, register
from checker.rules.facts import fact_finding

DATE_KINDS = frozenset({"date", "time"})


def _zoned(c: SentenceClaims) -> list:
    return [f for f in c.facts if f.kind == "time" and isinstance(f.value, N.ClockTime) and f.value.utc is not None]


def converted_differently(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext) -> Finding | None:
    """The same local clock time on both sides, converted to UTC an hour or more apart."""
    p = j.pair
    if p.same_article or p.similarity < ctx.cfg.date_min_similarity:
        return None
    for x in _zoned(ca):
        for y in _zoned(cb):
            vx, vy = x.value, y.value
            local = abs((vy.minutes - vx.minutes + 720) % 1440 - 720)
            apart = abs((vy.utc - vx.utc + 720) % 1440 - 720)
            if local <= 30 and apart >= 60:
                return make(
                    Kind.DATE,
                    Severity.MEDIUM,
                    p.similarity,
                    j,
                    f"{p.a.article.id} and {p.b.article.id} give the same local time in UTC {apart} minutes apart: "
                    f"“{x.text}” vs “{y.text}”.",
                    [x.span],
                    [y.span],
                )
    return None


@register(Kind.DATE, order=40)
def date(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    return fact_finding(Kind.DATE, DATE_KINDS, j, ca, cb, ctx) or converted_differently(j, ca, cb, ctx)
