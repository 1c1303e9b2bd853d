"""Number formats on CPU: float32, bfloat16 and int8 for the NLI model, float32 and bfloat16 for the embedder.

    python benchmarks/precision.py [--pairs 4800] [--sentences 3000] [--bf16] [--torch-dynamic]

NLI: MNLI-m held-out accuracy and pairs per second for float32, bfloat16 (where the CPU has it natively, or with
``--bf16``) and int8 as the checker runs it (``checker.quant``: per-row activation scales, per-channel weights,
exact int32 products, batches of one padded length), in batches of ``judge.batch_size`` sorted by length as the judge
sends them. For each, how much a score depends on its batch neighbours: the largest probability change and the
argmax labels that move when the same pairs are batched in another order. ``--torch-dynamic`` adds torch's own
dynamic int8 (one scale per batch, not used: it moves labels). The bar (issue 24): at most 0.5 points below float32.

Embedder: sentences per second for float32 and bfloat16 on real news sentences (FRANK articles), and the cosine
between the two vectors of each sentence.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch

from checker.config import load_config
from checker.models import cpu_has_bf16, load_embedder
from checker.nli import load_nli, nli_probs
from checker.training import data
from checker.training.evaluate import score_set

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/nli"


def measure(model, examples, batch_size):
    pairs = [(e.premise, e.hypothesis) for e in examples]
    by_length = sorted(range(len(pairs)), key=lambda i: -sum(map(len, pairs[i])))  # as judge.score_texts sends
    nli_probs(model, pairs[:64], batch_size)
    start = time.perf_counter()
    rows = nli_probs(model, [pairs[i] for i in by_length], batch_size)
    secs = time.perf_counter() - start
    probs = np.zeros_like(rows)
    probs[by_length] = rows
    return score_set("mnli-m-heldout", examples, probs).accuracy, len(pairs) / secs, probs


def batch_dependence(model, examples, batch_size, probs, n=1000):
    """Largest probability change and argmax moves when the first ``n`` pairs are scored in a shuffled order."""
    pairs = [(e.premise, e.hypothesis) for e in examples[:n]]
    order = list(range(len(pairs)))
    random.Random(1).shuffle(order)
    again = np.zeros((len(pairs), 3), dtype=np.float32)
    again[order] = nli_probs(model, [pairs[i] for i in order], batch_size)
    moved = int((again.argmax(1) != probs[:n].argmax(1)).sum())
    return f"in another order: largest change {float(np.abs(again - probs[:n]).max()):.2g}, argmax moved {moved}/{n}"


def news_sentences(limit: int) -> list[str]:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    seen: dict[str, None] = {}
    for line in (DATA / "frank/frank_benchmark.jsonl").read_text(encoding="utf-8").splitlines():
        for s in seg.segment(json.loads(line)["article"]):
            seen.setdefault(s.strip(), None)
        if len(seen) >= limit:
            break
    return list(seen)[:limit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=4800)
    ap.add_argument("--sentences", type=int, default=3000)
    ap.add_argument("--bf16", action="store_true", help="measure bfloat16 even where the CPU lacks it natively")
    ap.add_argument("--torch-dynamic", action="store_true", help="also torch's per-tensor dynamic int8 (not used)")
    args = ap.parse_args()
    cfg = load_config(None)
    examples = data.load(["mnli-m-heldout"], data.TEST_SETS, DATA)[: args.pairs]
    bs = cfg.judge.batch_size
    bf16 = cpu_has_bf16() or args.bf16
    print(f"threads {torch.get_num_threads()}, native bfloat16: {cpu_has_bf16()}, {len(examples)} MNLI-m held-out")
    results = {}
    formats = [("float32", "float32")] + [("bfloat16", "bfloat16")] * bf16 + [("int8 (int8-rows-b8)", "int8")]
    for name, precision in formats:
        model = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, precision=precision)
        acc, rate, probs = measure(model, examples, bs)
        results[name] = (acc, rate, probs)
        base_acc, base_rate, base = results["float32"]
        print(
            f"NLI {name}: accuracy {acc:.4f} ({100 * (acc - base_acc):+.2f} points), {rate:.1f} pairs/s "
            f"({rate / base_rate:.2f}x); argmax as float32 {float((probs.argmax(1) == base.argmax(1)).mean()):.4f}, "
            f"largest probability change {float(np.abs(probs - base).max()):.3f}; "
            f"{batch_dependence(model, examples, bs, probs)}",
            flush=True,
        )
    if args.torch_dynamic:
        model = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, precision="float32")
        torch.ao.quantization.quantize_dynamic(model.model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
        acc, rate, probs = measure(model, examples, bs)
        print(
            f"NLI torch dynamic int8, batched (not used): accuracy {acc:.4f}, {rate:.1f} pairs/s "
            f"({rate / results['float32'][1]:.2f}x); {batch_dependence(model, examples, bs, probs)}",
            flush=True,
        )
    if not bf16:
        return
    sentences = news_sentences(args.sentences)
    vecs = {}
    for precision in ("float32", "bfloat16"):
        embedder = load_embedder(cfg.models.embedding, "cpu", precision)
        embedder.encode(sentences[:64], batch_size=cfg.embed.batch_size)
        start = time.perf_counter()
        vecs[precision] = embedder.encode(sentences, batch_size=cfg.embed.batch_size)
        rate = len(sentences) / (time.perf_counter() - start)
        print(f"embedder {precision}: {len(sentences)} news sentences, {rate:.1f} sentences/s", flush=True)
    cos = (vecs["float32"] * vecs["bfloat16"]).sum(1)
    print(f"embedder cosine float32 vs bfloat16: min {cos.min():.4f}, mean {cos.mean():.5f}")


if __name__ == "__main__":
    main()
