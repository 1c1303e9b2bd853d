"""Attribution: who a sentence attributes its statement to ("X said", "according to X", ...)."""

from __future__ import annotations

import re

from checker.lexicon import DEMONYMS, ROLES
from checker.lexicon import SPEAKER_TITLES as TITLES
from checker.records import Attribution, Span
from checker.text import acronym

NAME = r"(?:[A-Z][\w’'\-]*\.?(?:\s+(?:of\s+|de\s+|van\s+)?[A-Z][\w’'\-]*)*)"
OWNER = rf"(?:the\s+)?(?:{NAME}(?:’s|'s)?\s+)?(?:[a-z]+\s+)?(?:office|ministry|government|spokesperson|spokesman|spokeswoman|police|officials?|statement|agency|department|court|team|campaign|company|military|army|council|airline|authorities|prosecutors?|firm|bank|club|union|hospital|regulators?|investigators|lawyers?|attorneys?|embassy|white house|kremlin|university|school|board|committee|commission|panel|ministry|authority|spokesperson|sources?)"  # noqa: E501
SPEAKER = rf"(?:{OWNER}|{NAME})"
VERB = r"(?:said|says|say|told|tells|added|adds|stated|announced|noted|insisted|argued|warned|claimed|urged|confirmed|denied|reported|wrote|tweeted|alleged|alleges|allege|revealed|explained|admitted|suggested|estimated|predicted|testified|posted)"  # noqa: E501
PRONOUN = r"(?:he|she|they|it)"

PATTERNS = [
    # a statement issued by X said / a statement from X said
    re.compile(
        rf"\b(?:a|the|in\s+a)\s+(?:separate\s+|joint\s+)?statement\s+(?:issued\s+by|from|released\s+by)\s+(?P<who>{SPEAKER})"
    ),
    # according to X
    re.compile(rf"\baccording\s+to\s+(?P<who>(?:the\s+)?{SPEAKER})"),
    # X quoted Y as saying -> Y
    re.compile(rf"\bquoted\s+(?P<who>{SPEAKER})\s+as\s+saying"),
    # X said / X's office said (in a statement)
    re.compile(rf"(?P<who>{SPEAKER})\s+(?:also\s+|later\s+|had\s+|has\s+)?{VERB}\b"),
    # X, speaking to reporters on Friday, said / X, 17, who was on the plane, told
    re.compile(rf"(?P<who>{NAME}),(?:\s[^,“\"]{{1,80}},){{1,2}}\s+(?:also\s+)?{VERB}\b"),
    # said X (inverted)
    re.compile(rf"\b{VERB}\s+(?P<who>(?:the\s+)?{NAME})\s*[.,]"),
    # he said
    re.compile(rf"\b(?P<who>{PRONOUN})\s+{VERB}\b", re.I),
]

NOT_SPEAKERS = {
    "it",
    "this",
    "that",
    "there",
    "which",
    "who",
    "report",
    "reports",
    "media",
    "sources",
    "both",
    "people",
    "one",
    "many",
    "some",
    "experts",
    "analysts",
}


def _clean_speaker(who: str) -> str:
    who = re.sub(r"^(?:the|a|in a)\s+", "", who.strip(), flags=re.I)
    who = re.sub(r"\s+statement$", "", who)
    return who.strip(" ,.")


def attributions(text: str) -> list[Attribution]:
    """Who the sentence attributes its statement to, left to right, without duplicates."""
    found: list[Attribution] = []
    taken: list[tuple[int, int]] = []
    for rx in PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span("who")
            if any(s < te and e > ts for ts, te in taken):
                continue
            who = _clean_speaker(m.group("who"))
            low = who.lower()
            if not who or low in NOT_SPEAKERS or (low.split()[0] in {"but", "and", "so"} and len(low.split()) == 1):
                continue
            pron = low in {"he", "she", "they"}
            if not pron and not re.search(r"[A-Z]", who) and not (set(low.split()) & ROLES):
                continue
            taken.append((s, e))
            found.append(Attribution(who, Span(s, e, "speaker"), pron))
    found.sort(key=lambda a: a.span.start)
    return found


def speaker_key(speaker: str) -> tuple[frozenset[str], frozenset[str]]:
    """(name tokens, role tokens) of a speaker, demonyms and possessives normalised."""
    low = speaker.lower().replace("’s", "").replace("'s", "")
    for k, v in DEMONYMS.items():
        low = re.sub(rf"\b{re.escape(k)}\b", v, low)
    toks = [t for t in re.findall(r"[a-z][a-z.\-]*", low) if t not in TITLES]
    roles = frozenset(t for t in toks if t in ROLES)
    names = frozenset(t for t in toks if t not in ROLES and t not in {"foreign", "affairs", "of", "defense", "defence"})
    return names, roles


def given_and_family(speaker: str) -> tuple[str, str] | None:
    """The given name and family name of a full personal name ("Swede Anton Deibe": anton, deibe), or None."""
    toks = [t for t in re.findall(r"[a-z][a-z\-]*", speaker.lower()) if len(t) > 2 and t not in TITLES]
    if len(toks) < 2 or set(toks) & ROLES:
        return None
    return toks[-2], toks[-1]


def _acronym_in(a: str, b: str) -> bool:
    """``a`` holds an acronym of ``b``'s capitalised words ("a spokesperson at JAL" / "a Japan Airlines
    spokesperson")."""
    caps = " ".join(re.findall(r"\b[A-Z][a-z]+\b", b))
    return any(acronym(t, caps) for t in re.findall(r"\b[A-Z]{2,6}\b", a))


def same_speaker(a: str, b: str) -> bool:
    """True when two speaker strings can refer to the same source. One family name with given names of other
    initials ("Anton Deibe" / "Jonas Deibe") is two people of one family."""
    na, ra = speaker_key(a)
    nb, rb = speaker_key(b)
    if not (na & nb) and (na or nb) and not (_acronym_in(a, b) or _acronym_in(b, a)):
        return False
    ga, gb = given_and_family(a), given_and_family(b)
    if ga and gb and ga[1] == gb[1] and ga[0][0] != gb[0][0]:
        return False
    if not na and not nb:
        return bool(ra & rb)  # "police" vs "prosecutors": two different bodies
    if ra and rb:
        return True
    # "Moon" vs "Moon's office": a leader and his office speak for the same side, but are worth a note
    return bool(ra) == bool(rb)


def resolve_pronouns(attrs: list[Attribution], last_person: str | None) -> list[Attribution]:
    """Replace he/she/they with the most recent named person of the article."""
    if not last_person:
        return [a for a in attrs if not a.pronoun]
    return [Attribution(last_person, a.span, True) if a.pronoun else a for a in attrs]


PERSON = re.compile(
    r"\b(?P<title>(?:Prime Minister|President|Chancellor|Governor|Senator|Mayor|Judge|Coach|Minister|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+)?(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\b"  # noqa: E501
)


def last_person(text: str, known: set[str]) -> str | None:
    """The last person named in ``text``: a name the corpus knows as a speaker, or one after a title."""
    best = None
    for m in PERSON.finditer(text):
        surname = m.group("name").split()[-1]
        if m.group("name") in known or surname in known or m.group("title"):
            best = surname
    return best
