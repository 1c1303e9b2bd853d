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


def story_documents(limit: int, seed: int = 0, per_story: int = 10, threshold: float = 0.4) -> list[str]:
    """``limit`` news texts at the same density at every size: more articles means more stories, not more
    articles per story.

    The texts of ``news_documents`` are grouped into stories (TF-IDF cosine at least ``threshold``, joined
    transitively), each story keeps at most ``per_story`` texts, and whole stories are taken in one fixed shuffled
    order until ``limit`` texts are reached. ``mixed_documents`` instead draws texts, so a larger sample also holds
    more texts of each story (FNC-1 has dozens of bodies for some), and the cost per article grows with the sample.
    """
    import random

    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = news_documents(10**9)
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2).fit_transform(docs)
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for lo in range(0, len(docs), 512):  # similarity in blocks of rows: memory stays small
        block = (x[lo : lo + 512] @ x.T).toarray()
        for i, j in zip(*np.nonzero(block >= threshold), strict=True):
            if lo + i < j:
                parent[root(lo + i)] = root(int(j))
    stories: dict[int, list[str]] = {}
    for i, doc in enumerate(docs):
        stories.setdefault(root(i), []).append(doc)
    groups = [g[:per_story] for g in stories.values()]
    rng = random.Random(seed)
    rng.shuffle(groups)
    out: list[str] = []
    for g in groups:
        out.extend(g[: limit - len(out)])
        if len(out) >= limit:
            break
    if len(out) < limit:
        raise ValueError(f"only {len(out)} texts at {per_story} per story; ask for fewer")
    rng.shuffle(out)
    return out
