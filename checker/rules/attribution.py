"""Attribution: the same statement attributed to different speakers (across articles only)."""

from __future__ import annotations

from checker.claims import SentenceClaims, same_speaker
from checker.records import Finding, Judged, Kind, Severity
from checker.rules import RuleContext, make, register

BARE_PRONOUNS = {"he", "she", "they"}


@register(Kind.ATTRIBUTION, order=10)
def attribution(
    j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]
) -> Finding | None:
    p, cfg = j.pair, ctx.cfg
    sa = [s for s in ca.speakers if not (s.pronoun and s.speaker.lower() in BARE_PRONOUNS)]
    sb = [s for s in cb.speakers if not (s.pronoun and s.speaker.lower() in BARE_PRONOUNS)]
    if p.same_article or not sa or not sb or p.similarity < cfg.attribution_similarity:
        return None
    if any(same_speaker(x.speaker, y.speaker) for x in sa for y in sb):
        return None
    who_a = ", ".join(dict.fromkeys(s.speaker for s in sa))
    who_b = ", ".join(dict.fromkeys(s.speaker for s in sb))
    sev = Severity.HIGH if p.similarity >= cfg.attribution_high_similarity else Severity.MEDIUM
    return make(
        Kind.ATTRIBUTION,
        sev,
        p.similarity,
        j,
        f"{p.a.article.id} attributes it to {who_a}; {p.b.article.id} to {who_b}.",
        [s.span for s in sa],
        [s.span for s in sb],
    )
