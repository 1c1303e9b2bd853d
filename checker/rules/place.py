"""Place: the same happening put in two different places ("the fire broke out in Lyon" / "in Marseille").

A place is a spaCy GPE or LOC entity after a place preposition ("in", "at", "near", ...); its role is that
preposition and the nearest content word before it ("broke ... in", "killed ... in", "talks ... in"), so only two
different places in the same role of two aligned sentences count, never two places a story mentions for different
things. Without a gazetteer, containment is told by the text: a country or US state against a place in it ("in
France" / "in Lyon") is consistent, and so are two names one of the articles writes next to each other ("Lyon,
France", "Villeurbanne, near Lyon"), names both articles mention, aliases (capitals and countries), spellings of one
name and one name inside the other ("New York" / "New York City"). At most medium: the words alone cannot rule out
that a place lies inside the other.
"""

from __future__ import annotations

import re

from pydantic import Field

from checker.claims import SentenceClaims
from checker.config import KindSettings
from checker.records import Article, Finding, Judged, Severity, Span
from checker.rules.base import RuleContext, make, register, spec
from checker.rules.entity import spelling_variant
from checker.text import overlaps, tokens


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


PLACE_LABELS = frozenset({"GPE", "LOC"})
PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "into", "across", "throughout", "from", "to"})
# words between a verb or event noun and its place preposition that say nothing of the role ("broke out in")
FILLER = _names(
    "out up down off away back over on the a an its their his her this that which who was were is are be been "
    "being has have had also and or but then later still just reportedly one two three four five six seven eight "
    "nine ten dozens hundreds thousands people"
)
# containers: a place in one of these is consistent with it (a small fixed list, no gazetteer)
COUNTRIES = _names(
    "afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain "
    "bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria "
    "burkina burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus czechia "
    "denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia "
    "georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia "
    "iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan "
    "laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia "
    "maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco "
    "mozambique myanmar burma namibia nauru nepal netherlands holland nicaragua niger nigeria norway oman "
    "pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa "
    "senegal serbia seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria "
    "taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu uganda ukraine uruguay "
    "uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe britain england scotland wales america"
) | frozenset(
    {
        "united states",
        "the united states",
        "u.s.",
        "us",
        "usa",
        "united kingdom",
        "the united kingdom",
        "uk",
        "u.k.",
        "great britain",
        "northern ireland",
        "south africa",
        "south korea",
        "north korea",
        "south sudan",
        "saudi arabia",
        "new zealand",
        "sri lanka",
        "costa rica",
        "el salvador",
        "puerto rico",
        "czech republic",
        "dominican republic",
        "ivory coast",
        "united arab emirates",
        "uae",
        "papua new guinea",
        "sierra leone",
        "east timor",
        "the netherlands",
        "the philippines",
        "hong kong",
        "gaza",
        "west bank",
        "europe",
        "africa",
        "asia",
        "latin america",
        "middle east",
        "the middle east",
    }
)
US_STATES = _names(
    "alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois "
    "indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri "
    "montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington "
    "wisconsin wyoming"
) | frozenset(
    {
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york state",
        "north carolina",
        "north dakota",
        "rhode island",
        "south carolina",
        "south dakota",
        "west virginia",
    }
)


class PlaceSettings(KindSettings):
    min_similarity: float = Field(
        0.6, ge=-1, le=1, description="Least sentence similarity for two places in the same role to be compared."
    )
    medium_similarity: float = Field(
        0.75, ge=-1, le=1, description="Least similarity for a place finding to be medium (below: low; never high)."
    )
    role_words: int = Field(
        3,
        ge=1,
        description="The role's content word (verb or event noun) stands at most this many words before the place "
        "preposition.",
    )
    near_chars: int = Field(
        20,
        ge=0,
        description='Two names an article writes at most this many characters apart ("Lyon, France") are one '
        "place inside the other: consistent.",
    )


def _stem(word: str) -> str:
    """A rough stem, so "killed" and "kills", "talks" and "talk" are one role word."""
    return re.sub(r"(?:ing|ed|es|s)$", "", word) if len(word) > 4 else word


GAP = re.compile(r"\s+(?:the\s+)?")


def places(text: str, claims: SentenceClaims, role_words: int) -> list[tuple[Span, str, str, dict[str, str]]]:
    """Each place of a side: its span, its name, its preposition and its role words (the content words just before
    the preposition: stem -> the word as written)."""
    words = tokens(text)
    out = []
    for e in claims.entities:
        if e.label not in PLACE_LABELS:
            continue
        before = [w for w in words if w[2] <= e.start]
        if before and before[-1][0] == "the":
            before = before[:-1]
        if not before or before[-1][0] not in PREPOSITIONS or not GAP.fullmatch(text[before[-1][2] : e.start]):
            continue  # no place preposition right before the name (or a comma, a quote between)
        role = {_stem(w[0]): w[0] for w in before[-1 - role_words : -1] if w[0] not in FILLER and w[0].isalpha()}
        if role:
            out.append((e, text[e.start : e.end].strip(), before[-1][0], role))
    return out


def _container(name: str) -> bool:
    n = name.lower().removeprefix("the ").strip()
    return n in COUNTRIES or n in US_STATES or name.lower() in COUNTRIES


def _mentions(article: Article, name: str) -> list[re.Match[str]]:
    return list(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", article.clean or article.text))


def _next_to(article: Article, x: str, y: str, near: int) -> bool:
    """The article writes the two names next to each other ("Lyon, France", "Villeurbanne near Lyon")."""
    mx, my = _mentions(article, x), _mentions(article, y)
    return any(a.end() + near >= b.start() and b.end() + near >= a.start() for a in mx for b in my)


def consistent(x: str, y: str, j: Judged, ctx: RuleContext, near: int) -> bool:
    """Two place names that may well be one place, or one inside the other (no gazetteer: see the module)."""
    lx, ly = x.lower().removeprefix("the "), y.lower().removeprefix("the ")
    if lx in ly or ly in lx or ctx.aliases.same(x, y) or spelling_variant(x, y):
        return True
    if _container(x) or _container(y):
        return True  # a country or state against a place in it, most likely
    a, b = j.pair.a.article, j.pair.b.article
    if _next_to(a, x, y, near) or _next_to(b, x, y, near):
        return True
    return all(_mentions(art, x) and _mentions(art, y) for art in (a, b))  # each story names both places


@register(
    "place",
    order=55,
    legend="The same happening is put in a different place.",
    explain="{a} puts it in {x}; {b} in {y} (both “{role} … {prep}”).",
    settings=PlaceSettings,
    settings_doc="The same happening put in two different places.",
)
def place(j: Judged, ca: SentenceClaims, cb: SentenceClaims, ctx: RuleContext, found: list[Finding]) -> Finding | None:
    p, cfg = j.pair, ctx.settings(PlaceSettings)
    if p.same_article or p.similarity < cfg.min_similarity:
        return None
    pa, pb = places(p.a.text, ca, cfg.role_words), places(p.b.text, cb, cfg.role_words)
    if not pa or not pb:
        return None
    taken_a = [s for f in found for s in f.evidence_a]  # a name another kind already reports (entity)
    taken_b = [s for f in found for s in f.evidence_b]
    for sx, x, prep, role in pa:
        for sy, y, other, role_b in pb:
            shared = [w for stem, w in role.items() if stem in role_b]
            if prep != other or not shared or any(overlaps(s, sx.start, sx.end) for s in taken_a):
                continue
            if any(overlaps(s, sy.start, sy.end) for s in taken_b):
                continue
            if _mentions_in(p.b.text, x) or _mentions_in(p.a.text, y):
                continue  # both sentences name both places: a list or a route, not one place for another
            if consistent(x, y, j, ctx, cfg.near_chars):
                continue
            sev = Severity.MEDIUM if p.similarity >= cfg.medium_similarity else Severity.LOW
            words = spec("place").explanation(a=p.a.article.id, x=x, b=p.b.article.id, y=y, role=shared[-1], prep=prep)
            return make("place", sev, p.similarity, j, words, [sx], [sy])
    return None


def _mentions_in(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None
