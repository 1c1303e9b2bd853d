"""Reading scrapes: formats, metadata, and clear errors for unusable input."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

from checker.corpus import InputError, read_corpus


def test_reads_examples_with_stem_as_source():
    c = read_corpus([EXAMPLES])
    assert len(c.articles) == 5
    assert c.articles[0].source == "000_4037480cee9d379b"
    assert not c.warnings


def test_front_matter_sets_metadata(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Quake hits coast\nsource: Wire\nurl: https://x.test/a\n"
        "published: 2024-01-02\n---\nA strong earthquake struck the coast on Monday.\n"
    )
    art = read_corpus([tmp_path]).articles[0]
    assert (art.title, art.source, art.url, art.published) == (
        "Quake hits coast",
        "Wire",
        "https://x.test/a",
        "2024-01-02",
    )
    assert art.text.startswith("A strong earthquake")


@pytest.mark.parametrize(
    "first, title",
    [
        ("Flood closes Riverside bridge as river rises", "Flood closes Riverside bridge as river rises"),
        ("# Mayor resigns after council vote", "Mayor resigns after council vote"),
        ("The bridge was closed on Tuesday after the flood.", None),  # a sentence, not a headline
        ("Contact Us", None),  # page furniture
        ("- Advertisement -", None),
    ],
)
def test_txt_headline_becomes_the_title(tmp_path, first, title):
    (tmp_path / "a.txt").write_text(f"{first}\n\nThe Riverside bridge was closed on Tuesday after heavy rain.\n")
    art = read_corpus([tmp_path]).articles[0]
    assert art.title == title
    assert art.text.startswith(first)  # the text itself is unchanged


def test_jsonl_bad_lines_are_warnings(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps({"id": "x1", "source": "Daily", "text": "The court ruled on Tuesday that the law stands."}),
                "{not json",
                json.dumps({"id": "x2", "source": "Daily"}),
                json.dumps({"source": "Herald", "text": "The court ruled on Tuesday that the law falls."}),
            ]
        )
    )
    c = read_corpus([f])
    assert [a.id for a in c.articles] == ["x1", "feed:4"]
    assert any(":2:" in w and "not valid JSON" in w for w in map(str, c.warnings))
    assert any(":3:" in w and "no 'text'" in w for w in map(str, c.warnings))


def test_html_main_text_and_metadata(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Storm closes port</title><script>alert(1)</script></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Storm closes port</h1>"
        "<p>A storm forced the port of Rotterdam to close on Sunday, officials said in a statement.</p>"
        "<p>Shipping was expected to resume on Tuesday once the winds had eased, the port authority added.</p>"
        "</article><footer>Copyright 2024</footer></body></html>"
    )
    art = read_corpus([tmp_path]).articles[0]
    assert "port of Rotterdam" in art.text and "alert(1)" not in art.text
    assert art.title == "Storm closes port"


def test_missing_path():
    with pytest.raises(InputError, match="no such file"):
        read_corpus(["/nonexistent/scrapes"])


def test_empty_directory(tmp_path):
    with pytest.raises(InputError, match="no .txt"):
        read_corpus([tmp_path])


def test_binary_file_alone(tmp_path):
    f = tmp_path / "junk.txt"
    f.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    with pytest.raises(InputError, match="junk.txt"):
        read_corpus([f])


def test_bad_file_among_good_is_skipped(tmp_path):
    (tmp_path / "good.txt").write_text("The minister resigned on Monday after weeks of pressure from lawmakers.\n")
    (tmp_path / "bad.txt").write_bytes(b"\x00\xff\x00" * 100)
    (tmp_path / "empty.txt").write_text("  \n")
    c = read_corpus([tmp_path])
    assert [a.id for a in c.articles] == ["good"]
    assert any("bad.txt" in w and "binary" in w for w in map(str, c.warnings))
    assert any("empty.txt" in w and "empty" in w for w in map(str, c.warnings))
