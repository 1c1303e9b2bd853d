"""The README says what the code does: settings table, stage order, DataFrame columns."""

from __future__ import annotations

import re

from helpers import ROOT

from checker.config import markdown_table
from checker.pipeline import STAGES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _between(tag: str) -> str:
    m = re.search(rf"<!-- {tag}:start -->\n(.*?)\n<!-- {tag}:end -->", README, re.S)
    assert m, tag
    return m.group(1).strip()


def test_settings_table_is_generated_from_config():
    assert _between("config-table") == markdown_table()


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
