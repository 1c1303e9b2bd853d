"""Turn judged pairs and their claims into findings: one per pair and kind.

Severity (the README repeats this rule):
- high: the two sentences cannot both be true of the same event: the same
  statement given to different speakers, a changed exact number or date, a
  different name in an otherwise matching sentence, opposite polarity about the
  same point, or an NLI contradiction of at least ``findings.high`` on a pair
  at least 0.6 similar that a claim-level finding backs (NLI alone: medium);
- medium: a changed direct quote, a hedge turned into certainty ("about 30" ->
  "30"), weaker versions of the above (lower similarity), NLI contradiction of
  at least ``findings.medium``;
- low: wording that only shifts emphasis: a hedged number a little off
  ("roughly 30" / "35"), NLI contradiction of at least ``findings.contradiction``.
"""

from __future__ import annotations

import difflib
import hashlib
import re

from checker import claims as C
from checker.config import FindingsConfig
from checker.records import Finding, Pair, Span

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
KINDS = ("contradiction", "attribution", "quote", "number", "date", "entity", "polarity")


def finding_id(kind: str, a: str, b: str) -> str:
    """Stable id: a hash of the kind and the two sentences (order-independent)."""
    x, y = sorted((a, b))
    return hashlib.sha1(f"{kind}\x00{x}\x00{y}".encode("utf-8")).hexdigest()[:12]


def _finding(kind: str, sev: str, score: float, p: Pair, expl: str, ev_a=(), ev_b=()) -> Finding:
    return Finding(finding_id(kind, p.a.text, p.b.text), kind, sev, float(score), p, expl, list(ev_a), list(ev_b))


def contradiction_score(p: Pair) -> float:
    return (p.nli_ab.get("contradiction", 0.0) + p.nli_ba.get("contradiction", 0.0)) / 2


def _q(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def contradiction(p: Pair, cfg: FindingsConfig) -> Finding | None:
    c = contradiction_score(p)
    if c < cfg.contradiction:
        return None
    sev = "high" if c >= cfg.high and p.similarity >= 0.6 else "medium" if c >= cfg.medium else "low"
    expl = (f"The NLI model reads these as contradicting each other (contradiction {c:.2f}: "
            f"{p.a.article} -> {p.b.article} {p.nli_ab['contradiction']:.2f}, "
            f"{p.b.article} -> {p.a.article} {p.nli_ba['contradiction']:.2f}).")
    return _finding("contradiction", sev, c, p, expl)


def attribution(p: Pair, ca: C.SentenceClaims, cb: C.SentenceClaims) -> Finding | None:
    """The same statement attributed to different speakers (across articles only)."""
    sa = [s for s in ca.speakers if not (s.pronoun and s.speaker.lower() in {"he", "she", "they"})]
    sb = [s for s in cb.speakers if not (s.pronoun and s.speaker.lower() in {"he", "she", "they"})]
    if p.a.article == p.b.article or not sa or not sb or p.similarity < 0.72:
        return None
    if any(C.same_speaker(x.speaker, y.speaker) for x in sa for y in sb):
        return None
    who_a = ", ".join(dict.fromkeys(s.speaker for s in sa))
    who_b = ", ".join(dict.fromkeys(s.speaker for s in sb))
    sev = "high" if p.similarity >= 0.75 else "medium"
    return _finding("attribution", sev, p.similarity, p, f"{p.a.article} attributes it to {who_a}; "
                    f"{p.b.article} to {who_b}.", [s.span for s in sa], [s.span for s in sb])


def quote(p: Pair, ca: C.SentenceClaims, cb: C.SentenceClaims) -> Finding | None:
    """The same speaker quoted in different words."""
    if p.a.article == p.b.article or not ca.quotes or not cb.quotes:
        return None
    if ca.speakers and cb.speakers and not any(C.same_speaker(x.speaker, y.speaker)
                                               for x in ca.speakers for y in cb.speakers):
        return None
    qa = [p.a.text[s.start:s.end] for s in ca.quotes]
    qb = [p.b.text[s.start:s.end] for s in cb.quotes]
    if any(C.same_words(x, y) for x in qa for y in qb):
        return None
    speaker = (ca.speakers or cb.speakers)
    who = speaker[0].speaker if speaker else "the speaker"
    return _finding("quote", "medium", p.similarity, p,
                    f"Both quote {who}, in different words: “{_q(qa[0])}” ({p.a.article}) vs “{_q(qb[0])}” "
                    f"({p.b.article}).", ca.quotes, cb.quotes)


def _close(x: float, y: float, tol: float) -> bool:
    return abs(x - y) <= tol * max(abs(x), abs(y), 1e-9)


def number(p: Pair, ca: C.SentenceClaims, cb: C.SentenceClaims, cfg: FindingsConfig) -> Finding | None:
    """The same kind of quantity with a different value, or a hedge dropped."""
    if p.similarity < cfg.min_similarity:
        return None
    best = None
    for qa in ca.quantities:
        if not qa.unit:
            continue
        same_unit = [qb for qb in cb.quantities if qb.unit == qa.unit and qb.ordinal == qa.ordinal]
        if not same_unit or any(qb.value == qa.value and bool(qb.hedge) == bool(qa.hedge) for qb in same_unit):
            continue
        qb = min(same_unit, key=lambda q: abs(q.value - qa.value))
        if qb.value == qa.value:
            sev, what = "medium", "a hedge turned into certainty"
        elif qa.hedge or qb.hedge:
            sev, what = ("low", "hedged and close") if _close(qa.value, qb.value, 0.2) else ("medium", "hedged")
        else:
            sev, what = ("high" if p.similarity >= 0.6 else "medium"), "different values"
        cand = (SEVERITY_RANK[sev], qa, qb, sev, what)
        if best is None or cand[0] < best[0]:
            best = cand
    if best is None:
        return None
    _, qa, qb, sev, what = best
    ta, tb = p.a.text[qa.span.start:qa.span.end], p.b.text[qb.span.start:qb.span.end]
    return _finding("number", sev, p.similarity, p, f"{p.a.article} says “{ta}”; {p.b.article} says “{tb}” ({what}).",
                    [qa.span], [qb.span])


def date(p: Pair, ca: C.SentenceClaims, cb: C.SentenceClaims, cfg: FindingsConfig) -> Finding | None:
    """The same kind of date (weekday, day, year, time) with a different value."""
    if p.similarity < cfg.min_similarity:
        return None
    for da in ca.dates:
        if da.kind == "relative":
            continue
        same_kind = [db for db in cb.dates if db.kind == da.kind]
        if not same_kind or any(db.value == da.value for db in same_kind):
            continue
        db = same_kind[0]
        if da.kind in ("monthday", "month") and ("-" in da.value) != ("-" in db.value) and \
                da.value[-5:] == db.value[-5:]:
            continue  # "Nov. 16" vs "Nov. 16, 2023"
        sev = "high" if p.similarity >= 0.6 else "medium"
        ta, tb = p.a.text[da.span.start:da.span.end], p.b.text[db.span.start:db.span.end]
        return _finding("date", sev, p.similarity, p, f"{p.a.article} says {ta}; {p.b.article} says {tb}.",
                        [da.span], [db.span])
    return None


WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def _overlaps(span: Span, lo: int, hi: int) -> bool:
    return span.start < hi and span.end > lo


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]


def entity(p: Pair, ca: C.SentenceClaims, cb: C.SentenceClaims, aliases: C.Aliases) -> Finding | None:
    """A different name in the same place of two otherwise matching sentences."""
    if p.similarity < 0.7:
        return None
    ta, tb = _tokens(p.a.text), _tokens(p.b.text)
    sm = difflib.SequenceMatcher(a=[t[0] for t in ta], b=[t[0] for t in tb], autojunk=False)
    if sm.ratio() < 0.5:
        return None
    speaker_a = [s.span for s in ca.speakers]
    speaker_b = [s.span for s in cb.speakers]
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "replace":
            continue
        lo_a, hi_a = ta[i1][1], ta[i2 - 1][2]
        lo_b, hi_b = tb[j1][1], tb[j2 - 1][2]
        na = [n for n in ca.names if _overlaps(n.span, lo_a, hi_a)]
        nb = [n for n in cb.names if _overlaps(n.span, lo_b, hi_b)]
        na = [n for n in na if not any(_overlaps(s, n.span.start, n.span.end) for s in speaker_a)]
        nb = [n for n in nb if not any(_overlaps(s, n.span.start, n.span.end) for s in speaker_b)]
        if not na or not nb:
            continue
        if any(aliases.same(x.text, y.text) for x in na for y in nb):
            continue
        if any(aliases.same(x.text, y.text) for x in na for y in cb.names) or \
                any(aliases.same(x.text, y.text) for x in ca.names for y in nb):
            continue  # the name is elsewhere in the other sentence: reordered, not replaced
        sev = "high" if p.similarity >= 0.8 else "medium"
        return _finding("entity", sev, p.similarity, p,
                        f"{p.a.article} names {na[0].text}; {p.b.article} names {nb[0].text} in the same place.",
                        [n.span for n in na], [n.span for n in nb])
    return None


def polarity(p: Pair, ca: C.SentenceClaims, cb: C.SentenceClaims) -> Finding | None:
    """Opposite stances on the same point: opposed predicates, or a negation added or dropped."""
    hit = C.opposed(ca.polarity, cb.polarity)
    if hit:
        x, y = hit
        shared = len(x.object_words & y.object_words)
        sev = "high" if p.similarity >= 0.6 or shared >= 2 else "medium"
        ta, tb = p.a.text[x.span.start:x.span.end], p.b.text[y.span.start:y.span.end]
        return _finding("polarity", sev, max(p.similarity, 0.5), p,
                        f"{p.a.article} says “{ta}”, {p.b.article} says “{tb}” about the same point "
                        f"({', '.join(sorted(x.object_words & y.object_words))}).", [x.span], [y.span])
    if p.similarity < 0.8 or bool(ca.negations) == bool(cb.negations):
        return None
    ta, tb = _tokens(p.a.text), _tokens(p.b.text)
    sm = difflib.SequenceMatcher(a=[t[0] for t in ta], b=[t[0] for t in tb], autojunk=False)
    if sm.ratio() < 0.6:
        return None
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        lo_a, hi_a = (ta[i1][1], ta[i2 - 1][2]) if i2 > i1 else (0, 0)
        lo_b, hi_b = (tb[j1][1], tb[j2 - 1][2]) if j2 > j1 else (0, 0)
        na = [n for n in ca.negations if _overlaps(n, lo_a, hi_a)]
        nb = [n for n in cb.negations if _overlaps(n, lo_b, hi_b)]
        if bool(na) != bool(nb):
            art, other = (p.a.article, p.b.article) if na else (p.b.article, p.a.article)
            span, text = (na[0], p.a.text) if na else (nb[0], p.b.text)
            return _finding("polarity", "high", p.similarity, p,
                            f"{art} negates it (“{text[span.start:span.end]}”); {other} does not.", na, nb)
    return None


def pair_findings(p: Pair, cfg: FindingsConfig, ca: C.SentenceClaims | None = None,
                  cb: C.SentenceClaims | None = None, aliases: C.Aliases | None = None) -> list[Finding]:
    """All findings for one judged pair (at most one per kind)."""
    nli = contradiction(p, cfg)
    found: list[Finding | None] = []
    if ca is not None and cb is not None:
        aliases = aliases or C.learn_aliases([])
        found = [attribution(p, ca, cb), quote(p, ca, cb), number(p, ca, cb, cfg), date(p, ca, cb, cfg),
                 entity(p, ca, cb, aliases), polarity(p, ca, cb)]
    claims_found = [f for f in found if f is not None]
    if nli is not None and nli.severity == "high" and not claims_found:
        # the small offline NLI model alone is not enough to say two sentences cannot both be true
        nli.severity = "medium"
        nli.explanation += " No claim-level difference backs it, so it is not rated high."
    return ([nli] if nli else []) + claims_found


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Severity first, then score (highest first), then id for a stable order.

    One finding per kind and sentence pair: when a merged (two-sentence) side
    repeats a finding of its first sentence, the stronger one is kept.
    """
    def rank(f: Finding) -> tuple:
        return SEVERITY_RANK[f.severity], f.pair.a.parts + f.pair.b.parts, -f.score

    uniq: dict[tuple, Finding] = {}
    for f in findings:
        p = f.pair
        key = (f.kind, p.a.article, p.a.start, p.b.article, p.b.start)
        if key not in uniq or rank(f) < rank(uniq[key]):
            uniq[key] = f
    return sorted(uniq.values(), key=lambda f: (SEVERITY_RANK[f.severity], -f.score, f.id))
