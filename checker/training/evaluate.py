"""Accuracy and contradiction precision/recall/F1 of an NLI model on labelled pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from checker.nli import LABELS, label_columns
from checker.training.data import NLIExample


__all__ = ["SetScore", "label_columns", "markdown_table", "score_set"]


@dataclass(frozen=True)
class SetScore:
    name: str
    n: int
    accuracy: float
    contradiction_precision: float
    contradiction_recall: float
    contradiction_f1: float


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
    rows = [
        "| set | pairs | accuracy | contradiction P | contradiction R | contradiction F1 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        rows.append(
            f"| {s.name} | {s.n} | {s.accuracy:.3f} | {s.contradiction_precision:.3f} | "
            f"{s.contradiction_recall:.3f} | {s.contradiction_f1:.3f} |"
        )
    return "\n".join(rows)
