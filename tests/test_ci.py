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


def test_ci_scenario(scrapes, tmp_path):
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


def test_missing_baseline_is_a_clear_error(tmp_path):
    r = ci(EXAMPLES, "--baseline", tmp_path / "nope.json")
    assert r.returncode == 2
    assert "nope.json" in r.stderr and "--update-baseline" in r.stderr and "Traceback" not in r.stderr


def test_fail_on_levels():
    from helpers import judged, sentence

    from checker.ci import judge_against
    from checker.findings import pair_findings
    from checker.rules import RuleContext

    j = judged(
        sentence("The bridge will close on Monday.", "x"), sentence("The bridge will open on Monday.", "y"), 0.9, 0.7
    )
    fs = pair_findings(j, RuleContext())
    assert [f.severity for f in fs] == ["medium"]
    assert judge_against(fs, {}, "high").failing == []
    assert judge_against(fs, {}, "medium").failing == fs
    assert judge_against(fs, {fs[0].id: "reviewed"}, "low").failing == []
