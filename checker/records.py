"""The document model: small typed records passed between the pipeline stages.

Like spaCy's ``Doc`` and ``Span``: an :class:`Article` owns its sentences; a :class:`Sentence` is a view that points
back to its article and carries its own offsets (into the article's cleaned text), vector and claims; a
:class:`Merged` side (two adjacent sentences) is its own type. A :class:`Pair` is made once from two sides with its
event; a :class:`Judged` pair adds the NLI scores; a :class:`Finding` is made once with its final severity.

Offsets are named for their frame: ``Sentence.start``/``end`` are article offsets (into ``Article.clean``);
every :class:`Span` of evidence or claims is a sentence offset (into the side's ``text``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Union

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from checker.claims import SentenceClaims


class Severity(str, Enum):
    """How sure and how serious: high (both cannot be true), medium, low."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high, 1 for medium, 2 for low: sort keys and "at or above" tests use it."""
        return _RANK[self]

    def at_least(self, other: Severity | str) -> bool:
        """True when this severity is ``other`` or more serious."""
        return self.rank <= Severity(other).rank

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


class Kind(str, Enum):
    """What disagrees between the two sides of a pair."""

    CONTRADICTION = "contradiction"
    ATTRIBUTION = "attribution"
    QUOTE = "quote"
    NUMBER = "number"
    DATE = "date"
    ENTITY = "entity"
    POLARITY = "polarity"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Span:
    """A piece of evidence: character offsets into a side's ``text`` (sentence frame)."""

    start: int
    end: int
    label: str = ""

    def shifted(self, by: int) -> Span:
        return Span(self.start + by, self.end + by, self.label)


@dataclass(eq=False)
class Article:
    """One scraped article. It owns its sentences (filled by the segment stage) and their vectors.

    ``text`` is the raw text, ``clean`` the text after cleaning; ``event`` is an explicit event given in the input
    (front matter or JSONL), which overrides grouping.
    """

    id: str
    source: str
    path: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    event: str | None = None
    clean: str = ""
    duplicate_of: str | None = None  # id of an earlier article with the same text
    sentences: list[Sentence] = field(default_factory=list, repr=False)
    vectors: np.ndarray | None = field(default=None, repr=False)  # one unit-length row per sentence

    def __repr__(self) -> str:
        return f"Article({self.id!r}, source={self.source!r}, {len(self.sentences)} sentences)"


@dataclass(eq=False)
class Sentence:
    """A sentence view of an article: ``start``/``end`` are offsets into ``article.clean``."""

    article: Article = field(repr=False)
    index: int
    start: int
    end: int
    claims: SentenceClaims | None = field(default=None, repr=False)  # set once by the claims stage

    @property
    def text(self) -> str:
        return self.article.clean[self.start : self.end]

    @property
    def vector(self) -> np.ndarray:
        if self.article.vectors is None:
            raise ValueError("sentence vectors are set by the embed stage")
        return self.article.vectors[self.index]

    @property
    def source(self) -> str:
        return self.article.source

    @property
    def parts(self) -> int:
        return 1

    @property
    def key(self) -> tuple[str, int, int]:
        """(article id, first sentence index, last sentence index)."""
        return (self.article.id, self.index, self.index)

    def __repr__(self) -> str:
        return f"Sentence({self.article.id!r}#{self.index}: {self.text[:40]!r})"


@dataclass(eq=False)
class Merged:
    """Two adjacent sentences of one article taken together as one side (when one outlet splits a sentence)."""

    first: Sentence
    second: Sentence
    claims: SentenceClaims | None = field(default=None, repr=False)  # the parts' claims, re-based onto ``text``

    @property
    def article(self) -> Article:
        return self.first.article

    @property
    def index(self) -> int:
        return self.first.index

    @property
    def start(self) -> int:
        return self.first.start

    @property
    def end(self) -> int:
        return self.second.end

    @property
    def text(self) -> str:
        return f"{self.first.text} {self.second.text}"

    @property
    def source(self) -> str:
        return self.article.source

    @property
    def parts(self) -> int:
        return 2

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.article.id, self.first.index, self.second.index)


Side = Union[Sentence, Merged]


@dataclass(frozen=True)
class Pair:
    """Two aligned sides of different articles (or of one article, far apart), made once by the align stage.

    ``base`` is the single-sentence pair a merged pair was grown from; ``via`` says which strategy made it.
    """

    a: Side
    b: Side
    similarity: float
    event: str
    via: str = "similarity"
    base: Pair | None = field(default=None, repr=False, compare=False)

    @property
    def unit(self) -> Pair:
        """The single-sentence pair this pair belongs to (itself unless merged)."""
        return self.base.unit if self.base is not None else self

    @property
    def same_article(self) -> bool:
        return self.a.article is self.b.article


@dataclass(frozen=True)
class NLIScores:
    """Probabilities of one direction (premise -> hypothesis)."""

    entailment: float
    neutral: float
    contradiction: float

    def as_dict(self) -> dict[str, float]:
        return {"entailment": self.entailment, "neutral": self.neutral, "contradiction": self.contradiction}


@dataclass(frozen=True)
class Judged:
    """A pair with NLI scores in both directions (a -> b and b -> a)."""

    pair: Pair
    ab: NLIScores
    ba: NLIScores

    @property
    def contradiction(self) -> float:
        return (self.ab.contradiction + self.ba.contradiction) / 2

    def mean(self) -> dict[str, float]:
        x, y = self.ab.as_dict(), self.ba.as_dict()
        return {k: (x[k] + y[k]) / 2 for k in x}


def _sides_key(a: str, b: str, a_article: str, b_article: str) -> str:
    x, y = sorted(((a_article, a), (b_article, b)))
    return f"{x[0]}\x00{x[1]}\x00{y[0]}\x00{y[1]}"


def finding_id(kind: Kind | str, a: str, b: str, a_article: str = "", b_article: str = "") -> str:
    """Stable, unique id: a hash of the kind, the two sentences and the articles they come from (order-independent).

    Two outlets printing the same sentence give two findings with two ids; the same files rerun give the same ids.
    Without article ids it is the older id (kind and sentences only), which baselines written before may hold.
    """
    if not a_article and not b_article:
        x, y = sorted((a, b))
        return hashlib.sha1(f"{Kind(kind).value}\x00{x}\x00{y}".encode()).hexdigest()[:12]
    return hashlib.sha1(f"{Kind(kind).value}\x00{_sides_key(a, b, a_article, b_article)}".encode()).hexdigest()[:12]


def pair_id(a: str, b: str, a_article: str = "", b_article: str = "") -> str:
    """Stable id of a sentence pair (every kind found on it shares it): the two sentences and their articles."""
    return hashlib.sha1(f"pair\x00{_sides_key(a, b, a_article, b_article)}".encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Finding:
    """A disagreement between the two sides of a judged pair, made once with its final severity."""

    kind: Kind
    severity: Severity
    score: float
    judged: Judged
    explanation: str
    evidence_a: tuple[Span, ...] = ()
    evidence_b: tuple[Span, ...] = ()

    @property
    def id(self) -> str:
        p = self.pair
        return finding_id(self.kind, p.a.text, p.b.text, p.a.article.id, p.b.article.id)

    @property
    def legacy_id(self) -> str:
        """The older id (kind and sentences only, not unique): baselines written before ids named articles hold it."""
        return finding_id(self.kind, self.pair.a.text, self.pair.b.text)

    @property
    def pair_id(self) -> str:
        """One id per sentence pair (the single-sentence unit a merged pair grew from): the report's card."""
        u = self.pair.unit
        return pair_id(u.a.text, u.b.text, u.a.article.id, u.b.article.id)

    @property
    def pair(self) -> Pair:
        return self.judged.pair

    def sort_key(self) -> tuple[Any, ...]:
        return (self.severity.rank, -self.score, self.id)


@dataclass
class RunStats:
    articles: int = 0
    skipped: int = 0
    sentences: int = 0
    candidate_pairs: int = 0
    nli_pairs: int = 0
    findings: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Event:
    """Articles grouped as reports of one event, with why they were grouped."""

    id: str
    articles: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    copies: tuple[tuple[str, str], ...] = ()  # article pairs that are near-copies (a wire story and its rewrite)
