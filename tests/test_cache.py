"""The vector/NLI cache: reruns compute only what is new; two writers can share it."""

from __future__ import annotations

import shutil

import numpy as np
from conftest import EXAMPLES

from checker.cache import Cache, model_identity, text_key
from checker.pipeline import run
from checker.state import Context


def test_rerun_computes_only_the_new_article(tmp_path, cfg, models):
    scrapes = tmp_path / "s"
    shutil.copytree(EXAMPLES, scrapes)
    cache = Cache(tmp_path / "c.sqlite")
    first = run([scrapes], Context(cfg, models, cache))
    assert cache.misses > 0
    cache.hits = cache.misses = 0
    again = run([scrapes], Context(cfg, models, cache))
    assert cache.misses == 0 and cache.hits > 0
    assert [f.id for f in again.findings] == [f.id for f in first.findings]

    (scrapes / "009_new.txt").write_text(
        "A powerful storm forced the port of Rotterdam to close on Sunday, port officials said in a statement.\n",
        encoding="utf-8",
    )
    cache.hits = cache.misses = 0
    run([scrapes], Context(cfg, models, cache))
    # one new sentence to embed; any new pairs involve it (two NLI directions each)
    assert 1 <= cache.misses <= 1 + 2 * 10
    cache.close()


def test_two_writers_share_one_file(tmp_path):
    path = tmp_path / "shared.sqlite"
    a, b = Cache(path), Cache(path)
    keys = [text_key(str(i)) for i in range(50)]
    va = a.cached("vectors", "m", keys, 4, lambda idx: np.ones((len(idx), 4)))
    vb = b.cached("vectors", "m", keys + [text_key("x")], 4, lambda idx: np.full((len(idx), 4), 2.0))
    assert (va == 1).all() and (vb[:50] == 1).all() and (vb[50] == 2).all()
    assert b.misses == 1
    a.close(), b.close()


def test_model_identity_changes_with_weights(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    (d / "model.safetensors").write_bytes(b"a" * 100)
    one = model_identity("nli", d)
    (d / "model.safetensors").write_bytes(b"b" * 100)
    assert model_identity("nli", d) != one
