"""Events stage: group articles that report the same event.

Two articles are linked when enough of the shorter one's sentences have a close
match in the other (rewrites of one wire story share many near-duplicate
sentences; coverage of an earlier meeting shares only background), and their
published dates, when both are known, are within ``events.max_days``. Events are
the connected components, numbered in input order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from checker.config import EventsConfig
from checker.records import Article, Event
from checker.unionfind import UnionFind

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State


def overlap(ea: np.ndarray, eb: np.ndarray, close: float) -> float:
    """Share of the shorter article's sentences with a match at or above ``close`` in the other."""
    if len(ea) == 0 or len(eb) == 0:
        return 0.0
    sim = ea @ eb.T
    short_axis = 1 if len(ea) <= len(eb) else 0
    best = sim.max(axis=short_axis)
    return float((best >= close).mean())


def parse_date(value: str | None) -> datetime | None:
    """A naive datetime from an ISO-like published string, or None."""
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=None)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def _vectors(a: Article, dim: int) -> np.ndarray:
    return a.vectors if a.vectors is not None else np.zeros((0, dim), dtype=np.float32)


def group_events(articles: list[Article], cfg: EventsConfig) -> list[Event]:
    """Events ("E1", "E2", ...) in input order; articles with the same explicit ``event`` are always together.

    Only article pairs whose mean sentence vectors are at least ``prefilter`` similar get the sentence-level
    test, so thousands of articles stay cheap.
    """
    dim = next((a.vectors.shape[1] for a in articles if a.vectors is not None), 1)
    vecs = {a.id: _vectors(a, dim) for a in articles}
    means = (
        np.stack([v.mean(0) if len(v) else np.zeros(dim) for v in vecs.values()]) if articles else np.zeros((0, dim))
    )
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    means = means / np.where(norms == 0, 1, norms)
    doc_sim = means @ means.T
    sets: UnionFind[str] = UnionFind(a.id for a in articles)
    why: dict[str, list[str]] = {}
    explicit: dict[str, str] = {}
    for a in articles:
        if a.event:
            if a.event in explicit:
                sets.union(explicit[a.event], a.id)
                why.setdefault(a.id, []).append(f"{a.id}: event {a.event!r} given in the input")
            explicit.setdefault(a.event, a.id)
    for i, a in enumerate(articles):
        for j in np.nonzero(doc_sim[i, i + 1 :] >= cfg.prefilter)[0]:
            b = articles[i + 1 + int(j)]
            if a.event and b.event:
                continue  # both given explicitly: the input decides
            da, db = parse_date(a.published), parse_date(b.published)
            if da and db and abs((da - db).days) > cfg.max_days:
                continue
            share = overlap(vecs[a.id], vecs[b.id], cfg.close)
            if share >= cfg.min_overlap:
                sets.union(a.id, b.id)
                why.setdefault(a.id, []).append(f"{a.id} ~ {b.id}: {share:.0%} of sentences are near-copies")
    members: dict[str, list[str]] = {}
    for a in articles:
        members.setdefault(sets.find(a.id), []).append(a.id)
    events = []
    for n, ids in enumerate(members.values(), 1):
        reasons = tuple(r for i in ids for r in why.get(i, ()))
        events.append(Event(f"E{n}", tuple(ids), reasons))
    return events


def group(state: State, ctx: Context) -> State:
    """Stage: group the articles into events."""
    return replace(state, events=tuple(group_events(list(state.articles), ctx.cfg.events)))
