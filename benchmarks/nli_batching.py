"""NLI scoring before/after on the same inputs: the candidate pairs (both directions) of a run over N news articles.

    python benchmarks/nli_batching.py [--docs 100] [--threads N] [--repeat 2]

"before" is the scoring of checker <= 0.2 (inputs in pair order, 128 per model call; the cross-encoder sorts only
within a call); "after" is :func:`checker.judge.score_texts` (equal texts skipped, repeats scored once, every miss
sorted by length across the run, 512 per call). No cache on either side; the two alternate ``--repeat`` times.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tempfile

import numpy as np
from corpora import mixed_documents, write_jsonl

from checker.cache import Cache
from checker.config import load_config
from checker.judge import score_texts
from checker.nli import nli_probs
from checker.pipeline import upto
from checker.state import Context, Models, State


def before(model, inputs: list[tuple[str, str]], batch_size: int) -> np.ndarray:
    out = np.zeros((len(inputs), 3), dtype=np.float32)
    step = batch_size * 4
    for lo in range(0, len(inputs), step):
        out[lo : lo + step] = nli_probs(model, inputs[lo : lo + step], batch_size)
    return out


def candidate_inputs(n: int, cfg, models: Models) -> list[tuple[str, str]]:

    stages = upto("judge")[:-1]
    with tempfile.TemporaryDirectory() as tmp:
        write_jsonl(Path(tmp) / "scrape.jsonl", mixed_documents(n))
        cache = Cache(Path(tmp) / "c.sqlite")
        ctx = Context(cfg, models, cache)
        state = State(inputs=(str(Path(tmp) / "scrape.jsonl"),))
        for st in stages:
            state = st(state, ctx)
        cache.close()
    ps = state.pairs
    return [(p.a.text, p.b.text) for p in ps] + [(p.b.text, p.a.text) for p in ps]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: torch's default)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = load_config(None)
    models = Models(cfg)
    inputs = candidate_inputs(args.docs, cfg, models)
    model, bs = models.nli, cfg.judge.batch_size
    print(f"{len(inputs)} NLI inputs from {args.docs} articles; torch threads {torch.get_num_threads()}")
    times: dict[str, list[float]] = {"before": [], "after": []}
    results = {}
    for _ in range(args.repeat):
        for name, fn in (
            ("before", lambda: before(model, inputs, bs)),
            ("after", lambda: score_texts(model, inputs, bs)),
        ):
            t0 = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t0)
    for name, ts in times.items():
        print(f"{name:>6}: {min(ts):.1f} s best of {len(ts)} ({len(inputs) / min(ts):.1f} inputs/s); all {ts}")
    diff = np.abs(results["before"] - results["after"]).max()
    print(f"speed-up {min(times['before']) / min(times['after']):.2f}x; largest probability difference {diff:.4f}")


if __name__ == "__main__":
    main()
