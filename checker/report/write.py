"""Write the report files atomically (temporary file, then rename)."""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from checker.findings import SEVERITY_RANK
from checker.records import Finding, Sentence
from checker.report.diff import changed_spans, segments

SCHEMA = "checker.findings/1"


def _side(s: Sentence) -> dict:
    return {"article": s.article, "source": s.source, "sentence": s.text, "start": s.start, "end": s.end}


def _nli(f: Finding) -> dict:
    p = f.pair
    return {k: round((p.nli_ab.get(k, 0.0) + p.nli_ba.get(k, 0.0)) / 2, 4)
            for k in ("entailment", "neutral", "contradiction")}


def finding_record(f: Finding) -> dict:
    p = f.pair
    return {
        "id": f.id, "kind": f.kind, "severity": f.severity, "score": round(f.score, 4), "event": p.event,
        "a": _side(p.a), "b": _side(p.b), "nli": _nli(f), "explanation": f.explanation,
        "similarity": round(p.similarity, 4),
        "evidence": {"a": [[s.start, s.end, s.label] for s in f.evidence_a],
                     "b": [[s.start, s.end, s.label] for s in f.evidence_b]},
    }


def findings_document(result) -> dict:
    """The findings.json document (schema ``checker.findings/1``)."""
    arts = [{"id": a.id, "source": a.source, "path": a.path, "title": a.title, "published": a.published,
             "event": a.event, **({"duplicate_of": a.duplicate_of} if a.duplicate_of else {})}
            for a in list(result.articles) + list(getattr(result, "duplicates", []))]
    return {"schema": SCHEMA, "articles": arts, "findings": [finding_record(f) for f in result.findings],
            "stats": vars(result.stats), "warnings": result.warnings, "notes": result.notes}


def _write_temp(path: Path, text: str) -> Path:
    """Write ``text`` to a hidden temporary file beside ``path`` and return it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename: readers see the old file or the new one, never half."""
    os.replace(_write_temp(path, text), path)


def _md_cell(text: object) -> str:
    """Markdown table cell: no raw HTML, no pipes, no newlines."""
    s = str(text if text is not None else "")
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "|`*_[]":
        s = s.replace(ch, "\\" + ch)
    return " ".join(s.split())


def render_markdown(result) -> str:
    st = result.stats
    counts = defaultdict(int)
    for f in result.findings:
        counts[f.severity] += 1
    lines = ["# checker discrepancy report", "",
             f"{st.articles} articles, {st.sentences} sentences, {st.candidate_pairs} candidate pairs, "
             f"{st.findings} findings (high {counts['high']}, medium {counts['medium']}, low {counts['low']}).", ""]
    for note in result.notes:
        lines += [f"> {_md_cell(note)}", ""]
    if result.findings:
        lines += ["| severity | kind | score | event | A | B | explanation |", "|---|---|---:|---|---|---|---|"]
        for f in result.findings:
            p = f.pair
            lines.append(f"| {f.severity} | {f.kind} | {f.score:.2f} | {_md_cell(p.event)} | "
                         f"{_md_cell(p.a.source)}: {_md_cell(p.a.text)} | {_md_cell(p.b.source)}: {_md_cell(p.b.text)} | "
                         f"{_md_cell(f.explanation)} |")
    else:
        lines.append("No findings.")
    if result.warnings:
        lines += ["", "## Skipped input", ""] + [f"- {_md_cell(w)}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def heatmap(result) -> tuple[list[str], list[list[int]]]:
    """Source x source counts of findings (symmetric)."""
    sources = sorted({a.source for a in result.articles})
    idx = {s: i for i, s in enumerate(sources)}
    grid = [[0] * len(sources) for _ in sources]
    for f in result.findings:
        i, j = idx[f.pair.a.source], idx[f.pair.b.source]
        grid[i][j] += 1
        if i != j:
            grid[j][i] += 1
    return sources, grid


def view_finding(f: Finding) -> dict:
    """What a template needs to show one finding side by side."""
    p = f.pair
    da, db = changed_spans(p.a.text, p.b.text)
    return {"f": f, "rec": finding_record(f), "a_segments": segments(p.a.text, da, f.evidence_a),
            "b_segments": segments(p.b.text, db, f.evidence_b)}


def _env() -> Environment:
    return Environment(loader=PackageLoader("checker.report", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def render_html(result) -> str:
    sources, grid = heatmap(result)
    by_event: dict[str, list[dict]] = defaultdict(list)
    for f in result.findings:
        by_event[f.pair.event or "-"].append(view_finding(f))
    events = sorted(by_event.items(), key=lambda kv: min(SEVERITY_RANK[v["f"].severity] for v in kv[1]))
    maxv = max([max(r) for r in grid] + [1])
    return _env().get_template("report.html.j2").render(
        result=result, events=events, sources=sources, grid=grid, maxv=maxv, stats=result.stats)


def render_finding_html(f: Finding, with_style: bool = True) -> str:
    """One finding side by side (for notebooks); carries its own stylesheet."""
    env = _env()
    body = env.get_template("finding.html.j2").render(v=view_finding(f))
    if not with_style:
        return body
    return f"<style>{env.loader.get_source(env, 'style.css')[0]}</style>\n<div class=\"checker\">{body}</div>"


def write_report(result, outdir: str | Path) -> dict[str, Path]:
    """Write the four report files into ``outdir``; each replaces the old one only when complete."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    doc = findings_document(result)
    rows = [{"id": r["id"], "kind": r["kind"], "severity": r["severity"], "score": r["score"], "event": r["event"],
             "a_article": r["a"]["article"], "a_source": r["a"]["source"], "a_sentence": r["a"]["sentence"],
             "b_article": r["b"]["article"], "b_source": r["b"]["source"], "b_sentence": r["b"]["sentence"],
             "contradiction": r["nli"]["contradiction"], "similarity": r["similarity"],
             "explanation": r["explanation"]} for r in doc["findings"]]
    columns = ["id", "kind", "severity", "score", "event", "a_article", "a_source", "a_sentence", "b_article",
               "b_source", "b_sentence", "contradiction", "similarity", "explanation"]
    files = {
        "findings.json": json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
        "findings.csv": pd.DataFrame(rows, columns=columns).to_csv(index=False),
        "report.md": render_markdown(result),
        "report.html": render_html(result),
    }
    temps: dict[str, Path] = {}
    try:
        for name, text in files.items():  # everything rendered and on disk before anything is replaced
            temps[name] = _write_temp(out / name, text)
    except BaseException:
        for t in temps.values():
            t.unlink(missing_ok=True)
        raise
    for name, tmp in temps.items():
        os.replace(tmp, out / name)
    return {name: out / name for name in files}
