"""The small typed records passed between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """One scraped article; ``text`` is the raw text, ``clean`` the text after cleaning."""

    id: str
    source: str
    path: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    clean: str = ""
    event: str | None = None
    duplicate_of: str | None = None  # id of an earlier article with the same text


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article; ``start``/``end`` are offsets into ``Article.clean``."""

    article: str
    source: str
    index: int
    text: str
    start: int
    end: int
    parts: int = 1  # 2 when two adjacent sentences were merged for alignment


@dataclass(frozen=True)
class Span:
    """A piece of evidence: character offsets into a sentence's text."""

    start: int
    end: int
    label: str = ""


@dataclass
class Pair:
    """Two aligned sentences of different articles (or one article, far apart)."""

    a: Sentence
    b: Sentence
    similarity: float
    event: str | None = None
    nli_ab: dict[str, float] = field(default_factory=dict)  # premise a, hypothesis b
    nli_ba: dict[str, float] = field(default_factory=dict)


@dataclass
class Finding:
    """A disagreement between the two sentences of a pair."""

    id: str
    kind: str
    severity: str
    score: float
    pair: Pair
    explanation: str
    evidence_a: list[Span] = field(default_factory=list)
    evidence_b: list[Span] = field(default_factory=list)


@dataclass
class RunStats:
    articles: int = 0
    skipped: int = 0
    sentences: int = 0
    candidate_pairs: int = 0
    nli_pairs: int = 0
    findings: int = 0
    seconds: float = 0.0
