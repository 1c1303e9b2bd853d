"""The CI writers: JUnit XML (``checker ci --junit``) and the Markdown step summary (printed, and appended to
``$GITHUB_STEP_SUMMARY`` when GitHub Actions sets it), from the run's findings and their :class:`checker.ci.Verdict`
against the baseline."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from checker.records import Finding, RunStats, Severity
from checker.text import md_cell

if TYPE_CHECKING:  # pragma: no cover
    from checker.ci import Verdict


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
