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
    models.load()  # load both now, once for the session
    return models


@pytest.fixture(scope="session")
def demo(cfg, models):
    """One run of the pipeline over the example scrapes.

    It runs through the session's cache (``$CHECKER_CACHE_DIR``, the one every CLI subprocess of the tests inherits),
    so the CLI tests over the examples that come after it find their vectors and NLI scores there instead of
    scoring the same pairs again in a process of their own (a cold run of the examples is about 30 s here)."""
    from checker.cache import Cache
    from checker.pipeline import run
    from checker.state import Context

    cache = Cache.open_default(cfg.cache.dir)  # as the CLI opens it
    try:
        return run([EXAMPLES], Context(cfg, models, cache))
    finally:
        cache.close()


@pytest.fixture(scope="session")
def warm_cache(demo):
    """The session's cache directory (``$CHECKER_CACHE_DIR``) holding every vector and NLI score of the examples."""
    return Path(os.environ["CHECKER_CACHE_DIR"])


@pytest.fixture(scope="session")
def warm(cfg, models, warm_cache):
    """``warm(*inputs)``: put the vectors and NLI scores of ``inputs`` into the session's cache with the session's
    models, so that the CLI subprocesses a test runs over them next read them instead of loading both models."""
    from checker.cache import Cache
    from checker.pipeline import run
    from checker.state import Context

    def warm(*inputs: Path) -> None:
        cache = Cache.open_default(cfg.cache.dir)
        try:
            run(list(inputs), Context(cfg, models, cache))
        finally:
            cache.close()

    return warm


@pytest.fixture(scope="session")
def demo_report(demo, tmp_path_factory):
    from checker.report import write_report

    out = tmp_path_factory.mktemp("demo_report")
    write_report(demo, out)
    return out


SLOW_FIXTURES = {"models", "demo", "demo_report", "warm_cache", "warm"}
SLOW_MODULES = {
    "test_api",
    "test_cache",
    "test_ci",
    "test_cli_errors",
    "test_cli_report",
    "test_judge",
    "test_models",
    "test_precision",
    "test_pipeline_examples",
    "test_training",
    "test_faults",
    "test_security",
    "test_notebook",
    "test_wheel",
    "test_readme",
    "test_planted",
}


def pytest_collection_modifyitems(config, items):
    """Mark tests that load the real models, run the CLI or build things as ``slow``."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
