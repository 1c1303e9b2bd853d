"""Temperature scaling: one temperature fitted on dev-role sets, stored as ``calibration.json`` in the model dir.

``checker.nli.load_nli`` reads the file and ``checker.nli.nli_probs`` divides the logits by the temperature, so a
contradiction probability of 0.8 means about 80% on text like the dev sets.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from checker.nli import CALIBRATION_FILE


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


def nll(logits: np.ndarray, gold: np.ndarray, temperature: float) -> float:
    """Mean negative log-likelihood of ``gold`` under softmax(logits / temperature)."""
    lp = _log_softmax(np.asarray(logits, dtype=np.float64) / temperature)
    return float(-lp[np.arange(len(gold)), gold].mean())


def fit_temperature(logits: np.ndarray, gold: np.ndarray, lo: float = 0.05, hi: float = 20.0) -> float:
    """The temperature minimising NLL (golden-section search over log T; NLL is unimodal in T)."""
    a, b = np.log(lo), np.log(hi)
    g = (np.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = nll(logits, gold, np.exp(c)), nll(logits, gold, np.exp(d))
    for _ in range(80):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = nll(logits, gold, np.exp(c))
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = nll(logits, gold, np.exp(d))
    return float(np.exp((a + b) / 2))


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    return np.exp(_log_softmax(np.asarray(logits, dtype=np.float64) / temperature))


def expected_calibration_error(probs: np.ndarray, gold: np.ndarray, bins: int = 15) -> float:
    """ECE of the top-label confidence: sum over equal-width bins of |accuracy - confidence| x share of rows."""
    probs = np.asarray(probs, dtype=np.float64)
    if not len(probs):
        return 0.0
    conf = probs.max(1)
    correct = (probs.argmax(1) == gold).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(conf, edges[1:-1], right=True), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(ece)


def write_calibration(
    model_dir: Path,
    temperature: float,
    fitted_on: dict[str, int],
    ece_before: float,
    ece_after: float,
    nll_before: float,
    nll_after: float,
) -> Path:
    path = Path(model_dir) / CALIBRATION_FILE
    path.write_text(
        json.dumps(
            {
                "temperature": round(float(temperature), 4),
                "fitted_on": fitted_on,
                "method": "temperature scaling, NLL minimised on the pooled dev-role sets (three-way labels)",
                "dev_ece_before": round(ece_before, 4),
                "dev_ece_after": round(ece_after, 4),
                "dev_nll_before": round(nll_before, 4),
                "dev_nll_after": round(nll_after, 4),
            },
            indent=2,
        )
    )
    return path


def dev_logits(model, data_root: Path, dev_sets: list[str], batch_size: int = 64, log=print):
    """Raw logits and gold labels (LABELS indices) of the three-way dev-role sets, pooled, plus rows per set."""
    from checker.nli import LABELS, nli_logits
    from checker.training import data

    all_logits, all_gold, used = [], [], {}
    for name in dev_sets:
        ex = data.load([name], data.DEV_SETS, data_root)
        ex = [e for e in ex if not e.two_way and e.label in LABELS]
        if not ex:
            continue
        all_logits.append(nli_logits(model, [(e.premise, e.hypothesis) for e in ex], batch_size))
        all_gold.append(np.array([LABELS.index(e.label) for e in ex]))
        used[name] = len(ex)
        log(f"calibration: {name} {len(ex)} pairs")
    return np.concatenate(all_logits), np.concatenate(all_gold), used


def calibrate_model(
    model_dir: Path, data_root: Path, dev_sets: list[str] | None = None, batch_size: int = 64, log=print
) -> dict:
    """Fit the temperature on the dev-role sets and write ``calibration.json`` into ``model_dir``."""
    from checker.nli import load_nli
    from checker.training import data

    model = load_nli(str(model_dir), "cpu", 256)
    logits, gold, used = dev_logits(model, data_root, dev_sets or list(data.DEV_SETS), batch_size, log)
    t = fit_temperature(logits, gold)
    before = expected_calibration_error(softmax(logits, 1.0), gold)
    after = expected_calibration_error(softmax(logits, t), gold)
    write_calibration(model_dir, t, used, before, after, nll(logits, gold, 1.0), nll(logits, gold, t))
    info = json.loads((Path(model_dir) / CALIBRATION_FILE).read_text())
    log(f"temperature {t:.3f}: dev ECE {before:.3f} -> {after:.3f}")
    return info
