"""Arbitrary text never raises anything but the documented input error."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import claims
from checker.clean import clean_lines, looks_english
from checker.corpus import InputError, decode, read_file
from checker.segment import split_sentences

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
texty = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=800)
newsy = st.lists(
    st.sampled_from(
        [
            "Kishida said",
            "“",
            "”",
            '"',
            "Moon’s office",
            " at least 35-minute ",
            "on Friday",
            "Nov. 16, 2023",
            "U.S.",
            " not ",
            "agreed",
            "were divided",
            ".",
            ",",
            "\n",
            "  • Home",
            "Advertisement",
            "(AP) — ",
            "according to",
            "$4.5 billion",
            "12th",
            "he said.",
            "SEOUL, South Korea",
            "capital",
            " ",
            "’s",
            "3:45 p.m. EDT",
        ]
    ),
    max_size=60,
).map("".join)


@FAST
@given(st.binary(max_size=3000))
def test_decode_and_read_never_crash(tmp_path_factory, raw):
    with contextlib.suppress(ValueError):
        decode(raw, Path("x.txt"))
    d = tmp_path_factory.mktemp("prop")
    for name in ("a.txt", "a.md", "a.jsonl", "a.html"):
        f = d / name
        f.write_bytes(raw)
        warnings: list[str] = []
        arts = read_file(f, warnings)
        assert all(w.file == str(f) for w in warnings)
        assert all(a.text.strip() for a in arts)


@FAST
@given(st.one_of(texty, newsy))
def test_clean_and_segment_never_crash(text):
    lines = clean_lines(text)
    joined = "\n".join(lines)
    for start, end in split_sentences(joined):
        assert 0 <= start < end <= len(joined)
        assert joined[start:end].strip() == joined[start:end]
    looks_english(text)


@FAST
@given(st.one_of(texty, newsy))
def test_claim_extraction_never_crashes(text):
    c = claims.extract_one(text)
    for span in (
        [a.span for a in c.speakers]
        + c.quotes
        + [q.span for q in c.quantities]
        + [d.span for d in c.dates]
        + [n.span for n in c.names]
        + [p.span for p in c.polarity]
        + c.negations
    ):
        assert 0 <= span.start <= span.end <= len(text)


@FAST
@given(st.lists(st.one_of(texty, newsy), min_size=1, max_size=4))
def test_corpus_raises_only_input_error(tmp_path_factory, texts):
    from checker.corpus import read_corpus

    d = tmp_path_factory.mktemp("corpus")
    for i, t in enumerate(texts):
        (d / f"{i}.txt").write_text(t, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(InputError):
        read_corpus([d])
