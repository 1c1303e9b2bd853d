"""Embed stage: unit-length sentence vectors from a sentence-transformers model, batched and cached."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from checker.models import STEP as STEP
from checker.models import Embedder as Embedder
from checker.models import dimension as dimension
from checker.models import embed_texts as embed_texts

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State


def embed(state: State, ctx: Context) -> State:
    """Stage: a unit vector for every sentence, kept by its article (one row per sentence; new article records)."""
    texts = [s.text for a in state.articles for s in a.sentences]
    vecs = ctx.embed(texts, "embedding sentences")
    articles, lo = [], 0
    for a in state.articles:
        articles.append(a.evolve(vectors=vecs[lo : lo + len(a.sentences)]))
        lo += len(a.sentences)
    return replace(state, articles=tuple(articles))
