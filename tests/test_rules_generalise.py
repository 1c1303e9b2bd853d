"""Issue 21's rule mechanisms, each as a small case that could fail: totals and parts, partitives, a time converted
to UTC twice, opposite stances on one point, and who takes a stance."""

from __future__ import annotations

from helpers import judged, sentence

from checker.config import FindingsConfig
from checker.findings import pair_findings
from checker.records import Severity
from checker.rules import RuleContext
from checker.rules.facts import coordinated, partitive_whole


def _kinds(a: str, b: str, sim: float = 0.9, contradiction: float = 0.1):
    j = judged(sentence(a, "x"), sentence(b, "y"), sim, contradiction)
    return {f.kind: f for f in pair_findings(j, RuleContext(FindingsConfig()))}


def test_a_count_of_two_groups_is_a_total_not_a_rival_figure():
    f = _kinds(
        "All 379 passengers and crew escaped from the burning jet.",
        "The jet landed with 367 passengers on board before it burned.",
        0.7,
    )
    assert "number" not in f
    # one group on each side is still compared
    g = _kinds("All 379 passengers escaped from the burning jet.", "All 367 passengers escaped from the burning jet.")
    assert g["number"].severity.at_least(Severity.MEDIUM)


def test_coordination_needs_two_content_words():
    for text, want in [
        ("The lawsuit covers 1.5 million women and could cost billions.", False),
        ("The flight carried 379 passengers and crew from Sapporo.", True),
    ]:
        claims = sentence(text).claims
        facts = [f for f in (claims.facts if claims else []) if f.kind == "count"]
        assert facts and coordinated(text, facts[0]) is want, text


def test_the_whole_of_a_partitive_is_not_the_count():
    assert partitive_whole.__doc__
    f = _kinds(
        "The coast guard said five of the six crew members were missing.",
        "The coast guard said five crew members were missing after the crash.",
    )
    assert "number" not in f
    g = _kinds(
        "The coast guard said six crew members were missing after the crash.",
        "The coast guard said five crew members were missing after the crash.",
    )
    assert "number" in g


def test_one_local_time_converted_to_utc_two_ways_is_a_date_finding():
    f = _kinds(
        "At around 6 p.m. (0900 GMT), live video showed the jet catching fire on the runway.",
        "Live video showed the jet bursting into flames as it skidded down the runway shortly before 6pm (9pm GMT).",
        0.85,
    )
    assert f["date"].severity.at_least(Severity.MEDIUM) and "720 minutes" in f["date"].explanation
    same = _kinds(
        "Live video showed the jet in flames at around 6 p.m. (0900 GMT) on the runway.",
        "Live video showed the jet in flames shortly before 6pm (0900 GMT) on the runway.",
    )
    assert "date" not in same


def test_opposite_verbs_on_every_word_of_one_point_are_medium_even_when_sentences_differ():
    f = _kinds(
        "He said the leaders were divided on the need to restore sound relations.",
        "It said the leaders shared the need to restore sound relations soon.",
        0.6,
    )
    assert f["polarity"].severity is Severity.MEDIUM
    # below the same-point similarity it stays low
    low = _kinds(
        "He said the leaders were divided on the need to restore sound relations.",
        "It said the leaders shared the need to restore sound relations soon.",
        0.45,
    )
    assert low["polarity"].severity is Severity.LOW


def test_the_stance_holder_is_the_nearest_name_before_the_verb():
    f = _kinds(
        "Obama, while saying he personally supports same-sex marriage, said states should decide.",
        "Romney and Obama differ, said Gallagher, of the National Organization for Marriage, which opposes "
        "same-sex marriage.",
        0.85,
    )
    assert "polarity" not in f


def test_a_hedge_turned_into_fact_is_medium_but_a_hedge_in_other_words_is_not():
    f = _kinds(
        "The hikers apparently were not carrying enough water on the trail.",
        "The hikers were obviously not carrying enough water on the trail.",
        0.95,
    )
    assert f["polarity"].severity is Severity.MEDIUM and "obviously" in f["polarity"].explanation
    reported = _kinds(
        "The hikers apparently were not carrying enough water on the trail.",
        "Rangers said the hikers were not carrying enough water on the trail.",
        0.9,
    )
    assert "polarity" not in reported
    both = _kinds(
        "The hikers apparently were not carrying enough water on the trail.",
        "The hikers apparently were not carrying much water on the trail.",
        0.95,
    )
    assert "polarity" not in both


def test_a_quote_reworded_in_substance_only_is_low_and_a_changed_word_is_not():
    from checker.rules.quote import same_substance

    assert same_substance("The road was clear and there was no ice", "The road is clear and no ice formed", 0.7)
    assert not same_substance("The road was clear and there was no ice", "The road was shut and there was no ice", 0.7)
    assert not same_substance("The road was clear and there was ice", "The road was clear and there was no ice", 0.7)
    assert not same_substance("Two lanes were clear", "Three lanes were clear", 0.7)
    copied = RuleContext(FindingsConfig(), copies=frozenset({frozenset({"x", "y"})}))
    reworded = judged(
        sentence("“The road was clear and there was no ice at all,” the mayor said.", "x"),
        sentence("“The roads are clear and no ice at all formed,” the mayor said.", "y"),
        0.9,
        0.7,
    )
    changed = judged(
        sentence("“The road was clear and there was no ice at all,” the mayor said.", "x"),
        sentence("“The road was closed and there was no ice at all,” the mayor said.", "y"),
        0.9,
        0.7,
    )
    got = {f.kind: f for f in pair_findings(reworded, copied)}
    assert got["quote"].severity is Severity.LOW
    got = {f.kind: f for f in pair_findings(changed, copied)}
    assert got["quote"].severity is Severity.MEDIUM


def test_not_before_and_not_until_say_it_did_happen():
    from checker.claims.polarity import negations

    assert not negations("But not before all 40 passengers were evacuated.")
    assert not negations("Not until 2027 will the rule apply.")
    assert negations("The passengers were not evacuated.")
    f = _kinds("However, all 40 passengers were evacuated.", "But not before all 40 passengers were evacuated.", 0.9)
    assert "polarity" not in f


def test_a_photo_caption_is_no_claim_sentence():
    from helpers import article

    from checker.records import Judged as J
    from checker.records import NLIScores, Pair
    from checker.text import caption

    texts = ["As many as 80 hikers took part in the race when some of them fell.", "(AP: Jane Doe)", "The race began."]
    assert caption(texts, 0) and not caption(texts, 1) and not caption(texts, 2)
    assert caption(["Flames engulf the ferry in the harbour on Friday (AP Photo/John Roe)"], 0)
    a = article("x", "x", *texts)
    b = article("y", "y", "Officials said 80 hikers took part in the race when 12 of them fell.")
    s = NLIScores(0.45, 0.45, 0.1)
    f = {g.kind: g for g in pair_findings(J(Pair(a.sentences[0], b.sentences[0], 0.9, "E1"), s, s), RuleContext())}
    assert f["number"].severity is Severity.LOW and "caption" in f["number"].explanation


def test_a_news_outlet_relaying_a_source_is_no_rival_attribution():
    f = _kinds(
        "Four of the five crew members of the patrol boat have died, the public broadcaster NHK reported.",
        "Transport minister Taro Sato said four of the five crew members of the patrol boat died.",
        0.85,
    )
    assert "attribution" not in f
    g = _kinds(
        "Four of the five crew members of the patrol boat have died, the mayor Taro Sato said.",
        "Four of the five crew members of the patrol boat have died, the governor Ken Ito said.",
        0.9,
    )
    assert "attribution" in g


def test_a_reworded_quote_in_a_copy_is_medium_only_when_nli_reads_a_contradiction():
    copied = RuleContext(FindingsConfig(), copies=frozenset({frozenset({"x", "y"})}))
    a = sentence("“Ties between the two towns remain tense,” the mayor said on Friday.", "x")
    b = sentence("“Relations between the two towns continue to be in a severe state,” the mayor said on Friday.", "y")
    low = {f.kind: f for f in pair_findings(judged(a, b, 0.8, 0.2), copied)}
    high = {f.kind: f for f in pair_findings(judged(a, b, 0.8, 0.7), copied)}
    assert low["quote"].severity is Severity.LOW
    assert high["quote"].severity is Severity.MEDIUM


def test_one_name_transliterated_two_ways_is_no_entity_change():
    from checker.rules.entity import transliterated

    assert transliterated("cileueur", "siliyur") and transliterated("cheonan", "chonan")
    assert not transliterated("trump", "tramp")  # a common English word is no transliteration
    assert not transliterated("seoul", "busan") and not transliterated("kim", "kishida")
    same = _kinds(
        "Villagers searched the banks of the Cileueur river on Friday evening.",
        "Villagers searched the banks of the Siliyur river on Friday evening.",
        0.95,
    )
    assert "entity" not in same


def test_a_local_time_at_a_named_place_is_converted_with_that_places_zone():
    # Tokyo is UTC+9 all year: 10:30 there is 01:30 GMT
    same = _kinds(
        "The plane landed at 10:30 local time in Tokyo, the airline said.",
        "The plane landed at 01:30 GMT in Tokyo, the airline said.",
    )
    assert "date" not in same
    wrong = _kinds(
        "The plane landed at 10:30 local time in Tokyo, the airline said.",
        "The plane landed at 03:30 GMT in Tokyo, the airline said.",
    )
    assert wrong["date"].severity is Severity.MEDIUM  # the zone was read from the place: never high
    # a country of several zones gives no zone, and a time with no zone is never compared with a zoned one
    assert "date" not in _kinds(
        "The plane landed at 10:30 local time in Indonesia, the airline said.",
        "The plane landed at 03:30 GMT in Indonesia, the airline said.",
    )


def test_place_zones_come_from_the_tz_database():
    import checker.normalize as N

    assert N.place_zone("Seoul") == "Asia/Seoul" and N.place_zone("South Korea") == "Asia/Seoul"
    assert N.place_zone("New York") == "America/New_York"
    assert N.place_zone("the United States") is None and N.place_zone("Lyon") is None
    clock = N.parse_clock("6 p.m. local time")
    assert clock is not None
    assert N.local_to_utc(clock, "Europe/Paris", None) is None  # daylight saving time and no day: unknown
    from datetime import date

    summer = N.local_to_utc(clock, "Europe/Paris", date(2024, 7, 1))
    assert summer is not None and summer.utc == 16 * 60


def test_one_count_stated_with_another_verb_of_its_group():
    f = _kinds(
        "The candidate won 6.7 million votes in the first round, officials said.",
        "The candidate polled 5.2 million votes in the first round, officials said.",
    )
    assert f["number"].severity.at_least(Severity.MEDIUM)
    assert "number" not in _kinds(
        "The candidate garnered 6.7 million votes in the first round, officials said.",
        "The candidate received 6.7 million votes in the first round, officials said.",
    )
    g = _kinds(
        "The fire burned for nearly two hours after the crash, firefighters said.",
        "The fire blazed for over six hours after the crash, firefighters said.",
    )
    assert "number" in g


def test_a_duration_belongs_to_the_verb_its_for_hangs_on():
    """The parse hangs "six hours" on the later clause ("before it was put out"); the duration is the blaze's."""
    f = _kinds(
        "The warehouse fire continued to burn for nearly two hours after the explosion.",
        "The warehouse fire blazed for over six hours before it could be fully extinguished.",
        sim=0.8,
    )
    assert "number" in f and "burn" in f["number"].explanation
    assert "number" not in _kinds(
        "The warehouse fire blazed for over six hours before it could be fully extinguished.",
        "The warehouse fire blazed for more than six hours before it was put out.",
        sim=0.7,
    )


def test_one_family_name_with_two_given_names_is_two_speakers():
    """A speaker set off by two commas ("Maria Lindqvist, 34, who ..., told") is found; "Maria" and "Erik" Lindqvist
    are two people, while "Lindqvist" alone or with a title is either of them."""
    from checker.claims import attributions, same_speaker

    a = "Maria Lindqvist, 34, who was a passenger on the train, told reporters that the carriage filled with smoke."
    assert [x.speaker for x in attributions(a)] == ["Maria Lindqvist"]
    b = "Erik Lindqvist, a Norwegian travelling with his family, told reporters that the carriage filled with smoke."
    f = _kinds(a, b, sim=0.85)
    assert f["attribution"].severity.at_least(Severity.MEDIUM)
    assert not same_speaker("Maria Lindqvist", "Erik Lindqvist")
    assert same_speaker("Lindqvist", "Erik Lindqvist") and same_speaker("Mr. Lindqvist", "Erik Lindqvist")
    assert same_speaker("George Bush", "George W. Bush") and same_speaker("Prime Minister Kishida", "Fumio Kishida")
    assert "attribution" not in _kinds(a, a.replace("Maria Lindqvist, 34,", "Ms. Lindqvist, 34,"), sim=0.95)


def test_one_statement_quoted_at_more_length_by_one_outlet_is_still_one_statement():
    """One outlet quotes two more sentences of the same words: the shorter side's words are found in order in the
    longer (``statement_containment``), so a change of speaker is still found; a body named by its acronym on one
    side ("a spokesperson at NRL" / "a Northern Rail Lines spokesperson") is the same speaker."""
    from checker.claims import attributions, same_speaker
    from checker.rules.attribution import statement_containment, statement_overlap

    a = (
        "Maria Lindqvist, a Norwegian who was on the train with her family, told reporters that the carriage was full "
        "of smoke within minutes."
    )
    b = (
        "Erik Lindqvist, 17, who was a passenger on the night train, told reporters that the whole carriage was full "
        "of smoke within a few minutes, and that the doors would not open. We lay down on the floor and waited for "
        "the guards to come. Then we ran out into the snow."
    )
    speakers_a, speakers_b = [x.span for x in attributions(a)], [x.span for x in attributions(b)]
    assert statement_overlap(a, b, speakers_a, speakers_b) < 0.5 < statement_containment(a, b, speakers_a, speakers_b)
    f = _kinds(a, b, sim=0.8)
    assert f["attribution"].severity.at_least(Severity.MEDIUM)
    assert "attribution" not in _kinds(a, b.replace("Erik Lindqvist, 17,", "Maria Lindqvist, 17,"), sim=0.8)
    assert same_speaker("a spokesperson at NRL", "a Northern Rail Lines spokesperson")
    assert not same_speaker("a spokesperson at NRL", "a Swiss Federal Railways spokesperson")
    c = "A spokesperson at NRL said the train had left the northern city of Umea on time."
    d = "A Northern Rail Lines spokesperson said its train had left the northern city of Umea on time on Monday."
    assert "attribution" not in _kinds(c, d, sim=0.85)


def test_the_same_names_in_another_order_or_a_part_of_an_acronym_are_no_entity_change():
    """ "Brazil-Chile" and "Chile-Brazil" are one pair of names; "the EU" and "the European Union Council" are one
    inside the other; "Brazil-Chile" against "Brazil-Peru" is a name changed."""
    from checker.rules.entity import spelling_variant

    assert spelling_variant("Brazil-Chile", "Chile-Brazil") and spelling_variant("EU", "European Union Council")
    assert not spelling_variant("Brazil-Chile", "Brazil-Peru") and not spelling_variant("Chile", "Chile Times")
    same = _kinds(
        "The minister said Brazil-Chile ties would be tested at the summit in June.",
        "The minister said Chile-Brazil ties would be tested at the summit in June.",
        sim=0.95,
    )
    assert "entity" not in same
    changed = _kinds(
        "The minister said Brazil-Chile ties would be tested at the summit in June.",
        "The minister said Brazil-Peru ties would be tested at the summit in June.",
        sim=0.95,
    )
    assert "entity" in changed


def test_one_negation_more_in_otherwise_the_same_words_is_medium():
    """A copier's double negative ("does not mean not necessarily") turns the claim round; the same negations in
    other words, or one more negation in a longer sentence, are no finding."""
    base = (
        "The aide said the road was closed because they could not find a detour, "
        "and it does not necessarily mean the bridge failed."
    )
    garbled = base.replace("does not necessarily mean", "does not mean not necessarily")
    f = _kinds(base, garbled, sim=0.95)
    assert f["polarity"].severity == Severity.MEDIUM and "once more" in f["polarity"].explanation
    assert "polarity" not in _kinds(base, base.replace("the aide said", "an aide said"), sim=0.97)
    longer = base + " No one was hurt and nothing was lost, and no detour is planned for now."
    assert "polarity" not in _kinds(base, longer, sim=0.85)


def test_a_wish_stated_as_fact_is_medium():
    """ "We hope the two sides will resume talks" reported as "the two sides will resume talks" turns a wish into a
    statement; the same wish on both sides, or the same statement, is no finding."""
    wish = "We hope the two sides will resume talks next month, the minister said."
    f = _kinds(wish, "The two sides will resume talks next month, the minister said.", sim=0.93)
    assert f["polarity"].severity == Severity.MEDIUM and "wishes" in f["polarity"].explanation
    assert "polarity" not in _kinds(wish, wish.replace("the minister", "the envoy"), sim=0.95)
    assert "polarity" not in _kinds(
        "The minister said the two sides will resume talks next month.",
        "The two sides will resume talks next month, the minister said.",
        sim=0.93,
    )
    assert "polarity" not in _kinds(wish, "The two sides will resume talks next month, the minister said.", sim=0.7)
