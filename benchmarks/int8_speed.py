"""int8 NLI speed against float32, one format per process, so a whole-process timer can pair two of them.

    python benchmarks/int8_speed.py layer --format float32|int8|int8-unfused [--rows 4096] [--repeat 30]
    python benchmarks/int8_speed.py nli --format float32|int8|int8-unfused [--pairs 600]
    python benchmarks/int8_speed.py same [--pairs 600]

``layer`` runs one encoder layer of the shipped NLI model (attention and feed-forward: six Linear layers) on
``--rows`` token vectors (batches of 32 pairs of 128 tokens) ``--repeat`` times. ``nli`` scores the first
``--pairs`` MNLI-m held-out pairs as the checker does (longest first, the configured batch size). ``int8`` is the
checker's format as it runs now (query/key/value fused: one quantisation of their shared input; oneDNN's int8
linear, ``checker.quant``), ``int8-fbgemm`` the same with fbgemm's dynamic linear, ``int8-unfused`` fbgemm with
every Linear quantising its own input (the int8 path before the fusion). Each
prints the seconds of the timed part, after a warm-up; time two processes side by side (``/usr/bin/time``, or any
timer that alternates them) to compare formats under the same load.

``same`` checks that ``int8`` and ``int8-unfused`` give bit-identical logits on the pairs (exit 1 otherwise):
neither the fusion nor the kernel may change a score, since the cache ids of the format stay.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.config import load_config  # noqa: E402
from checker.nli import load_nli, nli_logits  # noqa: E402
from checker.quant import BucketedCrossEncoder  # noqa: E402
from checker.training import data  # noqa: E402

DATA = ROOT.parent / "shared/data/nli"


def model_for(fmt: str):
    cfg = load_config(None)
    if fmt in ("int8-unfused", "int8-fbgemm"):
        f32 = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, precision="float32")
        os.environ["CHECKER_INT8_KERNEL"] = "fbgemm"  # read when the layers are built
        try:
            return BucketedCrossEncoder(f32, cfg.judge.max_length, fuse=fmt == "int8-fbgemm"), cfg
        finally:
            del os.environ["CHECKER_INT8_KERNEL"]
    return load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, precision=fmt), cfg


def pairs(n: int) -> list[tuple[str, str]]:
    examples = data.load(["mnli-m-heldout"], data.TEST_SETS, DATA)[:n]
    out = [(e.premise, e.hypothesis) for e in examples]
    return sorted(out, key=lambda p: -sum(map(len, p)))  # as judge.score_texts sends them


def layer(fmt: str, rows: int, repeat: int) -> None:
    model, _ = model_for(fmt)
    block = model.model.bert.encoder.layer[0]
    torch.manual_seed(0)
    x = torch.randn(rows // 128, 128, int(model.config.hidden_size))
    with torch.inference_mode():
        block(x)
        start = time.perf_counter()
        for _ in range(repeat):
            block(x)
    print(f"layer {fmt}: {(time.perf_counter() - start) / repeat * 1000:.1f} ms per {rows} rows")


def nli(fmt: str, n: int) -> None:
    model, cfg = model_for(fmt)
    ps = pairs(n)
    nli_logits(model, ps[:32], cfg.judge.batch_size)
    start = time.perf_counter()
    nli_logits(model, ps, cfg.judge.batch_size)
    secs = time.perf_counter() - start
    print(f"nli {fmt}: {len(ps)} pairs in {secs:.2f} s, {len(ps) / secs:.1f} pairs/s")


def same(n: int) -> int:
    ps = pairs(n)
    fused, cfg = model_for("int8")
    unfused, _ = model_for("int8-unfused")
    a = nli_logits(fused, ps, cfg.judge.batch_size)
    b = nli_logits(unfused, ps, cfg.judge.batch_size)
    ok = np.array_equal(a, b)
    print(
        f"fused vs unfused int8 on {len(ps)} pairs: {'bit-identical' if ok else 'DIFFER'}, "
        f"largest logit change {float(np.abs(a - b).max()):.3g}"
    )
    return 0 if ok else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("layer", "nli", "same"))
    ap.add_argument("--format", default="int8", choices=("float32", "int8", "int8-fbgemm", "int8-unfused"))
    ap.add_argument("--rows", type=int, default=4096)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--pairs", type=int, default=600)
    args = ap.parse_args()
    if args.what == "layer":
        layer(args.format, args.rows, args.repeat)
    elif args.what == "nli":
        nli(args.format, args.pairs)
    else:
        sys.exit(same(args.pairs))


if __name__ == "__main__":
    main()
