"""Word lists shared by the claim extractors, the findings and the training data: one copy of each."""

from __future__ import annotations

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
# lower-case month names and abbreviations -> month number
MONTHS: dict[str, int] = {
    **{m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}

# demonyms and country synonyms -> a canonical country name
DEMONYMS: dict[str, str] = {
    "japanese": "japan", "korean": "korea", "south korean": "south korea", "north korean": "north korea",
    "american": "us", "chinese": "china", "russian": "russia", "british": "britain", "french": "france",
    "german": "germany", "indian": "india", "ukrainian": "ukraine", "israeli": "israel", "iranian": "iran",
    "australian": "australia", "canadian": "canada", "italian": "italy", "spanish": "spain", "turkish": "turkey",
    "mexican": "mexico", "brazilian": "brazil", "u.s.": "us", "united states": "us", "washington": "us",
}

# capitals and other names used for their country
CAPITALS: dict[str, str] = {
    "washington": "us", "united states": "us", "u.s.": "us", "america": "us", "tokyo": "japan", "seoul": "south korea",
    "pyongyang": "north korea", "beijing": "china", "moscow": "russia", "kremlin": "russia", "kyiv": "ukraine",
    "kiev": "ukraine", "london": "britain", "united kingdom": "britain", "uk": "britain", "u.k.": "britain",
    "paris": "france", "berlin": "germany", "rome": "italy", "madrid": "spain", "ottawa": "canada",
    "canberra": "australia", "new delhi": "india", "delhi": "india", "tehran": "iran", "jerusalem": "israel",
    "ankara": "turkey", "brussels": "eu", "european union": "eu", "taipei": "taiwan", "manila": "philippines",
    "hanoi": "vietnam", "bangkok": "thailand", "jakarta": "indonesia", "islamabad": "pakistan", "cairo": "egypt",
    "riyadh": "saudi arabia", "doha": "qatar", "mexico city": "mexico", "brasilia": "brazil", "tel aviv": "israel",
}

# words of a speaker string that are titles, not the speaker's name
SPEAKER_TITLES = frozenset({
    "prime", "minister", "president", "mr", "mrs", "ms", "dr", "the", "new", "former", "chief", "secretary",
    "spokesperson", "spokesman", "spokeswoman", "leader", "a", "in", "separate", "joint", "senior", "top"})

# institutional speakers: "the ministry said", "police said"
ROLES = frozenset({
    "office", "ministry", "government", "police", "officials", "official", "agency", "department", "court",
    "statement", "team", "campaign", "company", "military", "army", "council", "airline", "authorities",
    "prosecutor", "prosecutors", "firm", "bank", "club", "union", "hospital", "regulator", "regulators",
    "investigators", "lawyer", "lawyers", "attorney", "attorneys", "embassy", "university", "school", "board",
    "committee", "commission", "panel", "authority", "source", "sources"})

# titles before a person's name ("Prime Minister Fumio Kishida")
PERSON_TITLES = ("Prime Minister", "President", "Chancellor", "Governor", "Senator", "Mayor", "Judge", "Coach",
                 "Minister")
