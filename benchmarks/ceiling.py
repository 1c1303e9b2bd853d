"""How far each heavy stage is from the CPU's limit: achieved FLOP/s against peak FLOP/s, per stage (issue 24).

    python benchmarks/ceiling.py [--sentences 1200] [--precision auto|float32|bfloat16|int8] [--markdown]

Runs the three heavy stages the way the checker runs them (its own loaders, batch sizes and number formats) on real
news sentences (FRANK's CNN/DM articles, split by pysbd): the embedder over ``--sentences`` sentences, the NLI
cross-encoder over pairs of neighbouring sentences (``--sentences`` / 2 pairs, as ``judge`` sends them: longest
first) and spaCy over the sentences, in this process with the threads torch uses (spaCy in one process: the parse
stage starts one per core for large jobs). Each stage is timed after a warm-up.

FLOPs counted (multiply and add are two; only the work the model must do, over real tokens, not padding):

* a BERT-style encoder (embedder, NLI; MiniLM-L6-H384: L = 6 layers, d = 384, feed-forward 4d) over a sequence of
  n tokens costs ``L * (24 n d^2 + 4 n^2 d)``: per layer 2 n d (4d) for the query, key, value and output
  projections, 2 n d (8d) for the two feed-forward layers, 2 n^2 d for the attention scores and as much again for
  their weighted sum. At n = 128 that is 2.9 GFLOP a pair. The NLI pair's n is its two sentences' tokens together.
* spaCy (``en_core_web_sm``: a CNN tok2vec, a tagger, a transition-based parser and NER) costs about 2 FLOP per
  dense weight per token: the weights of every dense layer (maxout, linear, softmax, the parser's precomputable
  first layer) are summed over the components, hash-embedding tables left out (lookups, not arithmetic). The
  parser and NER apply their upper layers once per transition (about one per token), so this is an estimate.

Peak = cores x clock x FLOP per cycle per core for the format: cores are those this process may use, the clock
is ``cpu MHz`` of ``/proc/cpuinfo`` (the nominal clock on most VMs; turbo is not counted) and FLOP per cycle comes
from the CPU flags, assuming two vector FMA ports (Zen 2 and later, Intel since Haswell):

* float32: AVX2 + FMA: 2 ports x 8 lanes x 2 = 32; AVX-512F: 64.
* bfloat16: AVX512-BF16 (``vdpbf16ps``, 16 lanes x 2 products x 2): 128; AMX-BF16: 1,024 (one tile unit,
  16x32x16 products in 16 cycles). Without native bfloat16 the CPU converts to float32: the float32 peak.
* int8 (ops, a multiply-add counted as two, like FLOP): AVX2: ``vpmaddubsw`` does 32 byte multiply-adds, on 2
  ports 2 x 32 x 2 = 128 (the instruction bound; the kernels follow it with ``vpmaddwd`` and ``vpaddd``, so about
  2/3 of it is reachable); AVX512-VNNI: 256; AMX-INT8: 2,048. Only the NLI model runs in int8, and only its Linear
  layers: attention, softmax, GELU and layer norms stay float32 but are counted against the int8 peak here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FRANK = ROOT.parent / "shared/data/nli/frank/frank_benchmark.jsonl"


def cpu_info(path: str = "/proc/cpuinfo") -> tuple[str, float, list[str]]:
    """(model name, clock in GHz, flags) of the first processor."""
    name, mhz, flags = "?", 0.0, []
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, val = line.partition(":")
        key = key.strip()
        if key == "model name" and name == "?":
            name = val.strip()
        elif key == "cpu MHz" and not mhz:
            mhz = float(val)
        elif key == "flags" and not flags:
            flags = val.split()
    return name, mhz / 1000, flags


def flop_per_cycle(fmt: str, flags: list[str]) -> tuple[int, str]:
    """FLOP (int8: ops) per cycle per core for a number format on a CPU with these flags, and the instruction set."""
    f32 = (64, "AVX-512F") if "avx512f" in flags else (32, "AVX2+FMA") if "fma" in flags else (16, "AVX")
    if fmt == "bfloat16":
        if "amx_bf16" in flags:
            return 1024, "AMX-BF16"
        return (128, "AVX512-BF16") if "avx512_bf16" in flags else (f32[0], f32[1] + " (no native bf16)")
    if fmt.startswith("int8"):
        if "amx_int8" in flags:
            return 2048, "AMX-INT8"
        if "avx512_vnni" in flags:
            return 256, "AVX512-VNNI"
        return (128, "AVX2 vpmaddubsw") if "avx2" in flags else f32
    return f32


def encoder_flops(n: int, layers: int, d: int, ff: int) -> float:
    """FLOPs of a BERT-style encoder over n tokens (see the module docstring)."""
    return layers * (2 * n * d * (4 * d) + 2 * n * d * (2 * ff) + 4 * n * n * d)


def spacy_flops_per_token(nlp) -> float:
    """2 x the dense weights of the pipeline's components (hash-embedding tables left out)."""
    seen: set[int] = set()
    weights = 0
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None:
            continue
        for node in model.walk():
            if id(node) in seen or "hashembed" in node.name:
                continue
            seen.add(id(node))
            if node.has_param("W") and node.get_param("W") is not None:
                weights += int(node.get_param("W").size)
    return 2.0 * weights


def news_sentences(limit: int) -> list[str]:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    seen: dict[str, None] = {}
    for line in FRANK.read_text(encoding="utf-8").splitlines():
        for s in seg.segment(json.loads(line)["article"]):
            if len(s.split()) >= 4:
                seen.setdefault(s.strip(), None)
        if len(seen) >= limit:
            break
    return list(seen)[:limit]


def timed(fn, warm) -> float:
    warm()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=1200)
    ap.add_argument("--precision", default=None, help="models.precision (default: the config's)")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    import torch

    from checker.config import load_config
    from checker.models import embed_format, embed_texts
    from checker.nli import nli_format, nli_logits
    from checker.state import Models

    cfg = load_config(None)
    if args.precision:
        cfg = cfg.model_copy(update={"models": cfg.models.model_copy(update={"precision": args.precision})})
    m = Models(cfg)
    precision = m.precision
    name, ghz, flags = cpu_info()
    cores = len(os.sched_getaffinity(0))
    sents = news_sentences(args.sentences)
    pairs = [(sents[i], sents[i + 1]) for i in range(0, len(sents) - 1, 2)]
    pairs.sort(key=lambda p: -sum(map(len, p)))
    rows = []

    emb = m.embedder
    tok = emb.tokenizer
    mc = emb.model.config if hasattr(emb, "model") and hasattr(emb.model, "config") else emb[0].auto_model.config
    dims = (mc.num_hidden_layers, mc.hidden_size, mc.intermediate_size)
    lengths = [len(x) for x in tok(sents, truncation=True, max_length=512)["input_ids"]]
    secs = timed(lambda: embed_texts(emb, sents, cfg.embed.batch_size), lambda: embed_texts(emb, sents[:64], 64))
    flops = sum(encoder_flops(n, *dims) for n in lengths)
    rows.append(("embedding", embed_format(precision), len(sents), "sentences", sum(lengths), flops, secs))

    nli = m.nli
    nc = nli.config
    ndims = (nc.num_hidden_layers, nc.hidden_size, nc.intermediate_size)
    ntok = nli.tokenizer
    enc = ntok([a for a, _ in pairs], [b for _, b in pairs], truncation=True, max_length=cfg.judge.max_length)
    nlens = [len(x) for x in enc["input_ids"]]
    bs = cfg.judge.batch_size
    secs = timed(lambda: nli_logits(nli, pairs, bs), lambda: nli_logits(nli, pairs[:32], bs))
    flops = sum(encoder_flops(n, *ndims) for n in nlens)
    fmt = nli_format(precision, cfg.models.quantize, cfg.models.device)
    rows.append(("NLI", fmt, len(pairs), "pairs", sum(nlens), flops, secs))

    nlp = m.nlp
    docs: list = []
    secs = timed(
        lambda: docs.extend(nlp.pipe(sents, batch_size=cfg.parse.batch_size)),
        lambda: list(nlp.pipe(sents[:64])),
    )
    ntokens = sum(len(d) for d in docs)
    rows.append(
        ("parse (spaCy)", "float32", len(sents), "sentences", ntokens, spacy_flops_per_token(nlp) * ntokens, secs)
    )

    threads, load = torch.get_num_threads(), os.getloadavg()[0]
    head = f"CPU: {name}, {cores} cores at {ghz:.2f} GHz; torch threads {threads}; load average {load:.2f}"
    cols = ("stage", "format", "items", "tokens", "GFLOP", "seconds", "items/s", "GFLOP/s", "peak GFLOP/s", "of peak")
    table = []
    for stage, fmt, n, unit, tokens, flops, secs in rows:
        per, isa = flop_per_cycle(fmt, flags)
        peak = cores * ghz * per
        ach = flops / secs / 1e9
        table.append(
            (
                stage,
                f"{fmt} ({isa}, {per}/cycle)",
                f"{n} {unit}",
                str(tokens),
                f"{flops / 1e9:.1f}",
                f"{secs:.1f}",
                f"{n / secs:.1f}",
                f"{ach:.1f}",
                f"{peak:.0f}",
                f"{ach / peak:.0%}",
            )
        )
    print(head)
    if args.markdown:
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for r in table:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(cols)]
        print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
        for r in table:
            print("  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
