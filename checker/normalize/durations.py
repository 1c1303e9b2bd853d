"""Durations in seconds: "six hours", "about eight and a half hours", "90 minutes", "a day and a half"."""

from __future__ import annotations

import re

from checker.normalize.numbers import INF, SUFFIX_APPROX_RX, clean_phrase, hedged, number_step, split_hedge
from checker.records import Value

DURATION_UNITS: dict[str, float] = {
    "second": 1,
    "seconds": 1,
    "sec": 1,
    "secs": 1,
    "s": 1,
    "minute": 60,
    "minutes": 60,
    "min": 60,
    "mins": 60,
    "hour": 3600,
    "hours": 3600,
    "hr": 3600,
    "hrs": 3600,
    "h": 3600,
    "day": 86400,
    "days": 86400,
    "night": 86400,
    "nights": 86400,
    "week": 604800,
    "weeks": 604800,
    "fortnight": 1209600,
    "fortnights": 1209600,
    "month": 2629800,
    "months": 2629800,
    "year": 31557600,
    "years": 31557600,
    "yr": 31557600,
    "yrs": 31557600,
    "decade": 315576000,
    "decades": 315576000,
    "century": 3155760000,
    "centuries": 3155760000,
}
HOUR = 3600.0
DAY = 86400.0
YEAR = 31557600.0
UNIT_RX = "|".join(sorted(DURATION_UNITS, key=len, reverse=True))
DUR_PIECE = re.compile(rf"(?P<num>.*?)\s*\b(?P<unit>{UNIT_RX})\b(?P<half>\s+and\s+(?:a|one)\s+(?:half|quarter))?")


def _duration_phrase(text: str) -> tuple[str, str] | None:
    """(hedge, phrase) with the words around a duration cut ("for the last", "long", "-minute"); None when the phrase
    names a point in time ("last year", "four years ago") rather than a length of time."""
    hedge, rest = split_hedge(text)
    if hedge == "over" and re.match(r"(?:the|a|an)\s+(?:last|past|next|first|course)\b", rest, re.IGNORECASE):
        hedge = ""  # "over the last decade": during, not more than
    s = clean_phrase(rest)
    if (
        re.fullmatch(
            rf"(?:(?:last|next|this|past|coming|previous|earlier this|later this|that|the same|one|every|"
            rf"each|per|a)\s+)?(?:{UNIT_RX})",
            s,
        )
        and not re.fullmatch(r"(?:a|one)\s+\w+", s)
        and not (s.endswith("s") and len(s.split()) == 1)
    ):
        return None  # "last year", "this week", "night": a date or a time of day, not a duration
    s = re.sub(r"(?<=\d)-(?=[a-z])", " ", s)  # "90-minute"
    s = re.sub(r"^(?:(?:for|after|within|in|lasting|over)\s+)*(?:(?:the\s+)?(?:last|past|next|first)\s+)?", "", s)
    s = re.sub(r"\bhalf (century|decade|hour|day|year)\b", r"half a \1", s)
    if re.search(r"\b(?:ago|earlier|before)$", s):
        return None  # "four years ago": a point in time, not a duration
    s = re.sub(r"\s+(?:long|later|old)$", "", s)
    s = re.sub(r"(?<=\d)(?=[a-z])", " ", s)  # "90min", "6h"
    if not hedge:
        hedge, s2 = split_hedge(s)
        s = clean_phrase(s2) if hedge else s
    suffix = SUFFIX_APPROX_RX.search(s)
    if suffix and not hedge:
        hedge = "or so" if "so" in suffix.group(0) else "at least"
        s = s[: suffix.start()]
    return hedge, s


def _duration_range(s: str) -> Value | None:
    """ "five to six hours", "two or three days"."""
    m = re.fullmatch(rf"(?P<a>.+?)\s*(?:-|to|or|and)\s*(?P<b>.+?)\s+(?P<unit>{UNIT_RX})", s)
    if m and not m.group("a").startswith("between") and not re.search(r"\b(?:a|an|half)$", m.group("a")):
        left, right = number_step(m.group("a").removeprefix("between ")), number_step(m.group("b"))
        if left and right and left[0] < right[0]:
            mult = DURATION_UNITS[m.group("unit")]
            return Value(
                left[0] * mult,
                right[0] * mult,
                (left[0] + right[0]) / 2 * mult,
                False,
                "",
                "range",
                "s",
                min(left[1], right[1]) * mult,
            )
    return None


def _vague_duration(s: str) -> Value | None:
    """ "several hours", "a few days", "decades"."""
    vague = re.fullmatch(rf"(?:(several|a few|many|a couple of|dozens of)\s+)?({UNIT_RX})", s)
    plural = vague is not None and vague.group(2).endswith("s") and vague.group(2) not in ("s", "hrs", "secs", "mins")
    if vague and (vague.group(1) or plural):
        mult = DURATION_UNITS[vague.group(2)]
        word = vague.group(1) or vague.group(2)
        lo, hi = {"several": (3, 9), "a few": (2, 5), "a couple of": (2, 3), "dozens of": (24, 144)}.get(
            vague.group(1) or "", (2, 9 if mult >= YEAR * 10 else 23 if mult == HOUR else 11)
        )
        return Value(lo * mult, hi * mult, (lo + hi) / 2 * mult, False, word, "vague", "s", mult)
    return None


def _piece_number(num: str) -> tuple[float, float] | None:
    if num in ("", "a", "an", "one"):
        return 1.0, 1.0
    if num in ("half a", "half an"):
        return 0.5, 0.5
    if num in ("a quarter of an", "quarter of an", "a quarter of a"):
        return 0.25, 0.25
    return number_step(num)


def _pieces(s: str) -> tuple[float, float] | None:
    """ "two hours and 15 minutes", "a day and a half": (seconds, step), or None unless the whole phrase is pieces."""
    total, step, pos = 0.0, INF, 0
    for piece in DUR_PIECE.finditer(s):
        if piece.start() != pos:
            return None
        pos = piece.end()
        got = _piece_number(piece.group("num").strip().removeprefix("and ").strip(", "))
        if got is None:
            return None
        value, num_step = got
        if piece.group("half"):
            frac = 0.5 if "half" in piece.group("half") else 0.25
            value += frac
            num_step = frac
        mult = DURATION_UNITS[piece.group("unit")]
        total += value * mult
        step = min(step, num_step * mult)
    if pos == 0 or s[pos:].strip():
        return None
    return total, step


def parse_duration(text: str) -> Value | None:
    """A duration in seconds: "six hours", "about eight and a half hours", "90 minutes", "half an hour",
    "one and a half years", "half a century", "a day and a half", "two hours and 15 minutes", "five to six hours",
    "a decade", "a fortnight"; "decades" is vague. None when the phrase is not a duration."""
    phrase = _duration_phrase(text)
    if phrase is None:
        return None
    hedge, s = phrase
    got = _duration_range(s) or _vague_duration(s)
    if got is not None:
        return got
    pieces = _pieces(s)
    return None if pieces is None else hedged(pieces[0], pieces[1], hedge, "s")
