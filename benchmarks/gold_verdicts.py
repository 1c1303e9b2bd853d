"""Turn hand-labelled gold pairs and a run's findings into a baseline with verdicts (for ``checker calibrate``).

    python benchmarks/gold_verdicts.py --run GOLD.jsonl FINDINGS.json [--run ...] -o OUT/baseline.json

GOLD.jsonl is the real-world dev set's format (``source_a``, ``sentence_a``, ``source_b``, ``sentence_b``, ``kind``;
``kind: consistent`` or ``different-event`` for pairs that must not be flagged; ``../`` sources name articles of
other folders). A finding on a gold disagreement (matched as ``realworld_dev.py`` matches: its two sentences contain
the gold's or are contained in them, the articles are the gold's sources, either order) is ``confirmed``; one on a
pair labelled consistent or different-event is a ``false_alarm``; other findings get no verdict (unlabelled pairs
are not asserted consistent). The gold files of every ``--run`` that names one findings file label it together,
and a finding id is written once (confirmed wins), so ``checker calibrate`` counts each finding once. Data paths
come from the arguments only; the output quotes the findings' sentences, so write it outside the repository when
the data must not enter it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realworld_dev import article_keys, line_findings, read_gold


def verdict_entries(gold: list[dict], doc: dict) -> list[dict]:
    """Baseline entries (schema checker.baseline/1) with a verdict for every finding a gold row labels."""
    verdict: dict[str, str] = {}
    keys = article_keys(doc)
    for row in gold:
        for f in line_findings(row, doc, keys):
            if row["kind"] in ("consistent", "different-event"):
                verdict.setdefault(f["id"], "false_alarm")
            else:
                verdict[f["id"]] = "confirmed"  # a disagreement wins over a consistent label of the same pair
    out = []
    for f in doc["findings"]:
        if f["id"] not in verdict:
            continue
        out.append(
            {
                "id": f["id"],
                "pair": f.get("pair", ""),
                "kind": f["kind"],
                "severity": f["severity"],
                "a_source": f["a"]["source"],
                "a": f["a"]["sentence"],
                "b_source": f["b"]["source"],
                "b": f["b"]["sentence"],
                "score": f.get("score"),
                "similarity": f.get("similarity"),
                "contradiction": (f.get("nli") or {}).get("contradiction"),
                "verdict": verdict[f["id"]],
                "reason": "gold label",
            }
        )
    return out


def merge(entries: list[dict]) -> list[dict]:
    """One entry per finding id (``confirmed`` wins, as in :func:`verdict_entries`): a finding two runs' gold label
    counts once, as a baseline holds it."""
    out: dict[str, dict] = {}
    for e in entries:
        if e["id"] not in out or e["verdict"] == "confirmed":
            out[e["id"]] = e
    return list(out.values())


def write_baseline(path: Path, entries: list[dict]) -> dict[str, int]:
    """Write a ``checker.baseline/1`` file of ``entries``; the counts of each verdict."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema": "checker.baseline/1", "accepted": entries}, indent=2) + "\n")
    return {v: sum(e["verdict"] == v for e in entries) for v in ("confirmed", "false_alarm")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", nargs=2, action="append", required=True, metavar=("GOLD", "FINDINGS"))
    ap.add_argument("-o", "--out", type=Path, required=True, help="baseline JSON to write")
    args = ap.parse_args()
    gold: dict[Path, list[dict]] = {}  # findings file -> the gold rows of every --run that names it
    for g, findings in args.run:
        gold.setdefault(Path(findings).resolve(), []).extend(read_gold(Path(g).resolve().parent))
    entries: list[dict] = []
    for findings, rows in gold.items():
        entries += verdict_entries(rows, json.loads(findings.read_text(encoding="utf-8")))
    entries = merge(entries)
    counts = write_baseline(args.out, entries)
    print(f"wrote {args.out}: {len(entries)} verdicts ({counts['confirmed']} confirmed, {counts['false_alarm']} false)")


if __name__ == "__main__":
    main()
