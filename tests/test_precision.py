"""Model number formats: bfloat16 where the CPU has it, int8 scored one pair per batch, caches kept apart."""

from __future__ import annotations

import numpy as np
import pytest

from checker.config import load_config
from checker.models import cpu_has_bf16, load_embedder, resolve_precision
from checker.nli import load_nli, nli_probs
from checker.state import Models

PAIRS = [
    ("The plant employs 1,200 people, the company said.", "The plant employs 2,100 people."),
    ("The minister resigned on Tuesday after the vote.", "The minister stayed in office."),
    ("Rescue crews saved forty people from roofs overnight.", "Forty people were rescued."),
    ("Shares rose 3% in early trading in New York on Monday after the results beat forecasts.", "Shares fell."),
    ("Police said the man was arrested at the scene.", "The man was arrested."),
]


def test_bf16_is_read_from_the_cpu_flags(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16\n")
    assert cpu_has_bf16(str(info))
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f\n")
    assert not cpu_has_bf16(str(info))
    assert not cpu_has_bf16(str(tmp_path / "missing"))


def test_precision_resolves_per_device():
    assert resolve_precision("float32", "cpu") == "float32"
    assert resolve_precision("bfloat16", "cpu") == "bfloat16"
    assert resolve_precision("auto", "cpu") == ("bfloat16" if cpu_has_bf16() else "float32")
    assert resolve_precision("bfloat16", "cuda") == "native"


def _with(**models):
    cfg = load_config(None)
    return cfg.model_copy(update={"models": cfg.models.model_copy(update=models)})


def test_cache_ids_differ_by_precision_and_float32_ids_are_unchanged():
    f32 = Models(_with(precision="float32"))
    bf16 = Models(_with(precision="bfloat16"))
    int8 = Models(_with(precision="bfloat16", quantize=True))
    assert f32.nli_id != bf16.nli_id and f32.embed_id != bf16.embed_id
    assert "|q1|" in int8.nli_id and "bfloat16" not in int8.nli_id  # int8 overrides the NLI precision
    assert "|b1" in int8.nli_id and "|b1" not in bf16.nli_id  # not the ids of scores from batched int8
    assert "bfloat16" not in f32.nli_id and "bfloat16" not in f32.embed_id


@pytest.fixture(scope="module")
def nli_f32(cfg):
    return load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, precision="float32")


def test_bf16_nli_agrees_with_float32(cfg, nli_f32):
    bf16 = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, precision="bfloat16")
    assert next(bf16.model.parameters()).dtype.is_floating_point
    assert str(next(bf16.model.parameters()).dtype) == "torch.bfloat16"
    a, b = nli_probs(nli_f32, PAIRS), nli_probs(bf16, PAIRS)
    assert b.dtype == np.float32 and np.allclose(b.sum(1), 1.0, atol=1e-5)
    assert np.abs(a - b).max() < 0.03
    assert (a.argmax(1) == b.argmax(1)).all()


def test_int8_scores_a_pair_the_same_whatever_its_batch_neighbours(cfg, nli_f32):
    int8 = load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, quantize=True)
    assert int8.one_per_batch
    together = nli_probs(int8, PAIRS, batch_size=32)
    alone = np.stack([nli_probs(int8, [p], batch_size=32)[0] for p in PAIRS])
    assert np.array_equal(together, alone)
    assert np.abs(together - nli_probs(nli_f32, PAIRS)).max() < 0.2


def test_bf16_embedder_vectors_stay_close_to_float32():
    texts = [a for a, _ in PAIRS] + [b for _, b in PAIRS]
    f32 = load_embedder("bundled:all-MiniLM-L6-v2", precision="float32").encode(texts, batch_size=4)
    bf16 = load_embedder("bundled:all-MiniLM-L6-v2", precision="bfloat16").encode(texts, batch_size=4)
    assert bf16.dtype == np.float32
    assert (f32 * bf16).sum(1).min() > 0.99
