"""Both real-world dev sets, each folder alone and all folders together (issue 21).

    python benchmarks/realworld_dev.py [DATA] [--config FILE] [--out reports/realworld_dev.json]
                                       [--sets basil,multi] [--no-strip] [--skip-alone] [--verdicts-out DIR]
    python benchmarks/realworld_dev.py --sample-precision 40 --seed 11 --worksheet ../notes/precision.md

DATA defaults to ``../shared/data/realworld-dev``. Its ``basil/`` holds 55 events (one folder each, three
independent outlets, titled and dated; 14 folders have a hand-labelled ``gold.jsonl``); its ``multi/`` holds six
events of 9 to 14 outlets each (wire copies, rewrites, garbles; titles and dates often missing; every folder has a
gold file, whose ``../`` sources name articles of other folders). Every folder is one event.

For each set the checker runs (in this process, models loaded once, the cache shared):
- **together**: one run over all the set's articles;
- **alone**: one run per folder (basil: the labelled folders; multi: all six);
- basil only, **stripped**: the together run again with titles and published dates removed.

Printed per run kind: event grouping (pairwise precision / recall / F1 of "same event" against the folders, and
the number of events), recall of the high+medium gold disagreements at medium or high (a finding whose two
sentences contain the two gold sentences or are contained in them, from the right two articles, either order),
per gold kind, and the traps flagged at medium or high: ``consistent`` lines and ``different-event`` lines (a
sentence of one event against a look-alike of another). A gold line whose two articles are not both in a run is
not counted for that run. Both are also printed "on any verbatim copy": the gold names one pair of outlets
per discrepancy, and a finding between the odd outlet and another wire copy that holds the same gold sentence word
for word is counted there too (never in the main figures). Every number goes to ``--out`` as JSON; the dev text is
never written into the repository (the JSON holds gold line numbers, not sentences; reports go to ``--runs``,
git-ignored).

Printed for the together runs (issue 25): the **precision of the gold-labelled findings** per finding kind and per
severity, defined as ``checker calibrate`` defines it over verdicts: a finding on a gold disagreement is confirmed,
one only on ``consistent`` or ``different-event`` lines a false alarm, a finding no line labels is not counted;
precision = confirmed / (confirmed + false alarm), every severity (low too). Each set's gold verdicts are then written
as a baseline with ``gold_verdicts.py``'s functions (``--verdicts-out DIR``: ``DIR/basil.json``, ``DIR/multi.json``
and ``DIR/baseline.json`` for all sets, outside the repository since they quote the findings; otherwise a temporary
folder), read back as ``checker calibrate --baseline`` reads them, and its counts per kind and per severity are
compared with the table: the script prints ``match`` per baseline, or ``MISMATCH`` and the differences and exits 1.

``--sample-precision N --seed S --worksheet PATH`` draws N medium/high findings of the together runs of ``--sets``
(basil's unlabelled folders hold too few medium/high findings for a sample of 30, so the pool is every folder's)
and writes a blind worksheet (both sentences and their paragraphs, no kind or severity) and a separate key file,
both outside the repository.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.config import Config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared/data/realworld-dev"
FLAG = {"medium", "high"}
TRAPS = ("consistent", "different-event")
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


# ---------------------------------------------------------------------------------------------------- data


def folders_of(data: Path, name: str) -> list[Path]:
    root = data / name
    if not root.is_dir():
        sys.exit(f"error: {root} is not a directory (give the realworld-dev folder as DATA)")
    return sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.txt")))


def article_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def key_of(path: Path) -> str:
    """An article's key: ``folder/stem`` (stems repeat across folders)."""
    return f"{path.parent.name}/{path.stem}"


def read_gold(folder: Path) -> list[dict]:
    """Gold lines with ``ka``/``kb``: the two articles' keys (``../`` sources resolved)."""
    path = folder / "gold.jsonl"
    if not path.exists():
        return []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["line"] = n
            row["folder"] = folder.name
            row["ka"] = key_of((folder / row["source_a"]).resolve())
            row["kb"] = key_of((folder / row["source_b"]).resolve())
            row["copies_a"] = copies_of(folder / row["source_a"], row["sentence_a"])
            row["copies_b"] = copies_of(folder / row["source_b"], row["sentence_b"])
            rows.append(row)
    return rows


def copies_of(source: Path, sentence: str) -> set[str]:
    """The keys of the articles in ``source``'s folder whose text holds ``sentence`` word for word (wire copies):
    a finding on a copy of the gold sentence is a finding of the same discrepancy, read from another outlet."""
    source = source.resolve()
    want = norm(sentence)
    keys = {key_of(source)}
    for path in article_files(source.parent):
        if want and want in _normed_body(path):
            keys.add(key_of(path))
    return keys


@functools.cache
def _normed_body(path: Path) -> str:
    """:func:`norm` of an article's body, read once per process (every gold line of a folder asks about each)."""
    return norm(body(path))


def body(path: Path) -> str:
    """The article text below its YAML front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[text.find("\n", end + 1) + 1 :]
    return text


def stripped_copy(folders: list[Path], dest: Path) -> list[Path]:
    """Copies of the folders' articles with no title and no published date (front matter keeps ``source``; a
    first body line equal to the title goes too)."""
    import yaml

    out = []
    for folder in folders:
        (dest / folder.name).mkdir(parents=True, exist_ok=True)
        for path in article_files(folder):
            text = path.read_text(encoding="utf-8")
            meta: dict = {}
            if text.startswith("---"):
                end = text.find("\n---", 3)
                meta = yaml.safe_load(text[3:end]) or {}
            rest = body(path)
            title = str(meta.get("title") or "").strip()
            lines = rest.lstrip("\n").split("\n")
            if title and lines and lines[0].strip() == title:
                rest = "\n".join(lines[1:])
            target = dest / folder.name / path.name
            target.write_text(f"---\nsource: {json.dumps(str(meta.get('source') or path.stem))}\n---\n{rest}")
            out.append(target)
    return out


# ---------------------------------------------------------------------------------------------------- running


class Runner:
    """Runs the checker in this process: models loaded once, one cache for every run."""

    def __init__(self, config: Path | None, runs: Path) -> None:
        from checker.cache import Cache
        from checker.config import load_config
        from checker.state import Models

        self.cfg = load_config(config)
        self.models = Models(self.cfg)
        self.cache = Cache.open_default(self.cfg.cache.dir) if self.cfg.cache.enabled else None
        self.runs = runs

    def __call__(self, inputs: list[Path], name: str) -> tuple[dict, float]:
        from checker.pipeline import run
        from checker.report.write import write_report
        from checker.state import Context

        started = time.time()
        state = run([str(p) for p in inputs], Context(self.cfg, self.models, self.cache))
        wall = time.time() - started
        out = self.runs / name
        if out.exists():
            shutil.rmtree(out)
        write_report(state, out)
        doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        s = state.stats
        print(
            f"  {name}: {s.articles} articles, {len({a['event'] for a in doc['articles']})} events, "
            f"{s.candidate_pairs} pairs, {s.findings} findings, {wall:.1f} s",
            flush=True,
        )
        return doc, wall


# ---------------------------------------------------------------------------------------------------- scoring


def article_keys(doc: dict) -> dict[str, str]:
    """Article id -> ``folder/stem`` key."""
    return {a["id"]: key_of(Path(a["path"])) for a in doc["articles"]}


def grouping_counts(doc: dict) -> Counter:
    """Pairwise same-event counts (tp, fp, fn) over a run's articles; gold: the same folder."""
    c: Counter = Counter()
    arts = doc["articles"]
    for x, y in combinations(arts, 2):
        same_pred = x["event"] == y["event"]
        same_gold = Path(x["path"]).parent.name == Path(y["path"]).parent.name
        c["tp"] += same_pred and same_gold
        c["fp"] += same_pred and not same_gold
        c["fn"] += same_gold and not same_pred
    c["events"] += len({a["event"] for a in arts})
    c["folders"] += len({Path(a["path"]).parent.name for a in arts})
    return c


def prf(c: Counter) -> dict:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "events": c["events"],
        "folders": c["folders"],
        **{k: c[k] for k in ("tp", "fp", "fn")},
    }


def line_findings(row: dict, doc: dict, keys: dict[str, str], copies: bool = False) -> list[dict]:
    """Findings on the gold pair (either order); with ``copies``, on any verbatim copy of either gold sentence."""
    ka, kb = (row["copies_a"], row["copies_b"]) if copies else ({row["ka"]}, {row["kb"]})
    out = []
    for f in doc["findings"]:
        fa, fb = keys[f["a"]["article"]], keys[f["b"]["article"]]
        fwd = fa in ka and fb in kb and contains(f["a"]["sentence"], row["sentence_a"])
        fwd = fwd and contains(f["b"]["sentence"], row["sentence_b"])
        bwd = fa in kb and fb in ka and contains(f["a"]["sentence"], row["sentence_b"])
        bwd = bwd and contains(f["b"]["sentence"], row["sentence_a"])
        if fwd or bwd:
            out.append(f)
    return out


def score_lines(gold: list[dict], doc: dict) -> list[dict]:
    """Each gold line whose two articles are in the run, with the findings on it and whether they share an event."""
    keys = article_keys(doc)
    event = {keys[a["id"]]: a["event"] for a in doc["articles"]}
    lines = []
    for row in gold:
        if row["ka"] not in event or row["kb"] not in event:
            continue
        hits = line_findings(row, doc, keys)
        copy_hits = line_findings(row, doc, keys, copies=True)
        lines.append(
            {
                "folder": row["folder"],
                "line": row["line"],
                "kind": row["kind"],
                "severity": row["severity"],
                "same_event": event[row["ka"]] == event[row["kb"]],
                "findings": [{"id": f["id"], "kind": f["kind"], "severity": f["severity"]} for f in hits],
                "copy_findings": [{"id": f["id"], "kind": f["kind"], "severity": f["severity"]} for f in copy_hits],
            }
        )
    return lines


def summarise(lines: list[dict]) -> dict:
    """Recall at medium+ of real high/medium lines (per kind), and traps flagged at medium+ (per kind)."""

    def flagged(r: dict) -> bool:
        return any(f["severity"] in FLAG for f in r["findings"])

    real = [r for r in lines if r["kind"] not in TRAPS and r["severity"] in FLAG]
    traps = [r for r in lines if r["kind"] in TRAPS]
    per_kind = {}
    for kind in sorted({r["kind"] for r in real}):
        rows = [r for r in real if r["kind"] == kind]
        per_kind[kind] = {"hit": sum(map(flagged, rows)), "n": len(rows)}
    trap_kinds = {}
    for kind in TRAPS:
        rows = [r for r in traps if r["kind"] == kind]
        trap_kinds[kind] = {"flagged": sum(map(flagged, rows)), "n": len(rows)}
    hit = sum(map(flagged, real))
    tf = sum(map(flagged, traps))

    def flagged_copy(r: dict) -> bool:
        return any(f["severity"] in FLAG for f in r.get("copy_findings", r["findings"]))

    return {
        "recall_any_copy": {"hit": sum(map(flagged_copy, real)), "n": len(real)},
        "traps_any_copy": {"flagged": sum(map(flagged_copy, traps)), "n": len(traps)},
        "recall": {"hit": hit, "n": len(real), "share": round(hit / len(real), 4) if real else None},
        "recall_per_kind": per_kind,
        "traps": {"flagged": tf, "n": len(traps), "share": round(tf / len(traps), 4) if traps else None},
        "traps_per_kind": trap_kinds,
        "missed_not_same_event": sum(1 for r in real if not flagged(r) and not r["same_event"]),
        "missed_same_event": sum(1 for r in real if not flagged(r) and r["same_event"]),
        "missed_found_low": sum(
            1 for r in real if not flagged(r) and any(f["severity"] == "low" for f in r["findings"])
        ),
        "flagged_trap_finding_kinds": dict(
            Counter(f["kind"] for r in traps for f in r["findings"] if f["severity"] in FLAG)
        ),
    }


def gold_precision(gold: list[dict], doc: dict) -> dict:
    """Precision of the findings a gold line labels, per finding kind and per severity, as ``checker calibrate``
    defines it over verdicts: a finding on a gold disagreement is confirmed, one only on ``consistent`` or
    ``different-event`` lines a false alarm, and a finding no line labels is not counted; precision is confirmed /
    (confirmed + false alarm). Every severity counts (low too), unlike recall and traps. Counted per finding id."""
    keys = article_keys(doc)
    real: dict[str, bool] = {}
    for row in gold:
        for f in line_findings(row, doc, keys):
            real[f["id"]] = real.get(f["id"], False) or row["kind"] not in TRAPS
    labelled = {f["id"]: f for f in doc["findings"] if f["id"] in real}
    counts: dict[str, Counter] = {"by_kind": Counter(), "by_severity": Counter()}
    for i, f in labelled.items():
        for field, c in (("kind", counts["by_kind"]), ("severity", counts["by_severity"])):
            c[(f[field], real[i])] += 1
    return {group: precision_rows(c) for group, c in counts.items()}


def precision_rows(c: Counter) -> dict:
    """``(group, confirmed?) -> n`` as ``{group: {confirmed, false_alarm, precision}}`` (severities high first)."""
    order = {"high": 0, "medium": 1, "low": 2}
    out = {}
    for g in sorted({g for g, _ in c}, key=lambda g: (order.get(g, -1), g)):
        yes, no = c[(g, True)], c[(g, False)]
        out[g] = {"confirmed": yes, "false_alarm": no, "precision": round(yes / (yes + no), 4)}
    return out


def pooled_precision(parts: list[dict]) -> dict:
    """:func:`gold_precision` of several runs taken together (their finding ids are distinct)."""
    out = {}
    for group in ("by_kind", "by_severity"):
        c: Counter = Counter()
        for part in parts:
            for g, v in part[group].items():
                c[(g, True)] += v["confirmed"]
                c[(g, False)] += v["false_alarm"]
        out[group] = precision_rows(c)
    return out


def calibrate_check(baseline: Path, expected: dict, config: Config) -> list[str]:
    """Read ``baseline`` as ``checker calibrate --baseline`` does and compare its precision per kind and per severity
    with ``expected`` (:func:`gold_precision`): the differences, none when the two agree."""
    from checker import calibrate as C
    from checker.calibrate_cli import load_verdicts

    verdicts, _ = load_verdicts(baseline, None)
    s = config.calibrate
    cal = C.calibrate(verdicts, config, s.target, s.min_verdicts, s.folds, s.min_kept)
    diffs = []
    for group, rows in (("by_kind", cal.by_kind), ("by_severity", cal.by_severity)):
        got = {r.group: (r.confirmed, r.false_alarm) for r in rows}
        want = {g: (v["confirmed"], v["false_alarm"]) for g, v in expected[group].items()}
        for g in sorted(got.keys() | want.keys()):
            if got.get(g) != want.get(g):
                diffs.append(f"{g}: calibrate {got.get(g)} vs benchmark {want.get(g)} (confirmed, false alarm)")
    return diffs


def precision_table(columns: dict[str, dict]) -> str:
    """Confirmed/verdicts and precision per kind and per severity, one column per run."""
    rows = [
        "precision of gold-labelled findings, every severity (confirmed/verdicts precision; as checker calibrate):",
        f"{'':<24}" + "".join(f"{name:>16}" for name in columns),
    ]
    for group, label in (("by_kind", "kind"), ("by_severity", "severity")):
        names: list[str] = []
        for col in columns.values():
            names += [g for g in col[group] if g not in names]
        if group == "by_kind":
            names.sort()
        for g in names:
            cells = []
            for col in columns.values():
                v = col[group].get(g)
                n = v["confirmed"] + v["false_alarm"] if v else 0
                cells.append(f"{v['confirmed']}/{n} {v['precision']:.2f}" if v else "-")
            rows.append(f"{label + ' ' + g:<24}" + "".join(f"{c:>16}" for c in cells))
    return "\n".join(rows)


def measure_set(
    name: str, folders: list[Path], runner: Runner, alone: bool, strip: bool, verdicts: dict[str, list[dict]]
) -> dict:
    """The set's measurements; ``verdicts[name]`` gets its together run's gold verdicts (baseline entries)."""
    from gold_verdicts import merge, verdict_entries

    gold = [row for f in folders for row in read_gold(f)]
    result: dict = {"folders": len(folders), "gold_lines": len(gold)}
    inputs = [p for f in folders for p in article_files(f)]
    print(f"{name}: {len(inputs)} articles in {len(folders)} folders", flush=True)
    doc, wall = runner(inputs, f"{name}-together")
    result["together"] = {
        "grouping": prf(grouping_counts(doc)),
        **summarise(score_lines(gold, doc)),
        "gold_precision": gold_precision(gold, doc),
        "seconds": round(wall, 1),
        "lines": score_lines(gold, doc),
    }
    verdicts[name] = merge(verdict_entries(gold, doc))
    if alone:
        counts: Counter = Counter()
        lines: list[dict] = []
        per_folder = {}
        for f in folders:
            fg = read_gold(f)
            if name == "basil" and not fg:
                continue
            d, _ = runner(article_files(f), f"{name}-alone-{f.name}")
            c = grouping_counts(d)
            counts += c
            fl = score_lines(fg, d)
            lines += fl
            per_folder[f.name] = {"grouping": prf(c), **summarise(fl)}
        result["alone"] = {"grouping": prf(counts), **summarise(lines), "per_folder": per_folder, "lines": lines}
    if strip:
        with tempfile.TemporaryDirectory() as tmp:
            paths = stripped_copy(folders, Path(tmp))
            d, wall = runner(paths, f"{name}-stripped")
        result["stripped"] = {"grouping": prf(grouping_counts(d)), "seconds": round(wall, 1)}
    return result


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
    arts = {a["id"]: a for a in doc["articles"]}
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
        "| # | finding id | kind | severity | score | explanation |",
        "|---|---|---|---|---|---|",
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
            f"{' '.join(str(f.get('explanation', '')).split())} |"
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
    rows = [
        f"{'set / run':<18}{'events':>8}{'P':>7}{'R':>7}{'F1':>7}{'recall m+':>12}{'traps m+':>11}  per kind (hit/n)",
    ]
    for name, res in result["sets"].items():
        for kind in ("together", "alone", "stripped"):
            r = res.get(kind)
            if not r:
                continue
            g = r["grouping"]
            rec = r.get("recall")
            tr = r.get("traps")
            rec_s = f"{rec['hit']}/{rec['n']}" if rec else "-"
            tr_s = f"{tr['flagged']}/{tr['n']}" if tr else "-"
            per = ", ".join(f"{k} {v['hit']}/{v['n']}" for k, v in r.get("recall_per_kind", {}).items())
            rows.append(
                f"{name + ' ' + kind:<18}{g['events']:>4}/{g['folders']:<3}{g['precision']:>7.3f}{g['recall']:>7.3f}"
                f"{g['f1']:>7.3f}{rec_s:>12}{tr_s:>11}  {per}"
            )
            if rec:
                rows.append(
                    f"{'':<18}missed: {r['missed_not_same_event']} in other events, {r['missed_same_event']} in one "
                    f"event ({r['missed_found_low']} found low); traps flagged by kind "
                    f"{r['flagged_trap_finding_kinds'] or '-'}"
                )
                rc, tc = r["recall_any_copy"], r["traps_any_copy"]
                rows.append(
                    f"{'':<18}on any verbatim copy of the gold sentences: recall m+ {rc['hit']}/{rc['n']}, "
                    f"traps m+ {tc['flagged']}/{tc['n']}"
                )
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="the realworld-dev folder")
    ap.add_argument("--config", type=Path, default=None, help="checker config YAML (default: the checker's)")
    ap.add_argument("--out", type=Path, default=ROOT / "reports/realworld_dev.json", help="results JSON")
    ap.add_argument("--runs", type=Path, default=ROOT / "reports/realworld_dev_runs", help="where reports go")
    ap.add_argument("--sets", default="basil,multi", help="comma-separated: basil, multi")
    ap.add_argument("--skip-alone", action="store_true", help="only the together runs")
    ap.add_argument("--no-strip", action="store_true", help="skip basil's run with titles and dates removed")
    ap.add_argument("--sample-precision", type=int, default=None, metavar="N")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worksheet", type=Path, default=None, help="worksheet path (outside the repository)")
    ap.add_argument("--key", type=Path, default=None, help="key path (default: WORKSHEET with .key.md)")
    ap.add_argument(
        "--verdicts-out",
        type=Path,
        default=None,
        metavar="DIR",
        help="write the together runs' gold verdicts as baselines for checker calibrate (outside the repository): "
        "DIR/SET.json per set, DIR/baseline.json for all of them",
    )
    args = ap.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    if args.verdicts_out is not None and args.verdicts_out.resolve().is_relative_to(ROOT):
        ap.error(f"--verdicts-out {args.verdicts_out} is inside the repository; the baselines quote dev-set text")
    data = args.data.resolve()
    runner = Runner(args.config, args.runs.resolve())
    if args.sample_precision is not None:
        if args.worksheet is None:
            ap.error("--sample-precision needs --worksheet PATH (outside the repository)")
        docs = []
        for name in args.sets.split(","):
            paths = [p for f in folders_of(data, name) for p in article_files(f)]
            docs.append(runner(paths, f"{name}-sample")[0])
        pooled = {
            "articles": [a for d in docs for a in d["articles"]],
            "findings": [f for d in docs for f in d["findings"]],
        }
        key = args.key or args.worksheet.with_suffix(".key.md")
        write_worksheet(pooled, args.sample_precision, args.seed, args.worksheet, key)
        return
    result: dict = {"data": str(data), "config": str(args.config) if args.config else None, **git_state(), "sets": {}}
    started = time.time()
    verdicts: dict[str, list[dict]] = {}
    for name in args.sets.split(","):
        result["sets"][name] = measure_set(
            name, folders_of(data, name), runner, not args.skip_alone, name == "basil" and not args.no_strip, verdicts
        )
    result["seconds"] = round(time.time() - started, 1)
    print()
    print(table(result))
    print()
    ok = check_calibrate(result, verdicts, args.verdicts_out, runner.cfg)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({result['seconds']:.0f} s)")
    if not ok:
        sys.exit(1)


def check_calibrate(result: dict, verdicts: dict[str, list[dict]], out: Path | None, config: Config) -> bool:
    """Print the gold precision table; write each set's gold verdicts (and all sets') as a baseline, read them as
    ``checker calibrate --baseline`` does and check its precision per kind and severity is the benchmark's."""
    from gold_verdicts import merge, write_baseline

    columns = {name: res["together"]["gold_precision"] for name, res in result["sets"].items()}
    pooled = pooled_precision(list(columns.values()))
    print(precision_table({**columns, "all": pooled} if len(columns) > 1 else columns))
    columns["all"] = pooled
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = out if out is not None else Path(tmp)
        files = {name: folder / f"{name}.json" for name in verdicts}
        files["all"] = folder / "baseline.json"  # every set's verdicts
        for name, path in files.items():
            entries = verdicts[name] if name in verdicts else merge([e for v in verdicts.values() for e in v])
            write_baseline(path, entries)
            diffs = calibrate_check(path, columns[name], config)
            ok = ok and not diffs
            shown = path if out is not None else path.name
            verdict = "match" if not diffs else "MISMATCH: " + "; ".join(diffs)
            print(f"checker calibrate --baseline {shown} ({len(entries)} verdicts): {verdict}")
    result["calibrate_match"] = ok
    return ok


if __name__ == "__main__":
    main()
