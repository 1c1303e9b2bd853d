"""Run the heavy stages on a Ray cluster (``checker report ... --ray [ADDRESS]``); the driver writes the report.

The pipeline is the same tuple of stages; five of them get a Ray step first, and the rest runs on the driver:

- ``parse``: the sentences whose facts are not in the cache are parsed by :class:`ParseActor` (spaCy, loaded once
  per actor), which returns each sentence's facts as the facts cache's JSON;
- ``embed`` and the titles of ``group``: the sentences whose vectors are not in the cache go through one Ray Data
  ``map_batches`` job whose batches are encoded by :class:`EmbedActor` (a callable class: each actor loads the
  embedding model once and encodes many batches); the merged sides ``align`` tries go through one more such job;
- ``judge``: the (premise, hypothesis) inputs of every candidate pair that are not in the cache (and are not equal
  texts, see :func:`checker.judge.same_text`) go through one ``map_batches`` job on :class:`NLIActor`;
- ``findings``: events are the units of work: one Ray task per batch of events runs every rule over that event's
  judged pairs, and the driver merges the findings (they point back at the driver's own records).

Only the driver reads and writes the SQLite cache: it looks up what is cached, sends the misses to the workers and
stores what comes back as it arrives, so workers need no shared disk and a rerun sends nothing to the cluster. The
stages themselves then read everything from the cache, which is why a Ray run writes the same ``findings.json``
as a single-process run. With ``--no-cache`` the driver keeps a temporary cache for the run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from checker.cache import Cache, text_key
from checker.errors import CheckerError

if TYPE_CHECKING:  # pragma: no cover
    from checker.config import Config
    from checker.pipeline import Stage, Step
    from checker.records import Finding, Judged
    from checker.state import Context, State

ROW_CHUNK = 2048  # results stored into the cache per transaction, as they arrive


class RayUnavailable(CheckerError):
    """Ray is not installed, or the cluster cannot be reached."""


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RayUnavailable("--ray needs Ray: pip install -c constraints.txt 'checker[ray]'") from exc
    return ray


def connect(address: str | None = None) -> Any:
    """Connect to the Ray cluster at ``address`` (``auto``: the one this machine belongs to); with no address,
    ``$RAY_ADDRESS`` or else a local Ray instance started for this run. An already initialised Ray is reused."""
    ray = _ray()
    if not ray.is_initialized():
        for attempt in range(2):
            try:
                ray.init(address=address or None, include_dashboard=False, log_to_driver=False)
                break
            except Exception as exc:  # Ray raises plain Exception when a local node is slow to start
                ray.shutdown()
                if attempt == 1 or address:
                    where = address or "a local instance"
                    raise RayUnavailable(f"cannot connect to the Ray cluster at {where}: {exc}") from exc
    import logging

    import ray.data

    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)  # Ray Data's per-job INFO lines would bury the summary
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.verbose_progress = False
    return ray


# ----------------------------------------------------------------------------------------------- actors (workers)


class EmbedActor:
    """Holds the embedding model; encodes a batch of texts into unit vectors."""

    def __init__(self, name: str, device: str, batch_size: int, precision: str = "float32") -> None:
        from checker.models import load_embedder

        self.model = load_embedder(name, device, precision)  # precision resolved on the driver
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from checker.models import embed_texts

        # the driver's path (bfloat16 in fixed shapes), so a vector is the same whichever worker made it
        vecs = embed_texts(self.model, [str(t) for t in batch["text"]], self.batch_size)
        return {"i": batch["i"], "row": vecs}


class NLIActor:
    """Holds the NLI cross-encoder; scores a batch of (premise, hypothesis) into probabilities (LABELS order)."""

    def __init__(
        self,
        name: str,
        device: str,
        max_length: int,
        allow_download: bool,
        quantize: bool,
        batch: int,
        precision: str = "float32",
    ):
        from checker.nli import load_nli

        self.model = load_nli(name, device, max_length, allow_download, quantize, precision)
        self.batch_size = batch

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from checker.nli import nli_probs

        pairs = [(str(a), str(b)) for a, b in zip(batch["premise"], batch["hypothesis"], strict=True)]
        return {"i": batch["i"], "row": nli_probs(self.model, pairs, self.batch_size)}


class ParseActor:
    """Holds the spaCy pipeline; reads the facts of a batch of sentences, returned as the facts cache's JSON."""

    def __init__(self, name: str, batch_size: int) -> None:
        from checker.parse import load_spacy

        self.nlp = load_spacy(name)
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from checker.parse import fact_blob, parse_texts

        out = []
        texts = [str(t) for t in batch["text"]]
        published = [str(p) or None for p in batch["published"]]
        for found, ents in parse_texts(self.nlp, texts, published, self.batch_size):  # the parse stage's own reader
            try:
                out.append(fact_blob(found, ents).decode("utf-8"))
            except TypeError:
                out.append("")  # not cacheable: the driver's parse stage reads it itself
        return {"i": batch["i"], "blob": np.asarray(out, dtype=object)}


# ----------------------------------------------------------------------------------------------- driver side


def _actor_options(cfg: Config) -> dict[str, Any]:
    """``map_batches`` options: an autoscaling pool of actors, each with its CPUs (and a GPU on ``cuda``)."""
    ray = _ray()
    r = cfg.ray
    cpus = float(ray.cluster_resources().get("CPU", 1))
    gpus = float(ray.cluster_resources().get("GPU", 0))
    on_gpu = cfg.models.device.startswith("cuda")
    if on_gpu and gpus < 1:
        raise RayUnavailable("models.device is cuda but the Ray cluster has no GPU")
    most = r.actors or max(1, int((gpus if on_gpu else cpus) // (1 if on_gpu else r.actor_cpus)))
    pool = ray.data.ActorPoolStrategy(min_size=1, max_size=most)
    opts: dict[str, Any] = {"compute": pool, "num_cpus": r.actor_cpus, "batch_size": r.batch_rows}
    if on_gpu:
        opts["num_gpus"] = 1
    return opts


def _run_job(
    items: list[dict[str, Any]], actor: type, args: tuple, cfg: Config
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(indices, rows) as the actors return them (any order)."""
    ray = _ray()
    ds = ray.data.from_items(items, override_num_blocks=max(1, min(len(items) // cfg.ray.batch_rows + 1, 512)))
    out = ds.map_batches(actor, fn_constructor_args=args, batch_format="numpy", **_actor_options(cfg))
    for batch in out.iter_batches(batch_size=ROW_CHUNK, batch_format="numpy"):
        yield np.asarray(batch["i"], dtype=np.int64), np.stack(batch["row"]).astype(np.float32)


def _fill(cache: Cache, table: str, model: str, keys: list[str], width: int, jobs: Any) -> int:
    """Store the rows the workers return under their keys, in transactions of :data:`ROW_CHUNK`; the count."""
    done = 0
    for idx, rows in jobs:
        cache.store(table, model, [keys[i] for i in idx], rows)
        done += len(idx)
    assert done == len(keys), f"Ray returned {done} of {len(keys)} rows"
    return done


def warm_vectors(texts: list[str], ctx: Context) -> int:
    """Encode on the cluster the distinct ``texts`` whose vectors are not cached; how many were computed."""
    assert ctx.cache is not None
    m = ctx.m
    keys = list(dict.fromkeys(text_key(t) for t in texts))
    by_key = {text_key(t): t for t in texts}
    _, miss = ctx.cache.lookup("vectors", m.embed_id, keys, m.embed_dim)
    if not miss:
        return 0
    keys = [keys[i] for i in miss]
    order = sorted(range(len(keys)), key=lambda i: -len(by_key[keys[i]]))  # similar lengths share a batch
    keys = [keys[i] for i in order]
    items = [{"i": n, "text": by_key[k]} for n, k in enumerate(keys)]
    c = ctx.cfg
    args = (c.models.embedding, c.models.device, c.embed.batch_size, m.precision)
    jobs = _run_job(items, EmbedActor, args, c)
    return _fill(ctx.cache, "vectors", m.embed_id, keys, m.embed_dim, jobs)


def warm_nli(inputs: list[tuple[str, str]], ctx: Context) -> int:
    """Score on the cluster the distinct inputs that are not cached (equal texts never reach a model)."""
    from checker.judge import same_text

    assert ctx.cache is not None
    m = ctx.m
    distinct = {text_key(a, b): (a, b) for a, b in inputs if not same_text(a, b)}
    keys = list(distinct)
    _, miss = ctx.cache.lookup("nli", m.nli_id, keys, 3)
    if not miss:
        return 0
    keys = sorted((keys[i] for i in miss), key=lambda k: -sum(map(len, distinct[k])))
    items = [{"i": n, "premise": distinct[k][0], "hypothesis": distinct[k][1]} for n, k in enumerate(keys)]
    c = ctx.cfg
    mc = c.models
    args = (mc.nli, mc.device, c.judge.max_length, mc.allow_download, mc.quantize, c.judge.batch_size, m.precision)
    return _fill(ctx.cache, "nli", m.nli_id, keys, 3, _run_job(items, NLIActor, args, c))


def _run_ordered(items: list[dict[str, Any]], actor: type, args: tuple, cfg: Config, width: int) -> np.ndarray:
    out = np.zeros((len(items), width), dtype=np.float32)
    for idx, rows in _run_job(items, actor, args, cfg):
        out[idx] = rows
    return out


class RayEmbedder:
    """Looks like the embedding model on the driver; encodes on the cluster (for what the warm-up step did not
    cover, such as the merged sentences of ``align``), so the driver never loads a model."""

    def __init__(self, cfg: Config) -> None:
        from checker.state import Models

        self.cfg = cfg
        self.dim = Models(cfg).embed_dim
        self.precision = Models(cfg).precision

    def get_embedding_dimension(self) -> int:
        return self.dim

    def encode(self, sentences: list[str], **kwargs: Any) -> np.ndarray:
        c = self.cfg
        items = [{"i": n, "text": t} for n, t in enumerate(sentences)]
        args = (c.models.embedding, c.models.device, c.embed.batch_size, self.precision)
        return _run_ordered(items, EmbedActor, args, c, self.dim)


class RayNLI:
    """Looks like the NLI model on the driver; scores on the cluster. Its "logits" are log-probabilities already
    in LABELS order (the actors read the model's labels by name)."""

    def __init__(self, cfg: Config) -> None:
        from types import SimpleNamespace

        from checker.nli import ID2LABEL
        from checker.state import Models

        self.cfg = cfg
        self.config = SimpleNamespace(id2label=dict(ID2LABEL))
        self.precision = Models(cfg).precision

    def predict(self, sentences: list[tuple[str, str]], **kwargs: Any) -> np.ndarray:
        c = self.cfg
        mc = c.models
        items = [{"i": n, "premise": a, "hypothesis": b} for n, (a, b) in enumerate(sentences)]
        args = (
            mc.nli,
            mc.device,
            c.judge.max_length,
            mc.allow_download,
            mc.quantize,
            c.judge.batch_size,
            self.precision,
        )
        return np.log(np.clip(_run_ordered(items, NLIActor, args, c, 3), 1e-12, 1.0))


def warm_facts(state: State, ctx: Context) -> int:
    """Parse on the cluster the sentences whose facts are not cached; the driver stores them in the facts cache."""
    from checker.parse import _fact_key, facts_version

    assert ctx.cache is not None
    version = facts_version(ctx.cfg.models.spacy)
    sentences = {_fact_key(s): s for a in state.articles for s in a.sentences}
    found = ctx.cache.blobs("facts", version, list(sentences))
    keys = [k for k in sentences if k not in found]
    if not keys:
        return 0
    items = [
        {"i": n, "text": sentences[k].text, "published": sentences[k].article.published or ""}
        for n, k in enumerate(keys)
    ]
    ray = _ray()
    ds = ray.data.from_items(items, override_num_blocks=max(1, min(len(items) // ctx.cfg.ray.batch_rows + 1, 512)))
    opts = _actor_options(ctx.cfg)
    opts.pop("num_gpus", None)  # spaCy runs on CPU
    out = ds.map_batches(
        ParseActor, fn_constructor_args=(ctx.cfg.models.spacy, ctx.cfg.parse.batch_size), batch_format="numpy", **opts
    )
    done = 0
    for batch in out.iter_batches(batch_size=ROW_CHUNK, batch_format="numpy"):
        rows = [(keys[int(i)], str(b).encode("utf-8")) for i, b in zip(batch["i"], batch["blob"], strict=True)]
        ctx.cache.put_blobs("facts", version, [r for r in rows if r[1]])
        done += len(rows)
    return done


def _findings_of_events(batch: list[tuple[list[int], list[Judged]]], ctx: Any) -> list[tuple[int, Finding]]:
    """Ray task: the findings of a few events' judged pairs (``ctx``: the run's RuleContext), each with the index
    of its judged pair."""
    from checker.findings import find

    out: list[tuple[int, Finding]] = []
    for index, judged in batch:
        where = {id(j): k for k, j in zip(index, judged, strict=True)}
        out.extend((where[id(f.judged)], f) for f in find(judged, ctx))
    return out


def ray_findings(state: State, ctx: Context) -> State:
    """The findings stage with events as the units of work (one Ray task per batch of events)."""
    from checker.findings import rule_context, with_findings
    from checker.records import Finding

    ray = _ray()
    by_event: dict[str, list[int]] = {}
    for k, j in enumerate(state.judged):
        by_event.setdefault(j.pair.event, []).append(k)
    units = list(by_event.values())
    per_task = max(1, ctx.cfg.ray.events_per_task)
    rule_ctx = rule_context(state, ctx)
    task = ray.remote(_findings_of_events)
    refs = [
        task.remote([(idx, [state.judged[k] for k in idx]) for idx in units[lo : lo + per_task]], rule_ctx)
        for lo in range(0, len(units), per_task)
    ]
    found: list[Finding] = []
    for part in ray.get(refs):
        found.extend(replace(f, judged=state.judged[k]) for k, f in part)  # point at the driver's own records
    found.sort(key=Finding.sort_key)
    return with_findings(state, found, ctx)


def _warm_embed(stage: Stage) -> Stage:
    def run(state: State, ctx: Context) -> State:
        texts = [s.text for a in state.articles for s in a.sentences]
        texts += [a.title or (a.sentences[0].text if a.sentences else a.id) for a in state.articles]  # group's
        warm_vectors(texts, ctx)
        return stage(state, ctx)

    run.__name__ = stage.__name__
    return run


def _warm_align(stage: Stage) -> Stage:
    """``align`` embeds the merged sides it tries (two adjacent sentences) one event at a time; a first pass with a
    recording stand-in for ``ctx.embed`` collects those texts, so they go to the cluster in one job."""

    def run(state: State, ctx: Context) -> State:
        from dataclasses import fields

        from checker.state import Context as Ctx

        wanted: list[str] = []

        class Recording(Ctx):
            def embed(self, texts: list[str], description: str | None = None) -> np.ndarray:
                wanted.extend(texts)
                return np.zeros((len(texts), ctx.m.embed_dim), dtype=np.float32)

        stage(state, Recording(**{f.name: getattr(ctx, f.name) for f in fields(ctx)}))
        warm_vectors(wanted, ctx)
        return stage(state, ctx)

    run.__name__ = stage.__name__
    return run


def _warm_first(warm: Callable[[State, Context], object]) -> Callable[[Stage], Stage]:
    """A stage that first fills the cache on the cluster (``warm``), then runs as usual on cache hits."""

    def wrap(stage: Stage) -> Stage:
        def run(state: State, ctx: Context) -> State:
            warm(state, ctx)
            return stage(state, ctx)

        run.__name__ = stage.__name__
        return run

    return wrap


_warm_parse = _warm_first(warm_facts)
_warm_judge = _warm_first(
    lambda state, ctx: warm_nli(
        [(p.a.text, p.b.text) for p in state.pairs] + [(p.b.text, p.a.text) for p in state.pairs], ctx
    )
)


def ray_stages(stages: tuple[Step, ...] | None = None) -> tuple[Step, ...]:
    """``STAGES`` with the Ray steps put in front of ``parse``, ``embed``, ``align`` and ``judge``, and ``findings``
    run per event (each with the needs and fills of the stage it stands for)."""
    from checker import align, embed, findings, judge, parse
    from checker.pipeline import STAGES

    wrap: dict[Stage, Callable[[Stage], Stage]] = {
        align.align: _warm_align,
        parse.parse: _warm_parse,
        embed.embed: _warm_embed,
        judge.judge: _warm_judge,
        findings.findings: lambda st: ray_findings,
    }
    return tuple(replace(st, fn=wrap[st.fn](st.fn)) if st.fn in wrap else st for st in stages or STAGES)


def run(inputs: list[str | Path] | tuple[str, ...], ctx: Context, address: str | None = None) -> State:
    """The pipeline over ``inputs`` with the heavy stages on Ray (see the module docstring)."""
    from checker import pipeline
    from checker.state import Models

    connect(address)
    # the driver never loads a model: what the warm-up steps did not cover is computed on the cluster too
    ctx = replace(ctx, models=Models(ctx.cfg, embedder=RayEmbedder(ctx.cfg), nli=RayNLI(ctx.cfg)))
    tmp = None
    if ctx.cache is None:
        tmp = tempfile.TemporaryDirectory(prefix="checker-ray-")
        ctx = replace(ctx, cache=Cache(Path(tmp.name) / "cache.sqlite"))
    try:
        return pipeline.run(inputs, ctx, ray_stages())
    finally:
        if tmp is not None:
            assert ctx.cache is not None
            ctx.cache.close()
            tmp.cleanup()


__all__ = [
    "EmbedActor",
    "NLIActor",
    "ParseActor",
    "RayEmbedder",
    "RayNLI",
    "RayUnavailable",
    "connect",
    "ray_stages",
    "run",
    "warm_facts",
    "warm_nli",
    "warm_vectors",
]

os.environ.setdefault("RAY_DATA_DISABLE_PROGRESS_BARS", "1")
