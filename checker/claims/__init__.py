"""Claim-level evidence in sentences: attribution, quotes, quantities, dates, names, polarity.

Each extractor is a few small rules that return spans into the sentence text, so
a finding can point at its evidence. :func:`extract` runs them all over a corpus
and resolves pronoun speakers within each article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.claims.attribution import Attribution, attributions, last_person, resolve_pronouns, same_speaker
from checker.claims.dates import DateRef, dates
from checker.claims.names import Aliases, Name, learn_aliases, names
from checker.claims.polarity import PolarityHit, negations, opposed, polarity_hits
from checker.claims.quantities import Quantity, quantities
from checker.claims.quotes import quotes, same_words
from checker.records import Sentence, Span

__all__ = ["Attribution", "Aliases", "DateRef", "Name", "PolarityHit", "Quantity", "SentenceClaims", "attributions",
           "dates", "extract", "extract_one", "learn_aliases", "names", "negations", "opposed", "polarity_hits",
           "quantities", "quotes", "same_speaker", "same_words"]


@dataclass
class SentenceClaims:
    speakers: list[Attribution] = field(default_factory=list)
    quotes: list[Span] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    polarity: list[PolarityHit] = field(default_factory=list)
    negations: list[Span] = field(default_factory=list)


def extract_one(text: str) -> SentenceClaims:
    """All claims of one sentence, without pronoun resolution."""
    return SentenceClaims(attributions(text), quotes(text), quantities(text), dates(text), names(text),
                          polarity_hits(text), negations(text))


def extract(sentences: dict[str, list[Sentence]]) -> dict[tuple[str, int], SentenceClaims]:
    """Claims of every sentence keyed by (article, index); he/she resolved to the last named speaker."""
    raw = {(s.article, s.index): extract_one(s.text) for sents in sentences.values() for s in sents}
    known = {a.speaker.split()[-1] for c in raw.values() for a in c.speakers if not a.pronoun}
    for art, sents in sentences.items():
        last = None
        for s in sents:
            c = raw[(art, s.index)]
            c.speakers = resolve_pronouns(c.speakers, last)
            last = last_person(s.text, known) or last
    return raw
