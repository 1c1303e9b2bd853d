"""Model number formats: bfloat16 where the CPU has it, batch-invariant int8 elsewhere, caches kept apart."""

from __future__ import annotations

import numpy as np
import pytest

from checker.config import load_config
from checker.models import cpu_has_bf16, cpu_has_int8_kernels, embed_format, load_embedder, resolve_precision
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
    assert resolve_precision("int8", "cpu") == "int8"
    auto = "bfloat16" if cpu_has_bf16() else "int8" if cpu_has_int8_kernels() else "float32"
    assert resolve_precision("auto", "cpu") == auto
    assert resolve_precision("bfloat16", "cuda") == "native"
    assert embed_format("int8") == "float32" and embed_format("bfloat16") == "bfloat16"


def test_int8_kernels_are_read_from_the_cpu_flags(tmp_path, monkeypatch):
    import platform

    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx fma avx2\n")
    assert cpu_has_int8_kernels(str(info))
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx\n")
    assert not cpu_has_int8_kernels(str(info))


def _with(**models):
    cfg = load_config(None)
    return cfg.model_copy(update={"models": cfg.models.model_copy(update=models)})


def test_cache_ids_differ_by_precision_and_float32_ids_are_unchanged():
    f32 = Models(_with(precision="float32"))
    bf16 = Models(_with(precision="bfloat16"))
    int8 = Models(_with(precision="int8"))
    old = Models(_with(precision="bfloat16", quantize=True))  # models.quantize: the same as precision int8 for NLI
    assert f32.nli_id != bf16.nli_id and f32.embed_id != bf16.embed_id
    assert "|q1|" in int8.nli_id and "|int8-rows-b8" in int8.nli_id and "bfloat16" not in int8.nli_id
    assert old.nli_id == int8.nli_id
    assert "|b1" not in int8.nli_id  # not the ids of scores from the earlier int8 (one pair per batch)
    assert int8.embed_id == f32.embed_id  # the embedder runs float32 under int8
    assert "bfloat16" not in f32.nli_id and "bfloat16" not in f32.embed_id and "|q0|" in f32.nli_id


def test_int8_product_is_exact_per_row():
    """The int32 product is exact: each output row is its own row scale x weight scale x an integer dot product."""
    import torch

    from checker.quant import ACT_MAX, RowInt8Linear

    torch.manual_seed(0)
    lin = torch.nn.Linear(384, 96)
    x = torch.randn(40, 384) * torch.linspace(0.01, 50, 40)[:, None]  # rows of very different sizes
    y = RowInt8Linear(lin)(x)
    w = lin.weight.detach()
    w_scale = (w.abs().amax(1) / 127).double()
    qw = torch.round(w.double() / w_scale[:, None]).clamp(-127, 127)
    scale = x.abs().amax(1, keepdim=True) / ACT_MAX
    qx = torch.round(x / scale).double()
    exact = (qx @ qw.t()) * w_scale * scale.double() + lin.bias.detach().double()
    assert torch.allclose(y.double(), exact, rtol=1e-5, atol=1e-4)
    alone = torch.cat([RowInt8Linear(lin)(x[i : i + 1]) for i in range(len(x))])
    assert torch.equal(alone, y)  # a row's output does not depend on the other rows


def test_int8_fused_projections_and_both_kernels_give_the_same_numbers(monkeypatch):
    """Query/key/value fused into one stacked layer, and fbgemm's kernel instead of oneDNN's: bit-identical outputs
    (so neither changes a score, and the cache ids of the format stay)."""
    import torch

    from checker.quant import FusedRowInt8, RowInt8Linear, onednn_available

    torch.manual_seed(1)
    lins = [torch.nn.Linear(384, 384) for _ in range(3)]
    x = torch.randn(50, 384) * torch.linspace(0.01, 30, 50)[:, None]
    separate = [RowInt8Linear(lin)(x) for lin in lins]
    fused = FusedRowInt8(lins)
    assert [torch.equal(fused.part(k, x), separate[k]) for k in range(3)] == [True] * 3
    other = x.flip(0)  # another input: the stacked layer runs again, no part of the last input is handed out
    assert torch.equal(fused.part(1, other), RowInt8Linear(lins[1])(other))
    assert torch.equal(fused.part(1, x), separate[1])
    assert RowInt8Linear(lins[0]).onednn == onednn_available()
    monkeypatch.setenv("CHECKER_INT8_KERNEL", "fbgemm")
    fb = [RowInt8Linear(lin) for lin in lins]
    assert not fb[0].onednn
    assert [torch.equal(f(x), y) for f, y in zip(fb, separate, strict=True)] == [True] * 3


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


MIXED = PAIRS + [
    ("Talks ended.", "Talks went on."),
    (
        "The storm, which forecasters had tracked for a week across the Atlantic, made landfall near the border late "
        "on Saturday with winds of 140 miles an hour, cutting power to about 300,000 homes in three states.",
        "The storm cut power to 30,000 homes.",
    ),
    ("He said he would not run again.", "He will run again, he said."),
    ("Officials counted 17 dead and dozens injured after the blast at the port.", "Seventeen people died."),
]


@pytest.fixture(scope="module")
def nli_int8(cfg):
    return load_nli(cfg.models.nli, "cpu", cfg.judge.max_length, precision="int8")


def test_int8_scores_a_pair_the_same_alone_and_in_any_batch(nli_int8):
    """Bit-identical scores: each pair alone, all together, in batches of mixed lengths and sizes, in any order."""
    alone = np.stack([nli_probs(nli_int8, [p])[0] for p in MIXED])
    together = nli_probs(nli_int8, MIXED, batch_size=32)
    assert np.array_equal(together, alone)
    order = np.random.default_rng(3).permutation(len(MIXED))
    for batch_size in (2, 3, 5):
        again = np.zeros_like(alone)
        again[order] = nli_probs(nli_int8, [MIXED[i] for i in order], batch_size=batch_size)
        assert np.array_equal(again, alone), batch_size
    with_neighbours = nli_probs(nli_int8, [MIXED[0]] + MIXED[5:] * 3, batch_size=4)[0]
    assert np.array_equal(with_neighbours, alone[0])


def test_int8_stays_close_to_float32(nli_f32, nli_int8):
    a, b = nli_probs(nli_f32, MIXED), nli_probs(nli_int8, MIXED)
    assert b.dtype == np.float32 and np.allclose(b.sum(1), 1.0, atol=1e-5)
    assert np.abs(a - b).max() < 0.15
    assert (a.argmax(1) == b.argmax(1)).mean() >= 0.8


def test_bf16_embedder_vectors_stay_close_to_float32():
    texts = [a for a, _ in PAIRS] + [b for _, b in PAIRS]
    f32 = load_embedder("bundled:all-MiniLM-L6-v2", precision="float32").encode(texts, batch_size=4)
    bf16 = load_embedder("bundled:all-MiniLM-L6-v2", precision="bfloat16").encode(texts, batch_size=4)
    assert bf16.dtype == np.float32
    assert (f32 * bf16).sum(1).min() > 0.99


@pytest.mark.slow
def test_bfloat16_scores_and_vectors_do_not_depend_on_batch_neighbours():
    """bfloat16 kernels round differently for other shapes: pairs are batched in fixed shapes (length bucket, eight
    rows) and sentences by token length, so a score or vector is the same alone, in a batch, or in another order."""
    from checker.config import Config
    from checker.models import embed_texts
    from checker.nli import nli_logits

    nli = load_nli("models/nli-minilm-l6", precision="bfloat16")
    pairs = [
        ("The minister said the talks were productive.", "The talks were not productive, the minister said."),
        ("Eleven students drowned in the river on Friday.", "Twelve students drowned."),
        ("A storm hit the coast.", "The coast was hit on Monday by a storm that forecasters had warned of for days."),
    ] * 4 + [(f"Report {i} on a school trip to the river.", f"Claim {i}" + " and more" * i) for i in range(9)]
    batch = nli_logits(nli, pairs)
    assert np.array_equal(np.vstack([nli_logits(nli, [p]) for p in pairs]), batch)
    assert np.array_equal(nli_logits(nli, pairs[::-1])[::-1], batch)
    emb = load_embedder(Config().models.embedding, "cpu", "bfloat16")
    texts = [f"Sentence {i} about a river" + " and more words" * (i % 5) for i in range(20)]
    vecs = embed_texts(emb, texts)
    assert np.array_equal(np.vstack([embed_texts(emb, [t]) for t in texts]), vecs)
    assert np.array_equal(embed_texts(emb, texts[::-1])[::-1], vecs)
