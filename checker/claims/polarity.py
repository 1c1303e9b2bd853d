"""Polarity: negation and opposed predicates ("agreed" / "were divided", "rose" / "fell").

Each hit records the family of the predicate, its sign, and the content words of
what follows it (the object), so two sentences can be matched on what they are
positive or negative about.
"""

from __future__ import annotations

import re

from checker.records import PolarityHit, Span

# family: (positive forms, negative forms)
FAMILIES: dict[str, tuple[list[str], list[str]]] = {
    "agree": (
        [
            "agreed",
            "agree",
            "agrees",
            "shared",
            "share",
            "concurred",
            "reached consensus",
            "were united",
            "united",
            "endorsed",
        ],
        [
            "were divided",
            "was divided",
            "are divided",
            "divided",
            "disagreed",
            "disagree",
            "disagrees",
            "were split",
            "at odds",
            "failed to agree",
            "clashed",
        ],
    ),
    "confirm": (
        ["confirmed", "confirms", "acknowledged", "admitted"],
        ["denied", "denies", "rejected claims", "refuted", "disputed"],
    ),
    "rise": (
        [
            "rose",
            "risen",
            "rises",
            "increased",
            "increase",
            "climbed",
            "gained",
            "jumped",
            "surged",
            "grew",
        ],
        ["fell", "fallen", "falls", "decreased", "decrease", "declined", "dropped", "lost", "slumped", "shrank"],
    ),
    "win": (["won", "wins", "win", "beat", "defeated", "victory"], ["lost", "loses", "lose"]),
    "accept": (
        ["accepted", "approved", "passed", "ratified", "upheld", "uphold", "upholds", "granted", "allowed", "lifted"],
        ["rejected", "refused", "vetoed", "blocked", "overturned", "denied", "banned", "imposed"],
    ),
    "support": (
        ["supported", "supports", "backed", "backs", "favoured", "favored", "welcomed", "praised"],
        ["opposed", "opposes", "criticised", "criticized", "condemned", "slammed"],
    ),
    "improve": (
        ["improved", "improve", "improving", "strengthened", "deepened", "warmed", "thawed", "eased"],
        ["worsened", "deteriorated", "soured", "weakened", "cooled"],
    ),
    "open": (
        ["opened", "reopened", "resumed", "started", "began", "launched"],
        ["closed", "shut", "suspended", "halted", "stopped", "ended", "cancelled", "canceled"],
    ),
    "convict": (["convicted", "guilty", "sentenced"], ["acquitted", "not guilty", "cleared", "exonerated"]),
    "alive": (["survived", "rescued", "alive", "found alive"], ["died", "killed", "dead", "drowned", "perished"]),
}
NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n[’']t\b", re.I)
STOPWORDS = set(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "on",
        "in",
        "at",
        "for",
        "with",
        "and",
        "or",
        "but",
        "that",
        "this",
        "these",
        "those",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "their",
        "there",
        "be",
        "been",
        "being",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "has",
        "have",
        "had",
        "do",
        "did",
        "does",
        "than",
        "then",
        "as",
        "by",
        "from",
        "into",
        "about",
        "over",
        "under",
        "up",
        "down",
        "out",
        "so",
        "such",
        "very",
        "more",
        "most",
        "less",
        "least",
        "it",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
    ]
)


def _forms() -> list[tuple[str, str, bool]]:
    out = []
    for fam, (pos, neg) in FAMILIES.items():
        out += [(f, fam, True) for f in pos] + [(f, fam, False) for f in neg]
    return sorted(out, key=lambda x: -len(x[0]))


FORMS = _forms()
FORM_RX = re.compile(r"\b(" + "|".join(re.escape(f) for f, _, _ in FORMS) + r")\b", re.I)
FORM_INFO: dict[str, list[tuple[str, bool]]] = {}
for _f, _fam, _sign in FORMS:
    FORM_INFO.setdefault(_f.lower(), []).append((_fam, _sign))


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS and len(w) > 2)


def polarity_hits(text: str) -> list[PolarityHit]:
    """Opposed-predicate hits; a negation just before the predicate flips its sign."""
    out = []
    for m in FORM_RX.finditer(text):
        before = text[max(0, m.start() - 25) : m.start()]
        if re.search(r"\b(?:to|the|a|an|its|their|his|her)\s$", before):
            continue  # "need to improve", "the defeat": an aim or a noun, not a claim
        negated = bool(NEGATION.search(before.split(",")[-1]))
        after = text[m.end() : m.end() + 60]
        obj = content_words(" ".join(after.split()[:6]))
        for fam, sign in FORM_INFO[m.group(1).lower()]:
            out.append(PolarityHit(fam, sign != negated, obj, Span(m.start(), m.end(), "polarity")))
    return out


NOT_NEGATING = re.compile(
    r"\s+(?:(?:less|more|fewer|later|sooner|earlier|longer)\s+than|only|longer|least|just|merely|before|until)\b", re.I
)


def negations(text: str) -> list[Span]:
    """Negation words, except those that only bound a value or a time ("no less than two weeks", "not only",
    "not until Friday", "but not before all were evacuated": it did happen)."""
    return [
        Span(m.start(), m.end(), "negation") for m in NEGATION.finditer(text) if not NOT_NEGATING.match(text, m.end())
    ]


def opposed(a: list[PolarityHit], b: list[PolarityHit], min_shared: int = 1) -> tuple[PolarityHit, PolarityHit] | None:
    """A hit in ``a`` and one in ``b`` of one family, opposite signs, about the same object."""
    for x in a:
        for y in b:
            if x.family == y.family and x.positive != y.positive and len(x.object_words & y.object_words) >= min_shared:
                return x, y
    return None
