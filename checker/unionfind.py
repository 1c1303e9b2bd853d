"""A union-find over hashable keys (event grouping and name aliases both use it)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class UnionFind(Generic[K]):
    """Disjoint sets; ``union`` keeps the smaller root when keys are ordered, else the first."""

    def __init__(self, keys: Iterable[K] = ()) -> None:
        self.parent: dict[K, K] = {k: k for k in keys}

    def find(self, x: K) -> K:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: K, b: K, keep_min: bool = False) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if keep_min:
            lo, hi = (ra, rb) if ra <= rb else (rb, ra)  # type: ignore[operator]
            self.parent[hi] = lo
        else:
            self.parent[rb] = ra
