"""Dates and times: weekdays, month-day, years, relative days ("last year"), clock times and zones."""

from __future__ import annotations

import re

from checker.lexicon import MONTHS
from checker.records import DateRef, Span

MONTH_RX = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
ZONES = r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|MST|MDT|ET|PT|IST|JST|KST|AEST|AEDT)"

RULES: list[tuple[str, re.Pattern]] = [
    (
        "time",
        re.compile(
            rf"\b(?P<v>\d{{1,2}}(?::\d{{2}}){{1,2}}(?:\s?[ap]\.?m\.?)?(?:\s{ZONES})?|\d{{1,2}}\s?[ap]\.m\.(?:\s{ZONES})?|\d{{1,2}}\s?[ap]m\b(?:\s{ZONES})?|noon|midnight)",
            re.I,
        ),
    ),
    ("monthday", re.compile(rf"\b(?P<v>{MONTH_RX}\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s(?:19|20)\d\d)?)\b")),
    ("daymonth", re.compile(rf"\b(?P<v>\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{MONTH_RX}(?:,?\s(?:19|20)\d\d)?)\b")),
    (
        "month",
        re.compile(
            rf"\b(?:in|since|until|by|from|last|this|next|early|late|mid-?)\s(?P<v>{MONTH_RX}(?:\s(?:19|20)\d\d)?)\b"
        ),
    ),
    ("weekday", re.compile(r"\b(?P<v>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("year", re.compile(r"(?<![\d,.$-])\b(?P<v>(?:1[89]|20)\d\d)\b(?![\d-]|\s?(?:troops|people|students|percent|%))")),
    (
        "relative",
        re.compile(
            r"\b(?P<v>(?:last|this|next|earlier this|later this)\s(?:year|month|week|weekend|morning|afternoon|evening|night|spring|summer|autumn|fall|winter)|yesterday|today|tomorrow|tonight)\b",  # noqa: E501
            re.I,
        ),
    ),
]


def _norm(kind: str, raw: str) -> str:
    low = raw.lower().replace(".", "").strip()
    if kind in ("monthday", "daymonth"):
        month = next((MONTHS[w] for w in re.findall(r"[a-z]+", low) if w in MONTHS), 0)
        day_m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", low)
        day = int(day_m.group(1)) if day_m else 0
        year = re.search(r"\b((?:19|20)\d\d)\b", low)
        return f"{year.group(1) + '-' if year else ''}{month:02d}-{day:02d}"
    if kind == "month":
        month = next((MONTHS[w] for w in re.findall(r"[a-z]+", low) if w in MONTHS), 0)
        year = re.search(r"\b((?:19|20)\d\d)\b", low)
        return f"{year.group(1) + '-' if year else ''}{month:02d}"
    if kind == "time":
        m = re.match(r"(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s?([ap])?", low)
        if not m:
            return low
        h = int(m.group(1)) % 12 + (12 if m.group(3) == "p" else 0) if m.group(3) else int(m.group(1))
        return f"{h:02d}:{m.group(2) or '00'}"
    return " ".join(low.split())


def dates(text: str) -> list[DateRef]:
    """Date and time mentions, longest match first, no overlaps, left to right."""
    out: list[DateRef] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in RULES:
        for m in rx.finditer(text):
            s, e = m.span("v")
            if any(s < te and e > ts for ts, te in taken):
                continue
            may_verb = kind == "month" and text[s:e].rstrip(".") == "May" and not re.search(r"\d", text[s:e])
            if may_verb and not re.search(r"\b(?:in|since|until|by|from|last|this|next)\s$", text[:s]):
                continue  # "May" the verb, not the month
            taken.append((s, e))
            out.append(DateRef(kind, _norm(kind, text[s:e]), Span(s, e, "date")))
    out.sort(key=lambda d: d.span.start)
    return out
