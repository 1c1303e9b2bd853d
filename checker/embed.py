"""Embed stage: unit-length sentence vectors from a sentence-transformers model, batched and cached."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from checker.cache import Cache, text_key

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State

STEP = 1024  # texts per cache transaction


class Embedder(Protocol):
    """What the checker needs of an embedding model (sentence-transformers' ``SentenceTransformer`` fits)."""

    def encode(self, sentences: list[str], **kwargs: Any) -> Any: ...


def dimension(model: Embedder) -> int:
    get = getattr(model, "get_embedding_dimension", None) or getattr(model, "get_sentence_embedding_dimension", None)
    return int(get()) if get else 384


def embed_texts(
    model: Embedder,
    texts: list[str],
    batch_size: int = 64,
    cache: Cache | None = None,
    model_id: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Normalised float32 vectors, one row per text, in order; cached by (model, text hash) when given a cache."""
    dim = dimension(model)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    out = np.zeros((len(texts), dim), dtype=np.float32)

    def compute(chunk: list[str]) -> np.ndarray:
        vecs = model.encode(
            chunk, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return np.asarray(vecs, dtype=np.float32)

    for lo in range(0, len(texts), STEP):
        chunk = texts[lo : lo + STEP]
        if cache is not None and model_id:
            out[lo : lo + len(chunk)] = cache.cached(
                "vectors",
                model_id,
                [text_key(t) for t in chunk],
                dim,
                lambda idx, chunk=chunk: compute([chunk[i] for i in idx]),
            )
        else:
            out[lo : lo + len(chunk)] = compute(chunk)
        if progress:
            progress(len(chunk))
    return out


def embed(state: State, ctx: Context) -> State:
    """Stage: a unit vector for every sentence, kept by its article (one row per sentence)."""
    texts = [s.text for a in state.articles for s in a.sentences]
    vecs = ctx.embed(texts, "embedding sentences")
    lo = 0
    for a in state.articles:
        a.vectors = vecs[lo : lo + len(a.sentences)]
        lo += len(a.sentences)
    return state
