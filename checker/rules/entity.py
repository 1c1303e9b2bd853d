"""Entity: a different name in the same place of two otherwise matching sentences."""

from __future__ import annotations

import difflib
import re

from pydantic import Field

from checker.claims import SentenceClaims
from checker.config import KindSettings
from checker.records import Finding, Judged, Severity
from checker.rules.base import Gate, RuleContext, make, register, spec
from checker.text import acronym, overlaps, tokens

# what kind of place a name is, not which one ("the Cileueur" / "Cileeuur River")
GENERIC_HEADS = re.compile(
    r"\s+(?:river|lake|mount|mountains?|province|district|county|city|town|village|airport|island|bay|sea|"
    r"valley|street|square)$"
)


def skeleton(word: str) -> str:
    """The consonants of a word as it sounds, roughly: "c" before e/i/y is "s", "k"/"q"/"ck" are "c", "ph" is "f",
    doubled letters are one, vowels and "y", "h", "w" after the first letter dropped ("Cileueur" and "Siliyur" are
    both "slr"): how one name transliterated two ways still reads alike."""
    w = re.sub(r"[^a-z]", "", word.lower())
    w = re.sub(r"c(?=[eiy])", "s", w)
    w = re.sub(r"ph", "f", w)
    w = re.sub(r"ck|k|q", "c", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:1] + re.sub(r"[aeiouyhw]", "", w[1:])


def transliterated(a: str, b: str, rare: float = 3.0) -> bool:
    """One name spelt two ways from another script: word by word the same sound skeleton (at least three letters),
    and each differing word rare in English (a Zipf frequency below ``rare``: "Siliyur", not "Tramp")."""
    from checker.rarity import zipf

    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        if x.lower() == y.lower():
            continue
        sx, sy = skeleton(x), skeleton(y)
        if sx != sy or len(sx) < 3 or zipf(x) >= rare or zipf(y) >= rare:
            return False
    return True


PARTS = re.compile(r"\s*(?:[-–—/]|\band\b|&)\s*")


def same_parts(a: str, b: str) -> bool:
    """The same names joined in another order ("Korea-Japan" / "Japan-Korea", "Seoul and Tokyo" / "Tokyo and
    Seoul")."""
    if not (PARTS.search(a) and PARTS.search(b)):
        return False
    wa, wb = (re.findall(r"\w+", t.lower()) for t in (a, b))
    return len(wa) >= 2 and wa != wb and sorted(wa) == sorted(wb)


def inside(short: str, long: str) -> bool:
    """``long`` begins with the name ``short`` abbreviates and names a part of it ("UN" / "United Nations General
    Assembly"): one inside the other, not another name."""
    words = long.split()
    return any(acronym(short.strip(), " ".join(words[:k])) for k in range(2, len(words)))


def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name ("Muammar" / "Moammar", "Gadhafi" / "Qaddafi", "Cileueur" / "Cileeuur River"),
    one name and its acronym ("JAL" / "Japan Airlines"), the same names in another order ("Korea-Japan" /
    "Japan-Korea"), or a name and a part of it ("UN" / "United Nations General Assembly")."""
    x, y = (GENERIC_HEADS.sub("", t.lower().replace("’", "'").strip()) for t in (a, b))
    if difflib.SequenceMatcher(a=x, b=y, autojunk=False).ratio() >= 0.75 or transliterated(x, y):
        return True
    if same_parts(a, b) or inside(a, b) or inside(b, a):
        return True
    return acronym(a.strip(), b) or acronym(b.strip(), a)


class EntitySettings(KindSettings):
    similarity: float = Field(0.8, ge=-1, le=1, description="Least similarity for a name check.")
    high_similarity: float = Field(0.9, ge=-1, le=1, description="Least similarity for a name finding to be high.")
    word_overlap: float = Field(0.5, ge=0, le=1, description="Least word-sequence match ratio for a name check.")


@register(
    "entity",
    order=50,
    legend="A different name stands in the same place.",
    explain="{a} names {x}; {b} names {y} in the same place.",
    settings=EntitySettings,
    settings_doc="A different name in the same place of two otherwise matching sentences.",
    gate=Gate("similarity", "similarity"),
)
def entity(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    p, cfg, aliases = j.pair, ctx.settings(EntitySettings), ctx.aliases
    if p.similarity < cfg.similarity:
        return None
    ta, tb = tokens(p.a.text), tokens(p.b.text)
    sm = difflib.SequenceMatcher(a=[t[0] for t in ta], b=[t[0] for t in tb], autojunk=False)
    if sm.ratio() < cfg.word_overlap:
        return None
    speaker_a = [s.span for s in ca.speakers]
    speaker_b = [s.span for s in cb.speakers]
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "replace":
            continue
        lo_a, hi_a = ta[i1][1], ta[i2 - 1][2]
        lo_b, hi_b = tb[j1][1], tb[j2 - 1][2]
        na = [n for n in ca.names if overlaps(n.span, lo_a, hi_a)]
        nb = [n for n in cb.names if overlaps(n.span, lo_b, hi_b)]
        na = [n for n in na if not any(overlaps(s, n.span.start, n.span.end) for s in speaker_a)]
        nb = [n for n in nb if not any(overlaps(s, n.span.start, n.span.end) for s in speaker_b)]
        if ca.entities or cb.entities:  # with a parse, a name must be a named entity ("Strong", "I'd" are not)
            na = [n for n in na if any(overlaps(e, n.span.start, n.span.end) for e in ca.entities)]
            nb = [n for n in nb if any(overlaps(e, n.span.start, n.span.end) for e in cb.entities)]
        if not na or not nb:
            continue
        if any(aliases.same(x.text, y.text) or spelling_variant(x.text, y.text) for x in na for y in nb):
            continue
        if any(aliases.same(x.text, y.text) for x in na for y in cb.names) or any(
            aliases.same(x.text, y.text) for x in ca.names for y in nb
        ):
            continue  # the name is elsewhere in the other sentence: reordered, not replaced
        sev = Severity.HIGH if p.similarity >= cfg.high_similarity else Severity.MEDIUM
        return make(
            "entity",
            sev,
            p.similarity,
            j,
            spec("entity").explanation(a=p.a.article.id, x=na[0].text, b=p.b.article.id, y=nb[0].text),
            [n.span for n in na],
            [n.span for n in nb],
        )
    return None
