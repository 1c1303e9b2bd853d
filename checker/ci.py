"""CI use: compare findings with a reviewed baseline, write JUnit XML and a Markdown summary."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from checker.errors import BaselineError
from checker.records import Finding, RunStats, Severity
from checker.text import md_cell

BASELINE_SCHEMA = "checker.baseline/1"
__all__ = [
    "BaselineError",
    "Verdict",
    "append_step_summary",
    "baseline_document",
    "judge_against",
    "junit_xml",
    "load_baseline",
    "summary_markdown",
]


def load_baseline(path: Path) -> dict[str, str]:
    """Accepted finding ids with their reasons. Reads a baseline or a findings.json."""
    if not path.exists():
        raise BaselineError(f"{path}: baseline not found (create it with --update-baseline)")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: not valid JSON ({exc.__class__.__name__})") from exc
    if not isinstance(doc, dict):
        raise BaselineError(f"{path}: expected a JSON object")
    rows = doc.get("accepted", doc.get("findings"))
    if not isinstance(rows, list):
        raise BaselineError(f"{path}: no 'accepted' list")
    out = {}
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            out[row["id"]] = str(row.get("reason") or "")
        elif isinstance(row, str):
            out[row] = ""
    return out


def baseline_document(findings: list[Finding], previous: dict[str, str]) -> dict:
    """A baseline accepting every current finding, keeping reasons already written."""
    return {
        "schema": BASELINE_SCHEMA,
        "accepted": [
            {
                "id": f.id,
                "kind": f.kind.value,
                "severity": f.severity.value,
                "a": f.pair.a.text,
                "b": f.pair.b.text,
                "reason": previous.get(f.id, ""),
            }
            for f in findings
        ],
    }


@dataclass
class Verdict:
    new: list[Finding]
    failing: list[Finding]
    known: list[Finding]


def judge_against(findings: list[Finding], baseline: dict[str, str], fail_on: Severity | str) -> Verdict:
    new = [f for f in findings if f.id not in baseline]
    return Verdict(new, [f for f in new if f.severity.at_least(fail_on)], [f for f in findings if f.id in baseline])


def junit_xml(findings: list[Finding], verdict: Verdict, fail_on: Severity | str) -> str:
    failing = {f.id for f in verdict.failing}
    new = {f.id for f in verdict.new}
    suite = ET.Element(
        "testsuite", name="checker", tests=str(len(findings)), failures=str(len(failing)), errors="0", skipped="0"
    )
    for f in findings:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"checker.{f.kind}",
            name=f"{f.id} {f.pair.a.article.id} / {f.pair.b.article.id}",
        )
        body = f"{f.explanation}\nA ({f.pair.a.source}): {f.pair.a.text}\nB ({f.pair.b.source}): {f.pair.b.text}"
        if f.id in failing:
            fail = ET.SubElement(
                case,
                "failure",
                type=f.severity.value,
                message=f"new {f.severity} {f.kind} finding (fails at {fail_on} and above)",
            )
            fail.text = body
        else:
            out = ET.SubElement(case, "system-out")
            out.text = ("new, below --fail-on\n" if f.id in new else "in baseline\n") + body
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def summary_markdown(findings: list[Finding], verdict: Verdict, fail_on: Severity | str, stats: RunStats) -> str:
    status = "❌ failing" if verdict.failing else "✅ passing"
    lines = [
        f"## checker: {status}",
        "",
        f"{len(findings)} findings: {len(verdict.new)} new, {len(verdict.failing)} new at {fail_on} or above, "
        f"{len(verdict.known)} in the baseline. {stats.articles} articles, {stats.candidate_pairs} pairs, "
        f"{stats.seconds:.1f} s.",
        "",
    ]
    if verdict.new:
        lines += ["| | severity | kind | A | B | why |", "|---|---|---|---|---|---|"]
        failing = {f.id for f in verdict.failing}
        for f in verdict.new:
            mark = "❌" if f.id in failing else "⚠️"
            lines.append(
                f"| {mark} | {f.severity.value} | {f.kind.value} | {md_cell(f.pair.a.source)}: {md_cell(f.pair.a.text, 80)} | "  # noqa: E501
                f"{md_cell(f.pair.b.source)}: {md_cell(f.pair.b.text, 80)} | {md_cell(f.explanation, 120)} |"
            )
    else:
        lines.append("No new findings.")
    return "\n".join(lines) + "\n"


def append_step_summary(markdown: str) -> None:
    """Append to ``$GITHUB_STEP_SUMMARY`` when GitHub Actions sets it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(markdown)
