"""Direct quotes: the words inside quotation marks, straight or curly."""

from __future__ import annotations

import re

from checker.records import Span

QUOTE = re.compile(r"“([^“”]{3,})”|\"([^\"]{3,})\"|‘([^‘’]{12,})’|(?<![\w'])'((?:[^']|'(?=\w)){12,}?)'(?!\w)")


def quotes(text: str) -> list[Span]:
    """Spans of the words inside quotation marks (closing punctuation inside the marks excluded)."""
    out = []
    for m in QUOTE.finditer(text):
        g = next(i for i in (1, 2, 3, 4) if m.group(i) is not None)
        start, end = m.start(g), m.end(g)
        inner = text[start:end]
        end -= len(inner) - len(inner.rstrip(" ,.;:"))
        out.append(Span(start, end, "quote"))
    return out


def quote_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def same_words(a: str, b: str) -> bool:
    """True when two quotes say the same words (case and punctuation aside)."""
    return quote_words(a) == quote_words(b)
