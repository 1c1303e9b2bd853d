"""The NLI judge: labels by name, sensible probabilities from the shipped model."""

from __future__ import annotations

import json

import pytest
from helpers import ROOT as REPO_ROOT

from checker.nli import label_columns, nli_probs


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


OBVIOUS = [  # (premise, contradicting hypothesis, entailed hypothesis)
    (
        "The bridge will close on Monday for repairs, officials said.",
        "The bridge will stay open on Monday, officials said.",
        "Officials said the bridge will close on Monday.",
    ),
    (
        "Five people died in the fire on Sunday.",
        "Nobody died in the fire on Sunday.",
        "Five people were killed in Sunday's fire.",
    ),
    (
        "The central bank raised interest rates by half a point.",
        "The central bank cut interest rates.",
        "Interest rates went up.",
    ),
]


def test_model_separates_obvious_pairs(models):
    pairs = [(p, c) for p, c, _ in OBVIOUS] + [(p, e) for p, _, e in OBVIOUS]
    probs = nli_probs(models.nli, pairs)
    n = len(OBVIOUS)
    for k in range(n):
        assert probs[k, 2] > probs[k, 0], pairs[k]  # contradiction beats entailment
        assert probs[n + k, 0] > probs[n + k, 2], pairs[n + k]  # entailment beats contradiction


def test_antonym_weakness_is_covered_by_the_polarity_check(models):
    """The small model reads 'acquitted' -> 'convicted' as entailment; the claim layer still flags it."""
    from helpers import sentence

    from checker.findings import pair_findings
    from checker.judge import judge_pairs
    from checker.records import Pair
    from checker.rules import RuleContext

    a = sentence("The court acquitted the former mayor of all charges on Tuesday.", "x")
    b = sentence("The court convicted the former mayor of all charges on Tuesday.", "y")
    [j] = judge_pairs(models.nli, [Pair(a, b, 0.9, "E1")])
    kinds = {f.kind: f for f in pair_findings(j, RuleContext())}
    assert "polarity" in kinds and kinds["polarity"].severity == "high"
