"""Date expressions resolved against the article's published date ("yesterday", "on Friday", "March 3", "last
week"), as :class:`DateRange`."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from checker.normalize.numbers import number_value
from checker.records import DateRange

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


def _pick_year(pub: date, tense: str | None, mo: int, d: int) -> int:
    """The year of a day and month with no year: the published year, or the one before/after that the tense asks."""
    y = pub.year
    got = _safe_date(y, mo, d) or date(y, mo, 28)
    if tense == "past" and got > pub + timedelta(days=1):
        return y - 1
    if tense == "future" and got < pub - timedelta(days=1):
        return y + 1
    return y


def _iso(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", s)
    got = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    return _day(got, text) if got else None


def _month_day(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    """ "Nov. 16", "16th of November 2019"."""
    m = re.search(rf"\b(?P<mon>{MONTH_RX})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:1[89]|20)\d\d)\b)?", s)
    if not m:
        m = re.search(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_RX})"
            rf"(?:,?\s+(?P<y>(?:1[89]|20)\d\d)\b)?",
            s,
        )
    if not m:
        return None
    mo, d = MONTHS[m.group("mon").rstrip(".")], int(m.group("d"))
    year = int(m.group("y")) if m.group("y") else _pick_year(pub, tense, mo, d)
    got = _safe_date(year, mo, d)
    return _day(got, text) if got else None


def _month(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    """ "March 2019", "last March", "in March"."""
    m = re.search(
        rf"\b(?:(?P<rel>last|this|next|early|late|mid|earlier|later)[\s-]+(?:in\s+)?)?(?P<mon>{MONTH_RX})"
        rf"(?:,?\s+(?P<y>(?:1[89]|20)\d\d))?\b",
        s,
    )
    if not m or not (
        m.group("y") or m.group("rel") or re.search(rf"\b(?:in|since|until|by|from|during)\s+{MONTH_RX}\b", s)
    ):
        return None
    y = pub.year
    mo = MONTHS[m.group("mon").rstrip(".")]
    if m.group("y"):
        year = int(m.group("y"))
    elif m.group("rel") == "last":
        year = y if mo < pub.month else y - 1
    elif m.group("rel") == "next":
        year = y if mo > pub.month else y + 1
    else:
        year = _pick_year(pub, tense, mo, 1) if tense else y
        if tense == "past" and mo > pub.month:
            year = y - 1
    return DateRange(date(year, mo, 1), _month_end(year, mo), text)


def _weekday(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    """ "on Friday", "last Tuesday", "next Monday"."""
    m = re.search(rf"\b(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<wd>{WEEKDAY_RX})(?![a-z])", s)
    if not m:
        return None
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


def _ago(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    """ "three days ago", "a few weeks ago", "two years ago"."""
    m = re.search(r"\b(?P<n>a few|[\w-]+(?: and a half)?)\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b", s)
    if not m:
        return None
    n = {"a": 1.0, "an": 1.0, "a few": 3.0, "several": 4.0}.get(m.group("n")) or number_value(m.group("n"))
    if m.group("n") in ("a few", "several", "some"):
        unit_days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}[m.group("unit")]
        return DateRange(pub - timedelta(days=9 * unit_days), pub - timedelta(days=2 * unit_days), text)
    if n is None:
        return None
    unit = m.group("unit")
    if unit in ("day", "week"):
        got = pub - timedelta(days=round(n * (7 if unit == "week" else 1)))
        return _day(got, text) if unit == "day" else DateRange(got - timedelta(days=3), got + timedelta(days=3), text)
    months = round(n * {"month": 1, "year": 12, "decade": 120}[unit])
    y0, m0 = divmod(pub.year * 12 + pub.month - 1 - months, 12)
    if unit == "month":
        return DateRange(date(y0, m0 + 1, 1), _month_end(y0, m0 + 1), text)
    return DateRange(date(y0, 1, 1), date(y0, 12, 31), text)


NAMED_DAYS = (
    (r"\b(?:the day before yesterday)\b", -2),
    (r"\b(?:yesterday|last night)\b", -1),
    (r"\b(?:tomorrow)\b", 1),
    (r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", 0),
)


def _named_day(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    for rx, shift in NAMED_DAYS:
        if re.search(rx, s):
            return _day(pub + timedelta(days=shift), text)
    return None


def _period(unit: str, shift: int, pub: date, tense: str | None) -> tuple[date, date]:
    """The week, weekend, month or year ``shift`` periods from the one ``pub`` falls in."""
    y = pub.year
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=shift)
        return monday, monday + timedelta(days=6)
    if unit == "weekend":
        sat = pub - timedelta(days=pub.weekday()) + timedelta(days=5)
        if shift == -1 or (shift == 0 and tense == "past" and sat > pub):
            sat -= timedelta(weeks=1)
        elif shift == 1 and sat <= pub:
            sat += timedelta(weeks=1)
        return sat, sat + timedelta(days=1)
    if unit == "month":
        mo, yr = pub.month + shift, y
        if mo < 1:
            mo, yr = 12, y - 1
        elif mo > 12:
            mo, yr = 1, y + 1
        return date(yr, mo, 1), _month_end(yr, mo)
    return date(y + shift, 1, 1), date(y + shift, 12, 31)


def _relative_period(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    """ "last week", "this month", "earlier this year", "next weekend"."""
    m = re.search(
        r"\b(?P<rel>earlier|later|last|this|next|previous|past|coming)\s+(?:this\s+)?"
        r"(?P<unit>week|weekend|month|year)\b",
        s,
    )
    if not m:
        return None
    rel, unit = m.group("rel"), m.group("unit")
    if rel in ("earlier", "later"):
        rel_kind = rel
        rel = "this"
    else:
        rel_kind = ""
    shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    start, end = _period(unit, shift, pub, tense)
    if rel_kind == "earlier":
        end = min(end, pub)
    elif rel_kind == "later":
        start = max(start, pub)
    return DateRange(start, end, text)


def _decade(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    m = re.search(r"\b(?:the\s+)?((?:1[89]|20)\d)0s\b", s)
    if not m:
        return None
    decade = int(m.group(1)) * 10
    return DateRange(date(decade, 1, 1), date(decade + 9, 12, 31), text)


def _year(s: str, pub: date, tense: str | None, text: str) -> DateRange | None:
    m = re.search(r"(?<![\d$.,])\b((?:1[89]|20)\d\d)\b(?![\d%])", s)
    if not m:
        return None
    year = int(m.group(1))
    return DateRange(date(year, 1, 1), date(year, 12, 31), text)


# tried in this order; the first that reads a date wins
RESOLVERS = (_iso, _month_day, _month, _weekday, _ago, _named_day, _relative_period, _decade, _year)


def resolve_date(text: str, published: date | datetime, tense: str | None = None) -> DateRange | None:
    """The days that the date expression in ``text`` means when written on ``published``.

    "yesterday", "on Friday" (the most recent Friday on or before ``published``; with ``tense="future"`` the next
    one on or after it), "last week", "this month", "earlier this month", "last year", "next Tuesday", "Nov. 16"
    (the published year; with ``tense`` "past"/"future" the year that puts it before/after ``published``),
    "Nov. 16, 2019", "March 2019", "in 2019", "the 1990s". None when there is no date in ``text``.
    """
    pub = published.date() if isinstance(published, datetime) else published
    s = " ".join(text.lower().replace("\u2019", "'").split())
    for resolve in RESOLVERS:
        got = resolve(s, pub, tense, text)
        if got is not None:
            return got
    return None
