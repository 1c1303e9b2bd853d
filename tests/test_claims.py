"""Claim extractors on wire-style sentences from many beats (not only the examples)."""

from __future__ import annotations

import pytest

from checker import claims as C


def speakers(text):
    return [a.speaker for a in C.attributions(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Kishida said North Korea’s missile developments remain a threat.", ["Kishida"]),
        ("“We will appeal,” said defense attorney Maria Lopez.", []),  # lowercase title + name: see below
        ("The verdict will be appealed, said Maria Lopez, the defense attorney.", ["Maria Lopez"]),
        ("The jury deliberated for nine hours, according to court records.", ["court records"]),
        (
            "The plane landed safely, according to the Federal Aviation Administration.",
            ["Federal Aviation Administration"],
        ),
        ("Moon’s office said he praised Kishida for his remarks.", ["Moon’s office"]),
        ("On the other hand, a statement issued by Moon’s office said the talks would resume.", ["Moon’s office"]),
        ("Japan’s foreign ministry said in a statement that the two leaders spoke.", ["Japan’s foreign ministry"]),
        ("“Relations remain severe,” Kishida told reporters Friday.", ["Kishida"]),
        (
            "Governor Gavin Newsom, speaking at a briefing on Monday, said the fires were contained.",
            ["Governor Gavin Newsom"],
        ),
        ('"I expressed my heartfelt sorrow," Yonhap News quoted Kishida as saying.', ["Kishida"]),
        ("Coach Pep Guardiola told reporters the team had no injuries.", ["Coach Pep Guardiola"]),
        ("The central bank raised rates by half a point, Reuters reported.", ["Reuters"]),
        ("Election officials said turnout was the highest since 1992.", ["Election officials"]),
        ("Six of the sham marriages occurred in one year, authorities allege.", ["authorities"]),
        ("Carlo Ancelotti has revealed Karim Benzema will miss Saturday's game.", ["Carlo Ancelotti"]),
        ("The university says federal law requires it to investigate all reports.", ["university"]),
        ("Shares of Boeing fell 4% after the airline said it would cancel the order.", ["the airline"]),
    ],
)
def test_attribution(text, expected):
    got = speakers(text)
    for e in expected:
        assert any(e.lower() in g.lower() or g.lower() in e.lower() for g in got), (got, e)


def test_pronoun_resolved_to_last_named_person():
    from helpers import article

    art = article("a", "s", "Prime Minister Fumio Kishida met Yoon in Seoul.", "He said the talks went well.")
    assert [x.speaker for x in art.sentences[1].claims.speakers] == ["Kishida"]


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("Kishida", "Prime Minister Fumio Kishida", True),
        ("Japan’s foreign ministry", "the Japanese foreign ministry", True),
        ("Moon’s office", "Kishida", False),
        ("Moon", "Moon’s office", False),
        ("Federal Aviation Administration", "Federal Aviation Administration", True),
        ("police", "the prosecutor", False),
    ],
)
def test_same_speaker(a, b, same):
    assert C.same_speaker(a, b) is same


@pytest.mark.parametrize(
    "text,quoted",
    [
        (
            "“Ties between Japan and South Korea remain tense,” he said.",
            ["Ties between Japan and South Korea remain tense"],
        ),
        ('"We are devastated," the mayor said of the flood.', ["We are devastated"]),
        ("The judge called the argument “frivolous” and dismissed the case.", ["frivolous"]),
        (
            "He urged South Korea to take “concrete, firm action” and waited “for its move.”",
            ["concrete, firm action", "for its move"],
        ),
        ("No quotes in this sentence about the 2024 election.", []),
        (
            "Loughman told the Star-Telegram: 'We received information that the suspect had won.'",
            ["We received information that the suspect had won"],
        ),
        (
            "The label promises 'protection against four times more of the sun's rays'.",
            ["protection against four times more of the sun's rays"],
        ),
        ("It's the players' view, and the coach's too.", []),
    ],
)
def test_quotes(text, quoted):
    assert [text[s.start : s.end] for s in C.quotes(text)] == quoted


@pytest.mark.parametrize(
    "text,expected",
    [
        ("In a 35-minute phone conversation, Kishida told Moon.", [("", 35, "minute")]),
        ("During their roughly 30-minute conversation, they spoke.", [("roughly", 30, "minute")]),
        (
            "At least six people died and 11 students were injured when the bus overturned.",
            [("at least", 6, "people"), ("", 11, "student")],
        ),
        ("Nearly two dozen firefighters battled the blaze in the canyon.", [("nearly", 24, "firefighter")]),
        ("The US deploys a total of 80,000 troops in the region.", [("", 80000, "troop")]),
        ("Shares fell 3.2% to close at $41.50 on the Nasdaq.", [("", 3.2, "%"), ("", 41.5, "$")]),
        ("The company will cut more than 2,000 jobs, it said.", [("more than", 2000, "job")]),
        ("The airline cancelled about 1,200 flights on Sunday.", [("about", 1200, "flight")]),
        ("The striker scored twice as City beat United 3-1 in front of 53,000 fans.", [("", 53000, "fan")]),
        ("The magnitude 7.1 quake killed at least 300 people.", [("at least", 300, "people")]),
        ("Turnout was 67 percent, up from 61 percent in 2019.", [("", 67, "%"), ("", 61, "%")]),
        ("It was the 12th summit between the two leaders.", [("", 12, "summit"), ("", 2, "leader")]),
    ],
)
def test_quantities(text, expected):
    got = [(q.hedge, q.value, q.unit) for q in C.quantities(text)]
    for e in expected:
        assert e in got, (got, e)


def test_years_and_dates_are_not_quantities():
    got = C.quantities("The court ruled on Nov. 16, 2023 and again in 2018.")
    assert got == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The leaders spoke on the phone on Friday.", [("weekday", "friday")]),
        ("They shook hands in San Francisco on Nov. 16, 2023.", [("monthday", "2023-11-16")]),
        ("Kishida, since taking office on 4 October, has spoken with Biden.", [("daymonth", "10-04")]),
        (
            "Yoon visited Tokyo in March, after the two sides resumed talks last year.",
            [("month", "03"), ("relative", "last year")],
        ),
        ("In 2018, South Korea’s top court ruled against the companies.", [("year", "2018")]),
        ("The flight landed at 3:45 p.m. EDT on Tuesday.", [("time", "15:45"), ("weekday", "tuesday")]),
        ("Polls close at 8pm GMT tomorrow across the country.", [("time", "20:00"), ("relative", "tomorrow")]),
        ("The market has not recovered since December 2019.", [("month", "2019-12")]),
        ("The verdict is expected on Wednesday, March 5.", [("weekday", "wednesday"), ("monthday", "03-05")]),
    ],
)
def test_dates(text, expected):
    got = [(d.kind, d.value) for d in C.dates(text)]
    assert got == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Japan’s new Prime Minister Fumio Kishida talks with South Korean President Moon Jae-in.",
            ["Japan", "Fumio Kishida", "South Korean", "Moon Jae-in"],
        ),
        (
            "The Federal Aviation Administration grounded the Boeing jets.",
            ["Federal Aviation Administration", "Boeing"],
        ),
        ("Relations between Tokyo and Seoul deteriorated.", ["Tokyo", "Seoul"]),
        (
            "Chinese President Xi Jinping and Russia’s Vladimir Putin spoke by phone.",
            ["Xi Jinping", "Russia", "Vladimir Putin"],
        ),
        ("Flooding hit Valencia after storms swept across eastern Spain.", ["Valencia", "Spain"]),
    ],
)
def test_names(text, expected):
    assert [n.text for n in C.names(text)] == expected


def test_aliases_learned_from_corpus_and_builtin():
    al = C.learn_aliases(["Kishida met Yoon in South Korean capital Seoul.", "KYIV, Ukraine (AP) — Drones struck."])
    assert al.same("Seoul", "South Korea")
    assert al.same("Tokyo", "Japan")
    assert al.same("Kyiv", "Ukraine")
    assert al.same("Kishida", "Fumio Kishida")
    assert not al.same("Japan", "South Korea")
    assert not al.same("Moon", "Kishida")


@pytest.mark.parametrize(
    "a,b,opposed",
    [
        (
            "The leaders shared the need to improve bilateral ties.",
            "He said the leaders were divided on the need to restore sound relations.",
            True,
        ),
        (
            "The jury convicted the former mayor on all counts.",
            "The jury acquitted the former mayor on all counts.",
            True,
        ),
        (
            "Stocks rose sharply on Monday as oil prices climbed.",
            "Stocks fell sharply on Monday as oil prices dropped.",
            True,
        ),
        ("The ministry confirmed the report on Tuesday.", "The ministry denied the report on Tuesday.", True),
        ("The senate approved the bill by a wide margin.", "The senate rejected the bill by a wide margin.", True),
        ("The two leaders agreed to hold more talks.", "The two leaders agreed to hold more talks soon.", False),
        ("The court did not uphold the ban on the rally.", "The court upheld the ban on the rally.", True),
    ],
)
def test_polarity(a, b, opposed):
    assert (C.opposed(C.polarity_hits(a), C.polarity_hits(b)) is not None) is opposed


def test_negation_spans():
    text = "The airline said it would not cancel flights and had no plans to cut jobs."
    assert [text[s.start : s.end] for s in C.negations(text)] == ["not", "no"]
