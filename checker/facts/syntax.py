"""Reading the dependency parse around a number: the token it hangs on, the noun it counts, the verb that governs
it, the actor, the scope, the tense, and whether the number is part of a name or an age."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker import normalize as N
from checker.facts.lexicon import (
    GROUP_OF,
    LIGHT_VERBS,
    NAME_BEFORE,
    NAME_LABELS,
    NOMINAL_PREDICATES,
    PERSON_NOUNS,
    SCOPE_PREPS,
    SCOPE_WORDS,
    SUBJECT_DEPS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def _is_num(t: Token) -> bool:
    return bool(t.like_num) or t.pos_ == "NUM" or t.lower_ in N.SMALL or t.lower_ in N.TENS


def _anchor(tokens: list[Token]) -> Token:
    nums = [t for t in tokens if _is_num(t)]
    if nums:
        top = [t for t in nums if t.head not in nums or t.head == t]
        return top[0] if top else nums[-1]
    heads = [t for t in tokens if t.head not in tokens or t.head == t]
    return heads[0] if heads else tokens[-1]


def _counted(anchor: Token) -> tuple[Token | None, Token]:
    """The noun a number counts and the token to climb from to its verb."""
    x = anchor
    for _ in range(4):
        if (
            x.head != x
            and (_is_num(x.head) or x.head.lower_ in ("dozen", "hundred", "thousand", "million", "%"))
            and x.dep_ in ("compound", "quantmod", "nummod", "amod", "advmod", "conj", "nmod", "cc")
        ):
            x = x.head
        else:
            break
    if (
        x.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod")
        and x.head != x
        and x.head.pos_ in ("NOUN", "PROPN", "ADJ")
    ):
        return x.head, x.head
    for c in x.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN", "PRON"):
                    return p, x
    return None, x


def _governor(tok: Token) -> Token | None:
    """The verb (or copula) that governs ``tok``."""
    t = tok
    for _ in range(12):
        if t.dep_ == "ROOT" or t.head == t:
            break
        t = t.head
        if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ in ("ROOT", "ccomp", "conj", "advcl")):
            return t
        if t.pos_ == "ADJ" and t.dep_ in ("acomp", "oprd", "dobj", "amod") and t.lemma_.lower() in GROUP_OF:
            return t
    return t if t.pos_ in ("VERB", "AUX") else None


def _predicate(v: Token | None, inside: frozenset[int] = frozenset()) -> str:
    if v is None:
        return ""
    lemma = v.lemma_.lower()
    if v.pos_ == "ADJ":
        return v.lower_
    children = list(v.children)
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "under" and any(p.lower_ == "control" for p in c.children):
            return "control"
    prt = [c for c in children if c.dep_ == "prt" and c.i not in inside]  # not the "up" of "up to 30"
    if prt:
        return f"{lemma} {prt[0].lower_}"
    if lemma == "be" or lemma in ("leave", "remain"):
        for c in children:
            if c.dep_ in ("acomp", "oprd") or (c.dep_ == "attr" and c.pos_ == "ADJ"):
                return c.lower_
    if lemma in LIGHT_VERBS:
        for c in children:
            if c.dep_ == "dobj" and c.lemma_.lower() in NOMINAL_PREDICATES:
                return NOMINAL_PREDICATES[c.lemma_.lower()]
    return lemma


def _expletive_take(v: Token) -> Token | None:
    """ "It took six hours for the fire to come under control": the clause the time was taken for."""
    if v.lemma_.lower() != "take" or not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in v.children):
        return None
    for c in v.children:
        if c.dep_ in ("advcl", "xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
    return None


def _phrase(t: Token) -> str:
    """A subject's name: an entity when the head is in one, else compounds and the head."""
    if t.ent_type_ and t.ent_type_ not in ("CARDINAL", "ORDINAL", "DATE", "TIME"):
        for ent in t.doc.ents:
            if ent.start <= t.i < ent.end:
                return ent.text
    parts = [c for c in t.children if c.dep_ in ("compound",) and c.i < t.i] + [t]
    return " ".join(p.text for p in parts)


def _subject(v: Token | None, counted: set[int]) -> tuple[str, bool]:
    if v is None:
        return "", False
    for c in v.children:
        if c.dep_ in SUBJECT_DEPS:
            if c.i in counted or any(d.i in counted for d in c.subtree):
                return "", False
            if c.pos_ == "PRON" or c.lower_ in ("it", "there"):
                return "", False
            if c.lemma_.lower() == "toll":
                return "", False
            return _phrase(c), c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    if v.dep_ in ("xcomp", "advcl", "conj", "relcl", "acl") and v.head != v:
        if v.dep_ in ("relcl", "acl") and v.head.pos_ in ("NOUN", "PROPN"):
            if v.head.i in counted:
                return "", False
            return _phrase(v.head), v.head.pos_ == "PROPN"
        return _subject(v.head, counted)
    return "", False


def _scope(v: Token | None, skip: set[int]) -> str:
    """A phrase that restricts what is counted: "this season", "in 29 games", "per game"."""
    if v is None:
        return ""
    for c in v.children:
        if c.i in skip:
            continue
        words = {t.lemma_.lower() for t in c.subtree}
        if c.dep_ in ("npadvmod", "advmod", "prep") and words & SCOPE_WORDS:
            text = " ".join(t.lower_ for t in c.subtree)
            if c.dep_ == "prep" and c.lower_ not in SCOPE_PREPS:
                continue
            if (
                c.dep_ == "prep"
                and not any(_is_num(t) for t in c.subtree)
                and c.lower_ in ("in", "for", "from")
                and not words & {"season", "career", "term", "tournament", "campaign", "year", "so far"}
            ):
                continue
            if any(t.i in skip for t in c.subtree):
                continue
            return text
        if (
            c.dep_ == "prep"
            and c.lower_ in ("in", "over", "across")
            and any(_is_num(t) and t.i not in skip for t in c.subtree)
        ):
            return " ".join(t.lower_ for t in c.subtree)
    return ""


def _event_noun(anchor: Token, inside: set[int]) -> Token | None:
    """The noun a date modifies ("the 2008 campaign", "the vote on Tuesday"), or None when a verb governs it."""
    t = anchor
    for _ in range(4):
        if t.head.i in inside and t.head != t:
            t = t.head
            continue
        if (
            t.dep_ in ("compound", "nmod", "amod", "poss", "nummod")
            and t.head.pos_ in ("NOUN", "PROPN")
            and t.head.ent_type_ not in ("DATE", "TIME")
        ):
            return t.head
        if (
            t.dep_ == "pobj"
            and t.head.dep_ == "prep"
            and t.head.head.pos_ == "NOUN"
            and t.head.head.ent_type_ not in ("DATE", "TIME")
            and t.head.lower_ in ("on", "in", "at")
        ):
            return t.head.head
        if t.head.ent_type_ in ("DATE", "TIME") and t.head != t:
            t = t.head
            continue
        break
    return None


def _tense(v: Token | None) -> str | None:
    if v is None:
        return None
    if any(c.lower_ in ("will", "shall", "'ll") or c.lemma_ == "go" and c.dep_ == "aux" for c in v.children):
        return "future"
    if v.tag_ in ("VBD", "VBN"):
        return "past"
    return None


def _appositive_age(toks: list[Token]) -> bool:
    """ "The defendant, 42, ...": a bare number set off by commas after a person."""
    if len(toks) != 1 or not re.fullmatch(r"\d{1,3}", toks[0].text) or not 0 < int(toks[0].text) < 120:
        return False
    t = toks[0]
    doc = t.doc
    if t.i == 0 or t.i + 1 >= len(doc) or doc[t.i - 1].text != "," or doc[t.i + 1].text not in (",", ")", "."):
        return False
    head = t.head
    return head.i < t.i and (
        head.ent_type_ == "PERSON"
        or head.lemma_.lower() in PERSON_NOUNS
        or (head.pos_ == "PROPN" and doc[t.i - 2].ent_type_ == "PERSON")
    )


def _name_number(t: Token, text: str, base: int) -> bool:
    """A number that is part of a name, not a count: "Boeing 737", "S&P 500", "F-16", "Flight 370", "No. 1"."""
    if t.ent_type_ in NAME_LABELS:
        return True
    prev = t.doc[t.i - 1] if t.i > 0 else None
    if (
        prev is not None
        and prev.i >= t.sent.start
        and (
            prev.lower_ in NAME_BEFORE
            or (prev.pos_ == "PROPN" and prev.ent_type_ not in ("DATE", "TIME", "MONEY", "CARDINAL"))
        )
    ):
        return True
    pos = t.idx - base
    if re.search(r"\b(?:No|no|Number|number|Nos?)\.?\s*$|#\s*$", text[:pos]):
        return True
    return bool(re.search(r"[A-Za-z]-?$", text[max(0, pos - 2) : pos])) and not re.search(r"\s$", text[:pos])


def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a number's span to a hedge before it, a currency sign, and "or more"/"or so" after it."""
    before = text[:start]
    m = re.search(
        r"(?:^|\s|\()(?P<h>" + "|".join(re.escape(h) for h in N.ALL_HEDGES + N.EXACT_PREFIXES) + r")\s+$",
        before,
        re.IGNORECASE,
    )
    if m:
        start = m.start("h")
    m = re.search(r"(?:us\$|a\$|c\$|hk\$|[$€£¥])\s?$", text[:start], re.IGNORECASE)
    if m:
        start = m.start()
    m2 = re.match(
        r"(?:\s+(?:or so|or more|or fewer|or less)\b|(?:-plus|\+)?(?:\s?%|\s(?:percent|per cent)\b))", text[end:]
    )
    if m2:
        end += m2.end()
    return start, end


def _tokens(sent: SpacySpan, start: int, end: int) -> list[Token]:
    base = sent.start_char
    return [t for t in sent if t.idx - base < end and t.idx - base + len(t.text) > start]
