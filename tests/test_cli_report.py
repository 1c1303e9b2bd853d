"""`checker report` end to end, as a user runs it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import EXAMPLES


def test_report_command_writes_four_files_and_a_summary(tmp_path):
    out = tmp_path / "demo"
    r = subprocess.run(
        [sys.executable, "-m", "checker.cli", "report", str(EXAMPLES), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "findings.json", "report.html", "report.md"]
    assert re.fullmatch(
        r"5 articles, \d+ sentences kept, \d+ candidate pairs, \d+ NLI pairs scored, \d+ findings, "
        r"[\d.]+ s",
        r.stdout.strip(),
    )
    assert "Traceback" not in r.stderr
    doc = json.loads((out / "findings.json").read_text())
    assert doc["schema"] == "checker.findings/1" and doc["findings"]


@pytest.mark.parametrize("command", ["report", "ci", "train-nli", "eval-nli"])
def test_every_command_documents_itself(command):
    r = subprocess.run(
        [sys.executable, "-m", "checker.cli", command, "--help"], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0 and "Usage" in r.stdout
