"""First run vs a cached rerun that adds one new article (models loaded once, outside the timings).

python benchmarks/cached_rerun.py [--docs 40]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import news_documents, write_jsonl

from checker.cache import Cache
from checker.config import load_config
from checker.pipeline import run
from checker.state import Context, Models

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=40)
    args = ap.parse_args()
    cfg = load_config(None)
    t0 = time.perf_counter()
    models = Models(cfg)
    models.load()  # load now, outside the timings
    load_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        scrapes = tmp / "scrapes"
        shutil.copytree(ROOT / "examples", scrapes, ignore=shutil.ignore_patterns("ci"))
        write_jsonl(scrapes / "news.jsonl", news_documents(args.docs))
        cache = Cache(tmp / "cache.sqlite")
        t0 = time.perf_counter()
        first = run([scrapes], Context(cfg, models, cache))
        first_s = time.perf_counter() - t0
        wire = (ROOT / "examples/001_3877e1f728c2cca9.txt").read_text(encoding="utf-8")
        (scrapes / "005_new.txt").write_text(wire.replace("35-minute", "53-minute"), encoding="utf-8")
        cache.hits = cache.misses = 0
        t0 = time.perf_counter()
        second = run([scrapes], Context(cfg, models, cache))
        second_s = time.perf_counter() - t0
        cache.close()
    print(f"model loading: {load_s:.1f} s (not counted)")
    print(
        f"first run:  {first.stats.articles} articles, {first.stats.sentences} sentences, "
        f"{first.stats.candidate_pairs} pairs: {first_s:.1f} s"
    )
    print(
        f"rerun + 1 new article: {second.stats.articles} articles, {second.stats.candidate_pairs} pairs, "
        f"{cache.misses} computed / {cache.hits} from cache: {second_s:.1f} s"
    )
    print(f"rerun / first = {second_s / first_s:.1%} (target <= 20%)")


if __name__ == "__main__":
    main()
