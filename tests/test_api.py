"""The notebook API and the shipped notebook."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import EXAMPLES, ROOT

import checker


@pytest.fixture(scope="module")
def result(cfg, models):
    return checker.check(EXAMPLES, cfg, models)


def test_frames_are_plain_pandas(result):
    for df in (result.articles, result.pairs, result.findings):
        assert isinstance(df, pd.DataFrame)
    assert len(result.articles) == 5
    assert {"a_sentence", "b_sentence", "similarity", "ab_contradiction", "ba_entailment", "a_claims"} <= set(
        result.pairs.columns
    )
    assert list(result.findings.columns[:4]) == ["id", "kind", "severity", "score"]


def test_show_renders_pair_with_evidence(result):
    fid = result.findings[result.findings.kind == "attribution"].id.iloc[0]
    view = result.show(fid)
    html = view._repr_html_()
    assert "Moon’s office" in html and '<mark class="ev' in html
    assert "attribution" in repr(view)
    # one card for the pair: the attribution and whatever else was found on the same two sentences
    pair = result.findings[result.findings.id == fid].pair.iloc[0]
    kinds = set(result.findings[result.findings.pair == pair].kind)
    assert all(k in html for k in kinds) and result.show(pair)._repr_html_() == html
    # styles scoped to its own element: nothing page-wide that would restyle the notebook
    assert html.startswith('<div class="checker">')
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    rules = [r.split("{")[0].strip() for r in css.split("}") if "{" in r]
    selectors = [sel.strip() for r in rules for sel in r.split(",") if sel.strip()]
    assert selectors and all(sel.startswith((".checker", "@media")) for sel in selectors), selectors
    with pytest.raises(KeyError):
        result.show("nope")


def test_notebook_runs_top_to_bottom():
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "inspect_pairs.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs must not be committed"
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any("Moon’s office" in str(o.get("data", {}).get("text/html", "")) for o in shown)
    assert any("image/png" in o.get("data", {}) for o in shown), "the heat map is drawn inline"
