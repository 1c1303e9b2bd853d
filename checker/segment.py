"""Split cleaned article text into sentences with character offsets.

pysbd runs per line, so a heading never glues onto a sentence, and it keeps
abbreviations such as "S. Korea", "U.N." and "Nov. 16" inside their sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import pysbd

from checker.cache import Cache
from checker.errors import Warning_
from checker.records import Article, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State


def make_segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


MAX_LINE = 5000  # longer lines are pre-split so pysbd never sees a megabyte at once
ROUGH_BREAK = re.compile(r"[.!?][\"'”’)]?\s+(?=[A-Z“\"])")


def _chunks(line: str) -> list[tuple[int, str]]:
    """(offset, text) pieces of a line, each at most MAX_LINE characters, cut at sentence ends or spaces."""
    if len(line) <= MAX_LINE:
        return [(0, line)]
    out, start = [], 0
    while start < len(line):
        end = min(start + MAX_LINE, len(line))
        if end < len(line):
            window = line[start:end]
            cut = max((m.end() for m in ROUGH_BREAK.finditer(window)), default=0)
            if cut < MAX_LINE // 4:
                cut = window.rfind(" ") + 1
            end = start + cut if cut > 0 else end
        out.append((start, line[start:end]))
        start = end
    return out


def _continues(piece: str) -> bool:
    """A piece that cannot start a sentence (a comma, a lower-case word) continues the one before it."""
    return bool(piece) and (piece[0] in ",;:)" or piece[0].islower())


def split_sentences(text: str, seg: pysbd.Segmenter | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, whitespace trimmed."""
    seg = seg or make_segmenter()
    spans: list[tuple[int, int]] = []
    offset = 0
    for full_line in text.split("\n"):
        for sub, line in _chunks(full_line) if full_line.strip() else []:
            for piece in seg.segment(line):
                start = offset + sub + piece.start
                end = offset + sub + piece.end
                chunk = text[start:end]
                lead = len(chunk) - len(chunk.lstrip())
                trail = len(chunk) - len(chunk.rstrip())
                if end - trail > start + lead:
                    s, e = start + lead, end - trail
                    if spans and _continues(text[s:e]) and text[spans[-1][1] : s].strip() == "":
                        spans[-1] = (spans[-1][0], e)  # "Rep. Hunter, R-Calif., and ...": one sentence
                    else:
                        spans.append((s, e))
        offset += len(full_line) + 1
    return spans


CLAUSE_BREAK = re.compile(r"[;:,—–]\s+|\s+[-–—]\s+")


def bound_spans(text: str, spans: list[tuple[int, int]], max_chars: int) -> tuple[list[tuple[int, int]], int]:
    """``spans`` with every span longer than ``max_chars`` cut into pieces no longer (at the last clause break in
    the second half of the window, else the last space, else hard), and how many spans were cut."""
    out: list[tuple[int, int]] = []
    cut = 0
    for start, end in spans:
        if end - start <= max_chars:
            out.append((start, end))
            continue
        cut += 1
        while end - start > max_chars:
            window = text[start : start + max_chars]
            at = max((m.end() for m in CLAUSE_BREAK.finditer(window, max_chars // 2)), default=0)
            if at == 0:
                at = window.rfind(" ") + 1
            if at <= 0:
                at = max_chars
            piece = text[start : start + at].rstrip()
            if piece:
                out.append((start, start + len(piece)))
            start += at
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))
    return out, cut


SEGMENTER_VERSION = f"pysbd-{pysbd.__version__ if hasattr(pysbd, '__version__') else '0'}-lines{MAX_LINE}-join1"


def segment_articles(
    articles: list[Article], cache: Cache | None = None, max_chars: int | None = None
) -> tuple[list[Article], list[int]]:
    """Every article as a new record with its ``sentences`` (boundaries from the cache when one is given);
    sentences longer than ``max_chars`` are cut (:func:`bound_spans`). Returns the new articles and how many
    sentences of each were cut."""
    seg = make_segmenter()
    if cache is None:
        spans = [split_sentences(a.clean, seg) for a in articles]
    else:
        spans = cache.spans(SEGMENTER_VERSION, [a.clean for a in articles], lambda t: split_sentences(t, seg))
    out, cuts = [], []
    for a, sp in zip(articles, spans, strict=True):
        n = 0
        if max_chars is not None:
            sp, n = bound_spans(a.clean, sp, max_chars)
        out.append(segmented(a, seg, sp))
        cuts.append(n)
    return out, cuts


def segmented(
    article: Article, seg: pysbd.Segmenter | None = None, spans: list[tuple[int, int]] | None = None
) -> Article:
    """A new record of ``article`` with the sentences of its ``clean`` text (``spans`` when already known); a
    repeated sentence is kept once."""
    kept: list[tuple[int, int]] = []
    seen: set[str] = set()
    for start, end in split_sentences(article.clean, seg) if spans is None else spans:
        key = re.sub(r"\W+", " ", article.clean[start:end].lower()).strip()
        if not key or key in seen:
            continue
        seen.add(key)
        kept.append((start, end))
    return article.with_spans(kept)


def segment_article(
    article: Article, seg: pysbd.Segmenter | None = None, spans: list[tuple[int, int]] | None = None
) -> list[Sentence]:
    """The sentences of :func:`segmented` ``article`` (on the new record; ``article`` itself is not changed)."""
    return segmented(article, seg, spans).sentences


def segment(state: State, ctx: Context) -> State:
    """Stage: split every article into sentences; a sentence over ``segment.max_sentence_chars`` is cut (a
    warning names the article)."""
    limit = ctx.cfg.segment.max_sentence_chars
    articles, cuts = segment_articles(list(state.articles), ctx.cache, limit)
    warnings = list(state.warnings) + [
        Warning_(
            a.path, f"{n} sentence{'s' * (n > 1)} longer than {limit:,} characters cut (segment.max_sentence_chars)"
        )
        for a, n in zip(articles, cuts, strict=True)
        if n
    ]
    n = sum(len(a.sentences) for a in articles)
    return replace(state, articles=tuple(articles), warnings=tuple(warnings), stats=replace(state.stats, sentences=n))
