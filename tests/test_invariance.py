"""The same articles get the same answer whatever else the run holds, in any order, with or without metadata.

Two small real folders: ``tests/data/planted`` (four invented reports of one flood) and ``examples/`` (five scraped
articles of four events). Each is run alone and both together, once in reverse file order, and once with titles and
published dates stripped; the real models are used throughout.
"""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import pytest
from helpers import ROOT

PLANTED = ROOT / "tests/data/planted"
EXAMPLES = ROOT / "examples"
# the examples' events: 000 is a garbled rewrite of 001; 002, 003 and 004 are three other meetings
EXAMPLE_EVENTS = {"000": "call-2021", "001": "call-2021", "002": "sf-2023", "003": "seoul-2024", "004": "ny-2022"}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html", ".jsonl"))


@pytest.fixture(scope="module")
def runner(cfg, models):
    from checker.pipeline import run
    from checker.state import Context

    return lambda paths: run([str(p) for p in paths], Context(cfg, models))


def _findings(state, ids: set[str] | None = None) -> set[tuple]:
    return {
        (f.id, f.kind.value, f.severity.value)
        for f in state.findings
        if ids is None or {f.pair.a.article.id, f.pair.b.article.id} <= ids
    }


def _partition(state, ids: set[str]) -> set[frozenset[str]]:
    return {frozenset(a for a in e.articles if a in ids) for e in state.events if set(e.articles) & ids}


@pytest.fixture(scope="module")
def runs(runner, demo):
    planted, examples = _files(PLANTED), _files(EXAMPLES)
    return {
        "planted": runner(planted),
        "examples": demo,
        "together": runner(planted + examples),
    }


@pytest.mark.parametrize("folder", ["planted", "examples"])
def test_a_folder_alone_and_inside_a_larger_run_gets_the_same_findings_and_events(runs, folder):
    alone, together = runs[folder], runs["together"]
    ids = {a.id for a in alone.articles}
    assert _findings(alone) == _findings(together, ids)
    assert _partition(alone, ids) == _partition(together, ids)
    assert _findings(alone), "the folder has findings to compare"


def test_shuffled_article_order_gives_identical_findings(runs, runner):
    paths = _files(PLANTED) + _files(EXAMPLES)
    random.Random(7).shuffle(paths)
    shuffled = runner(paths)
    ids = {a.id for a in shuffled.articles}
    assert _findings(shuffled) == _findings(runs["together"])
    assert _partition(shuffled, ids) == _partition(runs["together"], ids)


def _strip(path: Path, dest: Path) -> Path:
    """A copy of ``path`` with no title and no published date (front matter keeps the source; a first line that is
    the title goes too)."""
    import yaml

    text = path.read_text(encoding="utf-8")
    meta: dict = {}
    if text.startswith("---"):
        end = text.find("\n---", 3)
        meta = yaml.safe_load(text[3:end]) or {}
        text = text[text.find("\n", end + 1) + 1 :]
    title = str(meta.get("title") or "").strip()
    lines = text.lstrip("\n").split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:])
    out = dest / path.name
    out.write_text(f"---\nsource: {meta.get('source') or path.stem!r}\n---\n{text}", encoding="utf-8")
    return out


def _pair_f1(state, gold: dict[str, str]) -> float:
    event = {a.id: state.event_of(a.id) for a in state.articles}
    tp = fp = fn = 0
    for x, y in combinations(sorted(event), 2):
        same_pred, same_gold = event[x] == event[y], gold[x] == gold[y]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def test_titles_and_dates_stripped_lower_grouping_f1_by_at_most_005(runs, runner, tmp_path):
    stripped = runner([_strip(p, tmp_path) for p in _files(PLANTED) + _files(EXAMPLES)])
    gold = {a.id: EXAMPLE_EVENTS.get(a.id[:3], "flood") for a in runs["together"].articles}
    with_meta = _pair_f1(runs["together"], gold)
    without = _pair_f1(stripped, {a.id: EXAMPLE_EVENTS.get(a.id[:3], "flood") for a in stripped.articles})
    assert without >= with_meta - 0.05, (with_meta, without)
    assert with_meta >= 0.8
