"""How rare a name is in English, from a fixed word-frequency table (``wordfreq``), never from the run.

A name's weight is the information it carries: ``common - zipf`` (floored at 0), where ``zipf`` is wordfreq's Zipf
frequency (log10 of occurrences per billion words; "the" is 7.7, "Japan" 4.9, "Kishida" 2.1, an unknown name 0).
So "Washington" or "Tuesday" weigh little and "Yanagishima" much, whatever else the run holds: two articles get the
same score alone or inside a run of a thousand.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=200_000)
def zipf(name: str) -> float:
    """wordfreq's Zipf frequency of ``name`` (lower-cased; several words combine as wordfreq defines)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(name.lower(), "en"))


def weight(name: str, common: float) -> float:
    """The information a shared ``name`` carries: ``common`` minus its Zipf frequency, at least 0."""
    return max(0.0, common - zipf(name))
