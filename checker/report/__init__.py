"""Render findings: report.html, report.md, findings.json, findings.csv."""

from checker.report.write import findings_document, write_report

__all__ = ["findings_document", "write_report"]
