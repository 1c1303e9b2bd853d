"""Red team: one hostile or broken scrape per class, with the expected outcome written in each test."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from checker.align import align_event
from checker.clean import junk_reason
from checker.config import AlignConfig, CleanConfig, ConfigError, load_config
from checker.corpus import read_corpus
from checker.records import Article, Sentence
from checker.segment import bound_spans, segment_article, split_sentences
from checker.text import FORMULA_START, csv_cell

from .scrapes import REPEATED, comment_dump, repeated_sentence

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOOD = "The city council approved the new budget on Tuesday after a long debate among its members. It was fair."
FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
]


@pytest.mark.parametrize("payload", FORMULAS)
def test_formula_cells_are_neutralised(payload):
    """Expected: a leading ' so no spreadsheet evaluates the cell; the text after it is unchanged."""
    assert csv_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", [0.5, -3, "-0.5", "+1", "1,000", "plain text", ""])
def test_numbers_and_plain_text_stay(value):
    assert csv_cell(value) == value


def test_findings_csv_has_no_formula_cell(demo, tmp_path):
    """Expected: every field of findings.csv (sources, sentences, event, explanation) is safe."""
    from checker.report import write_report

    a = demo.findings[0].pair.a.article
    old = a.source
    a.source = FORMULAS[0]
    try:
        write_report(demo, tmp_path)
    finally:
        a.source = old
    rows = list(csv.reader(io.StringIO((tmp_path / "findings.csv").read_text(encoding="utf-8"))))
    assert any("HYPERLINK" in c for r in rows for c in r)
    assert all(not c or c[0] not in FORMULA_START for r in rows for c in r)


def test_control_chars_bidi_lone_surrogates_are_removed(tmp_path):
    """Expected: NUL, control characters, bidi overrides and lone surrogates never reach the articles."""
    row = {"text": GOOD + " \ud800 \u202e end", "source": "A\u0000\u202eB", "title": "t\u0007"}
    (tmp_path / "s.jsonl").write_text(json.dumps(row) + "\n")
    art = read_corpus([tmp_path]).articles[0]
    for field in (art.text, art.source, art.title or ""):
        field.encode("utf-8")  # would raise on a lone surrogate
        assert not any(ch in field for ch in "\u0000\u0007\u202e")
    assert art.source == "AB"


def test_deeply_nested_and_huge_jsonl_lines(tmp_path):
    """Expected: a line nested 100,000 deep is skipped with a warning naming file and line; a 5 MB line is read
    and cut; the rest is used."""
    f = tmp_path / "feed.jsonl"
    big = json.dumps({"text": GOOD * 50_000, "source": "big"})
    f.write_text("[" * 100_000 + "]" * 100_000 + "\n" + big + "\n" + json.dumps({"text": GOOD, "source": "B"}) + "\n")
    c = read_corpus([tmp_path])
    assert [a.source for a in c.articles] == ["big", "B"]
    w = [str(x) for x in c.warnings]
    assert any("feed.jsonl:1" in x and "nested too deeply" in x for x in w)
    assert any("feed.jsonl:2" in x and "cut" in x for x in w)


def test_yaml_tags_and_anchors_in_front_matter(tmp_path):
    """Expected: a !!python/object tag is refused (front matter ignored, a warning names the file, nothing runs);
    anchors and aliases are plain YAML and just work."""
    marker = tmp_path / "pwned"
    (tmp_path / "t.md").write_text(f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\n{GOOD}\n')
    (tmp_path / "a.md").write_text(f"---\nsource: &s Daily\ntitle: *s\n---\n{GOOD}\n")
    c = read_corpus([tmp_path])
    assert not marker.exists()
    assert any("t.md" in str(w) and "not safe YAML" in str(w) for w in c.warnings)
    by_id = {a.id: a for a in c.articles}
    assert by_id["a"].source == "Daily" and by_id["a"].title == "Daily"


def test_yaml_tag_in_config_is_a_clear_error(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text('align: !!python/object/apply:os.system ["echo pwned"]\n')
    with pytest.raises(ConfigError, match=r"c\.yaml: not valid YAML"):
        load_config(f)


def test_unreadable_file_is_skipped_even_as_root(tmp_path, monkeypatch):
    """As root chmod 000 does not stop a read, so the read error is made directly: expected a warning, no crash."""
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "locked.txt").write_text(GOOD)
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    c = read_corpus([tmp_path])
    assert [a.id for a in c.articles] == ["good"]
    assert any("locked.txt" in str(w) and "Permission denied" in str(w) for w in c.warnings)


def test_junk_articles_are_set_aside_with_a_reason():
    cfg = CleanConfig()
    assert "no sentence structure" in (junk_reason(comment_dump(), cfg) or "")
    assert "mostly repeats" in (junk_reason(repeated_sentence(50), cfg) or "")
    for f in EXAMPLES.glob("*.txt"):
        assert junk_reason(f.read_text(encoding="utf-8"), cfg) is None


def test_repeated_sentence_counts_once_and_long_sentences_are_cut():
    text = repeated_sentence(50)
    art = Article(id="r", source="r", path="r.txt", text=text, clean=text)
    assert [s.text for s in segment_article(art)] == [REPEATED]
    dump = comment_dump(20_000)
    spans, cut = bound_spans(dump, split_sentences(dump), 1000)
    assert cut > 0 and max(e - s for s, e in spans) <= 1000
    assert (
        " ".join(dump[s:e] for s, e in spans).split()
        == dump.split()[: len(" ".join(dump[s:e] for s, e in spans).split())]
    )


def _same_vectors_article(art_id: str, n: int) -> Article:
    text = "\n".join(f"word{i} and some more words here number {i}." for i in range(n))
    art = Article(id=art_id, source=art_id, path=f"{art_id}.txt", text=text, clean=text)
    pos = 0
    for i, line in enumerate(text.split("\n")):
        art.sentences.append(Sentence(art, i, pos, pos + len(line)))
        pos += len(line) + 1
    rng = np.random.default_rng(0)
    v = np.ones((n, 8)) + rng.normal(0, 0.01, (n, 8))
    art.vectors = v / np.linalg.norm(v, axis=1, keepdims=True)  # every sentence like every other
    return art


def test_pairs_never_exceed_k_times_sentences():
    """Expected: however alike all sentences are, pairs <= max_pairs_per_sentence x sentences, within top-k."""
    cfg = AlignConfig(max_pairs_per_sentence=4, merge_adjacent=False)
    arts = [_same_vectors_article("a", 120), _same_vectors_article("b", 60)]
    pairs = align_event(arts, "E1", cfg)
    assert 0 < len(pairs) <= 4 * 180
    within = [p for p in pairs if p.via == "within"]
    assert within and len(within) <= cfg.within_top_k * 180


def test_findings_capped_per_article_pair():
    from checker.findings import cap_per_article_pair
    from tests.test_storage import fake_findings

    found = fake_findings("x", 30)
    kept, notes = cap_per_article_pair(found, 25)
    assert len(kept) == 25 and len(notes) == 1 and "and 5 more like these" in notes[0] and "x-a / x-b" in notes[0]


def test_junk_case_is_cheap_and_quiet(tmp_path, cfg, models):
    """The issue's case: two ordinary articles plus a 300 KB comment dump and a sentence repeated 50 times.
    Expected: within 30 s of the ordinary run, at most 10 findings, a warning naming each junk article."""
    from checker.pipeline import run
    from checker.state import Context

    plain = tmp_path / "plain"
    plain.mkdir()
    for name in ("000_4037480cee9d379b.txt", "001_3877e1f728c2cca9.txt"):
        (plain / name).write_text((EXAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    run([plain], Context(cfg, models))  # warm
    t0 = time.time()
    base = run([plain], Context(cfg, models))
    t_plain = time.time() - t0
    (tmp_path / "dump.txt").write_text(comment_dump(300_000))
    (tmp_path / "repeat.txt").write_text(repeated_sentence(50))
    t0 = time.time()
    result = run([plain, tmp_path / "dump.txt", tmp_path / "repeat.txt"], Context(cfg, models))
    assert time.time() - t0 <= t_plain + 30
    assert len(result.findings) <= 10 and len(result.findings) == len(base.findings)
    w = [str(x) for x in result.warnings]
    assert any("dump.txt" in x and "junk" in x for x in w) and any("repeat.txt" in x and "junk" in x for x in w)


def test_kill_9_during_baseline_writes_keeps_a_whole_file(tmp_path):
    """Expected: killed at any moment, the baseline is the old file or a complete new one, never half."""
    path = tmp_path / "baseline.json"
    code = "\n".join(
        [
            "from pathlib import Path",
            "from tests.test_storage import fake_findings",
            "from checker import ci",
            "for i in range(10**6):",
            f"    ci.merge_into_baseline(Path({str(path)!r}), fake_findings(f't{{i}}', 50))",
        ]
    )
    for delay in (0.8, 1.1, 1.4):
        p = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        if path.exists():
            doc = json.loads(path.read_text(encoding="utf-8"))  # complete JSON
            assert len(doc["accepted"]) % 50 == 0
