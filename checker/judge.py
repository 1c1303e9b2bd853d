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


# A pair whose two texts are the same after whitespace and case are normalised is not sent to the model: it gets
# these fixed probabilities (LABELS order: certain entailment).
SAME_TEXT = np.array([1.0, 0.0, 0.0], dtype=np.float32)
STEP = 512  # inputs per model call and cache transaction (a killed run keeps what was written)


def same_text(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are equal after collapsing whitespace and ignoring case."""
    return a == b or " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def score_texts(
    model: NLIModel,
    inputs: list[tuple[str, str]],
    batch_size: int = 32,
    cache: Cache | None = None,
    model_id: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """One row of probabilities (LABELS order) per (premise, hypothesis), from the cache where present.

    Equal texts get :data:`SAME_TEXT` without the model; repeated inputs are scored once; what must be scored is
    sorted by length first, so each batch holds inputs of similar length (little padding).
    """
    probs = np.zeros((len(inputs), 3), dtype=np.float32)
    todo = []
    for i, (a, b) in enumerate(inputs):
        if same_text(a, b):
            probs[i] = SAME_TEXT
        else:
            todo.append(i)
    use_cache = cache is not None and bool(model_id)
    keys = [text_key(*inputs[i]) if use_cache else "\x00".join(inputs[i]) for i in todo]
    missing: list[int] = list(range(len(todo)))  # positions in ``todo``
    if cache is not None and use_cache:
        missing = []
        for lo in range(0, len(todo), STEP * 4):
            rows, miss = cache.lookup("nli", str(model_id), keys[lo : lo + STEP * 4], 3)
            probs[todo[lo : lo + STEP * 4]] = rows
            missing.extend(lo + m for m in miss)
    if progress and len(inputs) - len(missing):
        progress(len(inputs) - len(missing))
    # one model input per distinct key, longest first
    first: dict[str, int] = {}
    for m in missing:
        first.setdefault(keys[m], m)
    unique = sorted(first.values(), key=lambda m: -sum(map(len, inputs[todo[m]])))
    for lo in range(0, len(unique), STEP):
        chunk = unique[lo : lo + STEP]
        rows = nli_probs(model, [inputs[todo[m]] for m in chunk], batch_size)
        for m, row in zip(chunk, rows, strict=True):
            probs[todo[m]] = row
        if cache is not None and use_cache:
            cache.store("nli", str(model_id), [keys[m] for m in chunk], rows)
        if progress:
            progress(len(chunk))
    # repeated inputs take the row of their first occurrence
    rep: dict[str, int] = {}
    for m in missing:
        if keys[m] in rep:
            probs[todo[m]] = probs[todo[rep[keys[m]]]]
            if progress:
                progress(1)
        else:
            rep[keys[m]] = m
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

    @property
    def nli_temperature(self) -> float | None:
        """The loaded model's calibration temperature (read only when something is scored)."""
        return getattr(self.ctx.m.nli, "nli_temperature", None)

    def predict(self, sentences: list[tuple[str, str]], **kwargs: Any) -> Any:
        return self.ctx.m.nli.predict(sentences, **kwargs)


def judge(state: State, ctx: Context) -> State:
    """Stage: NLI scores of every candidate pair, both directions."""
    advance = ctx.progress("NLI on aligned pairs", 2 * len(state.pairs))
    judged = judge_pairs(_LazyNLI(ctx), list(state.pairs), ctx.cfg.judge.batch_size, ctx.cache, ctx.m.nli_id, advance)
    return replace(state, judged=tuple(judged), stats=replace(state.stats, nli_pairs=2 * len(judged)))
