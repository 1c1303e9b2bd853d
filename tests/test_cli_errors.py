"""Unusable input and arguments: one-line error naming the problem, exit 2, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize("make", ["missing", "empty_dir", "binary"])
def test_unusable_input_exits_2(tmp_path, make):
    if make == "missing":
        target = tmp_path / "nope"
    elif make == "empty_dir":
        target = tmp_path / "empty"
        target.mkdir()
    else:
        target = tmp_path / "image.txt"
        target.write_bytes(bytes(range(256)) * 20)
    r = run_cli("report", str(target), "-o", str(tmp_path / "out"))
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert target.name in lines[0]
    assert not (tmp_path / "out").exists()


def test_bad_config_exits_2(tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("align:\n  threshold: 7\n")
    r = run_cli("report", "examples", "-o", str(tmp_path / "out"), "--config", str(cfg))
    assert r.returncode == 2
    assert "bad.yaml" in r.stderr and "align.threshold" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "args, named",
    [
        (["report", "examples", "--frobnicate"], "--frobnicate"),
        (["report"], "PATH"),
        (["ci", "examples", "--fail-on", "severe"], "--fail-on"),
        (["frobnicate"], "frobnicate"),
        (["ci", "examples", "--update-baseline"], "--baseline"),
        (["ci", "examples", "--baseline", "b.json", "--prune"], "--update-baseline"),
    ],
)
def test_argument_errors_are_one_line_exit_2(tmp_path, args, named):
    r = run_cli(*args)
    assert r.returncode == 2, r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and named in lines[0], r.stderr
    assert "╭" not in r.stderr and "Traceback" not in r.stderr and not r.stdout


def test_output_directory_is_checked_before_the_run(tmp_path):
    existing = tmp_path / "report.html"
    existing.write_text("not a directory")
    for args in (["report", "examples", "-o", str(existing)], ["ci", "examples", "-o", str(existing / "sub")]):
        r = run_cli(*args)
        assert r.returncode == 2, r.stderr
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        assert len(lines) == 1 and lines[0].startswith("error:") and "report.html" in lines[0], r.stderr
    assert existing.read_text() == "not a directory"


@pytest.mark.parametrize("command", ["", "report", "ci", "train-nli", "eval-nli", "config"])
def test_help_shows_no_python_types(command):
    r = run_cli(*([command] if command else []), "--help")
    assert r.returncode == 0 and "Usage: " in r.stdout
    for internal in ("<bool>", "<path>", "<int>", "<float>", "list[", "<str>", "{"):
        assert internal not in r.stdout, (command, internal)
    assert "╭" not in r.stdout


def test_missing_nli_model_says_how_to_get_it(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("models:\n  nli: some-org/not-here\n")
    r = run_cli("report", "examples", "-o", str(tmp_path / "out"), "--config", str(cfg))
    assert r.returncode == 2
    assert "train-nli" in r.stderr and "allow_download" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "args, named",
    [
        (["--train-set", "anli-r1"], "anli-r1"),  # a test-role set is refused for training
        (["--dev-set", "mnli-m-heldout"], "mnli-m-heldout"),  # and for checkpoint selection
        (["--base-model", "no/such/dir"], "no/such/dir"),
    ],
)
def test_train_nli_refuses_bad_sets_and_models(tmp_path, args, named):
    r = run_cli("train-nli", "-o", str(tmp_path / "m"), *args)
    assert r.returncode == 2, r.stderr
    assert named in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "m").exists()
