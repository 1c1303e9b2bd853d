"""JSON for the cache's typed records (facts, claims): dataclasses by name from a closed registry, dates, tuples,
dicts and frozensets tagged. Never pickles; an unknown type fails to encode (the value is then computed again)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any


def encode(x: Any, types: dict[str, type]) -> Any:
    """``x`` as plain JSON values; raises ``TypeError`` on a type outside ``types``."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        name = type(x).__name__
        if types.get(name) is not type(x):
            raise TypeError(name)
        return {"__t": name, **{f.name: encode(getattr(x, f.name), types) for f in dataclasses.fields(x)}}
    if isinstance(x, date):
        return {"__d": x.isoformat()}
    if isinstance(x, tuple):
        return {"__tuple": [encode(v, types) for v in x]}
    if isinstance(x, list):
        return [encode(v, types) for v in x]
    if isinstance(x, dict):
        return {"__dict": [[encode(k, types), encode(v, types)] for k, v in x.items()]}
    if isinstance(x, frozenset):
        return {"__fs": sorted(encode(v, types) for v in x)}
    if x is None or isinstance(x, bool | int | float | str):
        return x
    raise TypeError(type(x).__name__)


def decode(x: Any, types: dict[str, type]) -> Any:
    """The inverse of :func:`encode`; raises ``KeyError`` on a type name outside ``types``."""
    if isinstance(x, list):
        return [decode(v, types) for v in x]
    if isinstance(x, dict):
        if "__t" in x:
            cls = types[x["__t"]]
            return cls(**{k: decode(v, types) for k, v in x.items() if k != "__t"})
        if "__d" in x:
            return date.fromisoformat(x["__d"])
        if "__tuple" in x:
            return tuple(decode(v, types) for v in x["__tuple"])
        if "__dict" in x:
            return {decode(k, types): decode(v, types) for k, v in x["__dict"]}
        if "__fs" in x:
            return frozenset(decode(v, types) for v in x["__fs"])
    return x


def source_digest(*files: Any) -> str:
    """A short digest of source files (a cache version changes whenever the code that made the values does)."""
    import hashlib

    h = hashlib.sha256()
    for f in files:
        if f.is_file():
            h.update(f.read_bytes())
    return h.hexdigest()[:16]
