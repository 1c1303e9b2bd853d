"""Readers, writers and aligners are registries: a new format or strategy is one function and one entry."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from helpers import FakeEmbedder, article

from checker import align, corpus
from checker.ci import judge_against
from checker.config import AlignConfig
from checker.records import Article, Pair
from checker.report import WRITERS, Output, Writer, render, write_report
from checker.state import State


def test_the_readers_cover_the_input_formats_and_a_new_one_is_one_entry(tmp_path, monkeypatch):
    assert set(corpus.READERS) == {".txt", ".md", ".jsonl", ".html", ".htm"}
    (tmp_path / "a.txt").write_text("---\nsource: Courier\n---\nThe council approved the budget on Friday.\n")
    (tmp_path / "b.tsv").write_text("Valley Post\tThe council rejected the budget on Friday.\n")
    assert [a.source for a in corpus.read_corpus([tmp_path]).articles] == ["Courier"]  # .tsv: no reader yet

    def tsv(path, text, warnings):
        source, body = text.strip().split("\t")
        return [Article(id=path.stem, source=source, path=str(path), text=body)]

    monkeypatch.setitem(corpus.READERS, ".tsv", tsv)
    got = corpus.read_corpus([tmp_path]).articles
    assert [(a.source, a.text) for a in got][1] == ("Valley Post", "The council rejected the budget on Friday.")


def _state() -> State:
    a = article("a", "Courier", "The council approved the new bridge budget of $3 million on Friday.")
    b = article("b", "Post", "The council approved the new bridge budget of $5 million on Friday.")
    from helpers import judged

    from checker.findings import find
    from checker.rules import RuleContext

    j = judged(a.sentences[0], b.sentences[0], 0.95, 0.2)
    fs = find([j], RuleContext())
    return State(articles=(a, b), pairs=(j.pair,), judged=(j,), findings=tuple(fs))


def test_the_report_files_are_the_writers_with_a_file_and_a_new_writer_is_one_entry(tmp_path, monkeypatch):
    files = [w.file for w in WRITERS.values() if w.file]
    assert files == ["findings.json", "findings.csv", "report.md", "report.html"]  # DESIGN.md's report files
    assert {"junit", "summary"} <= set(WRITERS)
    state = _state()
    assert state.findings
    monkeypatch.setitem(WRITERS, "ids", Writer(lambda o: "\n".join(f.id for f in o.result.findings), "ids.txt"))
    paths = write_report(state, tmp_path)
    assert list(paths) == [*files, "ids.txt"]
    assert (tmp_path / "ids.txt").read_text().split() == [f.id for f in state.findings]
    doc = json.loads((tmp_path / "findings.json").read_text())
    assert [r["id"] for r in doc["findings"]] == [f.id for f in state.findings]


def test_the_ci_writers_render_from_the_verdict():
    state = _state()
    verdict = judge_against(list(state.findings), {}, "low")
    out = Output(state, verdict=verdict, fail_on="low")
    suite = ET.fromstring(render("junit", out).split("?>", 1)[1])
    assert int(suite.get("failures")) == len(state.findings) == len(suite.findall("testcase"))
    assert render("summary", out).startswith("## checker: ❌ failing")


def test_the_aligners_run_in_order_and_a_new_one_is_one_entry(monkeypatch):
    a = article("a", "A", "The council approved the new bridge budget on Tuesday.", "Fans cheered the late goal.")
    b = article("b", "B", "On Tuesday the council approved the new budget for the bridge.", "Rain is expected.")
    fake = FakeEmbedder()
    a, b = (x.evolve(vectors=fake.encode([s.text for s in x.sentences])) for x in (a, b))
    assert list(align.ALIGNERS) == ["similarity", "merge", "within", "polarity", "fact"]
    cfg = AlignConfig(threshold=0.6)
    before = align.align_event([a, b], "E1", cfg)
    seen: list[int] = []

    def every_first(ev: align.EventPairs) -> list[Pair]:
        seen.append(len(ev.found))  # the pairs of the aligners before it
        x, y = ev.articles
        return [Pair(x.sentences[1], y.sentences[1], 0.1, ev.event, "first")]

    monkeypatch.setitem(align.ALIGNERS, "first", every_first)
    after = align.align_event([a, b], "E1", cfg)
    assert seen == [len(before)] and [p.via for p in after] == [p.via for p in before] + ["first"]
