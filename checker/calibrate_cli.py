"""What ``checker calibrate`` prints and writes (the command line stays thin)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from checker import calibrate as C


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _table(title: str, rows: list[C.Precision], needs: dict[str, int] | None = None) -> Table:
    t = Table(title=title, title_justify="left")
    for col in ("", "verdicts", "confirmed", "false alarm", "precision"):
        t.add_column(col, justify="left" if not col else "right", no_wrap=True)
    if needs is not None:
        t.add_column("more verdicts needed", justify="right", no_wrap=True)
    for r in rows:
        cells = [r.group, str(r.verdicts), str(r.confirmed), str(r.false_alarm), _fmt(r.precision)]
        if needs is not None:
            cells.append(str(needs.get(r.group, 0) or ""))
        t.add_row(*cells)
    return t


def _findings_by_id(path: Path) -> dict[str, dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a readable findings.json ({exc.__class__.__name__})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise ValueError(f"{path}: not a findings.json (no 'findings' list)")
    return {f["id"]: f for f in doc["findings"] if isinstance(f, dict) and isinstance(f.get("id"), str)}


def load_verdicts(
    baseline: Path | None, history: Path | None, findings: Path | None = None
) -> tuple[list[C.Verdicted], str]:
    """The verdicts ``checker calibrate`` reads (from a baseline, or else a history) and the file they came from."""
    from checker.ci import load_entries

    if baseline is not None:
        return C.from_entries(load_entries(baseline), _findings_by_id(findings) if findings else None), str(baseline)
    assert history is not None
    return C.from_history(history), str(history)


def run_calibrate(
    baseline: Path | None,
    history: Path | None,
    findings: Path | None,
    target: float | None,
    write: Path | None,
    config: Path | None,
    echo: Callable[..., None],
) -> None:
    from checker.config import load_config

    cfg = load_config(config)
    settings = cfg.calibrate
    target = settings.target if target is None else target
    verdicts, source = load_verdicts(baseline, history, findings)
    cal = C.calibrate(verdicts, cfg, target, settings.min_verdicts, settings.folds, settings.min_kept)
    out = Console(width=max(100, Console().width))
    echo(f"{len(verdicts)} verdicts (confirmed or false alarm) in {source}")
    if cal.by_kind:
        out.print(_table("precision by kind", cal.by_kind, cal.needs))
        out.print(_table("precision by severity", cal.by_severity))
    short = [f"{k} {n} more" for k, n in sorted(cal.needs.items())]
    if short:
        echo(f"too few verdicts to fit (at least {settings.min_verdicts} a kind): {', '.join(short)}")
    echo(f"thresholds for precision {target:.2f} ({settings.folds}-fold cross-validated over findings):")
    for t in cal.thresholds:
        missing = f"; {t.missing_values} verdicts lack the value (pass --findings)" if t.missing_values else ""
        if t.fitted is None:
            echo(f"  {t.kind}: {t.setting} {t.current:g}: no threshold reaches {target:.2f}{missing}")
            continue
        carry = "carries" if t.carries(target) else "does not carry (not written)"
        echo(
            f"  {t.kind}: {t.setting} {t.current:g} -> {t.fitted:.3f}: cross-validated precision "
            f"{_fmt(t.cv_precision)} on {t.cv_kept} of {t.cv_total} held-out findings kept, recall of the confirmed "
            f"{_fmt(t.cv_recall)}, target reached in {t.folds_reached} of {t.folds} folds: {carry}{missing}"
        )
    fitted_kinds = {t.kind for t in cal.thresholds}
    rest = [k for k in sorted(C.GATES) if k not in fitted_kinds and k not in cal.needs]
    for k in rest:
        echo(f"  {k}: no verdicts")
    *most, last = C.UNGATED
    echo(f"  ({', '.join(most)} and {last} have no single setting that gates them: precision only)")
    if write is not None:
        new, changed = C.calibrated_config(cfg, cal)
        header = (
            f"checker config written by checker calibrate from {source} (target precision {target:.2f}).\n"
            f"Changed: {', '.join(changed) if changed else 'nothing (no threshold carries)'}. Use it with -c."
        )
        C.write_config(write, new, header)
        echo(f"wrote {write} ({', '.join(changed) if changed else 'no threshold changed'})", err=True)
