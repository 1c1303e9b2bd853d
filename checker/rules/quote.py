"""Quote: the same speaker quoted in different words (across articles only), compared fragment by fragment.

Quotes are compared as word sequences after typography is normalised (curly quotes, dashes, editorial brackets,
ellipses). An excerpt of a quote (one contained in the other) is the same quote; two fragments that share no run of
``findings.quote.min_run`` words are different parts of a statement, not a changed quote. A quote that shares such a
run but differs elsewhere was reworded: medium in a copy of a wire story when the NLI model reads the wordings as
contradicting each other, else low (the same in substance by :func:`same_substance`: tense, articles, endings; or two
translations; or outlets reporting independently).
"""

from __future__ import annotations

import difflib
import re

from pydantic import Field

from checker.claims import SentenceClaims, same_speaker
from checker.claims.polarity import NEGATION
from checker.config import KindSettings
from checker.records import Finding, Judged, Severity
from checker.rules.base import RuleContext, make, register, spec
from checker.rules.contradiction import ContradictionSettings
from checker.text import shorten, stop_words

BRACKETS = re.compile(r"\[[^\]]*\]")


# Tense and person of auxiliaries, and contractions, are how outlets transcribe, not what was said
# ("we had hoped" / "we have hoped", "it's" / "it is"): compared by their base form.
AUX = {
    **dict.fromkeys(("had", "has", "have", "'ve", "having"), "have"),
    **dict.fromkeys(("is", "are", "was", "were", "am", "be", "been", "being", "'re", "'m"), "be"),
    **dict.fromkeys(("will", "would", "'ll", "'d", "shall"), "will"),
    **dict.fromkeys(("can", "could"), "can"),
    **dict.fromkeys(("do", "does", "did"), "do"),
    **dict.fromkeys(("may", "might"), "may"),
}
CONTRACTION = re.compile(r"(?<=[a-z])('(?:s|re|ve|ll|d|m)|n't)\b")


def quote_words(text: str) -> list[str]:
    """Lower-case words of a quote; brackets, ellipses and typography dropped, "&" read as "and", auxiliaries and
    contractions in their base form."""
    text = BRACKETS.sub(" ", text.replace("’", "'").replace("‘", "'").replace("&", " and ")).lower()
    text = CONTRACTION.sub(lambda m: " not" if m.group(1) == "n't" else " " + m.group(1), text)
    words = re.findall(r"'(?:s|re|ve|ll|d|m)\b|[a-z0-9]+", text)
    return [AUX.get(w, "be" if w == "'s" else w) for w in words]


SUFFIX = re.compile(r"(?:ing|ed|es|s|ly)$")
NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\b")


def _stem(word: str) -> str:
    stem = SUFFIX.sub("", word)
    return stem if len(stem) >= 3 else word


def same_substance(a: str, b: str, least: float) -> bool:
    """Two wordings of one quote that say the same: their content words (stop words left out, endings cut: "held"
    is not "hold", but "drowned" is "drowning") overlap by at least ``least`` (Jaccard), with the same negations
    and the same numbers. Tense, articles, "there was" / "occurred" are how it was transcribed or translated."""
    STOP_WORDS = stop_words()

    wa, wb = quote_words(a), quote_words(b)
    ca = {_stem(w) for w in wa if w not in STOP_WORDS and not NUMBER.search(w)}
    cb = {_stem(w) for w in wb if w not in STOP_WORDS and not NUMBER.search(w)}
    if not ca or not cb:
        return False
    if sorted(w for w in wa if NEGATION.fullmatch(w)) != sorted(w for w in wb if NEGATION.fullmatch(w)):
        return False
    if sorted(w for w in wa if NUMBER.search(w)) != sorted(w for w in wb if NUMBER.search(w)):
        return False
    return len(ca & cb) / len(ca | cb) >= least


def _contains(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def compare(a: str, b: str) -> tuple[str, float, int]:
    """(relation, word-sequence ratio, longest shared run): relation is same, excerpt, reworded or unrelated."""
    wa, wb = quote_words(a), quote_words(b)
    if wa == wb:
        return "same", 1.0, len(wa)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if short and _contains(long, short):
        return "excerpt", 1.0, len(short)
    sm = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    run = max((m.size for m in sm.get_matching_blocks()), default=0)
    ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
    if run and all(op[0] in ("insert", "delete") for op in ops) and len(ops) <= 2:
        return "excerpt", sm.ratio(), run  # they overlap and differ only where one starts or stops earlier
    return ("reworded" if run else "unrelated"), sm.ratio(), run


class QuoteSettings(KindSettings):
    min_run: int = Field(
        3,
        ge=1,
        description="Two quotes are one quote reworded only if they share a run of this many words (else they are "
        "different fragments).",
    )
    same_substance: float = Field(
        0.7,
        ge=0,
        le=1,
        description="Content-word overlap (Jaccard, endings cut, same negations and numbers) at or above which two "
        "wordings of a quote say the same in substance: a reworded quote is then low.",
    )


@register(
    "quote",
    order=20,
    legend="The same person is quoted in different words.",
    explain="Both quote {who}, in {how}: “{x}” ({a}) vs “{y}” ({b}).",
    settings=QuoteSettings,
    settings_doc="One quote reworded.",
)
def quote(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    p, cfg = j.pair, ctx.settings(QuoteSettings)
    if p.same_article or not ca.quotes or not cb.quotes:
        return None
    if (
        ca.speakers
        and cb.speakers
        and not any(same_speaker(x.speaker, y.speaker) for x in ca.speakers for y in cb.speakers)
    ):
        return None
    qa = [(s, p.a.text[s.start : s.end]) for s in ca.quotes]
    qb = [(s, p.b.text[s.start : s.end]) for s in cb.quotes]
    best = None
    for sa, xa in qa:
        for sb, xb in qb:
            rel, ratio, run = compare(xa, xb)
            if rel in ("same", "excerpt"):
                return None  # the same quote (or a part of it) is on both sides
            if rel == "reworded" and run >= cfg.min_run and (best is None or ratio > best[0]):
                best = (ratio, sa, sb, xa, xb)
    if best is None:
        return None  # different fragments of what was said, not one quote changed
    ratio, sa, sb, xa, xb = best
    # Independent outlets transcribe and trim quotes differently: there a reworded quote is a wording difference
    # (low). In a copy of a wire story the words were changed by the copier: medium, unless the change is slight.
    slight = same_substance(xa, xb, cfg.same_substance)
    # Translations and rewrites word a quote differently all the time: only when the NLI model, too, reads the
    # two wordings as contradicting each other (``findings.contradiction.threshold``) is the change more than wording.
    changed = not slight and j.contradiction >= ctx.settings(ContradictionSettings).threshold
    sev = Severity.MEDIUM if ctx.copied(p.a.article.id, p.b.article.id) and changed else Severity.LOW
    speaker = ca.speakers or cb.speakers
    who = speaker[0].speaker if speaker else "the speaker"
    how = "slightly different words" if slight else "different words"
    return make(
        "quote",
        sev,
        p.similarity,
        j,
        spec("quote").explanation(who=who, how=how, x=shorten(xa), a=p.a.article.id, y=shorten(xb), b=p.b.article.id),
        [sa],
        [sb],
    )
