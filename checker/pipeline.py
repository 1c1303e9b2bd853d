"""Compose the stages: inputs -> corpus -> clean -> segment -> events -> embed -> align -> judge -> claims -> findings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np

from checker import claims, findings as findings_mod
from checker.align import align_articles, align_within
from checker.clean import clean_articles, looks_english
from checker.config import Config
from checker.corpus import Corpus, InputError, read_corpus
from checker.embed import embed_sentences, embed_texts
from checker.events import group_events
from checker.judge import judge_pairs
from checker.records import Article, Finding, Pair, RunStats, Sentence
from checker.segment import segment_articles


@dataclass
class Models:
    """The loaded models, passed into :func:`run` so they load once."""

    embedder: object
    nli: object
    embed_id: str
    nli_id: str


def load_models(cfg: Config) -> Models:
    from checker.cache import model_identity
    from checker.models import embedding_path, load_embedder
    from checker.nli import load_nli, nli_path as find_nli

    emb_path = embedding_path(cfg.models.embedding)
    nli_path = find_nli(cfg.models.nli)
    return Models(load_embedder(cfg.models.embedding, cfg.models.device),
                  load_nli(cfg.models.nli, cfg.models.device, cfg.judge.max_length, cfg.models.allow_download,
                           cfg.models.quantize),
                  model_identity(cfg.models.embedding, emb_path),
                  model_identity(f"{cfg.models.nli}|{cfg.judge.max_length}|q{int(cfg.models.quantize)}", nli_path))


@dataclass
class RunResult:
    articles: list[Article]
    sentences: dict[str, list[Sentence]]
    pairs: list[Pair]
    findings: list[Finding]
    stats: RunStats
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duplicates: list[Article] = field(default_factory=list)
    claims: dict = field(default_factory=dict)  # (article, index) -> SentenceClaims, pronouns resolved


class _Stage:
    """A rich progress task, or nothing when no progress bar is shown."""

    def __init__(self, progress, description: str, total: int):
        self.progress = progress
        self.task = progress.add_task(description, total=total) if progress else None

    def advance(self, n: int = 1) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, n)


def claims_for(s: Sentence, table: dict[tuple[str, int], claims.SentenceClaims],
               sentences: dict[str, list[Sentence]]) -> claims.SentenceClaims:
    """Claims of a pair side; a merged sentence gets its parts' claims re-extracted."""
    key = (s.article, s.index)
    if key in table and sentences[s.article][s.index].text == s.text:
        return table[key]
    c = claims.extract_one(s.text)
    first = table.get(key)
    resolved = [a for a in first.speakers if a.pronoun] if first else []
    c.speakers = [a for a in c.speakers if not a.pronoun] + resolved
    return c


def polarity_pairs(sents: list[Sentence], vecs: np.ndarray, table, existing: set) -> list[Pair]:
    """Pairs of one event whose sentences take opposite stances on the same point, however dissimilar."""
    hits = [(i, table[(s.article, s.index)].polarity) for i, s in enumerate(sents)]
    hits = [(i, h) for i, h in hits if h]
    out = []
    for (i, hi), (j, hj) in combinations(hits, 2):
        a, b = sents[i], sents[j]
        if (a.article, a.index, b.article, b.index) in existing or (b.article, b.index, a.article, a.index) in existing:
            continue
        if claims.opposed(hi, hj, min_shared=1):
            out.append(Pair(a, b, float(vecs[i] @ vecs[j])))
    return out


def select_articles(corpus: Corpus, cfg: Config) -> tuple[list[Article], list[Article], list[str], list[str]]:
    """Clean the corpus; set aside non-English articles and exact duplicates.

    Returns (articles, duplicates, warnings, notes).
    """
    warnings = list(corpus.warnings)
    notes: list[str] = []
    articles: list[Article] = []
    duplicates: list[Article] = []
    first_with: dict[str, Article] = {}
    for art in clean_articles(corpus.articles, cfg.clean.min_words):
        if not looks_english(art.clean):
            warnings.append(f"{art.path}: skipped: not English (the shipped models read English only)")
            continue
        key = " ".join(art.clean.lower().split())
        if key in first_with:
            art.duplicate_of = first_with[key].id
            duplicates.append(art)
            notes.append(f"{art.id} ({art.source}) has the same text as {art.duplicate_of} "
                         f"({first_with[key].source}): reported as a duplicate, not compared")
            continue
        first_with[key] = art
        articles.append(art)
    warnings += [f"{a.path}: skipped: no article text left after cleaning" for a in corpus.articles if not a.clean]
    if not articles:
        raise InputError("no usable article text: " + ", ".join(a.path for a in corpus.articles))
    if len({a.source for a in articles}) < 2:
        notes.append("only one source: nothing to compare across outlets")
    return articles, duplicates, warnings, notes


def candidate_pairs(articles: list[Article], sentences: dict[str, list[Sentence]], vectors: dict[str, np.ndarray],
                    table, cfg: Config, embed_fn, across_events: bool = False) -> list[Pair]:
    """Aligned pairs across articles (within an event), inside articles, and polarity pairs."""
    pairs: list[Pair] = []
    for a, b in combinations(articles, 2):
        if a.event != b.event and not across_events:
            continue
        for p in align_articles(sentences[a.id], vectors[a.id], sentences[b.id], vectors[b.id], cfg.align, embed_fn):
            p.event = a.event if a.event == b.event else f"{a.event}+{b.event}"
            pairs.append(p)
    if cfg.align.within_article:
        for a in articles:
            for p in align_within(sentences[a.id], vectors[a.id], cfg.align):
                p.event = a.event
                pairs.append(p)
    existing = {(p.a.article, p.a.index, p.b.article, p.b.index) for p in pairs}
    by_event: dict[str | None, list[Article]] = {}
    for a in articles:
        by_event.setdefault(a.event, []).append(a)
    for group in by_event.values():
        sents = [s for a in group for s in sentences[a.id]]
        if not sents:
            continue
        for p in polarity_pairs(sents, np.concatenate([vectors[a.id] for a in group]), table, existing):
            p.event = group[0].event
            pairs.append(p)
    pairs.sort(key=lambda p: (p.a.article, p.a.start, p.b.article, p.b.start))
    return pairs


def run(paths: list[str | Path] | None = None, cfg: Config | None = None, models: Models | None = None,
        progress=None, corpus: Corpus | None = None, across_events: bool = False, cache=None) -> RunResult:
    """Run the whole pipeline; raises :class:`InputError` on unusable input."""
    started = time.time()
    cfg = cfg or Config()
    corpus = corpus or read_corpus(list(paths or []))
    articles, duplicates, warnings, notes = select_articles(corpus, cfg)
    stats = RunStats(articles=len(articles), skipped=len(warnings))
    sentences = segment_articles(articles, cache)
    stats.sentences = sum(len(v) for v in sentences.values())
    models = models or load_models(cfg)

    all_sents = [s for a in articles for s in sentences[a.id]]
    embed_task = _Stage(progress, "embedding sentences", len(all_sents))
    vecs = embed_sentences(models.embedder, all_sents, cfg.embed.batch_size, cache, models.embed_id,
                           embed_task.advance)
    bounds = np.cumsum([0] + [len(sentences[a.id]) for a in articles])
    vectors = {a.id: vecs[bounds[k]:bounds[k + 1]] for k, a in enumerate(articles)}
    event_of = group_events(articles, vectors)
    for a in articles:
        a.event = event_of[a.id]
    for d in duplicates:
        d.event = event_of[d.duplicate_of]

    def embed_fn(texts: list[str]) -> np.ndarray:
        return embed_texts(models.embedder, texts, cfg.embed.batch_size, cache, models.embed_id)

    table = claims.extract(sentences)
    pairs = candidate_pairs(articles, sentences, vectors, table, cfg, embed_fn, across_events)
    stats.candidate_pairs = len(pairs)

    judge_task = _Stage(progress, "NLI on aligned pairs", 2 * len(pairs))
    judge_pairs(models.nli, pairs, cfg.judge.batch_size, judge_task.advance, cache, models.nli_id)
    stats.nli_pairs = 2 * len(pairs)

    aliases = claims.learn_aliases([a.text for a in articles])
    found: list[Finding] = []
    for p in pairs:
        found.extend(findings_mod.pair_findings(p, cfg.findings, claims_for(p.a, table, sentences),
                                                claims_for(p.b, table, sentences), aliases))
    found = findings_mod.sort_findings(found)
    stats.findings = len(found)
    stats.seconds = round(time.time() - started, 2)
    return RunResult(articles, sentences, pairs, found, stats, warnings, notes, duplicates, table)
