"""Number formats on CPU: float32, bfloat16 and int8 for the NLI model, float32 and bfloat16 for the embedder.

    python benchmarks/precision.py [--pairs 4800] [--sentences 3000]

NLI: MNLI-m held-out accuracy and pairs per second for float32 and bfloat16 (batches of ``judge.batch_size``, sorted
by length as the judge sends them) and int8 as the checker runs it (torch dynamic quantization, one pair per batch).
For each, how much a score depends on its batch neighbours: the largest probability change and the argmax labels
that move when the same pairs are batched in another order; then int8 batched (not used), which is fast but moves
labels. The issue's bar for a default: within one point of float32 accuracy and 1.5 times as fast.

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
    args = ap.parse_args()
    cfg = load_config(None)
    examples = data.load(["mnli-m-heldout"], data.TEST_SETS, DATA)[: args.pairs]
    bs = cfg.judge.batch_size
    print(f"threads {torch.get_num_threads()}, native bfloat16: {cpu_has_bf16()}, {len(examples)} MNLI-m held-out")
    results = {}
    for name, kwargs in (
        ("float32", {"precision": "float32"}),
        ("bfloat16", {"precision": "bfloat16"}),
        ("int8, one pair per batch", {"quantize": True}),
    ):
        model = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, **kwargs)
        acc, rate, probs = measure(model, examples, bs)
        results[name] = (acc, rate)
        base_acc, base_rate = results["float32"]
        print(
            f"NLI {name}: accuracy {acc:.4f} ({100 * (acc - base_acc):+.2f} points), {rate:.1f} pairs/s "
            f"({rate / base_rate:.2f}x); {batch_dependence(model, examples, bs, probs)}",
            flush=True,
        )
    model.one_per_batch = False  # int8 batched, as torch would run it
    acc, rate, probs = measure(model, examples, bs)
    print(
        f"NLI int8 batched (not used): accuracy {acc:.4f}, {rate:.1f} pairs/s "
        f"({rate / results['float32'][1]:.2f}x); {batch_dependence(model, examples, bs, probs)}",
        flush=True,
    )
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
