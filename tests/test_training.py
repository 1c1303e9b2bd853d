"""NLI training data roles, the synthetic news pairs, and a tiny real training run."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import SHARED

from checker.training import data, synth

NLI = SHARED / "data" / "nli"
needs_data = pytest.mark.skipif(not NLI.is_dir(), reason="../shared/data/nli not present")


def test_no_test_role_set_is_used_for_training():
    assert not set(data.TRAIN_SETS) & set(data.TEST_SETS)
    for banned in ("anli", "sick", "rte3-test", "fever-symmetric", "mnli-m-heldout", "imppres", "mrpc"):
        assert not any(banned in name for name in data.TRAIN_SETS)
    assert set(data.LICENCES) >= set(data.TRAIN_SETS) | {"synthetic-news"}


@needs_data
def test_mnli_mismatched_sample_is_a_detokenized_dev_set():
    ex = data.load(["mnli-mm-sample"], data.DEV_SETS, NLI)
    assert len(ex) == 1000 and "mnli-mm-sample" not in data.TRAIN_SETS
    assert Counter(e.label for e in ex).keys() == {"entailment", "neutral", "contradiction"}
    assert not any(" n't" in e.premise or " ," in e.premise for e in ex)
    heldout = {e.premise for e in data.load(["mnli-m-heldout"], data.TEST_SETS, NLI)}
    assert not {e.premise for e in ex} & heldout


@needs_data
def test_mnli_halves_are_disjoint_by_premise():
    train = data.load(["mnli-m-train-half"], data.TRAIN_SETS, NLI)
    test = data.load(["mnli-m-heldout"], data.TEST_SETS, NLI)
    assert len(train) == 5015 and len(test) == 4800
    assert not {e.premise for e in train} & {e.premise for e in test}


def test_contradiction_rules():
    import random

    rng = random.Random(0)
    s = "Police said 11 students were injured on Friday when the bus overturned in Leeds."
    outs = {synth.contradict(s, ["Leeds", "York"], ["Police", "Smith"], random.Random(i)) for i in range(30)}
    outs.discard(None)
    assert outs and all(o != s for o in outs)
    assert any("students" in o and "11 students" not in o for o in outs)  # a number changed
    assert any("Friday" not in o for o in outs)  # a weekday changed
    assert (
        synth.entail("Police said 11 students were injured, according to the BBC.", rng)
        == "Police said 11 students were injured."
    )


@needs_data
def test_synthetic_pairs_are_seeded_and_balanced():
    arts = synth.load_articles(NLI)[:80]
    a = synth.generate(arts, seed=3)
    b = synth.generate(arts, seed=3)
    assert a == b and a != synth.generate(arts, seed=4)
    counts = Counter(e.label for e in a)
    assert set(counts) == {"entailment", "neutral", "contradiction"}
    assert min(counts.values()) > 0.1 * len(a)
    for e in a:
        assert e.premise != e.hypothesis or e.label == "entailment"


@needs_data
def test_tiny_training_run_writes_a_loadable_model(tmp_path):
    from checker.nli import load_nli, nli_probs
    from checker.training.card import write_card
    from checker.training.evaluate import score_set
    from checker.training.train import TrainSettings, train

    out = train(
        TrainSettings(data_root=NLI, out_dir=tmp_path / "m", epochs=1, eval_steps=1000, limit=48, batch_size=16),
        log=lambda m: None,
    )
    cfg = json.loads((out / "config.json").read_text())
    assert set(cfg["id2label"].values()) == {"entailment", "neutral", "contradiction"}
    assert (out / "model.safetensors").exists() and not list(out.glob("*.bin"))
    model = load_nli(str(out))
    ex = data.load(["rte3-dev"], data.DEV_SETS, NLI)[:8]
    score = score_set("rte3-dev", ex, nli_probs(model, [(e.premise, e.hypothesis) for e in ex]))
    card = write_card(out, [score], "checker train-nli --limit 48").read_text()
    assert "rte3-dev" in card and "checker train-nli --limit 48" in card and "CC BY-SA" in card

    # A second stage continues from the first; training.json and the card keep both stages.
    out2 = train(
        TrainSettings(
            data_root=NLI,
            out_dir=tmp_path / "m2",
            base_model=str(out),
            epochs=1,
            eval_steps=1000,
            limit=16,
            batch_size=16,
            synthetic=False,
            train_sets=["cad-snli"],
            dev_sets=["sick-trial"],
            command="checker stage-two",
        ),
        log=lambda m: None,
    )
    stages = json.loads((out2 / "training.json").read_text())["stages"]
    assert [st["base_model"] for st in stages][1] == str(out) and stages[1]["train_counts"] == {"cad-snli": 16}
    card2 = write_card(out2, [score], "unused").read_text()
    assert "Stage 1" in card2 and "Stage 2" in card2 and "checker stage-two" in card2
    assert "stage 2 pairs" in card2 and "| cad-snli |" in card2


@needs_data
def test_checkpoint_selection_is_the_mean_of_per_set_dev_accuracies():
    from helpers import ROOT as REPO_ROOT

    from checker.nli import load_nli
    from checker.training.train import dev_accuracy_evaluator

    dev = {name: data.load([name], data.DEV_SETS, NLI)[:24] for name in ("rte3-dev", "mnli-mm-sample")}
    evaluator = dev_accuracy_evaluator(dev)
    metrics = evaluator(load_nli(str(REPO_ROOT / "models/nli-minilm-l6")))
    assert set(metrics) == {"dev_rte3-dev_accuracy", "dev_mnli-mm-sample_accuracy", "dev_mean_accuracy"}
    assert evaluator.primary_metric == "dev_mean_accuracy"
    per_set = [metrics["dev_rte3-dev_accuracy"], metrics["dev_mnli-mm-sample_accuracy"]]
    assert metrics["dev_mean_accuracy"] == pytest.approx(sum(per_set) / 2)
    assert metrics["dev_mnli-mm-sample_accuracy"] > 0.4  # far above chance (1/3) for the shipped model
