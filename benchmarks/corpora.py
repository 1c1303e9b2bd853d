"""Real news text from ../shared/data for benchmarks: BBC (XSumFaith), CNN/DM (FRANK), FNC-1 bodies."""

from __future__ import annotations

import csv
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "nli"


def news_documents(limit: int) -> list[str]:
    """Up to ``limit`` distinct news article texts."""
    docs: dict[str, None] = {}
    for line in (SHARED / "xsumfaith/xsumfaith_factuality_with_docs.jsonl").read_text(encoding="utf-8").splitlines():
        docs[json.loads(line)["document"]] = None
    for line in (SHARED / "frank/frank_benchmark.jsonl").read_text(encoding="utf-8").splitlines():
        docs[json.loads(line)["article"]] = None
    csv.field_size_limit(10**8)
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with (SHARED / "fnc1" / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                docs[row["articleBody"]] = None
    return [d for d in docs if len(d) > 300][:limit]


def write_jsonl(path: Path, docs: list[str], sources: int = 5) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, doc in enumerate(docs):
            fh.write(json.dumps({"id": f"doc{i}", "source": f"outlet{i % sources}", "text": doc}) + "\n")


def mixed_documents(limit: int, seed: int = 0) -> list[str]:
    """``limit`` news texts drawn from all three corpora in one fixed shuffled order, so that every size is the same
    mix (``news_documents`` lists BBC first, then CNN/DM, then FNC-1) and a smaller size is a prefix of a larger."""
    import random

    docs = news_documents(10**9)
    random.Random(seed).shuffle(docs)
    return docs[:limit]
