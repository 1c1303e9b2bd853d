"""Consensus stage: for each fact of an event, the value each outlet gives, and which outlets are the odd ones out.

Facts of different articles of one event are grouped when they unambiguously state the same thing
(:func:`checker.facts.same_fact` at least ``consensus.match``); each group keeps one fact per article. Values that
agree (:func:`checker.facts.disagree` finds nothing at or above medium) form blocs; the largest bloc is the
consensus, and outlets outside it are the outliers: "2 outlets say 11 drowned; newsncr says 21".
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from typing import TYPE_CHECKING

from checker.facts import Fact, disagree, same_fact
from checker.records import Article, FactGroup, Finding, Merged, Sentence, Side, Span, Statement
from checker.unionfind import UnionFind

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State


def _describe(f: Fact) -> str:
    """What a fact is about: "student · drown", "duration · meet · Kishida"."""
    return " · ".join(w for w in (f.noun or f.kind, f.predicate, f.subject) if w)


def event_facts(event: str, articles: list[Article], match: float) -> list[FactGroup]:
    """Groups of facts stated by two or more of ``articles``, with their consensus and outliers."""
    items: list[tuple[Article, Sentence, Fact]] = [
        (a, s, f) for a in articles for s in a.sentences if s.claims for f in s.claims.facts if f.value is not None
    ]
    sets: UnionFind[int] = UnionFind(range(len(items)))
    for i, k in combinations(range(len(items)), 2):
        if items[i][0] is not items[k][0] and same_fact(items[i][2], items[k][2]) >= match:
            sets.union(i, k)
    clusters: dict[int, list[int]] = {}
    for i in range(len(items)):
        clusters.setdefault(sets.find(i), []).append(i)
    groups = []
    for members in clusters.values():
        per_article: dict[str, int] = {}
        for i in members:  # one fact per article: its first mention
            per_article.setdefault(items[i][0].id, i)
        if len(per_article) < 2:
            continue
        chosen = list(per_article.values())
        blocs: list[list[int]] = []
        for i in chosen:
            for bloc in blocs:
                if all(_agree(items[i][2], items[k][2]) for k in bloc):
                    bloc.append(i)
                    break
            else:
                blocs.append([i])
        blocs.sort(key=lambda b: (-len(b), b[0]))
        main = set(blocs[0]) if len(blocs) == 1 or len(blocs[0]) > len(blocs[1]) else set()
        statements = tuple(
            Statement(
                items[i][0].id, items[i][0].source, items[i][1].index, items[i][2].text, items[i][2].span, i in main
            )
            for i in chosen
        )
        consensus = items[blocs[0][0]][2].text if main else "no majority"
        outliers = tuple(dict.fromkeys(items[i][0].source for i in chosen if main and i not in main))
        groups.append(FactGroup(event, _describe(items[chosen[0]][2]), statements, consensus, outliers))
    groups.sort(key=lambda g: (not g.outliers, -len(g.statements), g.what))
    return groups


def _agree(a: Fact, b: Fact) -> bool:
    if " ".join(a.text.lower().split()) == " ".join(b.text.lower().split()):
        return True  # the same words ("Friday"), even where a missing published date resolves them elsewhere
    got = disagree(a, b)
    return got is None or got[0] == "low"


def consensus(state: State, ctx: Context) -> State:
    """Stage: the fact table of every event with two or more articles."""
    by_id = {a.id: a for a in state.articles}
    groups: list[FactGroup] = []
    for ev in state.events:
        if len(ev.articles) > 1:
            groups.extend(event_facts(ev.id, [by_id[i] for i in ev.articles], ctx.cfg.consensus.match))
    return replace(state, facts=tuple(groups))


def group_for(groups: tuple[FactGroup, ...], article: str, sentence: int, span: Span) -> FactGroup | None:
    """The fact group that holds the value at ``span`` of sentence ``sentence`` of ``article``, if any."""
    for g in groups:
        for s in g.statements:
            if s.article == article and s.sentence == sentence and s.span.start < span.end and span.start < s.span.end:
                return g
    return None


def _locate(side: Side, span: Span) -> tuple[int, Span]:
    """The sentence index and sentence-frame span of ``span`` on ``side`` (a merged side has two sentences)."""
    if isinstance(side, Merged):
        cut = len(side.first.text) + 1
        if span.start >= cut:
            return side.second.index, span.shifted(-cut)
        return side.first.index, span
    return side.index, span


def finding_group(groups: tuple[FactGroup, ...], f: Finding) -> FactGroup | None:
    """The fact group a number or date finding's evidence belongs to, if any."""
    for side, spans in ((f.pair.a, f.evidence_a), (f.pair.b, f.evidence_b)):
        for span in spans:
            index, local = _locate(side, span)
            g = group_for(groups, side.article.id, index, local)
            if g is not None:
                return g
    return None
