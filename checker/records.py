"""The document model: small typed records passed between the pipeline stages.

Like spaCy's ``Doc`` and ``Span``: an :class:`Article` owns its sentences; a :class:`Sentence` is a view that points
back to its article and carries its own offsets (into the article's cleaned text), vector and claims; a
:class:`Merged` side (two adjacent sentences) is its own type. A :class:`Pair` is made once from two sides with its
event; a :class:`Judged` pair adds the NLI scores; a :class:`Finding` is made once with its final severity.

Stages never change a record they were given: one that fills a part of an article (its sentences, their claims or
facts, its vectors) makes a new article with :meth:`Article.evolve` or :meth:`Article.with_spans`.

Offsets are named for their frame: ``Sentence.start``/``end`` are article offsets (into ``Article.clean``);
every :class:`Span` of evidence or claims is a sentence offset (into the side's ``text``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from functools import cached_property
from typing import Any, Union

import numpy as np

from checker.errors import Warning_
from checker.lexicon import DEMONYMS, TIME_HEDGES
from checker.unionfind import UnionFind


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


class Kind(str):
    """What disagrees between the two sides of a pair: a kind's name ("number", "date", ...).

    An open set: each kind is registered, with its rule, words and settings, by its own module in
    :mod:`checker.rules` (``checker.rules.KINDS``); a finding read back from a file keeps whatever name it has.
    """

    __slots__ = ()

    @property
    def value(self) -> str:
        """The name as a plain string (what ``findings.json`` holds)."""
        return str.__str__(self)

    def __str__(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Kind({str.__repr__(self)})"


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

    def with_spans(self, spans: Sequence[tuple[int, int]]) -> Article:
        """A new article record whose sentences are ``spans`` of ``clean`` (no claims yet), numbered in order."""
        new = replace(self, sentences=[])
        new.sentences = [Sentence(new, i, start, end) for i, (start, end) in enumerate(spans)]
        return new

    def evolve(self, claims: Sequence[SentenceClaims | None] | None = None, **changes: Any) -> Article:
        """A new article record with ``changes`` (``vectors=...``), and new sentences that point at it; their claims
        are ``claims`` (one per sentence) when given, else the old sentences' claims."""
        new = replace(self, sentences=[], **changes)
        got = [s.claims for s in self.sentences] if claims is None else claims
        new.sentences = [Sentence(new, s.index, s.start, s.end, c) for s, c in zip(self.sentences, got, strict=True)]
        return new


@dataclass(eq=False)
class Sentence:
    """A sentence view of an article: ``start``/``end`` are offsets into ``article.clean``."""

    article: Article = field(repr=False)
    index: int
    start: int
    end: int
    claims: SentenceClaims | None = field(default=None, repr=False)  # filled by the claims stage

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


# ------------------------------------------------------------------------------------------- claims: who says it


@dataclass(frozen=True)
class Attribution:
    speaker: str
    span: Span
    pronoun: bool = False


@dataclass(frozen=True)
class DateRef:
    kind: str  # time, monthday, daymonth, month, weekday, year, relative
    value: str  # normalised: "friday", "11-16", "2023", "last year", "14:00"
    span: Span


@dataclass(frozen=True)
class Name:
    text: str
    span: Span


@dataclass
class Aliases:
    """Union of names that refer to the same thing."""

    sets: UnionFind[str] = field(default_factory=UnionFind)

    def join(self, a: str, b: str) -> None:
        self.sets.union(norm(a), norm(b), keep_min=True)

    def canon(self, name: str) -> str:
        return self.sets.find(norm(name))

    def same(self, a: str, b: str) -> bool:
        na, nb = norm(a), norm(b)
        if na == nb or self.canon(na) == self.canon(nb):
            return True
        ta, tb = na.split(), nb.split()
        # a surname alone refers to the full name ("Kishida" / "Fumio Kishida")
        return (len(ta) == 1 and ta[0] == tb[-1]) or (len(tb) == 1 and tb[0] == ta[-1])


def norm(name: str) -> str:
    low = " ".join(re.sub(r"'s\b", "", name.lower().replace("’", "'")).split())
    return DEMONYMS.get(low, low)


@dataclass(frozen=True)
class PolarityHit:
    family: str
    positive: bool
    object_words: frozenset[str]
    span: Span


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # singular noun or "%"/"$", "" when none
    hedge: str  # "" when exact
    span: Span
    ordinal: bool = False


# ------------------------------------------------- normalised values (checker.normalize reads and compares them)


@dataclass(frozen=True)
class Value:
    """A stated quantity as the interval ``[low, high]`` it allows (``inf`` for an open side).

    ``nominal`` is the number as written (a range's midpoint), ``step`` its rounding unit (100 for "300", 1e5 for
    "1.5 million"), ``bound`` one of exact, approx, lower, upper, range, vague; ``strict`` when the bound excludes its
    end ("more than 20"). ``unit`` is "" for counts, "s" for durations, "%" for percentages, "pp" for percentage
    points, or an ISO currency code.
    """

    low: float
    high: float
    nominal: float
    exact: bool = True
    hedge: str = ""
    bound: str = "exact"
    unit: str = ""
    step: float = 1.0
    strict: bool = False

    @property
    def core(self) -> tuple[float, float]:
        """The stated numbers without the hedge's stretch: the range for ranges and vague words, else the nominal."""
        if self.bound in ("range", "vague"):
            return self.low, self.high
        return self.nominal, self.nominal


@dataclass(frozen=True)
class ClockTime:
    """A time of day: ``minutes`` past local midnight, its ``zone`` ("" when none, "local" for "local time"),
    ``utc`` minutes past midnight UTC when known, and the ``hedge`` ("shortly before", "around")."""

    minutes: int
    zone: str = ""
    utc: int | None = None
    hedge: str = ""

    @property
    def window(self) -> tuple[int, int]:
        """Minutes before and after the stated time that the hedge allows."""
        return TIME_HEDGES.get(self.hedge, (0, 0))


@dataclass(frozen=True)
class DateRange:
    """The days a date expression can mean, ``start`` to ``end`` inclusive ("last week" is seven days)."""

    start: date
    end: date
    text: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Comparison:
    """How two values of the same fact relate.

    ``verdict``: "same" (same number and hedge), "rounding" (different numbers that conventional rounding or an
    approximate hedge reconciles), "compatible" (different numbers within each other's bounds), "hedge_dropped" (same
    number, hedged on one side only), "hedge_changed" (same number, different hedges), "conflict" (no value satisfies
    both). ``ratio`` is :func:`ratio`.
    """

    verdict: str
    ratio: float


# ---------------------------------------------------------------- facts (checker.facts reads them off the parse)


@dataclass(frozen=True)
class Tally:
    """A score or vote count as written ("3-2", "97-1"): ``first`` and ``second`` in the order stated."""

    first: int
    second: int


@dataclass(frozen=True)
class Fact:
    """One fact of a sentence.

    ``kind``: count, money, percent, duration, date, time, age, ordinal, tally. ``subject``: the actor of the governing
    verb (or the person an age is of), "" when none or when it is the counted thing itself; ``subject_is_name`` when it
    is a proper name. ``noun``: lemma of the counted head noun ("student"), ``noun_class``: "PERSON" for people-nouns,
    else the noun ("" when none). ``predicate``: lemma (with particle) of the governing verb ("drown", "put out"), or
    the event noun a date modifies ("campaign" in "the 2008 campaign"). ``value``: a :class:`Value` (counts,
    money, percent, durations in seconds, ages, ranks), :class:`ClockTime`, :class:`DateRange` or
    :class:`Tally`. ``hedge``: the normalised hedge ("at least"), "" when none. ``span``/``text``: the value's words,
    hedge included, as offsets into the sentence text. ``scope``: a
    restricting phrase ("this season", "in 29 games"), "" when none. ``when``: for facts other than dates and times,
    the day or week the governing verb is dated to ("were arrested on Tuesday"), None when none.
    """

    kind: str
    subject: str
    noun: str
    predicate: str
    value: Value | ClockTime | DateRange | Tally | None
    hedge: str
    span: Span
    text: str = ""
    noun_class: str = ""
    scope: str = ""
    subject_is_name: bool = False
    when: DateRange | None = None


# ---------------------------------------------------------------------------------------- the claims of one side


def _shift(items: list[Any], by: int) -> list[Any]:
    return [x.shifted(by) if isinstance(x, Span) else replace(x, span=x.span.shifted(by)) for x in items]


@dataclass
class SentenceClaims:
    """The claim-level evidence of one side; every span is in that side's text."""

    speakers: list[Attribution] = field(default_factory=list)
    quotes: list[Span] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    polarity: list[PolarityHit] = field(default_factory=list)
    negations: list[Span] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)  # set by the parse stage (spaCy)
    entities: list[Span] = field(default_factory=list)  # spaCy's named entities (label: PERSON, ORG, GPE, ...)

    def shifted(self, by: int) -> SentenceClaims:
        """The same claims with every span moved ``by`` characters (to re-base them onto a longer text)."""
        return SentenceClaims(*(_shift(getattr(self, f), by) for f in self.__dataclass_fields__))

    def __add__(self, other: SentenceClaims) -> SentenceClaims:
        return SentenceClaims(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


# -------------------------------------------------------------------------------------------- consensus per fact


@dataclass(frozen=True)
class Statement:
    """One outlet's value for a fact: the article, the sentence and the value's span in it."""

    article: str
    source: str
    sentence: int
    text: str  # the value as written ("eleven", "about $3.6 billion")
    span: Span
    agrees: bool  # in the consensus bloc


@dataclass(frozen=True)
class FactGroup:
    """A fact stated by several outlets of one event."""

    event: str
    what: str  # the thing and the verb ("student drown", "duration meet")
    statements: tuple[Statement, ...]
    consensus: str  # the value most outlets give
    outliers: tuple[str, ...]  # sources whose value disagrees with it

    def summary(self) -> str:
        agree = [s for s in self.statements if s.agrees]
        if not self.outliers:
            return f"{len(agree)} outlets agree: {self.consensus}"
        odd = "; ".join(f"{s.source} says {s.text}" for s in self.statements if not s.agrees)
        return f"{len(agree)} outlet{'s' if len(agree) != 1 else ''} say {self.consensus}; {odd}"

    def as_dict(self) -> dict:
        return {
            "event": self.event,
            "what": self.what,
            "consensus": self.consensus,
            "outliers": list(self.outliers),
            "summary": self.summary(),
            "values": [
                {"article": s.article, "source": s.source, "sentence": s.sentence, "value": s.text, "agrees": s.agrees}
                for s in self.statements
            ],
        }


# -------------------------------------------------- the run's state (what flows through checker.pipeline.STAGES)


@dataclass(frozen=True)
class State:
    """Everything a run has made so far; each stage fills its own fields."""

    inputs: tuple[str, ...] = ()
    read: tuple[Article, ...] = ()  # every article read, before cleaning
    articles: tuple[Article, ...] = ()  # the articles compared
    duplicates: tuple[Article, ...] = ()  # same text as an earlier article: reported, not compared
    warnings: tuple[Warning_, ...] = ()
    notes: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    aliases: Aliases | None = None
    pairs: tuple[Pair, ...] = ()
    judged: tuple[Judged, ...] = ()
    findings: tuple[Finding, ...] = ()
    facts: tuple[FactGroup, ...] = ()  # per event: what each outlet says of each fact, and the odd ones out
    stats: RunStats = field(default_factory=RunStats)

    def event_of(self, article_id: str) -> str | None:
        """The event id an article (or a duplicate, through its original) was grouped into."""
        for e in self.events:
            if article_id in e.articles:
                return e.id
        dup = next((d for d in self.duplicates if d.id == article_id), None)
        return self.event_of(dup.duplicate_of) if dup is not None and dup.duplicate_of else None

    @cached_property
    def _event_index(self) -> dict[str, str]:
        return {a: e.id for e in self.events for a in e.articles}
