"""Names of people, places and organisations (capitalised spans) and their aliases.

Aliases come from a short list of capitals used for their country ("Seoul" for
South Korea), demonyms, surnames of full names, and patterns learned from the
corpus itself: "South Korean capital Seoul", "SEOUL, South Korea".
"""

from __future__ import annotations

import re

from checker.lexicon import CAPITALS, DEMONYMS, MONTH_NAMES, WEEKDAYS
from checker.records import Aliases, Name, Span
from checker.records import norm as norm  # the name key Aliases uses

CONNECT = r"(?:\s(?:of|de|del|da|van|von|bin|al|el|la|le|der|du)(?=\s[A-Z]))"
NAME_RX = re.compile(
    rf"\b[A-Z][\w’'\-]*[a-z0-9][\w’'\-]*(?:(?:{CONNECT})?\s[A-Z][\w’'\-]*[a-z0-9][\w’'\-]*)*|\b[A-Z]{{2,}}(?:\.[A-Z])*\.?"
)
STOP = {
    *MONTH_NAMES,
    *WEEKDAYS,
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "For",
    "But",
    "And",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "Although",
    "However",
    "Meanwhile",
    "Earlier",
    "Later",
    "Also",
    "So",
    "Yet",
    "Both",
    "Some",
    "Many",
    "Most",
    "All",
    "No",
    "Not",
    "There",
    "Here",
    "Asked",
    "According",
    "Another",
    "Amid",
    "Ahead",
    "Last",
    "Next",
    "Former",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prime",
    "Minister",
    "President",
    "Historically",
    "Requested",
    "Disagreements",
    "Relations",
    "Meeting",
    "Together",
    "Japanese",
    "Korean",
    "American",
    "Chinese",
    "Russian",
    "British",
    "French",
    "German",
    "Indian",
    "Australian",
    "AP",
    "IST",
    "GMT",
    "UTC",
    "AM",
    "PM",
    "CEO",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Even",
    "Just",
    "Only",
    "Now",
    "Then",
    "Still",
    "Instead",
    "Despite",
    "Because",
    "Though",
    "Whether",
    "Every",
    "Each",
    "Any",
    "Such",
    "Other",
    "Others",
    "Police",
    "Officials",
    "Couple",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Under",
    "Over",
    "With",
    "Without",
    "From",
    "To",
    "By",
    "Of",
    "Is",
    "Was",
}
TITLES = re.compile(
    r"^(?:(?:Prime Minister|President|Chancellor|King|Queen|Pope|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Judge|Justice|Chief|Secretary|Foreign Minister|Minister)\.?\s)+"  # noqa: E501
)


def names(text: str) -> list[Name]:
    """Capitalised name spans; sentence-initial function words and titles are trimmed off."""
    out = []
    for m in NAME_RX.finditer(text):
        raw = m.group()
        start = m.start()
        words = raw.split()
        while words and (words[0].rstrip("’'s") in STOP or words[0] in STOP):
            start += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        at_start = not text[:start].strip() or text[:start].rstrip().endswith((".", ":", "!", "?"))
        if (
            at_start
            and len(words) == 1
            and (
                re.search(r"(?:ing|ed|ly|ers|ions|ful|ous|ive)$", words[0])
                or text[start + len(words[0]) : start + len(words[0]) + 1] == ":"
                or words[0].isupper()
            )
        ):
            continue  # "Flooding hit ...", "Guilty: ...": a capitalised first word, not a name
        raw = " ".join(words)
        t = TITLES.match(raw + " ")
        if t and t.end() < len(raw):
            start += t.end()
            raw = raw[t.end() :]
        raw = re.sub(r"(?:’s|'s)$", "", raw)
        # "South Korean President Moon Jae-in" -> "South Korean", "Moon Jae-in"
        parts = re.split(
            r"(?:’s|'s)\s|\s(?:Prime Minister|President|Foreign Minister|Minister|Chancellor|Secretary|Governor|"
            r"Senator|Mayor|King|Queen|Judge|Chief|Leader|Coach|Captain)\s",
            raw,
        )
        offset = start
        for part in parts:
            begin = text.find(part, offset)
            if part and part not in STOP and len(part) > 1 and begin >= 0:
                out.append(Name(part, Span(begin, begin + len(part), "name")))
                offset = begin + len(part)
    return out


def learn_aliases(texts: list[str]) -> Aliases:
    """Built-in capitals and demonyms plus appositions found in ``texts``."""
    al = Aliases()
    for city, country in CAPITALS.items():
        al.join(city, country)
    for dem, country in DEMONYMS.items():
        al.join(dem, country)
    cap = re.compile(
        r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+capital(?:\scity)?(?:\sof)?\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
    )
    dateline = re.compile(r"^([A-Z]{3,}(?:\s[A-Z]{3,})?),\s([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b", re.M)
    for text in texts:
        for m in cap.finditer(text):
            al.join(m.group(1), m.group(2))
        for m in dateline.finditer(text):
            al.join(m.group(1).title(), m.group(2))
    return al
