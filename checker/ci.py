"""CI use: compare findings with a reviewed baseline, write JUnit XML and a Markdown summary.

A baseline is a reviewed JSON file ``{"schema": "checker.baseline/1", "accepted": [{"id": ..., "reason": ...}]}``.
Updating it never loses a review: every earlier entry stays with its ``reason``; new findings are added; entries
whose finding no longer appears are kept (and reported as not seen) unless pruning is asked for.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import BaselineError
from checker.records import Finding, RunStats, Severity
from checker.storage import StorageError, locked_update, read_json
from checker.text import md_cell

BASELINE_SCHEMA = "checker.baseline/1"
__all__ = [
    "BaselineError",
    "BaselineUpdate",
    "Verdict",
    "append_step_summary",
    "baseline_document",
    "create_if_missing",
    "empty_baseline",
    "entries_of",
    "judge_against",
    "junit_xml",
    "known",
    "load_baseline",
    "load_entries",
    "merge_into_baseline",
    "summary_markdown",
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


def junit_xml(findings: list[Finding], verdict: Verdict, fail_on: Severity | str) -> str:
    """One test case per finding; the failures are exactly the new findings at or above ``fail_on``."""
    failing = {id(f) for f in verdict.failing}
    new = {id(f) for f in verdict.new}
    suite = ET.Element("testsuite", name="checker", tests=str(len(findings)), failures="0", errors="0", skipped="0")
    failures = 0
    for f in findings:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"checker.{f.kind}",
            name=f"{f.id} {f.pair.a.article.id} / {f.pair.b.article.id}",
        )
        body = (
            f"{f.explanation}\nA ({f.pair.a.source}): {f.pair.a.text}\nB ({f.pair.b.source}): {f.pair.b.text}\n"
            f"pair {f.pair_id}"
        )
        if id(f) in failing:
            failures += 1
            fail = ET.SubElement(
                case,
                "failure",
                type=f.severity.value,
                message=f"new {f.severity} {f.kind} finding (fails at {fail_on} and above)",
            )
            fail.text = body
        else:
            out = ET.SubElement(case, "system-out")
            out.text = ("new, below --fail-on\n" if id(f) in new else "in baseline\n") + body
    suite.set("failures", str(failures))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _pairs(findings: list[Finding]) -> int:
    return len({f.pair_id for f in findings})


def summary_markdown(findings: list[Finding], verdict: Verdict, fail_on: Severity | str, stats: RunStats) -> str:
    status = "❌ failing" if verdict.failing else "✅ passing"
    fail_on = Severity(fail_on).value
    lines = [
        f"## checker: {status}",
        "",
        f"{len(findings)} findings on {_pairs(findings)} sentence pairs: {len(verdict.new)} new, "
        f"{len(verdict.failing)} new at {fail_on} or above (failing), {len(verdict.known)} in the baseline. "
        f"{stats.articles} articles, {stats.candidate_pairs} pairs compared, {stats.seconds:.1f} s.",
        "",
    ]
    if verdict.new:
        lines += ["| | severity | kind | A | B | why | id |", "|---|---|---|---|---|---|---|"]
        failing = {id(f) for f in verdict.failing}
        for f in verdict.new:
            mark = "❌" if id(f) in failing else "⚠️"
            lines.append(
                f"| {mark} | {f.severity.value} | {f.kind.value} | {md_cell(f.pair.a.source)}: {md_cell(f.pair.a.text, 80)} | "  # noqa: E501
                f"{md_cell(f.pair.b.source)}: {md_cell(f.pair.b.text, 80)} | {md_cell(f.explanation, 120)} | "
                f"`{f.id}` |"
            )
    else:
        lines.append("No new findings.")
    if verdict.unseen:
        lines += [
            "",
            f"{len(verdict.unseen)} baseline entries not seen in this run (kept; `--update-baseline --prune` "
            "removes them).",
            "",
            "<details><summary>not seen in this run</summary>",
            "",
        ]
        for i in verdict.unseen[:50]:
            reason = verdict.reasons.get(i, "")
            lines.append(f"- `{md_cell(i)}`" + (f": {md_cell(reason, 120)}" if reason else ""))
        if len(verdict.unseen) > 50:
            lines.append(f"- … and {len(verdict.unseen) - 50} more")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def append_step_summary(markdown: str) -> None:
    """Append to ``$GITHUB_STEP_SUMMARY`` when GitHub Actions sets it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(markdown)
