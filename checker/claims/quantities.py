"""Numbers with their unit or noun and their hedge ("about 30 minutes", "at least six people")."""

from __future__ import annotations

import re

from checker.lexicon import MONTHS
from checker.records import Quantity, Span

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "a dozen": 12,
    "half": 0.5,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
HEDGES = [
    "at least",
    "at most",
    "more than",
    "less than",
    "fewer than",
    "up to",
    "as many as",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "over",
    "under",
    "an estimated",
    "close to",
    "just over",
    "just under",
]
HEDGE_RX = "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))
NUM_WORD_RX = "|".join(sorted((w for w in WORDS if " " not in w), key=len, reverse=True))
ORD_RX = "|".join(ORDINALS)
QUANTITY = re.compile(
    rf"(?:(?P<hedge>{HEDGE_RX})\s+)?"
    rf"(?P<cur>[$€£¥])?"
    rf"(?P<num>\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|(?:{ORD_RX})\b|(?:(?:{NUM_WORD_RX})(?:[\s-](?:{NUM_WORD_RX}))?)\b)"
    rf"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?"
    rf"(?:(?P<pct>\s?%|\s?percent|\s?per\s?cent))?"
    rf"(?:[\s-](?P<unit>[a-z][a-z]+))?",
    re.I,
)
YEARISH = re.compile(r"^(1[89]\d\d|20\d\d)$")
SKIP_UNITS = {
    "and",
    "or",
    "to",
    "of",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "for",
    "by",
    "with",
    "from",
    "as",
    "than",
    "that",
    "which",
    "who",
    "is",
    "was",
    "were",
    "are",
    "said",
    "after",
    "before",
}


def _value(num: str) -> tuple[float | None, bool]:
    low = num.lower()
    if low in ORDINALS:
        return float(ORDINALS[low]), True
    m = re.match(r"^([\d,]*\d(?:\.\d+)?)(st|nd|rd|th)?$", low)
    if m:
        return float(m.group(1).replace(",", "")), bool(m.group(2))
    parts = re.split(r"[\s-]", low)
    total = 0.0
    for p in parts:
        if p not in WORDS:
            return None, False
        total = max(total, 1) * WORDS[p] if p in ("hundred", "dozen") else total + WORDS[p]
    return total, False


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def quantities(text: str) -> list[Quantity]:
    """Numbers in ``text`` with unit and hedge; years and dates are left to :mod:`dates`."""
    out = []
    for m in QUANTITY.finditer(text):
        num = m.group("num")
        if m.start("num") > 0 and text[m.start("num") - 1].isalnum():
            continue
        value, ordinal = _value(num)
        if value is None:
            continue
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if YEARISH.match(num) and not m.group("cur") and not m.group("pct"):
            continue
        if re.search(r"(?:" + "|".join(MONTHS) + r")\.?\s*$", before):
            continue  # "Nov. 16", "March 3": a date
        unit = (m.group("unit") or "").lower()
        if unit in MONTHS:
            continue  # "16 November": a date
        end = m.end()
        if unit in SKIP_UNITS or not unit:
            unit = ""
            end = max(m.end(g) for g in ("num", "scale", "pct") if m.group(g) is not None)
        if num.lower() == "one" and not unit:
            continue  # "one of", pronoun use
        if m.group("scale"):
            value *= SCALES[m.group("scale").lower()]
        if m.group("pct"):
            unit = "%"
        elif m.group("cur"):
            unit = m.group("cur")
        out.append(
            Quantity(value, _singular(unit), (m.group("hedge") or "").lower(), Span(m.start(), end, "number"), ordinal)
        )
    return out
