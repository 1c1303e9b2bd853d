"""NLI probabilities for aligned pairs, in both directions, batched."""

from __future__ import annotations

import numpy as np

from checker.records import Pair
from checker.nli import LABELS, nli_probs


def judge_pairs(model, pairs: list[Pair], batch_size: int = 32, progress=None, cache=None,
                model_id: str | None = None) -> None:
    """Fill ``nli_ab`` and ``nli_ba`` of each pair in place (cached by model and text pair when given a cache)."""
    inputs = [(p.a.text, p.b.text) for p in pairs] + [(p.b.text, p.a.text) for p in pairs]
    probs = np.zeros((len(inputs), 3), dtype=np.float32)
    step = max(batch_size * 4, 1)
    for lo in range(0, len(inputs), step):
        chunk = inputs[lo:lo + step]
        if cache is not None and model_id:
            from checker.cache import text_key

            probs[lo:lo + len(chunk)] = cache.cached(
                "nli", model_id, [text_key(a, b) for a, b in chunk], 3,
                lambda idx: nli_probs(model, [chunk[i] for i in idx], batch_size))
        else:
            probs[lo:lo + len(chunk)] = nli_probs(model, chunk, batch_size)
        if progress:
            progress(len(chunk))
    n = len(pairs)
    for k, p in enumerate(pairs):
        p.nli_ab = {lab: float(probs[k, c]) for c, lab in enumerate(LABELS)}
        p.nli_ba = {lab: float(probs[n + k, c]) for c, lab in enumerate(LABELS)}
