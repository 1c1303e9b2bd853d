"""Document level: does the whole checker flag unfaithful rewrites? FRANK's validation split (a dev-role set).

    python benchmarks/frank_dev.py [--limit 671]

Each FRANK item is an article and a model-written summary with a human factuality label. The checker runs on the
pair as two "outlets" (events forced together); an item counts as flagged when any finding between article and
summary (not inside the article) is medium or high.
Reported: flag rate on unfaithful vs faithful summaries, balanced accuracy, and ROC AUC of the top finding score.
The checker looks for disagreement between sources, not for unsupported additions, so this is a lower bound on
what it is for; FRANK's test split is test-only and is not used here.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from checker.config import Config
from checker.errors import InputError
from checker.pipeline import STAGES
from checker.records import Article
from checker.state import Context, Models, State

ROOT = Path(__file__).resolve().parents[1]
FRANK = ROOT.parent / "shared/data/nli/frank/frank_benchmark.jsonl"
RANK = {"low": 1, "medium": 2, "high": 3}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    rows = [json.loads(line) for line in FRANK.read_text().splitlines()]
    rows = [r for r in rows if r["split"] == "valid"][: args.limit]
    cfg = Config()
    models = Models(cfg)
    models.load()  # load now, outside the timings
    flagged, top, unfaithful = [], [], []
    skipped = 0
    start = time.time()
    for n, r in enumerate(rows):
        read = (
            Article(id=f"{n}-article", source="article", path="frank", text=r["article"]),
            Article(id=f"{n}-summary", source="summary", path="frank", text=r["summary"]),
        )
        try:
            state = State(read=read)
            for stage in STAGES[1:]:  # the articles are given, not read from files
                state = stage(state, Context(cfg, models, across_events=True))
            found = state.findings
        except InputError:  # cleaning left no usable text in one side: nothing to compare, so not flagged
            skipped += 1
            found = []
        across = [f for f in found if not f.pair.same_article]  # not the article against itself
        ranks = [RANK[f.severity] for f in across]
        flagged.append(bool(ranks) and max(ranks) >= 2)
        top.append(max((RANK[f.severity] + f.score for f in across), default=0.0))
        unfaithful.append(r["label"] == 0)
    flagged_a, top_a, bad = np.array(flagged), np.array(top), np.array(unfaithful)
    tpr, fpr = flagged_a[bad].mean(), flagged_a[~bad].mean()
    print(
        f"{len(rows)} FRANK valid summaries ({bad.sum()} unfaithful, {(~bad).sum()} faithful), "
        f"{time.time() - start:.0f} s; {skipped} left no usable text after cleaning (counted as not flagged)"
    )
    print(
        f"flagged (medium/high): unfaithful {tpr:.3f}, faithful {fpr:.3f}; balanced accuracy "
        f"{(tpr + 1 - fpr) / 2:.3f}; ROC AUC of the top finding {roc_auc_score(bad, top_a):.3f}"
    )


if __name__ == "__main__":
    main()
