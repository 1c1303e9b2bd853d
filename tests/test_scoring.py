"""NLI scoring without the real model: equal texts skip the model, repeats are scored once, order is kept."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from checker.cache import Cache
from checker.judge import SAME_TEXT, same_text, score_texts


class FakeNLI:
    """Logits from the lengths of the texts, so any mix-up of order shows; counts what it is asked."""

    config = SimpleNamespace(id2label={0: "entailment", 1: "neutral", 2: "contradiction"})

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def predict(self, sentences, **kwargs):
        self.seen.extend(sentences)
        return np.array([[len(a) / 10, len(b) / 10, 0.0] for a, b in sentences])


def expected(a: str, b: str) -> np.ndarray:
    x = np.array([len(a) / 10, len(b) / 10, 0.0])
    e = np.exp(x - x.max())
    return (e / e.sum()).astype(np.float32)


INPUTS = [
    ("The talks lasted 35 minutes.", "The talks lasted 53 minutes."),
    ("Kishida said ties remain tense.", "kishida  said ties remain TENSE."),
    ("A short one here.", "A much longer sentence than the first one, by far."),
    ("The talks lasted 35 minutes.", "The talks lasted 53 minutes."),
    ("Same.", "Same."),
]


def test_same_text():
    assert same_text("A  b\nC.", "a b c.")
    assert not same_text("a b c.", "a b d.")


def test_score_texts_skips_equal_and_repeated(tmp_path):
    model = FakeNLI()
    probs = score_texts(model, INPUTS, batch_size=2)
    assert len(model.seen) == 2  # two distinct pairs of different texts
    assert np.allclose(probs[1], SAME_TEXT) and np.allclose(probs[4], SAME_TEXT)
    for k in (0, 2, 3):
        assert np.allclose(probs[k], expected(*INPUTS[k]), atol=1e-6)
    assert model.seen[0] == INPUTS[2]  # longest first

    cache = Cache(tmp_path / "c.sqlite")
    ticks: list[int] = []
    first = score_texts(FakeNLI(), INPUTS, 2, cache, "m", ticks.append)
    assert sum(ticks) == len(INPUTS)
    again = FakeNLI()
    second = score_texts(again, INPUTS, 2, cache, "m")
    assert again.seen == [] and np.allclose(first, probs) and np.allclose(second, probs)
    cache.close()


def test_facts_cache_round_trip_without_spacy(tmp_path, cfg):
    """A rerun reads every sentence's facts from the cache, equal to the parsed ones, and never loads spaCy."""
    from helpers import ROOT

    from checker.pipeline import upto
    from checker.state import Context, Models, State

    stages = upto("parse")

    def facts_of(ctx):
        state = State(inputs=(str(ROOT / "examples"),))
        for st in stages:
            state = st(state, ctx)
        return [s.claims.facts for a in state.articles for s in a.sentences]

    cache = Cache(tmp_path / "c.sqlite")
    first = facts_of(Context(cfg, Models(cfg), cache))
    assert sum(map(len, first)) > 10

    class NoSpacy(Models):
        @property
        def nlp(self):  # type: ignore[override]
            raise AssertionError("spaCy loaded on a fully cached run")

    again = facts_of(Context(cfg, NoSpacy(cfg), cache))
    cache.close()
    assert again == first


def test_stop_words_are_spacys_and_read_without_importing_spacy():
    """The rules' stop words are spaCy's list; reading them in a fresh process imports neither spaCy nor torch
    (a fully cached run loads no model, so those imports were most of its time)."""
    import os
    import subprocess
    import sys

    from helpers import ROOT
    from spacy.lang.en.stop_words import STOP_WORDS

    from checker.text import stop_words

    assert stop_words() == frozenset(STOP_WORDS) and "’s" in stop_words()
    code = (
        "import sys; from checker.text import stop_words; stop_words(); "
        "print(sorted({'spacy', 'torch'} & set(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stdout + r.stderr


def test_cuda_device_without_a_gpu_is_a_clear_error():
    import pytest
    import torch

    from checker.errors import ModelError
    from checker.models import check_device

    check_device("cpu")
    if torch.cuda.is_available():  # pragma: no cover - GPU machines
        check_device("cuda")
        return
    with pytest.raises(ModelError, match="no CUDA GPU"):
        check_device("cuda")


def test_ray_option_takes_an_optional_address(tmp_path):
    from checker.cli import _optional_ray_address

    for argv, want in (
        (["checker", "report", "x", "--ray"], ["checker", "report", "x", "--ray", "local"]),
        (
            ["checker", "report", "--ray", str(tmp_path), "-o", "r"],
            ["checker", "report", "--ray", "local", str(tmp_path), "-o", "r"],
        ),
        (["checker", "report", "x", "--ray", "-o", "r"], ["checker", "report", "x", "--ray", "local", "-o", "r"]),
        (["checker", "report", "x", "--ray", "head:6379"], ["checker", "report", "x", "--ray", "head:6379"]),
        (["checker", "report", "x"], ["checker", "report", "x"]),
    ):
        _optional_ray_address(argv)
        assert argv == want
