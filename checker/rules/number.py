"""Number: the same fact (same thing counted, same verb, same actor and scope) stated with different values.

Facts come from the parse (:mod:`checker.facts`); values are normalised (:mod:`checker.normalize`): number words,
hedges, ranges and durations compare as intervals, so "eleven" is 11 and "at least 15" is not "17"'s rival. A change
by a factor of 2 or more is a conflict whatever the hedge; a dropped bound ("more than 20" / "20") is medium; a
dropped approximation ("about") and rounding are not conflicts. Its settings are the section ``findings.facts``,
shared with the date kind (:mod:`checker.rules.facts`).
"""

from __future__ import annotations

from checker.claims import SentenceClaims
from checker.records import Finding, Judged
from checker.rules.base import RuleContext, register
from checker.rules.facts import FACT_EXPLAIN, fact_finding

NUMBER_KINDS = frozenset({"count", "money", "percent", "duration", "age", "ordinal", "tally"})


@register(
    "number",
    order=30,
    legend="A number differs (or a hedge such as “about” is dropped).",
    explain=FACT_EXPLAIN,
)
def number(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    return fact_finding("number", NUMBER_KINDS, j, ca, cb, ctx)
