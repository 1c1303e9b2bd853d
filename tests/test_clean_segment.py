"""Cleaning keeps every real sentence of the seeds and drops their boilerplate; segmentation keeps abbreviations."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, ROOT

from checker.clean import clean_articles, clean_lines
from checker.corpus import read_corpus
from checker.segment import segment_article, split_sentences


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.fixture(scope="module")
def cleaned():
    arts = clean_articles(read_corpus([EXAMPLES]).articles)
    return {a.id[:3]: a for a in arts}


def seed_sentences() -> list[tuple[str, str]]:
    rows = []
    for line in (ROOT / "tests/data/seed_sentences.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            prefix, sentence = line.split("\t", 1)
            rows.append((prefix, sentence))
    return rows


def test_seed_sentence_list_is_substantial():
    rows = seed_sentences()
    assert len(rows) >= 80
    assert {p for p, _ in rows} == {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize("prefix,sentence", seed_sentences())
def test_cleaning_keeps_every_real_sentence(cleaned, prefix, sentence):
    assert _norm(sentence) in _norm(cleaned[prefix].clean)


BOILERPLATE = [
    "Advertisement",
    "Trending",
    "Charlie Kirk",
    "Newsncr.com",
    "we also cover lifestyle",
    "Must Read",
    "Related News",
    "Whatsapp",
    "Subscribe",
    "Impact Shorts",
    "French MPs",
    "Did Russia deliberately",
    "Copyright",
    "Privacy Policy",
    "[ad_1]",
    "Read More",
    "Related coverage",
    "APEC summit faces hurdle",
    "Comments are closed",
    "Leave a Reply",
    "Your email address",
    "contributed to this report",
    "Contact Us",
    "Also read",
    "21 children drowned",
    "Live TV",
    "Firstpost Logo",
    "Top Stories",
    "Netanyahu",
    "Add as a preferred source",
]


@pytest.mark.parametrize("junk", BOILERPLATE)
def test_cleaning_drops_boilerplate(cleaned, junk):
    for art in cleaned.values():
        assert junk.lower() not in art.clean.lower(), f"{junk!r} left in {art.id}"


def test_menu_and_teaser_lines_dropped():
    text = "\n".join(
        [
            "  • Home",
            "  • World",
            "Trending:",
            "Subscribe Join Us",
            "The council approved the budget on Tuesday after a long debate among members.",
            "Also read: Ten things to know about the storm",
            "Man bites dog in astonishing twist that has the whole town talking",
        ]
    )
    assert clean_lines(text) == ["The council approved the budget on Tuesday after a long debate among members."]


@pytest.mark.parametrize(
    "text,piece",
    [
        ("Japan, S. Korea leaders met on Friday. They talked for an hour.", "Japan, S. Korea leaders met on Friday."),
        (
            "The missile flew over N. Korea's coast. Officials said more tests would follow.",
            "The missile flew over N. Korea's coast.",
        ),
        ("The U.S. and Japan agreed to cooperate. Talks resume next week.", "The U.S. and Japan agreed to cooperate."),
        (
            "They will both sit on the U.N. Security Council next year. Both welcomed it.",
            "They will both sit on the U.N. Security Council next year.",
        ),
        (
            "The leaders shook hands in San Francisco on Nov. 16, 2023. They then left.",
            "The leaders shook hands in San Francisco on Nov. 16, 2023.",
        ),
    ],
)
def test_abbreviations_stay_inside_sentences(text, piece):
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert piece in sentences


def test_sentence_offsets_point_into_clean_text(cleaned):
    for art in cleaned.values():
        for s in segment_article(art):
            assert art.clean[s.start : s.end] == s.text


def test_repeated_sentence_kept_once(cleaned):
    texts = [s.text for s in segment_article(cleaned["003"])]
    assert len(texts) == len(set(texts))


WRAPPED = """The city council voted on Tuesday to close the old
harbour bridge for repairs that will take at least two
years, the mayor's office said in a statement.
Engineers found cracks in three of the bridge's steel
supports during an inspection in the spring, and the
council said it could not wait for a new budget.
"We cannot take the risk of a collapse while people
are driving over it," the mayor told reporters after
the vote, adding that ferries would run more often.
Drivers will have to use the ring road, which adds
about twenty minutes to a trip into the centre.
(Reporting by a staff writer; editing by the news
desk)
"""


def test_a_hard_wrapped_text_is_joined_back_into_sentences():
    """Lines broken at a fixed width mid-sentence are one paragraph each again; the byline in brackets stays out."""
    from checker.clean import hard_wrapped, unwrap

    kept = clean_lines(WRAPPED)
    assert len(kept) == 4
    assert kept[0].startswith("The city council voted") and kept[0].endswith("said in a statement.")
    assert any("ferries would run more often." in line for line in kept)
    assert not any("Reporting by" in line for line in kept)
    prose = "\n".join(" ".join(WRAPPED.split("\n")[i : i + 3]) for i in (0, 3, 6, 9)) + "\n"
    assert not hard_wrapped(prose.splitlines(), 90) and unwrap(prose, 90) == prose


def test_an_article_is_cleaned_the_same_alone_and_beside_a_copy():
    """A short sentence two wire copies share stays in both: cleaning reads one article's text alone."""
    from checker.records import Article

    text = "Police said the fire started in the kitchen.\nThe cause is under investigation, officials said.\n"
    one = Article(id="a", source="A", path="a.txt", text=text)
    copy = Article(id="b", source="B", path="b.txt", text=text.replace("kitchen", "garage"))
    alone = clean_articles([one])[0].clean
    beside = clean_articles([one, copy])[0].clean
    assert alone == beside and "under investigation" in beside
    assert "under investigation" in clean_articles([one, copy])[1].clean
