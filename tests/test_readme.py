"""The README says what the code does: settings table, stage order, DataFrame columns."""

from __future__ import annotations

import re

from helpers import ROOT

import checker.rules  # noqa: F401  (every kind registers its config section)
from checker.config import SECTIONS, markdown_table
from checker.pipeline import STAGES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _between(tag: str) -> str:
    m = re.search(rf"<!-- {tag}:start -->\n(.*?)\n<!-- {tag}:end -->", README, re.S)
    assert m, tag
    return m.group(1).strip()


def _section(row: str) -> str:
    """``findings.place`` for a row of ``findings.place.near_chars``; the setting's own name for a core row."""
    name = row.split("`")[1]
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "findings" and f"findings.{parts[1]}" in _KIND_SECTIONS else name


_KIND_SECTIONS = {f"findings.{name}" for name in SECTIONS}


def test_settings_table_is_generated_from_config():
    """Every row the README shows is the generated one, in the generated order; every core setting is there, and
    every finding-kind section the README shows is whole. A kind a new rule module adds need not be written here
    (``checker config --markdown`` prints it), so adding a kind touches only its module and its test."""
    shown = _between("config-table").splitlines()
    generated = markdown_table().splitlines()
    assert shown[:2] == generated[:2]
    assert [r for r in generated if r in shown] == shown, [r for r in shown if r not in generated]
    kind_rows = [r for r in generated[2:] if _section(r) in _KIND_SECTIONS]
    missing_core = [r for r in generated[2:] if r not in kind_rows and r not in shown]
    assert not missing_core, missing_core
    shown_sections = {_section(r) for r in shown[2:]} & _KIND_SECTIONS
    partial = [r for r in kind_rows if _section(r) in shown_sections and r not in shown]
    assert not partial, partial
    assert shown_sections, "the README shows no finding kind's settings"


def test_a_registered_kind_the_readme_leaves_out_is_still_documented_by_the_cli():
    """What the README leaves to ``checker config --markdown``: every registered kind's rows are in the generated
    table that ``checker config --markdown`` prints."""
    from typer.testing import CliRunner

    from checker.cli import app

    printed = CliRunner().invoke(app, ["config", "--markdown"]).output
    for name, model in SECTIONS.items():
        for field in model.model_fields:
            assert f"| `findings.{name}.{field}` |" in printed, (name, field)


def test_stage_line_matches_the_pipeline():
    assert re.findall(r"`(\w+)`", _between("stages")) == [s.__name__ for s in STAGES]


def test_dataframe_columns_named_in_the_readme_exist(demo):
    from checker.api import to_frames

    articles, pairs, findings = to_frames(demo)
    for frame, label in (
        (findings, "`result.findings` has the columns"),
        (pairs, "`result.pairs` has"),
        (articles, "`result.articles` has"),
    ):
        start = README.index(label)
        text = README[
            start : README.index(";", start) if label != "`result.articles` has" else README.index(".\n", start)
        ]
        names = [n for n in re.findall(r"`(\w+)`", text) if n not in ("result",)]
        assert names and set(names) <= set(frame.columns), (label, set(names) - set(frame.columns))


def test_readme_ci_commands_work_on_a_first_run(tmp_path):
    """The README's CI commands, run as written in a fresh checkout: the first run never fails for want of a file."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    section = README[README.index("### CI over new scrapes") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block
    commands = [line.split() for line in block.group(1).splitlines() if line.startswith("checker ci ")]
    assert len(commands) == 2 and "--update-baseline" in commands[1]
    shutil.copytree(ROOT / "examples", tmp_path / "scrapes")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(argv):
        return subprocess.run(
            [sys.executable, "-m", "checker.cli", *argv[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )

    gate, accept = commands
    r = run(gate)  # first run: the baseline is created empty, findings are new
    assert r.returncode in (0, 1), r.stderr
    assert "created it empty" in r.stderr and "Traceback" not in r.stderr
    assert (tmp_path / "reports" / "junit.xml").is_file()
    r = run(accept)
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "reports" / "baseline.json").read_text())["accepted"]
    r = run(gate)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No new findings" in r.stdout
