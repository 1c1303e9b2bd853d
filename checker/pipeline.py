"""The pipeline: ``STAGES`` is the architecture, in the order the stages run.

    read -> select -> segment -> claims -> parse -> embed -> events -> align -> judge -> findings -> consensus

Each stage is a plain function ``stage(state, ctx) -> State`` (see :mod:`checker.state`) that returns a new state
and changes nothing it was given; a notebook can call any of them alone (a :class:`Step` calls its function).
Each entry of ``STAGES`` names the fields of the state its stage reads (``needs``) and writes (``fills``):
``articles.sentences``, ``articles.claims``, ``articles.facts`` and ``articles.vectors`` are the parts of every
article a stage fills (in new article records, so ``state.articles`` too). :func:`check_order` checks that every
need is filled by an earlier stage, at import for ``STAGES`` and at the start of every :func:`run`. The report is
written from the final state by :mod:`checker.report`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from checker import align, claims, clean, consensus, corpus, embed, events, findings, judge, parse, segment
from checker.errors import StageOrderError
from checker.state import Context, State

Stage = Callable[[State, Context], State]

ARTICLE_PARTS = ("sentences", "claims", "facts", "vectors")  # what stages fill inside every article
START = ("inputs", "warnings", "notes", "stats")  # what a run has before its first stage (the logs start empty)
FIELDS = frozenset(f.name for f in fields(State)) | {f"articles.{p}" for p in ARTICLE_PARTS}


def _names(value: str | Sequence[str]) -> tuple[str, ...]:
    return tuple(value.split()) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True, init=False)
class Step:
    """One stage of the pipeline: its function, the state fields it reads (``needs``) and writes (``fills``)."""

    fn: Stage
    needs: tuple[str, ...]
    fills: tuple[str, ...]

    def __init__(self, fn: Stage, needs: str | Sequence[str], fills: str | Sequence[str]) -> None:
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "needs", _names(needs))
        object.__setattr__(self, "fills", _names(fills))
        unknown = [n for n in self.needs + self.fills if n not in FIELDS]
        if unknown:
            raise StageOrderError(f"stage {self.__name__!r} names {', '.join(unknown)}: not a field of the state")

    @property
    def __name__(self) -> str:
        return self.fn.__name__

    @property
    def writes(self) -> frozenset[str]:
        """The fields of :class:`State` this stage may replace (``articles.claims`` replaces ``articles``)."""
        return frozenset(n.split(".")[0] for n in self.fills)

    def __call__(self, state: State, ctx: Context) -> State:
        return self.fn(state, ctx)


STAGES: tuple[Step, ...] = (
    Step(corpus.read, "inputs", "read warnings"),  # files -> articles
    # cleaned text; empty, non-English and duplicate articles set aside
    Step(clean.select, "read", "articles duplicates warnings notes stats"),
    Step(segment.segment, "articles", "articles.sentences warnings stats"),  # sentences with offsets
    # speakers, quotes, numbers, dates, names, polarity per sentence; name aliases
    Step(claims.annotate, "articles.sentences", "articles.claims aliases"),
    # spaCy parse -> facts (who/what, predicate, normalised value) and entities per sentence, on the claims
    Step(parse.parse, "articles.claims", "articles.facts"),
    Step(embed.embed, "articles.sentences", "articles.vectors"),  # sentence vectors
    Step(events.group, "articles.vectors articles.claims", "events"),  # articles -> events
    Step(align.align, "events articles.vectors articles.facts", "pairs stats"),  # candidate pairs within each event
    Step(judge.judge, "pairs", "judged stats"),  # NLI both ways
    # rules -> findings with their final severity (on the judged sides' claims and facts)
    Step(findings.findings, "judged aliases events articles.facts", "findings notes stats"),
    # per event and fact: each outlet's value, the odd ones out
    Step(consensus.consensus, "events articles.facts", "facts"),
)


def check_order(stages: Sequence[Step]) -> None:
    """Raise :class:`StageOrderError` (one line) if a stage needs a field that no earlier stage fills."""
    filled = set(START)
    for st in stages:
        missing = [n for n in st.needs if n not in filled]
        if missing:
            raise StageOrderError(
                f"stage {st.__name__!r} needs {', '.join(missing)}, which no earlier stage fills "
                f"(stages: {' -> '.join(s.__name__ for s in stages)})"
            )
        filled.update(st.fills)


check_order(STAGES)


def upto(name: str, stages: Sequence[Step] = STAGES) -> tuple[Step, ...]:
    """The stages from the first up to and including the one named ``name`` ("parse", "judge", ...)."""
    names = [s.__name__ for s in stages]
    return tuple(stages[: names.index(name) + 1])


def _checked(st: Step, before: State, after: State) -> State:
    """``after``, if ``st`` replaced no field of the state it does not declare in ``fills``."""
    wrote = [f.name for f in fields(State) if getattr(before, f.name) is not getattr(after, f.name)]
    undeclared = [n for n in wrote if n not in st.writes]
    if undeclared:
        raise StageOrderError(f"stage {st.__name__!r} wrote {', '.join(undeclared)}, which it does not declare")
    return after


def run(inputs: Iterable[str | Path], ctx: Context | None = None, stages: Sequence[Step] = STAGES) -> State:
    """Run ``stages`` over the articles under ``inputs``; raises :class:`checker.errors.InputError` on unusable
    input and :class:`checker.errors.StageOrderError` (before any stage runs) on stages out of order."""
    check_order(stages)
    started = time.time()
    ctx = ctx or Context()
    state = State(inputs=tuple(str(p) for p in inputs))
    for st in stages:
        state = _checked(st, state, st(state, ctx))
    return replace(state, stats=replace(state.stats, seconds=round(time.time() - started, 2)))
