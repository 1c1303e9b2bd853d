"""Polarity: opposite stances on the same point: opposed predicates, or a negation added or dropped."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import Field

from checker.claims import SentenceClaims, opposed
from checker.claims.polarity import NEGATION
from checker.config import KindSettings
from checker.records import Finding, Judged, Pair, Severity
from checker.rules.base import RuleContext, make, register
from checker.text import overlaps, tokens

ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}


class PolaritySettings(KindSettings):
    within_similarity: float = Field(
        0.8, ge=-1, le=1, description="Inside one article, least similarity for opposite stances to be more than low."
    )
    negation_similarity: float = Field(
        0.8, ge=-1, le=1, description="Least similarity for an added/dropped negation check."
    )
    negation_word_overlap: float = Field(
        0.6, ge=0, le=1, description="Least word-sequence match ratio for a negation check."
    )
    negation_same_words: float = Field(
        0.85,
        ge=0,
        le=1,
        description="Where both sides negate, one once more, least word-sequence match ratio of the two with their "
        "negations left out for the extra negation to be a finding (medium).",
    )
    medium_similarity: float = Field(
        0.8, ge=-1, le=1, description="Least similarity for opposite stances to be medium (below: low)."
    )
    same_point_similarity: float = Field(
        0.5,
        ge=-1,
        le=1,
        description="Least similarity for opposite stances to be medium when all the object words of one side's "
        "stance are on the other side too (the same point, worded with an opposite verb).",
    )
    high_similarity: float = Field(
        0.85, ge=-1, le=1, description="Least similarity (or 2 shared object words) for a polarity finding to be high."
    )


def _actor(text: str, claims: SentenceClaims, before: int) -> str | None:
    """The last word of the nearest person, body or country named before ``before`` (who takes the stance)."""
    starts = [m.end() for m in re.finditer(r"[.!?][\"”’)]?\s+", text[:before])]
    begin = starts[-1] if starts else 0  # a merged side is two sentences: the stance's own one counts
    named = [
        e
        for e in claims.entities
        if e.label in ACTOR_LABELS and begin <= e.start and e.end <= before and text[e.start : e.end].split()
    ]
    if not named:
        return None
    e = max(named, key=lambda e: e.end)
    return text[e.start : e.end].lower().replace("’s", "").replace("'s", "").split()[-1]


def different_actors(
    ta: str, ca: SentenceClaims, at_a: int, tb: str, cb: SentenceClaims, at_b: int, ctx: RuleContext
) -> bool:
    """True when both sentences name who takes the stance (the nearest name before the predicate) and those two
    are not one ("Obama ... supports" / "an organisation that opposes", however many names each sentence has)."""
    xa, xb = _actor(ta, ca, at_a), _actor(tb, cb, at_b)
    if xa is None or xb is None or xa == xb:
        return False
    return not ctx.aliases.same(xa, xb)


def _both_sides_say_both(hit: tuple, ca: SentenceClaims, cb: SentenceClaims) -> bool:
    """Each sentence states both of the opposed predicates (of different people or things)."""
    x, y = hit
    want = {(x.family, x.positive), (y.family, y.positive)}
    return want <= {(h.family, h.positive) for h in ca.polarity} and want <= {
        (h.family, h.positive) for h in cb.polarity
    }


# Words that say a claim is not established ("apparently", "allegedly") and words that assert it outright
HEDGE = re.compile(
    r"(?:apparently|reportedly|allegedly|possibly|probably|likely|seemingly|presumably|purportedly|supposedly|"
    r"alleged|suspected|reported|unconfirmed|perhaps|maybe)",
    re.I,
)


CERTAIN = re.compile(r"\b(?:obviously|clearly|certainly|definitely|undoubtedly|evidently|surely)\b", re.I)
REPORTED = re.compile(r"\b(?:said|says|told|according|reported|reports|claimed|believed|thought)\b", re.I)


Tokens = list[tuple[str, int, int]]
WordDiff = tuple[Tokens, Tokens, list[tuple[Any, int, int, int, int]]]


def word_diff(p: Pair, cfg: PolaritySettings) -> WordDiff | None:
    """Both sides' tokens and their word-by-word edit operations, when the two sentences are alike enough
    (``negation_similarity``, ``negation_word_overlap``) for a one- or two-word change to be the whole difference;
    computed once a pair for the hedge and the negation checks."""
    if p.similarity < cfg.negation_similarity:
        return None
    ta, tb = tokens(p.a.text), tokens(p.b.text)
    sm = difflib.SequenceMatcher(a=[t[0] for t in ta], b=[t[0] for t in tb], autojunk=False)
    if sm.ratio() < cfg.negation_word_overlap:
        return None
    return ta, tb, list(sm.get_opcodes())


def hedge_dropped(p: Pair, diff: WordDiff | None) -> tuple[str, str, str] | None:
    """The hedge one side puts on a claim that the other, otherwise in the same words, states without it or as
    certain ("apparently were not wearing" / "obviously not wearing"): (hedged side, its hedge, the other's word)."""
    if p.same_article or diff is None:
        return None
    ta, tb, ops = diff
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        wa, wb = [t[0] for t in ta[i1:i2]], [t[0] for t in tb[j1:j2]]
        if len(wa) > 2 or len(wb) > 2:
            continue  # a longer change is rewording, not a dropped hedge
        ha = [w for w in wa if HEDGE.fullmatch(w)]
        hb = [w for w in wb if HEDGE.fullmatch(w)]
        if bool(ha) == bool(hb):
            continue
        side, hedge, plain = ("a", ha[0], p.b.text) if ha else ("b", hb[0], p.a.text)
        hedged = p.a.text if side == "a" else p.b.text
        if REPORTED.search(plain) and not REPORTED.search(hedged):
            return None  # "it is being told that ...": the other side hedges in other words
        sure = CERTAIN.search(plain)
        return side, hedge, sure.group(0) if sure else ""
    return None


WISH = re.compile(r"\b(?:I|we|they|he|she)\s+(?:hopes?|wish(?:es)?)\s+(?:that\s+)?(?P<rest>(?:\w+[\s-]+){4}\w+)", re.I)


def wish_stated(p: Pair, cfg: PolaritySettings) -> tuple[str, str] | None:
    """One side wishes what the other, an alike sentence (``negation_similarity``), states in the same five words
    ("I hope the minister will continue to ..." / "The minister will continue to ..."): (the wishing side, its wish
    words)."""
    if p.same_article or p.similarity < cfg.negation_similarity:
        return None
    for side, text, other in (("a", p.a.text, p.b.text), ("b", p.b.text, p.a.text)):
        wishes = list(WISH.finditer(text))
        if not wishes or WISH.search(other):
            continue
        plain = " ".join(other.split()).lower()
        for m in wishes:
            if " ".join(m.group("rest").split()).lower() in plain:
                return side, m.group(0)[: m.start("rest") - m.start()].strip()
    return None


@register(
    "polarity",
    order=60,
    legend="Opposite stances on the same point, or a negation added or dropped.",
    settings=PolaritySettings,
    settings_doc="Opposite stances, a hedge or a negation added or dropped.",
)
def polarity(
    j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]
) -> Finding | None:
    p, cfg = j.pair, ctx.settings(PolaritySettings)
    hit = opposed(ca.polarity, cb.polarity)
    if hit and different_actors(p.a.text, ca, hit[0].span.start, p.b.text, cb, hit[1].span.start, ctx):
        hit = None  # "Obama supports it" / "Romney opposes it": two people's stances, not one contradicted
    if hit and _both_sides_say_both(hit, ca, cb):
        hit = None  # "11 drowned and 10 were rescued" on both sides: the same two outcomes, not one flipped
    if hit:
        x, y = hit
        shared = len(x.object_words & y.object_words)
        alike = min(p.similarity, p.unit.similarity)  # a merged side must not lend its neighbour's likeness
        if alike >= cfg.high_similarity and shared >= 2:
            sev = Severity.HIGH
        elif alike >= cfg.medium_similarity:
            sev = Severity.MEDIUM
        elif (
            shared >= 2
            and shared == min(len(x.object_words), len(y.object_words))
            and (alike >= cfg.same_point_similarity)
        ):
            sev = Severity.MEDIUM  # every word one side says the stance is about, the other says too: one point
        else:
            sev = Severity.LOW  # dissimilar sentences: probably stances on different things
        if p.same_article and p.similarity < cfg.within_similarity:
            sev = Severity.LOW  # one story reports many stances (then and now, one side and the other)
        ta, tb = p.a.text[x.span.start : x.span.end], p.b.text[y.span.start : y.span.end]
        return make(
            "polarity",
            sev,
            max(p.similarity, 0.5),
            j,
            f"{p.a.article.id} says “{ta}”, {p.b.article.id} says “{tb}” about the same point "
            f"({', '.join(sorted(x.object_words & y.object_words))}).",
            [x.span],
            [y.span],
        )
    diff = word_diff(p, cfg)
    dropped = hedge_dropped(p, diff)
    if dropped:
        side, hedge, other = dropped
        art, plain = (p.a.article.id, p.b.article.id) if side == "a" else (p.b.article.id, p.a.article.id)
        how = f"as certain (“{other}”)" if other else "as fact"
        return make(
            "polarity",
            Severity.MEDIUM,
            p.similarity,
            j,
            f"{art} hedges it (“{hedge}”); {plain} states it {how}.",
        )
    wish = wish_stated(p, cfg)
    if wish:
        side, words = wish
        art, plain = (p.a.article.id, p.b.article.id) if side == "a" else (p.b.article.id, p.a.article.id)
        return make("polarity", Severity.MEDIUM, p.similarity, j, f"{art} wishes it (“{words}”); {plain} states it.")
    if diff is None:
        return None
    if ca.negations and cb.negations:
        return _negation_count(p, j, ca, cb, diff, cfg)
    return _negation_flip(p, j, ca, cb, diff)


def _negation_flip(p: Pair, j: Judged, ca: SentenceClaims, cb: SentenceClaims, diff: WordDiff) -> Finding | None:
    """One side negates what the other, otherwise in the same words, does not (high)."""
    if bool(ca.negations) == bool(cb.negations):
        return None
    ta_, tb_, ops = diff
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        added = [t[0] for t in ta_[i1:i2]] + [t[0] for t in tb_[j1:j2]]
        if op != "replace" and not (len(added) <= 2 and all(NEGATION.fullmatch(w) for w in added)):
            continue  # words only one side has (a longer excerpt): not a negation of the same words
        lo_a, hi_a = (ta_[i1][1], ta_[i2 - 1][2]) if i2 > i1 else (0, 0)
        lo_b, hi_b = (tb_[j1][1], tb_[j2 - 1][2]) if j2 > j1 else (0, 0)
        na = [n for n in ca.negations if overlaps(n, lo_a, hi_a)]
        nb = [n for n in cb.negations if overlaps(n, lo_b, hi_b)]
        if bool(na) != bool(nb):
            art, other = (p.a.article.id, p.b.article.id) if na else (p.b.article.id, p.a.article.id)
            span, text = (na[0], p.a.text) if na else (nb[0], p.b.text)
            return make(
                "polarity",
                Severity.HIGH,
                p.similarity,
                j,
                f"{art} negates it (“{text[span.start : span.end]}”); {other} does not.",
                na,
                nb,
            )
    return None


def _negation_count(
    p: Pair, j: Judged, ca: SentenceClaims, cb: SentenceClaims, diff: WordDiff, cfg: PolaritySettings
) -> Finding | None:
    """Both sides negate, one once more, in otherwise the same words ("does not mean not necessarily" / "does not
    necessarily mean"): a negation added, which turns the claim round (medium: which negation is the added one the
    words cannot always tell)."""
    if p.same_article or len(ca.negations) == len(cb.negations):
        return None
    ta_, tb_, _ = diff
    wa = [t[0] for t in ta_ if not NEGATION.fullmatch(t[0])]
    wb = [t[0] for t in tb_ if not NEGATION.fullmatch(t[0])]
    if difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).ratio() < cfg.negation_same_words:
        return None
    more, fewer = (
        (p.a.article.id, p.b.article.id)
        if len(ca.negations) > len(cb.negations)
        else (
            p.b.article.id,
            p.a.article.id,
        )
    )
    return make(
        "polarity",
        Severity.MEDIUM,
        p.similarity,
        j,
        f"{more} negates it once more than {fewer} in otherwise the same words.",
        list(ca.negations),
        list(cb.negations),
    )
