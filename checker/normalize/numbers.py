"""Numbers and number words, hedges ("at least", "about"), ranges and vague quantities, as :class:`Value` intervals.

Pure functions, no spaCy: "eleven" is 11, "at least 15" is [15, inf), "between 10 and 15" is [10, 15], "$2.3bn" is
2.3e9 in dollars, "hundreds" is a vague interval.
"""

from __future__ import annotations

import math
import re

from checker.records import Value

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


def clean_phrase(text: str) -> str:
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


Step = tuple[float, float]  # (value, step): the number and the unit of its last stated digit


def _digits(s: str) -> tuple[bool, Step | None]:
    """ "1,500", "2.3bn", "5k", "3 dozen": (matched, its value)."""
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?|\.\d+)\s?([a-z]+)?", s)
    if not m:
        return False, None
    num, scale = m.group(1), m.group(2)
    if "," in num and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", num):
        return True, None
    value, step = float(num.replace(",", "")), _digit_step(num)
    if scale is None:
        return True, (value, step)
    mult = SCALES.get(scale) or SCALE_ABBREV.get(scale)
    if mult is None and scale in ("dozen",):
        mult = 12
    if mult is None:
        return True, None
    return True, (value * mult, min(step, 1.0) * mult if mult > 12 else step * mult)


def _digits_and_scale(s: str) -> tuple[bool, Step | None]:
    """ "1.5 million", "3 hundred"."""
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s(hundred|thousand|million|billion|trillion|dozen)", s)
    if not m:
        return False, None
    mult = {"hundred": 100.0, "dozen": 12.0}.get(m.group(2)) or SCALES[m.group(2)]
    return True, (float(m.group(1).replace(",", "")) * mult, min(_digit_step(m.group(1)), 1.0) * mult)


def _half_of(s: str) -> tuple[bool, Step | None]:
    """ "half a dozen", "half a million"."""
    m = re.fullmatch(r"half an? (.+)", s)
    if not m:
        return False, None
    inner = number_step("one " + m.group(1)) if m.group(1) in ("dozen", "hundred", *SCALES) else None
    return True, ((inner[0] / 2, inner[1] / 2) if inner else None)


def _and_a_fraction(s: str) -> tuple[bool, Step | None]:
    """ "two and a half", "three and three quarters"."""
    m = re.fullmatch(r"(.+?) and (an?|one|three) (half|quarter|third|quarters|thirds)", s)
    if not m:
        return False, None
    whole = number_step(m.group(1))
    frac = number_step(m.group(2) + " " + m.group(3))
    if whole is None or frac is None:
        return True, None
    return True, (whole[0] + frac[0], frac[1])


def _number_word(
    w: str, last: bool, seen: bool, total: float, current: float, step: float
) -> tuple[float, float, float] | None:
    """One word of a number in words ("two hundred and fifty thousand"): the new (total, current, step), or None
    when the word is no part of a number."""
    if w in SMALL:
        return total, current + SMALL[w], 1.0
    if w in TENS:
        return total, current + TENS[w], 10.0 if last else 1.0
    if w in ("hundred", "hundreds") and seen:
        return total, (current or 1) * 100, 100.0
    if w in SCALES and seen:
        return total + (current or 1) * SCALES[w], 0.0, min(step, 1.0) * SCALES[w] if current else SCALES[w]
    if w in ("dozen", "dozens") and seen:
        return total, (current or 1) * 12, 12.0
    if w in FRACTIONS and seen and last:
        return total, (current or 1) * FRACTIONS[w], FRACTIONS[w]
    if w == "and" and seen:
        return total, current, step
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", w) and not seen:
        return total, float(w.replace(",", "")), _digit_step(w)
    return None


def _number_words(words: list[str]) -> Step | None:
    """ "two hundred and fifty", "a dozen", "1.5 million" (a digit may start it)."""
    if words[0] in ("a", "an") and len(words) > 1:
        words[0] = "one"
    total, current, step, seen = 0.0, 0.0, 1.0, False
    for i, w in enumerate(words):
        got = _number_word(w, i == len(words) - 1, seen, total, current, step)
        if got is None:
            return None
        total, current, step = got
        seen = True
    return total + current, step


def number_step(text: str) -> Step | None:
    """(value, step) of a bare number phrase, or None."""
    s = clean_phrase(text)
    if not s:
        return None
    for form in (_digits, _digits_and_scale, _half_of, _and_a_fraction):
        matched, got = form(s)
        if matched:
            return got
    if s in ("a", "an"):
        return None
    return _number_words(s.split())


def number_value(text: str) -> float | None:
    """The value of a number phrase in digits or words: "eleven" 11, "two dozen" 24, "1.5 million", "$2.3bn" 2.3e9,
    "one and a half" 1.5, "three quarters" 0.75, "half a million" 5e5; None when it is not one."""
    s = clean_phrase(text)
    cur = re.match(r"^(us\$|a\$|c\$|hk\$|[$€£¥])\s?", s)
    if cur:
        s = s[cur.end() :]
    got = number_step(s)
    return got[0] if got else None


def ordinal_value(text: str) -> int | None:
    """The rank of an ordinal: "third" 3, "21st" 21, "twenty-first" 21, "last" -1; None when it is not one."""
    s = clean_phrase(text)
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


def hedged(nominal: float, step: float, hedge: str, unit: str) -> Value:
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
    while " " in b and number_step(_split_unit(b)[0]) is None:
        b = b.rsplit(" ", 1)[0]  # "60 people" -> "60"
    a, unit_a = _split_unit(a)
    b, unit_b = _split_unit(b)
    unit = unit or unit_a or unit_b
    left, right = number_step(a), number_step(b)
    if left is None or right is None:
        # "2 to 3 million": the scale of the right side applies to the left
        tail = re.search(r"\s(hundred|thousand|million|billion|trillion|bn|m)$", b)
        if right is not None and tail and left is None:
            left = number_step(a + " " + tail.group(1))
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
        left = number_step(a + " " + tail.group(1)) or left
    lo, hi = sorted((left[0], right[0]))
    if lo == hi:
        return None
    return Value(lo, hi, (lo + hi) / 2, False, "", "range", unit, min(left[1], right[1]))


def _suffixed(hedge: str, rest: str) -> tuple[str, str, str]:
    """(hedge, phrase, unit) once a trailing "or more", "or so", "+" is read as the hedge ("20 or more" is "at least
    20"), also before a percent sign ("20-plus %")."""
    s = clean_phrase(rest)
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
    return hedge, s, text_unit


def _share(s: str, hedge: str) -> Value | None:
    """ "one in five", "3 out of 10 voters": a share in percent."""
    frac = re.fullmatch(r"(\S+) (?:in|out of) (\S+)(?: [a-z]+)?", s)
    if frac:
        part, whole = number_step(frac.group(1)), number_step(frac.group(2))
        if part and whole and 0 < part[0] <= whole[0]:
            share = 100 * part[0] / whole[0]  # "one in five" is 20%
            return hedged(share, min(1.0, 100 / whole[0]), hedge, "%")
    return None


def _vague(s: str, hedge: str) -> Value | None:
    """ "hundreds", "tens of thousands", "at least dozens"."""
    for vague in sorted(VAGUE, key=len, reverse=True):
        if s == vague or s.startswith(vague + " "):
            lo, hi = VAGUE[vague]
            base = Value(lo, hi, (lo + hi) / 2, False, vague, "vague", "", lo)
            if hedge in LOWER_HEDGES:
                return Value(lo, INF, lo, False, hedge, "lower", "", lo)
            return base
    return None


def _before_noun(s: str, unit: str) -> tuple[Step | None, str]:
    """A number followed by a noun: the longest prefix that is a number ("two dozen people" -> "two dozen"), and the
    unit the words after it may give."""
    words = s.split()
    for n in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:n]), " ".join(words[n:])
        head2, unit2 = _split_unit(head)
        if tail in ("and a half",):
            continue
        got = number_step(head2)
        if got is not None:
            return got, unit or unit2 or _split_unit("1 " + tail.split()[0])[1]
    return None, unit


def parse_value(text: str) -> Value | None:
    """A hedged number, range or vague quantity: "at least 15", "nearly two dozen", "between 10 and 15", "10-15",
    "hundreds", "tens of thousands", "$2.3bn", "about 40%"; a trailing noun ("15 people") is ignored.
    None when no number leads the phrase."""
    hedge, rest = split_hedge(text)
    hedge, s, text_unit = _suffixed(hedge, rest)
    share = _share(s, hedge)
    if share is not None:
        return share
    vague = _vague(s, hedge)
    if vague is not None:
        return vague
    s, unit = _split_unit(s)
    unit = unit or text_unit
    got = number_step(s)
    if got is None:
        got, unit = _before_noun(s, unit)
        if got is None:
            ranged = _range(s, unit)
            if ranged is not None and hedge:
                return Value(ranged.low, ranged.high, ranged.nominal, False, hedge, "range", ranged.unit, ranged.step)
            return ranged
    if not hedge:
        ranged = _range(s, unit)
        if ranged is not None and not re.fullmatch(r"\d{1,3}(,\d{3})+", s):
            return ranged
    return hedged(got[0], got[1], hedge, unit)
