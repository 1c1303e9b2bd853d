"""Facts of a spaCy-parsed sentence: counts, money, percentages, durations, dates, clock times, ages, ranks and
scores, each with the noun it counts, the verb that governs it, the sentence's actor and the value normalised by
:mod:`checker.normalize`.

:func:`facts` reads the dependency parse and the entities of a sentence (a spaCy ``Span``); :func:`same_fact` says how
surely two facts are about the same thing, :func:`match_facts` pairs two lists one to one, and :func:`disagree` says
whether two matched values differ. The pipeline components used are tok2vec, tagger, attribute_ruler, lemmatizer
(lemmas), parser (heads, relations, sentences) and ner (entities); regular expressions take ages, clock times, scores,
ranges and "one in five" shares, where they measure better than the entity labels.

One job per module: :mod:`.extract` (with :mod:`.syntax`, reading the parse around a number, and :mod:`.lexicon`,
the words both read), :mod:`.match` (fact matching) and :mod:`.compare` (value comparison); this package is their
public surface.
"""

from __future__ import annotations

from checker.facts.compare import disagree
from checker.facts.extract import facts, published_date
from checker.facts.lexicon import GENERIC_PREDICATES, KINDS, PREDICATE_GROUPS, predicate_group
from checker.facts.match import match_facts, same_fact, value_unit
from checker.records import Fact, Tally

__all__ = [
    "GENERIC_PREDICATES",
    "KINDS",
    "PREDICATE_GROUPS",
    "Fact",
    "Tally",
    "disagree",
    "facts",
    "match_facts",
    "predicate_group",
    "published_date",
    "same_fact",
    "value_unit",
]
