"""The NLI judge: labels by name, sensible probabilities from the shipped model."""

from __future__ import annotations

import json

import pytest

from checker.config import REPO_ROOT
from checker.judge import nli_probs
from checker.training.evaluate import label_columns


def test_label_columns_read_by_name():
    assert label_columns({0: "contradiction", 1: "entailment", 2: "neutral"}) == [1, 2, 0]
    assert label_columns({"0": "ENTAILMENT", "1": "NEUTRAL", "2": "CONTRADICTION"}) == [0, 1, 2]
    with pytest.raises(ValueError, match="lacks"):
        label_columns({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})


def test_shipped_model_files():
    d = REPO_ROOT / "models" / "nli-minilm-l6"
    cfg = json.loads((d / "config.json").read_text())
    assert sorted(v.lower() for v in cfg["id2label"].values()) == ["contradiction", "entailment", "neutral"]
    assert (d / "model.safetensors").stat().st_size < 50_000_000
    assert not list(d.glob("*.bin")) and not list(d.glob("*.pt"))
    assert (d / "README.md").exists() and (d / "tokenizer.json").exists()


def test_model_separates_obvious_pairs(models):
    probs = nli_probs(models.nli, [
        ("The court acquitted the former mayor of all charges on Tuesday.", "The former mayor was convicted."),
        ("The court acquitted the former mayor of all charges on Tuesday.", "A court acquitted the former mayor."),
    ])
    assert probs[0, 2] > probs[0, 0]  # contradiction beats entailment
    assert probs[1, 0] > probs[1, 2]  # entailment beats contradiction
