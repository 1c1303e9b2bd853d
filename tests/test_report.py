"""Report files: schema, order, stable ids, and escaping of scraped text."""

from __future__ import annotations

import csv
import json

from checker.findings import finding_id, pair_findings
from checker.config import FindingsConfig
from checker.pipeline import RunResult
from checker.records import Article, Pair, RunStats, Sentence
from checker.report import write_report


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


def _hostile_result() -> RunResult:
    evil = '<script>alert("x")</script><img src=x onerror="alert(1)">'
    arts = [Article(id=f"a{i}", source=f"{evil}{i}", path=f"p{i}", text="t", title=evil, url="javascript:alert(1)",
                    clean="c", event="E1") for i in (1, 2)]
    sa = Sentence("a1", arts[0].source, 0, f"The mayor said {evil} the bridge will close.", 0, 10)
    sb = Sentence("a2", arts[1].source, 0, f"The mayor said {evil} the bridge will open.", 0, 10)
    p = Pair(sa, sb, 0.9, "E1", {"entailment": 0.01, "neutral": 0.01, "contradiction": 0.98},
             {"entailment": 0.01, "neutral": 0.01, "contradiction": 0.98})
    fs = pair_findings(p, FindingsConfig())
    return RunResult(arts, {"a1": [sa], "a2": [sb]}, [p], fs, RunStats(articles=2, findings=len(fs)))


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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.csv", "findings.json", "report.html",
                                                           "report.md"]
