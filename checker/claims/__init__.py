"""Claim-level evidence in sentences: attribution, quotes, quantities, dates, names, polarity.

Each extractor is a few small rules that return spans into the sentence text, so
a finding can point at its evidence. :func:`extract` runs them all over a corpus
and resolves pronoun speakers within each article.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from checker.claims.attribution import Attribution, attributions, last_person, resolve_pronouns, same_speaker
from checker.claims.dates import DateRef, dates
from checker.claims.names import Aliases, Name, learn_aliases, names
from checker.claims.polarity import PolarityHit, negations, opposed, polarity_hits
from checker.claims.quantities import Quantity, quantities
from checker.claims.quotes import quotes, same_words
from checker.records import Article, Merged, SentenceClaims, Span

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State

__all__ = [
    "Attribution",
    "Aliases",
    "DateRef",
    "Name",
    "PolarityHit",
    "Quantity",
    "SentenceClaims",
    "attributions",
    "annotate",
    "dates",
    "extract",
    "extract_one",
    "merged_claims",
    "learn_aliases",
    "names",
    "negations",
    "opposed",
    "polarity_hits",
    "quantities",
    "quotes",
    "same_speaker",
    "same_words",
]


def extract_one(text: str) -> SentenceClaims:
    """All claims of one sentence, without pronoun resolution."""
    return SentenceClaims(
        attributions(text),
        quotes(text),
        quantities(text),
        dates(text),
        names(text),
        polarity_hits(text),
        negations(text),
    )


def extract(articles: list[Article], raw: dict[int, SentenceClaims] | None = None) -> list[Article]:
    """Every article as a new record whose sentences carry their claims; he/she is resolved to the article's last
    named speaker. ``raw`` may give :func:`extract_one` of some sentences already (by ``id`` of the sentence)."""
    raw = dict(raw or {})
    for a in articles:
        for s in a.sentences:
            if id(s) not in raw:
                raw[id(s)] = extract_one(s.text)
    known = {sp.speaker.split()[-1] for c in raw.values() for sp in c.speakers if not sp.pronoun}
    out = []
    for art in articles:
        last = None
        found = []
        for s in art.sentences:
            c = raw[id(s)]
            found.append(replace(c, speakers=resolve_pronouns(c.speakers, last)))
            last = last_person(s.text, known) or last
        out.append(art.evolve(claims=found))
    return out


def merged_claims(m: Merged) -> SentenceClaims:
    """The claims of a merged side: its parts' claims, the second re-based after the first and a space."""
    first, second = m.first.claims or extract_one(m.first.text), m.second.claims or extract_one(m.second.text)
    return first + second.shifted(len(m.first.text) + 1)


# Claims are cached by sentence text (before pronouns are resolved, which depends on the article) under a digest of
# the extractors' source, as JSON through checker.codec: a rerun over yesterday's scrape does not run the regexes.


def _claim_types() -> dict[str, type]:
    types = [SentenceClaims, Attribution, Span, Quantity, DateRef, Name, PolarityHit]
    return {t.__name__: t for t in types}


def claims_version() -> str:
    """The cache version of claims: a digest of the code that extracts them."""
    from pathlib import Path

    from checker.codec import source_digest

    here = Path(__file__).resolve().parent
    files = sorted(here.glob("*.py")) + [here.parent / n for n in ("records.py", "lexicon.py", "codec.py", "text.py")]
    return f"claims|{source_digest(*files)}"


def _cached_claims(articles: list[Article], ctx: Context) -> dict[int, SentenceClaims]:
    """``extract_one`` of every sentence, from the cache where it is there; the rest computed and stored."""
    import contextlib
    import json

    from checker.cache import text_key
    from checker.codec import decode, encode

    sentences = [s for a in articles for s in a.sentences]
    if ctx.cache is None or not sentences:
        return {}
    types, version = _claim_types(), claims_version()
    keys = [text_key(s.text) for s in sentences]
    found = ctx.cache.blobs("claims", version, keys)
    out: dict[int, SentenceClaims] = {}
    fresh: list[tuple[str, bytes]] = []
    for s, key in zip(sentences, keys, strict=True):
        blob = found.get(key)
        if blob is not None:
            with contextlib.suppress(ValueError, TypeError, KeyError):
                out[id(s)] = decode(json.loads(blob), types)
                continue
        c = out[id(s)] = extract_one(s.text)
        with contextlib.suppress(TypeError):
            fresh.append((key, json.dumps(encode(c, types)).encode("utf-8")))
    if fresh:
        ctx.cache.put_blobs("claims", version, fresh)
    return out


def annotate(state: State, ctx: Context) -> State:
    """Stage: claims of every sentence (cached by text), and the name aliases the articles themselves teach."""
    articles = list(state.articles)
    found = extract(articles, _cached_claims(articles, ctx))
    return replace(state, articles=tuple(found), aliases=learn_aliases([a.text for a in state.articles]))
