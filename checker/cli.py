"""The ``checker`` command line: report, train-nli, eval-nli."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, Optional, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checker.records import Severity

T = TypeVar("T")


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
        from checker.commands import format_line
        from checker.nli import card_summary

        typer.echo(f"checker {__version__}")
        typer.echo(card_summary())
        typer.echo(format_line())
        raise typer.Exit(0)


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

    import checker.rules  # noqa: F401  (every finding kind registers its settings section)
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


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(code)


def _need_training_extra() -> None:
    """Training needs the ``train`` extra (datasets, accelerate); say how to get it instead of a traceback."""
    import importlib.util

    missing = [m for m in ("datasets", "accelerate") if importlib.util.find_spec(m) is None]
    if missing:
        _fail(f"train-nli needs {', '.join(missing)}: pip install -c constraints.txt 'checker[train]'")


@contextmanager
def _bars() -> Iterator[Callable[[str, int], Callable[[int], None]]]:
    """Progress bars on stderr (a terminal only) while the pipeline runs."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:

        def bar(description: str, total: int) -> Callable[[int], None]:
            task = progress.add_task(description, total=total)
            return lambda n: progress.advance(task, n)

        yield bar


def _echo(message: str = "", err: bool = False) -> None:
    typer.echo(message, err=err)


def _command(fn: Callable[[], T]) -> T:
    """Call the API; its CheckerError is the one-line ``error:`` of exit 2."""
    from checker.errors import CheckerError

    try:
        return fn()
    except CheckerError as exc:
        _fail(str(exc))


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
    from checker import commands

    run = commands.Run(inputs, config, across_events, not no_cache, ray, history, " ".join(sys.argv[1:]))
    result, paths = _command(lambda: commands.report(run, out, _bars, _echo))
    typer.echo(f"wrote {', '.join(str(p) for p in paths.values())}", err=True)
    typer.echo(commands.summary(result))


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
    from checker import commands

    run = commands.Run(inputs, config, across_events, history=history, command=" ".join(sys.argv[1:]))
    opts = commands.CIOptions(baseline, update_baseline, prune, fail_on, junit, out)
    raise typer.Exit(_command(lambda: commands.ci(run, opts, _bars, _echo)))


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
    from checker import commands

    table, rows = _command(lambda: commands.history_table(file, by, plot))
    Console(width=max(130, Console().width)).print(table)
    if plot is not None:
        _command(lambda: commands.history_plot(rows, plot))
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
    from checker.commands import quiet_libraries
    from checker.training import data as nli_data
    from checker.training import run as R
    from checker.training.train import TrainSettings

    quiet_libraries()
    _command(lambda: R.check_data(data))
    cap_map = _command(lambda: R.check_sets(train_sets or [], dev_sets or [], caps or []))
    if base_model is not None and not (base_model / "config.json").is_file():
        _fail(f"{base_model}: not a model directory (no config.json)")
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
        command=" ".join(["checker"] + sys.argv[1:]),
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
    _command(lambda: R.train_nli(settings, evaluate, export_best, export_seconds, export_commit, _log))


def _log(message: str) -> None:
    err.print(message, markup=False, highlight=False)


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
    from checker.commands import quiet_libraries
    from checker.training import run as R
    from checker.training.evaluate import markdown_table

    quiet_libraries()
    args = (model, data, sets, batch_size, limit, quantize, precision, fit_temperature, write_card, _log)
    scores = _command(lambda: R.eval_nli(*args))
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
