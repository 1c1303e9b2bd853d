"""checker.storage: locked read-merge-write never loses a concurrent writer's entries; bad files are clear errors."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from checker import ci
from checker.errors import BaselineError
from checker.records import Article, Finding, Judged, Kind, NLIScores, Pair, Sentence, Severity
from checker.storage import StorageError, lock_path, locked_update, read_json

WRITERS = 8


def fake_findings(tag: str, n: int = 3) -> list[Finding]:
    """``n`` findings between two small hand-made articles (no model): ids depend on ``tag``."""
    out = []
    for i in range(n):
        text_a, text_b = f"{tag} statement {i} said A.", f"{tag} statement {i} said B."
        a = Article(id=f"{tag}-a", source="A", path="a.txt", text=text_a, clean=text_a)
        b = Article(id=f"{tag}-b", source="B", path="b.txt", text=text_b, clean=text_b)
        sa, sb = Sentence(a, 0, 0, len(text_a)), Sentence(b, 0, 0, len(text_b))
        scores = NLIScores(0.1, 0.1, 0.8)
        judged = Judged(Pair(sa, sb, 0.9, "E1"), scores, scores)
        out.append(Finding(Kind("contradiction"), Severity.LOW, 0.8, judged, "test"))
    return out


def _writer(path: str, tag: str, start, done) -> None:
    start.wait()  # every writer starts at once
    change = ci.merge_into_baseline(Path(path), fake_findings(tag))
    done.put((tag, len(change.added)))


@pytest.mark.parametrize("attempt", range(20))
def test_eight_concurrent_baseline_updates_lose_nothing(tmp_path, attempt):
    baseline = tmp_path / "baseline.json"
    reviewed = fake_findings("reviewed", 1)
    ci.write_baseline(baseline, ci.baseline_document(reviewed, {}))
    doc = json.loads(baseline.read_text())
    doc["accepted"][0]["reason"] = "checked by a person"
    baseline.write_text(json.dumps(doc))
    mp = multiprocessing.get_context("fork")
    start, done = mp.Barrier(WRITERS), mp.Queue()
    procs = [mp.Process(target=_writer, args=(str(baseline), f"w{i}", start, done)) for i in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert sorted(done.get(timeout=5) for _ in procs) == [(f"w{i}", 3) for i in range(WRITERS)]
    entries = ci.load_entries(baseline)
    want = {f.id for i in range(WRITERS) for f in fake_findings(f"w{i}")} | {reviewed[0].id}
    assert {e["id"] for e in entries} == want and len(entries) == len(want)  # every writer's entries, once each
    assert entries[0]["reason"] == "checked by a person"  # the earlier review kept
    assert not list(tmp_path.glob(".baseline.json.*.tmp"))  # no temporary leftovers


def test_unlocked_read_modify_write_does_lose_updates(tmp_path):
    """The failure the lock prevents: two writers that both read before either writes keep only one's entries."""
    baseline = tmp_path / "baseline.json"
    ci.write_baseline(baseline, ci.empty_baseline())
    first, second = ci.load_entries(baseline), ci.load_entries(baseline)
    ci.write_baseline(baseline, ci.update_baseline(first, fake_findings("x")).document)
    ci.write_baseline(baseline, ci.update_baseline(second, fake_findings("y")).document)
    assert len(ci.load_entries(baseline)) == 3  # x's three entries were lost
    ci.merge_into_baseline(baseline, fake_findings("x"))  # merged under the lock: nothing lost
    assert len(ci.load_entries(baseline)) == 6


def test_locked_update_gives_the_current_document_and_none_leaves_the_file(tmp_path):
    path = tmp_path / "sub" / "verdicts.json"
    seen: list = []
    locked_update(path, lambda doc: seen.append(doc) or {"schema": "s/1", "n": 1}, schema="s/1")
    locked_update(path, lambda doc: seen.append(doc) or {**doc, "n": doc["n"] + 1}, schema="s/1")
    assert seen == [None, {"schema": "s/1", "n": 1}]
    before = path.stat().st_mtime_ns
    assert locked_update(path, lambda doc: None) == {"schema": "s/1", "n": 2}
    assert path.stat().st_mtime_ns == before
    assert lock_path(path).name == ".verdicts.json-lock"


def test_update_that_raises_writes_nothing(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"accepted": []}')

    def broken(doc):
        raise RuntimeError("merge failed")

    with pytest.raises(RuntimeError):
        locked_update(path, broken)
    assert path.read_text() == '{"accepted": []}'
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


@pytest.mark.parametrize(
    "content,message",
    [("{broken", "not valid JSON"), ("[1, 2]", "expected a JSON object"), ('{"schema": "other/9"}', "schema")],
)
def test_bad_stored_file_is_a_clear_error_and_stays(tmp_path, content, message):
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(StorageError, match=message) as exc:
        locked_update(path, lambda doc: {"accepted": []}, schema="checker.baseline/1")
    assert str(path) in str(exc.value)
    assert path.read_text() == content  # a file we cannot read is never overwritten
    if message != "schema":
        with pytest.raises(BaselineError, match=message):
            ci.merge_into_baseline(path, fake_findings("z"))
        assert path.read_text() == content


def test_lock_timeout_is_a_clear_error(tmp_path):
    from filelock import FileLock

    path = tmp_path / "b.json"
    with FileLock(str(lock_path(path))):  # another writer holds it
        mp = multiprocessing.get_context("fork")
        q = mp.Queue()

        def attempt():
            try:
                locked_update(path, lambda doc: {"x": 1}, timeout=0.2)
            except StorageError as exc:
                q.put(str(exc))

        p = mp.Process(target=attempt)
        p.start()
        p.join(10)
        assert "lock" in q.get(timeout=5)
    assert read_json(path) is None


def test_create_if_missing_never_overwrites(tmp_path):
    path = tmp_path / "baseline.json"
    assert ci.create_if_missing(path) is True
    ci.merge_into_baseline(path, fake_findings("k"))
    assert ci.create_if_missing(path) is False
    assert len(ci.load_entries(path)) == 3
