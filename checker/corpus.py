"""Read scraped articles from files and directories.

Formats (:data:`READERS`, by suffix): ``.txt``/``.md`` (optional YAML front matter),
``.jsonl`` (one article a line), ``.html``/``.htm`` (main text via trafilatura). A bad file is skipped with
a warning naming it; unusable input as a whole raises :class:`InputError`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from checker.errors import InputError, Warning_
from checker.records import Article

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
META_KEYS = ("title", "source", "url", "published", "event")


@dataclass
class Corpus:
    articles: list[Article] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)


MAX_CHARS = 200_000  # longer articles are cut here (with a warning)


def _files(path: Path, warnings: list[Warning_]) -> Iterable[Path]:
    """Article files under ``path``; directory links are not followed, so link loops cannot recur."""
    if not path.is_dir():
        yield path
        return
    seen: set[Path] = set()
    for root, dirs, names in os.walk(
        path,
        followlinks=False,
        onerror=lambda e: warnings.append(Warning_(str(e.filename), f"skipped: cannot list directory ({e.strerror})")),
    ):
        dirs.sort()
        for name in sorted(names):
            p = Path(root) / name
            if name.startswith(".") or p.suffix.lower() not in READERS:
                continue
            if not p.is_file():
                warnings.append(Warning_(str(p), "skipped: not a readable file (broken link?)"))
                continue
            real = p.resolve()
            if real not in seen:
                seen.add(real)
                yield p


def decode(raw: bytes, path: Path) -> str:
    """Decode bytes: UTF-8 (BOM honoured), UTF-16 (BOM or NUL pattern), else cp1252; ValueError for binary data."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    head = raw[:4096]
    if b"\x00" in head:
        even, odd = head[0::2], head[1::2]
        for zeros, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if len(zeros) > 8 and zeros.count(0) > 0.9 * len(zeros):
                text = raw.decode(enc, errors="replace")
                if sum(ch.isprintable() or ch.isspace() for ch in text[:2000]) > 0.95 * min(len(text), 2000):
                    return text
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if sum(not (ch.isprintable() or ch.isspace()) for ch in text[:4000]) > 0.1 * min(len(text), 4000):
        raise ValueError("binary file (undecodable bytes), not text")
    return text


UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def safe_text(text: str) -> str:
    """``text`` without control characters (NUL included), bidi overrides and lone surrogates (which no UTF-8
    file can hold); newlines and tabs stay."""
    return UNSAFE_CHARS.sub("", text)


def _meta(d: dict) -> dict:
    out = {}
    for k in META_KEYS:
        v = d.get(k)
        if v is not None and not isinstance(v, (dict, list)):
            out[k] = safe_text(str(v))
    return out


HEADLINE_END = ".,;:"


def headline(text: str) -> str | None:
    """The first line of ``text`` when it looks like a headline: 3 to 25 words, capitalised, no sentence or clause
    punctuation at its end, followed by more text. A Markdown heading (``# ...``) counts."""
    lines = text.lstrip().split("\n", 1)
    if len(lines) < 2 or not lines[1].strip():
        return None
    line = " ".join(lines[0].lstrip("#").split())
    words = line.split()
    if not 3 <= len(words) <= 25 or len(line) > 200 or line[-1] in HEADLINE_END:
        return None
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"):
        return None
    if sum(any(ch.isalpha() for ch in w) for w in words) < 3:
        return None
    return line


def _text_article(path: Path, text: str, art_id: str, warnings: list[Warning_] | None = None) -> Article:
    meta: dict = {}
    m = FRONT_MATTER.match(text)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1))  # safe_load: a !!python/object tag is refused, never run
        except yaml.YAMLError as exc:
            if warnings is not None:
                warnings.append(Warning_(str(path), f"front matter ignored: not safe YAML ({exc.__class__.__name__})"))
            loaded = None
        if isinstance(loaded, dict):
            meta = _meta(loaded)
            text = text[m.end() :]
    return Article(
        id=art_id,
        source=meta.get("source", path.stem),
        path=str(path),
        text=text,
        title=meta.get("title") or headline(text),
        url=meta.get("url"),
        published=meta.get("published"),
        event=meta.get("event"),
    )


def _html_article(path: Path, html: str, art_id: str) -> Article:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
    meta = trafilatura.extract_metadata(html)
    return Article(
        id=art_id,
        source=(meta.sitename if meta and meta.sitename else path.stem),
        path=str(path),
        text=text,
        title=meta.title if meta else None,
        url=meta.url if meta else None,
        published=meta.date if meta else None,
    )


def _jsonl_articles(path: Path, text: str, warnings: list[Warning_]) -> list[Article]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(Warning_(str(path), f"skipped: not valid JSON ({exc.msg})", n))
            continue
        except RecursionError:
            warnings.append(Warning_(str(path), "skipped: JSON nested too deeply", n))
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            warnings.append(Warning_(str(path), "skipped: no 'text' field", n))
            continue
        meta = _meta(row)
        art_id = str(row.get("id") or f"{path.stem}:{n}")
        if len(row["text"]) > MAX_CHARS:
            warnings.append(Warning_(str(path), f"article cut to its first {MAX_CHARS:,} characters", n))
        out.append(
            Article(
                id=art_id,
                source=meta.get("source", path.stem),
                path=f"{path}:{n}",
                text=safe_text(row["text"][:MAX_CHARS]),
                title=meta.get("title"),
                url=meta.get("url"),
                published=meta.get("published"),
                event=meta.get("event"),
            )
        )
    return out


Reader = Callable[[Path, str, list[Warning_]], list[Article]]


def _one_article(parse: Callable[[Path, str, list[Warning_]], Article]) -> Reader:
    """A reader of files that hold one article each: the file cut at ``5 * MAX_CHARS`` characters, a parser that
    chokes on hostile markup a warning, an article without text skipped, a long one cut at ``MAX_CHARS``."""

    def read(path: Path, text: str, warnings: list[Warning_]) -> list[Article]:
        if len(text) > MAX_CHARS * 5:
            warnings.append(
                Warning_(str(path), f"cut to its first {MAX_CHARS * 5:,} characters (file is {len(text):,})")
            )
            text = text[: MAX_CHARS * 5]
        try:
            art = parse(path, text, warnings)
        except ImportError:
            raise  # an installation problem, not a bad file
        except Exception as exc:  # a parser choking on hostile markup must not stop the run
            warnings.append(Warning_(str(path), f"skipped: could not parse ({exc.__class__.__name__}: {exc})"))
            return []
        if not art.text.strip():
            warnings.append(Warning_(str(path), "skipped: no article text found"))
            return []
        if len(art.text) > MAX_CHARS:
            warnings.append(
                Warning_(str(path), f"article cut to its first {MAX_CHARS:,} characters (it has {len(art.text):,})")
            )
            art = replace(art, text=art.text[:MAX_CHARS])
        return [art]

    return read


_text_file = _one_article(lambda path, text, warnings: _text_article(path, safe_text(text), path.stem, warnings))
_html_file = _one_article(lambda path, text, warnings: _html_article(path, text, path.stem))

# The readers by file suffix: a new input format is one function ``(path, decoded text, warnings) -> articles``
# and one entry here.
READERS: dict[str, Reader] = {
    ".txt": _text_file,  # plain text, optional YAML front matter
    ".md": _text_file,
    ".jsonl": _jsonl_articles,  # one article a line
    ".html": _html_file,  # main text via trafilatura
    ".htm": _html_file,
}


def read_file(path: Path, warnings: list[Warning_]) -> list[Article]:
    """Articles in one file (read by its suffix's reader in :data:`READERS`); problems become warnings and an
    empty list."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        warnings.append(Warning_(str(path), f"skipped: cannot read ({exc.strerror or exc})"))
        return []
    try:
        text = decode(raw, path)
    except ValueError as exc:
        warnings.append(Warning_(str(path), f"skipped: {exc}"))
        return []
    if not text.strip():
        warnings.append(Warning_(str(path), "skipped: empty file"))
        return []
    return READERS.get(path.suffix.lower(), _text_file)(path, text, warnings)


def read_corpus(paths: list[str | Path]) -> Corpus:
    """Read every article under ``paths``; raise InputError when nothing is usable."""
    if not paths:
        raise InputError("no input given")
    corpus = Corpus()
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{p}: no such file or directory")
        found = list(_files(p, corpus.warnings))
        if not found:
            raise InputError(f"{p}: no .txt, .md, .jsonl or .html files found")
        files.extend(found)
    ids: set[str] = set()
    for f in files:
        for art in read_file(f, corpus.warnings):
            new_id, k = art.id, 2
            while new_id in ids:
                new_id = f"{art.id}~{k}"
                k += 1
            ids.add(new_id)
            corpus.articles.append(art if new_id == art.id else replace(art, id=new_id))
    if not corpus.articles:
        if len(corpus.warnings) == 1:
            w = corpus.warnings[0]
            raise InputError(str(Warning_(w.file, w.reason.removeprefix("skipped: "), w.line)))
        raise InputError(f"{', '.join(map(str, paths))}: no usable articles ({len(corpus.warnings)} files skipped)")
    return corpus


def read(state: State, ctx: Context) -> State:
    """Stage: read every article under the run's inputs."""
    corpus = read_corpus(list(state.inputs))
    return replace(state, read=tuple(corpus.articles), warnings=state.warnings + tuple(corpus.warnings))
