"""Files that hold people's work (the CI baseline, review verdicts): locked read-merge-write, atomic replace.

Two writers of one file must never lose each other's entries. :func:`locked_update` takes an exclusive lock on a
lock file beside the target (``.NAME-lock``, via ``filelock``), re-reads the file under it, hands the current
document to a merge function and writes what that returns atomically (a temporary file in the same directory,
fsynced, renamed into place). Readers never take the lock: they see the old file or the new one, never half of one.

    from checker.storage import locked_update

    def add_verdict(doc):
        doc = doc or {"schema": "checker.baseline/1", "accepted": []}
        doc["accepted"].append({"id": "abc", "reason": "checked by hand"})
        return doc

    locked_update(Path("reports/baseline.json"), add_verdict, schema="checker.baseline/1")

This module imports no stage and no model, so any tool (the CLI, a review app) can use it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from checker.errors import CheckerError

__all__ = ["StorageError", "atomic_write_text", "lock_path", "locked_update", "read_json", "write_temp"]

LOCK_TIMEOUT = 120.0  # seconds a writer waits for another one before giving up with a clear error


class StorageError(CheckerError, ValueError):
    """A stored document cannot be read, locked or written; the message names the file."""


def lock_path(path: Path) -> Path:
    """The lock file that guards ``path`` (hidden, beside it; it may stay there after a run, harmlessly)."""
    return path.with_name(f".{path.name}-lock")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_temp(path: Path, text: str) -> Path:
    """Write ``text`` to a hidden temporary file beside ``path`` (fsynced) and return that file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the file is as readable as any file written
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename: readers see the old file or the new one, never half."""
    os.replace(write_temp(path, text), path)
    try:  # make the rename itself durable (a crash right after it keeps the new file)
        dirfd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - directories that cannot be opened (some platforms)
        return
    try:
        os.fsync(dirfd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dirfd)


def read_json(path: Path, schema: str | None = None) -> dict[str, Any] | None:
    """The JSON object stored at ``path``, or ``None`` when there is no file yet.

    Raises :class:`StorageError` when the file is not a JSON object, or has a ``schema`` other than ``schema``.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from exc
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise StorageError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(doc, dict):
        raise StorageError(f"{path}: expected a JSON object")
    if schema is not None and doc.get("schema", schema) != schema:
        raise StorageError(f"{path}: schema {doc.get('schema')!r}, expected {schema!r}")
    return doc


def locked_update(
    path: Path | str,
    update: Callable[[dict[str, Any] | None], dict[str, Any] | None],
    *,
    schema: str | None = None,
    timeout: float = LOCK_TIMEOUT,
) -> dict[str, Any] | None:
    """Read, merge and write the JSON document at ``path`` while holding its lock; returns what is stored now.

    ``update`` gets the document as it is on disk now (``None`` when the file does not exist yet) and returns the
    document to store, or ``None`` to leave the file as it is; it runs under the lock, so it must merge into what
    it is given (never into an older copy read before the call). When ``update`` raises, nothing is written.
    ``schema``, when given, is checked on the document read. Waiting longer than ``timeout`` seconds for another
    writer raises :class:`StorageError`.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path(path)), timeout=timeout)
        with lock:
            current = read_json(path, schema)
            doc = update(current)
            if doc is None:
                return current
            atomic_write_text(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    except Timeout as exc:
        raise StorageError(f"{path}: another process has held its lock for {timeout:g} s; try again") from exc
    except OSError as exc:
        raise StorageError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return doc
