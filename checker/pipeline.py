"""The pipeline: ``STAGES`` is the architecture, in the order the stages run.

    read -> select -> segment -> claims -> parse -> embed -> events -> align -> judge -> findings -> consensus

Each stage is a plain function ``stage(state, ctx) -> State`` (see :mod:`checker.state`); a notebook can call any
of them alone. The report is written from the final state by :mod:`checker.report`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from checker import align, claims, clean, consensus, corpus, embed, events, findings, judge, parse, segment
from checker.state import Context, State

Stage = Callable[[State, Context], State]

STAGES: tuple[Stage, ...] = (
    corpus.read,  # files -> articles
    clean.select,  # cleaned text; empty, non-English and duplicate articles set aside
    segment.segment,  # sentences with offsets
    claims.annotate,  # speakers, quotes, numbers, dates, names, polarity per sentence
    parse.parse,  # spaCy parse -> facts (who/what, predicate, normalised value) per sentence
    embed.embed,  # sentence vectors
    events.group,  # articles -> events
    align.align,  # candidate pairs within each event
    judge.judge,  # NLI both ways
    findings.findings,  # rules -> findings with their final severity
    consensus.consensus,  # per event and fact: each outlet's value, the odd ones out
)


def run(inputs: Iterable[str | Path], ctx: Context | None = None, stages: tuple[Stage, ...] = STAGES) -> State:
    """Run ``stages`` over the articles under ``inputs``; raises :class:`checker.errors.InputError` on unusable
    input."""
    started = time.time()
    ctx = ctx or Context()
    state = State(inputs=tuple(str(p) for p in inputs))
    for stage in stages:
        state = stage(state, ctx)
    return replace(state, stats=replace(state.stats, seconds=round(time.time() - started, 2)))
