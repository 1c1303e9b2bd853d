"""The review app (Starlette TestClient): cards, filters, verdicts into the baseline, and its security rules."""

from __future__ import annotations

import json
import re
import threading

import pytest
from review_fixtures import EVIL, write_report
from starlette.testclient import TestClient

from checker import ci as ci_mod
from checker.review import create_app, record_verdict
from checker.review.app import ReviewError, load_report

TOKEN = "t0k3n"
ORIGIN = "http://testserver"


@pytest.fixture
def setup(tmp_path):
    report = write_report(tmp_path / "report")
    baseline = tmp_path / "baseline.json"
    app = create_app(report, baseline, ["testserver"], [ORIGIN], token=TOKEN)
    return TestClient(app), baseline, report


def post(client, body, token=TOKEN, origin=ORIGIN, host=None):
    headers = {"X-Checker-Token": token, "Content-Type": "application/json"}
    if origin is not None:
        headers["Origin"] = origin
    if host is not None:
        headers["Host"] = host
    return client.post("/api/verdict", content=json.dumps(body), headers=headers)


def test_page_shows_a_card_escaped_with_diff_context_and_facts(setup):
    client, _, _ = setup
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert EVIL not in html and "&lt;script&gt;alert(" in html  # scraped text escaped
    assert (
        "'nonce-" in r.headers["content-security-policy"]
        and "unsafe-inline" not in r.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    )
    assert re.search(r'<mark class="diff ev">35</mark>', html) and re.search(r'<mark class="diff ev">53</mark>', html)
    assert "Rescue teams worked through the night." in html  # context
    assert "2 outlets say 35; Copy says 53" in html and 'class="odd"' in html  # consensus values
    assert "3 of 3 left to review" in html
    assert f'data-token="{TOKEN}"' in html


def test_verdict_is_written_and_counted(setup):
    client, baseline, _ = setup
    r = post(client, {"id": "f0000000high", "verdict": "false_alarm", "reason": "a typo fixed later"})
    assert r.status_code == 200, r.text
    doc = json.loads(baseline.read_text())
    assert doc["schema"] == "checker.baseline/1"
    (entry,) = doc["accepted"]
    assert (entry["id"], entry["verdict"], entry["reason"], entry["severity"]) == (
        "f0000000high",
        "false_alarm",
        "a typo fixed later",
        "high",
    )
    page = client.get("/").text
    assert "2 of 3 left to review" in page and "f00000medium" in page  # the next unreviewed finding is shown
    # a second verdict on the same finding replaces it; an empty reason keeps the one written before
    assert post(client, {"id": "f0000000high", "verdict": "confirmed"}).status_code == 200
    (entry,) = json.loads(baseline.read_text())["accepted"]
    assert entry["verdict"] == "confirmed" and entry["reason"] == "a typo fixed later"
    assert ci_mod.load_entries(baseline)[0]["id"] == "f0000000high"  # ci reads what the app writes


def test_filters(setup):
    client, _, _ = setup
    assert post(client, {"id": "f00000medium", "verdict": "unsure"}).status_code == 200
    assert "f00000000low" in client.get("/?kind=polarity").text
    assert "No findings match" in client.get("/?kind=polarity&severity=high").text
    assert "f00000medium" in client.get("/?verdict=unsure").text
    assert "1 of 1 left" in client.get("/?outlet=Wire&severity=high").text
    page = client.get("/?event=E1&i=1").text
    assert "f00000medium" in page and "2 / 2" in page


@pytest.mark.parametrize(
    "why,kwargs,status",
    [
        ("no token", {"token": ""}, 403),
        ("wrong token", {"token": "nope"}, 403),
        ("no origin", {"origin": None}, 403),
        ("other origin", {"origin": "http://evil.example"}, 403),
        ("unknown id", {"body": {"id": "nosuchid", "verdict": "confirmed"}}, 404),
        ("bad verdict", {"body": {"id": "f0000000high", "verdict": "maybe"}}, 422),
        ("bad body", {"body": ["f0000000high"]}, 400),
    ],
)
def test_refused_requests_write_nothing(setup, why, kwargs, status):
    client, baseline, _ = setup
    body = kwargs.pop("body", {"id": "f0000000high", "verdict": "confirmed"})
    r = post(client, body, **kwargs)
    assert r.status_code == status, (why, r.text)
    assert not baseline.exists()


def test_wrong_host_header_is_refused(setup):
    client, baseline, _ = setup
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400  # DNS rebinding
    r = post(client, {"id": "f0000000high", "verdict": "confirmed"}, host="evil.example:8765")
    assert r.status_code == 400 and not baseline.exists()


def test_nothing_but_the_app_is_served(setup):
    client, _, report = setup
    (report / "secret.txt").write_text("s3cret")
    for path in ("/findings.json", "/secret.txt", "/../../etc/passwd", "/static/x", "/%2e%2e/etc/passwd"):
        r = client.get(path)
        assert r.status_code == 404 and "s3cret" not in r.text, path


def test_a_bad_report_or_baseline_is_refused(tmp_path):
    with pytest.raises(ReviewError, match="findings.json: not found"):
        load_report(tmp_path)
    (tmp_path / "findings.json").write_text('{"schema": "other"}')
    with pytest.raises(ReviewError, match="not a findings.json of schema"):
        load_report(tmp_path)
    report = write_report(tmp_path / "r")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    with pytest.raises(ci_mod.BaselineError, match="bad.json: not valid JSON"):
        create_app(report, bad, ["testserver"], [ORIGIN])
    assert bad.read_text() == "[1, 2"


def test_concurrent_verdicts_lose_nothing(tmp_path):
    from review_fixtures import findings

    baseline = tmp_path / "baseline.json"
    rows = findings()
    many = [dict(rows[0], id=f"id{i:03d}") for i in range(40)]
    errors: list[BaseException] = []

    def mark(chunk):
        try:
            for f in chunk:
                record_verdict(baseline, f, "confirmed", f"reason {f['id']}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=mark, args=(many[k::4],)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    entries = ci_mod.load_entries(baseline)
    assert sorted(e["id"] for e in entries) == sorted(f["id"] for f in many)
    assert all(e["reason"] == f"reason {e['id']}" for e in entries)


def test_false_alarm_no_longer_fails_ci_but_unsure_does():
    from checker.ci import judge_against, known

    entries = [
        {"id": "a", "verdict": "false_alarm"},
        {"id": "b", "verdict": "confirmed"},
        {"id": "c", "verdict": "unsure"},
        {"id": "d"},
    ]
    assert [known(e) for e in entries] == [True, True, False, True]
    accepted = {e["id"]: "" for e in entries if known(e)}
    assert set(accepted) == {"a", "b", "d"}
    assert judge_against([], accepted, "high").unseen == ["a", "b", "d"]


def test_a_taken_port_is_a_one_line_error(tmp_path):
    import socket

    from checker.review.serve import addresses, serve

    assert addresses("127.0.0.1", 8765) == (
        ["127.0.0.1", "localhost"],
        ["http://127.0.0.1:8765", "http://localhost:8765"],
    )
    report = write_report(tmp_path / "report")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ReviewError, match=f"127.0.0.1:{port}: cannot serve"):
            serve(report, tmp_path / "b.json", "127.0.0.1", port, echo=lambda *a, **k: None)
    assert not (tmp_path / "b.json").exists()


def test_a_verdict_given_while_ci_updates_the_baseline_is_kept(tmp_path):
    """The review holds the lock while ci --update-baseline starts: ci waits, re-reads, keeps the verdict."""
    import time

    from review_fixtures import findings

    from checker.storage import locked_update

    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"schema": "checker.baseline/1", "accepted": [{"id": "old", "reason": "r"}]}))
    inside = threading.Event()

    def slow_review(doc):
        inside.set()
        time.sleep(0.5)  # ci starts its update now
        doc["accepted"].append({"id": findings()[0]["id"], "verdict": "false_alarm", "reason": "no"})
        return doc

    t = threading.Thread(target=locked_update, args=(baseline, slow_review))
    t.start()
    inside.wait(5)
    change = ci_mod.merge_into_baseline(baseline, [], prune=False)
    t.join()
    ids = {e["id"]: e.get("verdict") for e in ci_mod.load_entries(baseline)}
    assert ids == {"old": None, findings()[0]["id"]: "false_alarm"}
    assert len(change.unseen) == 2
