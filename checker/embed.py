"""Sentence vectors (unit length) from a sentence-transformers model, batched."""

from __future__ import annotations

import numpy as np

from checker.records import Sentence


def embed_texts(model, texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Normalised float32 vectors, one row per text, in order."""
    if not texts:
        dim = model.get_sentence_embedding_dimension() if hasattr(model, "get_sentence_embedding_dimension") else 384
        return np.zeros((0, dim), dtype=np.float32)
    vecs = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False,
                        convert_to_numpy=True)
    return vecs.astype(np.float32)


def embed_sentences(model, sentences: list[Sentence], batch_size: int = 64) -> np.ndarray:
    return embed_texts(model, [s.text for s in sentences], batch_size)
