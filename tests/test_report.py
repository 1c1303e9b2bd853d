"""Report files: schema, order, stable ids, and escaping of scraped text."""

from __future__ import annotations

import csv
import json

from helpers import article, judged

from checker.findings import find, pair_findings
from checker.records import Event, RunStats, finding_id
from checker.report import write_report
from checker.rules import RuleContext
from checker.state import State


def test_demo_report_files_and_schema(demo_report, demo):
    for name in ("report.html", "report.md", "findings.json", "findings.csv"):
        assert (demo_report / name).stat().st_size > 0
    doc = json.loads((demo_report / "findings.json").read_text())
    assert doc["schema"] == "checker.findings/1"
    assert {"id", "source", "path", "title", "published", "event"} <= set(doc["articles"][0])
    f = doc["findings"][0]
    assert {"id", "pair", "kind", "severity", "score", "event", "a", "b", "nli", "explanation"} <= set(f)
    assert {"article", "source", "sentence", "start", "end"} <= set(f["a"])
    assert set(f["nli"]) == {"entailment", "neutral", "contradiction"}
    assert len(doc["findings"]) == len(demo.findings)
    rows = list(csv.DictReader((demo_report / "findings.csv").open(encoding="utf-8")))
    assert [r["id"] for r in rows] == [x["id"] for x in doc["findings"]]
    assert len({x["id"] for x in doc["findings"]}) == len(doc["findings"])  # unique
    html = (demo_report / "report.html").read_text()
    pairs = {x["pair"] for x in doc["findings"]}
    assert html.count('<article class="card ') == len(pairs)  # one card per sentence pair
    assert f"{len(doc['findings'])} findings on {len(pairs)} sentence pairs" in html
    for x in doc["findings"]:
        assert html.count(f'id="f-{x["id"]}"') == 1 and html.count(f'id="p-{x["pair"]}"') == 1
    assert "Most serious" in html and "How to read this report" in html and "never compared" in html


def test_finding_ids_are_stable_and_order_free():
    assert finding_id("quote", "a b", "c d") == finding_id("quote", "c d", "a b")
    assert finding_id("quote", "a b", "c d") != finding_id("number", "a b", "c d")
    assert len(finding_id("quote", "x", "y")) == 12
    # with the articles: order-free as a whole, and the same sentences from other articles differ
    assert finding_id("quote", "a b", "c d", "x1", "y1") == finding_id("quote", "c d", "a b", "y1", "x1")
    assert finding_id("quote", "a b", "c d", "x1", "y1") != finding_id("quote", "a b", "c d", "x2", "y1")
    assert finding_id("quote", "a b", "c d", "x1", "y1") == "b0ff5e1c90f6"  # stable across runs and versions


def _three_outlets() -> State:
    """Courier and Post agree; Metro changes the number and the speaker. One event, plus an unrelated outlet."""
    a1 = article(
        "courier",
        "Daily Courier",
        "Mayor Ann Holt said 300 residents were evacuated on Tuesday.",
        title="Flood in Riverside",
        published="2026-03-03",
    )
    a2 = article(
        "post", "Valley Post", "Mayor Ann Holt said 300 residents were evacuated on Tuesday.", published="2026-03-03"
    )
    a3 = article(
        "metro",
        "Metro News",
        "Police chief Tom Reyes said 3,000 residents were evacuated on Tuesday.",
        published="2026-03-03",
    )
    a4 = article("sport", "Sport Daily", "The home team won the cup final on Sunday evening.")
    js = [judged(a1.sentences[0], a3.sentences[0], 0.9, 0.97), judged(a1.sentences[0], a2.sentences[0], 0.99, 0.01)]
    fs = find(js, RuleContext())
    return State(
        articles=(a1, a2, a3, a4),
        events=(Event("E1", ("courier", "post", "metro"), ("courier ~ metro: content 0.91",)), Event("E2", ("sport",))),
        pairs=tuple(j.pair for j in js),
        judged=tuple(js),
        findings=tuple(fs),
        stats=RunStats(articles=4, findings=len(fs)),
    )


def test_one_card_per_pair_and_heat_map_of_pairs(tmp_path):
    from checker.report.view import cards, heatmap

    state = _three_outlets()
    kinds = {f.kind.value for f in state.findings}
    assert len(state.findings) >= 2 and len({f.pair_id for f in state.findings}) == 1, kinds
    cs = cards(state.findings)
    assert len(cs) == 1 and set(cs[0].kinds) == kinds
    assert cs[0].severity.value == min((f.severity for f in state.findings), key=lambda s: s.rank).value
    heat = heatmap(state, cs)
    idx = {s: i for i, s in enumerate(heat.sources)}
    assert heat.grid[idx["Daily Courier"]][idx["Metro News"]] == 1  # one pair, however many kinds
    assert heat.grid[idx["Daily Courier"]][idx["Valley Post"]] == 0  # compared, no finding
    assert heat.grid[idx["Sport Daily"]][idx["Daily Courier"]] is None  # never compared
    write_report(state, tmp_path)
    html = (tmp_path / "report.html").read_text()
    assert html.count('<article class="card ') == 1
    for name in ("Daily Courier", "Metro News", "Valley Post", "Flood in Riverside", "2026-03-03", "content 0.91"):
        assert name in html
    assert 'title="never compared"' in html
    assert '<mark class="ev">3,000</mark>' in html or '<mark class="ev diff">3,000</mark>' in html  # a span
    md = (tmp_path / "report.md").read_text()
    assert f"{len(state.findings)} findings" in md and "on 1 sentence pairs" in md


def _hostile_result() -> State:
    evil = '<script>alert("x")</script><img src=x onerror="alert(1)">'
    a1 = article(
        "a1", f"{evil}1", f"The mayor said {evil} the bridge will close.", title=evil, url="javascript:alert(1)"
    )
    a2 = article(
        "a2", f"{evil}2", f"The mayor said {evil} the bridge will open.", title=evil, url="javascript:alert(1)"
    )
    j = judged(a1.sentences[0], a2.sentences[0], 0.9, 0.98)
    fs = pair_findings(j, RuleContext())
    return State(
        articles=(a1, a2),
        events=(Event("E1", ("a1", "a2")),),
        pairs=(j.pair,),
        judged=(j,),
        findings=tuple(fs),
        stats=RunStats(articles=2, findings=len(fs)),
    )


def test_scraped_text_is_escaped(tmp_path):
    write_report(_hostile_result(), tmp_path)
    html = (tmp_path / "report.html").read_text()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    md = (tmp_path / "report.md").read_text()
    assert "<script>" not in md and "<img" not in md


def test_rewrite_replaces_previous_report(tmp_path):
    res = _hostile_result()
    write_report(res, tmp_path)
    write_report(res, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.csv", "findings.json", "report.html", "report.md"]


def test_card_maps_evidence_of_a_merged_side():
    """Two kinds on one unit, one found on a merged (two-sentence) side: one card showing both pieces of evidence."""
    from checker.records import Finding, Judged, Kind, Merged, NLIScores, Pair, Severity, Span
    from checker.report.view import cards

    a = article("a", "Wire", "The mayor spoke on Friday.", "She said 300 homes were flooded.")
    b = article("b", "Daily", "The mayor said on Thursday that 3,000 homes were flooded.")
    unit = Pair(a.sentences[0], b.sentences[0], 0.8, "E1")
    merged = Pair(Merged(a.sentences[0], a.sentences[1]), b.sentences[0], 0.9, "E1", via="merge", base=unit)
    s = NLIScores(0.1, 0.1, 0.8)
    date = Finding(Kind("date"), Severity.HIGH, 1.0, Judged(unit, s, s), "Friday vs Thursday", (Span(19, 25),), ())
    number = Finding(
        Kind("number"), Severity.HIGH, 1.0, Judged(merged, s, s), "300 vs 3,000", (Span(36, 39),), (Span(32, 37),)
    )
    assert date.pair_id == number.pair_id
    (card,) = cards([date, number])
    assert card.a.text == "The mayor spoke on Friday. She said 300 homes were flooded."
    assert set(card.a_evidence) == {"Friday", "300"} and card.b_evidence == ["3,000"]
