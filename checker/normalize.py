"""Normalised values: numbers and number words, hedges and ranges, durations, clock times with zones, relative dates.

Pure functions, no spaCy. A stated quantity becomes a :class:`Value` (an interval with its hedge), a clock time a
:class:`ClockTime` (with its UTC minute when the zone is known), a date a :class:`DateRange` (resolved against the
article's published date). :func:`compare` and :func:`compatible` say whether two of them can describe the same fact.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from checker.lexicon import TIME_HEDGES
from checker.records import ClockTime, Comparison, DateRange, Value

INF = math.inf

SMALL = {
    "zero": 0,
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
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE_ABBREV = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12}
FRACTIONS = {
    "half": 0.5,
    "halves": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
    "tenth": 0.1,
    "tenths": 0.1,
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
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
    "last": -1,
}
# Vague quantities as ranges: "hundreds" of something is 100..999.
VAGUE = {
    "a couple": (2, 3),
    "a couple of": (2, 3),
    "a few": (2, 5),
    "several": (3, 9),
    "a handful": (2, 6),
    "a handful of": (2, 6),
    "dozens": (24, 144),
    "dozens of": (24, 144),
    "scores": (40, 200),
    "scores of": (40, 200),
    "tens": (10, 99),
    "tens of": (10, 99),
    "hundreds": (100, 999),
    "hundreds of": (100, 999),
    "thousands": (1e3, 9999),
    "thousands of": (1e3, 9999),
    "tens of thousands": (1e4, 99999),
    "tens of thousands of": (1e4, 99999),
    "hundreds of thousands": (1e5, 999999),
    "hundreds of thousands of": (1e5, 999999),
    "millions": (1e6, 999999999),
    "millions of": (1e6, 999999999),
    "billions": (1e9, 999999999999),
    "billions of": (1e9, 999999999999),
}

LOWER_HEDGES = [
    "at least",
    "more than",
    "over",
    "upwards of",
    "in excess of",
    "no fewer than",
    "no less than",
    "a minimum of",
    "above",
    "just over",
    "well over",
    "a little over",
    "more that",
]
UPPER_HEDGES = [
    "up to",
    "at most",
    "fewer than",
    "less than",
    "under",
    "as many as",
    "no more than",
    "as much as",
    "a maximum of",
    "below",
    "just under",
    "nearly",
    "almost",
    "close to",
    "just shy of",
    "not quite",
]
APPROX_HEDGES = [
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "an estimated",
    "estimated",
    "close to",
    "nearly",
    "almost",
    "just under",
    "just over",
    "just shy of",
    "more or less",
    "circa",
    "approx.",
    "an approximate",
    "around about",
    "not quite",
    "a little over",
]
# Hedges that mean "a little below" or "a little above" the number: an approximate interval on one side.
APPROX_BELOW = {"nearly", "almost", "just under", "close to", "just shy of", "not quite"}
APPROX_ABOVE = {"just over", "a little over"}
STRICT_HEDGES = {
    "more than",
    "over",
    "upwards of",
    "in excess of",
    "above",
    "just over",
    "well over",
    "a little over",
    "fewer than",
    "less than",
    "under",
    "below",
    "just under",
    "more that",
} - {"upwards of"}
EXACT_PREFIXES = ["a total of", "exactly", "precisely", "only", "just", "a further", "another", "all"]
ALL_HEDGES = sorted(set(LOWER_HEDGES + UPPER_HEDGES + APPROX_HEDGES), key=len, reverse=True)
HEDGE_RX = re.compile(r"^(?P<h>" + "|".join(re.escape(h) for h in ALL_HEDGES) + r")\s+(?P<rest>.+)$", re.IGNORECASE)
SUFFIX_APPROX_RX = re.compile(r"(?:\s+(?:or so|or more|or less|or fewer|and more|plus)|\s*\+|-plus)$", re.IGNORECASE)

CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "jpy": "JPY",
    "yuan": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "won": "KRW",
    "krw": "KRW",
    "rupee": "INR",
    "rupees": "INR",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "a$": "AUD",
    "c$": "CAD",
    "hk$": "HKD",
    "chf": "CHF",
    "francs": "CHF",
}


# ---------------------------------------------------------------------------------------------------------- numbers


def _clean(text: str) -> str:
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").replace("\u00a0", " ")
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    return " ".join(text.strip().strip(".,;:!?()\"'").split())


def _digit_step(digits: str) -> float:
    """Rounding unit of a digit string: 1 for "17", 100 for "300", 0.1 for "1.5"."""
    digits = digits.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".", 1)[1])
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    return 10.0**zeros


def _number(text: str) -> tuple[float, float] | None:
    """(value, step) of a bare number phrase, or None."""
    s = _clean(text)
    if not s:
        return None
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?|\.\d+)\s?([a-z]+)?", s)
    if m:
        num, scale = m.group(1), m.group(2)
        if "," in num and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", num):
            return None
        value, step = float(num.replace(",", "")), _digit_step(num)
        if scale is None:
            return value, step
        mult = SCALES.get(scale) or SCALE_ABBREV.get(scale)
        if mult is None and scale in ("dozen",):
            mult = 12
        if mult is None:
            return None
        return value * mult, min(step, 1.0) * mult if mult > 12 else step * mult
    # "1.5 million", "3 hundred"
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s(hundred|thousand|million|billion|trillion|dozen)", s)
    if m:
        mult = {"hundred": 100.0, "dozen": 12.0}.get(m.group(2)) or SCALES[m.group(2)]
        return float(m.group(1).replace(",", "")) * mult, min(_digit_step(m.group(1)), 1.0) * mult
    m = re.fullmatch(r"half an? (.+)", s)
    if m:
        inner = _number("one " + m.group(1)) if m.group(1) in ("dozen", "hundred", *SCALES) else None
        return (inner[0] / 2, inner[1] / 2) if inner else None
    m = re.fullmatch(r"(.+?) and (an?|one|three) (half|quarter|third|quarters|thirds)", s)
    if m:
        whole = _number(m.group(1))
        frac = _number(m.group(2) + " " + m.group(3))
        if whole is None or frac is None:
            return None
        return whole[0] + frac[0], frac[1]
    if s in ("a", "an"):
        return None
    words = s.split()
    if words[0] in ("a", "an") and len(words) > 1:
        words[0] = "one"
    total, current, step, seen = 0.0, 0.0, 1.0, False
    for i, w in enumerate(words):
        if w in SMALL:
            current += SMALL[w]
            step = 1.0
        elif w in TENS:
            current += TENS[w]
            step = 10.0 if i == len(words) - 1 else 1.0
        elif w in ("hundred", "hundreds") and seen:
            current = (current or 1) * 100
            step = 100.0
        elif w in SCALES and seen:
            total += (current or 1) * SCALES[w]
            step = min(step, 1.0) * SCALES[w] if current else SCALES[w]
            current = 0.0
        elif w in ("dozen", "dozens") and seen:
            current = (current or 1) * 12
            step = 12.0
        elif w in FRACTIONS and seen and i == len(words) - 1:
            current = (current or 1) * FRACTIONS[w]
            step = FRACTIONS[w]
        elif w == "and" and seen:
            continue
        elif re.fullmatch(r"\d[\d,]*(?:\.\d+)?", w) and not seen:
            current = float(w.replace(",", ""))
            step = _digit_step(w)
        else:
            return None
        seen = True
    return total + current, step


def number_value(text: str) -> float | None:
    """The value of a number phrase in digits or words: "eleven" 11, "two dozen" 24, "1.5 million", "$2.3bn" 2.3e9,
    "one and a half" 1.5, "three quarters" 0.75, "half a million" 5e5; None when it is not one."""
    s = _clean(text)
    cur = re.match(r"^(us\$|a\$|c\$|hk\$|[$€£¥])\s?", s)
    if cur:
        s = s[cur.end() :]
    got = _number(s)
    return got[0] if got else None


def ordinal_value(text: str) -> int | None:
    """The rank of an ordinal: "third" 3, "21st" 21, "twenty-first" 21, "last" -1; None when it is not one."""
    s = _clean(text)
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", s)
    if m:
        return int(m.group(1))
    if s in ORDINALS:
        return ORDINALS[s]
    parts = s.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINALS and 0 < ORDINALS[parts[1]] < 10:
        return TENS[parts[0]] + ORDINALS[parts[1]]
    return None


def _split_unit(s: str) -> tuple[str, str]:
    """Strip a currency or percent marker: ("2.3bn", "USD")."""
    m = re.match(r"^(us\$|a\$|c\$|hk\$|[$€£¥]|rs\.?)\s?", s)
    if m:
        return s[m.end() :], CURRENCIES[m.group(1)]
    m = re.search(r"\s?(%|percent|per cent|pct)$", s)
    if m:
        return s[: m.start()], "%"
    m = re.search(r"\s?(percentage points?|points?)$", s)
    if m and re.search(r"\d|one|two|three|four|five|six|seven|eight|nine|ten|half", s[: m.start()]):
        return s[: m.start()], "pp"
    m = re.search(
        r"\s(u\.?s\.? dollars|dollars|dollar|euros?|pounds( sterling)?|sterling|yen|yuan|won|rupees|"
        r"usd|eur|gbp|jpy|cny|krw|inr|chf|francs)$",
        s,
    )
    if m:
        word = m.group(1).split()[0]
        return s[: m.start()], CURRENCIES.get(word, "USD" if "dollar" in word else word.upper())
    return s, ""


def _approx_tol(nominal: float, step: float) -> float:
    """How far "about N" reaches: half its last stated digit when N is given precisely ("about 3.6 billion" is
    3.55 to 3.65 billion), else also a tenth of N ("about 30" covers 27 to 33, "about 300" 250 to 350)."""
    if step < abs(nominal) / 10:
        return step / 2
    return max(step / 2, abs(nominal) * 0.1)


def _hedged(nominal: float, step: float, hedge: str, unit: str) -> Value:
    h = hedge.lower()
    strict = h in STRICT_HEDGES
    if h in APPROX_BELOW:
        return Value(nominal - _approx_tol(nominal, step), nominal, nominal, False, h, "approx", unit, step)
    if h in APPROX_ABOVE:
        return Value(nominal, nominal + _approx_tol(nominal, step), nominal, False, h, "approx", unit, step)
    if h in LOWER_HEDGES:
        return Value(nominal, INF, nominal, False, h, "lower", unit, step, strict)
    if h in UPPER_HEDGES:
        return Value(0.0 if nominal >= 0 else -INF, nominal, nominal, False, h, "upper", unit, step, strict)
    if h in APPROX_HEDGES or h in ("or so",):
        tol = _approx_tol(nominal, step)
        return Value(nominal - tol, nominal + tol, nominal, False, h, "approx", unit, step)
    return Value(nominal, nominal, nominal, True, "", "exact", unit, step)


def split_hedge(text: str) -> tuple[str, str]:
    """("at least", "15 people") from "at least 15 people"; ("", text) when there is no leading hedge."""
    s = " ".join(text.strip().split())
    for prefix in EXACT_PREFIXES:
        if s.lower().startswith(prefix + " "):
            s = s[len(prefix) + 1 :]
            break
    m = HEDGE_RX.match(s)
    if m:
        return m.group("h").lower(), m.group("rest")
    return "", s


RANGE_RX = re.compile(
    r"^(?:between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)|from\s+(?P<c>.+?)\s+to\s+(?P<d>.+)|"
    r"(?P<e>.+?)\s*(?:-|to|or)\s*(?P<f>.+))$"
)


def _range(s: str, unit: str) -> Value | None:
    m = RANGE_RX.match(s)
    if not m:
        return None
    a, b = next((m.group(x), m.group(y)) for x, y in (("a", "b"), ("c", "d"), ("e", "f")) if m.group(x))
    while " " in b and _number(_split_unit(b)[0]) is None:
        b = b.rsplit(" ", 1)[0]  # "60 people" -> "60"
    a, unit_a = _split_unit(a)
    b, unit_b = _split_unit(b)
    unit = unit or unit_a or unit_b
    left, right = _number(a), _number(b)
    if left is None or right is None:
        # "2 to 3 million": the scale of the right side applies to the left
        tail = re.search(r"\s(hundred|thousand|million|billion|trillion|bn|m)$", b)
        if right is not None and tail and left is None:
            left = _number(a + " " + tail.group(1))
        if left is None or right is None:
            return None
    elif (
        left[0] < right[0]
        and re.search(r"\s?(hundred|thousand|million|billion|trillion|bn|m)$", b)
        and not re.search(r"(hundred|thousand|million|billion|trillion|bn|m)$", a)
        and left[0] * 100 <= right[0]
    ):
        tail = re.search(r"\s?(hundred|thousand|million|billion|trillion|bn|m)$", b)
        assert tail is not None
        left = _number(a + " " + tail.group(1)) or left
    lo, hi = sorted((left[0], right[0]))
    if lo == hi:
        return None
    return Value(lo, hi, (lo + hi) / 2, False, "", "range", unit, min(left[1], right[1]))


def parse_value(text: str) -> Value | None:
    """A hedged number, range or vague quantity: "at least 15", "nearly two dozen", "between 10 and 15", "10-15",
    "hundreds", "tens of thousands", "$2.3bn", "about 40%"; a trailing noun ("15 people") is ignored.
    None when no number leads the phrase."""
    hedge, rest = split_hedge(text)
    s = _clean(rest)
    pct = re.search(r"\s?(%|percent|per cent)$", s)
    if pct and SUFFIX_APPROX_RX.search(s[: pct.start()]):
        s = s[: pct.start()]
        text_unit = "%"
    else:
        text_unit = ""
    suffix = SUFFIX_APPROX_RX.search(s)
    if suffix and not hedge:
        word = suffix.group(0).strip()
        word = word.lstrip("-")
        hedge = (
            "or so" if word == "or so" else ("at least" if word in ("or more", "and more", "plus", "+") else "up to")
        )
        s = s[: suffix.start()]
    frac = re.fullmatch(r"(\S+) (?:in|out of) (\S+)(?: [a-z]+)?", s)
    if frac:
        part, whole = _number(frac.group(1)), _number(frac.group(2))
        if part and whole and 0 < part[0] <= whole[0]:
            share = 100 * part[0] / whole[0]  # "one in five" is 20%
            return _hedged(share, min(1.0, 100 / whole[0]), hedge, "%")
    for vague in sorted(VAGUE, key=len, reverse=True):
        if s == vague or s.startswith(vague + " "):
            lo, hi = VAGUE[vague]
            base = Value(lo, hi, (lo + hi) / 2, False, vague, "vague", "", lo)
            if hedge in LOWER_HEDGES:
                return Value(lo, INF, lo, False, hedge, "lower", "", lo)
            return base
    s, unit = _split_unit(s)
    unit = unit or text_unit
    got = _number(s)
    if got is None:
        # a trailing noun: try shorter prefixes, longest first ("two dozen people" -> "two dozen")
        words = s.split()
        for n in range(len(words) - 1, 0, -1):
            head, tail = " ".join(words[:n]), " ".join(words[n:])
            head2, unit2 = _split_unit(head)
            if tail in ("and a half",):
                continue
            got = _number(head2)
            if got is not None:
                unit = unit or unit2 or _split_unit("1 " + tail.split()[0])[1]
                break
        if got is None:
            ranged = _range(s, unit)
            if ranged is not None and hedge:
                return Value(ranged.low, ranged.high, ranged.nominal, False, hedge, "range", ranged.unit, ranged.step)
            return ranged
    if not hedge:
        ranged = _range(s, unit)
        if ranged is not None and not re.fullmatch(r"\d{1,3}(,\d{3})+", s):
            return ranged
    return _hedged(got[0], got[1], hedge, unit)


# -------------------------------------------------------------------------------------------------------- durations

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


def parse_duration(text: str) -> Value | None:
    """A duration in seconds: "six hours", "about eight and a half hours", "90 minutes", "half an hour",
    "one and a half years", "half a century", "a day and a half", "two hours and 15 minutes", "five to six hours",
    "a decade", "a fortnight"; "decades" is vague. None when the phrase is not a duration."""
    hedge, rest = split_hedge(text)
    if hedge == "over" and re.match(r"(?:the|a|an)\s+(?:last|past|next|first|course)\b", rest, re.IGNORECASE):
        hedge = ""  # "over the last decade": during, not more than
    s = _clean(rest)
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
        s = _clean(s2) if hedge else s
    suffix = SUFFIX_APPROX_RX.search(s)
    if suffix and not hedge:
        hedge = "or so" if "so" in suffix.group(0) else "at least"
        s = s[: suffix.start()]
    m = re.fullmatch(rf"(?P<a>.+?)\s*(?:-|to|or|and)\s*(?P<b>.+?)\s+(?P<unit>{UNIT_RX})", s)
    if m and not m.group("a").startswith("between") and not re.search(r"\b(?:a|an|half)$", m.group("a")):
        left, right = _number(m.group("a").removeprefix("between ")), _number(m.group("b"))
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
    vague = re.fullmatch(rf"(?:(several|a few|many|a couple of|dozens of)\s+)?({UNIT_RX})", s)
    plural = vague is not None and vague.group(2).endswith("s") and vague.group(2) not in ("s", "hrs", "secs", "mins")
    if vague and (vague.group(1) or plural):
        mult = DURATION_UNITS[vague.group(2)]
        word = vague.group(1) or vague.group(2)
        lo, hi = {"several": (3, 9), "a few": (2, 5), "a couple of": (2, 3), "dozens of": (24, 144)}.get(
            vague.group(1) or "", (2, 9 if mult >= YEAR * 10 else 23 if mult == HOUR else 11)
        )
        return Value(lo * mult, hi * mult, (lo + hi) / 2 * mult, False, word, "vague", "s", mult)
    total, step, pos = 0.0, INF, 0
    for piece in DUR_PIECE.finditer(s):
        if piece.start() != pos:
            return None
        pos = piece.end()
        num = piece.group("num").strip().removeprefix("and ").strip(", ")
        mult = DURATION_UNITS[piece.group("unit")]
        if num in ("", "a", "an", "one"):
            got: tuple[float, float] | None = (1.0, 1.0)
        elif num in ("half a", "half an"):
            got = (0.5, 0.5)
        elif num in ("a quarter of an", "quarter of an", "a quarter of a"):
            got = (0.25, 0.25)
        else:
            got = _number(num)
        if got is None:
            return None
        value, num_step = got
        if piece.group("half"):
            frac = 0.5 if "half" in piece.group("half") else 0.25
            value += frac
            num_step = frac
        total += value * mult
        step = min(step, num_step * mult)
    if pos == 0 or s[pos:].strip():
        return None
    return _hedged(total, step, hedge, "s")


# ------------------------------------------------------------------------------------------------------ clock times

# Standard offsets from UTC in minutes; summer-time zones carry their own (EDT, BST, CEST ...). "ET"/"PT" and the
# other generic names take the standard offset: no date-dependent daylight saving.
ZONE_OFFSETS = {
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "WET": 0,
    "BST": 60,
    "IST": 330,
    "CET": 60,
    "CEST": 120,
    "WEST": 60,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "TRT": 180,
    "EAT": 180,
    "CAT": 120,
    "SAST": 120,
    "WAT": 60,
    "GST": 240,
    "PKT": 300,
    "ICT": 420,
    "WIB": 420,
    "SGT": 480,
    "HKT": 480,
    "PHT": 480,
    "AWST": 480,
    "JST": 540,
    "KST": 540,
    "ACST": 570,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
    "EST": -300,
    "EDT": -240,
    "ET": -300,
    "CST": -360,
    "CDT": -300,
    "CT": -360,
    "MST": -420,
    "MDT": -360,
    "MT": -420,
    "PST": -480,
    "PDT": -420,
    "PT": -480,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "AST": -240,
    "ADT": -180,
    "NST": -210,
    "BRT": -180,
    "ART": -180,
}
ZONE_RX = "|".join(sorted(ZONE_OFFSETS, key=len, reverse=True))
TIME_HEDGE_RX = "|".join(sorted(map(re.escape, TIME_HEDGES), key=len, reverse=True))
CLOCK_RX = re.compile(
    rf"(?:\b(?P<hedge>{TIME_HEDGE_RX})\s+)?"
    r"(?:(?P<h12>\d{1,2})(?:[:.](?P<m12>\d{2}))?\s?(?P<ap>[ap])\.?\s?m\b\.?"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})(?![\d:])"
    r"|(?<![\d,.])(?P<hm>[012]\d[0-5]\d)(?=\s?(?:hours?\b|hrs\b|h\b|local\b|" + ZONE_RX + r"\b))"
    r"|(?P<word>noon|midday|midnight))"
    rf"(?:\s?(?:hours?|hrs|h)\b)?(?:\s?\(?(?P<zone>{ZONE_RX})\b|\s(?P<local>local time|local)\b)?",
    re.IGNORECASE,
)


def zone_offset(zone: str) -> int | None:
    """Offset from UTC in minutes of a zone abbreviation ("EDT" -240), None when unknown."""
    return ZONE_OFFSETS.get(zone.upper().replace(".", ""))


def _clock(m: re.Match[str]) -> ClockTime | None:
    if m.group("word"):
        minutes = 0 if m.group("word").lower() == "midnight" else 720
    elif m.group("h12"):
        h, mi = int(m.group("h12")), int(m.group("m12") or 0)
        if not 1 <= h <= 12 or mi > 59:
            return None
        minutes = (h % 12 + (12 if m.group("ap").lower() == "p" else 0)) * 60 + mi
    elif m.group("h24"):
        h, mi = int(m.group("h24")), int(m.group("m24"))
        if h > 23 or mi > 59:
            return None
        minutes = h * 60 + mi
    else:
        h, mi = int(m.group("hm")[:2]), int(m.group("hm")[2:])
        if h > 23:
            return None
        minutes = h * 60 + mi
    zone = (m.group("zone") or "").upper() or ("local" if m.group("local") else "")
    offset = ZONE_OFFSETS.get(zone)
    utc = (minutes - offset) % 1440 if offset is not None else None
    return ClockTime(minutes, zone, utc, (m.group("hedge") or "").lower())


def clock_spans(text: str) -> list[tuple[int, int, ClockTime]]:
    """Every clock time in ``text`` with its character offsets, in order; a zoneless time followed by a zoned one in
    parentheses ("6pm (2300 GMT)") takes its UTC minute from it, and the span covers both."""
    out: list[tuple[int, int, ClockTime]] = []
    found = [(m, _clock(m)) for m in CLOCK_RX.finditer(text)]
    skip = -1
    for i, (m, t) in enumerate(found):
        if t is None or i == skip:
            continue
        end = m.end()
        if i + 1 < len(found) and t.utc is None:
            nm, nt = found[i + 1]
            between = text[m.end() : nm.start()]
            if nt is not None and nt.utc is not None and re.fullmatch(r"\s*[(\[,/-]\s*", between):
                t = ClockTime(t.minutes, t.zone, nt.utc, t.hedge)
                skip = i + 1
                end = nm.end() + (1 if text[nm.end() : nm.end() + 1] in ")]" and "(" in between else 0)
                end = min(end, len(text))
        out.append((m.start(), end, t))
    return out


def clock_times(text: str) -> list[ClockTime]:
    """Every clock time in ``text`` in order (see :func:`clock_spans`)."""
    return [t for _, _, t in clock_spans(text)]


def parse_clock(text: str) -> ClockTime | None:
    """The first clock time in ``text`` ("shortly before 6pm (2300 GMT)", "6 p.m. ET", "0900 GMT", "noon")."""
    times = clock_times(text)
    return times[0] if times else None


def _clock_compatible(a: ClockTime, b: ClockTime) -> bool | None:
    if a.utc is not None and b.utc is not None:
        ma, mb = a.utc, b.utc
    elif a.utc is None and b.utc is None and (a.zone == b.zone or not a.zone or not b.zone):
        ma, mb = a.minutes, b.minutes
    else:
        return None
    d = (mb - ma + 720) % 1440 - 720
    (alo, ahi), (blo, bhi) = a.window, b.window
    return max(alo, d + blo) <= min(ahi, d + bhi)


# ----------------------------------------------------------------------------------------------------------- dates

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RX = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH_RX = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"


def _weekday_index(word: str) -> int:
    w = word.lower().rstrip(".")[:3]
    return [d[:3] for d in WEEKDAYS].index(w)


def _month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _day(d: date, text: str) -> DateRange:
    return DateRange(d, d, text)


def resolve_date(text: str, published: date | datetime, tense: str | None = None) -> DateRange | None:
    """The days that the date expression in ``text`` means when written on ``published``.

    "yesterday", "on Friday" (the most recent Friday on or before ``published``; with ``tense="future"`` the next
    one on or after it), "last week", "this month", "earlier this month", "last year", "next Tuesday", "Nov. 16"
    (the published year; with ``tense`` "past"/"future" the year that puts it before/after ``published``),
    "Nov. 16, 2019", "March 2019", "in 2019", "the 1990s". None when there is no date in ``text``.
    """
    pub = published.date() if isinstance(published, datetime) else published
    s = " ".join(text.lower().replace("\u2019", "'").split())
    y = pub.year

    def pick_year(mo: int, d: int) -> int:
        got = _safe_date(y, mo, d) or date(y, mo, 28)
        if tense == "past" and got > pub + timedelta(days=1):
            return y - 1
        if tense == "future" and got < pub - timedelta(days=1):
            return y + 1
        return y

    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", s)
    if m:
        got = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if got:
            return _day(got, text)
    m = re.search(rf"\b(?P<mon>{MONTH_RX})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:1[89]|20)\d\d)\b)?", s)
    if not m:
        m = re.search(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_RX})"
            rf"(?:,?\s+(?P<y>(?:1[89]|20)\d\d)\b)?",
            s,
        )
    if m:
        mo, d = MONTHS[m.group("mon").rstrip(".")], int(m.group("d"))
        year = int(m.group("y")) if m.group("y") else pick_year(mo, d)
        got = _safe_date(year, mo, d)
        if got:
            return _day(got, text)
    m = re.search(
        rf"\b(?:(?P<rel>last|this|next|early|late|mid|earlier|later)[\s-]+(?:in\s+)?)?(?P<mon>{MONTH_RX})"
        rf"(?:,?\s+(?P<y>(?:1[89]|20)\d\d))?\b",
        s,
    )
    if m and (m.group("y") or m.group("rel") or re.search(rf"\b(?:in|since|until|by|from|during)\s+{MONTH_RX}\b", s)):
        mo = MONTHS[m.group("mon").rstrip(".")]
        if m.group("y"):
            year = int(m.group("y"))
        elif m.group("rel") == "last":
            year = y if mo < pub.month else y - 1
        elif m.group("rel") == "next":
            year = y if mo > pub.month else y + 1
        else:
            year = pick_year(mo, 1) if tense else y
            if tense == "past" and mo > pub.month:
                year = y - 1
        return DateRange(date(year, mo, 1), _month_end(year, mo), text)
    m = re.search(rf"\b(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<wd>{WEEKDAY_RX})(?![a-z])", s)
    if m:
        wd = _weekday_index(m.group("wd"))
        back = (pub.weekday() - wd) % 7
        ahead = (wd - pub.weekday()) % 7
        rel = m.group("rel")
        if rel in ("last", "past"):
            got = pub - timedelta(days=back or 7)
        elif rel in ("next", "coming"):
            got = pub + timedelta(days=ahead or 7)
        elif rel == "this":
            got = pub - timedelta(days=pub.weekday()) + timedelta(days=wd)
        elif tense == "future":
            got = pub + timedelta(days=ahead)
        else:
            got = pub - timedelta(days=back)
        return _day(got, text)
    m = re.search(r"\b(?P<n>a few|[\w-]+(?: and a half)?)\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b", s)
    if m:
        n = {"a": 1.0, "an": 1.0, "a few": 3.0, "several": 4.0}.get(m.group("n")) or number_value(m.group("n"))
        if m.group("n") in ("a few", "several", "some"):
            unit_days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}[m.group("unit")]
            return DateRange(pub - timedelta(days=9 * unit_days), pub - timedelta(days=2 * unit_days), text)
        if n is not None:
            unit = m.group("unit")
            if unit in ("day", "week"):
                got = pub - timedelta(days=round(n * (7 if unit == "week" else 1)))
                return (
                    _day(got, text)
                    if unit == "day"
                    else DateRange(got - timedelta(days=3), got + timedelta(days=3), text)
                )
            months = round(n * {"month": 1, "year": 12, "decade": 120}[unit])
            y0, m0 = divmod(pub.year * 12 + pub.month - 1 - months, 12)
            if unit == "month":
                return DateRange(date(y0, m0 + 1, 1), _month_end(y0, m0 + 1), text)
            return DateRange(date(y0, 1, 1), date(y0, 12, 31), text)
    if re.search(r"\b(?:the day before yesterday)\b", s):
        return _day(pub - timedelta(days=2), text)
    if re.search(r"\b(?:yesterday|last night)\b", s):
        return _day(pub - timedelta(days=1), text)
    if re.search(r"\b(?:tomorrow)\b", s):
        return _day(pub + timedelta(days=1), text)
    if re.search(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", s):
        return _day(pub, text)
    m = re.search(
        r"\b(?P<rel>earlier|later|last|this|next|previous|past|coming)\s+(?:this\s+)?"
        r"(?P<unit>week|weekend|month|year)\b",
        s,
    )
    if m:
        rel, unit = m.group("rel"), m.group("unit")
        if rel in ("earlier", "later"):
            rel_kind = rel
            rel = "this"
        else:
            rel_kind = ""
        shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
        if unit == "week":
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=shift)
            start, end = monday, monday + timedelta(days=6)
        elif unit == "weekend":
            sat = pub - timedelta(days=pub.weekday()) + timedelta(days=5)
            if shift == -1 or (shift == 0 and tense == "past" and sat > pub):
                sat -= timedelta(weeks=1)
            elif shift == 1 and sat <= pub:
                sat += timedelta(weeks=1)
            start, end = sat, sat + timedelta(days=1)
        elif unit == "month":
            mo, yr = pub.month + shift, y
            if mo < 1:
                mo, yr = 12, y - 1
            elif mo > 12:
                mo, yr = 1, y + 1
            start, end = date(yr, mo, 1), _month_end(yr, mo)
        else:
            start, end = date(y + shift, 1, 1), date(y + shift, 12, 31)
        if rel_kind == "earlier":
            end = min(end, pub)
        elif rel_kind == "later":
            start = max(start, pub)
        return DateRange(start, end, text)
    m = re.search(r"\b(?:the\s+)?((?:1[89]|20)\d)0s\b", s)
    if m:
        decade = int(m.group(1)) * 10
        return DateRange(date(decade, 1, 1), date(decade + 9, 12, 31), text)
    m = re.search(r"(?<![\d$.,])\b((?:1[89]|20)\d\d)\b(?![\d%])", s)
    if m:
        year = int(m.group(1))
        return DateRange(date(year, 1, 1), date(year, 12, 31), text)
    return None


def _dates_compatible(a: DateRange, b: DateRange) -> bool:
    return a.start <= b.end and b.start <= a.end


# ------------------------------------------------------------------------------------------------------ comparison


def _interval(v: Value, widen: bool = False) -> tuple[float, float]:
    lo, hi = v.low, v.high
    if widen and v.bound == "exact" and v.step >= 100:
        lo, hi = lo - v.step / 2, hi + v.step / 2  # "3,000" may be a rounded 3,100
    if v.strict:
        eps = 1e-9 * max(1.0, abs(v.nominal))
        if v.bound == "lower":
            lo += eps
        else:
            hi -= eps
    return lo, hi


def ratio(a: Value, b: Value) -> float:
    """The factor between the numbers two values state (1.0 when their stated ranges overlap; inf when one is 0 and
    the other is not). Callers can treat a factor of 2 or more as a conflict whatever the hedges say."""
    (alo, ahi), (blo, bhi) = a.core, b.core
    if alo <= bhi and blo <= ahi:
        return 1.0
    small, big = (ahi, blo) if ahi < blo else (bhi, alo)
    if small <= 0:
        return INF
    return big / small


def _hedge_class(v: Value) -> str:
    return v.bound if v.bound != "approx" else "approx"


def compare(a: Value, b: Value) -> Comparison | None:
    """How two values relate (see :class:`Comparison`); None when their units differ."""
    if a.unit != b.unit:
        return None
    r = ratio(a, b)
    same_number = math.isclose(a.nominal, b.nominal, rel_tol=1e-9, abs_tol=1e-9)
    same_hedge = a.bound == b.bound and (a.hedge == b.hedge or a.bound in ("approx", "exact"))
    same_range = a.bound not in ("range", "vague") or (a.low, a.high) == (b.low, b.high)
    if same_number and same_hedge and same_range:
        return Comparison("same", r)
    if same_number and a.bound not in ("range", "vague") and b.bound not in ("range", "vague"):
        return Comparison("hedge_dropped" if a.exact or b.exact else "hedge_changed", r)
    if not _values_compatible(a, b):
        return Comparison("conflict", r)
    if a.bound in ("exact", "approx") and b.bound in ("exact", "approx"):
        return Comparison("rounding", r)
    return Comparison("compatible", r)


def _values_compatible(a: Value, b: Value) -> bool:
    """Overlap, letting one side at a time stand for a rounded number ("300" holds 290; "1.5 million" and "1.6
    million" are two different roundings)."""
    for wa, wb in ((True, False), (False, True)):
        (alo, ahi), (blo, bhi) = _interval(a, wa), _interval(b, wb)
        point = alo == ahi or blo == bhi  # a stated point may sit on the other's edge ("at least 15" holds 15)
        if (alo < bhi and blo < ahi) or (point and alo <= bhi and blo <= ahi):
            return True  # two widened intervals that only touch ("3.5" as 3.45-3.55, "about 3.6" from 3.55) do not
    return False


def compatible(a: Value | ClockTime | DateRange, b: Value | ClockTime | DateRange) -> bool | None:
    """Whether two normalised values of one kind can both be true: overlapping intervals, with conventional rounding
    ("nearly 300" and "290", "about 3,000" and "3,100"), bounds ("at least 15" and "17" yes, "more than 20" and "15"
    no), time windows compared in UTC when both zones are known, date ranges overlapping. None when they cannot be
    compared (different kinds or units, or one clock time has an unknown zone)."""
    if isinstance(a, Value) and isinstance(b, Value):
        return None if a.unit != b.unit else _values_compatible(a, b)
    if isinstance(a, ClockTime) and isinstance(b, ClockTime):
        return _clock_compatible(a, b)
    if isinstance(a, DateRange) and isinstance(b, DateRange):
        return _dates_compatible(a, b)
    return None
