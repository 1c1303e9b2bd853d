"""The notebook API: ``check(paths) -> Result`` with plain pandas DataFrames."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import checker.rules  # noqa: F401  (every finding kind registers its settings section, so a config file validates)
from checker import claims as C
from checker.config import Config, load_config
from checker.records import Side
from checker.state import Context, Models, State


@dataclass
class FindingView:
    """One finding rendered side by side (HTML in notebooks, text elsewhere)."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


@dataclass
class Result:
    articles: pd.DataFrame
    pairs: pd.DataFrame
    findings: pd.DataFrame
    run: State = field(repr=False)

    def show(self, finding_id: str) -> FindingView:
        """The sentence pair behind ``finding_id`` (a finding id or a pair id) side by side, with every kind found
        on it, differing words and evidence highlighted. Its styles apply inside its own element only."""
        from checker.report.view import cards
        from checker.report.write import render_card_html

        hits = [f for f in self.run.findings if finding_id in (f.id, f.pair_id)]
        if not hits:
            raise KeyError(f"no finding with id {finding_id!r}")
        same = [f for f in self.run.findings if f.pair_id == hits[0].pair_id]
        card = cards(same)[0]
        lines = [f"[{p.f.severity.value} {p.f.kind.value}] {p.explanation}" for p in card.pieces]
        text = "\n".join(lines) + f"\n  A {card.a.source}: {card.a.text}\n  B {card.b.source}: {card.b.text}"
        return FindingView(render_card_html(card), text)

    def _repr_html_(self) -> str:
        s = self.run.stats
        return (
            f"<p><b>checker</b>: {s.articles} articles, {s.candidate_pairs} pairs, {s.findings} findings. "
            f"Use <code>.findings</code>, <code>.pairs</code>, <code>.articles</code>, "
            f"<code>.show(id)</code>.</p>"
        )


def _claims_summary(side: Side) -> dict:
    c = side.claims or C.extract_one(side.text)
    return {
        "speakers": [a.speaker for a in c.speakers],
        "quotes": len(c.quotes),
        "numbers": [(q.hedge + " " if q.hedge else "") + f"{q.value:g} {q.unit}".strip() for q in c.quantities],
        "dates": [d.value for d in c.dates],
        "names": [n.text for n in c.names],
    }


def to_frames(run: State) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Articles, pairs and findings of a pipeline run as DataFrames."""
    from checker.report.write import FINDING_COLUMNS, finding_record, finding_row

    articles = pd.DataFrame(
        [
            {
                "id": a.id,
                "source": a.source,
                "path": a.path,
                "title": a.title,
                "published": a.published,
                "event": run.event_of(a.id),
                "sentences": len(a.sentences),
            }
            for a in run.articles
        ]
    )
    rows = []
    for j in run.judged:
        p = j.pair
        rows.append(
            {
                "event": p.event,
                "a_article": p.a.article.id,
                "a_source": p.a.source,
                "a_sentence": p.a.text,
                "b_article": p.b.article.id,
                "b_source": p.b.source,
                "b_sentence": p.b.text,
                "similarity": p.similarity,
                **{f"ab_{k}": v for k, v in j.ab.as_dict().items()},
                **{f"ba_{k}": v for k, v in j.ba.as_dict().items()},
                "a_claims": _claims_summary(p.a),
                "b_claims": _claims_summary(p.b),
            }
        )
    pairs = pd.DataFrame(rows)
    frows = [finding_row(finding_record(f)) for f in run.findings]
    return articles, pairs, pd.DataFrame(frows, columns=FINDING_COLUMNS)


def check(
    paths: str | Path | list[str | Path],
    config: str | Path | Config | None = None,
    models: Models | None = None,
    cache: bool = True,
) -> Result:
    """Run the checker on files or directories and return DataFrames of articles, pairs and findings.

    ``config`` is a path to a YAML file, a :class:`checker.config.Config`, or None for the defaults.
    ``models`` (a :class:`checker.state.Models`) lets several calls share loaded models.
    """
    from checker.cache import Cache
    from checker.pipeline import run

    if isinstance(paths, (str, Path)):
        paths = [paths]
    cfg = config if isinstance(config, Config) else load_config(config)
    store = Cache.open_default(cfg.cache.dir) if cache and cfg.cache.enabled else None
    try:
        result = run(list(paths), Context(cfg, models, store))
    finally:
        if store is not None:
            store.close()
    a, p, f = to_frames(result)
    return Result(a, p, f, result)


@dataclass
class History:
    """A ``--history`` file as DataFrames: one row per run, one row per finding of each run."""

    runs: pd.DataFrame
    findings: pd.DataFrame
    table: pd.DataFrame  # what ``checker history`` prints, one row per run


def load_history(path: str | Path, by: str = "run") -> History:
    """Load a history file written by ``--history`` (``by``: ``run`` or ``day`` for ``.table``)."""
    from dataclasses import asdict

    from checker import history as H

    runs, found = H.load_runs(Path(path))
    run_rows = []
    for r in runs:
        row = {k: v for k, v in r.items() if k != "counts"}
        for group, counts in r["counts"].items():
            row.update({f"{group}_{k}": v for k, v in counts.items()})
        run_rows.append(row)
    frows = [{"run": rid, **asdict(f)} for rid, fs in found.items() for f in fs]
    columns = ["run", *H.FindingRow.__dataclass_fields__]
    table = pd.DataFrame([asdict(r) for r in H.table(Path(path), by)], columns=list(H.COLUMNS))
    return History(pd.DataFrame(run_rows), pd.DataFrame(frows, columns=columns), table)
