"""Accuracy and contradiction precision/recall/F1 of an NLI model on labelled pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from checker.nli import LABELS, label_columns
from checker.training.examples import NLIExample

__all__ = ["SetScore", "label_columns", "markdown_table", "score_set", "set_ece", "score_with_calibration"]


@dataclass(frozen=True)
class SetScore:
    name: str
    n: int
    accuracy: float
    contradiction_precision: float
    contradiction_recall: float
    contradiction_f1: float
    ece: float | None = None  # expected calibration error with the model's temperature (if it has one)
    ece_uncalibrated: float | None = None  # the same at temperature 1


def two_way_gold(examples: list[NLIExample]) -> bool:
    return not any(e.label == "neutral" for e in examples)


def set_ece(examples: list[NLIExample], probs: np.ndarray) -> float:
    """ECE of the top label; two-way sets (no neutral gold) on entailment vs contradiction renormalised."""
    from checker.training.calibrate import expected_calibration_error

    gold = np.array([LABELS.index(e.label) for e in examples])
    p = np.asarray(probs, dtype=np.float64)
    if two_way_gold(examples):
        p = p[:, [0, 2]] / p[:, [0, 2]].sum(1, keepdims=True)
        gold = np.where(gold == 2, 1, 0)
    return expected_calibration_error(p, gold)


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
    with_ece = any(s.ece is not None for s in scores)
    head = "| set | pairs | accuracy | contradiction P | contradiction R | contradiction F1 |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if with_ece:
        head += " ECE (T=1) | ECE (calibrated) |"
        rule += "---:|---:|"
    rows = [head, rule]
    for s in scores:
        row = (
            f"| {s.name} | {s.n} | {s.accuracy:.3f} | {s.contradiction_precision:.3f} | "
            f"{s.contradiction_recall:.3f} | {s.contradiction_f1:.3f} |"
        )
        if with_ece:
            row += f" {s.ece_uncalibrated:.3f} |" if s.ece_uncalibrated is not None else " - |"
            row += f" {s.ece:.3f} |" if s.ece is not None else " - |"
        rows.append(row)
    return "\n".join(rows)


def score_with_calibration(
    name: str, examples: list[NLIExample], logits: np.ndarray, temperature: float | None
) -> SetScore:
    """Scores from raw logits (LABELS order): accuracy etc. with the temperature (argmax is unchanged by it),
    ECE at temperature 1 and, where the model carries one, at its temperature."""
    from dataclasses import replace

    from checker.training.calibrate import softmax

    raw = softmax(logits, 1.0)
    cal = softmax(logits, temperature) if temperature else raw
    base = score_set(name, examples, cal)
    return replace(base, ece_uncalibrated=set_ece(examples, raw), ece=set_ece(examples, cal))
