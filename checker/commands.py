"""What ``checker report`` and ``checker ci`` do, as functions the command line calls (it only parses arguments).

Every failure is a :class:`checker.errors.CheckerError` with a one-line message naming the file or option at fault;
messages for the person running the command go through ``echo`` (``echo(text, err=True)`` for stderr).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import OutputError
from checker.records import Severity
from checker.state import Context, ProgressFactory, State, no_progress

if TYPE_CHECKING:  # pragma: no cover
    from rich.table import Table

    from checker.ci import Verdict

Echo = Callable[..., None]
Bars = Callable[[], AbstractContextManager[ProgressFactory]]  # progress bars shown while the pipeline runs


def no_bars() -> AbstractContextManager[ProgressFactory]:
    return nullcontext(no_progress)


def _silent(message: str = "", err: bool = False) -> None:
    pass


def format_line() -> str:
    """Which number formats the default config runs in on this machine (``models.precision`` resolved)."""
    from checker.config import load_config
    from checker.models import cpu_has_bf16, embed_format, resolve_precision
    from checker.nli import nli_format

    m = load_config(None).models
    precision = resolve_precision(m.precision, m.device)
    cpu = "native bfloat16" if cpu_has_bf16() else "no native bfloat16"
    return (
        f"number format: NLI {nli_format(precision, m.quantize, m.device)}, embedder {embed_format(precision)} "
        f"(models.precision {m.precision} on {m.device}; CPU: {cpu})"
    )


def quiet_libraries() -> None:
    """Keep transformers and tokenizers from printing progress and advice (set before a model loads)."""
    import sys

    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if "transformers" not in sys.modules:
        return  # the settings above reach transformers when a model loads; importing it now costs seconds
    try:
        import transformers

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
    except Exception:  # pragma: no cover - transformers missing is reported when models load
        pass


def run_pipeline(
    inputs: Sequence[Path],
    config: Path | None,
    across_events: bool = False,
    use_cache: bool = True,
    ray_address: str | None = None,
    bars: Bars = no_bars,
    echo: Echo = _silent,
) -> State:
    """The pipeline over ``inputs`` with the config file ``config`` and the default cache (a cache that cannot be
    opened is a warning; the run goes on without it); ``ray_address`` (``""`` or ``local``: a local instance) runs
    the heavy stages on Ray. Raises :class:`CheckerError` on unusable input or config."""
    from checker.cache import Cache
    from checker.config import load_config
    from checker.pipeline import run

    quiet_libraries()
    cfg = load_config(config)
    cache = None
    if use_cache and cfg.cache.enabled:
        try:
            cache = Cache.open_default(cfg.cache.dir)
        except (OSError, sqlite3.Error) as exc:
            echo(f"warning: cache disabled ({exc})", err=True)
    try:
        with bars() as progress:
            ctx = Context(cfg, cache=cache, progress=progress, across_events=across_events)
            if ray_address is not None:  # --ray: the heavy stages on a Ray cluster (checker.engine_ray)
                from checker import engine_ray

                address = None if ray_address in ("", "local") else ray_address
                return engine_ray.run([str(p) for p in inputs], ctx, address)
            return run([str(p) for p in inputs], ctx)
    finally:
        if cache is not None:
            cache.close()


def check_out_dir(out: Path) -> None:
    """Refuse an output directory that cannot be one before any work: an existing file, a file on the way."""
    if out.exists():
        if not out.is_dir():
            raise OutputError(f"{out}: output directory is an existing file")
        if not os.access(out, os.W_OK | os.X_OK):
            raise OutputError(f"{out}: output directory is not writable")
        return
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"{out}: cannot create the output directory ({parent} is a file)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: cannot create the output directory ({parent} is not writable)")


def check_file_options(**paths: Path | None) -> None:
    """Refuse a file option (``--junit=PATH`` as ``junit=PATH``) that names a directory."""
    for option, path in paths.items():
        if path is not None and path.is_dir():
            raise OutputError(f"{path}: --{option.replace('_', '-')} names a directory, not a file")


def write_report(result: State, out: Path, history_png: bytes | None = None) -> dict[str, Path]:
    """The report files in ``out`` (see :func:`checker.report.write_report`)."""
    from checker.report import write_report as write

    try:
        return write(result, out, history_png)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write report ({exc.strerror or exc})") from exc


def summary(result: State) -> str:
    """The run in one line: articles, sentences, pairs, NLI pairs, findings, seconds."""
    s = result.stats
    return (
        f"{s.articles} articles, {s.sentences} sentences kept, {s.candidate_pairs} candidate pairs, "
        f"{s.nli_pairs} NLI pairs scored, {s.findings} findings, {s.seconds:.1f} s"
    )


def check_history(history: Path | None) -> str:
    """Refuse an unusable --history file before any work; return the run's start time."""
    from checker.history import check, now

    if history is not None:
        check(history)
    return now()


def record_history(
    history: Path | None,
    result: State,
    config: Path | None,
    started: str,
    verdicts: dict,
    command: str,
    echo: Echo = _silent,
) -> bytes | None:
    """Append the finished run to --history (one transaction); return the history's plot for report.html."""
    if history is None:
        return None
    from checker.config import load_config
    from checker.history import plot_png, record, run_record

    run_id = record(history, run_record(result, load_config(config), command, verdicts, started))
    png = plot_png(history)
    echo(f"history {history}: run {run_id} recorded", err=True)
    return png


@dataclass
class Run:
    """What ``checker report`` and ``checker ci`` are asked for beyond their own options."""

    inputs: Sequence[Path]
    config: Path | None = None
    across_events: bool = False
    use_cache: bool = True
    ray_address: str | None = None
    history: Path | None = None
    command: str = ""  # the command line, recorded in --history


def report(run: Run, out: Path, bars: Bars = no_bars, echo: Echo = _silent) -> tuple[State, dict[str, Path]]:
    """``checker report``: run the pipeline, record it in --history, write the report files into ``out``."""
    check_out_dir(out)
    started = check_history(run.history)
    result = run_pipeline(run.inputs, run.config, run.across_events, run.use_cache, run.ray_address, bars, echo)
    _echo_run(result, echo)
    plot = record_history(run.history, result, run.config, started, {}, run.command, echo)
    return result, write_report(result, out, plot)


def _echo_run(result: State, echo: Echo) -> None:
    for w in result.warnings:
        echo(f"warning: {w}", err=True)
    for n in result.notes:
        echo(f"note: {n}", err=True)


@dataclass
class CIOptions:
    """``checker ci``'s own options."""

    baseline: Path | None = None
    update_baseline: bool = False
    prune: bool = False
    fail_on: Severity | str = Severity.HIGH
    junit: Path | None = None
    out: Path | None = None


def check_ci_options(opts: CIOptions) -> None:
    """Refuse option combinations and paths ``checker ci`` cannot use, before any work."""
    if opts.update_baseline and opts.baseline is None:
        raise OutputError("--update-baseline needs --baseline FILE")
    if opts.prune and not opts.update_baseline:
        raise OutputError("--prune needs --update-baseline")
    if opts.out is not None:
        check_out_dir(opts.out)
    check_file_options(baseline=opts.baseline, junit=opts.junit)


def ci(run: Run, opts: CIOptions, bars: Bars = no_bars, echo: Echo = _silent) -> int:
    """``checker ci``: the run's findings against the baseline; prints the summary (stdout) and returns the exit
    code: 1 when a new finding is at or above ``fail_on``, else 0 (always 0 with ``update_baseline``)."""
    from checker import ci as C

    check_ci_options(opts)
    entries: list[dict] = []
    missing = opts.baseline is not None and not opts.baseline.exists()
    if opts.baseline is not None and not missing:
        entries = C.load_entries(opts.baseline)
    started = check_history(run.history)
    result = run_pipeline(run.inputs, run.config, run.across_events, run.use_cache, run.ray_address, bars, echo)
    _echo_run(result, echo)
    plot = record_history(run.history, result, run.config, started, {e["id"]: e for e in entries}, run.command, echo)
    if opts.out is not None:
        write_report(result, opts.out, plot)
    findings = list(result.findings)
    if opts.update_baseline:
        assert opts.baseline is not None  # checked above
        # re-read under the baseline's lock and merged: a concurrent update is never lost
        echo(C.merge_into_baseline(opts.baseline, findings, opts.prune).message(opts.baseline))
        return 0
    if opts.baseline is not None and missing and C.create_if_missing(opts.baseline):
        echo(
            f"note: baseline {opts.baseline} not found: created it empty (every finding is new); "
            "accept reviewed findings with --update-baseline",
            err=True,
        )
    accepted = {e["id"]: str(e.get("reason") or "") for e in entries if C.known(e)}
    verdict = C.judge_against(findings, accepted, opts.fail_on)
    _ci_outputs(result, verdict, opts, echo)
    echo(summary(result), err=True)
    return 1 if verdict.failing else 0


def _ci_outputs(result: State, verdict: Verdict, opts: CIOptions, echo: Echo) -> None:
    """The CI writers: JUnit XML into ``--junit``, the step summary printed and appended to
    ``$GITHUB_STEP_SUMMARY``."""
    from checker.report import Output, render
    from checker.report.ci import append_step_summary
    from checker.storage import atomic_write_text

    output = Output(result, verdict=verdict, fail_on=opts.fail_on)
    if opts.junit is not None:
        try:
            opts.junit.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(opts.junit, render("junit", output))
        except OSError as exc:
            raise OutputError(f"{opts.junit}: cannot write JUnit XML ({exc.strerror or exc})") from exc
    md = render("summary", output)
    echo(md)
    append_step_summary(md)


def history_table(file: Path, by: str, plot: Path | None = None) -> tuple[Table, list]:
    """``checker history``: the findings per run (``by="run"``) or day of a --history file as a table, and its
    rows (for :func:`history_plot`); ``plot`` is checked to be no directory."""
    from rich.table import Table

    from checker import history as H

    if by not in ("run", "day"):
        raise OutputError(f"--by {by!r}: use run or day")
    check_file_options(plot=plot)
    rows = H.table(file, by)
    t = Table(title=f"{file}: {len(rows)} {by}{'' if len(rows) == 1 else 's'}", title_justify="left")
    for col in H.COLUMNS:
        t.add_column(
            col.replace("_", " ") if col != "label" else by, justify="left" if col == "label" else "right", no_wrap=True
        )
    for r in rows:
        t.add_row(*(str(getattr(r, c)) for c in H.COLUMNS))
    return t, rows


def history_plot(rows: list, plot: Path) -> None:
    """The rows of :func:`history_table` drawn as a PNG at ``plot``."""
    from checker import history as H

    try:
        H.plot(rows, plot)
    except OSError as exc:
        raise OutputError(f"{plot}: cannot write plot ({exc.strerror or exc})") from exc


__all__ = [
    "CIOptions",
    "Run",
    "check_ci_options",
    "check_file_options",
    "check_history",
    "check_out_dir",
    "ci",
    "format_line",
    "history_plot",
    "history_table",
    "quiet_libraries",
    "record_history",
    "report",
    "run_pipeline",
    "summary",
    "write_report",
]
