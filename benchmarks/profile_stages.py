"""Where the time goes: seconds per pipeline stage (each function of ``checker.pipeline.STAGES``, plus report
writing) over N real news articles, model loading timed apart, a fresh cache per size.

    python benchmarks/profile_stages.py [--docs 1000] [--sizes 300,1000] [--corpus stories|mixed] [--markdown]
                                        [--cprofile FILE]

The articles are ``corpora.story_documents`` (default: the same articles per story at every size) or
``corpora.mixed_documents`` (BBC, CNN/DM and FNC-1 bodies drawn in one fixed shuffled order).

With two or more sizes it also prints each stage's exponent (log-log slope of its time against the number of
articles between the smallest and the largest size): above ~1.15 a stage grows faster than the input.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import mixed_documents, story_documents, write_jsonl

from checker.cache import Cache
from checker.config import load_config
from checker.pipeline import STAGES
from checker.report import write_report
from checker.state import Context, Models, State


def stage_name(fn) -> str:
    return f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"


def load_models(cfg) -> tuple[Models, dict[str, float]]:
    """Load spaCy, the embedder and the NLI model now, timing each (import of torch included in the first)."""
    models = Models(cfg)
    times = {}
    for name in ("nlp", "embedder", "nli"):
        t0 = time.perf_counter()
        getattr(models, name)
        times[f"load {name}"] = time.perf_counter() - t0
    return models, times


def profile(n: int, models: Models, cfg, corpus: str = "stories") -> tuple[dict[str, float], State]:
    """Seconds per stage for one cold run over ``n`` articles."""
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        write_jsonl(tmp_path / "scrape.jsonl", (story_documents if corpus == "stories" else mixed_documents)(n))
        cache = Cache(tmp_path / "cache.sqlite")
        ctx = Context(cfg, models, cache)
        state = State(inputs=(str(tmp_path / "scrape.jsonl"),))
        for stage in STAGES:
            t0 = time.perf_counter()
            state = stage(state, ctx)
            times[stage_name(stage)] = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_report(state, tmp_path / "report")
        times["report.write_report"] = time.perf_counter() - t0
        cache.close()
    return times, state


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000, help="articles (when --sizes is not given)")
    ap.add_argument("--sizes", default=None, help="comma-separated sizes, e.g. 300,1000")
    ap.add_argument("--config", default=None)
    ap.add_argument("--corpus", choices=("stories", "mixed"), default="stories")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table (for RESULTS.md)")
    ap.add_argument("--cprofile", default=None, help="also write cProfile stats of the largest size to this file")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [args.docs]
    cfg = load_config(args.config)
    models, load_times = load_models(cfg)
    runs: dict[int, dict[str, float]] = {}
    stats = {}
    for n in sizes:
        if args.cprofile and n == max(sizes):
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
            runs[n], state = profile(n, models, cfg, args.corpus)
            prof.disable()
            prof.dump_stats(args.cprofile)
        else:
            runs[n], state = profile(n, models, cfg, args.corpus)
        s = state.stats
        sizes_ev = sorted((len(e.articles) for e in state.events), reverse=True)
        stats[n] = (
            f"largest events {sizes_ev[:5]}, {s.articles} articles, {s.sentences} sentences, "
            f"{len(state.events)} events, {s.candidate_pairs} pairs, "
            f"{s.nli_pairs} NLI directions, {s.findings} findings"
        )
        print(f"[{n}] {stats[n]}; total {sum(runs[n].values()):.1f} s", file=sys.stderr, flush=True)
        for name, secs in runs[n].items():  # as soon as a size is done (a long run may be cut short)
            print(f"[{n}]   {name:<24} {secs:9.2f} s", file=sys.stderr, flush=True)
    names = list(runs[sizes[0]])
    lo, hi = sizes[0], sizes[-1]
    head = ["stage", *[f"{n} articles (s)" for n in sizes], f"share at {hi}"]
    if len(sizes) > 1:
        head.append(f"exponent {lo}→{hi}")
    rows = []
    total_hi = sum(runs[hi].values())
    for name in names:
        row = [name, *[f"{runs[n][name]:.2f}" for n in sizes], f"{runs[hi][name] / total_hi:.1%}"]
        if len(sizes) > 1:
            a, b = runs[lo][name], runs[hi][name]
            row.append(f"{math.log(b / a) / math.log(hi / lo):.2f}" if a > 0.005 and b > 0.005 else "–")
        rows.append(row)
    totals = ["**total (stages + report)**", *[f"{sum(runs[n].values()):.1f}" for n in sizes], "100%"]
    if len(sizes) > 1:
        a, b = sum(runs[lo].values()), sum(runs[hi].values())
        totals.append(f"{math.log(b / a) / math.log(hi / lo):.2f}")
    rows.append(totals)
    for k, v in load_times.items():
        rows.append(
            [
                f"{k} (once, apart)",
                *[f"{v:.2f}" if i == 0 else "" for i in range(len(sizes))],
                "",
                *([""] if len(sizes) > 1 else []),
            ]
        )
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        width = max(len(r[0]) for r in rows)
        print("  ".join([head[0].ljust(width), *[h.rjust(16) for h in head[1:]]]))
        for r in rows:
            print("  ".join([r[0].ljust(width), *[c.rjust(16) for c in r[1:]]]))
    for n in sizes:
        print(f"{n}: {stats[n]}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
