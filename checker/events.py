"""Group articles that report the same event.

Two articles are linked when enough of the shorter one's sentences have a close
match in the other (rewrites of one wire story share many near-duplicate
sentences; coverage of an earlier meeting shares only background), and their
published dates, when both are known, are within ``max_days``. Events are the
connected components, numbered in input order.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from checker.records import Article


def overlap(ea: np.ndarray, eb: np.ndarray, close: float) -> float:
    """Share of the shorter article's sentences with a match at or above ``close`` in the other."""
    if len(ea) == 0 or len(eb) == 0:
        return 0.0
    sim = ea @ eb.T
    short_axis = 1 if len(ea) <= len(eb) else 0
    best = sim.max(axis=short_axis)
    return float((best >= close).mean())


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(value[: len(value)], fmt).replace(tzinfo=None)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def group_events(articles: list[Article], vectors: dict[str, np.ndarray], close: float = 0.8,
                 min_overlap: float = 0.25, max_days: int = 3, prefilter: float = 0.5) -> dict[str, str]:
    """Article id -> event id ("E1", "E2", ...).

    Only article pairs whose mean sentence vectors are at least ``prefilter``
    similar get the sentence-level test, so thousands of articles stay cheap.
    """
    ids = [a.id for a in articles]
    dim = next((v.shape[1] for v in vectors.values()), 1)
    means = np.stack([vectors[i].mean(0) if len(vectors[i]) else np.zeros(dim) for i in ids]) if ids \
        else np.zeros((0, dim))
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    means = means / np.where(norms == 0, 1, norms)
    doc_sim = means @ means.T
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(articles):
        for j in np.nonzero(doc_sim[i, i + 1:] >= prefilter)[0]:
            b = articles[i + 1 + int(j)]
            da, db = _date(a.published), _date(b.published)
            if da and db and abs((da - db).days) > max_days:
                continue
            if overlap(vectors[a.id], vectors[b.id], close) >= min_overlap:
                parent[find(b.id)] = find(a.id)
    names: dict[str, str] = {}
    out = {}
    for i in ids:
        root = find(i)
        names.setdefault(root, f"E{len(names) + 1}")
        out[i] = names[root]
    return out
