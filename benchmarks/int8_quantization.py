"""Does int8 dynamic quantization (torch, CPU) keep MNLI-m accuracy within a point and run 1.5x faster?

    python benchmarks/int8_quantization.py [--pairs 4800]

The issue asked about an ONNX Runtime int8 path; torch's dynamic quantization gives int8 Linear layers on CPU
with no extra dependency and no export step, so it is measured here instead.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from checker.config import load_config
from checker.nli import load_nli, nli_probs
from checker.training import data
from checker.training.evaluate import score_set

ROOT = Path(__file__).resolve().parents[1]


def measure(model, examples, batch_size):
    pairs = [(e.premise, e.hypothesis) for e in examples]
    nli_probs(model, pairs[:64], batch_size)
    start = time.perf_counter()
    probs = nli_probs(model, pairs, batch_size)
    secs = time.perf_counter() - start
    return score_set("mnli-m-heldout", examples, probs), len(pairs) / secs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=4800)
    args = ap.parse_args()
    cfg = load_config(None)
    examples = data.load(["mnli-m-heldout"], data.TEST_SETS, ROOT.parent / "shared/data/nli")[: args.pairs]
    fp32 = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length)
    s32, r32 = measure(fp32, examples, cfg.judge.batch_size)
    int8 = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, quantize=True)
    s8, r8 = measure(int8, examples, cfg.judge.batch_size)
    print(f"threads {torch.get_num_threads()}, {len(examples)} MNLI-m held-out pairs, batch {cfg.judge.batch_size}")
    print(f"fp32: accuracy {s32.accuracy:.4f}, {r32:.1f} pairs/s")
    print(f"int8: accuracy {s8.accuracy:.4f}, {r8:.1f} pairs/s")
    print(
        f"accuracy change {100 * (s8.accuracy - s32.accuracy):+.2f} points, speed-up {r8 / r32:.2f}x "
        f"(criteria: within 1 point and >= 1.5x)"
    )


if __name__ == "__main__":
    main()
