"""Clock times with their zones ("6 p.m. ET", "0900 GMT", "noon"), as :class:`ClockTime` (the UTC minute when the
zone is known)."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from checker.lexicon import TIME_HEDGES
from checker.records import ClockTime

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


@lru_cache(maxsize=1)
def _place_zones() -> dict[str, str]:
    """Place name (lower case) -> IANA time zone, from the tz database's own tables (the ``tzdata`` package): every
    zone's city ("tokyo", "new york", "jakarta") and every country that has one zone only ("japan", "south korea")."""
    from importlib.resources import files

    root = files("tzdata").joinpath("zoneinfo")
    zones_of: dict[str, list[str]] = {}
    places: dict[str, str] = {}
    for line in root.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _, zone = line.split("\t")[:3]
        zones_of.setdefault(code, []).append(zone)
        places[zone.rsplit("/", 1)[-1].replace("_", " ").lower()] = zone
    for line in root.joinpath("iso3166.tab").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, name = line.split("\t")[:2]
        if len(zones_of.get(code, [])) != 1:
            continue
        m = re.fullmatch(r"(.+) \((South|North)\)", name)  # "Korea (South)"
        for n in ([f"{m.group(2)} {m.group(1)}"] if m else []) + [name]:
            places.setdefault(n.lower(), zones_of[code][0])
    return places


def place_zone(place: str) -> str | None:
    """The IANA time zone of a place named in the text ("Tokyo", "Seoul", "Japan"), None when unknown or when the
    place spans several zones ("Indonesia", "the United States")."""
    return _place_zones().get(re.sub(r"^the\s+", "", place.strip().lower()))


def local_to_utc(clock: ClockTime, zone: str, day: date | None) -> ClockTime | None:
    """``clock``, a local time at a place in ``zone``, with its UTC minute: the offset on ``day``; with no day, only
    for a zone whose offset is the same all year (no daylight saving time). The zone name is kept in ``zone``
    (it has a "/"), so a comparison knows the conversion was inferred from the place."""
    tz = ZoneInfo(zone)
    if day is None:
        winter = datetime(2001, 1, 15, 12, tzinfo=tz).utcoffset()
        summer = datetime(2001, 7, 15, 12, tzinfo=tz).utcoffset()
        if winter is None or winter != summer:
            return None
        offset = winter
    else:
        got = datetime(day.year, day.month, day.day, clock.minutes // 60, clock.minutes % 60, tzinfo=tz).utcoffset()
        if got is None:
            return None
        offset = got
    minutes = int(offset.total_seconds() // 60)
    return ClockTime(clock.minutes, zone, (clock.minutes - minutes) % 1440, clock.hedge)
