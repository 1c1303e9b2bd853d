"""Judge stage: NLI probabilities for aligned pairs, in both directions, batched and cached."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from checker.cache import Cache, text_key
from checker.nli import NLIModel, nli_probs
from checker.records import Judged, NLIScores, Pair

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State


def score_texts(
    model: NLIModel,
    inputs: list[tuple[str, str]],
    batch_size: int = 32,
    cache: Cache | None = None,
    model_id: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """One row of probabilities (LABELS order) per (premise, hypothesis), from the cache where present."""
    probs = np.zeros((len(inputs), 3), dtype=np.float32)
    step = max(batch_size * 4, 1)
    for lo in range(0, len(inputs), step):
        chunk = inputs[lo : lo + step]
        if cache is not None and model_id:
            probs[lo : lo + len(chunk)] = cache.cached(
                "nli",
                model_id,
                [text_key(a, b) for a, b in chunk],
                3,
                lambda idx, chunk=chunk: nli_probs(model, [chunk[i] for i in idx], batch_size),
            )
        else:
            probs[lo : lo + len(chunk)] = nli_probs(model, chunk, batch_size)
        if progress:
            progress(len(chunk))
    return probs


def judge_pairs(
    model: NLIModel,
    pairs: list[Pair],
    batch_size: int = 32,
    cache: Cache | None = None,
    model_id: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Judged]:
    """Each pair with its NLI scores a -> b and b -> a."""
    inputs = [(p.a.text, p.b.text) for p in pairs] + [(p.b.text, p.a.text) for p in pairs]
    probs = score_texts(model, inputs, batch_size, cache, model_id, progress)
    n = len(pairs)
    return [
        Judged(p, NLIScores(*map(float, probs[k])), NLIScores(*map(float, probs[n + k]))) for k, p in enumerate(pairs)
    ]


class _LazyNLI:
    """Looks like the NLI model, but loads it only when some pair is not in the cache."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def config(self) -> Any:
        return self.ctx.m.nli.config

    def predict(self, sentences: list[tuple[str, str]], **kwargs: Any) -> Any:
        return self.ctx.m.nli.predict(sentences, **kwargs)


def judge(state: State, ctx: Context) -> State:
    """Stage: NLI scores of every candidate pair, both directions."""
    advance = ctx.progress("NLI on aligned pairs", 2 * len(state.pairs))
    judged = judge_pairs(_LazyNLI(ctx), list(state.pairs), ctx.cfg.judge.batch_size, ctx.cache, ctx.m.nli_id, advance)
    return replace(state, judged=tuple(judged), stats=replace(state.stats, nli_pairs=2 * len(judged)))
