"""What ``checker train-nli`` and ``checker eval-nli`` do, as functions the command line calls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import InputError
from checker.training import data as nli_data
from checker.training.evaluate import SetScore

if TYPE_CHECKING:  # pragma: no cover
    from checker.training.train import TrainSettings

Log = Callable[[str], None]

EXTRA_EVAL_SETS = ("vitaminc-dev", "synthetic-dev")  # dev-role sets eval-nli reports beside the test-role ones


def check_data(data: Path) -> None:
    if not data.is_dir():
        raise InputError(f"{data}: NLI data directory not found (pass --data)")


def check_sets(train_sets: list[str], dev_sets: list[str], caps: list[str]) -> dict[str, int]:
    """Refuse set names that are not train-role (``--train-set``) or dev-role (``--dev-set``) sets; return the
    ``--cap NAME=N`` items as a dict."""
    for name in train_sets:
        if name not in nli_data.TRAIN_SETS:
            raise InputError(f"--train-set {name}: not a train-role set; known: {', '.join(nli_data.TRAIN_SETS)}")
    for name in dev_sets:
        if name not in nli_data.DEV_SETS:
            raise InputError(f"--dev-set {name}: not a dev-role set; known: {', '.join(nli_data.DEV_SETS)}")
    cap_map: dict[str, int] = {}
    for item in caps:
        name, _, n = item.partition("=")
        if name not in nli_data.TRAIN_SETS or not n.isdigit():
            raise InputError(f"--cap {item}: expected NAME=N with NAME a train-role set")
        cap_map[name] = int(n)
    return cap_map


def evaluate_model(
    model_path: Path,
    data: Path,
    sets: list[str] | None,
    batch_size: int,
    limit: int | None = None,
    quantize: bool = False,
    precision: str = "float32",
    log: Log = print,
) -> list[SetScore]:
    """Scores of the model on ``sets`` (default: the test-role sets and :data:`EXTRA_EVAL_SETS`), one line each
    to ``log``."""
    from checker.nli import load_nli, nli_logits
    from checker.training.evaluate import score_with_calibration

    model = load_nli(str(model_path), "cpu", 256, quantize=quantize, precision=precision)
    temperature = getattr(model, "nli_temperature", None)
    names = sets or list(nli_data.TEST_SETS) + list(EXTRA_EVAL_SETS)
    scores = []
    for name in names:
        table = nli_data.TEST_SETS if name in nli_data.TEST_SETS else nli_data.DEV_SETS
        try:
            ex = nli_data.load([name], table, data)[: limit or None]
        except KeyError as exc:
            raise InputError(str(exc.args[0])) from exc
        logits = nli_logits(model, [(e.premise, e.hypothesis) for e in ex], batch_size)
        s = score_with_calibration(name, ex, logits, temperature)
        log(
            f"{name}: accuracy {s.accuracy:.3f}, contradiction F1 {s.contradiction_f1:.3f}, ECE "
            f"{s.ece_uncalibrated:.3f} -> {s.ece:.3f} (T={temperature or 1:.3f}, {s.n} pairs)"
        )
        scores.append(s)
    return scores


def train_nli(
    settings: TrainSettings,
    evaluate: bool,
    export_best: bool = False,
    export_seconds: float | None = None,
    export_commit: str | None = None,
    log: Log = print,
) -> Path:
    """Train (or, with ``export_best``, ship the best checkpoint of a stopped run); with ``evaluate`` fit the
    temperature, score the test-role sets and write the model card. Returns the model directory."""
    from checker.training.card import write_card
    from checker.training.train import export_checkpoint, train

    if export_best:
        path = export_checkpoint(settings, seconds=export_seconds, commit=export_commit, log=log)
    else:
        path = train(settings, log=log)
    if evaluate:
        from checker.training.calibrate import calibrate_model

        calibrate_model(path, settings.data_root, None, 64, log=log)
        scores = evaluate_model(path, settings.data_root, None, 64, log=log)
        write_card(path, scores, settings.command)
    return path


def eval_nli(
    model: Path,
    data: Path,
    sets: list[str] | None,
    batch_size: int,
    limit: int | None,
    quantize: bool,
    precision: str,
    fit_temperature: bool,
    write_card: bool = False,
    log: Log = print,
) -> list[SetScore]:
    """Optionally fit the temperature first (writes calibration.json), then :func:`evaluate_model`; the card
    (``write_card``) and the temperature are written from float32 scores only."""
    check_data(data)
    if precision not in ("auto", "float32", "bfloat16", "int8"):
        raise InputError(f"--precision {precision!r}: use float32, bfloat16, int8 or auto")
    if (quantize or precision != "float32") and (write_card or fit_temperature):
        raise InputError(
            "--quantize and --precision only measure; the card and calibration.json are written from float32"
        )
    if fit_temperature:
        from checker.training.calibrate import calibrate_model

        calibrate_model(model, data, None, batch_size, log=log)
    return evaluate_model(model, data, sets, batch_size, limit, quantize, precision, log)
