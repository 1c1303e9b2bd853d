"""Shared by the number and date rules: compare the matched facts of two sides and make at most one finding."""

from __future__ import annotations

import re
from itertools import combinations

from pydantic import Field

from checker.claims import SentenceClaims
from checker.config import KindSettings, finding_section
from checker.events import parse_date
from checker.facts import Fact, disagree, same_fact, value_unit
from checker.records import Finding, Judged, Merged, Severity
from checker.rules.base import RuleContext, make
from checker.text import stop_words


class FactSettings(KindSettings):
    """Settings the number and date kinds share: when two facts are the same fact, and how far apart values count."""

    match: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Least fact-match score (same thing, verb, actor, scope) for two values to be compared.",
    )
    unambiguous: float = Field(
        0.7,
        ge=0,
        le=1,
        description="Fact-match score at which a match is unambiguous (needed for high, and on dissimilar sentences).",
    )
    min_similarity: float = Field(
        0.45, ge=-1, le=1, description="Below this sentence similarity only unambiguous fact matches are compared."
    )
    high_similarity: float = Field(
        0.5, ge=-1, le=1, description="Least sentence similarity for a number or date finding to be high."
    )
    far_ratio: float = Field(
        1.5,
        ge=1,
        description="Values this factor apart are compared only on an unambiguous match of single sentences at least "
        "far_similarity alike (else they are two different quantities of one story).",
    )
    far_similarity: float = Field(
        0.75,
        ge=-1,
        le=1,
        description="Values a factor of two apart are compared only on an unambiguous match of sentences at least "
        "this similar.",
    )
    breakdown_ratio: float = Field(
        1.25,
        ge=1,
        description="Between independent reports, a figure set against the nearest value of a sentence that lists "
        "several of its kind is low when they are this factor apart (another part, or the total).",
    )
    same_article_match: float = Field(
        0.9,
        ge=0,
        le=1,
        description="Inside one article (a story mentions many days and counts), least fact-match score.",
    )
    same_article_similarity: float = Field(
        0.75, ge=-1, le=1, description="Inside one article, least sentence similarity for number and date checks."
    )


# how a number or date finding says what differs
FACT_EXPLAIN = "{a} and {b} state {what} differently: {reason}."

finding_section("facts", FactSettings, "Facts (the number and date kinds): matching and comparing values.")


def publication_gap_hours(j: Judged) -> float | None:
    """Hours from side a's article's publication to side b's, when both are known."""
    da, db = parse_date(j.pair.a.article.published), parse_date(j.pair.b.article.published)
    if da is None or db is None:
        return None
    return (db - da).total_seconds() / 3600


def candidate_matches(fa: list[Fact], fb: list[Fact], need: float) -> list[tuple[Fact, Fact, float]]:
    """Every pair of facts that may state the same thing, except facts the other side confirms: a fact with an
    agreeing counterpart ("$5.7 billion" / "$5.7 billion") is settled, whatever else the other sentence mentions."""
    scored = [(x, y, same_fact(x, y)) for x in fa for y in fb]
    scored = [(x, y, s) for x, y, s in scored if s >= need]
    settled_a = {id(x) for x, y, s in scored if disagree(x, y) is None}
    settled_b = {id(y) for x, y, s in scored if disagree(x, y) is None}
    return [(x, y, s) for x, y, s in scored if id(x) not in settled_a and id(y) not in settled_b]


NUMBER_TOTALS = frozenset({"count", "money", "percent"})
RELATIVE = re.compile(r"\b(?:last|next|ago|previous|earlier|later|this|coming|past)\b", re.IGNORECASE)


def _granularity(f: Fact) -> str:
    t = f.text.lower()
    if re.search(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", t):
        return "weekday"
    if re.fullmatch(r"(?:in\s+)?(?:19|20)\d\d", t.strip()):
        return "year"
    return "date" if re.search(r"\d", t) else "other"


def comparable_dates(x: Fact, y: Fact, similarity: float, score: float, unambiguous: float, min_sim: float) -> bool:
    """Dates of one happening stated two ways: an unambiguous match, alike sentences, the same kind of date
    (weekday, year, day of month), written differently, and neither relative ("last week", "next Tuesday": those
    usually date other happenings of the story)."""
    if score < unambiguous or similarity < min_sim:
        return False
    if RELATIVE.search(x.text) or RELATIVE.search(y.text):
        return False
    if _granularity(x) != _granularity(y) or _granularity(x) == "other":
        return False
    norm = [re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|[^\w]", "", f.text.lower()) for f in (x, y)]
    return norm[0] != norm[1]  # one date name read in two weeks or years is no conflict


# "the second time in a week", "met again", "another meeting": the story tells of several happenings of one kind
RECURRING = re.compile(
    r"\b(?:(?:second|third|fourth|fifth|another|latest|previous)\s+(?:\w+\s+)?"
    r"(?:time|meeting|call|round|session|visit|summit|talks?)|for the first time in)\b",
    re.IGNORECASE,
)


def recurring(text: str) -> bool:
    """The sentence speaks of one of several happenings of a kind ("the second time in a week")."""
    return RECURRING.search(text) is not None


def enumerates(facts: list[Fact], x: Fact) -> bool:
    """The sentence of ``x`` states other values of the same kind and unit ("$2.5 billion from one fund and $600
    million from another"): a breakdown, whose parts a single figure elsewhere may total or be one of."""
    return any(f is not x and f.kind == x.kind and value_unit(f) == value_unit(x) and f.value != x.value for f in facts)


def totals(x: Fact, facts: list[Fact]) -> bool:
    """``x``'s value is the sum of two or three other values of its kind and unit in ``facts`` ("379 people" /
    "367 passengers and 12 crew"): a total and its parts, which agree."""
    import checker.normalize as N

    if not isinstance(x.value, N.Value):
        return False
    parts = [
        f.value.nominal
        for f in facts
        if f is not x and f.kind == x.kind and value_unit(f) == value_unit(x) and isinstance(f.value, N.Value)
    ]
    total = x.value.nominal
    for r in (2, 3):
        for combo in combinations(parts, r):
            if total and abs(sum(combo) - total) <= 0.005 * abs(total):
                return True
    return False


# "all 379 passengers and crew", "12 students and teachers": one count over several groups
COORDINATED = re.compile(r"^\s*(?:[a-z-]+\s+){0,2}?([a-z-]+)\s+(?:and|&|plus)\s+([a-z-]+)", re.I)
# "five of the six crew", "two of its 15 members", "out of 150": the number after "of" is the group
PARTITIVE = re.compile(
    r"(?:\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands|"
    r"some|most|many|all|none|half|each)\s+|^\W*|\bout\s+)of\s+(?:the|its|their|his|her|our|all)?\s*$",
    re.I,
)


def coordinated(text: str, f: Fact) -> bool:
    """``f`` counts several groups at once ("379 passengers and crew"): a total, of which a count of one group
    ("367 passengers") is a part, not a rival figure. Both conjuncts must be content words ("women and could cost"
    is no group)."""
    STOP_WORDS = stop_words()

    m = COORDINATED.match(text[f.span.end :])
    return m is not None and not ({m.group(1).lower(), m.group(2).lower()} & STOP_WORDS)


def partitive_whole(text: str, f: Fact) -> bool:
    """``f`` is the whole of a partitive ("five of the six crew": the six): the group, not the count that the
    sentence's verb says something of."""
    return PARTITIVE.search(text[: f.span.start]) is not None


def total_and_part(x: Fact, tx: str, y: Fact, ty: str) -> bool:
    """One side counts several groups together and its figure is at least the other's: a total and a part."""
    import checker.normalize as N

    if not (isinstance(x.value, N.Value) and isinstance(y.value, N.Value)):
        return False
    cx, cy = coordinated(tx, x), coordinated(ty, y)
    if cx == cy:
        return False
    total, part = (x.value, y.value) if cx else (y.value, x.value)
    return total.nominal >= part.nominal


def generic(f: Fact) -> bool:
    """A fact whose verb says little ("be", "have", "include"): only its noun tells what is counted."""
    from checker.facts import GENERIC_PREDICATES, predicate_group

    return not f.predicate or predicate_group(f.predicate) in GENERIC_PREDICATES


def _age_bound(text: str, f: Fact) -> bool:
    """ "adults over 21", "people under 18": an age limit, said loosely either way."""
    return (
        re.search(
            r"\b(?:adults?|people|anyone|those|children|kids|persons?|voters?)\s*$", text[: f.span.start], re.IGNORECASE
        )
        is not None
    )


def _not_a_hedge(text: str, f: Fact) -> bool:
    return re.search(r"\b(?:anything|nothing|no)\s*$", text[: f.span.start]) is not None


def nearest_values(matches: list[tuple[Fact, Fact, float]]) -> list[tuple[Fact, Fact, float]]:
    """For each fact, only its candidates whose value is nearest: "$3.5 billion" is set against "$3.6 billion", not
    against the "$2.5 billion" of another fund in the same sentence."""
    import checker.normalize as N

    def gap(x: Fact, y: Fact) -> float:
        if isinstance(x.value, N.Value) and isinstance(y.value, N.Value):
            return N.ratio(x.value, y.value)
        return 1.0

    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for x, y, _ in matches:
        g = gap(x, y)
        best_a[id(x)] = min(best_a.get(id(x), g), g)
        best_b[id(y)] = min(best_b.get(id(y), g), g)
    return [(x, y, s) for x, y, s in matches if gap(x, y) <= best_a[id(x)] and gap(x, y) <= best_b[id(y)]]


def far_apart(x: Fact, y: Fact, factor: float = 2.0) -> bool:
    """Values ``factor`` or more apart."""
    import checker.normalize as N

    if isinstance(x.value, N.Value) and isinstance(y.value, N.Value):
        return N.ratio(x.value, y.value) >= factor
    return False


def _unrelated(
    x: Fact,
    y: Fact,
    score: float,
    reason: str,
    j: Judged,
    fa: list[Fact],
    fb: list[Fact],
    cfg: FactSettings,
    date_min_similarity: float,
) -> bool:
    """Two values that only look like one fact stated twice: a total and its parts, a part and its whole, two sums
    of one story, dates of other happenings, no bound, nouns that disagree under a verb that says little."""
    p = j.pair
    if x.kind in NUMBER_TOTALS and (totals(x, fb) or totals(y, fa)):
        return True  # "all 379 aboard" / "all 367 passengers and 12 crew"
    if x.kind == "count" and (
        total_and_part(x, p.a.text, y, p.b.text) or partitive_whole(p.a.text, x) or partitive_whole(p.b.text, y)
    ):
        return True  # "all 379 passengers and crew" / "367 passengers"; "five of the six crew" / "five crew"
    merged = isinstance(p.a, Merged) or isinstance(p.b, Merged)
    if far_apart(x, y, cfg.far_ratio) and (merged or score < cfg.unambiguous or p.similarity < cfg.far_similarity):
        return True  # "$3.5 billion" / "$2.5 billion" in two loosely matched sentences: two different sums
    if x.kind in ("date", "time") and not comparable_dates(
        x, y, p.similarity, score, cfg.unambiguous, date_min_similarity
    ):
        return True
    if x.kind in ("date", "time") and (recurring(p.a.text) or recurring(p.b.text)):
        return True  # "met Sunday ... for the first time in weeks" / "Thursday's meeting, the second in a week"
    if "qualifier" in reason and (_not_a_hedge(p.a.text, x) or _not_a_hedge(p.b.text, y)):
        return True  # "anything less than $5.7 billion" states no bound
    # "800,000 Americans are ..." / "700,000 Dreamers": with no telling verb, the nouns must agree
    return x.kind == "count" and x.noun != y.noun and (generic(x) or generic(y))


def _severity(
    sev: Severity,
    x: Fact,
    y: Fact,
    score: float,
    reason: str,
    j: Judged,
    fa: list[Fact],
    fb: list[Fact],
    ctx: RuleContext,
) -> Severity:
    """The severity ``disagree`` hinted, lowered where the values are given loosely, the match is not sure, one
    writer hedges in one place only, or a figure is set against a breakdown of several."""
    p, cfg = j.pair, ctx.settings(FactSettings)
    within = p.same_article
    if (
        (x.kind in ("duration", "age") or _age_bound(p.a.text, x) or _age_bound(p.b.text, y))
        and sev is Severity.MEDIUM
        and "qualifier" in reason
    ):
        sev = Severity.LOW  # "a two-year inquiry" / "more than two years", "over 21": given loosely
    if sev is Severity.HIGH and (score < cfg.unambiguous or p.similarity < cfg.high_similarity):
        sev = Severity.MEDIUM  # a high finding needs an unambiguous match on comparable sentences
    if within and sev is Severity.MEDIUM and ("qualifier" in reason or "bound" in reason):
        sev = Severity.LOW  # one writer hedging a figure in one place and not another (a caption, the body)
    independent = not within and not ctx.copied(p.a.article.id, p.b.article.id)
    if (
        independent
        and sev.at_least(Severity.MEDIUM)
        and (enumerates(fa, x) or enumerates(fb, y))
        and far_apart(x, y, cfg.breakdown_ratio)
    ):
        # Independent reports state many quantities of one story: against a breakdown of several values ("$2.5
        # billion from one fund and $600 million from another") a single figure is set against its nearest
        # part; when even that is far off, it is another part or the total, not a changed value.
        sev = Severity.LOW
    return sev


def fact_finding(
    kind: str,
    kinds: frozenset[str],
    j: Judged,
    ca: SentenceClaims,
    cb: SentenceClaims,
    ctx: RuleContext,
    date_min_similarity: float = 1.0,
) -> Finding | None:
    """The most serious disagreement between facts of ``kinds`` that both sides state of the same thing (dates and
    times only on sentences at least ``date_min_similarity`` alike)."""
    p, cfg = j.pair, ctx.settings(FactSettings)
    fa = [f for f in ca.facts if f.kind in kinds]
    fb = [f for f in cb.facts if f.kind in kinds]
    if not fa or not fb:
        return None
    within = p.same_article
    need = cfg.same_article_match if within else cfg.match
    if within and p.similarity < cfg.same_article_similarity:
        return None
    gap = None if within else publication_gap_hours(j)
    best: tuple[int, float, Fact, Fact, Severity, str] | None = None
    for x, y, score in nearest_values(candidate_matches(fa, fb, need)):
        if p.similarity < cfg.min_similarity and score < cfg.unambiguous:
            continue  # dissimilar sentences: only an unambiguous fact match counts
        got = disagree(x, y, gap, score, cfg.unambiguous)
        if got is None or _unrelated(x, y, score, got[1], j, fa, fb, cfg, date_min_similarity):
            continue
        sev = _severity(Severity(got[0]), x, y, score, got[1], j, fa, fb, ctx)
        cand = (sev.rank, -score, x, y, sev, got[1])
        if best is None or cand[:2] < best[:2]:
            best = cand
    if best is None:
        return None
    _, neg_score, x, y, sev, reason = best
    what = " ".join(w for w in (x.noun or x.kind, x.predicate) if w)
    expl = FACT_EXPLAIN.format(a=p.a.article.id, b=p.b.article.id, what=what, reason=reason)
    return make(kind, sev, max(p.similarity, -neg_score), j, expl, [x.span], [y.span])
