"""Render findings: report.html, report.md, findings.json, findings.csv; JUnit XML and the CI step summary."""

from checker.report.write import WRITERS, Output, Writer, findings_document, render, write_report

__all__ = ["WRITERS", "Output", "Writer", "findings_document", "render", "write_report"]
