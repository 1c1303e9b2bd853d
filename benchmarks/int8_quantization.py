"""Does int8 dynamic quantization (torch, CPU) keep MNLI-m accuracy within a point and run 1.5x faster?

    python benchmarks/int8_quantization.py [--pairs 4800]

Compares fp32 (batches of ``judge.batch_size``, sorted by length as the judge sends them) with int8 as the checker
runs it: one pair per batch, because dynamic quantization scales activations over the whole batch, so a batched
pair scores differently with other neighbours. Also prints that batch dependence: the largest change of a
probability, and how many argmax labels move, when the same pairs are batched in another order.

The issue asked about an ONNX Runtime int8 path; torch's dynamic quantization gives int8 Linear layers on CPU
with no extra dependency and no export step, so it is measured here (``onnx_int8.py`` measures ONNX Runtime).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np
import torch

from checker.config import load_config
from checker.nli import load_nli, nli_probs
from checker.training import data
from checker.training.evaluate import score_set

ROOT = Path(__file__).resolve().parents[1]


def measure(model, examples, batch_size):
    pairs = [(e.premise, e.hypothesis) for e in examples]
    pairs_sorted = sorted(range(len(pairs)), key=lambda i: -sum(map(len, pairs[i])))  # as judge.score_texts sends
    nli_probs(model, pairs[:64], batch_size)
    start = time.perf_counter()
    rows = nli_probs(model, [pairs[i] for i in pairs_sorted], batch_size)
    secs = time.perf_counter() - start
    probs = np.zeros_like(rows)
    probs[pairs_sorted] = rows
    return score_set("mnli-m-heldout", examples, probs), len(pairs) / secs, probs


def batch_dependence(model, examples, batch_size, probs, n=1000):
    """Largest probability change and argmax moves when the first ``n`` pairs are scored in a shuffled order."""
    pairs = [(e.premise, e.hypothesis) for e in examples[:n]]
    order = list(range(len(pairs)))
    random.Random(1).shuffle(order)
    again = np.zeros((len(pairs), 3), dtype=np.float32)
    again[order] = nli_probs(model, [pairs[i] for i in order], batch_size)
    return float(np.abs(again - probs[:n]).max()), int((again.argmax(1) != probs[:n].argmax(1)).sum()), len(pairs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=4800)
    args = ap.parse_args()
    cfg = load_config(None)
    examples = data.load(["mnli-m-heldout"], data.TEST_SETS, ROOT.parent / "shared/data/nli")[: args.pairs]
    bs = cfg.judge.batch_size
    print(f"threads {torch.get_num_threads()}, {len(examples)} MNLI-m held-out pairs, judge.batch_size {bs}")
    fp32 = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, quantize=False)
    s32, r32, p32 = measure(fp32, examples, bs)
    print(f"fp32 (batches of {bs}): accuracy {s32.accuracy:.4f}, {r32:.1f} pairs/s", flush=True)
    int8 = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, quantize=True)
    s8, r8, p8 = measure(int8, examples, bs)
    print(f"int8 (one pair per batch): accuracy {s8.accuracy:.4f}, {r8:.1f} pairs/s", flush=True)
    print(
        f"accuracy change {100 * (s8.accuracy - s32.accuracy):+.2f} points, speed-up {r8 / r32:.2f}x "
        f"(criteria: within 1 point and >= 1.5x)"
    )
    for name, model, probs in (("fp32", fp32, p32), ("int8", int8, p8)):
        worst, moved, n = batch_dependence(model, examples, bs, probs)
        print(f"{name} scored again in another order: largest change {worst:.2g}, argmax moved {moved}/{n}")
    int8.one_per_batch = False  # what batching int8 would do
    s8b, r8b, p8b = measure(int8, examples, bs)
    worst, moved, n = batch_dependence(int8, examples, bs, p8b)
    print(
        f"int8 in batches of {bs} (not used): accuracy {s8b.accuracy:.4f}, {r8b:.1f} pairs/s; in another order: "
        f"largest change {worst:.2g}, argmax moved {moved}/{n}"
    )


if __name__ == "__main__":
    main()
