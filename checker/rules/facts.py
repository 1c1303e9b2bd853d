"""Shared by the number and date rules: compare the matched facts of two sides and make at most one finding."""

from __future__ import annotations

from checker.claims import SentenceClaims
from checker.events import parse_date
from checker.facts import Fact, disagree, same_fact
from checker.records import Finding, Judged, Kind, Severity
from checker.rules import RuleContext, make


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


def far_apart(x: Fact, y: Fact) -> bool:
    """Values a factor of two or more apart."""
    import checker.normalize as N

    if isinstance(x.value, N.Value) and isinstance(y.value, N.Value):
        return N.ratio(x.value, y.value) >= 2
    return False


def fact_finding(
    kind: Kind, kinds: frozenset[str], j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext
) -> Finding | None:
    """The most serious disagreement between facts of ``kinds`` that both sides state of the same thing."""
    p, cfg = j.pair, ctx.cfg
    fa = [f for f in ca.facts if f.kind in kinds]
    fb = [f for f in cb.facts if f.kind in kinds]
    if not fa or not fb:
        return None
    within = p.same_article
    need = cfg.fact_same_article_match if within else cfg.fact_match
    if within and p.similarity < cfg.fact_same_article_similarity:
        return None
    gap = None if within else publication_gap_hours(j)
    best: tuple[int, float, Fact, Fact, Severity, str] | None = None
    for x, y, score in candidate_matches(fa, fb, need):
        if p.similarity < cfg.fact_min_similarity and score < cfg.fact_unambiguous:
            continue  # dissimilar sentences: only an unambiguous fact match counts
        got = disagree(x, y, gap, score)
        if got is None:
            continue
        if far_apart(x, y) and (score < cfg.fact_unambiguous or p.similarity < cfg.fact_far_similarity):
            continue  # "$3.5 billion" / "$200 million" in two loosely matched sentences: two different sums
        if x.kind in ("date", "time") and (score < cfg.fact_unambiguous or x.text.lower() == y.text.lower()):
            continue  # a date needs an unambiguous match; one weekday name read in two weeks is no conflict
        sev = Severity(got[0])
        if sev is Severity.HIGH and (score < cfg.fact_unambiguous or p.similarity < cfg.fact_high_similarity):
            sev = Severity.MEDIUM  # a high finding needs an unambiguous match on comparable sentences
        cand = (sev.rank, -score, x, y, sev, got[1])
        if best is None or cand[:2] < best[:2]:
            best = cand
    if best is None:
        return None
    _, neg_score, x, y, sev, reason = best
    what = " ".join(w for w in (x.noun or x.kind, x.predicate) if w)
    expl = f"{p.a.article.id} and {p.b.article.id} state {what} differently: {reason}."
    return make(kind, sev, max(p.similarity, -neg_score), j, expl, [x.span], [y.span])
