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
