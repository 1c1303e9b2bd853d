"""NLI leaf module: label names, label lookup by name, probabilities, model loading.

``judge`` (inference) and ``training`` both import this module; it imports neither.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from checker.errors import ModelError
from checker.resources import offline_env, resolve_local

LABELS: tuple[str, str, str] = ("entailment", "neutral", "contradiction")
CALIBRATION_FILE = "calibration.json"  # {"temperature": T, ...} beside the weights, written by training
ID2LABEL = {0: "entailment", 1: "neutral", 2: "contradiction"}


class NLIModel(Protocol):
    """What the checker needs of an NLI cross-encoder (sentence-transformers' ``CrossEncoder`` fits)."""

    @property
    def config(self) -> Any: ...

    def predict(self, sentences: list[tuple[str, str]], **kwargs: Any) -> Any: ...


def label_columns(id2label: dict) -> list[int]:
    """Column index of each name in LABELS, read from a model's ``id2label``."""
    by_name = {str(v).lower(): int(k) for k, v in id2label.items()}
    missing = [name for name in LABELS if name not in by_name]
    if missing:
        raise ValueError(f"model config id2label {id2label} lacks label(s) {missing}")
    return [by_name[name] for name in LABELS]


def nli_logits(model: NLIModel, pairs: list[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
    """Raw logits (no temperature), columns in LABELS order, found by name in ``config.id2label``."""
    if not pairs:
        return np.zeros((0, 3), dtype=np.float64)
    logits = model.predict(
        pairs,
        batch_size=batch_size,
        show_progress_bar=False,
        convert_to_numpy=True,
        apply_softmax=False,
        activation_fn=None,
    )
    logits = np.asarray(logits, dtype=np.float64)
    return logits[:, label_columns(model.config.id2label)]


def nli_probs(
    model: NLIModel, pairs: list[tuple[str, str]], batch_size: int = 32, temperature: float | None = None
) -> np.ndarray:
    """Softmax probabilities, columns in LABELS order (entailment, neutral, contradiction).

    Columns are found by name in the model's ``config.id2label``, never by position. Logits are divided by
    ``temperature``, by default the model's own ``nli_temperature`` (set by ``load_nli`` from
    ``calibration.json``) or 1.
    """
    if not pairs:
        return np.zeros((0, 3), dtype=np.float32)
    t = float(temperature if temperature is not None else getattr(model, "nli_temperature", None) or 1.0)
    logits = nli_logits(model, pairs, batch_size) / t
    e = np.exp(logits - logits.max(1, keepdims=True))
    return (e / e.sum(1, keepdims=True)).astype(np.float32)


def read_temperature(model_dir: Path) -> float | None:
    """The temperature in ``model_dir/calibration.json``, or None."""
    import json

    path = Path(model_dir) / CALIBRATION_FILE
    if not path.is_file():
        return None
    t = float(json.loads(path.read_text(encoding="utf-8")).get("temperature") or 0)
    return t if t > 0 else None


def nli_path(name: str) -> Path | None:
    """The local directory of NLI model ``name`` (a path, or a model shipped with the package), or None."""
    return resolve_local(name)


def nli_format(precision: str, quantize: bool = False, device: str = "cpu") -> str:
    """The number format the NLI model runs in: ``float32``, ``bfloat16``, ``int8-rows-b8`` (``checker.quant``) or
    ``native`` (a GPU), from a resolved ``precision`` (``checker.models.resolve_precision``) and ``models.quantize``."""
    if device != "cpu":
        return "native"
    if quantize or precision == "int8":
        from checker.quant import FORMAT

        return FORMAT
    return precision


def load_nli(
    name: str,
    device: str = "cpu",
    max_length: int = 256,
    allow_download: bool = False,
    quantize: bool = False,
    precision: str = "float32",
) -> Any:
    """The NLI cross-encoder: a local directory, or a Hub name when downloads are allowed.

    Only safetensors weights are loaded, never pickles or remote code. ``precision`` ``bfloat16`` (CPU) loads the
    weights in bfloat16; ``int8`` (or ``quantize``; CPU) turns the Linear layers into batch-invariant int8 (per-row
    activation scales, per-channel weights, exact int32 products, pairs batched by padded length:
    ``checker.quant``), so a pair scores the same alone or with any batch neighbours.
    """
    from sentence_transformers.cross_encoder import CrossEncoder

    local = resolve_local(name)
    if local is not None:
        if not (local / "model.safetensors").exists():
            raise ModelError(f"{local}: no model.safetensors (only safetensors weights are loaded)")
        offline_env()
        target, offline = str(local), True
    elif allow_download:
        target, offline = name, False
    else:
        raise ModelError(
            f"NLI model {name!r} not found locally. Train it with 'checker train-nli', point "
            "models.nli at a local directory, or set models.allow_download: true to fetch it "
            "from the Hugging Face Hub."
        )
    import torch

    from checker.models import check_device, resolve_precision

    check_device(device)
    fmt = nli_format(resolve_precision(precision, device), quantize, device)
    dtype = None  # on a GPU: as stored (fp16)
    if device == "cpu":  # fp16 weights run slowly on CPU; bfloat16 is fast where the CPU has it natively
        dtype = torch.bfloat16 if fmt == "bfloat16" else torch.float32
    kwargs: dict[str, Any] = {"use_safetensors": True, **({"dtype": dtype} if dtype else {})}
    try:
        model: Any = CrossEncoder(
            target,
            device=device,
            max_length=max_length,
            local_files_only=offline,
            trust_remote_code=False,
            model_kwargs=kwargs,
        )
    except OSError as exc:
        raise ModelError(f"could not load NLI model {name!r}: {exc}") from exc
    if fmt not in ("float32", "bfloat16", "native"):
        from checker.quant import BucketedCrossEncoder

        model = BucketedCrossEncoder(model, max_length)
    elif fmt == "bfloat16":
        # bfloat16 kernels round differently for other shapes: pairs padded to their length bucket and batched
        # BF16_ROWS at a time (the last batch filled) make every pair's score the same alone or in any run
        from checker.quant import BF16_ROWS, BucketedCrossEncoder

        model = BucketedCrossEncoder(model, max_length, quantize=False, rows=BF16_ROWS)
    if local is not None:
        model.nli_temperature = read_temperature(local)
    return model


def card_summary(name: str = "models/nli-minilm-l6") -> str:
    """One line from the model card: the model's name and its measured MNLI-m held-out accuracy."""
    path = resolve_local(name)
    if path is None:
        return f"NLI model {name}: not found"
    card = path / "README.md"
    if card.is_file():
        for line in card.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells and cells[0] == "mnli-m-heldout" and len(cells) >= 3:
                return f"NLI model {path.name}: MNLI-m held-out accuracy {cells[2]} ({cells[1]} pairs)"
    return f"NLI model {path.name}: no measured accuracy in its card"
