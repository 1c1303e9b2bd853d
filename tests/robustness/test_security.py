"""Scraped text is untrusted: escaped in reports, never executed; models load safely and offline."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import ROOT as REPO_ROOT

from checker.pipeline import run
from checker.report import write_report
from checker.state import Context

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAYLOADS = [
    "<script>document.body.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','onerror')\">",
    "<svg onload=\"document.body.setAttribute('data-pwned','svg')\"></svg>",
    "\"><script>document.body.setAttribute('data-pwned','attr')</script>",
]


def hostile_scrapes(d: Path) -> None:
    """Two outlets whose titles, sources, URLs and sentences carry script payloads."""
    evil = " ".join(PAYLOADS)
    wire = (EXAMPLES / "001_3877e1f728c2cca9.txt").read_text(encoding="utf-8")
    rewrite = (EXAMPLES / "000_4037480cee9d379b.txt").read_text(encoding="utf-8")
    rewrite = rewrite.replace("Moon’s office said that North Korea’s", f"Moon’s office said that {evil} North Korea’s")
    wire = wire.replace("Kishida said North Korea’s", f"Kishida said {evil} North Korea’s")
    for name, body, src in (("a.md", wire, f"Wire {PAYLOADS[0]}"), ("b.md", rewrite, f"../../escape {PAYLOADS[1]}")):
        meta = {"title": PAYLOADS[2], "source": src, "url": "javascript:document.body.setAttribute('data-pwned','url')"}
        (d / name).write_text(f"---\n{yaml.safe_dump(meta)}---\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory, cfg, models):
    d = tmp_path_factory.mktemp("hostile")
    hostile_scrapes(d)
    out = tmp_path_factory.mktemp("hostile_out") / "report"
    result = run([d], Context(cfg, models))
    write_report(result, out)
    return out, result


def test_payloads_are_escaped_in_html_and_markdown(hostile_report):
    out, result = hostile_report
    assert any(PAYLOADS[0] in a.source for a in result.articles)  # the payloads reached the report
    assert any("<script>" in f.pair.a.text + f.pair.b.text for f in result.findings)
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    for text in (html, md):
        assert "<script>document" not in text and "<img src=x" not in text and "<svg onload" not in text
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "Content-Security-Policy" in html


def test_source_names_cannot_write_outside_the_output_dir(hostile_report):
    out, result = hostile_report
    assert any(a.source.startswith("../../escape") for a in result.articles)
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "findings.json", "report.html", "report.md"]
    assert not list(out.parent.parent.glob("escape*"))


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium not installed (apt-get install chromium)")
def test_no_script_runs_in_headless_chromium(hostile_report, tmp_path):
    out, _ = hostile_report
    html = out / "report.html"
    # the same page without its Content-Security-Policy, so escaping alone must stop the payloads
    bare = tmp_path / "bare.html"
    bare.write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    control = tmp_path / "control.html"
    control.write_text("<html><body><p>x</p>" + PAYLOADS[0] + "</body></html>")
    doms = {}
    for page in (html, bare, control):
        r = subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / ('prof-' + page.stem)}",
                "--virtual-time-budget=2000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr[-2000:]
        doms[page.stem] = r.stdout
    assert 'data-pwned="script"' in doms["control"]  # the check can see a script that runs
    for name in ("report", "bare"):
        assert "<body" in doms[name]
        assert re.search(r"<body[^>]*data-pwned", doms[name]) is None, name
        assert "Moon’s office" in doms[name]


def test_no_unsafe_loading_in_the_package():
    src = "\n".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "checker").rglob("*.py"))
    assert "import pickle" not in src and "pickle.load" not in src
    assert "trust_remote_code=True" not in src
    for m in re.finditer(r"torch\.load\(([^)]*)\)", src):
        assert "weights_only=True" in m.group(1)
    assert re.search(r"\beval\(|\bexec\(", src) is None


def test_runs_with_network_blocked(monkeypatch, cfg, tmp_path):
    from checker.state import Models

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    models = Models(cfg)
    shutil.copy(EXAMPLES / "000_4037480cee9d379b.txt", tmp_path)
    shutil.copy(EXAMPLES / "001_3877e1f728c2cca9.txt", tmp_path)
    result = run([tmp_path], Context(cfg, models))
    assert result.findings
