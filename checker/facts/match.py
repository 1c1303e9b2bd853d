"""Fact matching: how surely two facts are about the same thing, and one-to-one pairs of two sentences' facts."""

from __future__ import annotations

import re

from checker import normalize as N
from checker.facts.compare import disagree
from checker.facts.lexicon import GENERIC_PREDICATES, PREDICATE_GROUPS, REPORTING, predicate_group
from checker.records import Fact


def _subject_key(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in ("the", "a", "an", "of", "and", "'s")}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _subject_score(a: Fact, b: Fact) -> float:
    if not a.subject or not b.subject:
        return 0.9 if a.subject or b.subject else 1.0
    ka, kb = {_singular(w) for w in _subject_key(a.subject)}, {_singular(w) for w in _subject_key(b.subject)}
    if ka & kb:
        return 1.0
    if a.subject_is_name and b.subject_is_name:
        return 0.0
    if a.subject_is_name or b.subject_is_name:
        return 0.6  # "the pair" / "Yoon": may be the same actor
    return 0.4


def _noun_score(a: Fact, b: Fact) -> float:
    if a.kind in ("duration", "date", "time", "age"):
        return 1.0
    if a.noun and b.noun:
        if a.noun == b.noun:
            return 1.0
        return 0.8 if a.noun_class == b.noun_class == "PERSON" else 0.0
    if a.noun_class and b.noun_class:
        return 0.7 if a.noun_class == b.noun_class else 0.0
    if a.noun or b.noun:
        return 0.45
    return 0.85 if a.kind in ("money", "percent") else 0.7  # sums are seldom given a noun


def _predicate_score(a: Fact, b: Fact) -> float:
    if a.predicate and b.predicate:
        ga, gb = predicate_group(a.predicate), predicate_group(b.predicate)
        if a.kind in ("date", "time") and (ga in REPORTING or gb in REPORTING):
            return 0.0  # the day something was said or tweeted is not the day of the event
        generic = ga in GENERIC_PREDICATES or gb in GENERIC_PREDICATES
        if a.kind in ("date", "time") and generic:
            return 0.3  # "was on Friday": which event?
        if ga == gb:
            if generic:
                return 0.7 if a.noun and a.noun == b.noun else 0.5
            return 1.0
        if generic:
            return 0.3
        if a.kind in ("date", "time") or (ga in PREDICATE_GROUPS and gb in PREDICATE_GROUPS):
            return 0.0  # a date of "met" is not one of "released"; killed is not injured
        # outlets pick different verbs for one count ("a lawsuit covering/involving 1.5 million women")
        return 0.6 if a.noun and a.noun == b.noun else 0.3
    if a.kind in ("date", "time", "duration"):
        return 0.3  # a date or a duration needs its event
    return 0.6


def _scope_score(a: Fact, b: Fact) -> float:
    if a.scope and b.scope:
        return 1.0 if a.scope == b.scope else 0.0
    return 0.7 if a.scope or b.scope else 1.0


def value_unit(f: Fact) -> str:
    return f.value.unit if isinstance(f.value, N.Value) else ""


def same_fact(a: Fact, b: Fact) -> float:
    """How surely two facts are about the same thing: 0 (different things) to 1 (certainly the same).

    Needs the same kind and unit, compatible nouns (same lemma, or both people), predicates of one synonym group
    (a date or time of "met" is not one of "released"), the same subject when both name one, and the same scope.
    """
    if a.kind != b.kind or value_unit(a) != value_unit(b):
        return 0.0
    if a.when is not None and b.when is not None and not N.compatible(a.when, b.when):
        return 0.0  # "six arrests on Wednesday" is not "47 arrests on Tuesday"
    parts = _subject_score(a, b), _noun_score(a, b), _predicate_score(a, b), _scope_score(a, b)
    score = parts[0] * parts[1] * parts[2] * parts[3]
    va, vb = a.value, b.value
    if (
        score > 0
        and isinstance(va, N.Value)
        and isinstance(vb, N.Value)
        and va.nominal == vb.nominal
        and va.nominal >= 10
        and va.bound not in ("range", "vague")
        and a.kind != "ordinal"
    ):
        score = max(score, 0.6)  # the same specific number, differently worded around it
    if isinstance(va, N.Value) and isinstance(vb, N.Value) and _one_digit_apart(a.text, b.text):
        score = max(score, 0.75)  # "$5,687.75" / "$5,587.75": one precise figure, garbled in the copying
    return score


def _one_digit_apart(x: str, y: str) -> bool:
    """Two precise figures (five or more digits) whose digit strings differ in exactly one place."""
    dx, dy = re.sub(r"\D", "", x), re.sub(r"\D", "", y)
    return len(dx) == len(dy) >= 5 and sum(c != d for c, d in zip(dx, dy, strict=True)) == 1


def match_facts(a: list[Fact], b: list[Fact], threshold: float = 0.5) -> list[tuple[Fact, Fact, float]]:
    """One-to-one pairs of facts of ``a`` and ``b`` with :func:`same_fact` at least ``threshold``, best first; among
    equally good candidates, pairs whose values agree are taken first ("15 of the 19" against "15 of the 19")."""
    scored = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            score = same_fact(x, y)
            if score >= threshold:
                agrees = disagree(x, y) is None
                scored.append((score, agrees, i, j))
    scored.sort(key=lambda s: (-s[0], not s[1], s[2], s[3]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for score, _, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((a[i], b[j], score))
    return out
