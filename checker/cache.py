"""A persistent cache of sentence vectors and NLI probabilities (one SQLite file).

Keys are the model identity plus a SHA-256 of the text, so a rerun over the same
scrapes computes only what is new. SQLite in WAL mode with a busy timeout makes
it safe for two runs at once, and a run killed mid-write loses at most its
uncommitted batch: every batch is one transaction. Values are raw float32 bytes,
never pickles.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import numpy as np

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
                                    PRIMARY KEY (model, key));
CREATE TABLE IF NOT EXISTS nli (model TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
                                PRIMARY KEY (model, key));
CREATE TABLE IF NOT EXISTS segments (model TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
                                     PRIMARY KEY (model, key));
CREATE TABLE IF NOT EXISTS facts (model TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
                                  PRIMARY KEY (model, key));
CREATE TABLE IF NOT EXISTS claims (model TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
                                   PRIMARY KEY (model, key));
"""


def default_cache_dir(configured: str | None = None) -> Path:
    """``CHECKER_CACHE_DIR``, else the configured directory, else the platform cache directory."""
    env = os.environ.get("CHECKER_CACHE_DIR")
    if env:
        return Path(env)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("checker"))


def text_key(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def model_identity(name: str, path: str | Path | None) -> str:
    """Name plus a digest of the weights file, so a retrained model never reuses old scores."""
    if path is None:
        return name
    p = Path(path)
    weights = p / "model.safetensors" if p.is_dir() else p
    if not weights.exists():
        return f"{name}@{p}"
    st = weights.stat()
    h = hashlib.sha256()
    with weights.open("rb") as fh:
        h.update(fh.read(1 << 20))
    h.update(f"{st.st_size}".encode())
    return f"{name}@{h.hexdigest()[:16]}"


class Cache:
    """Vectors and NLI probabilities by (model identity, text hash)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=60000")
        self.conn.executescript(SCHEMA)
        self.hits = 0
        self.misses = 0

    @classmethod
    def open_default(cls, configured: str | None = None) -> Cache:
        return cls(default_cache_dir(configured) / "cache.sqlite")

    def close(self) -> None:
        self.conn.close()

    def _get(self, table: str, model: str, keys: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for lo in range(0, len(keys), 500):
            chunk = keys[lo : lo + 500]
            q = f"SELECT key, value FROM {table} WHERE model = ? AND key IN ({','.join('?' * len(chunk))})"
            out.update(dict(self.conn.execute(q, [model, *chunk]).fetchall()))
        return out

    def _put(self, table: str, model: str, items: list[tuple[str, bytes]]) -> None:
        if not items:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany(
                f"INSERT OR REPLACE INTO {table} (model, key, value) VALUES (?, ?, ?)",
                [(model, k, v) for k, v in items],
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def spans(self, version: str, texts: list[str], compute) -> list[list[tuple[int, int]]]:
        """Sentence spans of each text (int32 pairs), from the cache or ``compute(text)``."""
        keys = [text_key(t) for t in texts]
        found = self._get("segments", version, list(dict.fromkeys(keys)))
        out: list[list[tuple[int, int]]] = []
        fresh: list[tuple[str, bytes]] = []
        for k, t in zip(keys, texts, strict=True):
            if k in found:
                flat = np.frombuffer(found[k], dtype=np.int32)
                out.append([(int(a), int(b)) for a, b in flat.reshape(-1, 2)])
                self.hits += 1
            else:
                spans = compute(t)
                out.append(spans)
                fresh.append((k, np.asarray(spans, dtype=np.int32).reshape(-1).tobytes()))
                found[k] = fresh[-1][1]
                self.misses += 1
        self._put("segments", version, fresh)
        return out

    def cached(self, table: str, model: str, keys: list[str], width: int, compute) -> np.ndarray:
        """Rows for ``keys``: from the cache where present, else ``compute(missing_indices)``, then stored."""
        out, missing = self.lookup(table, model, keys, width)
        if missing:
            fresh = np.asarray(compute(missing), dtype=np.float32)
            out[missing] = fresh
            self.store(table, model, [keys[i] for i in missing], fresh)
        return out

    def lookup(self, table: str, model: str, keys: list[str], width: int) -> tuple[np.ndarray, list[int]]:
        """Rows for ``keys`` found in the cache (zeros elsewhere) and the indices of the keys not found."""
        found = self._get(table, model, list(dict.fromkeys(keys)))
        out = np.zeros((len(keys), width), dtype=np.float32)
        missing = []
        for i, k in enumerate(keys):
            v = found.get(k)
            if v is not None and len(v) == 4 * width:
                out[i] = np.frombuffer(v, dtype=np.float32)
            else:
                missing.append(i)
        self.hits += len(keys) - len(missing)
        self.misses += len(missing)
        return out, missing

    def store(self, table: str, model: str, keys: list[str], rows: np.ndarray) -> None:
        """Write ``rows`` (float32) under ``keys``, one transaction."""
        rows = np.asarray(rows, dtype=np.float32)
        self._put(table, model, [(k, rows[n].tobytes()) for n, k in enumerate(keys)])

    def blobs(self, table: str, model: str, keys: list[str]) -> dict[str, bytes]:
        """The stored values of those ``keys`` that are in the cache (raw bytes)."""
        return self._get(table, model, list(dict.fromkeys(keys)))

    def put_blobs(self, table: str, model: str, items: list[tuple[str, bytes]]) -> None:
        """Store raw values, one transaction."""
        self._put(table, model, items)
