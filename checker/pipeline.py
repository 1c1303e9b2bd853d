"""Compose the stages: inputs -> corpus -> clean -> segment -> events -> embed -> align -> judge -> claims -> findings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np

from checker import claims, findings as findings_mod
from checker.align import align_articles, align_within
from checker.clean import clean_articles
from checker.config import Config
from checker.corpus import Corpus, InputError, read_corpus
from checker.embed import embed_sentences, embed_texts
from checker.events import group_events
from checker.judge import judge_pairs
from checker.records import Article, Finding, Pair, RunStats, Sentence
from checker.segment import make_segmenter, segment_article


@dataclass
class Models:
    """The loaded models, passed into :func:`run` so they load once."""

    embedder: object
    nli: object
    nli_name: str


def load_models(cfg: Config) -> Models:
    from checker.models import load_embedder, load_nli

    return Models(load_embedder(cfg.models.embedding, cfg.models.device),
                  load_nli(cfg.models.nli, cfg.models.device, cfg.judge.max_length, cfg.models.allow_download),
                  cfg.models.nli)


@dataclass
class RunResult:
    articles: list[Article]
    sentences: dict[str, list[Sentence]]
    pairs: list[Pair]
    findings: list[Finding]
    stats: RunStats
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Stage:
    """A rich progress task, or nothing when no progress bar is shown."""

    def __init__(self, progress, description: str, total: int):
        self.progress = progress
        self.task = progress.add_task(description, total=total) if progress else None

    def advance(self, n: int = 1) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, n)


def speakers_by_sentence(sentences: dict[str, list[Sentence]]) -> dict[tuple[str, int], list[claims.Attribution]]:
    """Attributions of every sentence, pronouns resolved to the article's last named speaker."""
    raw = {(s.article, s.index): claims.attributions(s.text) for sents in sentences.values() for s in sents}
    known = {a.speaker.split()[-1] for attrs in raw.values() for a in attrs if not a.pronoun}
    out = {}
    for art, sents in sentences.items():
        last = None
        for s in sents:
            attrs = claims.resolve_pronouns(raw[(art, s.index)], last)
            out[(art, s.index)] = attrs
            last = claims.last_person(s.text, known) or last
    return out


def run(paths: list[str | Path] | None = None, cfg: Config | None = None, models: Models | None = None,
        progress=None, corpus: Corpus | None = None, across_events: bool = False) -> RunResult:
    """Run the whole pipeline; raises :class:`InputError` on unusable input."""
    started = time.time()
    cfg = cfg or Config()
    corpus = corpus or read_corpus(list(paths or []))
    stats = RunStats(articles=len(corpus.articles))
    articles = clean_articles(corpus.articles, cfg.clean.min_words)
    warnings = list(corpus.warnings)
    for art in corpus.articles:
        if not art.clean:
            warnings.append(f"{art.path}: skipped: no article text left after cleaning")
    if not articles:
        raise InputError("no article text left after cleaning: " + ", ".join(a.path for a in corpus.articles))
    stats.skipped = len(warnings)
    stats.articles = len(articles)
    seg = make_segmenter()
    sentences = {a.id: segment_article(a, seg) for a in articles}
    stats.sentences = sum(len(v) for v in sentences.values())
    models = models or load_models(cfg)

    all_sents = [s for a in articles for s in sentences[a.id]]
    embed_task = _Stage(progress, "embedding sentences", len(all_sents))
    vecs = embed_sentences(models.embedder, all_sents, cfg.embed.batch_size)
    embed_task.advance(len(all_sents))
    vectors: dict[str, np.ndarray] = {}
    pos = 0
    for a in articles:
        n = len(sentences[a.id])
        vectors[a.id] = vecs[pos:pos + n]
        pos += n
    event_of = group_events(articles, vectors)
    for a in articles:
        a.event = event_of[a.id]

    def embed_fn(texts: list[str]) -> np.ndarray:
        return embed_texts(models.embedder, texts, cfg.embed.batch_size)

    pairs: list[Pair] = []
    notes: list[str] = []
    if len({a.source for a in articles}) < 2:
        notes.append("only one source: nothing to compare across outlets")
    for a, b in combinations(articles, 2):
        if a.source == b.source and a.text.strip() == b.text.strip():
            continue
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
    pairs.sort(key=lambda p: (p.a.article, p.a.start, p.b.article, p.b.start))
    stats.candidate_pairs = len(pairs)

    judge_task = _Stage(progress, "NLI on aligned pairs", 2 * len(pairs))
    judge_pairs(models.nli, pairs, cfg.judge.batch_size, judge_task.advance)
    stats.nli_pairs = 2 * len(pairs)

    speakers = speakers_by_sentence(sentences)
    found: list[Finding] = []
    for p in pairs:
        found.extend(findings_mod.pair_findings(p, cfg.findings, speakers.get((p.a.article, p.a.index)),
                                                speakers.get((p.b.article, p.b.index))))
    found = findings_mod.sort_findings(found)
    stats.findings = len(found)
    stats.seconds = round(time.time() - started, 2)
    return RunResult(articles, sentences, pairs, found, stats, warnings, notes)
