"""The Ray engine (``checker report --ray``): on a local Ray instance it writes the same findings.json as one process.

Ray is installed with the ``dev`` extra (``checker[ray]``), so ``make test`` runs this; it needs no GPU.
"""

from __future__ import annotations

import json

import pytest
import ray  # make test installs it (dev extra): a missing ray fails, it is not skipped
from helpers import ROOT

pytestmark = pytest.mark.slow

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def local_ray():
    for attempt in range(3):  # Ray gives its raylet 30 s to start: a loaded machine may need another try
        try:
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            break
        except Exception:
            ray.shutdown()
            if attempt == 2:
                raise
    yield ray
    ray.shutdown()


def _document(result, out):
    from checker.report import write_report

    write_report(result, out)
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    doc["stats"].pop("seconds")
    return doc


def test_ray_run_writes_the_same_findings(local_ray, cfg, models, tmp_path, monkeypatch):
    from checker import engine_ray
    from checker.cache import Cache
    from checker.pipeline import run
    from checker.state import Context

    single_cache = Cache(tmp_path / "single.sqlite")
    single = run([EXAMPLES], Context(cfg, models, single_cache))
    single_cache.close()

    jobs = []
    real_job = engine_ray._run_job

    def counted(items, actor, *args):
        jobs.append(actor.__name__)
        return real_job(items, actor, *args)

    monkeypatch.setattr(engine_ray, "_run_job", counted)
    ray_cache = Cache(tmp_path / "ray.sqlite")  # a cold cache: every vector and score comes from the Ray actors
    on_ray = engine_ray.run([EXAMPLES], Context(cfg, cache=ray_cache))
    # one job for sentences and titles, one for the merged sides align tries, one for NLI: not one per event
    assert jobs == ["EmbedActor", "EmbedActor", "NLIActor"], jobs
    computed = ray_cache.misses
    ray_cache.close()
    assert computed > 0

    a, b = _document(single, tmp_path / "single"), _document(on_ray, tmp_path / "ray")
    assert a["findings"], "the examples have findings"
    assert b == a


def test_ray_rerun_sends_nothing_to_the_cluster(local_ray, cfg, tmp_path, monkeypatch):
    from checker import engine_ray
    from checker.cache import Cache
    from checker.state import Context

    cache = Cache(tmp_path / "c.sqlite")
    engine_ray.run([EXAMPLES], Context(cfg, cache=cache))

    def refuse(*args, **kwargs):
        raise AssertionError("a fully cached rerun must not start a Ray Data job")

    monkeypatch.setattr(engine_ray, "_run_job", refuse)
    again = engine_ray.run([EXAMPLES], Context(cfg, cache=cache))
    cache.close()
    assert again.findings
