"""Facts of a spaCy-parsed sentence: counts, money, percentages, durations, dates, clock times, ages, ranks and
scores, each with the noun it counts, the verb that governs it, the sentence's actor and the value normalised by
:mod:`normalize`.

:func:`facts` reads the dependency parse and the entities of a sentence (a spaCy ``Span``); :func:`same_fact` says how
surely two facts are about the same thing, :func:`match_facts` pairs two lists one to one, and :func:`disagree` says
whether two matched values differ. The pipeline components used are tok2vec, tagger, attribute_ruler, lemmatizer
(lemmas), parser (heads, relations, sentences) and ner (entities); regular expressions take ages, clock times, scores,
ranges and "one in five" shares, where they measure better than the entity labels.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from checker import normalize as N
from checker.records import Fact, Span, Tally

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

KINDS = ("count", "money", "percent", "duration", "date", "time", "age", "ordinal", "tally")

PERSON_NOUNS = {
    "people",
    "person",
    "child",
    "kid",
    "student",
    "pupil",
    "passenger",
    "resident",
    "worker",
    "victim",
    "civilian",
    "soldier",
    "troop",
    "officer",
    "policeman",
    "tourist",
    "migrant",
    "refugee",
    "patient",
    "miner",
    "crew",
    "crewmember",
    "member",
    "adult",
    "man",
    "woman",
    "boy",
    "girl",
    "fan",
    "spectator",
    "voter",
    "protester",
    "demonstrator",
    "employee",
    "staff",
    "firefighter",
    "rescuer",
    "other",
    "citizen",
    "national",
    "villager",
    "teenager",
    "infant",
    "baby",
    "pilgrim",
    "player",
    "athlete",
    "hostage",
    "prisoner",
    "inmate",
    "detainee",
    "suspect",
    "survivor",
    "casualty",
    "fatality",
    "individual",
    "family",
    "militant",
    "fighter",
    "official",
    "journalist",
    "doctor",
    "nurse",
    "teacher",
    "farmer",
    "fisherman",
    "climber",
    "hiker",
    "swimmer",
    "driver",
    "pedestrian",
    "motorist",
    "occupant",
    "guest",
    "visitor",
    "customer",
    "shopper",
    "worshipper",
    "delegate",
    "lawmaker",
    "senator",
    "candidate",
    "juror",
    "defendant",
    "plaintiff",
    "applicant",
    "job",
    "life",
    "supporter",
    "mourner",
    "attendee",
    "participant",
    "protestor",
    "marcher",
    "evacuee",
    "pilot",
    "sailor",
    "crewman",
    "hijacker",
    "gunman",
    "attacker",
    "student-athlete",
    "competitor",
    "runner",
    "rider",
    "homeowner",
}
# Lemmas (and particle phrases) that state the same event; a lemma not listed is its own group.
PREDICATE_GROUPS = {
    "die": ["die", "kill", "dead", "death", "perish", "drown", "fatality", "claim", "lose", "fatal", "slay"],
    "injure": ["injure", "hurt", "wound", "injured", "injury", "harm", "wounded", "hospitalize", "treat"],
    "miss": ["miss", "missing", "unaccounted"],
    "rescue": ["rescue", "save", "pull", "airlift"],
    "evacuate": ["evacuate", "displace", "flee", "relocate", "homeless"],
    "arrest": ["arrest", "detain", "apprehend", "hold", "custody"],
    "meet": ["meet", "meeting", "talk", "summit", "confer", "hold talks"],
    "release": ["release", "publish", "unveil"],
    "extinguish": ["put out", "extinguish", "control", "contain", "douse", "bring under control", "quell"],
    "score": ["score", "net", "goal"],
    "win": ["win", "clinch", "secure", "capture"],
    "fall": ["fall", "drop", "decline", "slide", "slump", "tumble", "sink", "plunge", "dip", "shed"],
    "rise": ["rise", "gain", "climb", "jump", "increase", "surge", "soar", "rally", "advance", "grow"],
    "sentence": ["sentence", "jail", "imprison"],
    "convict": ["convict", "find guilty"],
    "land": ["land", "touch down", "arrive"],
    "depart": ["depart", "take off", "leave"],
    "destroy": ["destroy", "damage", "raze", "burn", "flatten", "gut"],
    "vote": ["vote", "cast", "back"],
    "elect": ["elect", "win election"],
    "say": ["say", "tell", "announce", "state", "add"],
    "carry": ["carry", "transport", "aboard", "onboard", "board"],
    # money moved or asked for: outlets pick different verbs for one sum
    "divert": ["divert", "unlock", "redirect", "tap", "shift", "transfer", "reprogram", "free up", "move", "use"],
    "request": ["ask", "request", "demand", "seek", "insist", "want", "appropriate", "call for", "push for"],
    "cover": ["cover", "involve", "represent", "affect", "encompass", "span"],
    "cost": ["cost", "spend", "pay"],
}
GROUP_OF = {word: group for group, words in PREDICATE_GROUPS.items() for word in words}
GENERIC_PREDICATES = {"be", "have", "do", "get", "make", "take", "go", "come", "include", "give", "see", "put"}
REPORTING = {"say", "tweet", "write", "report", "issue", "interview", "testify", "comment", "post"}
CASUALTY_GROUPS = {"die", "injure", "miss", "rescue", "evacuate", "arrest", "carry"}
LIGHT_VERBS = {"hold", "have", "make", "take", "give", "reach", "sign", "conduct", "stage", "suffer", "sustain"}
NOMINAL_PREDICATES = {
    "meeting": "meet",
    "talks": "meet",
    "talk": "meet",
    "summit": "meet",
    "injury": "injure",
    "death": "die",
    "arrest": "arrest",
    "vote": "vote",
    "agreement": "agree",
    "deal": "agree",
    "call": "call",
    "speech": "speak",
    "goal": "score",
    "landing": "land",
}
SCOPE_WORDS = {
    "season",
    "year",
    "month",
    "week",
    "career",
    "term",
    "quarter",
    "half",
    "tournament",
    "campaign",
    "game",
    "match",
    "league",
    "so far",
    "to date",
    "decade",
    "day",
    "hour",
    "period",
    "round",
    "series",
    "race",
    "cup",
    "championship",
    "semester",
    "fiscal",
}
SCOPE_PREPS = {"in", "over", "across", "during", "from", "through", "for", "since", "per", "this", "last"}
AGE_RX = re.compile(r"\b(?P<n>\d{1,3}|[a-z]+(?:[- ][a-z]+)?)[- ]years?[- ]old\b|\baged (?P<m>\d{1,3})\b", re.IGNORECASE)
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
NAME_LABELS = {"PRODUCT", "ORG", "FAC", "LAW", "WORK_OF_ART", "EVENT", "PERSON", "GPE", "NORP", "LOC"}
NAME_BEFORE = {
    "no",
    "no.",
    "number",
    "#",
    "flight",
    "route",
    "article",
    "section",
    "chapter",
    "gate",
    "terminal",
    "runway",
    "room",
    "page",
    "bill",
    "proposition",
    "prop",
    "resolution",
    "amendment",
}
TALLY_NOUNS = {
    "vote",
    "win",
    "victory",
    "defeat",
    "loss",
    "lead",
    "decision",
    "margin",
    "tally",
    "score",
    "ruling",
    "majority",
    "draw",
    "tie",
    "result",
    "scoreline",
    "verdict",
    "home",
    "away",
    "aggregate",
}
TALLY_RX = re.compile(r"(?<![\d.,/:-])(\d{1,3})\s?[-\u2013](\s?\d{1,3})(?![\d.,/:-])")
NUMWORD = r"(?:\d[\d,.]*|" + "|".join(sorted(list(N.SMALL) + list(N.TENS), key=len, reverse=True)) + ")"
RANGE_TEXT_RX = re.compile(
    rf"\b(?:between\s+{NUMWORD}\s+and\s+{NUMWORD}|{NUMWORD}(?:\s?[-\u2013]\s?|\s+(?:to|or)\s+)"
    rf"{NUMWORD})(?:\s(?:hundred|thousand|million|billion))?\b",
    re.IGNORECASE,
)
FRACTION_RX = re.compile(rf"\b{NUMWORD} (?:in|out of) {NUMWORD}\b", re.IGNORECASE)


# ------------------------------------------------------------------------------------------------------- parse walk


def _is_num(t: Token) -> bool:
    return bool(t.like_num) or t.pos_ == "NUM" or t.lower_ in N.SMALL or t.lower_ in N.TENS


def _anchor(tokens: list[Token]) -> Token:
    nums = [t for t in tokens if _is_num(t)]
    if nums:
        top = [t for t in nums if t.head not in nums or t.head == t]
        return top[0] if top else nums[-1]
    heads = [t for t in tokens if t.head not in tokens or t.head == t]
    return heads[0] if heads else tokens[-1]


def _counted(anchor: Token) -> tuple[Token | None, Token]:
    """The noun a number counts and the token to climb from to its verb."""
    x = anchor
    for _ in range(4):
        if (
            x.head != x
            and (_is_num(x.head) or x.head.lower_ in ("dozen", "hundred", "thousand", "million", "%"))
            and x.dep_ in ("compound", "quantmod", "nummod", "amod", "advmod", "conj", "nmod", "cc")
        ):
            x = x.head
        else:
            break
    if (
        x.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod")
        and x.head != x
        and x.head.pos_ in ("NOUN", "PROPN", "ADJ")
    ):
        return x.head, x.head
    for c in x.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN", "PRON"):
                    return p, x
    return None, x


def _governor(tok: Token) -> Token | None:
    """The verb (or copula) that governs ``tok``."""
    t = tok
    for _ in range(12):
        if t.dep_ == "ROOT" or t.head == t:
            break
        t = t.head
        if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ in ("ROOT", "ccomp", "conj", "advcl")):
            return t
        if t.pos_ == "ADJ" and t.dep_ in ("acomp", "oprd", "dobj", "amod") and t.lemma_.lower() in GROUP_OF:
            return t
    return t if t.pos_ in ("VERB", "AUX") else None


def _predicate(v: Token | None, inside: frozenset[int] = frozenset()) -> str:
    if v is None:
        return ""
    lemma = v.lemma_.lower()
    if v.pos_ == "ADJ":
        return v.lower_
    children = list(v.children)
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "under" and any(p.lower_ == "control" for p in c.children):
            return "control"
    prt = [c for c in children if c.dep_ == "prt" and c.i not in inside]  # not the "up" of "up to 30"
    if prt:
        return f"{lemma} {prt[0].lower_}"
    if lemma == "be" or lemma in ("leave", "remain"):
        for c in children:
            if c.dep_ in ("acomp", "oprd") or (c.dep_ == "attr" and c.pos_ == "ADJ"):
                return c.lower_
    if lemma in LIGHT_VERBS:
        for c in children:
            if c.dep_ == "dobj" and c.lemma_.lower() in NOMINAL_PREDICATES:
                return NOMINAL_PREDICATES[c.lemma_.lower()]
    return lemma


def predicate_group(predicate: str) -> str:
    """The synonym group of a predicate ("killed" and "dead" are both "die"); the predicate itself when unlisted."""
    return GROUP_OF.get(predicate, predicate)


def _expletive_take(v: Token) -> Token | None:
    """ "It took six hours for the fire to come under control": the clause the time was taken for."""
    if v.lemma_.lower() != "take" or not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in v.children):
        return None
    for c in v.children:
        if c.dep_ in ("advcl", "xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
    return None


def _phrase(t: Token) -> str:
    """A subject's name: an entity when the head is in one, else compounds and the head."""
    if t.ent_type_ and t.ent_type_ not in ("CARDINAL", "ORDINAL", "DATE", "TIME"):
        for ent in t.doc.ents:
            if ent.start <= t.i < ent.end:
                return ent.text
    parts = [c for c in t.children if c.dep_ in ("compound",) and c.i < t.i] + [t]
    return " ".join(p.text for p in parts)


def _subject(v: Token | None, counted: set[int]) -> tuple[str, bool]:
    if v is None:
        return "", False
    for c in v.children:
        if c.dep_ in SUBJECT_DEPS:
            if c.i in counted or any(d.i in counted for d in c.subtree):
                return "", False
            if c.pos_ == "PRON" or c.lower_ in ("it", "there"):
                return "", False
            if c.lemma_.lower() == "toll":
                return "", False
            return _phrase(c), c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    if v.dep_ in ("xcomp", "advcl", "conj", "relcl", "acl") and v.head != v:
        if v.dep_ in ("relcl", "acl") and v.head.pos_ in ("NOUN", "PROPN"):
            if v.head.i in counted:
                return "", False
            return _phrase(v.head), v.head.pos_ == "PROPN"
        return _subject(v.head, counted)
    return "", False


def _scope(v: Token | None, skip: set[int]) -> str:
    """A phrase that restricts what is counted: "this season", "in 29 games", "per game"."""
    if v is None:
        return ""
    for c in v.children:
        if c.i in skip:
            continue
        words = {t.lemma_.lower() for t in c.subtree}
        if c.dep_ in ("npadvmod", "advmod", "prep") and words & SCOPE_WORDS:
            text = " ".join(t.lower_ for t in c.subtree)
            if c.dep_ == "prep" and c.lower_ not in SCOPE_PREPS:
                continue
            if (
                c.dep_ == "prep"
                and not any(_is_num(t) for t in c.subtree)
                and c.lower_ in ("in", "for", "from")
                and not words & {"season", "career", "term", "tournament", "campaign", "year", "so far"}
            ):
                continue
            if any(t.i in skip for t in c.subtree):
                continue
            return text
        if (
            c.dep_ == "prep"
            and c.lower_ in ("in", "over", "across")
            and any(_is_num(t) and t.i not in skip for t in c.subtree)
        ):
            return " ".join(t.lower_ for t in c.subtree)
    return ""


def _event_noun(anchor: Token, inside: set[int]) -> Token | None:
    """The noun a date modifies ("the 2008 campaign", "the vote on Tuesday"), or None when a verb governs it."""
    t = anchor
    for _ in range(4):
        if t.head.i in inside and t.head != t:
            t = t.head
            continue
        if (
            t.dep_ in ("compound", "nmod", "amod", "poss", "nummod")
            and t.head.pos_ in ("NOUN", "PROPN")
            and t.head.ent_type_ not in ("DATE", "TIME")
        ):
            return t.head
        if (
            t.dep_ == "pobj"
            and t.head.dep_ == "prep"
            and t.head.head.pos_ == "NOUN"
            and t.head.head.ent_type_ not in ("DATE", "TIME")
            and t.head.lower_ in ("on", "in", "at")
        ):
            return t.head.head
        if t.head.ent_type_ in ("DATE", "TIME") and t.head != t:
            t = t.head
            continue
        break
    return None


def _tense(v: Token | None) -> str | None:
    if v is None:
        return None
    if any(c.lower_ in ("will", "shall", "'ll") or c.lemma_ == "go" and c.dep_ == "aux" for c in v.children):
        return "future"
    if v.tag_ in ("VBD", "VBN"):
        return "past"
    return None


# ------------------------------------------------------------------------------------------------------ extraction


def _appositive_age(toks: list[Token]) -> bool:
    """ "The defendant, 42, ...": a bare number set off by commas after a person."""
    if len(toks) != 1 or not re.fullmatch(r"\d{1,3}", toks[0].text) or not 0 < int(toks[0].text) < 120:
        return False
    t = toks[0]
    doc = t.doc
    if t.i == 0 or t.i + 1 >= len(doc) or doc[t.i - 1].text != "," or doc[t.i + 1].text not in (",", ")", "."):
        return False
    head = t.head
    return head.i < t.i and (
        head.ent_type_ == "PERSON"
        or head.lemma_.lower() in PERSON_NOUNS
        or (head.pos_ == "PROPN" and doc[t.i - 2].ent_type_ == "PERSON")
    )


def _name_number(t: Token, text: str, base: int) -> bool:
    """A number that is part of a name, not a count: "Boeing 737", "S&P 500", "F-16", "Flight 370", "No. 1"."""
    if t.ent_type_ in NAME_LABELS:
        return True
    prev = t.doc[t.i - 1] if t.i > 0 else None
    if (
        prev is not None
        and prev.i >= t.sent.start
        and (
            prev.lower_ in NAME_BEFORE
            or (prev.pos_ == "PROPN" and prev.ent_type_ not in ("DATE", "TIME", "MONEY", "CARDINAL"))
        )
    ):
        return True
    pos = t.idx - base
    if re.search(r"\b(?:No|no|Number|number|Nos?)\.?\s*$|#\s*$", text[:pos]):
        return True
    return bool(re.search(r"[A-Za-z]-?$", text[max(0, pos - 2) : pos])) and not re.search(r"\s$", text[:pos])


def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a number's span to a hedge before it, a currency sign, and "or more"/"or so" after it."""
    before = text[:start]
    m = re.search(
        r"(?:^|\s|\()(?P<h>" + "|".join(re.escape(h) for h in N.ALL_HEDGES + N.EXACT_PREFIXES) + r")\s+$",
        before,
        re.IGNORECASE,
    )
    if m:
        start = m.start("h")
    m = re.search(r"(?:us\$|a\$|c\$|hk\$|[$€£¥])\s?$", text[:start], re.IGNORECASE)
    if m:
        start = m.start()
    m2 = re.match(
        r"(?:\s+(?:or so|or more|or fewer|or less)\b|(?:-plus|\+)?(?:\s?%|\s(?:percent|per cent)\b))", text[end:]
    )
    if m2:
        end += m2.end()
    return start, end


def _tokens(sent: SpacySpan, start: int, end: int) -> list[Token]:
    base = sent.start_char
    return [t for t in sent if t.idx - base < end and t.idx - base + len(t.text) > start]


def _when(verb: Token | None, inside: set[int], published: date | None) -> N.DateRange | None:
    """The date (a week at most) that the governing verb's own modifiers give it."""
    if verb is None:
        return None
    for c in verb.children:
        if c.dep_ not in ("prep", "npadvmod", "tmod", "advmod", "pobj") or any(t.i in inside for t in c.subtree):
            continue
        for ent in verb.doc.ents:
            if ent.label_ in ("DATE", "TIME") and c.left_edge.i <= ent.start and ent.end - 1 <= c.right_edge.i:
                got = _date_value(ent.text, published, _tense(verb))
                if got is not None and got.days <= 7:
                    return got
    return None


def _make(
    kind: str,
    sent: SpacySpan,
    start: int,
    end: int,
    value: N.Value | N.ClockTime | N.DateRange | Tally,
    hedge: str,
    anchor: Token,
    taken: set[int],
    published: date | None = None,
) -> Fact:
    text = sent.text
    noun_tok, climb = (None, anchor) if kind in ("duration", "date", "time", "age", "tally") else _counted(anchor)
    if noun_tok is not None and (noun_tok.lower_ in ("%", "percent") or noun_tok.i in taken and kind != "count"):
        noun_tok, climb = None, anchor
    verb = _governor(climb)
    if verb is not None and verb.pos_ != "ADJ":
        clause = _expletive_take(verb)
        if clause is not None:
            verb = clause
    noun = noun_tok.lemma_.lower() if noun_tok is not None and noun_tok.pos_ != "ADJ" else ""
    inside = {t.i for t in _tokens(sent, start, end)}
    event = _event_noun(anchor, inside) if kind in ("date", "time") else None
    if event is not None:
        verb = None  # "his 2010 race": the date of the race, not of the sentence's verb
        predicate = NOMINAL_PREDICATES.get(event.lemma_.lower(), event.lemma_.lower())
    elif noun_tok is not None and noun_tok.pos_ == "ADJ" and verb is not None and noun_tok.lower_ in GROUP_OF:
        predicate = noun_tok.lower_  # "leaving 11 dead"
    else:
        predicate = _predicate(verb, frozenset(inside))
    counted = {t.i for t in _tokens(sent, start, end)} | {anchor.i}
    if noun_tok is not None:
        counted.add(noun_tok.i)
    subject, is_name = _subject(verb, counted)
    if kind == "age":
        holder = anchor
        for _ in range(4):
            if holder.pos_ in ("NOUN", "PROPN") and holder.i not in counted:
                break
            holder = holder.head
        subject, is_name = _phrase(holder), holder.pos_ == "PROPN"
    noun_class = ""
    if noun:
        noun_class = (
            "PERSON"
            if noun in PERSON_NOUNS or (noun_tok is not None and noun_tok.ent_type_ in ("PERSON", "NORP"))
            else noun
        )
    elif kind == "count" and predicate_group(predicate) in CASUALTY_GROUPS:
        noun_class = "PERSON"
    if kind == "count" and verb is not None:
        subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and subj.lemma_.lower() == "toll":
            noun_class = noun_class or "PERSON"
            if any(c.lemma_.lower() == "death" for c in subj.children):
                predicate = "die"
    skip = counted | {t.i for t in (noun_tok.subtree if noun_tok is not None else [])}
    scope = _scope(verb, skip) if kind in ("count", "money", "percent", "ordinal") else ""
    if noun_tok is not None and noun_tok.head.lower_ == "of" and noun_tok.head.head == climb:
        total = next((c for c in noun_tok.children if c.dep_ == "nummod" and _is_num(c)), None)
        if total is not None:
            scope = f"of {total.lower_}"  # "15 of the 19 hijackers": a part, not the total
    when = _when(verb, inside | counted, published) if kind not in ("date", "time") else None
    return Fact(
        kind,
        subject,
        noun,
        predicate,
        value,
        hedge,
        Span(start, end, kind),
        text[start:end],
        noun_class,
        scope,
        is_name,
        when,
    )


REFERENCE = date(2001, 1, 7)  # resolves absolute dates and weekdays when no published date is known


def _date_value(text: str, published: date | datetime | None, tense: str | None) -> N.DateRange | None:
    if published is not None:
        return N.resolve_date(text, published, tense)
    if re.search(r"\b(?:yesterday|today|tomorrow|tonight|last|this|next|earlier|later|ago)\b", text, re.IGNORECASE):
        return None
    if not re.search(r"\d|day\b", text, re.IGNORECASE):
        return None
    return N.resolve_date(text, REFERENCE, None)


def published_date(value: str | date | datetime | None) -> date | None:
    """An article's ``published`` field (ISO text such as "2023-11-18" or "2023-11-18T14:30:00Z") as a date."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def facts(sent: SpacySpan, published: str | date | datetime | None = None) -> list[Fact]:
    """The facts of one parsed sentence; spans are offsets into ``sent.text``. Relative dates are resolved against
    ``published`` (a date, or ISO text as in ``Article.published``); without it only absolute dates and weekdays get
    a value."""
    day = published_date(published)
    text = sent.text

    def make(
        kind: str,
        sent: SpacySpan,
        start: int,
        end: int,
        value: N.Value | N.ClockTime | N.DateRange | Tally,
        hedge: str,
        anchor: Token,
        taken: set[int],
    ) -> Fact:
        return _make(kind, sent, start, end, value, hedge, anchor, taken, day)

    base = sent.start_char
    out: list[Fact] = []
    taken: set[int] = set()  # token indices already used by a fact

    def claim(start: int, end: int) -> list[Token]:
        toks = _tokens(sent, start, end)
        taken.update(t.i for t in toks)
        return toks

    def free(start: int, end: int) -> bool:
        return not any(t.i in taken for t in _tokens(sent, start, end) if _is_num(t) or t.pos_ in ("NOUN", "PROPN"))

    # ages and clock times: regular expressions measure better than the entity labels (DATE/TIME/ORG) here
    for m in AGE_RX.finditer(text):
        raw = m.group("n") or m.group("m")
        years = N.number_value(raw)
        if years is None or not 0 < years < 130:
            continue
        toks = claim(m.start(), m.end())
        anchor = next((t for t in toks if _is_num(t)), toks[0])
        out.append(make("age", sent, m.start(), m.end(), N.Value(years, years, years), "", anchor, taken))
    for start, end, clock in N.clock_spans(text):
        if not free(start, end):
            continue
        toks = claim(start, end)
        anchor = _anchor(toks)
        out.append(make("time", sent, start, end, clock, clock.hedge, anchor, taken))
    # scores and vote tallies ("won 3-2", "a 97-1 vote"), not ranges ("10-15 people")
    for m in TALLY_RX.finditer(text):
        after = [t for t in sent if t.idx - base >= m.end()]
        before = text[: m.start()].lower()
        if after and after[0].pos_ in ("NOUN", "PROPN") and after[0].lemma_.lower() not in TALLY_NOUNS:
            continue
        if after and after[0].lower_ in ("%", "percent", "per"):
            continue
        if re.search(r"(?:between|from|" + "|".join(map(re.escape, N.ALL_HEDGES)) + r")\s+$", before) or not free(
            m.start(), m.end()
        ):
            continue
        toks = claim(m.start(), m.end())
        tally = Tally(int(m.group(1)), int(m.group(2)))
        out.append(make("tally", sent, m.start(), m.end(), tally, "", _anchor(toks), taken))
    # ranges: "between 10 and 15 people", "10-15 people", "two or three days"
    for m in RANGE_TEXT_RX.finditer(text):
        if not free(m.start(), m.end()) or re.search(r"\bfrom\s+$", text[: m.start()]):
            continue
        s2, e2 = _extend(text, m.start(), m.end())
        ranged = N.parse_value(text[s2:e2])
        unit_word = re.match(r"[\s-]*([A-Za-z]+)", text[e2:])
        dur = N.parse_duration(text[s2:e2] + " " + unit_word.group(1)) if unit_word else None
        if unit_word and dur is not None and dur.bound == "range":
            e3 = e2 + unit_word.end()
            toks = claim(s2, e3)
            out.append(make("duration", sent, s2, e3, dur, dur.hedge, _anchor(toks), taken))
            continue
        if ranged is None or ranged.bound != "range":
            continue
        toks = claim(s2, e2)
        kind = "percent" if ranged.unit == "%" else "money" if ranged.unit not in ("", "pp") else "count"
        out.append(make(kind, sent, s2, e2, ranged, ranged.hedge, _anchor(toks), taken))
    # "one in five voters": a share
    for m in FRACTION_RX.finditer(text):
        share = N.parse_value(m.group(0))
        whole = N.number_value(re.split(r"\s(?:in|out of)\s", m.group(0), flags=re.IGNORECASE)[-1])
        if share is None or whole is None or not free(m.start(), m.end()):
            continue
        if " out of " not in m.group(0).lower() and not (whole <= 10 or whole in (100, 1000)):
            continue  # "five goals in 29 games" is not a share
        s2, e2 = _extend(text, m.start(), m.end())
        share = N.parse_value(text[s2:e2]) or share
        toks = claim(s2, e2)
        out.append(make("percent", sent, s2, e2, share, share.hedge, toks[-1] if toks else toks[0], taken))

    for ent in sent.ents:
        start, end = ent.start_char - base, ent.end_char - base
        if not free(start, end):
            continue
        label = ent.label_
        if label in ("DATE", "TIME"):
            s2, e2 = _extend(text, start, end)
            dur = N.parse_duration(text[s2:e2])
            toks = _tokens(sent, s2, e2)
            if dur is not None:
                claim(s2, e2)
                out.append(make("duration", sent, s2, e2, dur, dur.hedge, _anchor(toks), taken))
                continue
            if label == "DATE" or re.search(r"day\b", ent.text, re.IGNORECASE):  # "Wednesday night" is a TIME
                anchor = _anchor(toks)
                tense = _tense(_governor(anchor))
                got = _date_value(ent.text, day, tense)
                if got is not None:
                    claim(start, end)
                    out.append(make("date", sent, start, end, got, "", anchor, taken))
            continue
        if label == "ORDINAL":
            rank = N.ordinal_value(ent.text)
            if ent.root.dep_ == "advmod" and ent.root.lower_ in ("first", "last"):
                continue  # "first ran for president": an adverb, not a rank
            if rank is not None:
                toks = claim(start, end)
                out.append(make("ordinal", sent, start, end, N.Value(rank, rank, rank), "", toks[0], taken))
            continue
        if label not in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
            continue
        toks = _tokens(sent, start, end)
        if label == "CARDINAL" and len(toks) == 1 and _name_number(toks[0], text, base):
            claim(start, end)
            continue
        if label == "CARDINAL" and _appositive_age(toks):
            years = float(toks[0].text)
            claim(start, end)
            out.append(make("age", sent, start, end, N.Value(years, years, years), "", toks[0], taken))
            continue
        s2, e2 = _extend(text, start, end)
        value = N.parse_value(text[s2:e2])
        if value is None:
            continue
        kind = {"MONEY": "money", "PERCENT": "percent"}.get(label, "count")
        if kind == "count" and value.unit == "%":
            kind = "percent"
        elif kind == "count" and value.unit not in ("", "pp"):
            kind = "money"
        toks = claim(s2, e2)
        out.append(make(kind, sent, s2, e2, value, value.hedge, _anchor(toks), taken))

    # number words and digits the entity recogniser missed ("Eleven students drowned")
    for t in sent:
        if t.i in taken or not _is_num(t) or t.pos_ not in ("NUM",) and t.lower_ not in N.SMALL:
            continue
        if t.lower_ == "one" and t.dep_ != "nummod" or _name_number(t, text, base):
            continue
        if _appositive_age([t]):
            years = float(t.text)
            claim(t.idx - base, t.idx - base + len(t.text))
            out.append(
                make("age", sent, t.idx - base, t.idx - base + len(t.text), N.Value(years, years, years), "", t, taken)
            )
            continue
        run = [t]
        while (
            run[-1].i + 1 < sent.end
            and sent.doc[run[-1].i + 1].i not in taken
            and (_is_num(sent.doc[run[-1].i + 1]) or sent.doc[run[-1].i + 1].lower_ in ("dozen", "and", "a", "half"))
        ):
            run.append(sent.doc[run[-1].i + 1])
        while run and run[-1].lower_ in ("and", "a"):
            run.pop()
        start, end = run[0].idx - base, run[-1].idx - base + len(run[-1].text)
        if re.fullmatch(r"(?:1[89]|20)\d\d", text[start:end]):
            continue
        s2, e2 = _extend(text, start, end)
        value = N.parse_value(text[s2:e2])
        if value is None:
            continue
        claim(s2, e2)
        kind = "percent" if value.unit == "%" else "money" if value.unit not in ("", "pp") else "count"
        out.append(make(kind, sent, s2, e2, value, value.hedge, _anchor(run), taken))
    out.sort(key=lambda f: f.span.start)
    return out


# -------------------------------------------------------------------------------------------------------- matching


def _subject_key(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in ("the", "a", "an", "of", "and", "'s")}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _subject_score(a: Fact, b: Fact) -> float:
    if not a.subject or not b.subject:
        return 0.9 if a.subject or b.subject else 1.0
    ka, kb = {_singular(w) for w in _subject_key(a.subject)}, {_singular(w) for w in _subject_key(b.subject)}
    if ka & kb:
        return 1.0
    if a.subject_is_name and b.subject_is_name:
        return 0.0
    if a.subject_is_name or b.subject_is_name:
        return 0.6  # "the pair" / "Yoon": may be the same actor
    return 0.4


def _noun_score(a: Fact, b: Fact) -> float:
    if a.kind in ("duration", "date", "time", "age"):
        return 1.0
    if a.noun and b.noun:
        if a.noun == b.noun:
            return 1.0
        return 0.8 if a.noun_class == b.noun_class == "PERSON" else 0.0
    if a.noun_class and b.noun_class:
        return 0.7 if a.noun_class == b.noun_class else 0.0
    if a.noun or b.noun:
        return 0.45
    return 0.85 if a.kind in ("money", "percent") else 0.7  # sums are seldom given a noun


def _predicate_score(a: Fact, b: Fact) -> float:
    if a.predicate and b.predicate:
        ga, gb = predicate_group(a.predicate), predicate_group(b.predicate)
        if a.kind in ("date", "time") and (ga in REPORTING or gb in REPORTING):
            return 0.0  # the day something was said or tweeted is not the day of the event
        generic = ga in GENERIC_PREDICATES or gb in GENERIC_PREDICATES
        if a.kind in ("date", "time") and generic:
            return 0.3  # "was on Friday": which event?
        if ga == gb:
            if generic:
                return 0.7 if a.noun and a.noun == b.noun else 0.5
            return 1.0
        if generic:
            return 0.3
        if a.kind in ("date", "time") or (ga in PREDICATE_GROUPS and gb in PREDICATE_GROUPS):
            return 0.0  # a date of "met" is not one of "released"; killed is not injured
        # outlets pick different verbs for one count ("a lawsuit covering/involving 1.5 million women")
        return 0.6 if a.noun and a.noun == b.noun else 0.3
    if a.kind in ("date", "time", "duration"):
        return 0.3  # a date or a duration needs its event
    return 0.6


def _scope_score(a: Fact, b: Fact) -> float:
    if a.scope and b.scope:
        return 1.0 if a.scope == b.scope else 0.0
    return 0.7 if a.scope or b.scope else 1.0


def _unit(f: Fact) -> str:
    return f.value.unit if isinstance(f.value, N.Value) else ""


def same_fact(a: Fact, b: Fact) -> float:
    """How surely two facts are about the same thing: 0 (different things) to 1 (certainly the same).

    Needs the same kind and unit, compatible nouns (same lemma, or both people), predicates of one synonym group
    (a date or time of "met" is not one of "released"), the same subject when both name one, and the same scope.
    """
    if a.kind != b.kind or _unit(a) != _unit(b):
        return 0.0
    if a.when is not None and b.when is not None and not N.compatible(a.when, b.when):
        return 0.0  # "six arrests on Wednesday" is not "47 arrests on Tuesday"
    parts = _subject_score(a, b), _noun_score(a, b), _predicate_score(a, b), _scope_score(a, b)
    score = parts[0] * parts[1] * parts[2] * parts[3]
    va, vb = a.value, b.value
    if (
        score > 0
        and isinstance(va, N.Value)
        and isinstance(vb, N.Value)
        and va.nominal == vb.nominal
        and va.nominal >= 10
        and va.bound not in ("range", "vague")
        and a.kind != "ordinal"
    ):
        score = max(score, 0.6)  # the same specific number, differently worded around it
    if isinstance(va, N.Value) and isinstance(vb, N.Value) and _one_digit_apart(a.text, b.text):
        score = max(score, 0.75)  # "$5,687.75" / "$5,587.75": one precise figure, garbled in the copying
    return score


def _one_digit_apart(x: str, y: str) -> bool:
    """Two precise figures (five or more digits) whose digit strings differ in exactly one place."""
    dx, dy = re.sub(r"\D", "", x), re.sub(r"\D", "", y)
    return len(dx) == len(dy) >= 5 and sum(c != d for c, d in zip(dx, dy, strict=True)) == 1


def _fmt(f: Fact) -> str:
    return f'"{f.text}"'


def disagree(a: Fact, b: Fact, gap_hours: float | None = None, score: float | None = None) -> tuple[str, str] | None:
    """Whether the values of two facts (already matched by :func:`same_fact`) differ: (severity hint, reason), or
    None when they agree.

    A conflict is "high" (a factor of 2 or more is a conflict whatever the hedges); a hedge dropped on one side only
    ("at least 15" / "15") is an omitted qualifier, "medium" at most; rounding is consistent. ``gap_hours`` (``b``
    published that many hours after ``a``) lowers a rising casualty count to "low": a toll that rose. With ``score``
    (their :func:`same_fact`) below 0.7 the match is not unambiguous and "high" becomes "medium".
    """
    got = _disagree(a, b, gap_hours)
    if got is not None and got[0] == "high" and score is not None and score < 0.7:
        return "medium", got[1] + f" (fact match {score:.2f})"
    return got


def _disagree(a: Fact, b: Fact, gap_hours: float | None) -> tuple[str, str] | None:
    va, vb = a.value, b.value
    if va is None or vb is None or a.kind != b.kind:
        return None
    if isinstance(va, N.Value) and isinstance(vb, N.Value):
        cmp = N.compare(va, vb)
        if cmp is None:
            return None
        factor = f"a factor of {cmp.ratio:.1f}" if cmp.ratio < 100 else "far apart"
        risen = (
            gap_hours is not None
            and abs(gap_hours) >= 3
            and cmp.ratio < 3  # a toll may rise between publications; tenfold overnight is a conflict
            and a.kind == "count"
            and predicate_group(a.predicate) in CASUALTY_GROUPS
            and (vb.nominal - va.nominal) * gap_hours > 0
        )
        if cmp.verdict == "conflict" or cmp.ratio >= 2:
            if risen:
                return "low", f"{_fmt(a)} vs {_fmt(b)}: the count changed between publications ({gap_hours:+.0f} h)"
            if cmp.ratio >= 2:
                return "high", f"{_fmt(a)} vs {_fmt(b)}: {factor}"
            if va.exact and vb.exact:
                return "high", f"{_fmt(a)} vs {_fmt(b)}: different values"
            return "medium", f"{_fmt(a)} vs {_fmt(b)}: incompatible bounds ({factor})"
        if cmp.verdict == "hedge_dropped":
            hedged = a if not va.exact else b
            assert isinstance(hedged.value, N.Value)
            if hedged.value.bound == "approx":
                return "low", f'approximation "{hedged.hedge}" dropped: {_fmt(a)} vs {_fmt(b)}'
            return "medium", f'qualifier "{hedged.hedge}" dropped: {_fmt(a)} vs {_fmt(b)}'
        if cmp.verdict == "compatible" and va.bound == vb.bound and va.bound in ("lower", "upper"):
            rounded = N.compare(
                N.Value(va.nominal, va.nominal, va.nominal, step=va.step),
                N.Value(vb.nominal, vb.nominal, vb.nominal, step=vb.step),
            )
            if rounded is not None and rounded.verdict == "conflict":
                return "medium", f"different bounds: {_fmt(a)} vs {_fmt(b)}"
        bounded = {va.bound, vb.bound} & {"lower", "upper"}
        if cmp.verdict == "compatible" and bounded and (va.exact or vb.exact):
            rounded = N.compare(
                N.Value(va.nominal, va.nominal, va.nominal, step=va.step),
                N.Value(vb.nominal, vb.nominal, vb.nominal, step=vb.step),
            )
            if rounded is not None and rounded.verdict == "conflict":
                return "medium", f"a figure against a different bound: {_fmt(a)} vs {_fmt(b)}"
        if cmp.verdict == "hedge_changed":
            return "low", f"different qualifiers: {_fmt(a)} vs {_fmt(b)}"
        return None
    if isinstance(va, N.ClockTime) and isinstance(vb, N.ClockTime):
        ok = N.compatible(va, vb)
        if ok is not False:
            return None
        both_utc = va.utc is not None and vb.utc is not None
        ma, mb = (va.utc, vb.utc) if both_utc else (va.minutes, vb.minutes)
        assert ma is not None and mb is not None
        diff = abs((mb - ma + 720) % 1440 - 720)
        where = " (in UTC)" if both_utc else ""
        return ("high" if diff >= 60 else "medium"), f"{_fmt(a)} vs {_fmt(b)}: {diff} minutes apart{where}"
    if isinstance(va, Tally) and isinstance(vb, Tally):
        if sorted((va.first, va.second)) == sorted((vb.first, vb.second)):
            return None
        return "high", f"{_fmt(a)} vs {_fmt(b)}: different result"
    if isinstance(va, N.DateRange) and isinstance(vb, N.DateRange):
        if N.compatible(va, vb):
            return None
        sev = "high" if va.days <= 7 and vb.days <= 7 else "medium"
        return sev, f"{_fmt(a)} ({va.start}..{va.end}) vs {_fmt(b)} ({vb.start}..{vb.end})"
    return None


def match_facts(a: list[Fact], b: list[Fact], threshold: float = 0.5) -> list[tuple[Fact, Fact, float]]:
    """One-to-one pairs of facts of ``a`` and ``b`` with :func:`same_fact` at least ``threshold``, best first; among
    equally good candidates, pairs whose values agree are taken first ("15 of the 19" against "15 of the 19")."""
    scored = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            score = same_fact(x, y)
            if score >= threshold:
                agrees = disagree(x, y) is None
                scored.append((score, agrees, i, j))
    scored.sort(key=lambda s: (-s[0], not s[1], s[2], s[3]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for score, _, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((a[i], b[j], score))
    return out
