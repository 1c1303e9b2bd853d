"""Align stage: candidate pairs of sentences within each event. NLI then runs only on these, never on all pairs.

Strategies (the aligners of :data:`ALIGNERS`, run in order), each a function of one event's articles:
- :func:`similar_pairs`: across two articles, cosine similarity above ``align.threshold`` and among the top-k matches
  of either sentence (mutual best matches always pass); when one outlet splits what another says in one sentence,
  two adjacent sentences are tried as one :class:`Merged` side and kept if the merge matches better;
- :func:`within_pairs`: similar sentences far apart inside one article;
- :func:`polarity_pairs`: sentences of one event that take opposite stances on the same point, however dissimilar;
- :func:`fact_pairs`: sentences of two articles that state the same fact, however differently worded.

Across articles only :func:`partners` are compared: each article with its ``align.max_partners`` most similar
articles of the event, and :func:`cap_matches` keeps a sentence's ``align.max_matches`` best similar pairs over all
of them, so a story covered by fifty outlets costs about fifty times one, not fifty squared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from checker import claims
from checker.config import AlignConfig
from checker.records import Article, Merged, Pair, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State

EmbedFn = Callable[[list[str]], np.ndarray]


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


def merge(a: Sentence, b: Sentence) -> Merged:
    """Two adjacent sentences of one article as one side, carrying both parts' claims."""
    m = Merged(a, b)
    m.claims = claims.merged_claims(m)
    return m


def _matrix(a: Article) -> np.ndarray:
    if a.vectors is None:
        raise ValueError(f"{a.id}: sentence vectors are set by the embed stage")
    return a.vectors


def similar_pairs(a: Article, b: Article, event: str, cfg: AlignConfig, embed: EmbedFn | None = None) -> list[Pair]:
    """Candidate pairs between two articles' sentences (vectors are unit length)."""
    sa, sb = a.sentences, b.sentences
    keep_a = [i for i, s in enumerate(sa) if len(s.text.split()) >= cfg.min_words]
    keep_b = [j for j, s in enumerate(sb) if len(s.text.split()) >= cfg.min_words]
    if not keep_a or not keep_b:
        return []
    ea, eb = _matrix(a), _matrix(b)
    sim = ea[keep_a] @ eb[keep_b].T
    found = {(keep_a[i], keep_b[j]): float(sim[i, j]) for i, j in _candidates(sim, cfg)}
    out = [Pair(sa[i], sb[j], s, event) for (i, j), s in found.items()]
    if cfg.merge_adjacent and embed is not None:
        out.extend(_merged(a, b, out, cfg, embed))
    return out


def cap_matches(pairs: list[Pair], k: int) -> list[Pair]:
    """Keep a pair when it is among the ``k`` most similar of either of its sentences (in the given order on ties)."""
    ranked = sorted(range(len(pairs)), key=lambda i: -pairs[i].similarity)
    taken: dict[tuple, int] = {}
    keep = [False] * len(pairs)
    for i in ranked:
        a, b = pairs[i].a.key, pairs[i].b.key
        if taken.get(a, 0) < k or taken.get(b, 0) < k:
            keep[i] = True
        taken[a] = taken.get(a, 0) + 1
        taken[b] = taken.get(b, 0) + 1
    return [p for p, kept in zip(pairs, keep, strict=True) if kept]


MergeJob = tuple[Merged, Sentence, Pair, float, bool]  # merged side, the other side, the base pair, best, m is b


def _merge_jobs(a: Article, b: Article, pairs: list[Pair], cfg: AlignConfig) -> list[MergeJob]:
    """The merged sides worth trying for ``pairs`` (of articles ``a`` and ``b``): a sentence and its neighbour when
    the neighbour alone is nearly similar enough to the other side."""
    ea, eb = _matrix(a), _matrix(b)
    full = ea @ eb.T
    jobs: list[MergeJob] = []
    for p in pairs:
        assert isinstance(p.a, Sentence) and isinstance(p.b, Sentence)
        i, j = p.a.index, p.b.index
        if j + 1 < len(b.sentences) and full[i, j + 1] >= cfg.threshold - cfg.merge_slack:
            jobs.append(
                (merge(b.sentences[j], b.sentences[j + 1]), p.a, p, max(p.similarity, float(full[i, j + 1])), True)
            )
        if i + 1 < len(a.sentences) and full[i + 1, j] >= cfg.threshold - cfg.merge_slack:
            jobs.append(
                (merge(a.sentences[i], a.sentences[i + 1]), p.b, p, max(p.similarity, float(full[i + 1, j])), False)
            )
    return jobs


def _merge_pairs(jobs: list[MergeJob], embed: EmbedFn, cfg: AlignConfig) -> list[Pair]:
    """The jobs whose merged side matches the other side better than the single pair did. Each distinct merged
    text is embedded once, all in one call (one outlet's sentence merged against several partners, or the same
    two sentences tried from both articles of a pair, cost one vector)."""
    if not jobs:
        return []
    texts = list(dict.fromkeys(m.text for m, *_ in jobs))
    row = {t: k for k, t in enumerate(texts)}
    vecs = embed(texts)
    out = []
    for m, other, base, best, m_is_b in jobs:
        sim = float(vecs[row[m.text]] @ other.vector)
        if sim > best + cfg.merge_gain:
            a_side, b_side = (other, m) if m_is_b else (m, other)
            out.append(Pair(a_side, b_side, sim, base.event, "merge", base))
    return out


def _merged(a: Article, b: Article, pairs: list[Pair], cfg: AlignConfig, embed: EmbedFn) -> list[Pair]:
    """Pairs where one side is two adjacent sentences that together match better than the single pair."""
    return _merge_pairs(_merge_jobs(a, b, pairs, cfg), embed, cfg)


def within_pairs(a: Article, event: str, cfg: AlignConfig) -> list[Pair]:
    """Pairs inside one article: sentences at least ``within_threshold`` similar and ``within_min_gap`` apart, each
    sentence keeping its ``within_top_k`` most similar (so an article of near-identical lines costs pairs in
    proportion to its sentences, not their square)."""
    emb = _matrix(a)
    out: list[Pair] = []
    idx = [i for i, s in enumerate(a.sentences) if len(s.text.split()) >= cfg.min_words]
    if len(idx) < 2:
        return out
    sim = emb[idx] @ emb[idx].T
    for x, y in zip(*np.nonzero(np.triu(sim >= cfg.within_threshold, 1)), strict=True):
        i, j = idx[int(x)], idx[int(y)]
        if j - i >= cfg.within_min_gap:
            out.append(Pair(a.sentences[i], a.sentences[j], float(sim[x, y]), event, "within"))
    return cap_matches(out, cfg.within_top_k)


def cap_per_sentence(pairs: list[Pair], k: int) -> list[Pair]:
    """At most ``k`` pairs charged to each sentence over all strategies (similar pairs first, best first; a pair
    stays when either side has room), so ``len(result) <= k * sentences`` for every input. Order is kept."""
    order = {name: k for k, name in enumerate(ALIGNERS)}
    ranked = sorted(range(len(pairs)), key=lambda i: (order.get(pairs[i].via, 9), -pairs[i].similarity))
    taken: dict[tuple, int] = {}
    keep = [False] * len(pairs)
    for i in ranked:
        a, b = pairs[i].a.key, pairs[i].b.key
        side = a if taken.get(a, 0) < k else b if taken.get(b, 0) < k else None
        if side is not None:
            keep[i] = True
            taken[side] = taken.get(side, 0) + 1
    return [p for p, kept in zip(pairs, keep, strict=True) if kept]


def partners(articles: list[Article], k: int) -> set[tuple[int, int]]:
    """Index pairs (x < y) of articles to compare: each article with its ``k`` most similar (mean vectors)."""
    n = len(articles)
    if n <= k + 1:
        return set(combinations(range(n), 2))
    from checker.events import unit

    means = np.stack([unit(m.mean(0)) if len(m) else np.zeros(m.shape[1]) for m in map(_matrix, articles)])
    sim = means @ means.T
    np.fill_diagonal(sim, -np.inf)
    out: set[tuple[int, int]] = set()
    for x in range(n):
        for y in np.argsort(-sim[x], kind="stable")[:k]:
            out.add((min(x, int(y)), max(x, int(y))))
    return out


def polarity_pairs(
    articles: list[Article], event: str, taken: set[tuple], linked: set[tuple[int, int]] | None = None
) -> list[Pair]:
    """Pairs of one event whose sentences take opposite stances on the same point, however dissimilar (across
    articles only between ``linked`` article indices, when given)."""
    pos = {id(a): x for x, a in enumerate(articles)}
    hits = [(s, s.claims.polarity) for a in articles for s in a.sentences if s.claims and s.claims.polarity]
    out = []
    for (a, ha), (b, hb) in combinations(hits, 2):
        if (a.key, b.key) in taken or (b.key, a.key) in taken:
            continue
        if linked is not None and a.article is not b.article:
            x, y = pos[id(a.article)], pos[id(b.article)]
            if (min(x, y), max(x, y)) not in linked:
                continue
        # across outlets two shared object words; inside one story one (it is rated low there anyway)
        if claims.opposed(ha, hb, min_shared=1 if a.article is b.article else 2):
            out.append(Pair(a, b, float(a.vector @ b.vector), event, "polarity"))
    return out


def fact_pairs(
    articles: list[Article],
    event: str,
    cfg: AlignConfig,
    taken: set[tuple],
    linked: set[tuple[int, int]] | None = None,
) -> list[Pair]:
    """Pairs of sentences of two articles (of ``linked`` article indices, when given) that state the same fact (same
    thing counted or dated, same verb, actor and scope), however differently the rest of the sentences read."""
    from checker.facts import same_fact

    out = []
    with_facts = [[s for s in a.sentences if s.claims and s.claims.facts] for a in articles]
    for x, y in sorted(linked) if linked is not None else combinations(range(len(articles)), 2):
        for sa in with_facts[x]:
            for sb in with_facts[y]:
                if (sa.key, sb.key) in taken or (sb.key, sa.key) in taken:
                    continue
                sim = float(sa.vector @ sb.vector)
                if sim < cfg.fact_min_similarity:
                    continue
                fa, fb = sa.claims.facts, sb.claims.facts  # type: ignore[union-attr]
                if max(same_fact(f, g) for f in fa for g in fb) >= cfg.fact_match:
                    out.append(Pair(sa, sb, sim, event, "fact"))
    return out


@dataclass(frozen=True)
class EventPairs:
    """What an aligner sees of one event: its articles, the article index pairs to compare across (``linked``,
    :func:`partners`), the settings, the embedding function, and the pairs the aligners before it found."""

    articles: list[Article]
    event: str
    cfg: AlignConfig
    embed: EmbedFn | None
    linked: set[tuple[int, int]]
    found: list[Pair]

    @property
    def taken(self) -> set[tuple]:
        """The (side, side) keys already paired, so a later aligner does not pair them again."""
        return {(p.a.key, p.b.key) for p in self.found}


Aligner = Callable[[EventPairs], list[Pair]]


def _similarity(ev: EventPairs) -> list[Pair]:
    similar: list[Pair] = []
    for x, y in sorted(ev.linked):
        similar.extend(similar_pairs(ev.articles[x], ev.articles[y], ev.event, ev.cfg))
    return cap_matches(similar, ev.cfg.max_matches)


def _merge(ev: EventPairs) -> list[Pair]:
    if not ev.cfg.merge_adjacent or ev.embed is None:
        return []
    by_articles: dict[tuple[int, int], list[Pair]] = {}
    for p in ev.found:
        by_articles.setdefault((id(p.a.article), id(p.b.article)), []).append(p)
    jobs: list[MergeJob] = []
    for group in by_articles.values():
        jobs.extend(_merge_jobs(group[0].a.article, group[0].b.article, group, ev.cfg))
    return _merge_pairs(jobs, ev.embed, ev.cfg)  # one embedding call for the event's merged sides


def _within(ev: EventPairs) -> list[Pair]:
    return [p for a in ev.articles for p in within_pairs(a, ev.event, ev.cfg)] if ev.cfg.within_article else []


def _polarity(ev: EventPairs) -> list[Pair]:
    return polarity_pairs(ev.articles, ev.event, ev.taken, ev.linked) if ev.cfg.polarity_pairs else []


def _fact(ev: EventPairs) -> list[Pair]:
    return fact_pairs(ev.articles, ev.event, ev.cfg, ev.taken, ev.linked) if ev.cfg.fact_pairs else []


# The aligners by name (a pair's ``via``), in the order they run: each sees the pairs of those before it. A new
# strategy is one function and one entry; its place here is also its rank in :func:`cap_per_sentence`.
ALIGNERS: dict[str, Aligner] = {
    "similarity": _similarity,  # similar sentences of two partner articles (top-k, mutual best)
    "merge": _merge,  # two adjacent sentences as one side, where one outlet splits what another says in one
    "within": _within,  # similar sentences far apart inside one article
    "polarity": _polarity,  # opposite stances on the same point, however dissimilar
    "fact": _fact,  # the same fact stated, however differently worded
}


def align_event(articles: list[Article], event: str, cfg: AlignConfig, embed: EmbedFn | None = None) -> list[Pair]:
    """Every candidate pair of one event's articles, by every aligner of :data:`ALIGNERS`, without repeats; at
    most ``max_pairs_per_sentence`` charged to any one sentence (:func:`cap_per_sentence`)."""
    linked = partners(articles, cfg.max_partners)
    pairs: list[Pair] = []
    for aligner in ALIGNERS.values():
        pairs.extend(aligner(EventPairs(articles, event, cfg, embed, linked, list(pairs))))
    return cap_per_sentence(pairs, cfg.max_pairs_per_sentence)


def align(state: State, ctx: Context) -> State:
    """Stage: candidate pairs of every event (and across events when the run asks for it)."""
    by_id = {a.id: a for a in state.articles}
    pairs: list[Pair] = []
    for ev in state.events:
        pairs.extend(align_event([by_id[i] for i in ev.articles], ev.id, ctx.cfg.align, ctx.embed))
    if ctx.across_events:
        event_of = {a: e.id for e in state.events for a in e.articles}
        for a, b in combinations(state.articles, 2):
            if event_of[a.id] != event_of[b.id]:
                pairs.extend(similar_pairs(a, b, f"{event_of[a.id]}+{event_of[b.id]}", ctx.cfg.align, ctx.embed))
    pairs.sort(key=lambda p: (p.a.article.id, p.a.start, p.b.article.id, p.b.start))
    return replace(state, pairs=tuple(pairs), stats=replace(state.stats, candidate_pairs=len(pairs)))
