"""NLI pairs per second on CPU at the default batch size.

python benchmarks/nli_speed.py [--pairs 2000] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

from checker.config import load_config
from checker.nli import load_nli, nli_probs

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    cfg = load_config(None)
    model = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length)
    rows = [json.loads(l) for l in (ROOT.parent / "shared/data/nli/snli/dev.jsonl").read_text().splitlines()]
    fever = [
        json.loads(l) for l in (ROOT.parent / "shared/data/nli/fever_nli_binary_dev/dev.jsonl").read_text().splitlines()
    ]
    pairs = [(r["premise"], r["hypothesis"]) for r in (rows[: args.pairs // 2] + fever[: args.pairs // 2])]
    nli_probs(model, pairs[:64], cfg.judge.batch_size)  # warm-up
    start = time.perf_counter()
    nli_probs(model, pairs, cfg.judge.batch_size)
    secs = time.perf_counter() - start
    print(
        f"{len(pairs)} pairs (half SNLI, half FEVER news-length premises), batch {cfg.judge.batch_size}, "
        f"{args.threads} threads: {secs:.1f} s, {len(pairs) / secs:.1f} pairs/s"
    )


if __name__ == "__main__":
    main()
