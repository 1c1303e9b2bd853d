"""Finding kinds: one module per kind, each registering its rule, words and settings with :func:`register`
(spaCy's factory idea).

A rule looks at one judged pair and the claims of its two sides and returns at most one finding, made with its final
severity (see :mod:`checker.rules.base`). A new kind is one new module in this package: every module here is imported
when the package is, so nothing else needs to name it. Rule modules import :mod:`checker.rules.base`, never this
package, so there is no import cycle.
"""

from __future__ import annotations

import importlib
import pkgutil

from checker.records import Kind
from checker.rules.base import KINDS, RULES, Gate, Registered, Rule, RuleContext, make, ordered, register, spec


def _discover() -> None:
    """Import every module of this package (each rule module registers its kind when imported)."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name != "base" and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_discover()


def legend(kind: str) -> str:
    """The legend line of ``kind`` ("" for a kind no module registers, e.g. read from an older findings.json)."""
    r = KINDS.get(Kind(kind))
    return r.legend if r is not None else ""


__all__ = [
    "KINDS",
    "RULES",
    "Gate",
    "Registered",
    "Rule",
    "RuleContext",
    "legend",
    "make",
    "ordered",
    "register",
    "spec",
]
