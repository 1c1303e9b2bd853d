"""Messy and hostile scrapes: every case gets a clear message naming the file, and the rest is processed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.corpus import InputError, read_corpus, read_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOOD = "The city council approved the new budget on Tuesday after a long debate among its members.\n"


def warnings_for(path: Path) -> list[str]:
    w: list = []
    read_file(path, w)
    return [str(x) for x in w]


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text(" \n\t\n")
    for name in ("empty.txt", "blank.md"):
        w = warnings_for(tmp_path / name)
        assert len(w) == 1 and name in w[0] and "empty" in w[0]


def test_binary_file(tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(bytes(range(256)) * 40)
    w = warnings_for(f)
    assert len(w) == 1 and "photo.txt" in w[0] and "binary" in w[0]


@pytest.mark.parametrize(
    "encoding,bom", [("latin-1", b""), ("cp1252", b""), ("utf-16", b""), ("utf-16-le", b""), ("utf-16-be", b"")]
)
def test_non_utf8_text_is_decoded(tmp_path, encoding, bom):
    text = "The café owner said the “new rules” would cost him 5,000 euros a year, according to Le Monde.\n"
    if encoding in ("latin-1",):
        text = text.replace("“", '"').replace("”", '"')
    f = tmp_path / "enc.txt"
    f.write_bytes(bom + text.encode(encoding))
    w: list = []
    arts = read_file(f, w)
    assert not w
    assert "café" in arts[0].text and "5,000 euros" in arts[0].text


def test_ten_megabyte_single_line(tmp_path, cfg, models):
    from checker.pipeline import run
    from checker.state import Context

    f = tmp_path / "huge.txt"
    f.write_text(
        ("The storm flooded the coastal town on Monday and officials said roads were closed. " * 130_000)[:10_000_000]
    )
    assert f.stat().st_size >= 9_999_000
    shutil.copy(EXAMPLES / "001_3877e1f728c2cca9.txt", tmp_path)
    result = run([tmp_path], Context(cfg, models))
    assert any("huge.txt" in w and "cut" in w for w in map(str, result.warnings))
    # one sentence 130,000 times: read and cut, then set aside as junk (mostly repeats) with the reason
    assert {a.id for a in result.articles} == {"001_3877e1f728c2cca9"}
    assert any("huge.txt" in w and "mostly repeats" in w for w in map(str, result.warnings))


def test_jsonl_malformed_and_missing_text(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps({"text": GOOD, "source": "A"}),
                "{broken",
                json.dumps([1, 2]),
                json.dumps({"title": "no text"}),
                json.dumps({"text": 42}),
            ]
        )
        + "\n"
    )
    w: list = []
    arts = read_file(f, w)
    assert len(arts) == 1
    assert [x.line for x in w] == [2, 3, 4, 5]
    assert all(x.file == str(f) for x in w)


def test_html_scripts_styles_iframes_dropped(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        "<html><head><style>body{color:red}</style><script>steal()</script></head><body>"
        "<iframe src='https://evil.test'></iframe><article><p>" + GOOD * 3 + "</p>"
        "<script>document.write('pwned')</script></article></body></html>"
    )
    art = read_file(f, [])[0]
    assert "council approved" in art.text
    for junk in ("steal()", "pwned", "color:red", "evil.test"):
        assert junk not in art.text


def test_symlink_loop_and_unreadable_files(tmp_path):
    d = tmp_path / "scrapes"
    d.mkdir()
    (d / "good.txt").write_text(GOOD)
    (d / "loop").symlink_to(d, target_is_directory=True)
    (d / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    locked = d / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    try:
        c = read_corpus([d])
    finally:
        locked.chmod(0o644)
    ids = [a.id for a in c.articles]
    assert "good" in ids and ids.count("good") == 1
    assert any("dangling.txt" in w for w in map(str, c.warnings))
    if os.geteuid() != 0:  # root reads anything
        assert any("locked.txt" in w and "cannot read" in w for w in map(str, c.warnings))


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)], capture_output=True, text=True, timeout=600
    )


def test_same_text_under_two_sources_is_a_duplicate(tmp_path, cfg, models):
    from checker.pipeline import run
    from checker.state import Context

    shutil.copy(EXAMPLES / "001_3877e1f728c2cca9.txt", tmp_path / "wire.txt")
    shutil.copy(EXAMPLES / "001_3877e1f728c2cca9.txt", tmp_path / "copycat.txt")
    shutil.copy(EXAMPLES / "000_4037480cee9d379b.txt", tmp_path / "rewrite.txt")
    result = run([tmp_path], Context(cfg, models))
    assert [a.id for a in result.duplicates] == ["wire"]
    assert any("duplicate" in n for n in result.notes)
    for f in result.findings:
        assert "wire" not in (f.pair.a.article.id, f.pair.b.article.id)


def test_single_source_says_so_and_exits_0(tmp_path):
    shutil.copy(EXAMPLES / "002_6832fde39e5b416d.txt", tmp_path)
    r = run_cli("report", tmp_path, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "only one source" in r.stderr
    assert (tmp_path / "out" / "findings.json").exists()


def test_non_english_article_skipped_with_reason(tmp_path, cfg, models):
    from checker.pipeline import run
    from checker.state import Context

    (tmp_path / "de.txt").write_text(
        "Die Staats- und Regierungschefs von Japan und Südkorea haben am Freitag telefoniert und erklärt, dass sie "
        "die Beziehungen angesichts regionaler Sicherheitsbedrohungen vertiefen wollen. Der Ministerpräsident sagte, "
        "die Lage zwischen den beiden Ländern bleibe ernst und man werde die Gespräche fortsetzen.\n"
    )
    shutil.copy(EXAMPLES / "001_3877e1f728c2cca9.txt", tmp_path)
    result = run([tmp_path], Context(cfg, models))
    assert any("de.txt" in w and "not English" in w for w in map(str, result.warnings))
    assert [a.id for a in result.articles] == ["001_3877e1f728c2cca9"]


def make_bad_inputs(d: Path) -> None:
    (d / "empty.txt").write_bytes(b"")
    (d / "spaces.md").write_text("   \n\n  ")
    (d / "binary.txt").write_bytes(os.urandom(4096))
    (d / "latin1.txt").write_bytes(("Le maire a déclaré que la route était fermée. " * 5).encode("latin-1"))
    (d / "utf16.txt").write_bytes(("The mayor said the road was closed on Monday. " * 5).encode("utf-16"))
    (d / "feed.jsonl").write_text('{"text": "The mayor said the bridge would reopen on Friday."}\n{oops\n{"id": 3}\n')
    (d / "hostile.html").write_text(
        "<html><body><script>alert(1)</script><p>" + GOOD + "</p>"
        "<img src=x onerror=alert(2)><iframe src=x></iframe></body></html>"
    )
    (d / "huge.txt").write_text("word " * 2_000_000)
    (d / "loop").symlink_to(d, target_is_directory=True)
    (d / "dangling.txt").symlink_to(d / "nowhere.txt")
    (d / "copy.txt").write_text((EXAMPLES / "003_4a35080a0bf816ce.txt").read_text(encoding="utf-8"))


def test_report_on_mixed_folder_exits_cleanly(tmp_path):
    d = tmp_path / "scrapes"
    shutil.copytree(EXAMPLES, d)
    make_bad_inputs(d)
    out = tmp_path / "out"
    r = run_cli("report", d, "-o", out)
    assert r.returncode in (0, 2)
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    assert r.returncode == 0, r.stderr
    doc = json.loads((out / "findings.json").read_text())
    ids = {a["id"] for a in doc["articles"]}
    assert {"000_4037480cee9d379b", "001_3877e1f728c2cca9"} <= ids
    for name in ("empty.txt", "spaces.md", "binary.txt", "dangling.txt"):
        assert name in r.stderr, name
    assert any(a.get("duplicate_of") for a in doc["articles"])


def test_all_bad_inputs_alone_exit_2(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(os.urandom(2048))
    r = run_cli("report", d, "-o", tmp_path / "out")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    with pytest.raises(InputError):
        read_corpus([d])
