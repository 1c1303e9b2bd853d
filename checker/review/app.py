"""The review app: Starlette, server-rendered Jinja2 (autoescape), a little JavaScript for the keys.

Security: it answers only requests whose Host header names the address it serves (no DNS rebinding); a verdict is
accepted only with the per-run token the page carries and an Origin of that same address; every text is escaped; it
reads ``findings.json`` of the report directory and serves no file at all.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from checker.ci import BASELINE_SCHEMA
from checker.errors import BaselineError, CheckerError
from checker.history import VERDICTS, now
from checker.records import Span
from checker.report.diff import changed_spans, segments
from checker.report.view import MAX_DIFF_SHARE, kind_words
from checker.storage import StorageError, locked_update, read_json
from checker.text import tokens

FINDINGS_SCHEMA = "checker.findings/1"
VERDICT_WORDS = {"confirmed": "confirmed", "false_alarm": "false alarm", "unsure": "unsure"}
MAX_REASON = 2000


class ReviewError(CheckerError, ValueError):
    """The report or baseline cannot be reviewed; the message names the file."""


@dataclass
class Report:
    path: Path
    findings: list[dict]
    by_id: dict[str, dict]


def load_report(report_dir: Path) -> Report:
    """The findings of ``REPORT_DIR/findings.json`` (schema ``checker.findings/1``)."""
    if not report_dir.is_dir():
        raise ReviewError(f"{report_dir}: not a report directory")
    path = report_dir / "findings.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReviewError(f"{path}: not found (write a report with checker report -o {report_dir})") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"{path}: not a readable findings.json ({exc.__class__.__name__})") from exc
    if not isinstance(doc, dict) or doc.get("schema") != FINDINGS_SCHEMA or not isinstance(doc.get("findings"), list):
        raise ReviewError(f"{path}: not a findings.json of schema {FINDINGS_SCHEMA}")
    rows = []
    for i, f in enumerate(doc["findings"]):
        try:
            assert isinstance(f["id"], str) and isinstance(f["a"]["sentence"], str)
            assert isinstance(f["b"]["sentence"], str) and f["severity"] in ("high", "medium", "low")
        except (AssertionError, KeyError, TypeError) as exc:
            raise ReviewError(f"{path}: finding {i} lacks id, severity or sentences") from exc
        rows.append(f)
    return Report(path, rows, {f["id"]: f for f in rows})


def baseline_entries(path: Path) -> dict[str, dict]:
    """The baseline's entries by id (empty when the file does not exist yet)."""
    try:
        doc = read_json(path)
    except StorageError as exc:
        raise BaselineError(str(exc)) from exc
    return {e["id"]: e for e in _entries(path, doc)}


def _entries(path: Path, doc: Any) -> list[dict]:
    if doc is None:
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get("accepted"), list):
        raise BaselineError(f"{path}: not a baseline (expected {{'schema': '{BASELINE_SCHEMA}', 'accepted': [...]}})")
    if doc.get("schema", BASELINE_SCHEMA) != BASELINE_SCHEMA:
        raise BaselineError(f"{path}: baseline of schema {doc.get('schema')!r}, expected {BASELINE_SCHEMA}")
    return [e for e in doc["accepted"] if isinstance(e, dict) and isinstance(e.get("id"), str)]


def record_verdict(baseline: Path, finding: dict, verdict: str, reason: str) -> dict:
    """Write ``verdict`` (and ``reason``) for ``finding`` into the baseline under its lock; return the entry."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r}: use one of {', '.join(VERDICTS)}")
    written: dict = {}

    def update(doc: Any) -> dict:
        doc = doc if doc is not None else {"schema": BASELINE_SCHEMA, "accepted": []}
        _entries(baseline, doc)  # refuses a file that is not a baseline: nothing written
        entry = next((e for e in doc["accepted"] if isinstance(e, dict) and e.get("id") == finding["id"]), None)
        if entry is None:
            entry = {
                "id": finding["id"],
                "pair": finding.get("pair", ""),
                "kind": finding.get("kind", ""),
                "severity": finding["severity"],
                "a_source": finding["a"].get("source", ""),
                "a": finding["a"]["sentence"],
                "b_source": finding["b"].get("source", ""),
                "b": finding["b"]["sentence"],
                "reason": "",
            }
            doc["accepted"].append(entry)
        for key, value in (  # what checker calibrate compares with the thresholds
            ("score", finding.get("score")),
            ("similarity", finding.get("similarity")),
            ("contradiction", (finding.get("nli") or {}).get("contradiction")),
        ):
            if isinstance(value, (int, float)):
                entry[key] = value
        entry["verdict"] = verdict
        if reason or not entry.get("reason"):
            entry["reason"] = reason
        entry["reviewed"] = now()
        written.update(entry)
        return doc

    try:
        locked_update(baseline, update)
    except StorageError as exc:
        raise BaselineError(str(exc)) from exc
    return written


def _spans(rows: Any) -> list[Span]:
    out = []
    for r in rows or []:
        if isinstance(r, list) and len(r) >= 2 and all(isinstance(x, int) for x in r[:2]):
            out.append(Span(r[0], r[1], str(r[2]) if len(r) > 2 else ""))
    return out


def _small(text: str, spans: list[Span]) -> list[Span]:
    words = tokens(text)
    changed = sum(1 for _, lo, hi in words if any(s.start <= lo and hi <= s.end for s in spans))
    return spans if words and changed / len(words) <= MAX_DIFF_SHARE else []


def card(f: dict) -> dict:
    """What one card shows: both sentences split into changed / evidence runs, context, facts."""
    a, b = f["a"]["sentence"], f["b"]["sentence"]
    da, db = changed_spans(a, b)
    ev = f.get("evidence") or {}
    return {
        "f": f,
        "words": kind_words(f.get("kind", "")),
        "a_segments": segments(a, _small(a, da), _spans(ev.get("a"))),
        "b_segments": segments(b, _small(b, db), _spans(ev.get("b"))),
        "a_context": f["a"].get("context") or {},
        "b_context": f["b"].get("context") or {},
        "consensus": f.get("consensus"),
    }


FILTERS = ("kind", "severity", "event", "outlet", "verdict")


def _matches(f: dict, verdict: str | None, want: dict[str, str]) -> bool:
    if want.get("kind") and f.get("kind") != want["kind"]:
        return False
    if want.get("severity") and f.get("severity") != want["severity"]:
        return False
    if want.get("event") and f.get("event") != want["event"]:
        return False
    if want.get("outlet") and want["outlet"] not in (f["a"].get("source"), f["b"].get("source")):
        return False
    if want.get("verdict"):
        return (verdict or "none") == want["verdict"]
    return True


def _csp(nonce: str) -> str:
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; connect-src 'self'; "
        "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def create_app(
    report_dir: Path, baseline: Path, hosts: list[str], origins: list[str], token: str | None = None
) -> Starlette:
    """The app for ``report_dir``: ``hosts`` are the Host names it answers, ``origins`` the Origins it trusts."""
    report = load_report(report_dir)
    baseline_entries(baseline)  # a bad baseline is refused before serving
    token = token or secrets.token_urlsafe(24)
    env = Environment(loader=PackageLoader("checker.review", "templates"), autoescape=select_autoescape(default=True))
    page = env.get_template("review.html.j2")
    options = {
        "kind": sorted({f.get("kind", "") for f in report.findings}),
        "severity": [s for s in ("high", "medium", "low") if any(f["severity"] == s for f in report.findings)],
        "event": sorted({str(f.get("event", "")) for f in report.findings}),
        "outlet": sorted({f[s].get("source", "") for f in report.findings for s in ("a", "b")}),
        "verdict": ["none", *VERDICTS],
    }

    async def index(request: Request) -> Response:
        want = {k: request.query_params.get(k, "") for k in FILTERS}
        try:
            known = baseline_entries(baseline)
        except BaselineError as exc:
            return HTMLResponse(f"<p>{_escape(str(exc))}</p>", status_code=409)
        verdicts = {i: e.get("verdict") for i, e in known.items()}
        shown = [f for f in report.findings if _matches(f, verdicts.get(f["id"]), want)]
        left = sum(1 for f in shown if not verdicts.get(f["id"]))
        try:
            pos = int(request.query_params.get("i", ""))
        except ValueError:
            pos = next((k for k, f in enumerate(shown) if not verdicts.get(f["id"])), 0)
        pos = max(0, min(pos, len(shown) - 1)) if shown else 0
        current = shown[pos] if shown else None
        nonce = secrets.token_urlsafe(16)
        html = page.render(
            card=card(current) if current else None,
            entry=known.get(current["id"], {}) if current else {},
            pos=pos,
            total=len(shown),
            left=left,
            all_total=len(report.findings),
            all_left=sum(1 for f in report.findings if not verdicts.get(f["id"])),
            want=want,
            options=options,
            token=token,
            nonce=nonce,
            verdict_words=VERDICT_WORDS,
            baseline=str(baseline),
            report=str(report.path),
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": _csp(nonce), "Referrer-Policy": "no-referrer"})

    async def post_verdict(request: Request) -> Response:
        origin = request.headers.get("origin", "")
        if origin not in origins:
            return JSONResponse({"error": "cross-origin request refused"}, status_code=403)
        if not hmac.compare_digest(request.headers.get("x-checker-token", ""), token):
            return JSONResponse({"error": "missing or wrong token"}, status_code=403)
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return JSONResponse({"error": "expected a JSON body"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "expected a JSON object"}, status_code=400)
        fid, verdict, reason = body.get("id"), body.get("verdict"), body.get("reason", "")
        if not isinstance(fid, str) or fid not in report.by_id:
            return JSONResponse({"error": f"unknown finding id {str(fid)[:40]!r}"}, status_code=404)
        if verdict not in VERDICTS:
            return JSONResponse({"error": f"verdict must be one of {', '.join(VERDICTS)}"}, status_code=422)
        if not isinstance(reason, str) or len(reason) > MAX_REASON:
            return JSONResponse({"error": f"reason must be text of at most {MAX_REASON} characters"}, status_code=422)
        try:
            entry = record_verdict(baseline, report.by_id[fid], verdict, reason.strip())
        except BaselineError as exc:
            return JSONResponse({"error": str(exc)}, status_code=409)
        return JSONResponse({"ok": True, "entry": entry})

    return Starlette(
        routes=[Route("/", index, methods=["GET"]), Route("/api/verdict", post_verdict, methods=["POST"])],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
    )


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
