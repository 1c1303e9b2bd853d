"""Synthetic NLI pairs from real news sentences (FRANK / XSumFaith articles).

Contradictions change one checkable fact (speaker, number, weekday, month, year,
name, negation, opposed verb); entailments drop adjuncts and clauses of the same
sentence; neutral pairs put two different sentences of one article together.
Everything is driven by one ``random.Random(seed)`` so runs reproduce.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pysbd

from checker.training.data import NLIExample

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
OPPOSED = [
    ("agreed", "disagreed"),
    ("rose", "fell"),
    ("increased", "decreased"),
    ("won", "lost"),
    ("confirmed", "denied"),
    ("accepted", "rejected"),
    ("approved", "rejected"),
    ("supported", "opposed"),
    ("higher", "lower"),
    ("more", "fewer"),
    ("gained", "lost"),
    ("opened", "closed"),
    ("allowed", "banned"),
    ("acquitted", "convicted"),
    ("arrived", "left"),
    ("started", "ended"),
    ("raised", "cut"),
    ("before", "after"),
    ("expanded", "shrank"),
    ("succeeded", "failed"),
    ("welcomed", "condemned"),
    ("praised", "criticised"),
    ("shared the need", "were divided on the need"),
    ("improved", "worsened"),
]
AUX_NEG = [
    (" is ", " is not "),
    (" was ", " was not "),
    (" are ", " are not "),
    (" were ", " were not "),
    (" has ", " has not "),
    (" have ", " have not "),
    (" will ", " will not "),
    (" can ", " cannot "),
    (" would ", " would not "),
    (" should ", " should not "),
    (" could ", " could not "),
]
SAID = re.compile(r"\b((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+) (said|told|added|says)\b")
NAME = re.compile(r"(?<=[a-z,;:] )([A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?)\b(?!')")
NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
STOP_NAMES = set(
    WEEKDAYS
    + MONTHS
    + [
        "The",
        "This",
        "That",
        "But",
        "And",
        "It",
        "He",
        "She",
        "They",
        "We",
        "In",
        "On",
        "At",
        "For",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "If",
        "As",
        "A",
        "An",
    ]
)


def load_articles(root: Path) -> list[str]:
    """Unique article texts of FRANK and XSumFaith under ``root`` (shared/data/nli)."""
    texts: dict[str, None] = {}
    for path, key in (
        ("frank/frank_benchmark.jsonl", "article"),
        ("xsumfaith/xsumfaith_factuality_with_docs.jsonl", "document"),
    ):
        with (root / path).open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get(key) or ""
                if len(text) > 200:
                    texts[text] = None
    return list(texts)


def sentences(text: str, seg: pysbd.Segmenter) -> list[str]:
    out = []
    for para in text.split("\n"):
        for s in seg.segment(para):
            s = s.strip()
            if 8 <= len(s.split()) <= 60 and s[0].isupper():
                out.append(s)
    return out


def _other(rng: random.Random, pool: list[str], current: str) -> str | None:
    choices = [p for p in pool if p != current and p not in current and current not in p]
    return rng.choice(choices) if choices else None


def _sub_once(s: str, old: str, new: str) -> str:
    return s.replace(old, new, 1)


def contradict(s: str, names: list[str], speakers: list[str], rng: random.Random) -> str | None:
    """One factual change to ``s``; None when no rule applies."""
    ops = []
    m = SAID.search(s)
    if m and speakers:
        speaker = _other(rng, speakers, m.group(1))
        if speaker:
            ops.append(lambda: s[: m.start(1)] + speaker + s[m.end(1) :])
    nums = [n for n in NUMBER.finditer(s) if not YEAR.fullmatch(n.group())]
    if nums:
        n = rng.choice(nums)

        def change_number(n=n):
            digits = n.group().replace(",", "")
            try:
                value = float(digits)
            except ValueError:
                return None
            new = value + rng.choice([1, 2, 3, 5, 10]) if value < 20 else value * rng.choice([0.5, 2, 3, 1.5])
            new_text = f"{new:,.0f}" if "." not in digits else f"{new:.1f}"
            return s[: n.start()] + new_text + s[n.end() :] if new_text != n.group() else None

        ops.append(change_number)
    for group in (WEEKDAYS, MONTHS):
        hits = [w for w in group if re.search(rf"\b{w}\b", s)]
        if hits:
            w = hits[0]
            ops.append(lambda w=w, group=group: re.sub(rf"\b{w}\b", rng.choice([x for x in group if x != w]), s, 1))
    y = YEAR.search(s)
    if y:
        ops.append(lambda: s[: y.start()] + str(int(y.group()) + rng.choice([-3, -2, -1, 1, 2])) + s[y.end() :])
    for a, b in OPPOSED:
        for x, z in ((a, b), (b, a)):
            if re.search(rf"\b{x}\b", s):
                ops.append(lambda x=x, z=z: re.sub(rf"\b{x}\b", z, s, 1))
    for a, b in AUX_NEG:
        if a in s:
            ops.append(lambda a=a, b=b: _sub_once(s, a, b))
        if b in s:
            ops.append(lambda a=a, b=b: _sub_once(s, b, a))
    inner = [n for n in NAME.finditer(s) if n.group(1) not in STOP_NAMES and n.start() > 0]
    if inner and names:
        n = rng.choice(inner)
        width = len(n.group(1).split())
        name = _other(rng, [x for x in names if len(x.split()) == width], n.group(1))
        if name:
            ops.append(lambda: s[: n.start(1)] + name + s[n.end(1) :])
    rng.shuffle(ops)
    for op in ops:
        out = op()
        if out and out != s and "not not" not in out:
            return out
    return None


CUTS = [
    re.compile(r"^(?:On|In|Last|Earlier|Later|Meanwhile|However|But|And|Also|On the other hand)[^,]{0,40}, "),
    re.compile(r", (?:who|which|where|when)[^,]+,"),
    re.compile(r" \([^)]*\)"),
    re.compile(r", (?:he|she|they|it) (?:said|added)\.?$"),
    re.compile(r", (?:adding|saying|according to)[^.]*"),
]


def entail(s: str, rng: random.Random) -> str | None:
    """A shorter sentence that ``s`` entails: one adjunct or trailing clause dropped."""
    cuts = CUTS[:]
    rng.shuffle(cuts)
    for rx in cuts:
        m = rx.search(s)
        if m:
            repl = "," if m.group().endswith(",") and m.group().startswith(",") else ""
            out = (s[: m.start()] + repl + s[m.end() :]).strip().rstrip(",")
            if out and len(out.split()) >= 5 and out != s:
                out = out[0].upper() + out[1:]
                return out if out.endswith((".", "?", "!", '"', "”")) else out + "."
    return None


def generate(articles: list[str], seed: int = 13, per_article: int = 20) -> list[NLIExample]:
    """Synthetic pairs, roughly balanced across the three labels."""
    rng = random.Random(seed)
    seg = pysbd.Segmenter(language="en", clean=False)
    out: list[NLIExample] = []
    for text in articles:
        sents = sentences(text, seg)
        if len(sents) < 3:
            continue
        names = sorted({m.group(1) for s in sents for m in NAME.finditer(s) if m.group(1) not in STOP_NAMES})
        speakers = sorted({m.group(1) for s in sents for m in SAID.finditer(s) if m.group(1) not in STOP_NAMES})
        picked = rng.sample(sents, min(per_article, len(sents)))
        for s in picked:
            kind = rng.random()
            if kind < 0.45:
                base = entail(s, rng) if rng.random() < 0.3 else None
                hyp = contradict(base or s, names, speakers, rng)
                if hyp:
                    out.append(NLIExample(s, hyp, "contradiction", "synthetic-news"))
            elif kind < 0.8:
                hyp = entail(s, rng)
                if hyp:
                    out.append(NLIExample(s, hyp, "entailment", "synthetic-news"))
                elif rng.random() < 0.5:
                    out.append(NLIExample(s, s, "entailment", "synthetic-news"))
            else:
                other = rng.choice([x for x in sents if x != s])
                hyp = entail(other, rng) or other
                out.append(NLIExample(s, hyp, "neutral", "synthetic-news"))
    return out
