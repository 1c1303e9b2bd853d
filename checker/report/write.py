"""The writers (:data:`WRITERS`, by format) and the report files they make, written atomically (temporary file,
then rename)."""

from __future__ import annotations

import base64
import json
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from checker.consensus import FactGroup, finding_group
from checker.records import Article, Finding, Severity, Side
from checker.report.ci import junit_xml, summary_markdown
from checker.report.view import SEVERITY_WORDS, Card, cards, heatmap, kind_legend, severity_counts
from checker.state import State
from checker.storage import write_temp as _write_temp
from checker.text import csv_cell, md_cell

if TYPE_CHECKING:  # pragma: no cover
    from checker.ci import Verdict

SCHEMA = "checker.findings/1"


CONTEXT_SENTENCES = 2  # sentences of context on each side of a finding's sentence (for checker review)


def _side(s: Side) -> dict:
    sents = s.article.sentences
    before = [x.text for x in sents if x.end <= s.start][-CONTEXT_SENTENCES:]
    after = [x.text for x in sents if x.start >= s.end][:CONTEXT_SENTENCES]
    return {
        "article": s.article.id,
        "source": s.source,
        "sentence": s.text,
        "start": s.start,
        "end": s.end,
        "context": {"before": before, "after": after},
    }


def _nli(f: Finding) -> dict:
    return {k: round(v, 4) for k, v in f.judged.mean().items()}


def finding_record(f: Finding, groups: tuple[FactGroup, ...] = ()) -> dict:
    p = f.pair
    group = finding_group(groups, f) if groups else None
    return {
        "id": f.id,
        "pair": f.pair_id,
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


def render_markdown(result: State) -> str:
    st = result.stats
    fcounts = severity_counts(list(result.findings))
    npairs = len({f.pair_id for f in result.findings})
    lines = [
        "# checker discrepancy report",
        "",
        f"{st.articles} articles, {st.sentences} sentences, {st.candidate_pairs} candidate pairs, "
        f"{st.findings} findings (high {fcounts['high']}, medium {fcounts['medium']}, low {fcounts['low']}) "
        f"on {npairs} sentence pairs.",
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


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("checker.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def _article_view(a: Article) -> dict:
    return {"id": a.id, "source": a.source, "url": a.url, "title": a.title, "published": a.published}


def render_html(result: State, history_png: bytes | None = None) -> str:
    """The HTML report: severity counts and the three most serious problems first, then one card per pair."""
    all_cards = cards(result.findings)
    by_event: dict[str, list[Card]] = defaultdict(list)
    for c in all_cards:
        by_event[c.event or "-"].append(c)
    facts: dict[str, list] = defaultdict(list)
    for g in result.facts:
        facts[g.event].append(g)
    arts = {a.id: a for a in result.articles}
    events: list[dict] = []
    quiet: list[dict] = []
    for e in result.events:
        view = {
            "id": e.id,
            "articles": [_article_view(arts[i]) for i in e.articles if i in arts],
            "reasons": list(e.reasons),
            "facts": facts.get(e.id, []),
            "cards": by_event.pop(e.id, []),
        }
        (events if view["cards"] or view["facts"] else quiet).append(view)
    for eid, cs in by_event.items():  # findings of no known event (hand-built states)
        events.append({"id": eid, "articles": [], "reasons": [], "facts": facts.get(eid, []), "cards": cs})
    events.sort(key=lambda v: (min((c.severity.rank for c in v["cards"]), default=3), -len(v["cards"])))
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            result=result,
            stats=result.stats,
            counts=severity_counts(all_cards),
            nfindings=len(result.findings),
            ncards=len(all_cards),
            nevents=len(result.events),
            top=all_cards[:3],
            heat=heatmap(result, all_cards),
            events=events,
            quiet=quiet,
            severity_words=SEVERITY_WORDS,
            kind_legend=kind_legend(result.findings),
            history_png=base64.b64encode(history_png).decode("ascii") if history_png else None,
        )
    )


def render_card_html(card: Card, with_style: bool = True) -> str:
    """One sentence pair with its findings (for notebooks); its styles apply inside its own element only."""
    env = _env()
    body = env.get_template("card.html.j2").render(c=card)
    if not with_style:
        return body
    assert env.loader is not None
    css = env.loader.get_source(env, "style.css")[0]
    return f'<div class="checker"><style>{css}</style>\n{body}</div>'


def render_finding_html(f: Finding, with_style: bool = True, others: list[Finding] | tuple[Finding, ...] = ()) -> str:
    """The card of ``f``'s sentence pair (with any ``others`` found on the same pair)."""
    same = [g for g in others if g.pair_id == f.pair_id and g is not f]
    return render_card_html(cards([f, *same])[0], with_style)


FINDING_COLUMNS = [
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
    "pair",
]


def finding_row(r: dict) -> dict:
    """One findings.json record as a flat row (``FINDING_COLUMNS``): the CSV and the notebook's DataFrame."""
    return {
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
        "pair": r["pair"],
    }


def findings_csv(rows: list[dict]) -> str:
    """findings.csv: one row per finding (``FINDING_COLUMNS``); no cell starts a spreadsheet formula
    (:func:`checker.text.csv_cell`)."""
    safe = [{k: csv_cell(v) for k, v in r.items()} for r in rows]
    return pd.DataFrame(safe, columns=FINDING_COLUMNS).to_csv(index=False)


@dataclass
class Output:
    """What the writers read: the finished run, the ``--history`` plot for report.html, and for ``checker ci`` the
    verdict against the baseline and the ``--fail-on`` severity."""

    result: State
    history_png: bytes | None = None
    verdict: Verdict | None = None
    fail_on: Severity | str = Severity.HIGH

    @cached_property
    def document(self) -> dict:
        return findings_document(self.result)

    @cached_property
    def rows(self) -> list[dict]:
        return [finding_row(r) for r in self.document["findings"]]

    def ci(self) -> Verdict:
        if self.verdict is None:
            raise ValueError("the CI writers need the run's verdict against a baseline")
        return self.verdict


def _json(o: Output) -> str:
    return json.dumps(o.document, indent=2, ensure_ascii=False) + "\n"


def _html(o: Output) -> str:
    return render_html(o.result, o.history_png) if o.history_png else render_html(o.result)


def _junit(o: Output) -> str:
    return junit_xml(list(o.result.findings), o.ci(), o.fail_on)


def _summary(o: Output) -> str:
    return summary_markdown(list(o.result.findings), o.ci(), o.fail_on, o.result.stats)


@dataclass(frozen=True)
class Writer:
    """One output format: its renderer, and the file it is in a report directory (None: written where the command
    line says, as ``--junit FILE`` and the CI step summary are)."""

    render: Callable[[Output], str]
    file: str | None = None


# The writers by format, in the order a report is written: a new format is one function and one entry here.
WRITERS: dict[str, Writer] = {
    "json": Writer(_json, "findings.json"),
    "csv": Writer(lambda o: findings_csv(o.rows), "findings.csv"),
    "markdown": Writer(lambda o: render_markdown(o.result), "report.md"),
    "html": Writer(_html, "report.html"),
    "junit": Writer(_junit),  # checker ci --junit FILE
    "summary": Writer(_summary),  # checker ci: printed and appended to $GITHUB_STEP_SUMMARY
}


def render(fmt: str, output: Output) -> str:
    """The text of format ``fmt`` (a key of :data:`WRITERS`) for ``output``."""
    return WRITERS[fmt].render(output)


def write_report(result: State, outdir: str | Path, history_png: bytes | None = None) -> dict[str, Path]:
    """Write the report files (every writer with a file: report.html, report.md, findings.json, findings.csv) into
    ``outdir``; each replaces the old one only when all are complete.

    ``history_png`` (the ``--history`` plot) is shown in ``report.html``."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    output = Output(result, history_png)
    files = {w.file: w.render(output) for w in WRITERS.values() if w.file is not None}
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
