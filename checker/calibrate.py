"""Learn from the verdicts: precision per kind and severity, and thresholds that reach a target precision.

A verdict ``confirmed`` is a true finding, ``false_alarm`` a false one (``unsure`` is left out). For the kinds one
setting gates as a floor on one measured value (a finding of that kind is raised only when the value is at least
the setting), the threshold is the least value, no lower than the current setting, at which the findings kept reach
the target precision. It is estimated with k-fold cross-validation over the findings: each fold's threshold is fitted
on the other folds and measured on it, so the precision reported is what carries to findings not seen in the fit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from checker.config import Config
from checker.rules import KINDS

# kind -> (its setting, the finding's value it is compared with): the setting is a floor for that kind only. Each
# kind's rule module declares its gate when it registers (checker.rules), e.g. entity: findings.entity.similarity.
GATES: dict[str, tuple[str, str]] = {
    r.kind.value: (f"findings.{r.kind.value}.{r.gate.setting}", r.gate.value) for r in KINDS.values() if r.gate
}
UNGATED = sorted(r.kind.value for r in KINDS.values() if r.gate is None)
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Verdicted:
    """A reviewed finding: its kind, severity, verdict and the values its thresholds compare."""

    id: str
    kind: str
    severity: str
    confirmed: bool
    similarity: float | None = None
    contradiction: float | None = None


@dataclass
class Precision:
    group: str
    confirmed: int
    false_alarm: int

    @property
    def verdicts(self) -> int:
        return self.confirmed + self.false_alarm

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.verdicts if self.verdicts else None


@dataclass
class Threshold:
    """What calibration says about one kind's setting."""

    kind: str
    setting: str  # section.name
    current: float
    fitted: float | None = None  # fitted on every verdict; None: the target is out of reach
    cv_precision: float | None = None  # pooled over the held-out folds
    cv_kept: int = 0  # held-out findings kept at their fold's threshold
    cv_total: int = 0
    cv_recall: float | None = None  # share of held-out confirmed findings kept
    folds_reached: int = 0
    folds: int = 0
    missing_values: int = 0  # verdicts without the value compared (older baseline entries)

    def carries(self, target: float) -> bool:
        return self.fitted is not None and self.cv_precision is not None and self.cv_precision >= target


@dataclass
class Calibration:
    target: float
    min_verdicts: int
    by_kind: list[Precision] = field(default_factory=list)
    by_severity: list[Precision] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)
    needs: dict[str, int] = field(default_factory=dict)  # kind -> verdicts still needed


def _precision(rows: list[Verdicted], group: str) -> Precision:
    c = sum(r.confirmed for r in rows)
    return Precision(group, c, len(rows) - c)


def fit(x: np.ndarray, y: np.ndarray, current: float, target: float, min_kept: int) -> float | None:
    """The least threshold >= ``current`` at which the findings kept (value >= threshold) reach ``target``."""
    for t in sorted({current, *(float(v) for v in x if v >= current)}):
        kept = x >= t
        if kept.sum() >= min_kept and y[kept].mean() >= target:
            return t
    return None


def cross_validate(
    kind: str, rows: list[Verdicted], setting: str, value: str, current: float, target: float, folds: int, min_kept: int
) -> Threshold:
    have = [r for r in rows if getattr(r, value) is not None]
    out = Threshold(kind, setting, current, missing_values=len(rows) - len(have))
    if not have:
        return out
    x = np.array([float(getattr(r, value)) for r in have])
    y = np.array([r.confirmed for r in have], dtype=float)
    out.fitted = fit(x, y, current, target, min_kept)
    k = max(2, min(folds, len(have)))
    order = np.random.default_rng(0).permutation(len(have))
    tp = kept = positives = kept_pos = 0
    for test in np.array_split(order, k):
        train = np.setdiff1d(order, test)
        t = fit(x[train], y[train], current, target, min_kept)
        out.folds += 1
        positives += int(y[test].sum())
        if t is None:
            continue
        out.folds_reached += 1
        keep = x[test] >= t
        kept += int(keep.sum())
        tp += int(y[test][keep].sum())
        kept_pos += int(y[test][keep].sum())
    out.cv_kept, out.cv_total = kept, len(have)
    out.cv_precision = tp / kept if kept else None
    out.cv_recall = kept_pos / positives if positives else None
    return out


def calibrate(
    verdicts: Iterable[Verdicted], config: Config, target: float, min_verdicts: int, folds: int, min_kept: int
) -> Calibration:
    rows = list(verdicts)
    cal = Calibration(target, min_verdicts)
    kinds = sorted({r.kind for r in rows} | set(GATES))
    for kind in kinds:
        mine = [r for r in rows if r.kind == kind]
        if mine:
            cal.by_kind.append(_precision(mine, kind))
        if len(mine) < min_verdicts:
            cal.needs[kind] = min_verdicts - len(mine)
            continue
        if kind in GATES:
            setting, value = GATES[kind]
            current = float(_get(config.model_dump(), setting))
            cal.thresholds.append(cross_validate(kind, mine, setting, value, current, target, folds, min_kept))
    for sev in SEVERITIES:
        mine = [r for r in rows if r.severity == sev]
        if mine:
            cal.by_severity.append(_precision(mine, sev))
    return cal


def _get(data: dict, dotted: str) -> Any:
    """``data["findings"]["entity"]["similarity"]`` for ``"findings.entity.similarity"``."""
    for key in dotted.split("."):
        data = data[key]
    return data


def calibrated_config(config: Config, cal: Calibration) -> tuple[Config, list[str]]:
    """``config`` with every threshold that carries to held-out findings set; and the settings changed."""
    data = config.model_dump(mode="json")
    changed = []
    for t in cal.thresholds:
        if t.carries(cal.target) and t.fitted is not None and t.fitted > t.current:
            *path, name = t.setting.split(".")
            _get(data, ".".join(path))[name] = math.floor(t.fitted * 1000) / 1000  # a finding at the value is kept
            changed.append(t.setting)
    return Config.model_validate(data), changed


def write_config(path: Path, config: Config, header: str) -> None:
    from checker.storage import atomic_write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False)
    atomic_write_text(path, "".join(f"# {line}\n" for line in header.splitlines()) + body)


def from_entries(entries: Iterable[dict], findings: dict[str, dict] | None = None) -> list[Verdicted]:
    """Verdicts of baseline entries; a ``findings.json`` (by id) supplies values the entries lack. An id listed
    twice counts once, with its last entry's verdict (as ``checker ci`` reads a baseline)."""
    findings = findings or {}
    last = {e["id"]: e for e in entries}
    out = []
    for e in last.values():
        v = e.get("verdict")
        if v not in ("confirmed", "false_alarm"):
            continue
        f = findings.get(e["id"], {})
        sim = e.get("similarity", f.get("similarity"))
        con = e.get("contradiction", (f.get("nli") or {}).get("contradiction"))
        out.append(
            Verdicted(
                e["id"],
                str(e.get("kind") or f.get("kind") or ""),
                str(e.get("severity") or f.get("severity") or ""),
                v == "confirmed",
                float(sim) if isinstance(sim, (int, float)) else None,
                float(con) if isinstance(con, (int, float)) else None,
            )
        )
    return out


def from_history(path: Path) -> list[Verdicted]:
    """The last verdict the history recorded for each finding id."""
    from checker.history import latest_verdicts

    return [
        Verdicted(f.id, f.kind, f.severity, f.verdict == "confirmed", f.similarity, f.contradiction)
        for f in latest_verdicts(path).values()
        if f.verdict in ("confirmed", "false_alarm")
    ]
