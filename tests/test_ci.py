"""The CI scenario: fail on new findings only, baseline, JUnit XML, step summary."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from conftest import EXAMPLES


def ci(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", "ci", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def scrapes(tmp_path_factory):
    d = tmp_path_factory.mktemp("scrapes")
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, d / f.name)
    return d


def test_ci_scenario(scrapes, tmp_path, warm):
    junit = tmp_path / "junit.xml"
    summary = tmp_path / "summary.md"
    r = ci(scrapes, "--junit", junit, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 1, r.stderr
    assert "failing" in r.stdout and "Traceback" not in r.stderr
    suite = ET.parse(junit).getroot()
    assert suite.tag == "testsuite" and int(suite.get("failures")) >= 1
    assert len(suite.findall("testcase")) == int(suite.get("tests"))
    assert "checker" in summary.read_text()

    baseline = tmp_path / "baseline.json"
    r = ci(scrapes, "--baseline", baseline, "--update-baseline")
    assert r.returncode == 0, r.stderr
    doc = json.loads(baseline.read_text())
    accepted = {row["id"] for row in doc["accepted"]}
    assert accepted

    r = ci(scrapes, "--baseline", baseline, "--junit", junit)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No new findings" in r.stdout
    assert int(ET.parse(junit).getroot().get("failures")) == 0

    wire = (scrapes / "001_3877e1f728c2cca9.txt").read_text(encoding="utf-8")
    assert "35-minute" in wire
    (scrapes / "005_copy.txt").write_text(wire.replace("35-minute", "53-minute"), encoding="utf-8")
    warm(scrapes)  # the new copy's scores in the session's cache: the CI run below loads no model
    r = ci(scrapes, "--baseline", baseline, "--junit", junit)
    assert r.returncode == 1, r.stdout + r.stderr
    suite = ET.parse(junit).getroot()
    failing = [c for c in suite.findall("testcase") if c.find("failure") is not None]
    assert failing
    for case in failing:
        case_id = case.get("name").split()[0]
        assert case_id not in accepted
        assert "005_copy" in case.get("name")
    assert "53-minute" in r.stdout
    new_rows = [l for l in r.stdout.splitlines() if l.startswith("| ❌") or l.startswith("| ⚠️")]
    assert new_rows and all("005\\_copy" in l for l in new_rows)  # Markdown-escaped


def test_missing_baseline_is_created_empty_with_a_note(tmp_path):
    base = tmp_path / "reports" / "nope.json"
    r = ci(EXAMPLES, "--baseline", base)
    assert r.returncode in (0, 1), r.stderr  # never 2 for want of a file
    assert "nope.json" in r.stderr and "created it empty" in r.stderr and "Traceback" not in r.stderr
    assert json.loads(base.read_text()) == {"schema": "checker.baseline/1", "accepted": []}


DAY1 = {
    "courier.txt": ("Daily Courier", "3 meters", "two weeks", "About 1,200", "Friday", "agreed to open"),
    "valleypost.txt": ("Valley Post", "5 meters", "two weeks", "About 1,200", "Thursday", "agreed to open"),
}
DAY2 = {
    "courier.txt": DAY1["courier.txt"],
    "metronews.txt": ("Metro News", "3 meters", "six weeks", "About 12,000", "Friday", "was divided over opening"),
}


def _write_day(d, day):
    d.mkdir()
    for name, (source, rise, weeks, people, weekday, council) in day.items():
        (d / name).write_text(
            f"---\nsource: {source}\ntitle: Flood closes Riverside bridge\npublished: 2026-03-03\n---\n"
            f"The Riverside bridge was closed on Tuesday after the river rose by {rise} overnight.\n"
            f"Mayor Ann Holt said the bridge would stay closed for at least {weeks} while engineers check it.\n"
            f"{people} residents were evacuated from the low-lying eastern district of the town.\n"
            f"Engineers from the state transport agency will inspect the structure on {weekday}, officials said.\n"
            f"The council {council} two emergency shelters in the town's schools.\n",
            encoding="utf-8",
        )
    return d


def test_two_day_ci_keeps_every_review(tmp_path, warm):
    """Day one accepted with reasons; day two's --update-baseline keeps every entry and reason, adds the new."""
    base = tmp_path / "baseline.json"
    day1, day2 = _write_day(tmp_path / "day1", DAY1), _write_day(tmp_path / "day2", DAY2)
    warm(day1)  # the scores in the session's cache: no CI run below loads a model
    warm(day2)
    r = ci(day1, "--baseline", base, "--update-baseline")
    assert r.returncode == 0, r.stderr
    doc = json.loads(base.read_text())
    assert doc["accepted"], "day one should have findings"
    for i, row in enumerate(doc["accepted"]):
        row["reason"] = f"reviewed on day one ({i})"
    base.write_text(json.dumps(doc, indent=2))
    day1_entries = doc["accepted"]

    r = ci(day2, "--baseline", base, "--update-baseline")
    assert r.returncode == 0, r.stderr
    assert "not seen in this run kept" in r.stdout
    after = json.loads(base.read_text())["accepted"]
    assert after[: len(day1_entries)] == day1_entries  # every day-one entry and reason, unchanged
    added = after[len(day1_entries) :]
    assert added and all(row["reason"] == "" for row in added)
    assert any("Metro News" in (row["a_source"], row["b_source"]) for row in added)
    assert len({row["id"] for row in after}) == len(after)
    assert not list(tmp_path.glob(".baseline.json.*"))  # atomic: no temporary file left behind

    r = ci(day2, "--baseline", base)  # the plain run: nothing new, day-one entries reported as not seen
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No new findings" in r.stdout and "not seen in this run" in r.stdout

    r = ci(day2, "--baseline", base, "--update-baseline", "--prune")
    assert r.returncode == 0, r.stderr
    pruned = json.loads(base.read_text())["accepted"]
    removed = len(after) - len(pruned)
    assert removed > 0 and f"{removed} not seen in this run removed" in r.stdout
    assert {row["id"] for row in pruned} == {row["id"] for row in added} | {
        row["id"] for row in day1_entries if row["id"] in {p["id"] for p in pruned}
    }


def test_update_baseline_keeps_entries_and_reasons():
    from checker.ci import judge_against, update_baseline

    fs = _duplicate_findings()
    earlier = [{"id": "gone-away", "reason": "accepted last week", "kind": "quote"}, {"id": fs[0].id, "reason": "ok"}]
    change = update_baseline(earlier, fs)
    ids = [e["id"] for e in change.document["accepted"]]
    assert ids[:2] == ["gone-away", fs[0].id] and change.document["accepted"][0]["reason"] == "accepted last week"
    assert set(ids[2:]) == {f.id for f in fs[1:]} and len(ids) == len(set(ids))
    assert [e["id"] for e in change.unseen] == ["gone-away"] and not change.pruned
    assert "1 not seen in this run kept" in change.message("b.json")
    pruned = update_baseline(earlier, fs, prune=True)
    assert [e["id"] for e in pruned.pruned] == ["gone-away"]
    assert "gone-away" not in [e["id"] for e in pruned.document["accepted"]]
    assert "1 not seen in this run removed" in pruned.message("b.json")
    # a baseline written with the older ids (kind and sentences) still accepts, and hands its reason on
    legacy = [{"id": fs[0].legacy_id, "reason": "old review"}]
    assert judge_against(fs, {fs[0].legacy_id: "old review"}, "low").failing == [
        f for f in fs if f.legacy_id != fs[0].legacy_id
    ]
    moved = update_baseline(legacy, fs)
    assert not moved.unseen
    assert {e["reason"] for e in moved.document["accepted"] if e["id"] == fs[0].id} == {"old review"}


def _duplicate_findings():
    """Two outlets print the identical sentence; a third changes the weekday."""
    from helpers import article, judged

    from checker.findings import find
    from checker.rules import RuleContext

    same = "Engineers from the state transport agency will inspect the bridge on Friday, officials said."
    a1 = article("courier", "Daily Courier", same)
    a2 = article("valleypost", "Valley Post", same)
    a3 = article("metronews", "Metro News", same.replace("Friday", "Thursday"))
    js = [judged(a1.sentences[0], a3.sentences[0], 0.95, 0.9), judged(a2.sentences[0], a3.sentences[0], 0.95, 0.9)]
    return find(js, RuleContext())


def test_identical_sentences_give_unique_ids_and_counts_agree(tmp_path):
    from checker.ci import judge_against
    from checker.records import Event, RunStats
    from checker.report import write_report
    from checker.report.ci import junit_xml, summary_markdown
    from checker.state import State

    fs = _duplicate_findings()
    assert len(fs) >= 2
    ids = [f.id for f in fs]
    assert len(set(ids)) == len(ids)  # the same kind on the same two sentences, but from different articles
    assert len({f.legacy_id for f in fs}) < len(fs)
    assert len({f.pair_id for f in fs}) == 2  # one pair per article pair, every kind on it shares it
    verdict = judge_against(fs, {}, "low")
    suite = ET.fromstring(junit_xml(fs, verdict, "low").split("?>", 1)[1])
    failing = [c for c in suite.findall("testcase") if c.find("failure") is not None]
    assert int(suite.get("failures")) == len(failing) == len(fs)
    md = summary_markdown(fs, verdict, "low", RunStats())
    assert f"{len(fs)} findings on 2 sentence pairs" in md and f"{len(fs)} new at low or above" in md
    assert sum(line.startswith("| ❌") for line in md.splitlines()) == len(fs)
    state = State(
        articles=tuple(
            sorted({id(a): a for f in fs for a in (f.pair.a.article, f.pair.b.article)}.values(), key=lambda a: a.id)
        ),
        events=(Event("E1", ("courier", "metronews", "valleypost")),),
        pairs=tuple(f.pair for f in fs),
        judged=tuple(f.judged for f in fs),
        findings=tuple(fs),
        stats=RunStats(articles=3, findings=len(fs)),
    )
    write_report(state, tmp_path)
    doc = json.loads((tmp_path / "findings.json").read_text())
    assert [r["id"] for r in doc["findings"]] == ids and {r["pair"] for r in doc["findings"]} == {f.pair_id for f in fs}
    html = (tmp_path / "report.html").read_text()
    assert html.count('class="card ') == 2  # one card per sentence pair
    assert f"{len(fs)} findings on 2 sentence pairs" in html
    anchors = [f'id="p-{p}"' for p in {f.pair_id for f in fs}]
    assert all(html.count(a) == 1 for a in anchors)


def test_fail_on_levels():
    from helpers import judged, sentence

    from checker.ci import judge_against
    from checker.findings import pair_findings
    from checker.rules import RuleContext

    j = judged(
        sentence("The bridge will close on Monday.", "x"), sentence("The bridge will open on Monday.", "y"), 0.9, 0.85
    )
    fs = pair_findings(j, RuleContext())
    assert [f.severity for f in fs] == ["medium"]
    assert judge_against(fs, {}, "high").failing == []
    assert judge_against(fs, {}, "medium").failing == fs
    assert judge_against(fs, {fs[0].id: "reviewed"}, "low").failing == []
