"""Faults: an interrupted report leaves the previous one whole; the cache survives kill -9."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.report import write as write_mod
from checker.report import write_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


def test_interrupted_write_keeps_previous_report(demo, tmp_path, monkeypatch):
    write_report(demo, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def crash(result):
        raise KeyboardInterrupt("killed while rendering")

    monkeypatch.setattr(write_mod, "render_html", crash)
    with pytest.raises(KeyboardInterrupt):
        write_report(demo, tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # same files, same bytes, no temporary leftovers


def _stable(doc: dict) -> dict:
    return {"articles": doc["articles"], "findings": doc["findings"]}


def _scrapes(d: Path) -> None:
    shutil.copytree(EXAMPLES, d)
    rows = [
        json.loads(line)
        for line in (SHARED / "data/nli/xsumfaith/xsumfaith_factuality_with_docs.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    # six documents: enough for the run to be killed mid-way; the test runs them cold twice, so each one costs
    docs = list(dict.fromkeys(r["document"] for r in rows))[:6]
    with (d / "bbc.jsonl").open("w", encoding="utf-8") as fh:
        for i, doc in enumerate(docs):
            fh.write(json.dumps({"id": f"bbc{i}", "source": f"bbc{i % 3}", "text": doc}) + "\n")


@pytest.mark.skipif(not (SHARED / "data/nli/xsumfaith").is_dir(), reason="../shared/data not present")
def test_cache_survives_kill_9(tmp_path, warm_cache):
    scrapes = tmp_path / "scrapes"
    _scrapes(scrapes)
    cache_dir = tmp_path / "cache"
    env = {**os.environ, "CHECKER_CACHE_DIR": str(cache_dir)}
    cmd = [sys.executable, "-m", "checker.cli", "report", str(scrapes), "-o", str(tmp_path / "killed")]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    db = cache_dir / "cache.sqlite"
    deadline = time.time() + 300
    rows = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    rows = conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
            except sqlite3.Error:
                continue
            if rows:
                break
    killed_mid_run = proc.poll() is None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert killed_mid_run and rows > 0, "the run ended before it could be killed"
    assert not (tmp_path / "killed" / "findings.json").exists()

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rerun = subprocess.run(cmd[:-1] + [str(tmp_path / "rerun")], env=env, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    # the reference run reads the session's cache, which the kill never touched (the examples' scores are there
    # already: only the BBC documents are scored again)
    clean_env = {**os.environ, "CHECKER_CACHE_DIR": str(warm_cache)}
    clean = subprocess.run(
        cmd[:-1] + [str(tmp_path / "clean")], env=clean_env, capture_output=True, text=True, timeout=900
    )
    assert clean.returncode == 0, clean.stderr
    a = json.loads((tmp_path / "rerun" / "findings.json").read_text())
    b = json.loads((tmp_path / "clean" / "findings.json").read_text())
    assert _stable(a) == _stable(b)
