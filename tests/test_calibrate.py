"""checker calibrate: precision per kind and severity, cross-validated thresholds, a config -c accepts."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from checker import calibrate as C
from checker import history as H
from checker.config import Config, load_config
from checker.rules.attribution import AttributionSettings
from checker.rules.entity import EntitySettings


def attribution_verdicts(n=60, seed=3):
    """Attribution findings: above similarity 0.8 nine in ten are real, below it one in four."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        sim = float(rng.uniform(0.72, 0.95))
        real = rng.random() < (0.95 if sim >= 0.8 else 0.25)
        out.append(C.Verdicted(f"a{i}", "attribution", "high" if sim > 0.75 else "medium", bool(real), sim, 0.3))
    return out


def test_threshold_fitted_and_cross_validated():
    rows = attribution_verdicts() + [C.Verdicted(f"e{i}", "entity", "high", i % 2 == 0, 0.9, 0.1) for i in range(5)]
    cal = C.calibrate(rows, Config(), 0.9, 20, 5, 3)
    (t,) = cal.thresholds
    assert t.kind == "attribution" and t.setting == "findings.attribution.similarity" and t.current == 0.72
    assert t.fitted is not None and 0.76 <= t.fitted <= 0.85
    assert t.cv_precision is not None and t.cv_precision >= 0.85 and t.folds == 5
    assert cal.needs == {"entity": 15, "contradiction": 20}  # 5 entity verdicts: 15 more; none of contradiction
    by_kind = {p.group: p for p in cal.by_kind}
    assert by_kind["entity"].precision == pytest.approx(3 / 5)
    assert sum(p.verdicts for p in cal.by_severity) == len(rows)
    cfg, changed = C.calibrated_config(Config(), cal)
    if t.carries(0.9):
        assert changed == ["findings.attribution.similarity"]
        assert cfg.findings.section(AttributionSettings).similarity == pytest.approx(t.fitted, abs=1e-3)
    assert cfg.findings.section(EntitySettings).similarity == Config().findings.section(EntitySettings).similarity


def test_unreachable_target_and_never_below_the_current_setting():
    x = np.array([0.5, 0.6, 0.7, 0.8, 0.9])
    y = np.array([1, 0, 1, 0, 0], dtype=float)
    assert C.fit(x, y, 0.5, 0.9, 1) is None
    assert C.fit(x, np.ones(5), 0.65, 0.9, 1) == 0.65  # already precise: the current setting stays


def _baseline(tmp_path, rows):
    entries = [
        {
            "id": r.id,
            "kind": r.kind,
            "severity": r.severity,
            "similarity": r.similarity,
            "verdict": "confirmed" if r.confirmed else "false_alarm",
            "reason": "",
        }
        for r in rows
    ]
    entries.append({"id": "u1", "kind": "number", "severity": "high", "verdict": "unsure"})
    entries.append({"id": "n1", "kind": "number", "severity": "high"})
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"schema": "checker.baseline/1", "accepted": entries}))
    return path


def cli(*args):
    return subprocess.run([sys.executable, "-m", "checker.cli", *map(str, args)], capture_output=True, text=True)


def test_cli_writes_a_config_that_c_accepts(tmp_path):
    base = _baseline(tmp_path, attribution_verdicts(80))
    out = tmp_path / "configs" / "calibrated.yaml"
    r = cli("calibrate", "--baseline", base, "--target", "0.9", "--write", out)
    assert r.returncode == 0, r.stderr
    assert "80 verdicts" in r.stdout and "precision by kind" in r.stdout and "precision by severity" in r.stdout
    assert "findings.attribution.similarity 0.72 ->" in r.stdout and "cross-validated precision" in r.stdout
    assert "entity 20 more" in r.stdout and "contradiction 20 more" in r.stdout
    cfg = load_config(out)  # what -c reads
    assert cfg.findings.section(AttributionSettings).similarity > 0.72
    r = cli("config", "-c", out)
    assert r.returncode == 0 and "attribution:\n    similarity:" in r.stdout


def test_cli_reads_the_history(tmp_path):
    hist = tmp_path / "h.sqlite"
    rows = [
        H.FindingRow(v.id, "p", v.kind, v.severity, 0.5, v.similarity or 0, 0.2, "E1", "a", "b",
                     "confirmed" if v.confirmed else "false_alarm")
        for v in attribution_verdicts(40)
    ]  # fmt: skip
    H.record(hist, H.RunRecord(H.now(), "t", "i", "c", "m", 3, rows))
    r = cli("calibrate", "--history", hist)
    assert r.returncode == 0, r.stderr
    assert "40 verdicts" in r.stdout and "attribution" in r.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        ((), "give one of --baseline FILE or --history FILE"),
        (("--baseline", "B", "--history", "H"), "give one of"),
        (("--baseline", "B", "--target", "1.5"), "--target 1.5"),
        (("--baseline", "BAD"), "BAD.json: not valid JSON"),
        (("--history", "BAD"), "BAD.json: not a checker history"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path, args, message):
    bad = tmp_path / "BAD.json"
    bad.write_text("{not json")
    subst = {"B": tmp_path / "b.json", "H": tmp_path / "h.sqlite", "BAD": bad}
    r = cli("calibrate", *[subst.get(a, a) for a in args])
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message.replace("BAD.json", str(bad)) in lines[0]
    assert bad.read_text() == "{not json"


def test_gold_verdicts_script(tmp_path):
    from helpers import ROOT
    from review_fixtures import findings

    rows = findings()[:2]
    doc = {
        "schema": "checker.findings/1",
        "articles": [
            {"id": "000_wire", "path": str(tmp_path / "fox.txt")},  # the gold file's folder is the event's
            {"id": "001_copy", "path": str(tmp_path / "nyt.txt")},
            {"id": "002_other", "path": str(tmp_path / "hpo.txt")},
        ],
        "findings": rows,
    }
    gold = [
        {"source_a": "nyt.txt", "sentence_a": rows[0]["b"]["sentence"], "source_b": "fox.txt",
         "sentence_b": rows[0]["a"]["sentence"], "kind": "number"},
        {"source_a": "fox.txt", "sentence_a": rows[1]["a"]["sentence"], "source_b": "hpo.txt",
         "sentence_b": rows[1]["b"]["sentence"], "kind": "consistent"},
    ]  # fmt: skip
    (tmp_path / "findings.json").write_text(json.dumps(doc))
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold))
    out = tmp_path / "gold-baseline.json"
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "gold_verdicts.py"), "--run", tmp_path / "gold.jsonl",
         tmp_path / "findings.json", "-o", out],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    entries = {e["id"]: e["verdict"] for e in json.loads(out.read_text())["accepted"]}
    assert entries == {rows[0]["id"]: "confirmed", rows[1]["id"]: "false_alarm"}
    verdicts = C.from_entries(json.loads(out.read_text())["accepted"])
    assert {v.kind: v.confirmed for v in verdicts} == {"number": True, "quote": False}


def test_an_id_listed_twice_counts_once():
    entries = [
        {"id": "x", "kind": "number", "severity": "high", "verdict": "false_alarm"},
        {"id": "y", "kind": "number", "severity": "low", "verdict": "confirmed"},
        {"id": "x", "kind": "number", "severity": "high", "verdict": "confirmed"},
    ]
    assert sorted((v.id, v.confirmed) for v in C.from_entries(entries)) == [("x", True), ("y", True)]


# Gold-labelled precision: realworld_dev.py's table against gold_verdicts.py + checker calibrate, on synthetic data.
S = {
    "a1": "Officials said 40 people were hurt in the fire.",
    "b1": "Officials said 14 people were hurt in the fire.",
    "a2": "The mayor called the response fast.",
    "c2": "The mayor called the response quick.",
    "a3": "The plant employs 300 workers.",
    "d3": "The plant employs 3,000 workers.",
    "a4": "The bridge opened in May.",
    "d4": "The bridge closed in May.",
    "b5": "The council voted to approve the plan.",
    "c5": "The council voted to reject the plan.",
}


def _finding(fid, kind, severity, a, sa, b, sb):
    sides = {
        k: {"article": art, "source": art, "sentence": s, "start": 0, "end": len(s)}
        for k, art, s in (("a", a, sa), ("b", b, sb))
    }
    return {
        "id": fid, "pair": "p" + fid, "kind": kind, "severity": severity, "score": 0.5, "similarity": 0.8,
        "nli": {"entailment": 0.1, "neutral": 0.3, "contradiction": 0.6}, "explanation": "", **sides,
    }  # fmt: skip


def _gold_run(tmp_path):
    """Two event folders (ev2's gold names an ev1 article with ``../``), their gold files and one findings.json."""
    for folder, stems in (("ev1", "abc"), ("ev2", "d")):
        (tmp_path / folder).mkdir()
        for stem in stems:
            (tmp_path / folder / f"{stem}.txt").write_text("text\n")
    gold1 = [
        {"source_a": "a.txt", "sentence_a": S["a1"], "source_b": "b.txt", "sentence_b": S["b1"], "kind": "number"},
        {"source_a": "a.txt", "sentence_a": S["a2"], "source_b": "c.txt", "sentence_b": S["c2"], "kind": "consistent"},
        {"source_a": "a.txt", "sentence_a": S["a3"], "source_b": "../ev2/d.txt", "sentence_b": S["d3"],
         "kind": "consistent"},  # ev2's gold calls this pair a disagreement: the disagreement wins
    ]  # fmt: skip
    gold2 = [
        {"source_a": "d.txt", "sentence_a": S["d3"], "source_b": "../ev1/a.txt", "sentence_b": S["a3"],
         "kind": "number"},
        {"source_a": "d.txt", "sentence_a": S["d4"], "source_b": "../ev1/a.txt", "sentence_b": S["a4"],
         "kind": "different-event"},
    ]  # fmt: skip
    for folder, rows in (("ev1", gold1), ("ev2", gold2)):
        (tmp_path / folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    findings = [
        _finding("f1", "number", "high", "b", S["b1"], "a", S["a1"]),  # gold disagreement, sides swapped
        _finding("f2", "quote", "low", "a", S["a2"], "c", S["c2"]),  # on a consistent line
        _finding("f3", "number", "medium", "a", S["a3"], "d", S["d3"]),  # disagreement and consistent: confirmed
        _finding("f4", "contradiction", "medium", "a", "Then: " + S["a4"], "d", S["d4"]),  # merged side, trap
        _finding("f5", "polarity", "high", "b", S["b5"], "c", S["c5"]),  # no gold line: no verdict
        _finding("f6", "number", "low", "b", S["a1"], "c", S["b1"]),  # gold sentences, other articles: none
        _finding("f7", "quote", "medium", "a", S["a1"], "b", S["b1"]),  # another kind on a gold disagreement
    ]
    arts = [{"id": s, "source": s, "path": str(tmp_path / ("ev2" if s == "d" else "ev1") / f"{s}.txt")} for s in "abcd"]
    doc = {"schema": "checker.findings/1", "articles": arts, "findings": findings}
    (tmp_path / "findings.json").write_text(json.dumps(doc))
    return doc


def test_benchmark_gold_precision_is_what_calibrate_prints(tmp_path):
    from helpers import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import realworld_dev as R

    from checker.calibrate_cli import load_verdicts

    doc = _gold_run(tmp_path)
    gold = R.read_gold(tmp_path / "ev1") + R.read_gold(tmp_path / "ev2")
    got = R.gold_precision(gold, doc)
    assert {k: (v["confirmed"], v["false_alarm"]) for k, v in got["by_kind"].items()} == {
        "contradiction": (0, 1),
        "number": (2, 0),
        "quote": (1, 1),
    }
    assert list(got["by_severity"]) == ["high", "medium", "low"]
    assert {k: (v["confirmed"], v["false_alarm"]) for k, v in got["by_severity"].items()} == {
        "high": (1, 0),
        "medium": (2, 1),
        "low": (0, 1),
    }
    # the baseline as gold_verdicts.py writes it from each folder's gold file (both label f3: one entry)
    out = tmp_path / "gold-baseline.json"
    findings = tmp_path / "findings.json"
    runs = [a for f in ("ev1", "ev2") for a in ("--run", tmp_path / f / "gold.jsonl", findings)]
    script = ROOT / "benchmarks" / "gold_verdicts.py"
    r = subprocess.run([sys.executable, str(script), *runs, "-o", out], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "5 verdicts (3 confirmed, 2 false)" in r.stdout
    verdicts, _ = load_verdicts(out, None)
    cal = C.calibrate(verdicts, Config(), 0.9, 20, 5, 3)
    assert {p.group: (p.confirmed, p.false_alarm) for p in cal.by_kind} == {
        k: (v["confirmed"], v["false_alarm"]) for k, v in got["by_kind"].items()
    }
    assert R.calibrate_check(out, got, Config()) == []
    assert R.calibrate_check(out, R.pooled_precision([got, got]), Config()) != []  # the check can fail
    # and what the command prints: per kind and severity, the same counts and the same precision to two places
    r = cli("calibrate", "--baseline", out)
    assert r.returncode == 0, r.stderr
    printed = {}
    for line in r.stdout.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) >= 6 and cells[2].isdigit():
            printed[cells[1]] = (int(cells[3]), int(cells[4]), cells[5])
    want = {
        g: (v["confirmed"], v["false_alarm"], f"{v['precision']:.2f}")
        for group in ("by_kind", "by_severity")
        for g, v in got[group].items()
    }
    assert printed == want
