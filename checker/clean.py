"""Drop page furniture (menus, ads, share rows, teasers, footers) from article text.

Rules work line by line: a line is kept when it reads like article prose (enough
words, sentence punctuation) and matches no boilerplate pattern; everything after
an end-of-article marker is dropped. Each article is cleaned on its own (a line
that two articles share is kept in both: wire copies share sentences). Kept lines
are joined with newlines into ``Article.clean``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from checker.config import CleanConfig
from checker.errors import InputError, Warning_
from checker.records import Article

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State

BOILERPLATE = re.compile(
    r"""(?ix)
    ^\W*advertisement\W*$ | \[ad_\d\] | ^\W*(?:also\ )?read(?:\ more)?\s*: | ^related\ (?:coverage|news|stories)
    | whatsapp | facebook\ twitter | ^share\b | ^subscribe | cookie | privacy\ policy | all\ rights\ reserved
    | ^copyright | contributed\ to\ this\ report | your\ email\ address | ^comments?\ (?:are\ )?closed
    | ^leave\ a\ reply | ^trending | ^sign\ up | newsletter | ^click\ here | ^follow\ us
    | preferred\ source\ on\ google | ^(?:photo|image|file)\s*: | ^\S+\.(?:com|net|org|in|co\.uk|news)\b
    | \bwe\ (?:also\ )?(?:cover|publish|keep\ an\ eye)\b | solely\ responsible\ for\ this\ content
    | may\ not\ be\ (?:published|reproduced|redistributed) | ^\W*(?:additional\ )?(?:reporting|writing|editing)\ by\b
    """
)
END_MARKERS = re.compile(
    r"(?i)^\W*(?:tags|end of article|related coverage:?|related news|related articles|also read\b.*|"
    r"read more\b.*|must read|top stories|more stories|more impact shorts|impact shorts|latest news|"
    r"leave a reply|comments are closed\.?|you may also like|recommended)\W*$|^(?i:also read)\s*:"
)
BULLET = re.compile(r"^\s*[•·▪●■\-*]\s+")
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*(?:\([^)]{1,40}\))?\s*$")
DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z]+(?:,? [A-Z][A-Za-z. ]+)?(?: \((?:AP|Reuters|AFP)\))? ?[–—-] |[A-Z][a-z]+: )(?=[A-Z])"
)


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip().lower())


def is_prose(line: str, min_words: int) -> bool:
    """A line that reads like article prose rather than a menu, heading or teaser."""
    words = line.split()
    return len(words) >= min_words and bool(
        SENTENCE_END.search(line) or re.search(r"[a-z0-9][.!?][\"'”’]?\s+[A-Z“\"]", line)
    )


OPEN_END = re.compile(r"[\w,;\-–—]$")  # a line that stops mid-sentence


def hard_wrapped(lines: list[str], max_chars: int, min_lines: int = 8) -> bool:
    """True when the text's prose is broken into lines of a fixed width (an e-mail or archive page): most lines of
    several words stop mid-sentence and none is longer than ``max_chars``."""
    long = [line.strip() for line in lines if len(line.split()) >= 4]
    if len(long) < min_lines or max(len(line) for line in long) > max_chars:
        return False
    return sum(bool(OPEN_END.search(line)) for line in long) >= len(long) / 2


def unwrap(text: str, max_chars: int) -> str:
    """``text`` with a hard-wrapped text's lines joined back into one line per paragraph: a line that stops
    mid-sentence continues on the next one. Other texts are returned unchanged."""
    lines = text.splitlines()
    if not hard_wrapped(lines, max_chars):
        return text
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and line.strip() and OPEN_END.search(out[-1].strip()) and not BULLET.match(line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def clean_lines(text: str, min_words: int = 6, wrap_chars: int = 90) -> list[str]:
    """The lines of ``text`` that are article prose (a hard-wrapped text's lines joined first)."""
    kept: list[str] = []
    seen: set[str] = set()
    for raw in unwrap(text, wrap_chars).splitlines():
        line = raw.strip()
        if not line or BULLET.match(raw):
            continue
        if END_MARKERS.match(line) and sum(len(k.split()) for k in kept) >= 40:
            break
        key = _norm(line)
        if key in seen or BOILERPLATE.search(line) or not is_prose(line, min_words):
            continue
        seen.add(key)
        kept.append(DATELINE.sub("", line, count=1))
    return kept


ENGLISH_WORDS = (
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "was",
    "on",
    "with",
    "as",
    "he",
    "be",
    "by",
    "at",
    "said",
    "from",
    "his",
    "an",
    "have",
    "has",
    "are",
    "were",
    "they",
    "not",
    "but",
    "had",
    "this",
    "which",
    "their",
    "been",
    "its",
    "who",
    "will",
    "would",
    "or",
    "after",
    "about",
    "more",
    "also",
    "than",
    "year",
    "two",
    "into",
    "over",
    "new",
    "last",
    "when",
    "up",
    "out",
    "there",
    "one",
    "people",
    "first",
    "could",
    "can",
    "i",
    "we",
    "you",
    "she",
    "her",
    "them",
    "all",
    "our",
)
ENGLISH = set(ENGLISH_WORDS)


def looks_english(text: str) -> bool:
    """Whether ``text`` reads as English (function-word share); short texts get the benefit of the doubt."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 25:
        return True
    return sum(w in ENGLISH for w in words) / len(words) >= 0.12


SENTENCE_ENDS = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
ROUGH_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")


def junk_reason(text: str, cfg: CleanConfig) -> str | None:
    """Why a cleaned article text looks like junk rather than an article (``None`` when it does not): no
    sentence structure (far more words per sentence end than prose has), or mostly the same sentences again."""
    words = len(text.split())
    if words < cfg.junk_min_words:
        return None
    ends = len(SENTENCE_ENDS.findall(text))
    if words / max(ends, 1) > cfg.junk_words_per_sentence:
        return (
            f"skipped: looks like junk, no sentence structure ({words:,} words, {ends:,} sentence ends; "
            f"clean.junk_words_per_sentence is {cfg.junk_words_per_sentence:g})"
        )
    keys = [
        " ".join(re.findall(r"\w+", piece.lower()))
        for line in text.splitlines()
        for piece in ROUGH_SENTENCE.split(line)
        if len(piece.split()) >= 3
    ]
    repeats = len(keys) - len(set(keys))
    if len(keys) >= 10 and repeats / len(keys) >= cfg.junk_repeat_share:
        return (
            f"skipped: looks like junk, mostly repeats ({repeats:,} of {len(keys):,} sentences repeat an earlier "
            f"one; clean.junk_repeat_share is {cfg.junk_repeat_share:g})"
        )
    return None


def clean_articles(articles: list[Article], min_words: int = 6, wrap_chars: int = 90) -> list[Article]:
    """Each article with ``clean`` set (a new record), in order; articles left without text included. Each is
    cleaned on its own text alone, so its clean text does not depend on what else the run holds."""
    return [replace(art, clean="\n".join(clean_lines(art.text, min_words, wrap_chars))) for art in articles]


def select(state: State, ctx: Context) -> State:
    """Stage: clean every article; set aside empty, non-English, junk and duplicate ones (with a warning or note)."""
    warnings = list(state.warnings)
    notes = list(state.notes)
    articles: list[Article] = []
    duplicates: list[Article] = []
    first_with: dict[str, Article] = {}
    cleaned = clean_articles(list(state.read), ctx.cfg.clean.min_words, ctx.cfg.clean.wrap_chars)
    for art in cleaned:
        if not art.clean:
            continue
        if not looks_english(art.clean):
            warnings.append(Warning_(art.path, "skipped: not English (the shipped models read English only)"))
            continue
        junk = junk_reason(art.clean, ctx.cfg.clean)
        if junk is not None:
            warnings.append(Warning_(art.path, junk))
            continue
        key = " ".join(art.clean.lower().split())
        if key in first_with:
            first = first_with[key]
            duplicates.append(replace(art, duplicate_of=first.id))
            notes.append(
                f"{art.id} ({art.source}) has the same text as {first.id} ({first.source}): "
                "reported as a duplicate, not compared"
            )
            continue
        first_with[key] = art
        articles.append(art)
    warnings += [Warning_(a.path, "skipped: no article text left after cleaning") for a in cleaned if not a.clean]
    if not articles:
        raise InputError("no usable article text: " + ", ".join(a.path for a in state.read))
    if len({a.source for a in articles}) < 2:
        notes.append("only one source: nothing to compare across outlets")
    return replace(
        state,
        articles=tuple(articles),
        duplicates=tuple(duplicates),
        warnings=tuple(warnings),
        notes=tuple(notes),
        stats=replace(state.stats, articles=len(articles), skipped=len(warnings)),
    )
