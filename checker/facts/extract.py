"""Fact extraction: the facts of one spaCy-parsed sentence, each with its noun, verb, actor, scope and value."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from checker import normalize as N
from checker.facts.lexicon import (
    AGE_RX,
    CASUALTY_GROUPS,
    FRACTION_RX,
    GROUP_OF,
    NOMINAL_PREDICATES,
    PERSON_NOUNS,
    RANGE_TEXT_RX,
    SUBJECT_DEPS,
    TALLY_NOUNS,
    TALLY_RX,
    predicate_group,
)
from checker.facts.syntax import (
    _anchor,
    _appositive_age,
    _counted,
    _event_noun,
    _expletive_take,
    _extend,
    _governor,
    _is_num,
    _name_number,
    _phrase,
    _predicate,
    _scope,
    _subject,
    _tense,
    _tokens,
)
from checker.records import Fact, Span, Tally

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


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


def _dangling_for(anchor: Token) -> Token | None:
    """The verb a duration's "for" hangs on, where the parse left that "for" without its object and hung the hours on
    a later clause ("blazed for over six hours before it could be extinguished": the fire blazed six hours)."""
    sent, i = anchor.sent, anchor.i - 1
    while i >= sent.start and (sent.doc[i].like_num or sent.doc[i].dep_ in ("nummod", "quantmod", "advmod")):
        i -= 1
    prep = sent.doc[i] if i >= sent.start else None
    if prep is None or prep.lower_ != "for" or prep.dep_ != "prep" or prep.head.pos_ != "VERB":
        return None
    return None if any(c.dep_ == "pobj" for c in prep.children) else prep.head


def _noun_and_verb(kind: str, anchor: Token, taken: set[int]) -> tuple[Token | None, Token, Token | None]:
    """The noun a number counts (None for kinds that count nothing), the token to climb from, and the governing verb
    ("it took six hours for the fire to come under control": the clause the time was taken for)."""
    noun_tok, climb = (None, anchor) if kind in ("duration", "date", "time", "age", "tally") else _counted(anchor)
    if noun_tok is not None and (noun_tok.lower_ in ("%", "percent") or noun_tok.i in taken and kind != "count"):
        noun_tok, climb = None, anchor
    verb = (_dangling_for(anchor) if kind == "duration" else None) or _governor(climb)
    if verb is not None and verb.pos_ != "ADJ":
        clause = _expletive_take(verb)
        if clause is not None:
            verb = clause
    return noun_tok, climb, verb


def _age_holder(anchor: Token, counted: set[int]) -> tuple[str, bool]:
    """Whose age it is: the nearest noun above the number (the subject of an age fact)."""
    holder = anchor
    for _ in range(4):
        if holder.pos_ in ("NOUN", "PROPN") and holder.i not in counted:
            break
        holder = holder.head
    return _phrase(holder), holder.pos_ == "PROPN"


def _noun_class(kind: str, noun: str, noun_tok: Token | None, predicate: str) -> str:
    if noun:
        if noun in PERSON_NOUNS or (noun_tok is not None and noun_tok.ent_type_ in ("PERSON", "NORP")):
            return "PERSON"
        return noun
    if kind == "count" and predicate_group(predicate) in CASUALTY_GROUPS:
        return "PERSON"
    return ""


def _toll(verb: Token | None) -> Token | None:
    """The subject "toll" of the verb ("the death toll rose to 30"), if it is one."""
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    return subj if subj is not None and subj.lemma_.lower() == "toll" else None


def _part_of(noun_tok: Token | None, climb: Token) -> str:
    """ "15 of the 19 hijackers": the scope "of 19" (a part, not the total), or ""."""
    if noun_tok is not None and noun_tok.head.lower_ == "of" and noun_tok.head.head == climb:
        total = next((c for c in noun_tok.children if c.dep_ == "nummod" and _is_num(c)), None)
        if total is not None:
            return f"of {total.lower_}"
    return ""


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
    noun_tok, climb, verb = _noun_and_verb(kind, anchor, taken)
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
    subject, is_name = _age_holder(anchor, counted) if kind == "age" else _subject(verb, counted)
    noun_class = _noun_class(kind, noun, noun_tok, predicate)
    toll = _toll(verb) if kind == "count" else None
    if toll is not None:
        noun_class = noun_class or "PERSON"
        if any(c.lemma_.lower() == "death" for c in toll.children):
            predicate = "die"
    skip = counted | {t.i for t in (noun_tok.subtree if noun_tok is not None else [])}
    scope = _scope(verb, skip) if kind in ("count", "money", "percent", "ordinal") else ""
    scope = _part_of(noun_tok, climb) or scope
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


class _Reader:
    """One sentence being read: the facts found so far and the tokens they have taken (each reader below takes what
    it finds, so a later one does not read the same words again)."""

    def __init__(self, sent: SpacySpan, day: date | None) -> None:
        self.sent, self.day, self.text, self.base = sent, day, sent.text, sent.start_char
        self.out: list[Fact] = []
        self.taken: set[int] = set()  # token indices already used by a fact

    def add(
        self,
        kind: str,
        start: int,
        end: int,
        value: N.Value | N.ClockTime | N.DateRange | Tally,
        hedge: str,
        anchor: Token,
    ) -> None:
        self.out.append(_make(kind, self.sent, start, end, value, hedge, anchor, self.taken, self.day))

    def claim(self, start: int, end: int) -> list[Token]:
        toks = _tokens(self.sent, start, end)
        self.taken.update(t.i for t in toks)
        return toks

    def free(self, start: int, end: int) -> bool:
        return not any(
            t.i in self.taken for t in _tokens(self.sent, start, end) if _is_num(t) or t.pos_ in ("NOUN", "PROPN")
        )

    def ages(self) -> None:
        for m in AGE_RX.finditer(self.text):
            raw = m.group("n") or m.group("m")
            years = N.number_value(raw)
            if years is None or not 0 < years < 130:
                continue
            toks = self.claim(m.start(), m.end())
            anchor = next((t for t in toks if _is_num(t)), toks[0])
            self.add("age", m.start(), m.end(), N.Value(years, years, years), "", anchor)

    def clocks(self) -> None:
        for start, end, clock in N.clock_spans(self.text):
            if not self.free(start, end):
                continue
            toks = self.claim(start, end)
            if clock.utc is None and clock.zone in ("", "local"):
                clock = self.placed(clock)
            self.add("time", start, end, clock, clock.hedge, _anchor(toks))

    def placed(self, clock: N.ClockTime) -> N.ClockTime:
        """A zoneless or "local" time in a sentence that names one place of a known time zone ("10:30 a.m. in
        Tokyo"): that place's local time, converted to UTC on the article's day. Several zones named: unchanged."""
        zones = {z for e in self.sent.ents if e.label_ in ("GPE", "LOC") and (z := N.place_zone(e.text))}
        if len(zones) != 1:
            return clock
        return N.local_to_utc(clock, zones.pop(), self.day) or clock

    def tallies(self) -> None:
        """Scores and vote tallies ("won 3-2", "a 97-1 vote"), not ranges ("10-15 people")."""
        text = self.text
        for m in TALLY_RX.finditer(text):
            after = [t for t in self.sent if t.idx - self.base >= m.end()]
            before = text[: m.start()].lower()
            if after and after[0].pos_ in ("NOUN", "PROPN") and after[0].lemma_.lower() not in TALLY_NOUNS:
                continue
            if after and after[0].lower_ in ("%", "percent", "per"):
                continue
            if re.search(r"(?:between|from|" + "|".join(map(re.escape, N.ALL_HEDGES)) + r")\s+$", before) or not (
                self.free(m.start(), m.end())
            ):
                continue
            toks = self.claim(m.start(), m.end())
            tally = Tally(int(m.group(1)), int(m.group(2)))
            self.add("tally", m.start(), m.end(), tally, "", _anchor(toks))

    def ranges(self) -> None:
        """ "between 10 and 15 people", "10-15 people", "two or three days"."""
        text = self.text
        for m in RANGE_TEXT_RX.finditer(text):
            if not self.free(m.start(), m.end()) or re.search(r"\bfrom\s+$", text[: m.start()]):
                continue
            s2, e2 = _extend(text, m.start(), m.end())
            ranged = N.parse_value(text[s2:e2])
            unit_word = re.match(r"[\s-]*([A-Za-z]+)", text[e2:])
            dur = N.parse_duration(text[s2:e2] + " " + unit_word.group(1)) if unit_word else None
            if unit_word and dur is not None and dur.bound == "range":
                e3 = e2 + unit_word.end()
                toks = self.claim(s2, e3)
                self.add("duration", s2, e3, dur, dur.hedge, _anchor(toks))
                continue
            if ranged is None or ranged.bound != "range":
                continue
            toks = self.claim(s2, e2)
            self.add(_value_kind(ranged), s2, e2, ranged, ranged.hedge, _anchor(toks))

    def fractions(self) -> None:
        """ "one in five voters": a share."""
        text = self.text
        for m in FRACTION_RX.finditer(text):
            share = N.parse_value(m.group(0))
            whole = N.number_value(re.split(r"\s(?:in|out of)\s", m.group(0), flags=re.IGNORECASE)[-1])
            if share is None or whole is None or not self.free(m.start(), m.end()):
                continue
            if " out of " not in m.group(0).lower() and not (whole <= 10 or whole in (100, 1000)):
                continue  # "five goals in 29 games" is not a share
            s2, e2 = _extend(text, m.start(), m.end())
            share = N.parse_value(text[s2:e2]) or share
            toks = self.claim(s2, e2)
            self.add("percent", s2, e2, share, share.hedge, toks[-1] if toks else toks[0])

    def entities(self) -> None:
        for ent in self.sent.ents:
            start, end = ent.start_char - self.base, ent.end_char - self.base
            if not self.free(start, end):
                continue
            if ent.label_ in ("DATE", "TIME"):
                self.date_entity(ent, start, end)
            elif ent.label_ == "ORDINAL":
                self.ordinal_entity(ent, start, end)
            elif ent.label_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
                self.number_entity(ent, start, end)

    def date_entity(self, ent: SpacySpan, start: int, end: int) -> None:
        s2, e2 = _extend(self.text, start, end)
        dur = N.parse_duration(self.text[s2:e2])
        toks = _tokens(self.sent, s2, e2)
        if dur is not None:
            self.claim(s2, e2)
            self.add("duration", s2, e2, dur, dur.hedge, _anchor(toks))
            return
        if ent.label_ == "DATE" or re.search(r"day\b", ent.text, re.IGNORECASE):  # "Wednesday night" is a TIME
            anchor = _anchor(toks)
            tense = _tense(_governor(anchor))
            got = _date_value(ent.text, self.day, tense)
            if got is not None:
                self.claim(start, end)
                self.add("date", start, end, got, "", anchor)

    def ordinal_entity(self, ent: SpacySpan, start: int, end: int) -> None:
        rank = N.ordinal_value(ent.text)
        if ent.root.dep_ == "advmod" and ent.root.lower_ in ("first", "last"):
            return  # "first ran for president": an adverb, not a rank
        if rank is not None:
            toks = self.claim(start, end)
            self.add("ordinal", start, end, N.Value(rank, rank, rank), "", toks[0])

    def number_entity(self, ent: SpacySpan, start: int, end: int) -> None:
        label = ent.label_
        toks = _tokens(self.sent, start, end)
        if label == "CARDINAL" and len(toks) == 1 and _name_number(toks[0], self.text, self.base):
            self.claim(start, end)
            return
        if label == "CARDINAL" and _appositive_age(toks):
            years = float(toks[0].text)
            self.claim(start, end)
            self.add("age", start, end, N.Value(years, years, years), "", toks[0])
            return
        s2, e2 = _extend(self.text, start, end)
        value = N.parse_value(self.text[s2:e2])
        if value is None:
            return
        kind = {"MONEY": "money", "PERCENT": "percent"}.get(label, "count")
        if kind == "count":
            kind = _value_kind(value)
        toks = self.claim(s2, e2)
        self.add(kind, s2, e2, value, value.hedge, _anchor(toks))

    def loose_numbers(self) -> None:
        """Number words and digits the entity recogniser missed ("Eleven students drowned")."""
        for t in self.sent:
            if t.i in self.taken or not _is_num(t) or t.pos_ not in ("NUM",) and t.lower_ not in N.SMALL:
                continue
            if t.lower_ == "one" and t.dep_ != "nummod" or _name_number(t, self.text, self.base):
                continue
            if _appositive_age([t]):
                years = float(t.text)
                at = t.idx - self.base
                self.claim(at, at + len(t.text))
                self.add("age", at, at + len(t.text), N.Value(years, years, years), "", t)
                continue
            self.number_run(t)

    def number_run(self, t: Token) -> None:
        """The number that starts at ``t`` and runs on over number words ("two hundred and fifty", "a dozen")."""
        sent, text = self.sent, self.text
        run = [t]
        while (
            run[-1].i + 1 < sent.end
            and sent.doc[run[-1].i + 1].i not in self.taken
            and (_is_num(sent.doc[run[-1].i + 1]) or sent.doc[run[-1].i + 1].lower_ in ("dozen", "and", "a", "half"))
        ):
            run.append(sent.doc[run[-1].i + 1])
        while run and run[-1].lower_ in ("and", "a"):
            run.pop()
        start, end = run[0].idx - self.base, run[-1].idx - self.base + len(run[-1].text)
        if re.fullmatch(r"(?:1[89]|20)\d\d", text[start:end]):
            return
        s2, e2 = _extend(text, start, end)
        value = N.parse_value(text[s2:e2])
        if value is None:
            return
        self.claim(s2, e2)
        self.add(_value_kind(value), s2, e2, value, value.hedge, _anchor(run))


def _value_kind(value: N.Value) -> str:
    """A number's kind by its unit: a percentage, a sum of money, or a count."""
    return "percent" if value.unit == "%" else "money" if value.unit not in ("", "pp") else "count"


def facts(sent: SpacySpan, published: str | date | datetime | None = None) -> list[Fact]:
    """The facts of one parsed sentence; spans are offsets into ``sent.text``. Relative dates are resolved against
    ``published`` (a date, or ISO text as in ``Article.published``); without it only absolute dates and weekdays get
    a value."""
    r = _Reader(sent, published_date(published))
    r.ages()  # ages and clock times: regular expressions measure better than the entity labels (DATE/TIME/ORG) here
    r.clocks()
    r.tallies()
    r.ranges()
    r.fractions()
    r.entities()
    r.loose_numbers()
    r.out.sort(key=lambda f: f.span.start)
    return r.out
