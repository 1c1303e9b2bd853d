"""Events stage: group articles that report the same event, wire copies and independent reports alike.

Two articles are scored by what an event shares across outlets however it is worded: the similarity of their mean
sentence vectors, of their leads and of their titles, and the names they share (weighted by how rare each name is in
the run, so background names count little). Near-copies of each other's sentences (a wire story and its rewrite)
link two articles outright. Articles published more than ``events.max_days`` apart are never linked, so last year's
flood is not this year's. Events are clusters by average linkage over those scores (``events.threshold``), so one
strong link cannot chain two events together; an explicit ``event`` in the input overrides all of this.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from datetime import datetime
from itertools import combinations
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


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _name_keys(texts: list[str]) -> set[str]:
    """Lower-cased names and their last words ("Fumio Kishida" also counts as "kishida")."""
    out: set[str] = set()
    for t in texts:
        low = t.lower()
        if len(low) > 2:
            out.update((low, low.split()[-1]))
    return out


def _names(a: Article, first: int | None = None) -> set[str]:
    return _name_keys([n.text for s in a.sentences[:first] if s.claims for n in s.claims.names])


def _lead_names(a: Article, k: int) -> set[str]:
    from checker.claims import names

    return _names(a, k) | _name_keys([n.text for n in names(a.title or "")])


class Scorer:
    """Pairwise "same event" scores of a run's articles, and why."""

    def __init__(self, articles: list[Article], titles: np.ndarray | None, cfg: EventsConfig) -> None:
        self.cfg = cfg
        self.articles = articles
        dim = next((a.vectors.shape[1] for a in articles if a.vectors is not None and len(a.vectors)), 1)
        vecs = [a.vectors if a.vectors is not None and len(a.vectors) else np.zeros((1, dim)) for a in articles]
        self.vecs = vecs
        self.mean = np.stack([_unit(v.mean(0)) for v in vecs]) if articles else np.zeros((0, dim))
        self.lead = np.stack([_unit(v[: cfg.lead_sentences].mean(0)) for v in vecs]) if articles else self.mean
        self.title = titles if titles is not None and len(titles) == len(articles) else self.lead
        self.names = [_names(a) for a in articles]
        self.lead_names = [_lead_names(a, cfg.lead_names_sentences) for a in articles]
        df = Counter(n for ns in self.names for n in ns)
        self.idf = {n: math.log((1 + len(articles)) / c) for n, c in df.items()}
        self.dates = [parse_date(a.published) for a in articles]

    def too_far(self, i: int, j: int) -> bool:
        di, dj = self.dates[i], self.dates[j]
        return di is not None and dj is not None and abs((di - dj).days) > self.cfg.max_days

    def _jaccard(self, a: set[str], b: set[str]) -> float:
        union = sum(self.idf.get(n, 1.0) for n in a | b)
        return sum(self.idf.get(n, 1.0) for n in a & b) / union if union else 0.0

    def shared_names(self, i: int, j: int) -> float:
        """IDF-weighted Jaccard overlap of the names two articles mention."""
        return self._jaccard(self.names[i], self.names[j])

    def shared_lead_names(self, i: int, j: int) -> float:
        """The same for the names of their titles and first sentences: who and where the story is about."""
        return self._jaccard(self.lead_names[i], self.lead_names[j])

    def score(self, i: int, j: int) -> float:
        c = self.cfg
        if self.too_far(i, j):
            return -1.0
        s = (
            c.weight_mean * float(self.mean[i] @ self.mean[j])
            + c.weight_lead * float(self.lead[i] @ self.lead[j])
            + c.weight_title * float(self.title[i] @ self.title[j])
            + c.weight_names * self.shared_names(i, j)
        )
        if overlap(self.vecs[i], self.vecs[j], c.close) >= c.min_overlap:
            return max(s, 1.0)  # near-copies: a wire story and its rewrite
        undated = self.dates[i] is None or self.dates[j] is None
        if undated and self.shared_lead_names(i, j) < c.min_lead_names:
            return -1.0  # same topic is not same event: without dates, the leads must name the same actors
        return s

    def reason(self, i: int, j: int) -> str:
        a, b = self.articles[i], self.articles[j]
        shared = sorted(self.names[i] & self.names[j], key=lambda n: -self.idf[n])[:4]
        copies = overlap(self.vecs[i], self.vecs[j], self.cfg.close)
        parts = [
            f"content {float(self.mean[i] @ self.mean[j]):.2f}",
            f"lead {float(self.lead[i] @ self.lead[j]):.2f}",
            f"title {float(self.title[i] @ self.title[j]):.2f}",
        ]
        if shared:
            parts.append("shared names: " + ", ".join(shared))
        parts.append(f"lead names {self.shared_lead_names(i, j):.2f}")
        if copies >= self.cfg.min_overlap:
            parts.append(f"{copies:.0%} of sentences are near-copies")
        di, dj = self.dates[i], self.dates[j]
        if di is not None and dj is not None:
            parts.append(f"published {abs((di - dj).days)} day(s) apart")
        return f"{a.id} ~ {b.id}: " + "; ".join(parts)


def group_events(articles: list[Article], cfg: EventsConfig, titles: np.ndarray | None = None) -> list[Event]:
    """Events ("E1", "E2", ...) numbered by their first article; articles with one explicit ``event`` stay together.

    Only pairs whose mean vectors are at least ``prefilter`` similar are scored, and clustering runs inside the
    connected parts of that sparse graph, so thousands of articles stay cheap.
    """
    n = len(articles)
    if n == 0:
        return []
    sc = Scorer(articles, titles, cfg)
    explicit = [a.event for a in articles]
    doc_sim = sc.mean @ sc.mean.T
    scores: dict[tuple[int, int], float] = {}
    parts: UnionFind[int] = UnionFind(range(n))
    for i in range(n):
        for j in np.nonzero(doc_sim[i, i + 1 :] >= cfg.prefilter)[0]:
            k = i + 1 + int(j)
            if explicit[i] and explicit[k]:
                continue
            s = sc.score(i, k)
            if s >= cfg.threshold:
                scores[(i, k)] = s
                parts.union(i, k)
    by_name: dict[str, list[int]] = {}
    for i, ev in enumerate(explicit):
        if ev:
            by_name.setdefault(ev, []).append(i)
            parts.union(by_name[ev][0], i)
    clusters: list[list[int]] = []
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(parts.find(i), []).append(i)
    for group in members.values():
        clusters.extend(_average_linkage(group, sc, scores, explicit, cfg.threshold))
    clusters.sort(key=min)
    events = []
    for num, cl in enumerate(clusters, 1):
        cl.sort()
        why = []
        for x in cl:
            if explicit[x]:
                why.append(f"{articles[x].id}: event {explicit[x]!r} given in the input")
        for x, y in zip(cl, cl[1:], strict=False):
            if not (explicit[x] and explicit[x] == explicit[y]):
                why.append(sc.reason(x, y))
        copies = tuple(
            (articles[x].id, articles[y].id)
            for x, y in combinations(cl, 2)
            if overlap(sc.vecs[x], sc.vecs[y], cfg.close) >= cfg.min_overlap
        )
        events.append(Event(f"E{num}", tuple(articles[x].id for x in cl), tuple(why), copies))
    return events


def _average_linkage(
    group: list[int], sc: Scorer, scores: dict[tuple[int, int], float], explicit: list[str | None], threshold: float
) -> list[list[int]]:
    """Merge the two clusters with the highest mean pairwise score while it is at least ``threshold``."""
    clusters: list[list[int]] = []
    seeded: dict[str, list[int]] = {}
    for i in group:
        if explicit[i]:
            seeded.setdefault(explicit[i] or "", []).append(i)
        else:
            clusters.append([i])
    clusters.extend(seeded.values())

    def pair_score(x: int, y: int) -> float:
        if explicit[x] and explicit[y]:
            return 1.0 if explicit[x] == explicit[y] else -1.0
        return scores.get((min(x, y), max(x, y)), -1.0)

    def label(c: list[int]) -> str | None:
        return next((explicit[i] for i in c if explicit[i]), None)

    while len(clusters) > 1:
        best, pick = threshold, None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                la, lb = label(clusters[a]), label(clusters[b])
                if la and lb and la != lb:
                    continue
                mean = float(np.mean([pair_score(x, y) for x in clusters[a] for y in clusters[b]]))
                if mean >= best:
                    best, pick = mean, (a, b)
        if pick is None:
            break
        a, b = pick
        clusters[a] = clusters[a] + clusters.pop(b)
    return clusters


def group(state: State, ctx: Context) -> State:
    """Stage: group the articles into events (titles embedded through the cache)."""
    arts = list(state.articles)
    titles = ctx.embed([a.title or (a.sentences[0].text if a.sentences else a.id) for a in arts])
    return replace(state, events=tuple(group_events(arts, ctx.cfg.events, titles)))
