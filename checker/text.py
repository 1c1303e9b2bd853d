"""Text helpers shared by the stages and the report: word tokens, span overlap, escaping untrusted text."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

from checker.records import Span

WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased word, start, end) of every word; the findings and the report's highlighting both use it."""
    return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]


def word_overlap(a: str, b: str) -> float:
    """Word-sequence similarity ratio of two texts (0 to 1)."""
    import difflib

    return difflib.SequenceMatcher(a=[t[0] for t in tokens(a)], b=[t[0] for t in tokens(b)], autojunk=False).ratio()


def contained(a: str, b: str) -> float:
    """Share of the shorter text's words that the longer one has in the same order (1.0: an excerpt)."""
    import difflib

    wa, wb = [t[0] for t in tokens(a)], [t[0] for t in tokens(b)]
    if not wa or not wb:
        return 0.0
    sm = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / min(len(wa), len(wb))


def overlaps(span: Span, lo: int, hi: int) -> bool:
    """True when ``span`` shares at least one character with ``[lo, hi)``."""
    return span.start < hi and span.end > lo


def shorten(text: str, limit: int = 60) -> str:
    """Whitespace folded, cut with an ellipsis at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def md_cell(text: object, limit: int | None = None) -> str:
    """Untrusted text as one Markdown table cell: no raw HTML, no pipes or emphasis, no newlines."""
    s = " ".join(str(text if text is not None else "").split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\|`*_[]":
        s = s.replace(ch, "\\" + ch)
    return s


FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠")  # OWASP's list, newline and the full-width forms besides
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*)?(?:\.\d+)?(?:[eE][+-]?\d+)?")


def csv_cell(value: object) -> object:
    """A value for a spreadsheet cell that no spreadsheet runs: text that starts with a formula character (``=``,
    ``+``, ``-``, ``@``, a tab, a carriage return or a newline, also after leading spaces) gets a leading ``'``, as
    OWASP's CSV-injection rule says. Numbers, and text that is only a plain number (``-0.5``), stay as they are."""
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(" \u00a0")
    if not stripped or stripped[0] not in FORMULA_START:
        return value
    if any(c.isdigit() for c in stripped) and PLAIN_NUMBER.fullmatch(stripped.strip()):
        return value
    return "'" + value


# A photo credit on its own: "(AP Photo/Eugene Smith)", "(AP: Jane Doe)", "Photo: Reuters", "Getty Images"
CREDIT = re.compile(
    r"\(\s*(?:AP|AFP|Reuters|EPA|Getty|Xinhua|Yonhap|Kyodo|Photo|Image|Picture|Credit)\b[^()]{0,60}\)"
    r"|(?:Photo|Image|Picture|Credit)s?\s*(?:by|:)[^.()]{0,60}|(?:Getty|AP|AFP|Reuters|EPA)\s+(?:Images|Photo)",
    re.I,
)
CREDIT_AT_END = re.compile(r"\((?:AP|AFP|Reuters|EPA|Getty)\s*(?:Photo|Images?)\b[^()]*\)\s*$", re.I)


def caption(sentences: list[str], index: int) -> bool:
    """Sentence ``index`` of an article is a photo caption: it ends with a photo credit ("(AP Photo/Jane Doe)"), or
    the line after it is nothing but one ("(AP: Jane Doe)"). A caption restates the story loosely (often in the
    present tense, sometimes on another day's picture); it is not a claim sentence."""
    if CREDIT_AT_END.search(sentences[index]):
        return True
    nxt = sentences[index + 1].strip(" .") if index + 1 < len(sentences) else ""
    return 0 < len(nxt) <= 80 and CREDIT.fullmatch(nxt) is not None


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (``spacy.lang.en.stop_words.STOP_WORDS``), read from spaCy's own file.

    Importing that module imports the ``spacy`` package first, which imports thinc and torch: 4-5 s of a fully
    cached run that loads no model. The file is a plain word list, so it is run on its own."""
    if "spacy" in sys.modules:  # already paid for: the module itself
        from spacy.lang.en.stop_words import STOP_WORDS

        return frozenset(STOP_WORDS)
    spacy = importlib.util.find_spec("spacy")  # finds the package without running it
    if spacy is None or spacy.origin is None:
        raise ImportError("spaCy is not installed")
    path = Path(spacy.origin).parent / "lang" / "en" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("checker._spacy_en_stop_words", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def acronym(short: str, long: str) -> bool:
    """``short`` is an acronym of ``long`` ("JAL" / "Japan Airlines", "UN" / "United Nations"): its letters, in
    order, are each word's initial and maybe more letters of that word ("of", "the", "and" may give none)."""
    if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()) or " " not in long.strip():
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", long)]

    def fits(letters: str, ws: list[str]) -> bool:
        if not ws:
            return not letters
        w, rest = ws[0], ws[1:]
        if w in ("of", "the", "and") and fits(letters, rest):
            return True
        if not letters or letters[0] != w[0]:
            return False
        for n in range(1, len(letters) + 1):  # this word gives letters[:n]: its initial, then letters in order
            it = iter(w[1:])
            if all(c in it for c in letters[1:n]) and fits(letters[n:], rest):
                return True
        return False

    return fits(short.lower(), words)
