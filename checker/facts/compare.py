"""Value comparison of two matched facts: whether their values differ, how seriously, and why in words."""

from __future__ import annotations

from checker import normalize as N
from checker.facts.lexicon import CASUALTY_GROUPS, predicate_group
from checker.records import Fact, Tally

# a match below this fact-match score is not unambiguous: the default of the setting the rules pass in
UNAMBIGUOUS = 0.7


def _fmt(f: Fact) -> str:
    return f'"{f.text}"'


def disagree(
    a: Fact, b: Fact, gap_hours: float | None = None, score: float | None = None, unambiguous: float = UNAMBIGUOUS
) -> tuple[str, str] | None:
    """Whether the values of two facts (already matched by :func:`same_fact`) differ: (severity hint, reason), or
    None when they agree.

    A conflict is "high" (a factor of 2 or more is a conflict whatever the hedges); a hedge dropped on one side only
    ("at least 15" / "15") is an omitted qualifier, "medium" at most; rounding is consistent. ``gap_hours`` (``b``
    published that many hours after ``a``) lowers a rising casualty count to "low": a toll that rose. With ``score``
    (their :func:`same_fact`) below ``unambiguous`` (the setting ``findings.fact_unambiguous``) the match is not
    unambiguous and "high" becomes "medium".
    """
    got = _disagree(a, b, gap_hours)
    if got is not None and got[0] == "high" and score is not None and score < unambiguous:
        return "medium", got[1] + f" (fact match {score:.2f})"
    return got


def _disagree(a: Fact, b: Fact, gap_hours: float | None) -> tuple[str, str] | None:
    va, vb = a.value, b.value
    if va is None or vb is None or a.kind != b.kind:
        return None
    if isinstance(va, N.Value) and isinstance(vb, N.Value):
        return _values_disagree(a, b, va, vb, gap_hours)
    if isinstance(va, N.ClockTime) and isinstance(vb, N.ClockTime):
        return _clocks_disagree(a, b, va, vb)
    if isinstance(va, Tally) and isinstance(vb, Tally):
        if sorted((va.first, va.second)) == sorted((vb.first, vb.second)):
            return None
        return "high", f"{_fmt(a)} vs {_fmt(b)}: different result"
    if isinstance(va, N.DateRange) and isinstance(vb, N.DateRange):
        if N.compatible(va, vb):
            return None
        sev = "high" if va.days <= 7 and vb.days <= 7 else "medium"
        return sev, f"{_fmt(a)} ({va.start}..{va.end}) vs {_fmt(b)} ({vb.start}..{vb.end})"
    return None


def _values_disagree(a: Fact, b: Fact, va: N.Value, vb: N.Value, gap_hours: float | None) -> tuple[str, str] | None:
    """Two numbers: a conflict, a dropped or changed hedge, or different bounds."""
    cmp = N.compare(va, vb)
    if cmp is None:
        return None
    factor = f"a factor of {cmp.ratio:.1f}" if cmp.ratio < 100 else "far apart"
    risen = (
        gap_hours is not None
        and abs(gap_hours) >= 3
        and cmp.ratio < 3  # a toll may rise between publications; tenfold overnight is a conflict
        and a.kind == "count"
        and predicate_group(a.predicate) in CASUALTY_GROUPS
        and (vb.nominal - va.nominal) * gap_hours > 0
    )
    if cmp.verdict == "conflict" or cmp.ratio >= 2:
        if risen:
            return "low", f"{_fmt(a)} vs {_fmt(b)}: the count changed between publications ({gap_hours:+.0f} h)"
        if cmp.ratio >= 2:
            return "high", f"{_fmt(a)} vs {_fmt(b)}: {factor}"
        if va.exact and vb.exact:
            return "high", f"{_fmt(a)} vs {_fmt(b)}: different values"
        return "medium", f"{_fmt(a)} vs {_fmt(b)}: incompatible bounds ({factor})"
    if cmp.verdict == "hedge_dropped":
        hedged = a if not va.exact else b
        assert isinstance(hedged.value, N.Value)
        if hedged.value.bound == "approx":
            return "low", f'approximation "{hedged.hedge}" dropped: {_fmt(a)} vs {_fmt(b)}'
        return "medium", f'qualifier "{hedged.hedge}" dropped: {_fmt(a)} vs {_fmt(b)}'
    if cmp.verdict == "compatible" and va.bound == vb.bound and va.bound in ("lower", "upper"):
        rounded = N.compare(
            N.Value(va.nominal, va.nominal, va.nominal, step=va.step),
            N.Value(vb.nominal, vb.nominal, vb.nominal, step=vb.step),
        )
        if rounded is not None and rounded.verdict == "conflict":
            return "medium", f"different bounds: {_fmt(a)} vs {_fmt(b)}"
    bounded = {va.bound, vb.bound} & {"lower", "upper"}
    if cmp.verdict == "compatible" and bounded and (va.exact or vb.exact):
        rounded = N.compare(
            N.Value(va.nominal, va.nominal, va.nominal, step=va.step),
            N.Value(vb.nominal, vb.nominal, vb.nominal, step=vb.step),
        )
        if rounded is not None and rounded.verdict == "conflict":
            return "medium", f"a figure against a different bound: {_fmt(a)} vs {_fmt(b)}"
    if cmp.verdict == "hedge_changed":
        return "low", f"different qualifiers: {_fmt(a)} vs {_fmt(b)}"
    return None


def _clocks_disagree(a: Fact, b: Fact, va: N.ClockTime, vb: N.ClockTime) -> tuple[str, str] | None:
    ok = N.compatible(va, vb)
    if ok is not False:
        return None
    both_utc = va.utc is not None and vb.utc is not None
    ma, mb = (va.utc, vb.utc) if both_utc else (va.minutes, vb.minutes)
    assert ma is not None and mb is not None
    diff = abs((mb - ma + 720) % 1440 - 720)
    where = " (in UTC)" if both_utc else ""
    return ("high" if diff >= 60 else "medium"), f"{_fmt(a)} vs {_fmt(b)}: {diff} minutes apart{where}"
