"""Value comparison: whether two normalised values (numbers, clock times, dates) can describe the same fact."""

from __future__ import annotations

import math

from checker.records import ClockTime, Comparison, DateRange, Value

INF = math.inf


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


def _dates_compatible(a: DateRange, b: DateRange) -> bool:
    return a.start <= b.end and b.start <= a.end


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
