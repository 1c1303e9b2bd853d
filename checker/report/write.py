"""Write the report files atomically (temporary file, then rename)."""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from checker.consensus import FactGroup, finding_group
from checker.records import Finding, Side
from checker.report.diff import changed_spans, segments
from checker.state import State
from checker.text import md_cell

SCHEMA = "checker.findings/1"


def _side(s: Side) -> dict:
    return {"article": s.article.id, "source": s.source, "sentence": s.text, "start": s.start, "end": s.end}


def _nli(f: Finding) -> dict:
    return {k: round(v, 4) for k, v in f.judged.mean().items()}


def finding_record(f: Finding, groups: tuple[FactGroup, ...] = ()) -> dict:
    p = f.pair
    group = finding_group(groups, f) if groups else None
    return {
        "id": f.id,
        "kind": f.kind.value,
        "severity": f.severity.value,
        "score": round(f.score, 4),
        "event": p.event,
        "a": _side(p.a),
        "b": _side(p.b),
        "nli": _nli(f),
        "explanation": f.explanation,
        "similarity": round(p.similarity, 4),
        **({"consensus": group.as_dict()} if group is not None else {}),
        "evidence": {
            "a": [[s.start, s.end, s.label] for s in f.evidence_a],
            "b": [[s.start, s.end, s.label] for s in f.evidence_b],
        },
    }


def article_records(result: State) -> list[dict]:
    """The articles compared, then the duplicates set aside, with the event each was grouped into."""
    return [
        {
            "id": a.id,
            "source": a.source,
            "path": a.path,
            "title": a.title,
            "published": a.published,
            "event": result.event_of(a.id),
            **({"duplicate_of": a.duplicate_of} if a.duplicate_of else {}),
        }
        for a in list(result.articles) + list(result.duplicates)
    ]


def findings_document(result: State) -> dict:
    """The findings.json document (schema ``checker.findings/1``)."""
    return {
        "schema": SCHEMA,
        "articles": article_records(result),
        "findings": [finding_record(f, result.facts) for f in result.findings],
        "events": [
            {
                "id": e.id,
                "articles": list(e.articles),
                "reasons": list(e.reasons),
                "facts": [g.as_dict() for g in result.facts if g.event == e.id],
            }
            for e in result.events
        ],
        "stats": vars(result.stats),
        "warnings": [str(w) for w in result.warnings],
        "notes": list(result.notes),
    }


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


def render_markdown(result: State) -> str:
    st = result.stats
    counts: dict[str, int] = defaultdict(int)
    for f in result.findings:
        counts[f.severity.value] += 1
    lines = [
        "# checker discrepancy report",
        "",
        f"{st.articles} articles, {st.sentences} sentences, {st.candidate_pairs} candidate pairs, "
        f"{st.findings} findings (high {counts['high']}, medium {counts['medium']}, low {counts['low']}).",
        "",
    ]
    for note in result.notes:
        lines += [f"> {md_cell(note)}", ""]
    if result.findings:
        lines += ["| severity | kind | score | event | A | B | explanation |", "|---|---|---:|---|---|---|---|"]
        for f in result.findings:
            p = f.pair
            lines.append(
                f"| {f.severity} | {f.kind} | {f.score:.2f} | {md_cell(p.event)} | "
                f"{md_cell(p.a.source)}: {md_cell(p.a.text)} | {md_cell(p.b.source)}: {md_cell(p.b.text)} | "
                f"{md_cell(f.explanation)} |"
            )
    else:
        lines.append("No findings.")
    if result.warnings:
        lines += ["", "## Skipped input", ""] + [f"- {md_cell(w)}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def heatmap(result: State) -> tuple[list[str], list[list[int]]]:
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
    return {
        "f": f,
        "rec": finding_record(f),
        "a_segments": segments(p.a.text, da, f.evidence_a),
        "b_segments": segments(p.b.text, db, f.evidence_b),
    }


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("checker.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def render_html(result: State) -> str:
    sources, grid = heatmap(result)
    by_event: dict[str, list[dict]] = defaultdict(list)
    articles = [
        {
            "id": a.id,
            "source": a.source,
            "event": result.event_of(a.id),
            "url": a.url,
            "title": a.title,
            "published": a.published,
        }
        for a in result.articles
    ]
    for f in result.findings:
        by_event[f.pair.event or "-"].append(view_finding(f))
    facts: dict[str, list] = defaultdict(list)
    for g in result.facts:
        facts[g.event].append(g)
    events = sorted(by_event.items(), key=lambda kv: min(v["f"].severity.rank for v in kv[1]))
    maxv = max([max(r) for r in grid] + [1])
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            result=result,
            articles=articles,
            events=events,
            sources=sources,
            grid=grid,
            maxv=maxv,
            stats=result.stats,
            facts=facts,
        )
    )


def render_finding_html(f: Finding, with_style: bool = True) -> str:
    """One finding side by side (for notebooks); carries its own stylesheet."""
    env = _env()
    body = env.get_template("finding.html.j2").render(v=view_finding(f))
    if not with_style:
        return body
    assert env.loader is not None
    return f'<style>{env.loader.get_source(env, "style.css")[0]}</style>\n<div class="checker">{body}</div>'


def write_report(result: State, outdir: str | Path) -> dict[str, Path]:
    """Write the four report files into ``outdir``; each replaces the old one only when complete."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    doc = findings_document(result)
    rows = [
        {
            "id": r["id"],
            "kind": r["kind"],
            "severity": r["severity"],
            "score": r["score"],
            "event": r["event"],
            "a_article": r["a"]["article"],
            "a_source": r["a"]["source"],
            "a_sentence": r["a"]["sentence"],
            "b_article": r["b"]["article"],
            "b_source": r["b"]["source"],
            "b_sentence": r["b"]["sentence"],
            "contradiction": r["nli"]["contradiction"],
            "similarity": r["similarity"],
            "explanation": r["explanation"],
        }
        for r in doc["findings"]
    ]
    columns = [
        "id",
        "kind",
        "severity",
        "score",
        "event",
        "a_article",
        "a_source",
        "a_sentence",
        "b_article",
        "b_source",
        "b_sentence",
        "contradiction",
        "similarity",
        "explanation",
    ]
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
