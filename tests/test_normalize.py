"""Normalised values: number words, hedges, ranges, durations, clock times and zones, relative dates, comparison."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from checker import normalize as N

HOUR = 3600.0
YEAR = 365.25 * 86400


# ------------------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "text,value",
    [
        ("eleven", 11),
        ("Eleven", 11),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("ninety-nine", 99),
        ("two dozen", 24),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("three quarters", 0.75),
        ("a half", 0.5),
        ("a quarter", 0.25),
        ("two thirds", 2 / 3),
        ("one and a half", 1.5),
        ("eight and a half", 8.5),
        ("three hundred and five", 305),
        ("a hundred", 100),
        ("two thousand", 2000),
        ("half a million", 500_000),
        ("1.5 million", 1_500_000),
        ("3 million", 3_000_000),
        ("$2.3bn", 2.3e9),
        ("£450m", 450e6),
        ("€5 billion", 5e9),
        ("10k", 10_000),
        ("1,200", 1200),
        ("17", 17),
        ("0.25", 0.25),
    ],
)
def test_number_value(text, value):
    assert N.number_value(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "people", "the", "a", "dozen people were hurt", "1,2345"])
def test_not_a_number(text):
    assert N.number_value(text) is None


@pytest.mark.parametrize(
    "text,rank",
    [
        ("third", 3),
        ("21st", 21),
        ("twenty-first", 21),
        ("2nd", 2),
        ("last", -1),
        ("second", 2),
        ("tenth", 10),
        ("people", None),
    ],
)
def test_ordinal_value(text, rank):
    assert N.ordinal_value(text) == rank


# -------------------------------------------------------------------------------------------------------- hedges


@pytest.mark.parametrize(
    "text,bound,hedge,low,high",
    [
        ("at least 15", "lower", "at least", 15, math.inf),
        ("more than 20 passengers", "lower", "more than", 20, math.inf),
        ("over 300 homes", "lower", "over", 300, math.inf),
        ("upwards of 200", "lower", "upwards of", 200, math.inf),
        ("up to 30", "upper", "up to", 0, 30),
        ("at most 4", "upper", "at most", 0, 4),
        ("fewer than 10 voters", "upper", "fewer than", 0, 10),
        ("less than 5%", "upper", "less than", 0, 5),
        ("under 40", "upper", "under", 0, 40),
        ("as many as 100", "upper", "as many as", 0, 100),
        ("no more than 12", "upper", "no more than", 0, 12),
        ("about 3,000", "approx", "about", 2500, 3500),
        ("around 40 people", "approx", "around", 35, 45),
        ("roughly 1.5 million", "approx", "roughly", 1.45e6, 1.55e6),  # precise: half its last digit
        ("nearly 300", "approx", "nearly", 250, 300),
        ("almost 90", "approx", "almost", 81, 90),
        ("approximately 60", "approx", "approximately", 54, 66),
        ("some 40 passengers", "approx", "some", 35, 45),
        ("an estimated 5,000 people", "approx", "an estimated", 4500, 5500),
        ("close to 1,000", "approx", "close to", 500, 1000),
        ("nearly two dozen", "approx", "nearly", 18, 24),
        ("more than a dozen", "lower", "more than", 12, math.inf),
        ("200 or more", "lower", "at least", 200, math.inf),
        ("80-plus", "lower", "at least", 80, math.inf),
        ("500+", "lower", "at least", 500, math.inf),
    ],
)
def test_hedges_to_bounds(text, bound, hedge, low, high):
    v = N.parse_value(text)
    assert v is not None
    assert (v.bound, v.hedge, v.exact) == (bound, hedge, False)
    assert v.low == pytest.approx(low) and v.high == pytest.approx(high)


def test_exact_value_and_prefixes():
    v = N.parse_value("A total of 15 people")
    assert v is not None and v.exact and (v.low, v.high, v.hedge) == (15, 15, "")
    assert N.parse_value("exactly 42") == N.parse_value("42")


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("between 10 and 15", 10, 15),
        ("10-15", 10, 15),
        ("10 to 15", 10, 15),
        ("10\u201315", 10, 15),
        ("from 40 to 60 people", 40, 60),
        ("two or three", 2, 3),
        ("2 to 3 million", 2e6, 3e6),
        ("two or three thousand", 2000, 3000),
        ("about 10-15", 10, 15),
    ],
)
def test_ranges(text, low, high):
    v = N.parse_value(text)
    assert v is not None and v.bound == "range" and not v.exact
    assert (v.low, v.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("hundreds", 100, 999),
        ("hundreds of residents", 100, 999),
        ("tens of thousands", 10_000, 99_999),
        ("tens of thousands of protesters", 10_000, 99_999),
        ("thousands", 1000, 9999),
        ("dozens of people", 24, 144),
        ("a few", 2, 5),
    ],
)
def test_vague_quantities_are_ranges(text, low, high):
    v = N.parse_value(text)
    assert v is not None and v.bound == "vague"
    assert (v.low, v.high) == (low, high)


@pytest.mark.parametrize(
    "text,unit,value",
    [
        ("$2.3bn", "USD", 2.3e9),
        ("US$400 million", "USD", 4e8),
        ("5 million dollars", "USD", 5e6),
        ("2 billion euros", "EUR", 2e9),
        ("£12m", "GBP", 12e6),
        ("45%", "%", 45),
        ("about 40 percent", "%", 40),
        ("3.5 per cent", "%", 3.5),
        ("2.5 percentage points", "pp", 2.5),
        ("one in five", "%", 20),
        ("3 out of 4", "%", 75),
    ],
)
def test_units(text, unit, value):
    v = N.parse_value(text)
    assert v is not None and v.unit == unit and v.nominal == pytest.approx(value)


def test_step_is_the_rounding_unit():
    assert N.parse_value("300").step == 100  # type: ignore[union-attr]
    assert N.parse_value("17").step == 1  # type: ignore[union-attr]
    assert N.parse_value("1.5 million").step == pytest.approx(1e5)  # type: ignore[union-attr]


# ----------------------------------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    "text,hours",
    [
        ("six hours", 6),
        ("eight and a half hours", 8.5),
        ("90 minutes", 1.5),
        ("a 90-minute meeting"[2:12], 1.5),
        ("half an hour", 0.5),
        ("an hour and a half", 1.5),
        ("a day and a half", 36),
        ("two hours and 15 minutes", 2.25),
        ("one and a half years", 1.5 * YEAR / HOUR),
        ("half a century", 50 * YEAR / HOUR),
        ("for the last half century", 50 * YEAR / HOUR),
        ("a decade", 10 * YEAR / HOUR),
        ("the past decade", 10 * YEAR / HOUR),
        ("a fortnight", 14 * 24),
        ("three weeks", 21 * 24),
        ("45 seconds", 45 / 3600),
    ],
)
def test_durations_in_seconds(text, hours):
    v = N.parse_duration(text)
    assert v is not None and v.unit == "s" and v.exact
    assert v.nominal / HOUR == pytest.approx(hours)


def test_hedged_and_ranged_durations():
    v = N.parse_duration("about six hours later")
    assert v is not None and v.hedge == "about" and v.low < 6 * HOUR < v.high
    v = N.parse_duration("more than a decade")
    assert v is not None and v.bound == "lower" and v.low == pytest.approx(10 * YEAR)
    v = N.parse_duration("five to six hours")
    assert v is not None and v.bound == "range" and (v.low, v.high) == (5 * HOUR, 6 * HOUR)
    v = N.parse_duration("over the last decade")
    assert v is not None and v.exact  # "over the last": during, not a lower bound
    v = N.parse_duration("decades")
    assert v is not None and v.bound == "vague"


@pytest.mark.parametrize(
    "text",
    [
        "six people",
        "the hours",
        "a lot of time",
        "2019",
        "last year",
        "this week",
        "night",
        "next month",
        "four years ago",
    ],
)
def test_not_a_duration(text):
    assert N.parse_duration(text) is None


def test_durations_compare():
    six = N.parse_duration("about six hours")
    eight = N.parse_duration("eight and a half hours")
    assert six and eight and N.compare(six, eight).verdict == "conflict"  # type: ignore[union-attr]
    ninety, hour_half = N.parse_duration("90 minutes"), N.parse_duration("an hour and a half")
    assert ninety and hour_half and N.compare(ninety, hour_half).verdict == "same"  # type: ignore[union-attr]
    century, year_half = N.parse_duration("half a century"), N.parse_duration("one and a half years")
    assert century and year_half and N.ratio(century, year_half) > 30


# ---------------------------------------------------------------------------------------------------- clock times


@pytest.mark.parametrize(
    "text,minutes,zone,utc,hedge",
    [
        ("shortly before 6pm (2300 GMT)", 18 * 60, "", 23 * 60, "shortly before"),
        ("6 p.m. ET", 18 * 60, "ET", 23 * 60, ""),
        ("6pm EDT", 18 * 60, "EDT", 22 * 60, ""),
        ("0900 GMT", 9 * 60, "GMT", 9 * 60, ""),
        ("2200 GMT", 22 * 60, "GMT", 22 * 60, ""),
        ("18:30 local time", 18 * 60 + 30, "local", None, ""),
        ("noon", 12 * 60, "", None, ""),
        ("midnight", 0, "", None, ""),
        ("at 10:45 a.m. local time (0145 GMT)", 10 * 60 + 45, "local", 60 + 45, ""),
        ("7.30pm", 19 * 60 + 30, "", None, ""),
        ("around 9 a.m. JST", 9 * 60, "JST", 0, "around"),
        ("3:15 p.m. PST", 15 * 60 + 15, "PST", 23 * 60 + 15, ""),
        ("at 1 p.m. BST", 13 * 60, "BST", 12 * 60, ""),
    ],
)
def test_clock_times(text, minutes, zone, utc, hedge):
    t = N.parse_clock(text)
    assert t is not None
    assert (t.minutes, t.zone, t.utc, t.hedge) == (minutes, zone, utc, hedge)


@pytest.mark.parametrize("text", ["The 2019 season", "about 1500 people", "won 3-2", "1,200"])
def test_not_a_clock_time(text):
    assert N.parse_clock(text) is None


def test_clock_times_compare_in_utc():
    assert N.compatible(N.parse_clock("6pm EDT"), N.parse_clock("2200 GMT")) is True  # type: ignore[arg-type]
    assert N.compatible(N.parse_clock("6 p.m. EST"), N.parse_clock("2200 GMT")) is False  # type: ignore[arg-type]
    a, b = N.parse_clock("shortly before 6pm (9pm GMT)"), N.parse_clock("At around 6 p.m. (0900 GMT)")
    assert N.compatible(a, b) is False  # type: ignore[arg-type]
    a, b = N.parse_clock("shortly before 6pm"), N.parse_clock("around 6 p.m.")
    assert N.compatible(a, b) is True  # type: ignore[arg-type]
    a, b = N.parse_clock("11:50 p.m. GMT"), N.parse_clock("about 0010 GMT")
    assert N.compatible(a, b) is True  # type: ignore[arg-type]  # across midnight
    a, b = N.parse_clock("18:30 local time"), N.parse_clock("1830 GMT")
    assert N.compatible(a, b) is None  # type: ignore[arg-type]  # the local zone is unknown


def test_zone_offsets():
    assert N.zone_offset("EDT") == -240
    assert N.zone_offset("EST") == -300
    assert N.zone_offset("KST") == 540
    assert N.zone_offset("XYZ") is None


# ------------------------------------------------------------------------------------------------- relative dates

PUB = datetime(2023, 11, 18, 14, 30)  # a Saturday


def d(text, tense=None):
    got = N.resolve_date(text, PUB, tense)
    assert got is not None, text
    return got.start, got.end


@pytest.mark.parametrize(
    "text,start,end",
    [
        ("yesterday", date(2023, 11, 17), date(2023, 11, 17)),
        ("today", date(2023, 11, 18), date(2023, 11, 18)),
        ("last night", date(2023, 11, 17), date(2023, 11, 17)),
        ("on Friday", date(2023, 11, 17), date(2023, 11, 17)),
        ("on Saturday", date(2023, 11, 18), date(2023, 11, 18)),
        ("on Monday", date(2023, 11, 13), date(2023, 11, 13)),
        ("late Thursday night", date(2023, 11, 16), date(2023, 11, 16)),
        ("last Saturday", date(2023, 11, 11), date(2023, 11, 11)),
        ("next Tuesday", date(2023, 11, 21), date(2023, 11, 21)),
        ("last week", date(2023, 11, 6), date(2023, 11, 12)),
        ("this week", date(2023, 11, 13), date(2023, 11, 19)),
        ("last month", date(2023, 10, 1), date(2023, 10, 31)),
        ("this month", date(2023, 11, 1), date(2023, 11, 30)),
        ("earlier this month", date(2023, 11, 1), date(2023, 11, 18)),
        ("later this month", date(2023, 11, 18), date(2023, 11, 30)),
        ("last year", date(2022, 1, 1), date(2022, 12, 31)),
        ("earlier this year", date(2023, 1, 1), date(2023, 11, 18)),
        ("next year", date(2024, 1, 1), date(2024, 12, 31)),
        ("Nov. 16", date(2023, 11, 16), date(2023, 11, 16)),
        ("on 16 November", date(2023, 11, 16), date(2023, 11, 16)),
        ("Nov. 16, 2019", date(2019, 11, 16), date(2019, 11, 16)),
        ("in 2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("in March 2019", date(2019, 3, 1), date(2019, 3, 31)),
        ("in the 1990s", date(1990, 1, 1), date(1999, 12, 31)),
        ("on 2023-11-10", date(2023, 11, 10), date(2023, 11, 10)),
        ("two days ago", date(2023, 11, 16), date(2023, 11, 16)),
        ("four years ago", date(2019, 1, 1), date(2019, 12, 31)),
        ("six months ago", date(2023, 5, 1), date(2023, 5, 31)),
    ],
)
def test_relative_dates(text, start, end):
    assert d(text) == (start, end)


def test_tense_decides_the_year_and_the_weekday():
    pub = date(2024, 1, 5)  # a Friday
    assert N.resolve_date("on Dec. 30", pub).start == date(2024, 12, 30)  # type: ignore[union-attr]
    assert N.resolve_date("was arrested on Dec. 30", pub, "past").start == date(2023, 12, 30)  # type: ignore[union-attr]
    assert N.resolve_date("on Tuesday", pub).start == date(2024, 1, 2)  # type: ignore[union-attr]
    assert N.resolve_date("on Tuesday", pub, "future").start == date(2024, 1, 9)  # type: ignore[union-attr]
    assert N.resolve_date("in November", pub, "past").start == date(2023, 11, 1)  # type: ignore[union-attr]


def test_no_date():
    assert N.resolve_date("the two leaders met", PUB) is None
    assert N.resolve_date("1,500 people", PUB) is None


def test_dates_compare_by_overlap():
    fri, thu = N.resolve_date("on Friday", PUB), N.resolve_date("on Thursday", PUB)
    yesterday = N.resolve_date("yesterday", PUB)
    this_month, nov16 = N.resolve_date("this month", PUB), N.resolve_date("Nov. 16", PUB)
    assert fri and thu and yesterday and this_month and nov16
    assert N.compatible(fri, yesterday) is True
    assert N.compatible(fri, thu) is False
    assert N.compatible(this_month, nov16) is True
    last_year, y2022 = N.resolve_date("last year", PUB), N.resolve_date("in 2022", PUB)
    assert last_year and y2022 and N.compatible(last_year, y2022) is True


# ------------------------------------------------------------------------------------------------------ comparison


@pytest.mark.parametrize(
    "a,b,verdict,ok",
    [
        ("nearly 300", "290", "rounding", True),
        ("about 3,000", "3,100", "rounding", True),
        ("300", "290", "rounding", True),
        ("at least 15", "17", "compatible", True),
        ("more than 20", "15", "conflict", False),
        ("at least 15", "15", "hedge_dropped", True),
        ("more than 20", "20", "hedge_dropped", False),
        ("at least 17", "A total of 15", "conflict", False),
        ("eleven", "21", "conflict", False),
        ("nearly 2", "nearly two dozen", "conflict", False),
        ("nearly two dozen", "21", "rounding", True),
        ("20", "15", "conflict", False),
        ("hundreds", "500", "compatible", True),
        ("thousands", "tens of thousands", "conflict", False),
        ("up to 30", "25", "compatible", True),
        ("fewer than 10", "12", "conflict", False),
        ("10-15", "12", "compatible", True),
        ("between 10 and 15", "20", "conflict", False),
        ("$2.3bn", "$2.3 billion", "same", True),
        ("45%", "45 percent", "same", True),
        ("about 20", "around 20", "same", True),
        ("at least 15", "about 15", "hedge_changed", True),
        ("2.5 million", "2.6 million", "conflict", False),  # two roundings, not one
        ("2.5 million", "2,540,000", "rounding", True),
        ("80-plus percent", "85%", "compatible", True),
    ],
)
def test_compare_values(a, b, verdict, ok):
    va, vb = N.parse_value(a), N.parse_value(b)
    assert va is not None and vb is not None
    got = N.compare(va, vb)
    assert got is not None and got.verdict == verdict
    assert N.compatible(va, vb) is ok
    assert N.compare(vb, va).verdict == verdict  # type: ignore[union-attr]  # symmetric


def test_ratio_flags_a_factor_of_two_whatever_the_hedge():
    va, vb = N.parse_value("at least 15"), N.parse_value("40")
    assert va and vb and N.compatible(va, vb) is True and N.ratio(va, vb) >= 2
    assert N.ratio(N.parse_value("11"), N.parse_value("21")) == pytest.approx(21 / 11)  # type: ignore[arg-type]
    assert N.ratio(N.parse_value("hundreds"), N.parse_value("300")) == 1.0  # type: ignore[arg-type]
    assert N.ratio(N.parse_value("0"), N.parse_value("3")) == math.inf  # type: ignore[arg-type]


def test_different_units_or_kinds_are_not_comparable():
    assert N.compare(N.parse_value("45%"), N.parse_value("$45")) is None  # type: ignore[arg-type]
    assert N.compatible(N.parse_value("45%"), N.parse_value("$45")) is None  # type: ignore[arg-type]
    assert N.compatible(N.parse_value("6"), N.parse_duration("six hours")) is None  # type: ignore[arg-type]
    assert N.compatible(N.parse_value("6"), N.parse_clock("6pm")) is None  # type: ignore[arg-type]
