"""The wheel, installed into a fresh virtualenv outside the checkout, runs `checker report` with the shipped model.

The wheel is built from this checkout; its dependencies (torch, sentence-transformers, ...) are taken from the
test's own environment through a ``.pth`` line, so the test needs no network and no second copy of torch. What it
proves is that the package's own files (the NLI model, config presets, templates) travel inside the wheel and are
found from any directory.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT


def source_tree(dest: Path) -> Path:
    """The checkout's files that git keeps (tracked, or new and not ignored), copied to ``dest``: a wheel built in
    place would also pack whatever an earlier build left in ``build/`` (modules since moved or deleted)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True
    )
    if listed.returncode != 0:
        return ROOT  # not a git checkout (an unpacked sdist): build where it is
    for name in filter(None, listed.stdout.decode().split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = source_tree(tmp_path_factory.mktemp("src"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            str(src),
            "-w",
            str(work / "dist"),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = (work / "dist").glob("checker-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    target = Path(
        subprocess.check_output(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    (target / "deps-from-test-env.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True
    )
    return venv


def test_installed_wheel_reports_from_another_directory(installed, tmp_path):
    scrapes = tmp_path / "scrapes"
    scrapes.mkdir()
    for name in ("000_4037480cee9d379b.txt", "001_3877e1f728c2cca9.txt"):
        shutil.copy(ROOT / "examples" / name, scrapes)
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": ""}
    where = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import checker, checker.nli as n; print(checker.__file__); print(n.nli_path('models/nli-minilm-l6'))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert str(installed) in where[0] and str(installed) in where[1], where  # the installed copy, not the checkout
    r = subprocess.run(
        [str(installed / "bin" / "checker"), "report", "scrapes", "-o", "out"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert doc["stats"]["nli_pairs"] > 0 and doc["findings"]
    v = subprocess.run(
        [str(installed / "bin" / "checker"), "--version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "MNLI-m held-out accuracy 0." in v


def test_every_package_of_the_checkout_is_packaged():
    """A subpackage missing from ``[tool.setuptools] packages`` is left out of the wheel (facts/ and normalize/
    were, when they were split out of single modules)."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "checker").rglob("__init__.py")}
    assert found - {"checker._models", "checker._configs"} <= listed, found - listed
