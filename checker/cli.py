"""The ``checker`` command line: report, train-nli, eval-nli."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checker.records import Severity

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Find where news sources disagree: align sentences across outlets, run NLI and claim checks.",
)


def _version(value: bool) -> None:
    if value:
        from checker import __version__
        from checker.nli import card_summary

        typer.echo(f"checker {__version__}")
        typer.echo(card_summary())
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
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="YAML config to resolve (default: built in)."),
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


def _summary(result) -> str:
    s = result.stats
    return (
        f"{s.articles} articles, {s.sentences} sentences kept, {s.candidate_pairs} candidate pairs, "
        f"{s.nli_pairs} NLI pairs scored, {s.findings} findings, {s.seconds:.1f} s"
    )


@app.command()
def report(
    inputs: list[Path] = typer.Argument(
        ..., help="Files or directories of scraped articles (.txt, .md, .jsonl, .html)."
    ),
    out: Path = typer.Option(Path("reports/latest"), "-o", "--out", help="Output directory."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="YAML config (default: configs/default.yaml)."),
    across_events: bool = typer.Option(False, "--across-events", help="Also compare articles of different events."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the vector/NLI cache."),
    ray: Optional[str] = typer.Option(
        None,
        "--ray",
        metavar="[ADDRESS]",
        help="Run the heavy stages on a Ray cluster: ADDRESS (host:port or 'auto'); without one (or 'local'), "
        "$RAY_ADDRESS or else a local Ray instance.",
    ),
) -> None:
    """Write report.html, report.md, findings.json and findings.csv into OUT."""
    from checker.report import write_report

    result = _run_pipeline(inputs, config, across_events, not no_cache, ray)
    try:
        paths = write_report(result, out)
    except OSError as exc:
        _fail(f"{out}: cannot write report ({exc.strerror or exc})")
    typer.echo(f"wrote {', '.join(str(p) for p in paths.values())}", err=True)
    typer.echo(_summary(result))


@app.command()
def ci(
    inputs: list[Path] = typer.Argument(..., help="Files or directories of scraped articles."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Reviewed baseline JSON of accepted findings."),
    update_baseline: bool = typer.Option(
        False, "--update-baseline", help="Write every current finding into the baseline and exit 0."
    ),
    fail_on: Severity = typer.Option(
        Severity.HIGH, "--fail-on", help="Fail on new findings at or above this severity."
    ),
    junit: Optional[Path] = typer.Option(None, "--junit", help="Write JUnit XML here."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Also write the full report into this directory."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="YAML config (default: configs/default.yaml)."),
    across_events: bool = typer.Option(False, "--across-events", help="Also compare articles of different events."),
) -> None:
    """Exit 1 when a finding at or above --fail-on is not in the baseline, 0 otherwise, 2 on unusable input."""
    from checker import ci as ci_mod
    from checker.report import write_report
    from checker.report.write import _atomic_write

    accepted: dict[str, str] = {}
    if baseline is not None and (baseline.exists() or not update_baseline):
        try:
            accepted = ci_mod.load_baseline(baseline)
        except ci_mod.BaselineError as exc:
            _fail(str(exc))
    if update_baseline and baseline is None:
        _fail("--update-baseline needs --baseline FILE")
    result = _run_pipeline(inputs, config, across_events)
    if out is not None:
        write_report(result, out)
    if update_baseline:
        import json

        assert baseline is not None  # checked above
        baseline.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(
            baseline,
            json.dumps(ci_mod.baseline_document(result.findings, accepted), indent=2, ensure_ascii=False) + "\n",
        )
        typer.echo(f"baseline {baseline}: {len(result.findings)} findings accepted")
        raise typer.Exit(0)
    verdict = ci_mod.judge_against(result.findings, accepted, fail_on)
    if junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(junit, ci_mod.junit_xml(result.findings, verdict, fail_on))
    md = ci_mod.summary_markdown(result.findings, verdict, fail_on, result.stats)
    typer.echo(md)
    ci_mod.append_step_summary(md)
    typer.echo(_summary(result), err=True)
    raise typer.Exit(1 if verdict.failing else 0)


@app.command("train-nli")
def train_nli(
    out: Path = typer.Option(Path("models/nli-minilm-l6"), "-o", "--out", help="Where to write the model."),
    data: Path = typer.Option(DATA_ROOT, "--data", help="The shared/data/nli directory."),
    epochs: float = typer.Option(1.0, help="Training epochs."),
    batch_size: int = typer.Option(32, help="Training batch size."),
    learning_rate: float = typer.Option(5e-5, help="Peak learning rate."),
    max_length: int = typer.Option(128, help="Max tokens per pair."),
    eval_steps: int = typer.Option(600, help="Evaluate on the dev sets every N steps; the best checkpoint is kept."),
    synthetic: bool = typer.Option(True, help="Add synthetic news pairs from FRANK/XSumFaith articles."),
    seed: int = typer.Option(13, help="Random seed (shuffling, synthetic pairs, initialisation)."),
    base_model: Optional[Path] = typer.Option(
        None, "--base-model", help="Continue from this model directory (default: the bundled MiniLM base)."
    ),
    train_sets: Optional[list[str]] = typer.Option(
        None, "--train-set", help="Train only on these train-role sets (repeatable; default: all)."
    ),
    dev_sets: Optional[list[str]] = typer.Option(
        None, "--dev-set", help="Select checkpoints on these dev-role sets (repeatable; default: all)."
    ),
    mnli_repeat: int = typer.Option(2, help="Times the MNLI-matched training half is repeated per epoch."),
    warmup_ratio: float = typer.Option(0.1, help="Share of steps spent warming up the learning rate."),
    limit: Optional[int] = typer.Option(None, help="Use only this many training pairs (smoke runs)."),
    evaluate: bool = typer.Option(True, help="Evaluate on the test-role sets afterwards and write the model card."),
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
    )
    path = train(settings, log=lambda m: err.print(m, markup=False, highlight=False))
    if evaluate:
        scores = _evaluate(path, data, None, 64)
        write_card(path, scores, command)


def _evaluate(model_path: Path, data: Path, sets: Optional[list[str]], batch_size: int, limit: int | None = None):
    from checker.nli import load_nli, nli_probs
    from checker.training import data as nli_data
    from checker.training.evaluate import score_set

    model = load_nli(str(model_path), "cpu", 256)
    names = sets or list(nli_data.TEST_SETS)
    scores = []
    for name in names:
        table = nli_data.TEST_SETS if name in nli_data.TEST_SETS else nli_data.DEV_SETS
        try:
            ex = nli_data.load([name], table, data)[: limit or None]
        except KeyError as exc:
            _fail(str(exc.args[0]))
        probs = nli_probs(model, [(e.premise, e.hypothesis) for e in ex], batch_size)
        s = score_set(name, ex, probs)
        err.print(
            f"{name}: accuracy {s.accuracy:.3f}, contradiction F1 {s.contradiction_f1:.3f} ({s.n} pairs)",
            markup=False,
            highlight=False,
        )
        scores.append(s)
    return scores


@app.command("eval-nli")
def eval_nli(
    model: Path = typer.Option(Path("models/nli-minilm-l6"), "--model", help="Model directory."),
    data: Path = typer.Option(DATA_ROOT, "--data", help="The shared/data/nli directory."),
    sets: Optional[list[str]] = typer.Option(None, "--set", help="Evaluate only these sets (repeatable)."),
    batch_size: int = typer.Option(64, help="Batch size."),
    limit: Optional[int] = typer.Option(None, help="Only the first N pairs of each set."),
    write_card: bool = typer.Option(
        False, "--write-card", help="Write the model card (README.md) with this evaluation into the model dir."
    ),
    train_command: str = typer.Option("checker train-nli", help="The training command the card names."),
) -> None:
    """Print accuracy and contradiction P/R/F1 on each test-role NLI set."""
    from checker.errors import ModelError
    from checker.training.evaluate import markdown_table

    _quiet_libraries()
    if not data.is_dir():
        _fail(f"{data}: NLI data directory not found (pass --data)")
    try:
        scores = _evaluate(model, data, sets, batch_size, limit)
    except ModelError as exc:
        _fail(str(exc))
    typer.echo(markdown_table(scores))
    if write_card:
        from checker.training.card import write_card as write

        typer.echo(f"wrote {write(model, scores, train_command)}", err=True)


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
    """Entry point: unexpected errors become one line (exit 3); CHECKER_DEBUG=1 shows the traceback."""
    _optional_ray_address(sys.argv)
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("CHECKER_DEBUG"):
            raise
        typer.echo(
            f"error: unexpected {exc.__class__.__name__}: {exc} (set CHECKER_DEBUG=1 for the traceback)", err=True
        )
        raise SystemExit(3) from None


if __name__ == "__main__":  # pragma: no cover
    main()
