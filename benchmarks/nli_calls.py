"""NLI calls of the checker against the all-pairs baseline on the real-world dev set, and the recall each keeps.

    python benchmarks/nli_calls.py [DATA] [--events FOLDER,...]

For each hand-labelled event folder of ``../shared/data/realworld-dev/basil`` (``gold.jsonl``), the stages run over
the folder's three articles up to ``align``:

- **checker**: the candidate pairs of ``align`` are judged and the findings rules run, as in ``checker report``;
  its NLI calls are the (premise, hypothesis) inputs the model scores: two per pair, less the texts equal after
  whitespace and case (:func:`checker.judge.same_text`, no model), each distinct input once;
- **all pairs** (SummaC-style): every sentence of one article against every sentence of each other article of the
  folder, both directions: 2 x sum of n_a x n_b NLI calls. Its recall is measured by judging, with the same model
  and rules, the sentence pairs that match a gold row (a finding is made from its own pair only, so the pairs that
  match no gold row cannot change the recall).

Recall follows ``benchmarks/realworld_dev.py``: a high/medium gold disagreement is found when a medium or high
finding's two sentences contain the two gold sentences or are contained in them (whitespace and curly quotes
normalised), from the gold sources, in either order.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from realworld_dev import DEFAULT_DATA, FLAG, article_files, contains, event_folders, outlet, read_gold

from checker.cache import Cache
from checker.claims import learn_aliases
from checker.config import load_config
from checker.findings import find
from checker.judge import judge_pairs, same_text
from checker.pipeline import upto
from checker.records import Finding, Pair
from checker.rules import RuleContext
from checker.state import Context, Models, State


def hit(row: dict, findings: list[Finding]) -> bool:
    ga, gb = outlet(row["source_a"]), outlet(row["source_b"])
    for f in findings:
        if f.severity.value not in FLAG:
            continue
        fa, fb = outlet(f.pair.a.article.path), outlet(f.pair.b.article.path)
        a, b = f.pair.a.text, f.pair.b.text
        if (fa, fb) == (ga, gb) and contains(a, row["sentence_a"]) and contains(b, row["sentence_b"]):
            return True
        if (fa, fb) == (gb, ga) and contains(a, row["sentence_b"]) and contains(b, row["sentence_a"]):
            return True
    return False


def _matches(row: dict, p: Pair) -> bool:
    ga, gb = outlet(row["source_a"]), outlet(row["source_b"])
    fa, fb = outlet(p.a.article.path), outlet(p.b.article.path)
    fwd = (fa, fb) == (ga, gb) and contains(p.a.text, row["sentence_a"]) and contains(p.b.text, row["sentence_b"])
    bwd = (fa, fb) == (gb, ga) and contains(p.a.text, row["sentence_b"]) and contains(p.b.text, row["sentence_a"])
    return fwd or bwd


def model_calls(pairs: list[Pair]) -> int:
    inputs = [(p.a.text, p.b.text) for p in pairs] + [(p.b.text, p.a.text) for p in pairs]
    return len({x for x in inputs if not same_text(*x)})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--events", default=None, help="comma-separated folder names (default: every labelled one)")
    ap.add_argument("--config", default=None)
    ap.add_argument("--cached", action="store_true", help="use the checker's cache (default: a fresh one)")
    args = ap.parse_args()
    cfg = load_config(args.config)
    models = Models(cfg)
    rule_ctx_cfg = cfg.findings
    before_judge = upto("judge")[:-1]
    totals = {"checker_calls": 0, "checker_directions": 0, "all_calls": 0, "gold": 0, "checker_hits": 0, "all_hits": 0}
    head = ("folder", "sents", "checker NLI", "all pairs", "ratio", "gold", "chk", "all")
    print("{:<22} {:>6} {:>11} {:>10} {:>7} {:>5} {:>4} {:>4}".format(*head))
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Cache.open_default(cfg.cache.dir) if args.cached else Cache(Path(tmp) / "cache.sqlite")
        for folder in event_folders(args.data, args.events.split(",") if args.events else None):
            gold = [r for r in read_gold(folder) if r["kind"] != "consistent" and r["severity"] in FLAG]
            if not (folder / "gold.jsonl").exists():
                continue
            ctx = Context(cfg, models, cache)
            state = State(inputs=tuple(str(p) for p in article_files(folder)))
            for st in before_judge:
                state = st(state, ctx)
            rules = RuleContext(rule_ctx_cfg, state.aliases or learn_aliases([]))
            pairs = list(state.pairs)
            found = find(judge_pairs(models.nli, pairs, cfg.judge.batch_size, cache, models.nli_id), rules)
            calls = model_calls(pairs)
            arts = list(state.articles)
            all_calls = sum(2 * len(a.sentences) * len(b.sentences) for a, b in combinations(arts, 2))
            # all pairs, restricted to the pairs that can match a gold row (the others cannot change the recall)
            by_outlet = {outlet(a.path): a for a in arts}
            all_hits = 0
            for row in gold:
                a, b = by_outlet.get(outlet(row["source_a"])), by_outlet.get(outlet(row["source_b"]))
                if a is None or b is None:
                    continue
                cand = [
                    Pair(x, y, float(x.vector @ y.vector), "all", "all")
                    for x in a.sentences
                    if contains(x.text, row["sentence_a"])
                    for y in b.sentences
                    if contains(y.text, row["sentence_b"])
                ]
                judged = judge_pairs(models.nli, cand, cfg.judge.batch_size, cache, models.nli_id)
                got = hit(row, find(judged, rules))
                all_hits += got
                if got and not hit(row, found):
                    why = "not aligned" if not any(_matches(row, p) for p in pairs) else "aligned, no finding"
                    missed.append(f"{folder.name} gold line {row['line']} ({row['kind']}, {row['severity']}): {why}")
            chk_hits = sum(hit(row, found) for row in gold)
            n_sent = sum(len(a.sentences) for a in arts)
            totals["checker_calls"] += calls
            totals["checker_directions"] += 2 * len(pairs)
            totals["all_calls"] += all_calls
            totals["gold"] += len(gold)
            totals["checker_hits"] += chk_hits
            totals["all_hits"] += all_hits
            print(
                f"{folder.name:<22} {n_sent:>6} {calls:>11} {all_calls:>10} {all_calls / max(calls, 1):>6.1f}x "
                f"{len(gold):>5} {chk_hits:>4} {all_hits:>4}",
                flush=True,
            )
        cache.close()
    t = totals
    print(
        f"total: checker {t['checker_calls']} NLI calls ({t['checker_directions']} directions before skipping equal "
        f"texts) vs all pairs {t['all_calls']}: {t['all_calls'] / max(t['checker_calls'], 1):.1f}x fewer"
    )
    for m in missed:
        print(f"found by all pairs only: {m}")
    rc = t["checker_hits"] / t["gold"] if t["gold"] else 0.0
    ra = t["all_hits"] / t["gold"] if t["gold"] else 0.0
    kept = rc / ra if ra else float("nan")
    print(
        f"recall of high/medium gold: checker {t['checker_hits']}/{t['gold']} = {rc:.3f}; all pairs "
        f"{t['all_hits']}/{t['gold']} = {ra:.3f}; kept {kept:.1%}"
    )


if __name__ == "__main__":
    main()
