"""Sentence vectors (unit length) from a sentence-transformers model, batched and cached."""

from __future__ import annotations

import numpy as np

from checker.records import Sentence

STEP = 1024  # texts per cache transaction


def _dim(model) -> int:
    get = getattr(model, "get_embedding_dimension", None) or getattr(model, "get_sentence_embedding_dimension", None)
    return int(get()) if get else 384


def embed_texts(model, texts: list[str], batch_size: int = 64, cache=None, model_id: str | None = None,
                progress=None) -> np.ndarray:
    """Normalised float32 vectors, one row per text, in order; cached by (model, text hash) when given a cache."""
    dim = _dim(model)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    out = np.zeros((len(texts), dim), dtype=np.float32)

    def compute(chunk: list[str]) -> np.ndarray:
        vecs = model.encode(chunk, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False,
                            convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)

    for lo in range(0, len(texts), STEP):
        chunk = texts[lo:lo + STEP]
        if cache is not None and model_id:
            from checker.cache import text_key

            out[lo:lo + len(chunk)] = cache.cached("vectors", model_id, [text_key(t) for t in chunk], dim,
                                                   lambda idx: compute([chunk[i] for i in idx]))
        else:
            out[lo:lo + len(chunk)] = compute(chunk)
        if progress:
            progress(len(chunk))
    return out


def embed_sentences(model, sentences: list[Sentence], batch_size: int = 64, cache=None, model_id=None,
                    progress=None) -> np.ndarray:
    return embed_texts(model, [s.text for s in sentences], batch_size, cache, model_id, progress)
