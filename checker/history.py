"""Run history: every ``report``/``ci`` run given ``--history FILE.sqlite`` is recorded in SQLite.

One transaction a run: a run killed at any moment leaves the database as it was before, or with the whole run.
The file carries its schema (``checker.history/1``) in a ``meta`` table; a file that is not SQLite, is truncated or
corrupt, or is some other program's database is refused with a one-line :class:`HistoryError` and left untouched.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from checker.config import Config
from checker.errors import CheckerError
from checker.records import Finding, Severity
from checker.state import State

SCHEMA = "checker.history/1"
SQLITE_HEADER = b"SQLite format 3\x00"
VERDICTS = ("confirmed", "false_alarm", "unsure")

_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    command TEXT NOT NULL,
    inputs_digest TEXT NOT NULL,
    config_digest TEXT NOT NULL,
    models_digest TEXT NOT NULL,
    articles INTEGER NOT NULL,
    findings INTEGER NOT NULL,
    counts TEXT NOT NULL
);
CREATE TABLE findings (
    run INTEGER NOT NULL REFERENCES runs(id),
    id TEXT NOT NULL,
    pair TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    score REAL NOT NULL,
    similarity REAL NOT NULL,
    contradiction REAL NOT NULL,
    event TEXT NOT NULL,
    a_source TEXT NOT NULL,
    b_source TEXT NOT NULL,
    verdict TEXT,
    reason TEXT,
    PRIMARY KEY (run, id)
);
"""


class HistoryError(CheckerError, ValueError):
    """The history file cannot be used; the message names it."""


@dataclass(frozen=True)
class FindingRow:
    """What the history keeps of one finding."""

    id: str
    pair: str
    kind: str
    severity: str
    score: float
    similarity: float
    contradiction: float
    event: str
    a_source: str
    b_source: str
    verdict: str | None = None
    reason: str | None = None


@dataclass
class RunRecord:
    """One run to record: when, what it read (digests), and its findings with the verdicts known then."""

    started: str
    command: str
    inputs_digest: str
    config_digest: str
    models_digest: str
    articles: int
    findings: Iterable[FindingRow] = field(default_factory=list)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def finding_rows(findings: Iterable[Finding], verdicts: dict[str, dict] | None = None) -> list[FindingRow]:
    """History rows of a run's findings; ``verdicts`` (baseline entries by id) gives each its verdict and reason."""
    verdicts = verdicts or {}
    out = []
    for f in findings:
        e = verdicts.get(f.id) or verdicts.get(f.legacy_id) or {}
        out.append(
            FindingRow(
                f.id,
                f.pair_id,
                f.kind.value,
                f.severity.value,
                float(f.score),
                float(f.pair.similarity),
                float(f.judged.contradiction),
                f.pair.event,
                f.pair.a.source,
                f.pair.b.source,
                e.get("verdict") if e.get("verdict") in VERDICTS else None,
                str(e.get("reason") or "") or None,
            )
        )
    return out


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    return con


def check(path: Path) -> None:
    """Refuse (``HistoryError``) a file that is not a checker history; a missing file is fine (created later).

    Nothing is written: a foreign, truncated or corrupt file stays byte for byte as it was.
    """
    if not path.exists():
        if path.parent.exists() and not path.parent.is_dir():
            raise HistoryError(f"{path}: cannot create the history ({path.parent} is a file)")
        return
    if path.is_dir():
        raise HistoryError(f"{path}: --history names a directory, not a file")
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise HistoryError(f"{path}: cannot read history ({exc.strerror or exc})") from exc
    if not head.startswith(SQLITE_HEADER):
        raise HistoryError(f"{path}: not a checker history (not an SQLite database)")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as con:
            ok = con.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                raise HistoryError(f"{path}: corrupt history (SQLite quick_check: {ok[0] if ok else 'no answer'})")
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "meta" not in tables:
                raise HistoryError(f"{path}: not a checker history (an SQLite database without its meta table)")
            row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: corrupt or truncated history ({' '.join(str(exc).split())})") from exc
    if row is None or row[0] != SCHEMA:
        found = row[0] if row else "none"
        raise HistoryError(f"{path}: not a checker history of schema {SCHEMA} (schema {found})")
    if not {"runs", "findings"} <= tables:
        raise HistoryError(f"{path}: corrupt history (tables runs/findings missing)")


def record(path: Path, run: RunRecord) -> int:
    """Append one run in one transaction and return its id. ``check`` the file first."""
    check(path)
    try:
        with closing(_connect(path)) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                if con.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
                    for statement in _DDL.split(";"):
                        if statement.strip():
                            con.execute(statement)
                    con.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
                kinds: Counter[str] = Counter()
                sevs: Counter[str] = Counter()
                cur = con.execute(
                    "INSERT INTO runs (started, finished, command, inputs_digest, config_digest, models_digest, "
                    "articles, findings, counts) VALUES (?, ?, ?, ?, ?, ?, ?, 0, '{}')",
                    (run.started, run.started, run.command, run.inputs_digest, run.config_digest,
                     run.models_digest, run.articles),
                )  # fmt: skip
                run_id = int(cur.lastrowid or 0)
                n = 0
                for f in run.findings:
                    con.execute(
                        "INSERT OR REPLACE INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (run_id, f.id, f.pair, f.kind, f.severity, f.score, f.similarity, f.contradiction,
                         f.event, f.a_source, f.b_source, f.verdict, f.reason),
                    )  # fmt: skip
                    kinds[f.kind] += 1
                    sevs[f.severity] += 1
                    n += 1
                counts = json.dumps({"kind": dict(kinds), "severity": dict(sevs)}, sort_keys=True)
                con.execute(
                    "UPDATE runs SET finished = ?, findings = ?, counts = ? WHERE id = ?", (now(), n, counts, run_id)
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
    except sqlite3.Error as exc:
        raise HistoryError(f"{path}: cannot write history ({' '.join(str(exc).split())})") from exc
    return run_id


def _open_existing(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise HistoryError(f"{path}: history not found (record runs with --history on report or ci)")
    check(path)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)


def load_runs(path: Path) -> tuple[list[dict], dict[int, list[FindingRow]]]:
    """Every recorded run (oldest first) and its findings."""
    try:
        with closing(_open_existing(path)) as con:
            con.row_factory = sqlite3.Row
            runs = [dict(r) for r in con.execute("SELECT * FROM runs ORDER BY id")]
            found: dict[int, list[FindingRow]] = {r["id"]: [] for r in runs}
            for r in con.execute("SELECT * FROM findings ORDER BY run, id"):
                d = dict(r)
                found.setdefault(d.pop("run"), []).append(FindingRow(**d))
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: corrupt or truncated history ({' '.join(str(exc).split())})") from exc
    for r in runs:
        r["counts"] = json.loads(r["counts"])
    return runs, found


def latest_verdicts(path: Path) -> dict[str, FindingRow]:
    """The last verdict recorded for each finding id (for ``checker calibrate --history``)."""
    runs, found = load_runs(path)
    out: dict[str, FindingRow] = {}
    for r in runs:
        for f in found[r["id"]]:
            if f.verdict:
                out[f.id] = f
    return out


@dataclass
class Row:
    """One line of ``checker history``: a run (or a day's last run) against the one before it."""

    label: str
    runs: int
    findings: int
    high: int
    medium: int
    low: int
    new: int
    open: int
    gone: int
    confirmed: int
    false_alarm: int


COLUMNS = ("label", "runs", "findings", "high", "medium", "low", "new", "open", "gone", "confirmed", "false_alarm")


def table(path: Path, by: str = "run") -> list[Row]:
    """Findings by severity; new, still open and gone since the previous row; confirmed and false-alarm counts."""
    runs, found = load_runs(path)
    groups: list[tuple[str, list[dict]]] = []
    if by == "day":
        for r in runs:
            day = r["started"][:10]
            if groups and groups[-1][0] == day:
                groups[-1][1].append(r)
            else:
                groups.append((day, [r]))
    else:
        groups = [(f"{r['id']} {r['started'][:16].replace('T', ' ')}", [r]) for r in runs]
    out: list[Row] = []
    before: set[str] = set()
    for label, rs in groups:
        last = found[rs[-1]["id"]]  # a day is its last run
        ids = {f.id for f in last}
        sev = Counter(f.severity for f in last)
        verdict = Counter(f.verdict for f in last)
        out.append(
            Row(
                label,
                len(rs),
                len(last),
                sev[Severity.HIGH.value],
                sev[Severity.MEDIUM.value],
                sev[Severity.LOW.value],
                len(ids - before),
                len(ids & before),
                len(before - ids),
                verdict["confirmed"],
                verdict["false_alarm"],
            )
        )
        before = ids
    return out


def plot_png(path: Path, by: str = "run", last: int = 30) -> bytes:
    """The plot of the history's ``last`` rows as PNG bytes (for report.html)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "history.png"
        plot(table(path, by)[-last:], out)
        return out.read_bytes()


def plot(rows: list[Row], out: Path) -> None:
    """A PNG of the table: findings by severity (stacked bars), new and gone (lines), verdicts (dashed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = list(range(len(rows)))
    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=100)
    bottom = [0] * len(rows)
    for name, color in (("high", "#c0392b"), ("medium", "#e67e22"), ("low", "#f1c40f")):
        vals = [getattr(r, name) for r in rows]
        ax.bar(x, vals, bottom=bottom, color=color, label=name, width=0.6)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.plot(x, [r.new for r in rows], "o-", color="#2c3e50", label="new")
    ax.plot(x, [r.gone for r in rows], "s-", color="#7f8c8d", label="gone")
    ax.plot(x, [r.confirmed for r in rows], "^--", color="#27ae60", label="confirmed")
    ax.plot(x, [r.false_alarm for r in rows], "v--", color="#8e44ad", label="false alarm")
    ax.set_xticks(x, [r.label for r in rows], rotation=30, ha="right", fontsize=7)
    ax.set_ylabel("findings")
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    fig.savefig(tmp, format="png")
    plt.close(fig)
    tmp.replace(out)


def run_record(
    result: State, config: Config, command: str, verdicts: dict[str, dict] | None = None, started: str | None = None
) -> RunRecord:
    """The record of a finished pipeline run: digests of its inputs, config and models, and its findings."""
    from checker.cache import model_identity
    from checker.nli import nli_path

    inputs = digest(*sorted(f"{a.id}\x00{a.text}" for a in result.read))
    models = digest(
        model_identity(config.models.nli, nli_path(config.models.nli)), config.models.embedding, config.models.spacy
    )
    return RunRecord(
        started or now(),
        command,
        inputs,
        digest(config.model_dump_json()),
        models,
        len(result.articles),
        finding_rows(result.findings, verdicts),
    )
