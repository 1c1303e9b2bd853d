"""Accuracy and contradiction precision/recall/F1 of an NLI model on labelled pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from checker.training.data import LABELS, NLIExample


@dataclass(frozen=True)
class SetScore:
    name: str
    n: int
    accuracy: float
    contradiction_precision: float
    contradiction_recall: float
    contradiction_f1: float


def label_columns(id2label: dict) -> list[int]:
    """Column index of each name in LABELS, read from a model's ``id2label``."""
    by_name = {str(v).lower(): int(k) for k, v in id2label.items()}
    missing = [name for name in LABELS if name not in by_name]
    if missing:
        raise ValueError(f"model config id2label {id2label} lacks label(s) {missing}")
    return [by_name[name] for name in LABELS]


def score_set(name: str, examples: list[NLIExample], probs: np.ndarray) -> SetScore:
    """``probs`` has one row per example with columns in LABELS order.

    Two-way sets (no neutral gold label, e.g. FEVER) are scored two-way: the
    prediction is entailment vs contradiction, ignoring the neutral column.
    """
    gold = np.array([LABELS.index(e.label) for e in examples])
    two_way = not np.any(gold == 1)
    p = probs.copy()
    if two_way:
        p[:, 1] = -1
    pred = p.argmax(1)
    acc = float((pred == gold).mean()) if len(gold) else 0.0
    tp = int(((pred == 2) & (gold == 2)).sum())
    prec = tp / max(1, int((pred == 2).sum()))
    rec = tp / max(1, int((gold == 2).sum()))
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return SetScore(name, len(examples), acc, prec, rec, f1)


def markdown_table(scores: list[SetScore]) -> str:
    rows = ["| set | pairs | accuracy | contradiction P | contradiction R | contradiction F1 |",
            "|---|---:|---:|---:|---:|---:|"]
    for s in scores:
        rows.append(f"| {s.name} | {s.n} | {s.accuracy:.3f} | {s.contradiction_precision:.3f} | "
                    f"{s.contradiction_recall:.3f} | {s.contradiction_f1:.3f} |")
    return "\n".join(rows)
