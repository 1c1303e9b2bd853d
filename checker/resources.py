"""Where shipped files live: the NLI model (``models/``) and config presets (``configs/``).

In a source checkout they are the top-level folders; in an installed wheel they are package data
(``checker._models``, ``checker._configs``, mapped onto those folders by ``pyproject.toml``) found with
:mod:`importlib.resources`, so the checker runs from any directory.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _package_dir(data: str, folder: str) -> Path | None:
    """``checker/<data>`` of an installed wheel, else ``<folder>`` of the source checkout, else None."""
    installed = Path(str(resources.files("checker") / data))
    if installed.is_dir():
        return installed
    checkout = _CHECKOUT / folder
    return checkout if checkout.is_dir() else None


def models_dir() -> Path | None:
    """The folder of shipped models, or None when neither installed nor in a checkout."""
    return _package_dir("_models", "models")


def configs_dir() -> Path | None:
    """The folder of shipped config presets (``default.yaml``, ``ci.yaml``, ``accurate.yaml``)."""
    return _package_dir("_configs", "configs")


def resolve_local(name: str) -> Path | None:
    """A local directory for model ``name``: absolute, relative to the working directory, or shipped.

    ``models/nli-minilm-l6`` (the default) and ``nli-minilm-l6`` both find the shipped model.
    """
    cand = Path(name).expanduser()
    if cand.is_dir():
        return cand
    shipped = models_dir()
    if shipped is not None:
        rel = Path(name)
        parts = rel.parts[1:] if rel.parts[:1] == ("models",) else rel.parts
        if parts and not rel.is_absolute():
            target = shipped.joinpath(*parts)
            if target.is_dir():
                return target
    return None


def offline_env() -> None:
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
