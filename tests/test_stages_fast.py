"""Align, events, every severity rule and the whole stage chain with small fake models (no real model loads)."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import ROOT, FakeEmbedder, FakeNLI, article, judged, sentence

from checker.align import align_event, partners, similar_pairs
from checker.config import AlignConfig, Config, EventsConfig, FindingsConfig
from checker.events import _average_linkage, candidates, group_events
from checker.findings import find, pair_findings
from checker.pipeline import STAGES, run
from checker.records import Kind, Merged, Severity
from checker.rules import RULES, RuleContext
from checker.state import Context, Models


def _embed(*arts):
    fake = FakeEmbedder()
    for a in arts:
        a.vectors = fake.encode([s.text for s in a.sentences])


# --- align -------------------------------------------------------------------------------------------------------


def test_similar_sentences_pair_and_dissimilar_do_not():
    a = article(
        "a", "A", "The council approved the new bridge budget on Tuesday.", "Fans cheered the late goal loudly."
    )
    b = article("b", "B", "On Tuesday the council approved the new budget for the bridge.", "Rain is expected later.")
    _embed(a, b)
    pairs = similar_pairs(a, b, "E1", AlignConfig(threshold=0.6))
    assert [(p.a.index, p.b.index) for p in pairs] == [(0, 0)]
    assert pairs[0].event == "E1" and pairs[0].via == "similarity"


def test_split_sentence_becomes_a_merged_side():
    a = article("a", "A", "The council approved the bridge budget and the mayor praised the engineers.")
    b = article("b", "B", "The council approved the bridge budget.", "The mayor praised the engineers.")
    _embed(a, b)
    pairs = similar_pairs(a, b, "E1", AlignConfig(threshold=0.5), FakeEmbedder().encode)
    merged = [p for p in pairs if isinstance(p.b, Merged)]
    assert merged and merged[0].base is not None and merged[0].unit is merged[0].base
    assert merged[0].b.text == "The council approved the bridge budget. The mayor praised the engineers."
    assert merged[0].b.claims is not None  # the parts' claims, re-based


def test_an_events_merged_sides_are_embedded_in_one_call_each_text_once():
    """Three outlets split one sentence the same way: the merged side of each is tried against both others, yet
    each distinct merged text is embedded once, in one call for the event, with the pairs of one call per pair."""
    one = "The council approved the bridge budget and the mayor praised the engineers."
    parts = ("The council approved the bridge budget.", "The mayor praised the engineers.")
    arts = [article("a", "A", one), article("b", "B", *parts), article("c", "C", *parts)]
    _embed(*arts)
    calls: list[list[str]] = []

    def counting(texts):
        calls.append(list(texts))
        return FakeEmbedder().encode(texts)

    cfg = AlignConfig(threshold=0.5, within_article=False, polarity_pairs=False, fact_pairs=False)
    pairs = align_event(arts, "E1", cfg, counting)
    assert len(calls) == 1 and len(calls[0]) == len(set(calls[0])) == 1
    merged = [p for p in pairs if p.via == "merge"]
    assert {p.b.article.id for p in merged} == {"b", "c"}
    per_pair = [p for x, y in ((0, 1), (0, 2)) for p in similar_pairs(arts[x], arts[y], "E1", cfg, counting)]
    assert sorted((p.a.key, p.b.key) for p in per_pair if p.via == "merge") == sorted(
        (p.a.key, p.b.key) for p in merged
    )


def test_polarity_pairs_link_dissimilar_sentences_with_opposite_stances():
    a = article("a", "A", "Ministers agreed on the need for closer trade ties with the neighbours next year.")
    b = article("b", "B", "Officials were divided on the need for closer trade ties.")
    _embed(a, b)
    pairs = align_event([a, b], "E1", AlignConfig(threshold=0.99))
    assert any(p.via == "polarity" for p in pairs)


# --- events ------------------------------------------------------------------------------------------------------

COPY = [
    "The storm flooded the river town on Friday.",
    "Rescue crews saved forty people from roofs.",
    "The mayor declared an emergency in the evening.",
]


def test_copies_group_and_unrelated_articles_do_not():
    a = article("a", "A", *COPY, published="2024-05-03")
    b = article("b", "B", *COPY[:2], "Schools will stay closed on Monday.", published="2024-05-03")
    c = article("c", "C", "The central bank raised interest rates.", "Markets fell sharply after the decision.")
    _embed(a, b, c)
    events = group_events([a, b, c], EventsConfig())
    assert [e.articles for e in events] == [("a", "b"), ("c",)]
    assert events[0].reasons


def test_dates_far_apart_keep_copies_apart():
    a = article("a", "A", *COPY, published="2021-05-03")
    b = article("b", "B", *COPY, published="2023-05-03")
    _embed(a, b)
    assert len(group_events([a, b], EventsConfig(max_days=3))) == 2


def test_explicit_event_field_overrides_grouping():
    a = article("a", "A", *COPY, event="storm")
    b = article("b", "B", "The central bank raised interest rates.", event="storm")
    c = article("c", "C", *COPY, event="other")
    _embed(a, b, c)
    events = group_events([a, b, c], EventsConfig())
    assert [e.articles for e in events] == [("a", "b"), ("c",)]


def test_each_article_is_scored_against_a_bounded_number_of_neighbours():
    rng = np.random.default_rng(0)
    mean = rng.normal(size=(40, 8))
    mean /= np.linalg.norm(mean, axis=1, keepdims=True)
    pairs = candidates(mean, prefilter=-1.0, cap=3, block=7)  # blocks smaller than the input
    assert len(pairs) <= 40 * 3
    assert all(i < j for i, j in pairs)
    sim = mean @ mean.T
    for i in range(40):  # every article keeps its three nearest
        near = [int(j) for j in np.argsort(-sim[i]) if j != i][:3]
        assert all((min(i, j), max(i, j)) in pairs for j in near)
    assert not candidates(mean, prefilter=1.01, cap=3)


def test_average_linkage_respects_explicit_events_and_the_threshold():
    scores = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.9, (2, 3): 0.8, (0, 3): 0.5, (1, 3): 0.5, (3, 4): 0.95}
    explicit = [None, None, None, "x", "y"]
    got = sorted(sorted(c) for c in _average_linkage([0, 1, 2, 3, 4], scores, explicit, 0.72))
    # 3 and 4 carry different explicit events: never one cluster; 3 joins nobody (mean with 0-2 is 0.6)
    assert got == [[0, 1, 2], [3], [4]]
    assert sorted(sorted(c) for c in _average_linkage([0, 1, 2], scores, [None] * 5, 0.95)) == [[0], [1], [2]]


def test_average_linkage_leaves_unscored_pairs_out_of_the_mean():
    # 3 was scored against 2 only: an unknown pair is no vote against (it used to count -1)
    scores = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.9, (2, 3): 0.8}
    assert sorted(sorted(c) for c in _average_linkage([0, 1, 2, 3], scores, [None] * 4, 0.72)) == [[0, 1, 2, 3]]


def test_average_linkage_never_joins_clusters_published_too_far_apart():
    # 0 and 2 are dated a year apart; 1 is undated and fits both: it joins one side, never bridges them
    scores = {(0, 1): 0.95, (1, 2): 0.9, (0, 2): 0.9}
    got = _average_linkage([0, 1, 2], scores, [None] * 3, 0.72, lambda x, y: {x, y} == {0, 2})
    assert sorted(sorted(c) for c in got) == [[0, 1], [2]]


def test_alignment_compares_each_article_with_a_few_partners_only():
    arts = [article(f"a{i}", f"S{i}", *COPY) for i in range(9)]
    _embed(*arts)
    linked = partners(arts, 2)
    assert len(linked) <= 9 * 2
    assert all(sum(x in p for p in linked) >= 2 for x in range(9))
    loose = dict(merge_adjacent=False, within_article=False, max_matches=100)
    pairs = align_event(arts, "E1", AlignConfig(max_partners=2, **loose))
    every = align_event(arts, "E1", AlignConfig(max_partners=8, **loose))
    assert {(p.a.article.id, p.b.article.id) for p in pairs} == {(arts[x].id, arts[y].id) for x, y in linked}
    assert len(every) == 36 * len(COPY) > len(pairs)
    capped = [
        p
        for p in align_event(arts, "E1", AlignConfig(max_partners=8, **{**loose, "max_matches": 3}))
        if p.via == "similarity"
    ]
    assert len(capped) <= 3 * 9 * len(COPY)  # each pair is among the 3 best of one of its sentences
    assert all(sum(s.key in (p.a.key, p.b.key) for p in capped) >= 3 for a in arts for s in a.sentences)


# --- every severity rule -----------------------------------------------------------------------------------------


def _kinds(a: str, b: str, sim: float = 0.9, contradiction: float = 0.1, cfg: FindingsConfig | None = None):
    j = judged(sentence(a, "x"), sentence(b, "y"), sim, contradiction)
    return {f.kind: f for f in pair_findings(j, RuleContext(cfg or FindingsConfig()))}


def test_every_kind_has_a_rule():
    """Every kind registered with its rule and words; the built-in ones are all there."""
    assert {"attribution", "quote", "number", "date", "entity", "polarity", "contradiction"} <= set(RULES)
    assert all(isinstance(k, Kind) and r.kind == k and callable(r.fn) for k, r in RULES.items())
    assert all(r.legend for k, r in RULES.items() if k != "contradiction")


@pytest.mark.parametrize(
    "a,b,sim,sev",
    [
        (
            "Police said 12 people were injured in the crash.",
            "Police said 21 people were injured in the crash.",
            0.9,
            Severity.HIGH,
        ),
        (
            "Police said 12 people were injured in the crash.",
            "Police said 14 people were injured in the crash.",
            0.47,
            Severity.MEDIUM,
        ),
        (  # far apart in loosely alike sentences: two different counts of one story, not a conflict
            "Police said 12 people were injured in the crash.",
            "Police said 40 people were injured in the crash.",
            0.6,
            None,
        ),
        (
            "Eleven students drowned when the boat capsized.",
            "21 students drowned when the boat capsized.",
            0.9,
            Severity.HIGH,
        ),
        ("Police said about 30 people were injured.", "Police said 32 people were injured.", 0.9, None),
        ("Police said about 30 people were injured.", "Police said 60 people were injured.", 0.9, Severity.HIGH),
        ("Police said at least 15 people were injured.", "Police said 15 people were injured.", 0.9, Severity.MEDIUM),
        ("Police said 11 people were injured.", "Police said eleven people were injured.", 0.9, None),
    ],
)
def test_number_severity(a, b, sim, sev):
    got = _kinds(a, b, sim).get("number")
    assert (got.severity if got else None) is sev


def test_numbers_of_different_things_are_not_compared():
    f = _kinds("The striker scored 17 goals this season.", "The striker scored five goals in 29 games.", 0.8)
    assert "number" not in f


def test_inside_one_article_numbers_need_near_identical_sentences():
    a = article("a", "A", "Police said 12 people were hurt in the crash.", "Later police said 21 people were hurt.")
    j = judged(a.sentences[0], a.sentences[1], 0.7)
    assert "number" not in {f.kind for f in pair_findings(j, RuleContext())}


@pytest.mark.parametrize("sim,sev", [(0.9, Severity.HIGH), (0.5, None)])
def test_date_severity(sim, sev):
    f = _kinds("The two leaders met in Tokyo on Friday.", "The two leaders met in Tokyo on Thursday.", sim)
    got = f.get("date")
    assert (got.severity if got else None) is sev


def test_relative_dates_of_other_happenings_are_not_compared():
    f = _kinds("The leaders met last week in Tokyo.", "The leaders will meet next Tuesday in Tokyo.", 0.8)
    assert "date" not in f


@pytest.mark.parametrize("sim,sev", [(0.8, Severity.HIGH), (0.73, Severity.MEDIUM)])
def test_attribution_severity(sim, sev):
    f = _kinds(
        "The threat remains grave, Kishida said on Friday.", "The threat remains grave, Moon said on Friday.", sim
    )
    assert f["attribution"].severity is sev


def test_same_speaker_two_ways_is_not_attribution():
    f = _kinds(
        "The threat remains grave, Kishida said.", "The threat remains grave, Prime Minister Fumio Kishida said."
    )
    assert "attribution" not in f


@pytest.mark.parametrize(
    "qa,qb,copied,sev",
    [
        (
            "We will act with firm resolve against the threat.",
            "We will act quickly to counter any such danger.",
            True,
            Severity.MEDIUM,
        ),  # a wire copy whose quote was reworded
        (
            "We will act with firm resolve against the threat.",
            "We will act quickly to counter any such danger.",
            False,
            Severity.LOW,
        ),  # independent outlets transcribe differently
        (
            "We will act with firm resolve against this threat.",
            "We will act with firm resolve against the threat.",
            True,
            Severity.LOW,
        ),
        (
            "We will act with firm resolve.",
            "We will act with firm resolve against the threat, whatever it costs.",
            True,
            None,
        ),  # an excerpt of the same quote
        ("The budget is fair to every family.", "Nobody should doubt our commitment to the region.", True, None),
    ],
)
def test_quotes_are_compared_fragment_by_fragment(qa, qb, copied, sev):
    # the NLI model reads the two as contradicting: only then can a reworded quote in a copy be medium
    j = judged(sentence(f"Kishida said: “{qa}”", "x"), sentence(f"Kishida said: “{qb}”", "y"), 0.9, 0.7)
    ctx = RuleContext(copies=frozenset({frozenset({"x", "y"})}) if copied else frozenset())
    f = {g.kind: g for g in pair_findings(j, ctx)}.get("quote")
    assert (f.severity if f else None) is sev


def test_spelling_variants_and_non_names_are_not_entity_changes():
    assert "entity" not in _kinds(
        "The talks with Muammar Gaddafi ended in Tripoli on Monday.",
        "The talks with Moammar Gaddafi ended in Tripoli on Monday.",
    )


def test_different_people_taking_opposite_stances_is_not_polarity():
    f = _kinds(
        "Senator Warren supports the new trade agreement with Canada.",
        "Senator Cruz opposes the new trade agreement with Canada.",
        0.8,
    )
    assert "polarity" not in f


@pytest.mark.parametrize("sim,sev", [(0.95, Severity.HIGH), (0.85, Severity.MEDIUM)])
def test_entity_severity(sim, sev):
    f = _kinds(
        "The summit was held in Seoul with business leaders.",
        "The summit was held in Busan with business leaders.",
        sim,
    )
    assert f["entity"].severity is sev


def test_polarity_opposed_predicates_are_high():
    f = _kinds("The court acquitted the former mayor on Tuesday.", "The court convicted the former mayor on Tuesday.")
    assert f["polarity"].severity is Severity.HIGH


def test_dropped_negation_is_high():
    f = _kinds("The minister did not sign the treaty in Geneva.", "The minister did sign the treaty in Geneva.", 0.85)
    assert f["polarity"].severity is Severity.HIGH


def test_nli_alone_is_never_high_but_backed_nli_is():
    alone = _kinds("The weather was pleasant for the parade.", "Heavy rain spoiled the parade.", 0.7, 0.95)
    assert alone["contradiction"].severity is Severity.MEDIUM
    backed = _kinds(
        "Police said 12 people were hurt in the crash.", "Police said 21 people were hurt in the crash.", 0.9, 0.95
    )
    assert backed["contradiction"].severity is Severity.HIGH


@pytest.mark.parametrize("c,sev", [(0.85, Severity.MEDIUM), (0.7, Severity.LOW), (0.55, Severity.LOW)])
def test_nli_levels(c, sev):
    assert _kinds("The weather was pleasant.", "Heavy rain fell all day.", 0.5, c)["contradiction"].severity is sev


def test_thresholds_come_from_config():
    strict = FindingsConfig(facts={"high_similarity": 0.95})
    f = _kinds("Police said 12 people were hurt.", "Police said 21 people were hurt.", 0.9, cfg=strict)
    assert f["number"].severity is Severity.MEDIUM


def test_one_finding_per_kind_and_unit_prefers_the_single_sentence():
    a = article("a", "A", "Police said 12 people were hurt in the crash.")
    b = article("b", "B", "Police said 21 people were hurt in the crash.", "The road reopened later.")
    single = judged(a.sentences[0], b.sentences[0], 0.9)
    from checker.align import merge
    from checker.records import Judged, Pair

    m = merge(b.sentences[0], b.sentences[1])
    merged = Judged(Pair(a.sentences[0], m, 0.91, "E1", "merge", single.pair), single.ab, single.ba)
    found = find([single, merged], RuleContext())
    numbers = [f for f in found if f.kind == "number"]
    assert len(numbers) == 1 and numbers[0].pair is single.pair


# --- the whole chain with fakes ---------------------------------------------------------------------------------


def test_stage_chain_runs_with_fake_models():
    cfg = Config()
    ctx = Context(cfg, Models(cfg, embedder=FakeEmbedder(), nli=FakeNLI()))
    state = run([ROOT / "examples"], ctx)
    assert [s.__name__ for s in STAGES] == [
        "read",
        "select",
        "segment",
        "annotate",
        "parse",
        "embed",
        "group",
        "align",
        "judge",
        "findings",
        "consensus",
    ]
    assert state.stats.articles == 5 and state.stats.sentences > 50
    assert len(state.judged) == len(state.pairs) == state.stats.candidate_pairs
    assert all(f.pair.event for f in state.findings)
    assert [f.sort_key() for f in state.findings] == sorted(f.sort_key() for f in state.findings)


def test_claims_cache_round_trips_and_a_rerun_reads_it(tmp_path, monkeypatch):
    import json

    from checker.cache import Cache
    from checker.claims import _claim_types, annotate, extract_one
    from checker.codec import decode, encode
    from checker.state import State

    texts = [
        '"We will not back down," Mayor Jane Smith said on Friday, adding that at least 15 people were hurt.',
        "The company denied it had cut 3.5 million jobs in 2019, according to Reuters.",
        "He said the council rejected the $716 billion plan last week at 3 p.m.",
    ]
    types = _claim_types()
    for t in texts:
        c = extract_one(t)
        assert decode(json.loads(json.dumps(encode(c, types))), types) == c
    cache = Cache(tmp_path / "c.sqlite")
    ctx = Context(Config(), Models(Config()), cache)
    first = annotate(State(articles=(article("a", "A", *texts),)), ctx)
    import checker.claims

    b = article("b", "B", *texts)

    def fail(text):
        raise AssertionError(f"extracted again: {text}")

    monkeypatch.setattr(checker.claims, "extract_one", fail)  # a rerun must read every sentence's claims
    again = annotate(State(articles=(b,)), ctx)
    assert [s.claims.speakers for s in again.articles[0].sentences] == [
        s.claims.speakers for s in first.articles[0].sentences
    ]
    assert cache.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == len(texts)


def test_a_garbled_year_on_the_same_day_rules_no_event_out_but_another_date_does():
    """An undated rewrite whose text says "September 6, 2023" of a story published 2024-09-06 got the year wrong;
    one whose text says "March 3, 2023" is about something else."""
    from checker.events import Scorer

    story = article("wire", "Wire", "The two ministers met in the capital on Friday.", published="2024-09-06")
    same_day = article("copy", "Copy", "The deal was signed on September 6, 2023, the ministers said.")
    other_day = article("other", "Other", "The deal was signed on March 3, 2023, the ministers said.")
    _embed(story, same_day, other_day)
    sc = Scorer([story, same_day, other_day], None, EventsConfig())
    assert sc.dates[1] is not None and sc.dates[1].year == 2023
    assert not sc.too_far(0, 1) and sc.score(0, 1) > -1
    assert sc.too_far(0, 2) and sc.score(0, 2) == -1
