"""Shared fixtures: the real models (loaded once) and one pipeline run over examples/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# Tests never touch the user's cache: one fresh cache directory per test session.
os.environ["CHECKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="checker-test-cache-")


@pytest.fixture(scope="session")
def cfg():
    from checker.config import load_config

    return load_config(None)


@pytest.fixture(scope="session")
def models(cfg):
    from checker.state import Models

    models = Models(cfg)
    models.embedder, models.nli  # load both now, once for the session
    return models


@pytest.fixture(scope="session")
def demo(cfg, models):
    """One run of the pipeline over the example scrapes."""
    from checker.pipeline import run
    from checker.state import Context

    return run([EXAMPLES], Context(cfg, models))


@pytest.fixture(scope="session")
def demo_report(demo, tmp_path_factory):
    from checker.report import write_report

    out = tmp_path_factory.mktemp("demo_report")
    write_report(demo, out)
    return out
