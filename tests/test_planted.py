"""Four invented reports of one flood: five planted problems and one faithful paraphrase (tests/data/planted)."""

from __future__ import annotations

import pytest
from helpers import ROOT

PLANTED = [  # (words on one side, words on the other): each must be reported at medium or high
    ("Police chief Tom Reyes", "Mayor Ann Holt said the bridge would stay closed"),  # speaker swap
    ("at least six weeks", "at least two weeks"),  # a number changed
    ("About 12,000 residents", "About 1,200 residents"),  # tenfold, whatever the hedge
    ("was divided over opening", "agreed to open"),  # polarity
    ("rose by 5 meters", "rose by 3 meters"),  # a number changed
    ("inspect the structure on Thursday", "inspect the structure on Friday"),  # a date moved
]


@pytest.fixture(scope="module")
def planted(cfg, models):
    from checker.pipeline import run
    from checker.state import Context

    return run([ROOT / "tests/data/planted"], Context(cfg, models))


def _involves(f, x, y):
    a, b = f.pair.a.text, f.pair.b.text
    return (x in a and y in b) or (x in b and y in a)


@pytest.mark.parametrize("x,y", PLANTED)
def test_every_planted_problem_is_found(planted, x, y):
    hits = [f for f in planted.findings if _involves(f, x, y) and f.severity in ("high", "medium")]
    assert hits, [(f.kind, f.severity, f.pair.a.text[:50], f.pair.b.text[:50]) for f in planted.findings]


def test_the_faithful_paraphrase_is_never_rated_high(planted):
    sources = {a.id: a.source for a in planted.articles}
    for f in planted.findings:
        pair = {sources[f.pair.a.article.id], sources[f.pair.b.article.id]}
        if pair == {"Daily Courier", "gazette"}:
            assert f.severity != "high", (f.kind, f.explanation)


def test_all_four_reports_are_one_event(planted):
    assert len(planted.events) == 1
