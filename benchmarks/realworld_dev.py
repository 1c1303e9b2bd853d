"""The real-world dev set (issue 11): independent reports of one event by Fox, HuffPost and the NYT (BASIL triplets).

    python benchmarks/realworld_dev.py [DATA] [--config FILE] [--out reports/realworld_dev.json]
                                       [--events FOLDER,...] [--skip-grouping] [--skip-labelled]
    python benchmarks/realworld_dev.py --sample-precision 40 --seed 11 --worksheet ../notes/precision.md

DATA defaults to ``../shared/data/realworld-dev`` (its ``basil/`` holds one folder per event with ``fox.txt``,
``hpo.txt`` and ``nyt.txt``; 14 folders have a hand-labelled ``gold.jsonl``). The checker is run through its command
line (``python -m checker.cli report ... -o DIR``) and only ``findings.json`` is read, so any version of the
checker that keeps that contract can be measured.

(a) grouping: one run over all articles at once; pairwise precision / recall / F1 of "same event" over article
    pairs (predicted: the same ``event`` in findings.json; gold: the same folder), and the number of events.
(b) labelled: one run per labelled folder; per gold kind, recall of the high+medium gold disagreements (a finding
    of severity medium or high on the pair, either order: its two sentences contain the two gold sentences or are
    contained in them, whitespace and curly quotes normalised, and its two articles are the gold sources), the
    share of consistent pairs flagged medium or high, and the same counting low findings as flags (information);
    also (information) the recall counting only findings of the gold's kind (number or omission-of-qualifier:
    number; date: date; quote: quote), since a hit of another kind may be luck.
(c) a compact table, and every number as JSON in ``--out`` so runs can be compared.

``--sample-precision N --seed S --worksheet PATH`` (issue 11, acceptance 5) draws N medium/high findings of the
all-articles run at random and writes a blind worksheet (sources, folders, both sentences and their paragraphs,
no kind or severity) and a separate key file. Both quote dev-set text, so they must be written outside the
repository. The dev set's text is never written into the repository: run outputs go under ``--runs`` (default
``reports/realworld_dev_runs/``, git-ignored) and the JSON holds gold line numbers, not sentences.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared/data/realworld-dev"
FLAG = {"medium", "high"}
FLAG_LOW = {"low", "medium", "high"}
KINDS = ("number", "date", "omission-of-qualifier", "quote")
# finding kinds that state the gold kind's difference (information only: a hit of another kind may be luck)
SAME_KIND = {"number": {"number"}, "omission-of-qualifier": {"number"}, "date": {"date"}, "quote": {"quote"}}
QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)


def norm(text: str) -> str:
    """Whitespace collapsed, curly quotes made straight."""
    return " ".join(text.translate(QUOTES).split())


def contains(finding_side: str, gold: str) -> bool:
    f, g = norm(finding_side), norm(gold)
    return bool(f) and bool(g) and (g in f or f in g)


def outlet(name: str) -> str:
    """'fox.txt', 'fox' or a path ending in fox.txt -> 'fox'."""
    return Path(name).stem.lower()


# ---------------------------------------------------------------------------------------------------- data


def event_folders(data: Path, only: list[str] | None) -> list[Path]:
    basil = data / "basil"
    if not basil.is_dir():
        sys.exit(f"error: {basil} is not a directory (give the realworld-dev folder as DATA)")
    folders = sorted(p for p in basil.iterdir() if p.is_dir() and any(p.glob("*.txt")))
    if only:
        want = set(only)
        missing = want - {p.name for p in folders}
        if missing:
            sys.exit(f"error: no such event folder: {', '.join(sorted(missing))}")
        folders = [p for p in folders if p.name in want]
    return folders


def article_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def read_gold(folder: Path) -> list[dict]:
    path = folder / "gold.jsonl"
    if not path.exists():
        return []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["line"] = n
            rows.append(row)
    return rows


def body(path: Path) -> str:
    """The article text below its YAML front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[text.find("\n", end + 1) + 1 :]
    return text


# ---------------------------------------------------------------------------------------------------- running


def run_checker(inputs: list[Path], outdir: Path, config: Path | None, extra: list[str]) -> tuple[dict, float, str]:
    """Run ``checker report`` as a user would; (findings.json, wall seconds, summary line)."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "checker.cli", "report", *map(str, inputs), "-o", str(outdir), *extra]
    if config is not None:
        cmd += ["--config", str(config)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    started = time.time()
    proc = subprocess.run(cmd, check=False, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.time() - started
    if proc.returncode != 0:
        sys.exit(f"error: checker exited {proc.returncode} on {outdir.name}:\n{proc.stderr[-3000:]}")
    doc = json.loads((outdir / "findings.json").read_text(encoding="utf-8"))
    return doc, wall, proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def cached_or_run(
    inputs: list[Path], outdir: Path, config: Path | None, reuse: bool, extra: list[str] = ()
) -> tuple[dict, float | None, str]:
    if reuse and (outdir / "findings.json").exists():
        return json.loads((outdir / "findings.json").read_text(encoding="utf-8")), None, "reused"
    return run_checker(inputs, outdir, config, list(extra))


def articles_by_id(doc: dict) -> dict[str, dict]:
    return {a["id"]: a for a in doc["articles"]}


# ---------------------------------------------------------------------------------------------------- (a) grouping


def grouping_scores(doc: dict) -> dict:
    arts = [a for a in doc["articles"]]
    tp = fp = fn = 0
    for x, y in combinations(arts, 2):
        same_pred = x["event"] == y["event"]
        same_gold = Path(x["path"]).parent.name == Path(y["path"]).parent.name
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    folders: dict[str, set] = defaultdict(set)
    members: dict[str, set] = defaultdict(set)
    for a in arts:
        folders[Path(a["path"]).parent.name].add(a["event"])
        members[a["event"]].add(Path(a["path"]).parent.name)
    whole = sum(1 for f, evs in folders.items() if len(evs) == 1 and len(members[next(iter(evs))]) == 1)
    return {
        "articles": len(arts),
        "gold_events": len(folders),
        "predicted_events": len(members),
        "pairs_tp": tp,
        "pairs_fp": fp,
        "pairs_fn": fn,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "folders_exactly_one_event": whole,
        "folders_split": sum(1 for evs in folders.values() if len(evs) > 1),
        "events_mixing_folders": sum(1 for m in members.values() if len(m) > 1),
    }


# ---------------------------------------------------------------------------------------------------- (b) labelled


def matching_findings(row: dict, doc: dict) -> list[dict]:
    """Findings on the gold pair (either order, sources matched through the articles' paths)."""
    arts = articles_by_id(doc)
    ga, gb = outlet(row["source_a"]), outlet(row["source_b"])
    out = []
    for f in doc["findings"]:
        fa, fb = outlet(arts[f["a"]["article"]]["path"]), outlet(arts[f["b"]["article"]]["path"])
        forward = (
            (fa, fb) == (ga, gb)
            and contains(f["a"]["sentence"], row["sentence_a"])
            and contains(f["b"]["sentence"], row["sentence_b"])
        )
        backward = (
            (fa, fb) == (gb, ga)
            and contains(f["a"]["sentence"], row["sentence_b"])
            and contains(f["b"]["sentence"], row["sentence_a"])
        )
        if forward or backward:
            out.append(f)
    return out


def same_event(row: dict, doc: dict) -> bool:
    ev = {outlet(a["path"]): a["event"] for a in doc["articles"]}
    a, b = ev.get(outlet(row["source_a"])), ev.get(outlet(row["source_b"]))
    return a is not None and a == b


def labelled_scores(
    folders: list[Path], runs: Path, config: Path | None, reuse: bool, extra: list[str], across: bool
) -> dict:
    lines, times, summaries = [], {}, {}
    for folder in folders:
        gold = read_gold(folder)
        if not gold:
            continue
        doc, wall, summary = cached_or_run(
            article_files(folder),
            runs / (folder.name + ("-across" if across else "")),
            config,
            reuse,
            extra + (["--across-events"] if across else []),
        )
        times[folder.name] = None if wall is None else round(wall, 2)
        summaries[folder.name] = summary
        print(f"  {folder.name}: {summary}" + ("" if wall is None else f" ({wall:.1f} s wall)"), flush=True)
        events = len({a["event"] for a in doc["articles"]})
        for row in gold:
            hits = matching_findings(row, doc)
            lines.append(
                {
                    "folder": folder.name,
                    "line": row["line"],
                    "pair": f"{outlet(row['source_a'])}~{outlet(row['source_b'])}",
                    "kind": row["kind"],
                    "severity": row["severity"],
                    "same_event": same_event(row, doc),
                    "folder_events": events,
                    "findings": [
                        {"id": f["id"], "kind": f["kind"], "severity": f["severity"], "score": f["score"]} for f in hits
                    ],
                }
            )

    def flagged(line: dict, levels: set, same_kind: bool = False) -> bool:
        kinds = SAME_KIND.get(line["kind"])
        return any(
            f["severity"] in levels and (not same_kind or kinds is None or f["kind"] in kinds) for f in line["findings"]
        )

    def recall(rows: list[dict], levels: set, same_kind: bool = False) -> dict:
        hit = sum(flagged(r, levels, same_kind) for r in rows)
        return {"hit": hit, "n": len(rows), "recall": round(hit / len(rows), 4) if rows else None}

    def recalls(rows: list[dict]) -> dict:
        return {
            "medium_high": recall(rows, FLAG),
            "any": recall(rows, FLAG_LOW),
            "medium_high_same_kind": recall(rows, FLAG, True),
        }

    real = [r for r in lines if r["kind"] != "consistent" and r["severity"] in FLAG]
    low_gold = [r for r in lines if r["kind"] != "consistent" and r["severity"] == "low"]
    consistent = [r for r in lines if r["kind"] == "consistent"]
    per_kind = {}
    for kind in sorted({r["kind"] for r in real}, key=lambda k: (KINDS.index(k) if k in KINDS else 99, k)):
        rows = [r for r in real if r["kind"] == kind]
        per_kind[kind] = recalls(rows)
    cons_mh = sum(flagged(r, FLAG) for r in consistent)
    cons_any = sum(flagged(r, FLAG_LOW) for r in consistent)
    flagged_kinds = Counter(f["kind"] for r in consistent for f in r["findings"] if f["severity"] in FLAG)
    return {
        "folders": len(times),
        "per_kind": per_kind,
        "overall": recalls(real),
        "low_gold": recalls(low_gold),
        "consistent": {
            "n": len(consistent),
            "flagged_medium_high": cons_mh,
            "share_medium_high": round(cons_mh / len(consistent), 4) if consistent else None,
            "flagged_any": cons_any,
            "share_any": round(cons_any / len(consistent), 4) if consistent else None,
            "medium_high_kinds": dict(flagged_kinds),
        },
        "gold_pairs_in_same_event": {
            "disagreements": sum(r["same_event"] for r in real),
            "of": len(real),
            "consistent": sum(r["same_event"] for r in consistent),
            "consistent_of": len(consistent),
        },
        "seconds_per_folder": times,
        "summaries": summaries,
        "lines": lines,
    }


# ---------------------------------------------------------------------------------------------------- precision sample


def paragraph_of(text: str, sentence: str) -> str:
    """The paragraph(s) of ``text`` holding ``sentence`` (the best word overlap when splitting differs)."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    target = norm(sentence)
    inside = [p for p in paras if target in norm(p)]
    if inside:
        return inside[0]
    touching = [p for p in paras if norm(p) in target]  # a sentence merged across paragraphs
    if touching:
        return "\n\n".join(touching)
    words = set(target.lower().split())
    return max(paras, key=lambda p: len(words & set(norm(p).lower().split())), default="")


def write_worksheet(doc: dict, n: int, seed: int, worksheet: Path, key: Path) -> None:
    for path in (worksheet, key):
        if path.resolve().is_relative_to(ROOT):
            sys.exit(f"error: {path} is inside the repository; the worksheet quotes dev-set text, write it elsewhere")
    arts = articles_by_id(doc)
    pool = sorted((f for f in doc["findings"] if f["severity"] in FLAG), key=lambda f: f["id"])
    draw = random.Random(seed).sample(pool, min(n, len(pool)))
    out = [
        f"# Precision worksheet: {len(draw)} of {len(pool)} medium/high findings (seed {seed})",
        "",
        (
            "Judge each item by reading both articles in full (paths given): is this a real disagreement of fact "
            "between the two sentences? Kind and severity are in the separate key file; open it only after judging."
        ),
        "",
    ]
    keys = [
        f"# Key for {worksheet.name} (seed {seed})",
        "",
        "| # | finding id | kind | severity | score | similarity | explanation |",
        "|---|---|---|---|---|---|---|",
    ]
    for k, f in enumerate(draw, 1):
        out += [f"## {k}", ""]
        for side in ("a", "b"):
            art = arts[f[side]["article"]]
            path = Path(art["path"])
            out += [
                f"**{side.upper()}** {art['source']} / {path.parent.name} ({path})",
                "",
                f"> {f[side]['sentence']}",
                "",
                "paragraph:",
                "",
                *[f"    {line}" for line in paragraph_of(body(path), f[side]["sentence"]).splitlines()],
                "",
            ]
        out += ["verdict: [ ] real disagreement of fact   [ ] not   why:", ""]
        keys.append(
            f"| {k} | {f['id']} | {f['kind']} | {f['severity']} | {f['score']} | "
            f"{f.get('similarity', '')} | {' '.join(str(f.get('explanation', '')).split())} |"
        )
    for path, lines in ((worksheet, out), (key, keys)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {worksheet} ({len(draw)} findings) and {key}")


# ---------------------------------------------------------------------------------------------------- output


def git_state() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], check=False, cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def table(result: dict) -> str:
    rows = []
    g = result.get("grouping")
    if g:
        rows += [
            "grouping (all articles, one run)",
            (
                f"  events {g['predicted_events']} for {g['gold_events']}; pairwise P {g['precision']:.3f} "
                f"R {g['recall']:.3f} F1 {g['f1']:.3f}; folders kept whole {g['folders_exactly_one_event']}, "
                f"split {g['folders_split']}; events mixing folders {g['events_mixing_folders']}; "
                f"{result['seconds']['grouping']:.0f} s"
            ),
        ]
    lab = result.get("labelled")
    if lab:
        rows += [
            f"labelled ({lab['folders']} folders, one run each)",
            (
                f"  {'gold kind':<24}{'med/high':>10}{'recall':>8}{'any sev':>10}{'recall':>8}"
                f"{'m/h same kind':>15}{'recall':>8}"
            ),
        ]

        def line(name: str, r: dict) -> str:
            mh, anyl, same = r["medium_high"], r["any"], r["medium_high_same_kind"]

            def fmt(x: float | None) -> str:
                return "-" if x is None else f"{x:.2f}"

            return (
                f"  {name:<24}{mh['hit']:>5}/{mh['n']:<4}{fmt(mh['recall']):>8}"
                f"{anyl['hit']:>5}/{anyl['n']:<4}{fmt(anyl['recall']):>8}"
                f"{same['hit']:>10}/{same['n']:<4}{fmt(same['recall']):>8}"
            )

        rows += [line(k, v) for k, v in lab["per_kind"].items()]
        rows += [line("all high+medium", lab["overall"]), line("(low gold, info)", lab["low_gold"])]
        c = lab["consistent"]
        if c["n"]:
            rows += [
                f"  consistent pairs flagged: medium/high {c['flagged_medium_high']}/{c['n']} = "
                f"{c['share_medium_high']:.1%}; any severity {c['flagged_any']}/{c['n']} = {c['share_any']:.1%}"
                + (
                    f"  ({', '.join(f'{k} {v}' for k, v in sorted(c['medium_high_kinds'].items()))})"
                    if c["medium_high_kinds"]
                    else ""
                )
            ]
        s = lab["gold_pairs_in_same_event"]
        rows += [
            (
                f"  gold pairs whose articles share an event: disagreements {s['disagreements']}/{s['of']}, "
                f"consistent {s['consistent']}/{s['consistent_of']}"
            ),
            f"  {result['seconds']['labelled']:.0f} s",
        ]
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="the realworld-dev folder")
    ap.add_argument("--config", type=Path, default=None, help="checker config YAML (default: the checker's)")
    ap.add_argument("--out", type=Path, default=ROOT / "reports/realworld_dev.json", help="results JSON")
    ap.add_argument(
        "--runs",
        type=Path,
        default=ROOT / "reports/realworld_dev_runs",
        help="where the checker's reports go (one folder per run)",
    )
    ap.add_argument("--events", default=None, help="comma-separated event folders to restrict to")
    ap.add_argument("--skip-grouping", action="store_true", help="skip (a), the run over all articles")
    ap.add_argument("--skip-labelled", action="store_true", help="skip (b), the runs per labelled folder")
    ap.add_argument("--reuse", action="store_true", help="reuse findings.json already in --runs (no new runs)")
    ap.add_argument(
        "--cold",
        action="store_true",
        help="run the checker with --no-cache, so the times include embedding and NLI (first-run times)",
    )
    ap.add_argument(
        "--across-events",
        action="store_true",
        help="(b) only: compare every pair of a folder's articles whatever the grouping (an upper bound "
        "that takes grouping out of the recall)",
    )
    ap.add_argument(
        "--sample-precision",
        type=int,
        default=None,
        metavar="N",
        help="draw N medium/high findings of the all-articles run into a blind worksheet",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worksheet", type=Path, default=None, help="worksheet path (outside the repository)")
    ap.add_argument("--key", type=Path, default=None, help="key path (default: WORKSHEET with .key.md)")
    args = ap.parse_args()

    data = args.data.resolve()
    folders = event_folders(data, args.events.split(",") if args.events else None)
    runs = args.runs.resolve()
    all_dir = "all" if not args.events else "subset"  # a restricted run never stands in for the full one
    extra = ["--no-cache"] if args.cold else []
    result: dict = {
        "data": str(data),
        "config": str(args.config) if args.config else None,
        "cold": args.cold,
        "across_events": args.across_events,
        "events": [f.name for f in folders] if args.events else "all",
        **git_state(),
        "seconds": {},
    }

    if args.sample_precision is not None:
        if args.worksheet is None:
            ap.error("--sample-precision needs --worksheet PATH (outside the repository)")
        doc, wall, summary = cached_or_run(
            [p for f in folders for p in article_files(f)], runs / all_dir, args.config, args.reuse, extra
        )
        print(f"all articles: {summary}" + ("" if wall is None else f" ({wall:.1f} s wall)"))
        key = args.key or args.worksheet.with_suffix(".key.md")
        write_worksheet(doc, args.sample_precision, args.seed, args.worksheet, key)
        return

    if not args.skip_grouping:
        inputs = [p for f in folders for p in article_files(f)]
        print(f"(a) grouping: {len(inputs)} articles in {len(folders)} folders, one run", flush=True)
        started = time.time()
        doc, wall, summary = cached_or_run(inputs, runs / all_dir, args.config, args.reuse, extra)
        result["seconds"]["grouping"] = round(time.time() - started, 2)
        result["grouping"] = grouping_scores(doc)
        result["grouping"]["summary"] = summary
        result["grouping"]["findings_by_severity"] = dict(Counter(f["severity"] for f in doc["findings"]))
        result["grouping"]["findings_medium_high_by_kind"] = dict(
            Counter(f["kind"] for f in doc["findings"] if f["severity"] in FLAG)
        )
        print(f"  {summary}", flush=True)
    if not args.skip_labelled:
        labelled = [f for f in folders if (f / "gold.jsonl").exists()]
        print(f"(b) labelled: {len(labelled)} folders, one run each", flush=True)
        started = time.time()
        result["labelled"] = labelled_scores(labelled, runs, args.config, args.reuse, extra, args.across_events)
        result["seconds"]["labelled"] = round(time.time() - started, 2)

    print()
    print(table(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
