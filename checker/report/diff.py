"""Word-level differences between two sentences, as spans to highlight."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from checker.records import Span
from checker.text import tokens


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool = False
    evidence: bool = False


def changed_spans(a: str, b: str) -> tuple[list[Span], list[Span]]:
    """Spans of words in ``a`` not matched in ``b`` and the reverse."""
    ta, tb = tokens(a), tokens(b)
    sm = difflib.SequenceMatcher(a=[t[0] for t in ta], b=[t[0] for t in tb], autojunk=False)
    sa, sb = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            sa.append(Span(ta[i1][1], ta[i2 - 1][2], "diff"))
        if j2 > j1:
            sb.append(Span(tb[j1][1], tb[j2 - 1][2], "diff"))
    return sa, sb


def segments(text: str, changed: list[Span], evidence: list[Span] | tuple[Span, ...]) -> list[Segment]:
    """Split ``text`` into runs marked changed and/or evidence (for templates)."""
    cuts = {0, len(text)}
    for s in [*changed, *evidence]:
        cuts.update((max(0, min(len(text), s.start)), max(0, min(len(text), s.end))))
    bounds = sorted(cuts)
    out = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        if hi <= lo:
            continue
        ch = any(s.start <= lo and hi <= s.end for s in changed)
        ev = any(s.start <= lo and hi <= s.end for s in evidence)
        out.append(Segment(text[lo:hi], ch, ev))
    return out
