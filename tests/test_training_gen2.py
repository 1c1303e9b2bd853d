"""Second-generation NLI training: nli_more loaders and roles, decontamination, the mixed 3-way / 2-way loss, the
news-rewrite generators, calibration, resumable training (on a tiny model)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SHARED

from checker.training import data, synth

NLI = SHARED / "data" / "nli"
MORE = SHARED / "data" / "nli_more"
needs_data = pytest.mark.skipif(not (NLI.is_dir() and MORE.is_dir()), reason="../shared/data/nli{,_more} absent")


# ---------------------------------------------------------------- roles, licences, splits, decontamination


def test_every_set_has_a_role_and_every_training_or_dev_set_a_licence():
    assert not set(data.TRAIN_SETS) & set(data.TEST_SETS)
    assert not set(data.DEV_SETS) & set(data.TEST_SETS)
    assert not set(data.DEV_SETS) & set(data.TRAIN_SETS)
    assert set(data.LICENCES) >= set(data.TRAIN_SETS) | set(data.DEV_SETS) - {
        "rte3-dev",
        "sick-trial",
        "mnli-mm-sample",
    }
    for name in (
        "conjnli-train",
        "taxinli-mnli-train",
        "taxinli-mnli-dev-mm",
        "ambient",
        "check-covid",
        "vitaminc-train",
        "scone",
        "med",
        "help",
        "impli",
        "dnc",
        "scitail-dev",
        "wice",
    ):
        assert name in data.TRAIN_SETS
    for name in ("vitaminc-dev", "conjnli-dev", "synthetic-dev"):
        assert name in data.DEV_SETS
    assert set(data.TWO_WAY_SETS) <= set(data.TRAIN_SETS)


@needs_data
def test_two_way_sets_are_flagged_and_never_contradictions():
    for name in ("scone", "wice", "scitail-dev", "med"):
        rows = data.load([name], data.TRAIN_SETS, NLI)
        assert rows and all(e.two_way for e in rows)
        assert {e.label for e in rows} == {"entailment", data.NOT_ENTAILED}
    three = data.load(["ambient"], data.TRAIN_SETS, NLI)
    assert not any(e.two_way for e in three) and {e.label for e in three} == set(data.LABELS)


@needs_data
def test_vitaminc_dev_is_held_out_by_case_id():
    train = data.load(["vitaminc-train"], data.TRAIN_SETS, NLI)
    dev = data.load(["vitaminc-dev"], data.DEV_SETS, NLI)
    rows = [json.loads(x) for x in (MORE / "vitaminc_real/train_half.jsonl").open()]
    dev_cases = {r["case_id"] for r in rows if data.vitaminc_dev_case(r["case_id"])}
    assert 0.07 < len(dev_cases) / len({r["case_id"] for r in rows}) < 0.13
    assert len(dev) == sum(data.vitaminc_dev_case(r["case_id"]) for r in rows)
    assert 0.8 * (len(rows) - len(dev)) < len(train) < len(rows) - len(dev)
    dev_texts = {data.normalise(t) for e in dev for t in (e.premise, e.hypothesis)}
    assert not any(data.normalise(e.premise) in dev_texts or data.normalise(e.hypothesis) in dev_texts for e in train)


@needs_data
def test_taxinli_mismatched_part_excludes_the_mnli_mm_dev_sample():
    rows = data.load(["taxinli-mnli-dev-mm"], data.TRAIN_SETS, NLI)
    dev = {data._key(e.premise) for e in data.load(["mnli-mm-sample"], data.DEV_SETS, NLI)}
    assert rows and not {data._key(e.premise) for e in rows} & dev
    assert len(rows) < 3912


def test_decontamination_drops_rows_sharing_a_sentence_with_a_test_set():
    banned = {data.normalise("A man  is Playing a guitar.")}
    rows = [
        data.NLIExample("a man is playing   a guitar.", "x y z", "entailment", "s1"),
        data.NLIExample("p", "A MAN IS PLAYING A GUITAR.", "neutral", "s2"),
        data.NLIExample("p", "q", "neutral", "s2"),
    ]
    kept, dropped = data.decontaminate(rows, banned)
    assert kept == rows[2:] and dropped == {"s1": 1, "s2": 1}


@needs_data
def test_no_training_row_shares_a_sentence_with_a_test_set_after_decontamination():
    from checker.training.train import TrainSettings, build_training_data

    s = TrainSettings(data_root=NLI, out_dir=Path("/nonexistent"), train_sets=["rte-glue", "scone"], synthetic=False)
    rows, counts, report = build_training_data(s, log=lambda m: None)
    assert report["decontaminated"]["rte-glue"] > 0  # RTE-GLUE shares pairs with RTE-3 test
    banned = data.test_role_texts(NLI)
    assert not any(data.normalise(e.premise) in banned or data.normalise(e.hypothesis) in banned for e in rows)


# ---------------------------------------------------------------- the mixed loss


def test_mixed_loss_three_way_rows_are_plain_cross_entropy():
    import torch

    from checker.training.loss import mixed_nli_loss

    logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]])
    labels = torch.tensor([0, 2])
    got = mixed_nli_loss(logits, labels, torch.tensor([0, 0]))
    assert torch.allclose(got, torch.nn.functional.cross_entropy(logits, labels))


def test_mixed_loss_two_way_rows_do_not_push_contradiction_specifically():
    import torch

    from checker.training.loss import mixed_nli_loss

    logits = torch.tensor([[1.0, 0.3, -0.5], [0.2, 1.5, 0.1], [0.5, 0.0, 2.0]], requires_grad=True)
    labels = torch.tensor([1, 0, 2])  # row 0: 2-way not entailed; row 1: 2-way entailed; row 2: 3-way contradiction
    loss = mixed_nli_loss(logits, labels, torch.tensor([1, 1, 0]))
    loss.backward()
    g = logits.grad
    assert torch.isfinite(loss) and g.abs().sum() > 0
    p = torch.softmax(logits.detach(), -1)
    # not entailed: entailment pushed down, neutral and contradiction up in proportion to their probabilities,
    # so the neutral : contradiction ratio is left as it is
    assert g[0, 0] > 0 and g[0, 1] < 0 and g[0, 2] < 0
    assert torch.isclose(g[0, 1] / g[0, 2], p[0, 1] / p[0, 2], rtol=1e-4)
    # entailed (2-way) is the same as a three-way entailment row
    assert g[1, 0] < 0 and torch.isclose(g[1, 1] / g[1, 2], p[1, 1] / p[1, 2], rtol=1e-4)
    # the three-way contradiction row does push contradiction
    assert g[2, 2] < 0 and g[2, 0] > 0 and g[2, 1] > 0
    # value: mean of -log P(ent+con... ) terms
    expect = (-torch.log(p[0, 1] + p[0, 2]) - torch.log(p[1, 0]) - torch.log(p[2, 2])) / 3
    assert torch.isclose(loss.detach(), expect, rtol=1e-5)


def test_mixed_loss_flows_through_a_cross_encoder(tiny_model):
    import torch

    from checker.training.loss import MixedNLILoss

    loss_fn = MixedNLILoss(tiny_model)
    loss = loss_fn([["a man sleeps", "two dogs run"], ["a man is awake", "animals run"], [1, 0]], torch.tensor([1, 0]))
    loss.backward()
    grads = [p.grad for p in tiny_model.model.parameters() if p.grad is not None]
    assert grads and any(g.abs().sum() > 0 for g in grads)


# ---------------------------------------------------------------- generators (each on a sentence written here)

RNG = random.Random


def _all(gen, s, ctx=None, n=40):
    return [x for x in (gen(s, ctx or {}, RNG(i)) for i in range(n)) if x]


def test_number_words():
    assert synth.number_words(11) == "eleven" and synth.number_words(21) == "twenty-one"
    assert synth.number_words(305) == "three hundred and five" and synth.number_words(2000) == "two thousand"
    assert synth.confusable(21, RNG(0)) != 21 and 11 in {synth.confusable(21, RNG(i)) for i in range(60)}


def test_digits_and_words_entail_when_equal_and_contradict_when_not():
    s = "Police said 11 students drowned when the boat capsized off the coast."
    outs = _all(synth.g_digits_words, s)
    assert {lab for _, _, lab in outs} == {"entailment", "contradiction"}
    for p, h, lab in outs:
        both = p + " " + h
        if lab == "entailment":
            assert "11 students" in both and "eleven students" in both
        else:
            assert "eleven students" not in both or "11 students" not in both
    w = "Officials said twenty-one children drowned in the flood on the island."
    assert any("21 children" in p + h for p, h, lab in _all(synth.g_digits_words, w) if lab == "entailment")


def test_bounded_numbers_are_never_turned_into_contradictions():
    s = "Less than 4 hours later, a resident called police to report the car."
    assert all(lab == "entailment" for _, _, lab in _all(synth.g_digits_words, s))
    near = "Police said nearly 2 others were injured in the crash on the motorway."
    outs = [(h, lab) for p, h, lab in _all(synth.g_digits_words, near, n=200) if p == near]
    assert ("Police said nearly two dozen others were injured in the crash on the motorway.", "contradiction") in outs
    assert ("Police said nearly two others were injured in the crash on the motorway.", "entailment") in outs
    assert not any(lab == "contradiction" and ("three others" in h or "3 others" in h) for h, lab in outs)


def test_hedges_dropped_are_neutral_never_contradiction():
    s = "Rescuers said at least six people were killed in the blast in the market."
    outs = _all(synth.g_hedge, s)
    assert outs and all(lab == "neutral" for _, _, lab in outs)
    assert any(h == "Rescuers said six people were killed in the blast in the market." for _, h, _ in outs)
    bare = "Rescuers said 6 people were killed in the blast in the market."
    labels = {(h.split(" people")[0].split("said ")[1], lab) for p, h, lab in _all(synth.g_hedge, bare)}
    assert ("at least 6", "entailment") in labels and ("more than 6", "contradiction") in labels
    assert all(lab == "neutral" for p, h, lab in _all(synth.g_hedge, bare) if h == bare)


def test_durations_and_fractions():
    s = "The crew worked for 8.5 hours to free the trapped driver from the wreck."
    outs = _all(synth.g_duration, s)
    assert "eight and a half hours" in " ".join(p + h for p, h, lab in outs if lab == "entailment")
    assert any(lab == "contradiction" for _, _, lab in outs)
    pct = "Turnout fell to 50% in the northern districts, officials said."
    got = {(h, lab) for _, h, lab in _all(synth.g_duration, pct)}
    assert ("Turnout fell to half in the northern districts, officials said.", "entailment") in got
    assert any(lab == "contradiction" and "a quarter" in h for h, lab in got)


def test_dates_and_weekdays_moved_contradict_reformatted_dates_entail():
    s = "The summit will open on 12 March in the capital, the ministry said."
    outs = _all(synth.g_date, s)
    assert any(lab == "entailment" and "March 12" in h for _, h, lab in outs)
    assert all("12 March" not in h and "March 12" not in h for _, h, lab in outs if lab == "contradiction")
    w = "The minister resigned on Friday after weeks of pressure from his party."
    assert all(lab == "contradiction" and "Friday" not in h for _, h, lab in _all(synth.g_date, w))


def test_time_zone_conversions_right_and_wrong():
    s = "The ceasefire took effect on Friday across the whole region, officials said."
    for p, h, lab in _all(synth.g_timezone, s, n=60):
        local = int(p.split(" at ")[1].split("(")[0].strip()[:-2]) % 12 + (12 if "pm" in p.split("(")[0] else 0)
        gmt = int(p.split("(")[1][:2])
        if lab == "entailment":
            assert "GMT" in h
            t = h.split(" at ")[1].split(" GMT")[0]
            hour = int(t[:2]) if t[:2].isdigit() else int(t[:-2]) % 12 + (12 if t.endswith("pm") else 0)
            assert hour == gmt
        else:
            assert lab == "contradiction"
        assert 0 <= local < 24


def test_speaker_place_relation_negation_antonym():
    s = "Kim Jones said the bridge in Leeds had been closed during the talks."
    ctx = {"speakers": ["Kim Jones", "Ali Khan"], "places": ["Leeds", "York"]}
    assert synth.g_speaker(s, ctx, RNG(0)) == (s, s.replace("Kim Jones", "Ali Khan"), "contradiction")
    assert synth.g_place(s, ctx, RNG(0)) == (s, s.replace("Leeds", "York"), "contradiction")
    rel = "Instead of the talks, a meeting of the two foreign ministers was held in Seoul."
    outs = _all(synth.g_relation, rel)
    assert any(h.startswith("At the venue of the talks") and lab == "contradiction" for _, h, lab in outs)
    assert any(h.startswith("In place of the talks") and lab == "entailment" for _, h, lab in outs)
    assert synth.g_negation("The plan was approved by the council.", {}, RNG(0))[1:] == (
        "The plan was not approved by the council.",
        "contradiction",
    )
    assert synth.g_antonym("Shares rose sharply on the news.", {}, RNG(0))[1:] == (
        "Shares fell sharply on the news.",
        "contradiction",
    )


def test_tempting_entailments():
    s = "On Tuesday, the council approved the new budget for the city."
    assert synth.g_reorder(s, {}, RNG(0)) == (
        s,
        "The council approved the new budget for the city on Tuesday.",
        "entailment",
    )
    a = "Police arrested a man outside the stadium."
    assert (
        synth.g_passive(a, {}, RNG(0)) == (a, "A man was arrested by Police outside the stadium.", "entailment")
        or synth.g_passive(a, {}, RNG(0))[2] == "entailment"
    )
    c = "The minister visited the flooded town, and she promised more money for repairs."
    assert synth.g_conj_drop(c, {}, RNG(0)) == (c, "The minister visited the flooded town.", "entailment")
    k = "Kim Jones said the bridge would reopen next month after repairs."
    assert (
        synth.g_according(k, {}, RNG(0))[1] == "According to Kim Jones, the bridge would reopen next month "
        "after repairs."
    )
    n = "The company said 1,500 jobs would go by the end of the year."
    assert synth.g_identity_number(n, {}, RNG(0))[1:] == (
        "The company said 1500 jobs would go by the end of the year.",
        "entailment",
    )
    d = "Officials said 3 people were hurt in the crash, according to the BBC."
    p, h, lab = synth.g_drop_then_words(d, {}, RNG(0))
    assert lab == "entailment" and "three people" in h
    assert synth.g_add_detail("Kim Jones said the bridge was safe.", {}, RNG(0))[2] == "neutral"


ARTICLES = [
    "Police said 11 students drowned when the boat capsized off the coast on Friday. "
    "Kim Jones said the bridge in Leeds had been closed during the talks. "
    "On Tuesday, the council approved the new budget for the city. "
    "Rescuers said at least six people were killed in the blast in the market. "
    "The crew worked for 8.5 hours to free the trapped driver from the wreck.",
    "Ali Khan said the summit will open on 12 March in York, the ministry said. "
    "Shares rose sharply after the announcement of the merger in London. "
    "The company said 1,500 jobs would go by the end of the year, Ali Khan said. "
    "Instead of the talks, a meeting of the two foreign ministers was held in Seoul.",
]


def test_generation_is_seeded_and_covers_the_three_labels():
    a = synth.generate_v2(ARTICLES, seed=3)
    assert a == synth.generate_v2(ARTICLES, seed=3) and a != synth.generate_v2(ARTICLES, seed=4)
    assert set(Counter(e.label for e in a)) == set(data.LABELS)
    assert all(e.source == "synthetic-news" for e in a)


@needs_data
def test_synthetic_split_is_by_article_and_large():
    arts = synth.load_articles(NLI)
    dev = [a for a in arts if synth.is_dev_article(a)]
    assert 0.05 < len(dev) / len(arts) < 0.15
    train_pairs = synth.generate_split(NLI, dev=False)
    dev_pairs = data.load(["synthetic-dev"], data.DEV_SETS, NLI)
    assert len(train_pairs) >= 100_000 and len(dev_pairs) == synth.DEV_PAIRS
    dev_premises = {e.premise for e in dev_pairs}
    assert len(dev_premises & {e.premise for e in train_pairs}) < 0.01 * len(dev_premises)  # wire copies only


# ---------------------------------------------------------------- calibration


def test_temperature_fit_recovers_a_known_temperature_and_lowers_ece():
    from checker.training.calibrate import expected_calibration_error, fit_temperature, softmax

    rng = np.random.default_rng(0)
    true = rng.normal(size=(4000, 3)) * 2
    gold = np.array([rng.choice(3, p=p) for p in softmax(true)])
    over = true * 3  # an over-confident model: logits three times too large
    t = fit_temperature(over, gold)
    assert 2.6 < t < 3.4
    assert expected_calibration_error(softmax(over, t), gold) < expected_calibration_error(softmax(over), gold)


def test_nli_probs_divides_by_the_model_temperature():
    from checker.nli import nli_probs

    class Fake:
        class config:
            id2label = {0: "contradiction", 1: "entailment", 2: "neutral"}

        def predict(self, pairs, **kw):
            return np.array([[2.0, 0.0, -2.0]] * len(pairs))

    m = Fake()
    plain = nli_probs(m, [("a", "b")])
    m.nli_temperature = 2.0
    cooled = nli_probs(m, [("a", "b")])
    assert plain[0, 2] > cooled[0, 2] > 1 / 3  # contradiction column, found by name, softened
    assert np.allclose(cooled, nli_probs(m, [("a", "b")], temperature=2.0))


def test_load_nli_attaches_the_temperature(tiny_model_dir):
    from checker.nli import load_nli

    assert load_nli(str(tiny_model_dir)).nli_temperature is None
    (tiny_model_dir / "calibration.json").write_text(json.dumps({"temperature": 1.7}))
    assert load_nli(str(tiny_model_dir)).nli_temperature == pytest.approx(1.7)
    (tiny_model_dir / "calibration.json").unlink()


# ---------------------------------------------------------------- resumable training on a tiny model


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    """A 2-layer, 32-wide BERT cross-encoder with the shipped tokenizer: trains in a second."""
    import torch
    from sentence_transformers.cross_encoder import CrossEncoder
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from checker.nli import ID2LABEL

    out = tmp_path_factory.mktemp("tiny") / "tiny-nli"
    tok = AutoTokenizer.from_pretrained(str(ROOT / "models/nli-minilm-l6"), local_files_only=True)
    cfg = BertConfig(
        vocab_size=tok.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=256,
        num_labels=3,
        id2label=ID2LABEL,
        label2id={v: k for k, v in ID2LABEL.items()},
    )
    torch.manual_seed(0)
    BertForSequenceClassification(cfg).save_pretrained(str(out), safe_serialization=True)
    tok.save_pretrained(str(out))
    CrossEncoder(str(out), local_files_only=True).save_pretrained(str(out), safe_serialization=True)
    return out


@pytest.fixture()
def tiny_model(tiny_model_dir):
    from sentence_transformers.cross_encoder import CrossEncoder

    return CrossEncoder(str(tiny_model_dir), local_files_only=True)


@needs_data
def test_training_checkpoints_and_resumes_with_mixed_rows(tiny_model_dir, tmp_path):
    from checker.training.card import write_card
    from checker.training.evaluate import score_set
    from checker.training.train import TrainSettings, train

    def settings(**kw):
        return TrainSettings(
            data_root=NLI,
            out_dir=tmp_path / "m",
            base_model=str(tiny_model_dir),
            batch_size=8,
            train_sets=["conjnli-train", "scone"],
            caps={"conjnli-train": 40, "scone": 24},
            synthetic=False,
            decontaminate=False,
            dev_sets=["rte3-dev", "conjnli-dev"],
            dev_limit=8,
            eval_steps=2,
            logging_steps=1,
            epochs=1,
            seed=5,
            **kw,
        )

    logs: list[str] = []
    train(settings(max_steps=4), log=logs.append)
    work = tmp_path / "m.work"
    assert sorted(p.name for p in work.glob("checkpoint-*")) == ["checkpoint-2", "checkpoint-4"]
    out = train(settings(max_steps=6, resume=True, command="checker train-nli --resume"), log=logs.append)
    assert any("resuming from" in m and m.endswith("checkpoint-4") for m in logs)
    stage = json.loads((out / "training.json").read_text())["stages"][-1]
    assert stage["steps"] == 6 and stage["train_counts"] == {"conjnli-train": 40, "scone": 24}
    assert stage["two_way_sets"] == ["scone"] and stage["learning_curve"]
    assert stage["learning_curve"][-1]["examples_seen"] == 48
    assert stage["learning_curve"][0]["step"] == 0 and "dev_mean_accuracy" in stage["learning_curve"][0]
    ex = data.load(["conjnli-dev"], data.DEV_SETS, NLI)[:4]
    card = write_card(out, [score_set("conjnli-dev", ex, np.full((4, 3), 1 / 3))], "x").read_text()
    assert "scone (2-way)" in card and "CC0" in card and "Learning curve" in card and "pairs seen" in card

    # a stopped run ships its best checkpoint so far, with the curve logged up to then
    from checker.nli import load_nli
    from checker.training.train import export_checkpoint

    shipped = export_checkpoint(settings(max_steps=6), seconds=12, commit="abc", log=logs.append)
    st = json.loads((shipped / "training.json").read_text())["stages"][-1]
    assert st["stopped_early"] and st["exported_checkpoint"].startswith(str(work)) and st["seconds"] == 12
    assert st["code_commit"] == "abc" and st["learning_curve"]
    assert load_nli(str(shipped)).config.id2label[2] == "contradiction"
