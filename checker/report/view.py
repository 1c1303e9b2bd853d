"""What the HTML report shows: one card per sentence pair, the severity summary, the outlet heat map.

``findings.json`` keeps one entry per pair and kind (for machines); a reader sees one card per sentence pair with
every kind found on it, its highest severity, and the evidence of all of them highlighted as spans.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from checker.records import Finding, Kind, Severity, Side, Span
from checker.report.diff import Segment, changed_spans, segments
from checker.rules import KINDS, legend, ordered
from checker.state import State
from checker.text import shorten, tokens


def kind_label(kind: str) -> str:
    """How the report names ``kind``: its rule module's label (the kind's own name by default)."""
    r = KINDS.get(Kind(kind))
    return r.shown if r is not None else str(kind)


def kind_words(kind: str) -> str:
    """What ``kind`` means, in words (the card's first line for each kind): its rule module's legend line."""
    return legend(kind)


def kind_legend(findings: tuple[Finding, ...] | list[Finding]) -> list[tuple[str, str]]:
    """The report legend's kind lines: (label, legend line) of each kind found, in the rules' order."""
    found = {f.kind.value for f in findings}
    return [(r.shown, r.legend) for r in ordered() if r.kind.value in found and r.legend]


SEVERITY_WORDS: dict[str, str] = {
    "high": "both cannot be true of the same event (a changed number, date, name or speaker; opposite stances)",
    "medium": "a real change a reader would want to know about (a reworded quote, a dropped hedge, weaker evidence)",
    "low": "a shift of emphasis or a weak signal: worth a glance",
}

# Changed words are marked only when they are a small part of a sentence; else the whole sentence would light up.
MAX_DIFF_SHARE = 0.3


@dataclass
class Piece:
    """One kind found on a pair: the finding, its explanation with outlet names instead of file names."""

    f: Finding
    words: str
    explanation: str
    label: str = ""  # the kind as the report names it (its rule module's label)


@dataclass
class Card:
    """One sentence pair with every kind found on it."""

    pair_id: str
    event: str
    a: Side
    b: Side
    pieces: list[Piece]
    a_segments: list[Segment] = field(default_factory=list)
    b_segments: list[Segment] = field(default_factory=list)
    a_evidence: list[str] = field(default_factory=list)  # evidence texts (for the one-line summary)
    b_evidence: list[str] = field(default_factory=list)

    @property
    def severity(self) -> Severity:
        return min((p.f.severity for p in self.pieces), key=lambda s: s.rank)

    @property
    def score(self) -> float:
        return max(p.f.score for p in self.pieces)

    @property
    def similarity(self) -> float:
        return max(p.f.pair.similarity for p in self.pieces)

    @property
    def contradiction(self) -> float:
        return max(p.f.judged.contradiction for p in self.pieces)

    @property
    def kinds(self) -> list[str]:
        return [p.f.kind.value for p in self.pieces]

    @property
    def same_article(self) -> bool:
        return self.a.article is self.b.article

    @property
    def ids(self) -> list[str]:
        return [p.f.id for p in self.pieces]

    def sort_key(self) -> tuple:
        return (self.severity.rank, -len(self.pieces), -self.score, self.pair_id)

    def headline(self) -> str:
        """The problem in one line: which outlets, and what differs."""
        who = f"inside {self.a.source}" if self.same_article else f"{self.a.source} vs {self.b.source}"
        if self.a_evidence and self.b_evidence:
            what = f"“{shorten(' … '.join(self.a_evidence), 50)}” / “{shorten(' … '.join(self.b_evidence), 50)}”"
        else:
            what = f"“{shorten(self.a.text, 50)}” / “{shorten(self.b.text, 50)}”"
        return f"{' + '.join(self.kinds)}, {who}: {what}"


def readable(text: str, *sides: Side) -> str:
    """``text`` with article ids (file names) replaced by the outlets' names, where those differ."""
    text = text.replace("The NLI model reads", "The language model (NLI) reads").replace(" -> ", " → ")
    for side in sides:
        art = side.article
        if art.source and art.source != art.id:
            text = text.replace(art.id, art.source)
    return text


def _parts(side: Side) -> list[tuple[int, int, int]]:
    """(sentence offset, article offset, length) of each part of a side (a merged side has two)."""
    first = getattr(side, "first", None)
    second = getattr(side, "second", None)
    if first is None or second is None:
        return [(0, side.start, side.end - side.start)]
    n1 = first.end - first.start
    return [(0, first.start, n1), (n1 + 1, second.start, second.end - second.start)]


def _to_article(side: Side, pos: int) -> int:
    for off, art, n in _parts(side):
        if off <= pos <= off + n:
            return art + (pos - off)
    return side.start + pos


def _from_article(side: Side, pos: int) -> int | None:
    for off, art, n in _parts(side):
        if art <= pos <= art + n:
            return off + (pos - art)
    return None


def _move(spans: tuple[Span, ...], src: Side, dst: Side) -> list[Span]:
    """Evidence of ``src`` (sentence offsets) as offsets into ``dst``, when it lies inside ``dst``."""
    if src is dst:
        return list(spans)
    if src.article is not dst.article:
        return []
    out = []
    for s in spans:
        lo, hi = _from_article(dst, _to_article(src, s.start)), _from_article(dst, _to_article(src, s.end))
        if lo is not None and hi is not None and hi > lo:
            out.append(Span(lo, hi, s.label))
    return out


def _widest(sides: list[Side]) -> Side:
    return max(sides, key=lambda s: (s.end - s.start, -s.start))


def _small_diff(text: str, spans: list[Span]) -> list[Span]:
    words = tokens(text)
    changed = sum(1 for _, lo, hi in words if any(s.start <= lo and hi <= s.end for s in spans))
    return spans if words and changed / len(words) <= MAX_DIFF_SHARE else []


def make_card(pair_id: str, findings: list[Finding]) -> Card:
    findings = sorted(findings, key=Finding.sort_key)
    first = findings[0].pair
    a = _widest([f.pair.a for f in findings if f.pair.a.article is first.a.article] or [first.a])
    b = _widest([f.pair.b for f in findings if f.pair.b.article is first.b.article] or [first.b])
    ev_a: list[Span] = []
    ev_b: list[Span] = []
    for f in findings:
        fa, fb, ea, eb = f.pair.a, f.pair.b, f.evidence_a, f.evidence_b
        if fa.article is not a.article and fb.article is a.article:  # the same pair, sides the other way round
            fa, fb, ea, eb = fb, fa, eb, ea
        ev_a += _move(ea, fa, a)
        ev_b += _move(eb, fb, b)
    da, db = changed_spans(a.text, b.text)
    pieces = [
        Piece(f, kind_words(f.kind.value), readable(f.explanation, a, b), kind_label(f.kind.value)) for f in findings
    ]
    card = Card(pair_id, first.event, a, b, pieces)
    card.a_segments = segments(a.text, _small_diff(a.text, da), ev_a)
    card.b_segments = segments(b.text, _small_diff(b.text, db), ev_b)
    card.a_evidence = list(dict.fromkeys(a.text[s.start : s.end] for s in ev_a))
    card.b_evidence = list(dict.fromkeys(b.text[s.start : s.end] for s in ev_b))
    return card


def cards(findings: list[Finding] | tuple[Finding, ...]) -> list[Card]:
    """One card per sentence pair (``Finding.pair_id``), most serious first."""
    by_pair: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_pair[f.pair_id].append(f)
    return sorted((make_card(pid, fs) for pid, fs in by_pair.items()), key=Card.sort_key)


@dataclass
class HeatMap:
    """Outlet x outlet: sentence pairs with a finding; ``None`` where no sentences of the two were ever compared."""

    sources: list[str]
    grid: list[list[int | None]]

    @property
    def max(self) -> int:
        return max([v for row in self.grid for v in row if v is not None] + [1])


def heatmap(result: State, cards_: list[Card]) -> HeatMap:
    sources = sorted({a.source for a in result.articles})
    idx = {s: i for i, s in enumerate(sources)}
    grid: list[list[int | None]] = [[None] * len(sources) for _ in sources]
    for p in list(result.pairs) + [j.pair for j in result.judged]:
        i, j = idx.get(p.a.source), idx.get(p.b.source)
        if i is not None and j is not None:
            grid[i][j] = grid[i][j] or 0
            grid[j][i] = grid[j][i] or 0
    for c in cards_:
        i, j = idx.get(c.a.source), idx.get(c.b.source)
        if i is None or j is None:
            continue
        grid[i][j] = (grid[i][j] or 0) + 1
        if i != j:
            grid[j][i] = (grid[j][i] or 0) + 1
    return HeatMap(sources, grid)


def severity_counts(items: list[Card] | list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for x in items:
        counts[x.severity.value] += 1
    return counts
