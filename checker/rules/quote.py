"""Quote: the same speaker quoted in different words (across articles only)."""

from __future__ import annotations

from checker.claims import SentenceClaims, same_speaker, same_words
from checker.records import Finding, Judged, Kind, Severity
from checker.rules import RuleContext, make, register
from checker.text import shorten


@register(Kind.QUOTE, order=20)
def quote(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    p = j.pair
    if p.same_article or not ca.quotes or not cb.quotes:
        return None
    if (
        ca.speakers
        and cb.speakers
        and not any(same_speaker(x.speaker, y.speaker) for x in ca.speakers for y in cb.speakers)
    ):
        return None
    qa = [p.a.text[s.start : s.end] for s in ca.quotes]
    qb = [p.b.text[s.start : s.end] for s in cb.quotes]
    if any(same_words(x, y) for x in qa for y in qb):
        return None
    speaker = ca.speakers or cb.speakers
    who = speaker[0].speaker if speaker else "the speaker"
    return make(
        Kind.QUOTE,
        Severity.MEDIUM,
        p.similarity,
        j,
        f"Both quote {who}, in different words: “{shorten(qa[0])}” ({p.a.article.id}) vs “{shorten(qb[0])}” "
        f"({p.b.article.id}).",
        ca.quotes,
        cb.quotes,
    )
