"""Findings before and after a refactor (issue 22): run the checker on fixed inputs, then diff two runs.

    python benchmarks/compare_findings.py run OUTDIR [--sets basil,multi,examples] [--data DIR] [--config FILE]
    python benchmarks/compare_findings.py diff BEFORE AFTER [--new-kind place ...]

``run`` calls ``checker report`` (the command-line contract, so it measures what users get) on each input set and
writes ``OUTDIR/<set>/findings.json`` (and the rest of the report). The sets are ``basil`` and ``multi`` under
DATA (default ``../shared/data/realworld-dev``) and the project's ``examples/``. Reports stay outside the repository:
they quote the dev text.

``diff`` compares ``BEFORE/<set>/findings.json`` with ``AFTER/<set>/findings.json`` for every set present in both
(or two findings.json files given directly). Run timings (``stats.seconds``) are ignored; everything else is
compared: the articles, every finding by its stable id (kind, severity, score, sides, NLI scores, explanation, and
the order of the list), the events with their facts, warnings and notes. Findings of a ``--new-kind`` that exist only
after are listed and allowed. Prints what differs and exits 1 when anything else differs, 0 when identical.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "realworld-dev"
SETS = ("basil", "multi", "examples")
IGNORED_STATS = ("seconds",)  # wall-clock, differs run to run


def set_input(name: str, data: Path) -> str:
    """The input as given to ``checker report`` (``examples/`` relative to the repository: article paths are kept
    as given, so a run from another checkout writes the same paths)."""
    return "examples/" if name == "examples" else str(data / name)


def run(outdir: Path, sets: list[str], data: Path, config: str | None) -> int:
    """``checker report`` on each set with the checker that ``PYTHONPATH`` (or the install) provides."""
    code = 0
    for name in sets:
        out = outdir / name
        cmd = [sys.executable, "-c", "from checker.cli import main; main()", "report", set_input(name, data)]
        cmd += ["-o", str(out)] + (["--config", config] if config else [])
        print(f"{name}: checker {' '.join(cmd[3:])}", flush=True)
        proc = subprocess.run(cmd, env=os.environ.copy(), capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            print(f"{name}: exit {proc.returncode}\n{proc.stderr[-2000:]}", file=sys.stderr)
            code = 1
            continue
        doc = json.loads((out / "findings.json").read_text())
        print(f"{name}: {len(doc['findings'])} findings, {len(doc['articles'])} articles", flush=True)
    return code


def _load(path: Path) -> dict[str, Any]:
    doc = json.loads(path.read_text())
    for key in IGNORED_STATS:
        doc.get("stats", {}).pop(key, None)
    return doc


def _short(f: dict[str, Any]) -> str:
    a, b = f.get("a", {}), f.get("b", {})
    return (
        f"{f['id']} {f['kind']}/{f['severity']} {f['score']:.3f} {a.get('article')}:{a.get('start')} "
        f"~ {b.get('article')}:{b.get('start')}"
    )


def _diff_rest(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Differences outside the findings (articles, events, warnings, stats), as printable lines."""
    out: list[str] = []
    for key in sorted(set(before) | set(after)):
        if key == "findings":
            continue
        if before.get(key) != after.get(key):
            out.append(f"{key}: differs")
            if isinstance(before.get(key), dict) and isinstance(after.get(key), dict):
                for k in sorted(set(before[key]) | set(after[key])):
                    if before[key].get(k) != after[key].get(k):
                        out.append(f"  {key}.{k}: {before[key].get(k)!r} -> {after[key].get(k)!r}")
            elif isinstance(before.get(key), list) and isinstance(after.get(key), list):
                bl, al = before[key], after[key]
                out.append(f"  {len(bl)} -> {len(al)} entries")
                for i, (x, y) in enumerate(zip(bl, al, strict=False)):
                    if x != y:
                        out.append(f"  first difference at [{i}]: {json.dumps(x)[:300]} -> {json.dumps(y)[:300]}")
                        break
    return out


def diff_docs(before: dict[str, Any], after: dict[str, Any], new_kinds: set[str]) -> tuple[list[str], list[str]]:
    """(differences, allowed) as printable lines: allowed are findings of a new kind present only after."""
    out = _diff_rest(before, after)
    allowed: list[str] = []
    bf = {f["id"]: f for f in before.get("findings", [])}
    af = {f["id"]: f for f in after.get("findings", [])}
    for fid in bf.keys() - af.keys():
        out.append(f"only before: {_short(bf[fid])}")
    for fid in af.keys() - bf.keys():
        (allowed if af[fid]["kind"] in new_kinds else out).append(f"only after: {_short(af[fid])}")
    for fid in bf.keys() & af.keys():
        if bf[fid] != af[fid]:
            fields = sorted(k for k in set(bf[fid]) | set(af[fid]) if bf[fid].get(k) != af[fid].get(k))
            out.append(f"changed: {_short(bf[fid])}: {', '.join(fields)}")
            for k in fields:
                out.append(f"    {k}: {json.dumps(bf[fid].get(k))[:200]} -> {json.dumps(af[fid].get(k))[:200]}")
    old_order = [fid for fid in bf if fid in af]
    new_order = [f["id"] for f in after.get("findings", []) if f["id"] in bf]
    if old_order != new_order:
        out.append("order: the findings shared by both runs are listed in another order")
    return out, allowed


def diff(before: Path, after: Path, new_kinds: set[str]) -> int:
    if before.is_file() and after.is_file():
        pairs = [("findings.json", before, after)]
    else:
        names = sorted(
            p.parent.name for p in before.glob("*/findings.json") if (after / p.parent.name / "findings.json").is_file()
        )
        pairs = [(n, before / n / "findings.json", after / n / "findings.json") for n in names]
    if not pairs:
        print(f"nothing to compare: no <set>/findings.json in both {before} and {after}", file=sys.stderr)
        return 2
    code = 0
    for name, b, a in pairs:
        bd, ad = _load(b), _load(a)
        out, allowed = diff_docs(bd, ad, new_kinds)
        status = "identical" if not out else f"{len(out)} differences"
        extra = f" (+{len(allowed)} new-kind findings)" if allowed else ""
        print(f"{name}: {len(bd['findings'])} -> {len(ad['findings'])} findings: {status}{extra}")
        for line in out + allowed:
            print(f"  {line}")
        code |= int(bool(out))
    return code


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="write OUTDIR/<set>/findings.json")
    r.add_argument("outdir", type=Path)
    r.add_argument("--sets", default=",".join(SETS))
    r.add_argument("--data", type=Path, default=DATA)
    r.add_argument("--config")
    d = sub.add_parser("diff", help="compare two runs")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--new-kind", action="append", default=[], help="a kind whose findings may appear only after")
    args = ap.parse_args(argv)
    if args.cmd == "run":
        return run(args.outdir, [s for s in args.sets.split(",") if s], args.data, args.config)
    return diff(args.before, args.after, set(args.new_kind))


if __name__ == "__main__":
    raise SystemExit(main())
