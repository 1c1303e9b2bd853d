"""Findings stage: run every registered rule (``checker.rules``) over each judged pair.

A merged (two-sentence) pair belongs to the single-sentence pair it was grown from; of the findings of one kind on
such a unit, the most serious is kept (then the one with fewer merged sentences, then the higher score). Findings
are sorted by severity, then score (highest first), then id.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from checker.claims import SentenceClaims, extract_one, learn_aliases
from checker.records import Finding, Judged, Kind, Merged, Pair, Severity, Side
from checker.rules import RuleContext, ordered
from checker.text import caption

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State


def _claims(side: Side) -> SentenceClaims:
    return side.claims if side.claims is not None else extract_one(side.text)


def _is_caption(side: Side) -> bool:
    sentences = side.article.sentences
    parts = [side.first, side.second] if isinstance(side, Merged) else [side]
    return any(caption([s.text for s in sentences[x.index : x.index + 2]], 0) for x in parts)


def pair_findings(j: Judged, ctx: RuleContext) -> list[Finding]:
    """The findings of one judged pair: at most one per kind; low when a side is a photo caption (a caption is no
    claim sentence: it restates the story loosely)."""
    ca, cb = _claims(j.pair.a), _claims(j.pair.b)
    found: list[Finding] = []
    for rule in ordered():
        f = rule.fn(j, ca, cb, ctx, list(found))
        if f is not None:
            found.append(f)
    if found and (_is_caption(j.pair.a) or _is_caption(j.pair.b)):
        found = [
            replace(f, severity=Severity.LOW, explanation=f"{f.explanation} (One side is a photo caption.)")
            if f.severity.at_least(Severity.MEDIUM)
            else f
            for f in found
        ]
    return found


def _rank(f: Finding) -> tuple[int, int, float]:
    return f.severity.rank, f.pair.a.parts + f.pair.b.parts, -f.score


def find(judged: list[Judged], ctx: RuleContext) -> list[Finding]:
    """Findings of all judged pairs, one per kind and aligned unit, sorted."""
    best: dict[tuple[int, Kind], Finding] = {}
    units: dict[int, Pair] = {}
    for j in judged:
        unit = j.pair.unit
        units[id(unit)] = unit  # keeps the unit alive, so its id() is not reused
        for f in pair_findings(j, ctx):
            key = (id(unit), f.kind)
            if key not in best or _rank(f) < _rank(best[key]):
                best[key] = f
    return sorted(best.values(), key=Finding.sort_key)


def rule_context(state: State, ctx: Context) -> RuleContext:
    """What the rules read of a run: its thresholds, the aliases its articles teach, which articles copy which."""
    copies = frozenset(frozenset(pair) for e in state.events for pair in e.copies)
    return RuleContext(ctx.cfg.findings, state.aliases or learn_aliases([]), copies)


def cap_per_article_pair(found: list[Finding], k: int) -> tuple[list[Finding], list[str]]:
    """The ``k`` most serious findings of each pair of articles (sorted order kept), and one note for each pair
    of articles that had more: "... and N more like these"."""
    count: dict[tuple[str, str], int] = {}
    kept: list[Finding] = []
    for f in sorted(found, key=Finding.sort_key):
        key = tuple(sorted((f.pair.a.article.id, f.pair.b.article.id)))
        assert len(key) == 2
        count[key] = count.get(key, 0) + 1
        if count[key] <= k:
            kept.append(f)
    notes = [
        f"{a} / {b}: {k} findings shown, and {n - k:,} more like these left out (findings.max_per_article_pair)"
        if a != b
        else f"{a} (inside one article): {k} findings shown, and {n - k:,} more like these left out "
        "(findings.max_per_article_pair)"
        for (a, b), n in count.items()
        if n > k
    ]
    return kept, notes


def with_findings(state: State, found: list[Finding], ctx: Context) -> State:
    """``state`` with ``found`` capped per pair of articles (``findings.max_per_article_pair``) and sorted."""
    kept, notes = cap_per_article_pair(found, ctx.cfg.findings.max_per_article_pair)
    return replace(
        state,
        findings=tuple(kept),
        notes=state.notes + tuple(notes),
        stats=replace(state.stats, findings=len(kept)),
    )


def findings(state: State, ctx: Context) -> State:
    """Stage: findings of every judged pair (at most ``findings.max_per_article_pair`` per pair of articles)."""
    return with_findings(state, find(list(state.judged), rule_context(state, ctx)), ctx)
