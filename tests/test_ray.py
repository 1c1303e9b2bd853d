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


@pytest.fixture(scope="module")
def cold_ray_run(local_ray, cfg, tmp_path_factory):
    """One Ray run over the examples from a cold cache (both tests read it: a cold Ray run is the suite's
    slowest step), with the names of the Ray Data jobs it started."""
    from checker import engine_ray
    from checker.cache import Cache
    from checker.state import Context

    jobs: list[str] = []
    real_job = engine_ray._run_job

    def counted(items, actor, *args):
        jobs.append(actor.__name__)
        return real_job(items, actor, *args)

    path = tmp_path_factory.mktemp("ray") / "ray.sqlite"
    cache = Cache(path)  # a cold cache: every vector and score comes from the Ray actors
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine_ray, "_run_job", counted)
        result = engine_ray.run([EXAMPLES], Context(cfg, cache=cache))
    misses = cache.misses
    cache.close()
    return result, jobs, misses, path


def test_ray_run_writes_the_same_findings(cold_ray_run, demo, tmp_path):
    single = demo  # the session's single-process run over the same examples, with the same config

    on_ray, jobs, computed, _ = cold_ray_run
    # one job for sentences and titles, one for the merged sides align tries, one for NLI: not one per event
    assert jobs == ["EmbedActor", "EmbedActor", "NLIActor"], jobs
    assert computed > 0

    a, b = _document(single, tmp_path / "single"), _document(on_ray, tmp_path / "ray")
    assert a["findings"], "the examples have findings"
    assert b == a


def test_ray_rerun_sends_nothing_to_the_cluster(cold_ray_run, cfg, monkeypatch):
    from checker import engine_ray
    from checker.cache import Cache
    from checker.state import Context

    _, _, _, path = cold_ray_run

    def refuse(*args, **kwargs):
        raise AssertionError("a fully cached rerun must not start a Ray Data job")

    monkeypatch.setattr(engine_ray, "_run_job", refuse)
    cache = Cache(path)  # the cold run's cache, now holding every vector and score
    again = engine_ray.run([EXAMPLES], Context(cfg, cache=cache))
    cache.close()
    assert again.findings
