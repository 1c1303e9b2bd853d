"""Date: the same happening dated differently (day, weekday, month, year, clock time with its time zone).

Dates are resolved against each article's published date ("on Friday", "last year") and clock times converted to
UTC where the zone is known ("6pm EDT" is "2200 GMT"), so only a real difference counts; a date of one happening
("met on Thursday") is never compared with a date of another ("released on Friday"). One more check needs no fact
match: two alike sentences giving the same local time with different UTC equivalents ("6pm (0900 GMT)" / "6pm
(2100 GMT)") cannot both have converted it right.
"""

from __future__ import annotations

from pydantic import Field

import checker.normalize as N
from checker.claims import SentenceClaims
from checker.config import KindSettings
from checker.records import Finding, Judged, Severity
from checker.rules.base import RuleContext, make, register, spec
from checker.rules.facts import fact_finding

DATE_KINDS = frozenset({"date", "time"})


class DateSettings(KindSettings):
    min_similarity: float = Field(
        0.55, ge=-1, le=1, description="Least sentence similarity for a date finding (a story dates many happenings)."
    )


def _zoned(c: SentenceClaims) -> list:
    return [f for f in c.facts if f.kind == "time" and isinstance(f.value, N.ClockTime) and f.value.utc is not None]


def converted_differently(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext) -> Finding | None:
    """The same local clock time on both sides, converted to UTC an hour or more apart."""
    p = j.pair
    if p.same_article or p.similarity < ctx.settings(DateSettings).min_similarity:
        return None
    for x in _zoned(ca):
        for y in _zoned(cb):
            vx, vy = x.value, y.value
            local = abs((vy.minutes - vx.minutes + 720) % 1440 - 720)
            apart = abs((vy.utc - vx.utc + 720) % 1440 - 720)
            if local <= 30 and apart >= 60:
                return make(
                    "date",
                    Severity.MEDIUM,
                    p.similarity,
                    j,
                    spec("date").explanation(a=p.a.article.id, b=p.b.article.id, apart=apart, x=x.text, y=y.text),
                    [x.span],
                    [y.span],
                )
    return None


@register(
    "date",
    order=40,
    legend="A day, date or time differs.",
    explain="{a} and {b} give the same local time in UTC {apart} minutes apart: “{x}” vs “{y}”.",
    settings=DateSettings,
    settings_doc="A date of the same happening (with the shared section findings.facts).",
)
def date(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    least = ctx.settings(DateSettings).min_similarity
    return fact_finding("date", DATE_KINDS, j, ca, cb, ctx, least) or converted_differently(j, ca, cb, ctx)
