"""CI use: compare findings with a reviewed baseline (the JUnit XML and the step summary are writers in
:mod:`checker.report.ci`).

A baseline is a reviewed JSON file ``{"schema": "checker.baseline/1", "accepted": [{"id": ..., "reason": ...}]}``.
Updating it never loses a review: every earlier entry stays with its ``reason``; new findings are added; entries
whose finding no longer appears are kept (and reported as not seen) unless pruning is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import BaselineError
from checker.records import Finding, Severity
from checker.storage import StorageError, locked_update, read_json

BASELINE_SCHEMA = "checker.baseline/1"
__all__ = [
    "BaselineError",
    "BaselineUpdate",
    "Verdict",
    "baseline_document",
    "create_if_missing",
    "empty_baseline",
    "entries_of",
    "judge_against",
    "known",
    "load_baseline",
    "load_entries",
    "merge_into_baseline",
    "update_baseline",
    "write_baseline",
]


def load_entries(path: Path) -> list[dict]:
    """The baseline's entries as written (every field kept). Reads a baseline or a findings.json."""
    if not path.exists():
        raise BaselineError(f"{path}: baseline not found (create it with --update-baseline)")
    try:
        doc = read_json(path)
    except StorageError as exc:
        raise BaselineError(str(exc)) from exc
    if doc is None:
        raise BaselineError(f"{path}: baseline not found (create it with --update-baseline)")
    return entries_of(doc, path)


def entries_of(doc: dict, path: Path | str) -> list[dict]:
    """The entries of a baseline (or findings.json) document; a bare id string is an entry without a reason."""
    rows = doc.get("accepted", doc.get("findings"))
    if not isinstance(rows, list):
        raise BaselineError(f"{path}: no 'accepted' list")
    out: list[dict] = []
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            out.append(dict(row))
        elif isinstance(row, str):
            out.append({"id": row, "reason": ""})
    return out


def known(entry: dict) -> bool:
    """Whether a baseline entry keeps its finding from failing CI: accepted entries and reviewed ones do (a
    ``confirmed`` finding is a real problem a person has seen; a ``false_alarm`` is none), ``unsure`` ones do not."""
    return entry.get("verdict") != "unsure"


def load_baseline(path: Path) -> dict[str, str]:
    """Accepted finding ids with their reasons. Reads a baseline or a findings.json."""
    return {row["id"]: str(row.get("reason") or "") for row in load_entries(path)}


def _entry(f: Finding, reason: str = "") -> dict:
    return {
        "id": f.id,
        "pair": f.pair_id,
        "kind": f.kind.value,
        "severity": f.severity.value,
        "a_source": f.pair.a.source,
        "a": f.pair.a.text,
        "b_source": f.pair.b.source,
        "b": f.pair.b.text,
        "reason": reason,
    }


def _document(entries: list[dict]) -> dict:
    return {"schema": BASELINE_SCHEMA, "accepted": entries}


def empty_baseline() -> dict:
    return _document([])


def baseline_document(findings: list[Finding], previous: dict[str, str]) -> dict:
    """A baseline accepting exactly the current findings, keeping reasons already written (see update_baseline)."""
    return _document([_entry(f, previous.get(f.id, previous.get(f.legacy_id, ""))) for f in findings])


def _seen_ids(findings: list[Finding]) -> set[str]:
    return {f.id for f in findings} | {f.legacy_id for f in findings}


@dataclass
class BaselineUpdate:
    """The updated baseline and what changed: entries added, entries kept although not seen, entries pruned."""

    document: dict
    added: list[Finding] = field(default_factory=list)
    unseen: list[dict] = field(default_factory=list)
    pruned: list[dict] = field(default_factory=list)

    def message(self, path: Path | str) -> str:
        total = len(self.document["accepted"])
        parts = [f"baseline {path}: {total} entries, {len(self.added)} added"]
        if self.pruned:
            parts.append(f"{len(self.pruned)} not seen in this run removed (--prune)")
        elif self.unseen:
            parts.append(f"{len(self.unseen)} not seen in this run kept (--prune removes them)")
        return ", ".join(parts)


def update_baseline(entries: list[dict], findings: list[Finding], prune: bool = False) -> BaselineUpdate:
    """Every earlier entry (and its reason) kept in order, then every new finding added.

    An earlier entry under a finding's older id (kind and sentences only) counts as seen, and the finding's new
    entry takes over its reason. With ``prune``, entries no finding matches are removed.
    """
    seen = _seen_ids(findings)
    have = {e["id"] for e in entries}
    reasons = {e["id"]: str(e.get("reason") or "") for e in entries}
    kept: list[dict] = []
    unseen: list[dict] = []
    for e in entries:
        if e["id"] in seen:
            kept.append(e)
        else:
            unseen.append(e)
            if not prune:
                kept.append(e)
    added = []
    for f in findings:
        if f.id in have:
            continue
        have.add(f.id)
        added.append(f)
        kept.append(_entry(f, reasons.get(f.legacy_id, "")))
    return BaselineUpdate(_document(kept), added, [] if prune else unseen, unseen if prune else [])


def _locked(path: Path, update: Callable[[dict | None], dict | None]) -> None:
    try:
        locked_update(path, update)
    except StorageError as exc:
        raise BaselineError(str(exc)) from exc


def write_baseline(path: Path, document: dict) -> None:
    """Replace the baseline with ``document`` (under its lock, atomically)."""
    _locked(path, lambda _current: document)


def merge_into_baseline(path: Path, findings: list[Finding], prune: bool = False) -> BaselineUpdate:
    """Add ``findings`` to the baseline at ``path`` without losing anyone's entries.

    Under the baseline's lock the file is re-read, merged with :func:`update_baseline` and replaced atomically, so
    two runs (or a run and the review app) updating one baseline at once both keep their entries.
    """
    change: list[BaselineUpdate] = []

    def merge(doc: dict | None) -> dict:
        change.append(update_baseline(entries_of(doc, path) if doc is not None else [], findings, prune))
        return change[-1].document

    _locked(path, merge)
    return change[-1]


def create_if_missing(path: Path) -> bool:
    """Create an empty baseline at ``path`` unless one exists (checked under its lock); True when created."""
    created: list[bool] = []

    def create(doc: dict | None) -> dict | None:
        created.append(doc is None)
        return empty_baseline() if doc is None else None  # None: leave an existing file as it is

    _locked(path, create)
    return created[-1]


@dataclass
class Verdict:
    new: list[Finding]
    failing: list[Finding]
    known: list[Finding]
    unseen: list[str] = field(default_factory=list)  # baseline ids no finding of this run matches
    reasons: dict[str, str] = field(default_factory=dict)  # the baseline's reasons by id


def _accepted(f: Finding, baseline: dict[str, str]) -> bool:
    return f.id in baseline or f.legacy_id in baseline


def judge_against(findings: list[Finding], baseline: dict[str, str], fail_on: Severity | str) -> Verdict:
    new = [f for f in findings if not _accepted(f, baseline)]
    seen = _seen_ids(findings)
    return Verdict(
        new,
        [f for f in new if f.severity.at_least(fail_on)],
        [f for f in findings if _accepted(f, baseline)],
        [i for i in baseline if i not in seen],
        dict(baseline),
    )
