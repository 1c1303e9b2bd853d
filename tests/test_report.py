"""Report files: schema, order, stable ids, and escaping of scraped text."""

from __future__ import annotations

import csv
import json

from helpers import article, judged

from checker.findings import pair_findings
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
    assert {"id", "kind", "severity", "score", "event", "a", "b", "nli", "explanation"} <= set(f)
    assert {"article", "source", "sentence", "start", "end"} <= set(f["a"])
    assert set(f["nli"]) == {"entailment", "neutral", "contradiction"}
    assert len(doc["findings"]) == len(demo.findings)
    rows = list(csv.DictReader((demo_report / "findings.csv").open(encoding="utf-8")))
    assert [r["id"] for r in rows] == [x["id"] for x in doc["findings"]]


def test_finding_ids_are_stable_and_order_free():
    assert finding_id("quote", "a b", "c d") == finding_id("quote", "c d", "a b")
    assert finding_id("quote", "a b", "c d") != finding_id("number", "a b", "c d")
    assert len(finding_id("quote", "x", "y")) == 12


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
