"""Date: the same happening dated differently (day, weekday, month, year, clock time with its time zone).

Dates are resolved against each article's published date ("on Friday", "last year") and clock times converted to
UTC where the zone is known ("6pm EDT" is "2200 GMT"), so only a real difference counts; a date of one happening
("met on Thursday") is never compared with a date of another ("released on Friday").
"""

from __future__ import annotations

from checker.claims import SentenceClaims
from checker.records import Finding, Judged, Kind
from checker.rules import RuleContext, register
from checker.rules.facts import fact_finding

DATE_KINDS = frozenset({"date", "time"})


@register(Kind.DATE, order=40)
def date(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    return fact_finding(Kind.DATE, DATE_KINDS, j, ca, cb, ctx)
