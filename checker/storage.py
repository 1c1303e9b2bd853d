"""Shared JSON files (the baseline) updated safely: a file lock, a re-read under it, the update, an atomic write.

Two reviewers, or a review while ``checker ci --update-baseline`` runs, lose nothing: each update reads the file as
it is under the lock and writes its change on top (a temporary file renamed into place).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from checker.errors import BaselineError

LOCK_TIMEOUT = 30.0


def lock_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.lock")


def read_json(path: Path) -> Any | None:
    """The file's JSON document, or None when it does not exist; a bad file is a one-line ``BaselineError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not valid JSON (line {exc.lineno})") from exc


def locked_update(path: Path, update_fn: Callable[[Any | None], Any]) -> Any:
    """Under ``path``'s lock: read the document (None if missing), ``update_fn`` it, write the result atomically.

    Returns what was written. If ``update_fn`` raises, nothing is written.
    """
    from checker.report.write import _atomic_write

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(lock_path(path)), timeout=LOCK_TIMEOUT):
            new = update_fn(read_json(path))
            _atomic_write(path, json.dumps(new, indent=2, ensure_ascii=False) + "\n")
    except Timeout as exc:
        raise BaselineError(f"{path}: locked by another writer for {LOCK_TIMEOUT:.0f} s") from exc
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return new


def update_baseline_file(path: Path, findings: list, prune: bool = False):
    """``checker ci --update-baseline``: merge this run's findings into the baseline as it is under the lock, so a
    verdict written meanwhile (``checker review``) is kept. Returns the :class:`checker.ci.BaselineUpdate`."""
    from checker import ci

    changes: list[ci.BaselineUpdate] = []

    def merge(_doc: Any) -> dict:
        entries = ci.load_entries(path) if path.exists() else []
        changes.append(ci.update_baseline(entries, findings, prune))
        return changes[-1].document

    locked_update(path, merge)
    return changes[-1]
