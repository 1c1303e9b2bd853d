"""Events stage: group articles that report the same event, wire copies and independent reports alike.

Two articles are scored by what an event shares across outlets however it is worded: the similarity of their mean
sentence vectors, of their leads and of their titles, and the names they share (weighted by how rare each name is in
the run, so background names count little). Near-copies of each other's sentences (a wire story and its rewrite)
link two articles outright. Articles published more than ``events.max_days`` apart are never linked, so last year's
flood is not this year's. Events are clusters by average linkage over those scores (``events.threshold``), so one
strong link cannot chain two events together; an explicit ``event`` in the input overrides all of this.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from checker.config import EventsConfig
from checker.lexicon import MONTHS
from checker.rarity import weight
from checker.records import Article, Event
from checker.unionfind import UnionFind

if TYPE_CHECKING:  # pragma: no cover
    from checker.state import Context, State


def overlap(ea: np.ndarray, eb: np.ndarray, close: float) -> float:
    """Share of the shorter article's sentences with a match at or above ``close`` in the other."""
    if len(ea) == 0 or len(eb) == 0:
        return 0.0
    sim = ea @ eb.T
    short_axis = 1 if len(ea) <= len(eb) else 0
    best = sim.max(axis=short_axis)
    return float((best >= close).mean())


def parse_date(value: str | None) -> datetime | None:
    """A naive datetime from an ISO-like published string, or None."""
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=None)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_FULL_DATES = (
    # "Nov. 16, 2023", "September 06,2024", "October 16 2021"
    re.compile(rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y>(?:19|20)\d\d)\b", re.I),
    # "16 November 2023"
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    # "2023-11-17", "2023. 11. 17", "2023/11/17"
    re.compile(r"\b(?P<y>(?:19|20)\d\d)(?P<sep>[-./])\s?(?P<m>\d{1,2})(?P=sep)\s?(?P<d>\d{1,2})\b"),
)


def stated_date(text: str) -> datetime | None:
    """The latest full date (day, month and year) the text states, or None: the day an undated scrape reports on
    is seldom before the dates it names ("Published September 06, 2024", "Nov. 16, 2023")."""
    found = []
    for rx in _FULL_DATES:
        for m in rx.finditer(text):
            month = m.group("m")
            mon = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
            try:
                found.append(datetime(int(m.group("y")), mon or 0, int(m.group("d"))))
            except ValueError:
                continue
    return max(found) if found else None


def unit(v: np.ndarray) -> np.ndarray:
    """``v`` scaled to length 1 (zero stays zero)."""
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _name_keys(texts: list[str]) -> set[str]:
    """Lower-cased names and their last words ("Fumio Kishida" also counts as "kishida")."""
    out: set[str] = set()
    for t in texts:
        low = t.lower()
        if len(low) > 2:
            out.update((low, low.split()[-1]))
    return out


def _names(a: Article, first: int | None = None) -> set[str]:
    return _name_keys([n.text for s in a.sentences[:first] if s.claims for n in s.claims.names])


def _lead_names(a: Article, k: int) -> set[str]:
    from checker.claims import names

    return _names(a, k) | _name_keys([n.text for n in names(a.title or "")])


class Scorer:
    """Pairwise "same event" scores of a run's articles, and why. A pair's score depends on its two articles only."""

    def __init__(self, articles: list[Article], titles: np.ndarray | None, cfg: EventsConfig) -> None:
        self.cfg = cfg
        self.articles = articles
        dim = next((a.vectors.shape[1] for a in articles if a.vectors is not None and len(a.vectors)), 1)
        vecs = [a.vectors if a.vectors is not None and len(a.vectors) else np.zeros((1, dim)) for a in articles]
        self.vecs = vecs
        self.mean = np.stack([unit(v.mean(0)) for v in vecs]) if articles else np.zeros((0, dim))
        self.lead = np.stack([unit(v[: cfg.lead_sentences].mean(0)) for v in vecs]) if articles else self.mean
        self.title = titles if titles is not None and len(titles) == len(articles) else self.lead
        self.titled = [bool(a.title) and titles is not None for a in articles]
        self.names = [_names(a) for a in articles]
        self.lead_names = [_lead_names(a, cfg.lead_names_sentences) for a in articles]
        self.weights = {n: weight(n, cfg.common_zipf) for ns in self.names + self.lead_names for n in ns}
        self.published = [parse_date(a.published) for a in articles]
        stated = [
            stated_date(a.text) if cfg.date_from_text and d is None else None
            for a, d in zip(articles, self.published, strict=True)
        ]
        self.dates = [d or t for d, t in zip(self.published, stated, strict=True)]

    def _apart(self, dates: list[datetime | None], i: int, j: int) -> bool:
        di, dj = dates[i], dates[j]
        return di is not None and dj is not None and abs((di - dj).days) > self.cfg.max_days

    def too_far(self, i: int, j: int) -> bool:
        """Dated (published, or else by their text) further apart than ``events.max_days``. A date read from the
        text on the other's month and day in another year is a garbled year ("September 6, 2023" in a rewrite of a
        story of September 6, 2024), not another event: it rules nothing out."""
        di, dj = self.dates[i], self.dates[j]
        stated = self.published[i] is None or self.published[j] is None
        if stated and di is not None and dj is not None and (di.month, di.day) == (dj.month, dj.day):
            return False
        return self._apart(self.dates, i, j)

    def published_apart(self, i: int, j: int) -> bool:
        """Published further apart than ``events.max_days``: never one event (a date read from the text, which a
        garbled rewrite may get wrong, only lowers the pair's score)."""
        return self._apart(self.published, i, j)

    def _shared(self, a: set[str], b: set[str]) -> float:
        """Weight of the shared names over the weight of the smaller article's names (a short rewrite names a subset
        of what the wire story names), each name weighted by how rare it is in English."""
        wa, wb = (sum(self.weights[n] for n in x) for x in (a, b))
        least = min(wa, wb)
        return sum(self.weights[n] for n in a & b) / least if least else 0.0

    def shared_names(self, i: int, j: int) -> float:
        """Rarity-weighted overlap of the names two articles mention."""
        return self._shared(self.names[i], self.names[j])

    def shared_lead_names(self, i: int, j: int) -> float:
        """The same for the names of their titles and first sentences: who and where the story is about."""
        return self._shared(self.lead_names[i], self.lead_names[j])

    def title_similarity(self, i: int, j: int) -> float:
        """Title against title when both have one; else lead against lead (most rewrites have no title)."""
        if self.titled[i] and self.titled[j]:
            return float(self.title[i] @ self.title[j])
        return float(self.lead[i] @ self.lead[j])

    def score(self, i: int, j: int) -> float:
        """How surely articles ``i`` and ``j`` report one event; -1 when their dates rule it out."""
        c = self.cfg
        if self.too_far(i, j):
            return -1.0
        s = (
            c.weight_mean * float(self.mean[i] @ self.mean[j])
            + c.weight_lead * float(self.lead[i] @ self.lead[j])
            + c.weight_title * self.title_similarity(i, j)
            + c.weight_names * self.shared_names(i, j)
        )
        if overlap(self.vecs[i], self.vecs[j], c.close) >= c.min_overlap:
            return max(s, 1.0)  # near-copies: a wire story and its rewrite
        undated = self.dates[i] is None or self.dates[j] is None
        if undated and self.shared_lead_names(i, j) < c.min_lead_names:
            return min(s, c.undated_cap)  # same topic is not same event: without dates, the leads must share actors
        return s

    def reason(self, i: int, j: int) -> str:
        a, b = self.articles[i], self.articles[j]
        shared = sorted(self.names[i] & self.names[j], key=lambda n: (-self.weights[n], n))[:4]
        copies = overlap(self.vecs[i], self.vecs[j], self.cfg.close)
        parts = [
            f"content {float(self.mean[i] @ self.mean[j]):.2f}",
            f"lead {float(self.lead[i] @ self.lead[j]):.2f}",
            f"title {self.title_similarity(i, j):.2f}",
        ]
        if shared:
            parts.append("shared names: " + ", ".join(shared))
        parts.append(f"lead names {self.shared_lead_names(i, j):.2f}")
        if copies >= self.cfg.min_overlap:
            parts.append(f"{copies:.0%} of sentences are near-copies")
        di, dj = self.dates[i], self.dates[j]
        if di is not None and dj is not None:
            how = "published" if self.published[i] and self.published[j] else "dated (from the text)"
            parts.append(f"{how} {abs((di - dj).days)} day(s) apart")
        return f"{a.id} ~ {b.id}: " + "; ".join(parts)


def candidates(mean: np.ndarray, prefilter: float, cap: int, block: int = 1024) -> list[tuple[int, int]]:
    """Article pairs (i < j) worth scoring: each article's at most ``cap`` nearest by mean vector, at least
    ``prefilter`` similar. Computed ``block`` rows at a time, so memory stays ``block`` x articles."""
    n = len(mean)
    out: set[tuple[int, int]] = set()
    for lo in range(0, n, block):
        sim = mean[lo : lo + block] @ mean.T
        for r, row in enumerate(sim):
            i = lo + r
            row[i] = -np.inf
            k = min(cap, n - 1)
            if k <= 0:
                continue
            near = np.argpartition(-row, k - 1)[:k] if k < n - 1 else np.arange(n)
            for j in near[row[near] >= prefilter]:
                out.add((min(i, int(j)), max(i, int(j))))
    return sorted(out)


def group_events(articles: list[Article], cfg: EventsConfig, titles: np.ndarray | None = None) -> list[Event]:
    """Events ("E1", "E2", ...) numbered by their first article; articles with one explicit ``event`` stay together.

    Each article is scored only against its ``max_candidates`` nearest articles whose mean vectors are at least
    ``prefilter`` similar, and clustering runs inside the connected parts of that sparse graph, so cost and memory
    grow with the number of articles, not its square.
    """
    n = len(articles)
    if n == 0:
        return []
    sc = Scorer(articles, titles, cfg)
    explicit = [a.event for a in articles]
    scores: dict[tuple[int, int], float] = {}
    parts: UnionFind[int] = UnionFind(range(n))
    for i, k in candidates(sc.mean, cfg.prefilter, cfg.max_candidates):
        if explicit[i] and explicit[k]:
            continue
        scores[(i, k)] = s = sc.score(i, k)
        if s >= cfg.threshold:
            parts.union(i, k)
    by_name: dict[str, list[int]] = {}
    for i, ev in enumerate(explicit):
        if ev:
            by_name.setdefault(ev, []).append(i)
            parts.union(by_name[ev][0], i)
    clusters: list[list[int]] = []
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(parts.find(i), []).append(i)
    for group in members.values():
        if len(group) <= cfg.max_part_scored:  # linkage on every pair of the part, so no pair is a guess
            for x, y in combinations(group, 2):
                if (x, y) not in scores and not (explicit[x] and explicit[y]):
                    scores[(x, y)] = sc.score(x, y)
        clusters.extend(_average_linkage(group, scores, explicit, cfg.threshold, sc.published_apart))
    clusters.sort(key=min)
    return [_event(f"E{num}", sorted(cl), articles, explicit, sc, cfg) for num, cl in enumerate(clusters, 1)]


def _event(
    name: str, cl: list[int], articles: list[Article], explicit: list[str | None], sc: Scorer, cfg: EventsConfig
) -> Event:
    """One event of the articles ``cl`` (in order): why they are one, and which of them copy one another."""
    why = []
    for x in cl:
        if explicit[x]:
            why.append(f"{articles[x].id}: event {explicit[x]!r} given in the input")
    for x, y in zip(cl, cl[1:], strict=False):
        if not (explicit[x] and explicit[x] == explicit[y]):
            why.append(sc.reason(x, y))
    copies = tuple(
        (articles[x].id, articles[y].id)
        for x, y in combinations(cl, 2)
        if overlap(sc.vecs[x], sc.vecs[y], cfg.close) >= cfg.min_overlap
    )
    return Event(name, tuple(articles[x].id for x in cl), tuple(why), copies)


def _average_linkage(
    group: list[int],
    scores: dict[tuple[int, int], float],
    explicit: list[str | None],
    threshold: float,
    apart: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Merge the two clusters with the highest mean pairwise score while it is at least ``threshold``.

    The mean is over the pairs that were scored (a pair never scored is unknown, not a vote against); articles given
    the same explicit event start as one cluster and two different explicit events never merge, nor do two clusters
    holding articles that ``apart`` says cannot be one event (published too far apart): an undated article joins
    the cluster it fits best, but it never bridges last year's meeting and this year's. Sums and counts of
    pair scores between clusters are kept in matrices and updated on each merge (Lance-Williams), so a part of c
    articles costs c x c memory and about c^3 / 2 additions.
    """
    pos = {a: r for r, a in enumerate(group)}
    c = len(group)
    if c == 1:
        return [list(group)]
    pair, known = _pair_matrices(group, pos, scores, explicit)
    members, labels, rows = _seed_clusters(group, explicit)
    m = len(members)
    sums = np.array([[pair[np.ix_(ra, rb)].sum() for rb in rows] for ra in rows])
    counts = np.array([[known[np.ix_(ra, rb)].sum() for rb in rows] for ra in rows])
    alive = np.ones(m, dtype=bool)
    blocked = _blocked(group, labels, rows, apart)
    while alive.sum() > 1:
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(counts > 0, sums / np.maximum(counts, 1), -np.inf)
        mean[blocked | ~alive[:, None] | ~alive[None, :]] = -np.inf
        flat = int(np.argmax(mean))
        a, b = divmod(flat, m)
        if mean[a, b] < threshold:
            break
        a, b = min(a, b), max(a, b)
        members[a] += members[b]
        for mat in (sums, counts):
            mat[a, :] += mat[b, :]
            mat[:, a] += mat[:, b]
        blocked[a, :] |= blocked[b, :]
        blocked[:, a] |= blocked[:, b]
        blocked[a, a] = True
        alive[b] = False
    return [members[i] for i in range(m) if alive[i]]


def _pair_matrices(
    group: list[int], pos: dict[int, int], scores: dict[tuple[int, int], float], explicit: list[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    """The part's pair scores and which of them are known; two explicit events score 1 (the same) or -1."""
    c = len(group)
    pair = np.zeros((c, c))
    known = np.zeros((c, c))
    for (x, y), s in scores.items():
        if x in pos and y in pos:
            pair[pos[x], pos[y]] = pair[pos[y], pos[x]] = s
            known[pos[x], pos[y]] = known[pos[y], pos[x]] = 1.0
    for r, a in enumerate(group):
        for q in range(r + 1, c):
            b = group[q]
            if explicit[a] and explicit[b]:
                pair[r, q] = pair[q, r] = 1.0 if explicit[a] == explicit[b] else -1.0
                known[r, q] = known[q, r] = 1.0
    return pair, known


def _seed_clusters(
    group: list[int], explicit: list[str | None]
) -> tuple[list[list[int]], list[str | None], list[list[int]]]:
    """The starting clusters: one per article, except that articles of one explicit event start as one. Returns
    their members, their explicit event (or None) and their rows in the part's matrices."""
    members: list[list[int]] = []
    labels: list[str | None] = []
    rows: list[list[int]] = []
    seeded: dict[str, int] = {}
    for r, a in enumerate(group):
        lab = explicit[a]
        if lab and lab in seeded:
            members[seeded[lab]].append(a)
            rows[seeded[lab]].append(r)
            continue
        if lab:
            seeded[lab] = len(members)
        members.append([a])
        labels.append(lab)
        rows.append([r])
    return members, labels, rows


def _blocked(
    group: list[int], labels: list[str | None], rows: list[list[int]], apart: Callable[[int, int], bool] | None
) -> np.ndarray:
    """Which starting clusters may never merge: two different explicit events, or articles published too far apart
    (and each cluster with itself)."""
    m = len(labels)
    blocked = np.array([[bool(la and lb and la != lb) for lb in labels] for la in labels], dtype=bool)
    if apart is not None:
        for x in range(m):
            for y in range(x + 1, m):
                if any(apart(group[r], group[q]) for r in rows[x] for q in rows[y]):
                    blocked[x, y] = blocked[y, x] = True
    np.fill_diagonal(blocked, True)
    return blocked


def group(state: State, ctx: Context) -> State:
    """Stage: group the articles into events (titles embedded through the cache)."""
    arts = list(state.articles)
    titles = ctx.embed([a.title or (a.sentences[0].text if a.sentences else a.id) for a in arts])
    return replace(state, events=tuple(group_events(arts, ctx.cfg.events, titles)))
