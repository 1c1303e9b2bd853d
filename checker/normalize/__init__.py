"""Normalised values: numbers and number words, hedges and ranges, durations, clock times with zones, relative dates.

Pure functions, no spaCy. A stated quantity becomes a :class:`Value` (an interval with its hedge), a clock time a
:class:`ClockTime` (with its UTC minute when the zone is known), a date a :class:`DateRange` (resolved against the
article's published date). :func:`compare` and :func:`compatible` say whether two of them can describe the same fact.

One job per module: :mod:`.numbers` (numbers, hedges, ranges), :mod:`.durations`, :mod:`.times` (clock times),
:mod:`.dates` and :mod:`.compare` (value comparison); this package is their public surface.
"""

from __future__ import annotations

from checker.normalize.compare import compare, compatible, ratio
from checker.normalize.dates import MONTHS, WEEKDAYS, resolve_date
from checker.normalize.durations import DURATION_UNITS, parse_duration
from checker.normalize.numbers import (
    ALL_HEDGES,
    EXACT_PREFIXES,
    INF,
    SMALL,
    TENS,
    number_value,
    ordinal_value,
    parse_value,
    split_hedge,
)
from checker.normalize.times import ZONE_OFFSETS, clock_spans, clock_times, parse_clock, zone_offset
from checker.records import ClockTime, Comparison, DateRange, Value

__all__ = [
    "ALL_HEDGES",
    "DURATION_UNITS",
    "EXACT_PREFIXES",
    "INF",
    "MONTHS",
    "SMALL",
    "TENS",
    "WEEKDAYS",
    "ZONE_OFFSETS",
    "ClockTime",
    "Comparison",
    "DateRange",
    "Value",
    "clock_spans",
    "clock_times",
    "compare",
    "compatible",
    "number_value",
    "ordinal_value",
    "parse_clock",
    "parse_duration",
    "parse_value",
    "ratio",
    "resolve_date",
    "split_hedge",
    "zone_offset",
]
