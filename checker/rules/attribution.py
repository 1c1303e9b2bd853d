"""Attribution: the same statement attributed to different speakers (across articles only).

The two sentences must say the same thing apart from who says it: similar as wholes, and their words (speaker spans
left out) largely the same sequence; different people saying different things about one topic is not a conflict.
"""

from __future__ import annotations

import difflib
import re

from pydantic import Field

from checker.claims import SentenceClaims, same_speaker
from checker.claims.attribution import Attribution, given_and_family, speaker_key
from checker.config import KindSettings
from checker.lexicon import MONTHS, WEEKDAYS
from checker.records import Finding, Judged, Severity, Span
from checker.rules.base import Gate, RuleContext, make, register, spec
from checker.text import overlaps, tokens

BARE_PRONOUNS = {"he", "she", "they"}


def statement_match(a: str, b: str, speakers_a: list[Span], speakers_b: list[Span]) -> tuple[float, float]:
    """Two sentences' words with their speaker spans left out, compared once: (word-sequence ratio, share of the
    shorter side's words found in order in the longer: one outlet quoting more of the same statement)."""
    wa = [w for w, s, e in tokens(a) if not any(overlaps(x, s, e) for x in speakers_a)]
    wb = [w for w, s, e in tokens(b) if not any(overlaps(x, s, e) for x in speakers_b)]
    sm = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    if not wa or not wb:
        return sm.ratio(), 0.0
    return sm.ratio(), sum(m.size for m in sm.get_matching_blocks()) / min(len(wa), len(wb))


def statement_overlap(a: str, b: str, speakers_a: list[Span], speakers_b: list[Span]) -> float:
    """Word-sequence ratio of two sentences with their speaker spans left out."""
    return statement_match(a, b, speakers_a, speakers_b)[0]


def statement_containment(a: str, b: str, speakers_a: list[Span], speakers_b: list[Span]) -> float:
    """Share of the shorter sentence's words (speaker spans left out) found in order in the longer one."""
    return statement_match(a, b, speakers_a, speakers_b)[1]


def _explicit(c: SentenceClaims) -> list:
    """Speakers named in the sentence itself, outside its quotes (resolved pronouns are guesses)."""
    return [s for s in c.speakers if not s.pronoun and not any(q.start <= s.span.start < q.end for q in c.quotes)]


def _role_only(speaker: str) -> bool:
    names, roles = speaker_key(speaker)
    return not names


def _mentions(text: str, speaker: str) -> bool:
    """True when ``text`` names ``speaker`` (by its last word, "Mr. Goelman" -> "Goelman"), not where that word is
    the family name of someone with another given name ("Jonas Deibe" does not name "Anton Deibe")."""
    words = [w for w in speaker.replace("’s", "").replace("'s", "").split() if w[:1].isupper()]
    if not words:
        return False
    given = given_and_family(speaker)
    for m in re.finditer(rf"\b{re.escape(words[-1])}\b", text):
        before = re.search(r"([A-Z][a-z\-]+)\s+$", text[: m.start()])
        if given is None or before is None or given_and_family(f"{before.group(1)} {words[-1]}") is None:
            return True
        if before.group(1).lower()[0] == given[0][0]:
            return True
    return False


# A news organisation passes on what others said: "NHK reported", "Yonhap news agency said"
MEDIA = re.compile(
    r"\b(?:news|newspaper|broadcaster|agency|television|TV|radio|daily|media|tabloid|wire|outlet|"
    r"AP|AFP|Reuters|Kyodo|Yonhap|Xinhua|NHK|BBC|CNN)\b"
)
RELAYED = re.compile(r"^\W*(?:reported|reports|cited|citing|quoted)\b|\b(?:reported|according to|citing)\W*$", re.I)


def relayed(text: str, attr: Attribution) -> bool:
    """The speaker is a news organisation, or it "reported" it: a conduit, whose source another outlet may name."""
    return bool(MEDIA.search(attr.speaker)) or bool(
        RELAYED.search(text[attr.span.end : attr.span.end + 20])
        or RELAYED.search(text[max(0, attr.span.start - 20) : attr.span.start])
    )


def _not_a_speaker(speaker: str) -> bool:
    last = speaker.split()[-1].lower().strip(".") if speaker.split() else ""
    return last in MONTHS or last.capitalize() in WEEKDAYS


class AttributionSettings(KindSettings):
    similarity: float = Field(0.72, ge=-1, le=1, description="Least similarity for an attribution check.")
    high_similarity: float = Field(
        0.75, ge=-1, le=1, description="Least similarity for an attribution finding to be high."
    )
    statement_overlap: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Least word-sequence ratio of the two sentences without their speakers for them to be one "
        "statement.",
    )
    statement_containment: float = Field(
        0.6,
        ge=0,
        le=1,
        description="Or: least share of the shorter sentence's words (without speakers) found in order in the "
        "longer one (one outlet quotes more of the statement).",
    )


@register(
    "attribution",
    order=10,
    legend="The same statement is credited to different speakers.",
    explain="{a} attributes it to {who_a}; {b} to {who_b}.",
    settings=AttributionSettings,
    settings_doc="The same statement credited to different speakers.",
    gate=Gate("similarity", "similarity"),
)
def attribution(
    j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]
) -> Finding | None:
    p, cfg = j.pair, ctx.settings(AttributionSettings)
    sa = _explicit(ca)
    sb = _explicit(cb)
    if p.same_article or not sa or not sb or p.similarity < cfg.similarity:
        return None
    if any(same_speaker(x.speaker, y.speaker) for x in sa for y in sb):
        return None
    if any(_mentions(p.b.text, x.speaker) for x in sa) or any(_mentions(p.a.text, y.speaker) for y in sb):
        return None  # both sentences name the speaker: the extraction differs, not the attribution
    if any(_not_a_speaker(x.speaker) for x in sa + sb):
        return None
    if any(relayed(p.a.text, x) for x in sa) or any(relayed(p.b.text, y) for y in sb):
        return None  # "NHK reported" / "the minister said": a news outlet relays a source, it is not a rival one
    if any(_role_only(x.speaker) for x in sa + sb):
        return None  # "the attorney" / "Mr. Goelman": one speaker named two ways, or two; the words cannot tell
    ratio, contained = statement_match(p.a.text, p.b.text, [s.span for s in sa], [s.span for s in sb])
    if ratio < cfg.statement_overlap and contained < cfg.statement_containment:
        return None
    who_a = ", ".join(dict.fromkeys(s.speaker for s in sa))
    who_b = ", ".join(dict.fromkeys(s.speaker for s in sb))
    sev = Severity.HIGH if p.similarity >= cfg.high_similarity else Severity.MEDIUM
    return make(
        "attribution",
        sev,
        p.similarity,
        j,
        spec("attribution").explanation(a=p.a.article.id, who_a=who_a, b=p.b.article.id, who_b=who_b),
        [s.span for s in sa],
        [s.span for s in sb],
    )
