"""Candidate sentence pairs across articles from embedding similarity.

A pair is a candidate when its cosine similarity passes the threshold and it is
among the top-k matches of either sentence; mutual best matches always pass the
threshold test. When one outlet splits what another says in one sentence, two
adjacent sentences are merged and kept if the merge matches better than either
half. NLI then runs only on these candidates, never on all pairs.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from checker.config import AlignConfig
from checker.records import Pair, Sentence


def _candidates(sim: np.ndarray, cfg: AlignConfig) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    if sim.size == 0:
        return out
    k = min(cfg.top_k, sim.shape[1])
    top_rows = np.argsort(-sim, axis=1)[:, :k]
    k = min(cfg.top_k, sim.shape[0])
    top_cols = np.argsort(-sim, axis=0)[:k, :]
    for i, row in enumerate(top_rows):
        for j in row:
            if sim[i, j] >= cfg.threshold:
                out.add((i, int(j)))
    for j in range(sim.shape[1]):
        for i in top_cols[:, j]:
            if sim[i, j] >= cfg.threshold:
                out.add((int(i), j))
    return out


def merge(a: Sentence, b: Sentence) -> Sentence:
    """Two adjacent sentences of one article as one (offsets span both)."""
    return Sentence(a.article, a.source, a.index, f"{a.text} {b.text}", a.start, b.end, a.parts + b.parts)


def align_articles(sa: list[Sentence], ea: np.ndarray, sb: list[Sentence], eb: np.ndarray,
                   cfg: AlignConfig, embed=None) -> list[Pair]:
    """Candidate pairs between two articles' sentences (vectors are unit length)."""
    keep_a = [i for i, s in enumerate(sa) if len(s.text.split()) >= cfg.min_words]
    keep_b = [j for j, s in enumerate(sb) if len(s.text.split()) >= cfg.min_words]
    if not keep_a or not keep_b:
        return []
    sim = ea[keep_a] @ eb[keep_b].T
    pairs = {(keep_a[i], keep_b[j]): float(sim[i, j]) for i, j in _candidates(sim, cfg)}
    out = [Pair(sa[i], sb[j], s) for (i, j), s in pairs.items()]
    if cfg.merge_adjacent and embed is not None:
        out.extend(_merged(sa, ea, sb, eb, pairs, cfg, embed))
    return out


def _merged(sa, ea, sb, eb, pairs, cfg, embed) -> list[Pair]:
    """Pairs where one side is two adjacent sentences that together match better."""
    jobs: list[tuple[Sentence, Sentence, Sentence, float, bool]] = []
    full = ea @ eb.T
    for (i, j), s in pairs.items():
        for side, (x, y) in (("b", (j, j + 1)), ("a", (i, i + 1))):
            seq, other = (sb, sa[i]) if side == "b" else (sa, sb[j])
            if y >= len(seq):
                continue
            partner = full[i, y] if side == "b" else full[y, j]
            if partner < cfg.threshold - 0.2:
                continue
            jobs.append((merge(seq[x], seq[y]), other, seq[x], max(s, float(partner)), side == "b"))
    if not jobs:
        return []
    vecs = embed([m.text for m, *_ in jobs])
    out = []
    for (m, other, _, best, m_is_b), v in zip(jobs, vecs):
        ov = eb[other.index] if not m_is_b else ea[other.index]
        sim = float(v @ ov)
        if sim > best + 0.02:
            out.append(Pair(other, m, sim) if m_is_b else Pair(m, other, sim))
    return out


def align_within(sents: list[Sentence], emb: np.ndarray, cfg: AlignConfig) -> list[Pair]:
    """Pairs inside one article: similar sentences at least ``within_min_gap`` apart."""
    out = []
    idx = [i for i, s in enumerate(sents) if len(s.text.split()) >= cfg.min_words]
    for i, j in combinations(idx, 2):
        if j - i >= cfg.within_min_gap:
            s = float(emb[i] @ emb[j])
            if s >= cfg.threshold:
                out.append(Pair(sents[i], sents[j], s))
    return out
