"""Cost against input size: 100, 300, 1,000 and 3,000 real news articles, each a whole ``checker report`` run in its
own process (imports and model loading included) with a fresh cache.

    python benchmarks/scale.py [--sizes 100,300,1000,3000] [--corpus stories|mixed] [--config FILE]
                               [--ray [ADDRESS]] [--rerun]

``--rerun`` also times, per size, a second whole process over the same articles plus one new one, with the cache
the first filled (issue 14: at most 15 s for 1,000 + 1). The articles are ``corpora.story_documents`` (default:
the same density of articles per story at every size, so the exponent measures the code) or
``corpora.mixed_documents`` (texts drawn at random: a larger sample is also denser, more articles per story).
The scrape file is written before the child starts; the timed child is the ``checker report`` process alone.

Prints, per size: wall time of the child process, articles per minute, NLI directions scored, candidate pairs,
events, and the child's peak RSS; then the fitted exponent of time against articles (least-squares slope of
log(time) on log(articles) over the sizes from 300 to 3,000, or over all sizes given when fewer are in that range).
An exponent near 1 means linear cost; above 1.15 some part compares everything with everything.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]


def write_scrape(path: Path, docs: list[str], plus_one: bool = False) -> None:
    """The scrape file; ``plus_one`` adds one new article, a rewrite of the example wire story."""
    from corpora import write_jsonl

    write_jsonl(path, docs)
    if plus_one:
        wire = (ROOT / "examples/001_3877e1f728c2cca9.txt").read_text(encoding="utf-8")
        with path.open("a", encoding="utf-8") as fh:
            new = {"id": "new", "source": "newsroom", "text": wire.replace("35-minute", "53-minute")}
            fh.write(json.dumps(new) + "\n")


def child(n: int, workdir: Path, config: str | None, ray: str | None) -> None:
    """Run inside the child: run the report command on the scrape, print a JSON line with the stats."""
    import resource

    t_start = time.perf_counter()
    from checker.cli import main as cli_main

    argv = ["report", str(workdir / "scrape.jsonl"), "-o", str(workdir / "report")]
    if config:
        argv += ["--config", config]
    if ray is not None:
        argv += ["--ray", ray] if ray else ["--ray"]
    sys.argv = ["checker", *argv]
    try:
        cli_main()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    doc = json.loads((workdir / "report" / "findings.json").read_text(encoding="utf-8"))
    stats = doc.get("stats", {})
    print(
        "SCALE "
        + json.dumps(
            {
                "articles": n,
                "seconds_in_child": time.perf_counter() - t_start,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "stats": stats,
                "findings": len(doc.get("findings", [])),
                "events": len({a.get("event") for a in doc.get("articles", [])}),
            }
        ),
        flush=True,
    )


def fit_exponent(points: list[tuple[int, float]]) -> float:
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,300,1000,3000")
    ap.add_argument("--corpus", choices=("stories", "mixed"), default="stories")
    ap.add_argument("--config", default=None)
    ap.add_argument("--ray", nargs="?", const="", default=None, help="run with --ray [ADDRESS]")
    ap.add_argument(
        "--rerun", action="store_true", help="also time a rerun over the same articles plus one new (same cache)"
    )
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.child, Path(args.workdir), args.config, args.ray)
        return
    from corpora import mixed_documents, story_documents

    sizes = [int(x) for x in args.sizes.split(",")]
    draw = story_documents if args.corpus == "stories" else mixed_documents
    print(f"corpus: {args.corpus}")
    results = []
    print(f"{'articles':>8} {'seconds':>9} {'art/min':>8} {'NLI dirs':>9} {'pairs':>7} {'events':>7} {'peak RSS':>9}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            docs = draw(n)
            write_scrape(Path(tmp) / "scrape.jsonl", docs)
            env = dict(os.environ, CHECKER_CACHE_DIR=str(Path(tmp) / "cache"))  # fresh cache per size
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
            cmd = [sys.executable, __file__, "--child", str(n), "--workdir", tmp]
            if args.config:
                cmd += ["--config", args.config]
            if args.ray is not None:
                cmd += ["--ray", args.ray] if args.ray else ["--ray"]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
            secs = time.perf_counter() - t0
            rerun = None
            if args.rerun and proc.returncode == 0:
                write_scrape(Path(tmp) / "scrape.jsonl", docs, plus_one=True)
                t0 = time.perf_counter()
                again = subprocess.run(cmd, env=env, capture_output=True, text=True)
                rerun = time.perf_counter() - t0 if again.returncode == 0 else float("nan")
        line = next((x for x in proc.stdout.splitlines() if x.startswith("SCALE ")), None)
        if proc.returncode != 0 or line is None:
            sys.exit(f"size {n} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        r = json.loads(line[6:])
        r["seconds"] = secs
        results.append(r)
        st = r["stats"]
        print(
            f"{n:>8} {secs:>9.1f} {n / secs * 60:>8.1f} {st.get('nli_pairs', '?'):>9} "
            f"{st.get('candidate_pairs', '?'):>7} {r['events']:>7} {r['rss_mb']:>7.0f} MB"
            + (f"   rerun + 1 new article: {rerun:.1f} s ({rerun / secs:.0%})" if rerun is not None else ""),
            flush=True,
        )
    inside = [(r["articles"], r["seconds"]) for r in results if 300 <= r["articles"] <= 3000]
    pts = inside if len(inside) >= 2 else [(r["articles"], r["seconds"]) for r in results]
    if len(pts) >= 2:
        lo, hi = pts[0][0], pts[-1][0]
        print(f"fitted exponent of time against articles ({lo}..{hi}): {fit_exponent(pts):.2f}")


if __name__ == "__main__":
    main()
