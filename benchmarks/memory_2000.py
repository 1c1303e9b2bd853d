"""Peak resident memory of one run over 2,000 real news articles (a JSONL scrape).

python benchmarks/memory_2000.py [--docs 2000] [--no-cache]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import news_documents, write_jsonl

from checker.cache import Cache
from checker.config import load_config
from checker.pipeline import run
from checker.report import write_report
from checker.state import Context, Models


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    args = ap.parse_args()
    cfg = load_config(None)
    models = Models(cfg)
    models.load()  # load now, outside the timings
    after_models = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs = news_documents(args.docs)
        write_jsonl(tmp / "scrape.jsonl", docs)
        size_mb = (tmp / "scrape.jsonl").stat().st_size / 1e6
        cache = Cache(tmp / "cache.sqlite")
        t0 = time.perf_counter()
        result = run([tmp / "scrape.jsonl"], Context(cfg, models, cache))
        write_report(result, tmp / "report")
        secs = time.perf_counter() - t0
        cache.close()
    s = result.stats
    print(
        f"{len(docs)} articles ({size_mb:.1f} MB JSONL), {s.sentences} sentences, {s.candidate_pairs} pairs, "
        f"{s.findings} findings in {secs:.0f} s"
    )
    print(f"peak RSS: {rss_mb():.0f} MB (after loading models: {after_models:.0f} MB)")


if __name__ == "__main__":
    main()
