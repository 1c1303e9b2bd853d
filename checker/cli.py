"""The ``checker`` command line: report, train-nli, eval-nli."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checker.records import Severity


def _plain_argument_help() -> None:
    """Typer prints an argument's Python type (``<list[Path]>``) and braces (``{PATH}...``) in help; an argument
    given a metavar shows just that (``PATH...``), like an option does."""
    from typer.core import TyperArgument

    shown_type = TyperArgument.display_type_rich
    usage_name = getattr(TyperArgument, "_usage_display_name", None)

    def display_type_rich(self: Any, ctx: Any) -> Any:
        return None if self.metavar is not None else shown_type(self, ctx)

    def _usage_display_name(self: Any) -> str:
        if self.metavar is None and usage_name is not None:
            return str(usage_name(self))
        name = self.metavar if self.required else f"[{self.metavar}]"
        return f"{name}..." if self.nargs != 1 else name

    TyperArgument.display_type_rich = display_type_rich  # type: ignore[method-assign]
    TyperArgument._usage_display_name = _usage_display_name  # type: ignore[method-assign]


_plain_argument_help()

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Find where news sources disagree: align sentences across outlets, run NLI and claim checks.",
)


def _version(value: bool) -> None:
    if value:
        from checker import __version__
        from checker.nli import card_summary

        typer.echo(f"checker {__version__}")
        typer.echo(card_summary())
        typer.echo(_format_line())
        raise typer.Exit(0)


def _format_line() -> str:
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


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Print the version and the shipped NLI model's measured accuracy.",
    ),
) -> None:
    """Find where news sources disagree: align sentences across outlets, run NLI and claim checks."""


@app.command("config")
def config_cmd(
    markdown: bool = typer.Option(False, "--markdown", help="Print the settings table of the README instead."),
    config: Optional[Path] = typer.Option(
        None, "--config", "-c", help="YAML config to resolve (default: built in).", metavar="FILE"
    ),
) -> None:
    """Print every setting with its value (YAML), or the README's settings table."""
    import yaml

    from checker.config import load_config, markdown_table
    from checker.errors import ConfigError

    if markdown:
        typer.echo(markdown_table())
        return
    try:
        cfg = load_config(config)
    except ConfigError as exc:
        _fail(str(exc))
    typer.echo(yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False).rstrip())


err = Console(stderr=True)

DATA_ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "nli"


def _quiet_libraries() -> None:
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


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(code)


def _need_training_extra() -> None:
    """Training needs the ``train`` extra (datasets, accelerate); say how to get it instead of a traceback."""
    import importlib.util

    missing = [m for m in ("datasets", "accelerate") if importlib.util.find_spec(m) is None]
    if missing:
        _fail(f"train-nli needs {', '.join(missing)}: pip install -c constraints.txt 'checker[train]'")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _run_pipeline(
    inputs: list[Path],
    config: Optional[Path],
    across_events: bool,
    use_cache: bool = True,
    ray_address: Optional[str] = None,
):
    import sqlite3

    from checker.cache import Cache
    from checker.config import load_config
    from checker.errors import CheckerError
    from checker.pipeline import run
    from checker.state import Context

    _quiet_libraries()
    cache = None
    try:
        cfg = load_config(config)
        if use_cache and cfg.cache.enabled:
            try:
                cache = Cache.open_default(cfg.cache.dir)
            except (OSError, sqlite3.Error) as exc:
                typer.echo(f"warning: cache disabled ({exc})", err=True)
        with _progress() as progress:

            def bar(description: str, total: int):
                task = progress.add_task(description, total=total)
                return lambda n: progress.advance(task, n)

            ctx = Context(cfg, cache=cache, progress=bar, across_events=across_events)
            if ray_address is not None:  # --ray: the heavy stages on a Ray cluster (checker.engine_ray)
                from checker import engine_ray

                address = None if ray_address in ("", "local") else ray_address
                result = engine_ray.run([str(p) for p in inputs], ctx, address)
            else:
                result = run([str(p) for p in inputs], ctx)
    except CheckerError as exc:
        _fail(str(exc))
    finally:
        if cache is not None:
            cache.close()
    for w in result.warnings:
        typer.echo(f"warning: {w}", err=True)
    for n in result.notes:
        typer.echo(f"note: {n}", err=True)
    return result


def _check_out_dir(out: Path) -> None:
    """Refuse an output directory that cannot be one before any work: an existing file, a file on the way."""
    if out.exists():
        if not out.is_dir():
            _fail(f"{out}: output directory is an existing file")
        if not os.access(out, os.W_OK | os.X_OK):
            _fail(f"{out}: output directory is not writable")
        return
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        _fail(f"{out}: cannot create the output directory ({parent} is a file)")
    if not os.access(parent, os.W_OK | os.X_OK):
        _fail(f"{out}: cannot create the output directory ({parent} is not writable)")


def _write_report(result, out: Path, history_png: Optional[bytes] = None) -> dict:
    from checker.report import write_report

    try:
        return write_report(result, out, history_png)
    except OSError as exc:
        _fail(f"{out}: cannot write report ({exc.strerror or exc})")
        raise  # unreachable: _fail exits


def _summary(result) -> str:
    s = result.stats
    return (
        f"{s.articles} articles, {s.sentences} sentences kept, {s.candidate_pairs} candidate pairs, "
        f"{s.nli_pairs} NLI pairs scored, {s.findings} findings, {s.seconds:.1f} s"
    )


@app.command()
def report(
    inputs: list[Path] = typer.Argument(
        ..., help="Files or directories of scraped articles (.txt, .md, .jsonl, .html).", metavar="PATH"
    ),
    out: Path = typer.Option(Path("reports/latest"), "-o", "--out", help="Output directory.", metavar="DIR"),
    config: Optional[Path] = typer.Option(
        None, "--config", "-c", help="YAML config (default: configs/default.yaml).", metavar="FILE"
    ),
    across_events: bool = typer.Option(False, "--across-events", help="Also compare articles of different events."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the vector/NLI cache."),
    ray: Optional[str] = typer.Option(
        None,
        "--ray",
        metavar="[ADDRESS]",
        help="Run the heavy stages on a Ray cluster: ADDRESS (host:port or 'auto'); without one (or 'local'), "
        "$RAY_ADDRESS or else a local Ray instance.",
    ),
    history: Optional[Path] = typer.Option(
        None, "--history", help="Record this run in this SQLite history (created when missing).", metavar="FILE"
    ),
) -> None:
    """Write report.html, report.md, findings.json and findings.csv into OUT."""
    _check_out_dir(out)
    started = _check_history(history)
    result = _run_pipeline(inputs, config, across_events, not no_cache, ray)
    plot = _record_history(history, result, config, started, {})
    paths = _write_report(result, out, plot)
    typer.echo(f"wrote {', '.join(str(p) for p in paths.values())}", err=True)
    typer.echo(_summary(result))


def _check_history(history: Optional[Path]) -> str:
    """Refuse an unusable --history file before any work; return the run's start time."""
    from checker.history import HistoryError, check, now

    if history is not None:
        try:
            check(history)
        except HistoryError as exc:
            _fail(str(exc))
    return now()


def _record_history(
    history: Optional[Path], result, config: Optional[Path], started: str, verdicts: dict
) -> Optional[bytes]:
    """Append the finished run to --history (one transaction); return the history's plot for report.html."""
    if history is None:
        return None
    from checker.config import load_config
    from checker.history import HistoryError, plot_png, record, run_record

    try:
        run_id = record(history, run_record(result, load_config(config), " ".join(sys.argv[1:]), verdicts, started))
        png = plot_png(history)
    except HistoryError as exc:
        _fail(str(exc))
    typer.echo(f"history {history}: run {run_id} recorded", err=True)
    return png


@app.command()
def ci(
    inputs: list[Path] = typer.Argument(..., help="Files or directories of scraped articles.", metavar="PATH"),
    baseline: Optional[Path] = typer.Option(
        None,
        "--baseline",
        help="Reviewed baseline JSON of accepted findings (created empty, with a note, when missing).",
        metavar="FILE",
    ),
    update_baseline: bool = typer.Option(
        False,
        "--update-baseline",
        help="Add every new finding to the baseline (earlier entries and reasons are kept) and exit 0.",
    ),
    prune: bool = typer.Option(
        False, "--prune", help="With --update-baseline: remove entries whose finding was not seen in this run."
    ),
    fail_on: Severity = typer.Option(
        Severity.HIGH, "--fail-on", help="Fail on new findings at or above this severity.", metavar="high|medium|low"
    ),
    junit: Optional[Path] = typer.Option(None, "--junit", help="Write JUnit XML here.", metavar="FILE"),
    out: Optional[Path] = typer.Option(
        None, "-o", "--out", help="Also write the full report into this directory.", metavar="DIR"
    ),
    config: Optional[Path] = typer.Option(
        None, "--config", "-c", help="YAML config (default: configs/default.yaml).", metavar="FILE"
    ),
    across_events: bool = typer.Option(False, "--across-events", help="Also compare articles of different events."),
    history: Optional[Path] = typer.Option(
        None,
        "--history",
        help="Record this run, with the baseline's verdicts, in this SQLite history (created when missing).",
        metavar="FILE",
    ),
) -> None:
    """Exit 1 when a finding at or above --fail-on is not in the baseline, 0 otherwise, 2 on unusable input."""
    from checker import ci as ci_mod
    from checker.report import Output, render
    from checker.report.ci import append_step_summary
    from checker.storage import atomic_write_text as _atomic_write

    if update_baseline and baseline is None:
        _fail("--update-baseline needs --baseline FILE")
    if prune and not update_baseline:
        _fail("--prune needs --update-baseline")
    if out is not None:
        _check_out_dir(out)
    for target, what in ((baseline, "--baseline"), (junit, "--junit")):
        if target is not None and target.is_dir():
            _fail(f"{target}: {what} names a directory, not a file")
    entries: list[dict] = []
    missing = baseline is not None and not baseline.exists()
    if baseline is not None and not missing:
        try:
            entries = ci_mod.load_entries(baseline)
        except ci_mod.BaselineError as exc:
            _fail(str(exc))
    started = _check_history(history)
    result = _run_pipeline(inputs, config, across_events)
    plot = _record_history(history, result, config, started, {e["id"]: e for e in entries})
    if out is not None:
        _write_report(result, out, plot)
    if update_baseline:
        assert baseline is not None  # checked above
        try:  # re-read under the baseline's lock and merged: a concurrent update is never lost
            change = ci_mod.merge_into_baseline(baseline, list(result.findings), prune)
        except ci_mod.BaselineError as exc:
            _fail(str(exc))
        typer.echo(change.message(baseline))
        raise typer.Exit(0)
    if baseline is not None and missing:
        try:
            created = ci_mod.create_if_missing(baseline)
        except ci_mod.BaselineError as exc:
            _fail(str(exc))
        if created:
            typer.echo(
                f"note: baseline {baseline} not found: created it empty (every finding is new); "
                "accept reviewed findings with --update-baseline",
                err=True,
            )
    accepted = {e["id"]: str(e.get("reason") or "") for e in entries if ci_mod.known(e)}
    verdict = ci_mod.judge_against(list(result.findings), accepted, fail_on)
    output = Output(result, verdict=verdict, fail_on=fail_on)
    if junit is not None:
        try:
            junit.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(junit, render("junit", output))
        except OSError as exc:
            _fail(f"{junit}: cannot write JUnit XML ({exc.strerror or exc})")
    md = render("summary", output)
    typer.echo(md)
    append_step_summary(md)
    typer.echo(_summary(result), err=True)
    raise typer.Exit(1 if verdict.failing else 0)


@app.command("review")
def review_cmd(
    report_dir: Path = typer.Argument(..., help="A report directory (with findings.json).", metavar="REPORT_DIR"),
    baseline: Optional[Path] = typer.Option(
        None,
        "--baseline",
        help="Write verdicts into this baseline (default: REPORT_DIR/baseline.json; created when missing).",
        metavar="FILE",
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to serve on (this machine only by default).", metavar="ADDRESS"
    ),
    port: int = typer.Option(8765, "--port", help="Port to serve on.", metavar="N", min=1, max=65535),
) -> None:
    """Review a report's findings in the browser: confirmed, false alarm or unsure, written to the baseline."""
    from checker.errors import CheckerError
    from checker.review.serve import serve

    if baseline is not None and baseline.is_dir():
        _fail(f"{baseline}: --baseline names a directory, not a file")
    try:
        serve(report_dir, baseline or report_dir / "baseline.json", host, port, echo=typer.echo)
    except CheckerError as exc:
        _fail(str(exc))


@app.command("calibrate")
def calibrate_cmd(
    baseline: Optional[Path] = typer.Option(
        None, "--baseline", help="Read the verdicts of this baseline.", metavar="FILE"
    ),
    history: Optional[Path] = typer.Option(
        None, "--history", help="Read the last verdict of each finding from this history.", metavar="FILE"
    ),
    findings: Optional[Path] = typer.Option(
        None, "--findings", help="With --baseline: a findings.json giving values older entries lack.", metavar="FILE"
    ),
    target: Optional[float] = typer.Option(
        None, "--target", help="Precision to reach (default: calibrate.target, 0.9).", metavar="P"
    ),
    write: Optional[Path] = typer.Option(
        None, "--write", help="Write the config with the thresholds that carry (a file -c accepts).", metavar="FILE"
    ),
    config: Optional[Path] = typer.Option(
        None, "--config", "-c", help="The config the thresholds start from (default: built in).", metavar="FILE"
    ),
) -> None:
    """Precision per kind and severity from the verdicts, and thresholds that reach --target (cross-validated)."""
    from checker.calibrate_cli import run_calibrate

    if (baseline is None) == (history is None):
        _fail("give one of --baseline FILE or --history FILE")
    if findings is not None and baseline is None:
        _fail("--findings needs --baseline")
    if target is not None and not 0 < target <= 1:
        _fail(f"--target {target}: a precision between 0 and 1")
    if write is not None and write.is_dir():
        _fail(f"{write}: --write names a directory, not a file")
    try:
        run_calibrate(baseline, history, findings, target, write, config, typer.echo)
    except (OSError, ValueError) as exc:  # CheckerErrors are ValueErrors: one line naming the file
        _fail(str(exc))


@app.command("history")
def history_cmd(
    file: Path = typer.Argument(..., help="The SQLite history that --history wrote.", metavar="FILE"),
    by: str = typer.Option("run", "--by", help="One row per run, or per day (its last run).", metavar="run|day"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw the table as a PNG here.", metavar="FILE"),
) -> None:
    """Findings per run or day: by severity; new, still open and gone since the row before; verdicts."""
    from rich.table import Table

    from checker import history as H

    if by not in ("run", "day"):
        _fail(f"--by {by!r}: use run or day")
    if plot is not None and plot.is_dir():
        _fail(f"{plot}: --plot names a directory, not a file")
    try:
        rows = H.table(file, by)
    except H.HistoryError as exc:
        _fail(str(exc))
    t = Table(title=f"{file}: {len(rows)} {by}{'' if len(rows) == 1 else 's'}", title_justify="left")
    for col in H.COLUMNS:
        t.add_column(
            col.replace("_", " ") if col != "label" else by, justify="left" if col == "label" else "right", no_wrap=True
        )
    for r in rows:
        t.add_row(*(str(getattr(r, c)) for c in H.COLUMNS))
    Console(width=max(130, Console().width)).print(t)
    if plot is not None:
        try:
            H.plot(rows, plot)
        except OSError as exc:
            _fail(f"{plot}: cannot write plot ({exc.strerror or exc})")
        typer.echo(f"wrote {plot}", err=True)


@app.command("train-nli")
def train_nli(
    out: Path = typer.Option(
        Path("models/nli-minilm-l6"), "-o", "--out", help="Where to write the model.", metavar="DIR"
    ),
    data: Path = typer.Option(DATA_ROOT, "--data", help="The shared/data/nli directory.", metavar="DIR"),
    epochs: float = typer.Option(1.0, help="Training epochs.", metavar="N"),
    batch_size: int = typer.Option(32, help="Training batch size.", metavar="N"),
    learning_rate: float = typer.Option(5e-5, help="Peak learning rate.", metavar="RATE"),
    max_length: int = typer.Option(128, help="Max tokens per pair.", metavar="N"),
    eval_steps: int = typer.Option(
        600, help="Evaluate on the dev sets every N steps; the best checkpoint is kept.", metavar="N"
    ),
    synthetic: bool = typer.Option(True, help="Add synthetic news pairs from FRANK/XSumFaith articles."),
    seed: int = typer.Option(13, help="Random seed (shuffling, synthetic pairs, initialisation).", metavar="N"),
    base_model: Optional[Path] = typer.Option(
        None,
        "--base-model",
        help="Continue from this model directory (default: the bundled MiniLM base).",
        metavar="DIR",
    ),
    train_sets: Optional[list[str]] = typer.Option(
        None, "--train-set", help="Train only on these train-role sets (repeatable; default: all).", metavar="NAME"
    ),
    dev_sets: Optional[list[str]] = typer.Option(
        None, "--dev-set", help="Select checkpoints on these dev-role sets (repeatable; default: all).", metavar="NAME"
    ),
    mnli_repeat: int = typer.Option(2, help="Times the MNLI-matched training half is repeated per epoch.", metavar="N"),
    warmup_ratio: float = typer.Option(0.1, help="Share of steps spent warming up the learning rate.", metavar="RATIO"),
    limit: Optional[int] = typer.Option(None, help="Use only this many training pairs (smoke runs).", metavar="N"),
    evaluate: bool = typer.Option(True, help="Evaluate on the test-role sets afterwards and write the model card."),
    caps: Optional[list[str]] = typer.Option(
        None,
        "--cap",
        help="NAME=N: use at most N rows of train set NAME (seeded sample; repeatable).",
        metavar="NAME=N",
    ),
    synthetic_pairs: Optional[int] = typer.Option(None, help="Use at most this many synthetic pairs.", metavar="N"),
    synthetic_v2: bool = typer.Option(
        True, "--synthetic-v2/--synthetic-v1", help="Second-generation synthetic pairs (dev articles held out)."
    ),
    decontaminate: bool = typer.Option(True, help="Drop rows sharing a sentence with a test-role set."),
    max_steps: Optional[int] = typer.Option(None, help="Stop after this many optimizer steps.", metavar="N"),
    dev_limit: Optional[int] = typer.Option(
        None, help="Evaluate during training on N rows of each dev set.", metavar="N"
    ),
    logging_steps: int = typer.Option(100, help="Log the training loss every N steps.", metavar="N"),
    two_way_weight: float = typer.Option(
        1.0, help="Weight of the two-way (entailed / not) rows in the loss.", metavar="W"
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Continue an interrupted run from its last checkpoint (in <out>.work)."
    ),
    export_best: bool = typer.Option(
        False,
        "--export-best",
        help="Do not train: ship the best checkpoint so far of a stopped run (same options as the run).",
    ),
    export_seconds: Optional[float] = typer.Option(
        None, help="With --export-best: the run's wall time to record.", metavar="SECONDS"
    ),
    export_commit: Optional[str] = typer.Option(
        None, help="With --export-best: the code commit the run used.", metavar="SHA"
    ),
) -> None:
    """Fine-tune the MiniLM base into the shipped NLI cross-encoder (train-role sets only)."""
    _need_training_extra()
    from checker.training.card import write_card
    from checker.training.train import TrainSettings, train

    _quiet_libraries()
    if not data.is_dir():
        _fail(f"{data}: NLI data directory not found (pass --data)")
    from checker.training import data as nli_data

    for name in train_sets or []:
        if name not in nli_data.TRAIN_SETS:
            _fail(f"--train-set {name}: not a train-role set; known: {', '.join(nli_data.TRAIN_SETS)}")
    for name in dev_sets or []:
        if name not in nli_data.DEV_SETS:
            _fail(f"--dev-set {name}: not a dev-role set; known: {', '.join(nli_data.DEV_SETS)}")
    cap_map: dict[str, int] = {}
    for item in caps or []:
        name, _, n = item.partition("=")
        if name not in nli_data.TRAIN_SETS or not n.isdigit():
            _fail(f"--cap {item}: expected NAME=N with NAME a train-role set")
        cap_map[name] = int(n)
    if base_model is not None and not (base_model / "config.json").is_file():
        _fail(f"{base_model}: not a model directory (no config.json)")
    command = " ".join(["checker"] + sys.argv[1:])
    settings = TrainSettings(
        data_root=data,
        out_dir=out,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        max_length=max_length,
        eval_steps=eval_steps,
        synthetic=synthetic,
        seed=seed,
        limit=limit,
        mnli_repeat=mnli_repeat,
        warmup_ratio=warmup_ratio,
        command=command,
        base_model=str(base_model) if base_model else None,
        train_sets=list(train_sets or nli_data.TRAIN_SETS),
        dev_sets=list(dev_sets or nli_data.DEV_SETS),
        caps=cap_map,
        synthetic_pairs=synthetic_pairs,
        synthetic_v2=synthetic_v2,
        decontaminate=decontaminate,
        max_steps=max_steps,
        dev_limit=dev_limit,
        logging_steps=logging_steps,
        two_way_weight=two_way_weight,
        resume=resume,
    )
    log = lambda m: err.print(m, markup=False, highlight=False)  # noqa: E731
    if export_best:
        from checker.training.train import export_checkpoint

        path = export_checkpoint(settings, seconds=export_seconds, commit=export_commit, log=log)
    else:
        path = train(settings, log=log)
    if evaluate:
        from checker.training.calibrate import calibrate_model

        calibrate_model(path, data, None, 64, log=log)
        scores = _evaluate(path, data, None, 64)
        write_card(path, scores, command)


EXTRA_EVAL_SETS = ("vitaminc-dev", "synthetic-dev")  # dev-role sets eval-nli reports beside the test-role ones


def _evaluate(
    model_path: Path,
    data: Path,
    sets: Optional[list[str]],
    batch_size: int,
    limit: int | None = None,
    quantize: bool = False,
    precision: str = "float32",
):
    from checker.nli import load_nli, nli_logits
    from checker.training import data as nli_data
    from checker.training.evaluate import score_with_calibration

    model = load_nli(str(model_path), "cpu", 256, quantize=quantize, precision=precision)
    temperature = getattr(model, "nli_temperature", None)
    names = sets or list(nli_data.TEST_SETS) + list(EXTRA_EVAL_SETS)
    scores = []
    for name in names:
        table = nli_data.TEST_SETS if name in nli_data.TEST_SETS else nli_data.DEV_SETS
        try:
            ex = nli_data.load([name], table, data)[: limit or None]
        except KeyError as exc:
            _fail(str(exc.args[0]))
        logits = nli_logits(model, [(e.premise, e.hypothesis) for e in ex], batch_size)
        s = score_with_calibration(name, ex, logits, temperature)
        err.print(
            f"{name}: accuracy {s.accuracy:.3f}, contradiction F1 {s.contradiction_f1:.3f}, ECE "
            f"{s.ece_uncalibrated:.3f} -> {s.ece:.3f} (T={temperature or 1:.3f}, {s.n} pairs)",
            markup=False,
            highlight=False,
        )
        scores.append(s)
    return scores


@app.command("eval-nli")
def eval_nli(
    model: Path = typer.Option(Path("models/nli-minilm-l6"), "--model", help="Model directory.", metavar="DIR"),
    data: Path = typer.Option(DATA_ROOT, "--data", help="The shared/data/nli directory.", metavar="DIR"),
    sets: Optional[list[str]] = typer.Option(
        None, "--set", help="Evaluate only these sets (repeatable).", metavar="NAME"
    ),
    batch_size: int = typer.Option(64, help="Batch size.", metavar="N"),
    limit: Optional[int] = typer.Option(None, help="Only the first N pairs of each set.", metavar="N"),
    write_card: bool = typer.Option(
        False, "--write-card", help="Write the model card (README.md) with this evaluation into the model dir."
    ),
    train_command: str = typer.Option("checker train-nli", help="The training command the card names.", metavar="TEXT"),
    fit_temperature: bool = typer.Option(
        False,
        "--fit-temperature",
        help="First fit a temperature on the dev-role sets (NLL) and write calibration.json into the model dir.",
    ),
    quantize: bool = typer.Option(
        False, "--quantize", help="Evaluate the model in int8 (the same as --precision int8)."
    ),
    precision: str = typer.Option(
        "float32",
        "--precision",
        help="Number format on CPU: float32, bfloat16, int8, or auto (as models.precision runs it).",
        metavar="NAME",
    ),
) -> None:
    """Print accuracy, contradiction P/R/F1 and calibration error on each test-role NLI set (and the VitaminC and
    synthetic dev splits)."""
    from checker.errors import ModelError
    from checker.training.evaluate import markdown_table

    _quiet_libraries()
    if not data.is_dir():
        _fail(f"{data}: NLI data directory not found (pass --data)")
    if precision not in ("auto", "float32", "bfloat16", "int8"):
        _fail(f"--precision {precision!r}: use float32, bfloat16, int8 or auto")
    lowered = quantize or precision != "float32"
    if lowered and (write_card or fit_temperature):
        _fail("--quantize and --precision only measure; the card and calibration.json are written from float32")
    if fit_temperature:
        from checker.training.calibrate import calibrate_model

        try:
            calibrate_model(model, data, None, batch_size, log=lambda m: err.print(m, markup=False, highlight=False))
        except ModelError as exc:
            _fail(str(exc))
    try:
        scores = _evaluate(model, data, sets, batch_size, limit, quantize, precision)
    except ModelError as exc:
        _fail(str(exc))
    typer.echo(markdown_table(scores))
    if write_card:
        from checker.training.card import write_card as write

        typer.echo(f"wrote {write(model, scores, train_command)}", err=True)


# Typer carries its own copy of click; its exception classes are reached through the public BadParameter.
_CLICK_ERRORS = {c.__name__: c for c in typer.BadParameter.__mro__}
_UsageError: type[Exception] = _CLICK_ERRORS["UsageError"]
_ClickException: type[Exception] = _CLICK_ERRORS["ClickException"]


def _one_line_usage_error(exc: Any) -> int:
    """Print a click usage error as one ``error:`` line (no usage block, no panel); return its exit code."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        typer.echo(ctx.get_help())  # a bare command: its help, as before
        return 2
    usage = isinstance(exc, _UsageError)
    message = " ".join(exc.format_message().split())
    hint = f" (see {ctx.command_path} --help)" if usage and ctx is not None else ""
    typer.echo(f"error: {message}{hint}", err=True)
    return 2 if usage else int(getattr(exc, "exit_code", 2))


def _optional_ray_address(argv: list[str]) -> None:
    """``--ray`` may come without an address: give it ``local`` when nothing follows, an option follows, or what
    follows is an existing input path."""
    for k, arg in enumerate(argv):
        if arg == "--ray":
            nxt = argv[k + 1] if k + 1 < len(argv) else None
            if nxt is None or nxt.startswith("-") or Path(nxt).exists():
                argv.insert(k + 1, "local")
            return


def main() -> None:  # pragma: no cover - entry point
    """Entry point: argument errors are one line (exit 2); unexpected errors are one line (exit 3).

    ``CHECKER_DEBUG=1`` shows the traceback of an unexpected error.
    """
    _optional_ray_address(sys.argv)
    try:
        code = app(standalone_mode=False, prog_name="checker")
    except _ClickException as exc:
        raise SystemExit(_one_line_usage_error(exc)) from None
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        raise SystemExit(130) from None
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("CHECKER_DEBUG"):
            raise
        typer.echo(
            f"error: unexpected {exc.__class__.__name__}: {exc} (set CHECKER_DEBUG=1 for the traceback)", err=True
        )
        raise SystemExit(3) from None
    raise SystemExit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
