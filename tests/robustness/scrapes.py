"""Builders of hostile and broken scrapes, generated in the tests (never copied from real data)."""

from __future__ import annotations

import random

from checker.clean import ENGLISH_WORDS

WORDS = [
    *ENGLISH_WORDS,  # the function words the English check counts, then words of a story
    "city",
    "council",
    "budget",
    "vote",
    "police",
    "report",
    "government",
    "minister",
    "election",
    "market",
    "price",
    "water",
    "school",
    "road",
    "fire",
    "storm",
    "court",
    "week",
    "today",
    "people",
    "really",
    "think",
    "just",
    "like",
    "know",
    "good",
    "bad",
    "never",
    "always",
    "because",
    "maybe",
    "thing",
    "lol",
    "yes",
    "no",
    "agree",
    "comment",
    "reply",
    "post",
    "thanks",
    "read",
    "article",
    "news",
    "story",
    "point",
    "man",
    "woman",
    "time",
    "day",
    "way",
    "world",
    "life",
    "hand",
    "part",
    "child",
    "eye",
    "place",
    "work",
]
REPEATED = "The city council approved the new budget on Tuesday after a long debate among its members."


def comment_dump(size: int = 300_000, seed: int = 0, period_every: int = 600) -> str:
    """About ``size`` characters of words with almost no sentence ends (a broken scrape of a comment dump):
    one sentence end every ``period_every`` words, long lines."""
    rnd = random.Random(seed)
    out: list[str] = []
    n = 0
    words = 0
    while n < size:
        w = rnd.choice(WORDS)
        words += 1
        if words % period_every == 0:
            w += ". " + rnd.choice(WORDS).capitalize()
        if words % 2500 == 0:
            w += ".\n"
        out.append(w)
        n += len(w) + 1
    return "Comments\n" + " ".join(out).replace("\n ", "\n") + ".\n"


def repeated_sentence(times: int = 50, sentence: str = REPEATED) -> str:
    """One sentence repeated ``times`` times in one paragraph."""
    return " ".join([sentence] * times) + "\n"
