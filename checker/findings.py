"""Turn judged pairs into findings: one per pair and kind, with severity and evidence.

Severity (also in the README):
- high: the two sentences cannot both be true of the same event: NLI contradiction
  at or above ``findings.high`` in both directions on average, or the same
  statement (similarity >= 0.75) attributed to different speakers;
- medium: contradiction at or above ``findings.medium``, or a weaker attribution
  mismatch;
- low: contradiction at or above ``findings.contradiction`` only.
"""

from __future__ import annotations

import hashlib

from checker import claims
from checker.config import FindingsConfig
from checker.records import Finding, Pair, Span

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
KINDS = ("contradiction", "attribution", "quote", "number", "date", "entity", "polarity")


def finding_id(kind: str, a: str, b: str) -> str:
    """Stable id: a hash of the kind and the two sentences (order-independent)."""
    x, y = sorted((a, b))
    return hashlib.sha1(f"{kind}\x00{x}\x00{y}".encode("utf-8")).hexdigest()[:12]


def contradiction_score(p: Pair) -> float:
    return (p.nli_ab.get("contradiction", 0.0) + p.nli_ba.get("contradiction", 0.0)) / 2


def _contradiction(p: Pair, cfg: FindingsConfig) -> Finding | None:
    c = contradiction_score(p)
    if c < cfg.contradiction:
        return None
    sev = "high" if c >= cfg.high else "medium" if c >= cfg.medium else "low"
    expl = (f"The NLI model reads these as contradicting each other (contradiction {c:.2f}; "
            f"{p.a.source} -> {p.b.source} {p.nli_ab['contradiction']:.2f}, "
            f"{p.b.source} -> {p.a.source} {p.nli_ba['contradiction']:.2f}).")
    return Finding(finding_id("contradiction", p.a.text, p.b.text), "contradiction", sev, c, p, expl)


def _attribution(p: Pair, speakers_a: list[claims.Attribution], speakers_b: list[claims.Attribution],
                 cfg: FindingsConfig) -> Finding | None:
    if p.a.article == p.b.article:  # one article quoting two people is not a misattribution
        return None
    if not speakers_a or not speakers_b or p.similarity < max(cfg.min_similarity, 0.72):
        return None
    for x in speakers_a:
        for y in speakers_b:
            if claims.same_speaker(x.speaker, y.speaker):
                return None
    sev = "high" if p.similarity >= 0.75 else "medium"
    who_a = ", ".join(dict.fromkeys(a.speaker for a in speakers_a))
    who_b = ", ".join(dict.fromkeys(b.speaker for b in speakers_b))
    expl = f"{p.a.article} attributes it to {who_a}; {p.b.article} to {who_b}."
    return Finding(finding_id("attribution", p.a.text, p.b.text), "attribution", sev, p.similarity, p, expl,
                   [a.span for a in speakers_a], [b.span for b in speakers_b])


def pair_findings(p: Pair, cfg: FindingsConfig, speakers_a=None, speakers_b=None) -> list[Finding]:
    """All findings for one judged pair (at most one per kind)."""
    out = []
    f = _contradiction(p, cfg)
    if f:
        out.append(f)
    if speakers_a is not None and speakers_b is not None:
        f = _attribution(p, speakers_a, speakers_b, cfg)
        if f:
            out.append(f)
    return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Severity first, then score (highest first), then id for a stable order."""
    uniq: dict[str, Finding] = {}
    for f in findings:
        if f.id not in uniq or f.score > uniq[f.id].score:
            uniq[f.id] = f
    return sorted(uniq.values(), key=lambda f: (SEVERITY_RANK[f.severity], -f.score, f.id))


def _span_list(spans: list[Span]) -> list[dict]:
    return [{"start": s.start, "end": s.end, "label": s.label} for s in spans]
