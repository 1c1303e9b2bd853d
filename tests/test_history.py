"""Run history: one transaction a run, the history table and plot, bad files refused untouched, a three-day run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from checker import history as H
from checker.api import load_history


def cli(*args, timeout=600):
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def row(fid: str, severity: str = "high", kind: str = "number", verdict: str | None = None) -> H.FindingRow:
    return H.FindingRow(fid, "p" + fid, kind, severity, 0.9, 0.8, 0.2, "E1", "a", "b", verdict)


def run(started: str, *rows: H.FindingRow) -> H.RunRecord:
    return H.RunRecord(started, "test", "i", "c", "m", 3, list(rows))


def test_runs_table_new_open_gone_and_days(tmp_path):
    path = tmp_path / "h.sqlite"
    H.record(path, run("2026-01-01T08:00:00+00:00", row("x"), row("y", "low")))
    H.record(path, run("2026-01-02T08:00:00+00:00", row("x", verdict="confirmed"), row("z", "medium")))
    H.record(path, run("2026-01-02T20:00:00+00:00", row("x", verdict="confirmed"), row("y", verdict="false_alarm")))
    rows = H.table(path, "run")
    assert [(r.findings, r.new, r.open, r.gone) for r in rows] == [(2, 2, 0, 0), (2, 1, 1, 1), (2, 1, 1, 1)]
    assert (rows[0].high, rows[0].low, rows[1].medium, rows[2].high) == (1, 1, 1, 2)
    assert (rows[2].confirmed, rows[2].false_alarm) == (1, 1)
    days = H.table(path, "day")
    assert [(d.label, d.runs, d.new, d.open, d.gone) for d in days] == [
        ("2026-01-01", 1, 2, 0, 0),
        ("2026-01-02", 2, 0, 2, 0),  # a day is its last run, against the day before's last run
    ]
    hist = load_history(path)
    assert list(hist.runs.id) == [1, 2, 3] and hist.runs.severity_high.tolist() == [1, 1, 2]
    assert len(hist.findings) == 6 and set(hist.findings.verdict.dropna()) == {"confirmed", "false_alarm"}
    assert hist.table.new.tolist() == [2, 1, 1]
    assert H.latest_verdicts(path)["y"].verdict == "false_alarm"

    png = tmp_path / "plot.png"
    r = cli("history", path, "--plot", png, "--by", "day")
    assert r.returncode == 0, r.stderr
    assert "2026-01-02" in r.stdout and "false alarm" in r.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _truncated(tmp_path: Path) -> Path:
    path = tmp_path / "t.sqlite"
    H.record(path, run("2026-01-01T08:00:00+00:00", *[row(f"f{i}") for i in range(400)]))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _foreign(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE photos (id INTEGER, name TEXT)")
        con.execute("INSERT INTO photos VALUES (1, 'x')")
    con.close()
    return path


def _newer(tmp_path: Path) -> Path:
    path = tmp_path / "v9.sqlite"
    H.record(path, run("2026-01-01T08:00:00+00:00", row("x")))
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value = 'checker.history/9' WHERE key = 'schema'")
    con.close()
    return path


BAD = {
    "garbage": lambda d: (d / "g.sqlite", (d / "g.sqlite").write_bytes(os.urandom(3000)))[0],
    "empty": lambda d: (d / "e.sqlite", (d / "e.sqlite").write_bytes(b""))[0],
    "json": lambda d: (d / "j.sqlite", (d / "j.sqlite").write_text(json.dumps({"schema": "checker.baseline/1"})))[0],
    "truncated": _truncated,
    "foreign": _foreign,
    "other schema": _newer,
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(BAD))
def test_bad_history_is_exit_2_one_line_and_untouched(kind, tmp_path):
    path = BAD[kind](tmp_path)
    before = path.read_bytes()
    r = cli("history", path, timeout=120)
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), r.stderr
    assert "Traceback" not in r.stderr
    out = tmp_path / "report"
    r = cli("report", EXAMPLES, "-o", out, "--history", path, timeout=120)  # refused before any work
    assert r.returncode == 2 and r.stderr.startswith(f"error: {path}: "), r.stderr
    assert not out.exists()
    assert path.read_bytes() == before


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from checker import history as H

    path, marker = Path(sys.argv[1]), Path(sys.argv[2])

    def rows():
        for i in range(100000):
            if i == 500:
                marker.write_text("inside")  # half the run's findings are written, the transaction is open
                time.sleep(60)
            yield H.FindingRow(f"k{i}", "p", "number", "high", 0.9, 0.8, 0.1, "E1", "a", "b")

    H.record(path, H.RunRecord(H.now(), "killed", "i", "c", "m", 3, rows()))
    """
)


def test_kill_9_inside_the_transaction_leaves_no_partial_run(tmp_path):
    path = tmp_path / "h.sqlite"
    H.record(path, run("2026-01-01T08:00:00+00:00", row("x"), row("y")))
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path), str(marker)], env=env)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, "the writer ended early"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert Path(f"{path}-journal").exists()  # the run's rows are on disk, uncommitted
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    H.check(path)
    runs, found = H.load_runs(path)
    assert [r["command"] for r in runs] == ["test"] and len(found[runs[0]["id"]]) == 2
    H.record(path, run("2026-01-02T08:00:00+00:00", row("x")))  # and the next run records as usual
    assert len(H.load_runs(path)[0]) == 2


@pytest.mark.slow
def test_three_days_with_reviews_and_a_killed_run(tmp_path, warm):
    scrapes = tmp_path / "scrapes"
    scrapes.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, scrapes / f.name)
    hist, base = tmp_path / "history.sqlite", tmp_path / "baseline.json"

    # day 1: a run, then a reviewer accepts the findings and gives two of them verdicts
    r = cli("ci", scrapes, "--baseline", base, "--history", hist)
    assert r.returncode == 1 and "run 1 recorded" in r.stderr, r.stderr
    assert cli("ci", scrapes, "--baseline", base, "--update-baseline").returncode == 0
    doc = json.loads(base.read_text())
    high = next(e for e in doc["accepted"] if e["severity"] == "high")
    low = next(e for e in doc["accepted"] if e["severity"] == "low")
    high.update(verdict="confirmed", reason="Moon's office said it, not Kishida")
    low.update(verdict="false_alarm", reason="two parts of one story")
    base.write_text(json.dumps(doc))

    # day 2: a new article (a garbled copy) and a changed one; the verdicts carry over by finding id
    wire = (scrapes / "001_3877e1f728c2cca9.txt").read_text(encoding="utf-8")
    (scrapes / "005_copy.txt").write_text(wire.replace("35-minute", "53-minute"), encoding="utf-8")
    warm(scrapes)  # the copy's scores in the session's cache (the killed run below has a cold cache of its own)
    r = cli("ci", scrapes, "--baseline", base, "--history", hist)
    assert r.returncode == 1 and "run 2 recorded" in r.stderr, r.stderr  # the 53-minute copy is new and high

    # a run killed with SIGKILL in the middle (an empty cache, so it is still computing)
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "ci", scrapes, "--baseline", base, "--history", hist],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CHECKER_CACHE_DIR": str(tmp_path / "cold-cache")},
    )
    time.sleep(6)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    # day 3: the copy is gone again
    (scrapes / "005_copy.txt").unlink()
    r = cli("ci", scrapes, "--baseline", base, "--history", hist, "-o", tmp_path / "day3")
    assert r.returncode == 0, r.stdout + r.stderr
    html = (tmp_path / "day3" / "report.html").read_text()
    assert "<h2>History</h2>" in html and 'src="data:image/png;base64,iVBORw0KGgo' in html  # the plot, inline

    runs, found = H.load_runs(hist)
    assert len(runs) == 3  # every completed run, no partial one
    assert all(r["findings"] == len(found[r["id"]]) for r in runs)
    day1, day2, day3 = (found[r["id"]] for r in runs)
    assert runs[0]["inputs_digest"] != runs[1]["inputs_digest"] and runs[0]["config_digest"] == runs[1]["config_digest"]
    assert all(f.verdict is None for f in day1)  # no verdicts known on day 1
    v2 = {f.id: f.verdict for f in day2}
    assert v2[high["id"]] == "confirmed" and v2[low["id"]] == "false_alarm"
    assert {f.id for f in day3} == {f.id for f in day1}
    rows = H.table(hist)
    assert rows[1].new >= 1 and rows[2].gone == rows[1].new and rows[2].new == 0
    assert (rows[1].confirmed, rows[1].false_alarm) == (1, 1)
    r = cli("history", hist)
    assert r.returncode == 0 and "3 runs" in r.stdout
