"""The stages' declarations: every need filled by an earlier stage (checked at import and at the start of a run),
no undeclared write, and no stage changes the state or records it was given."""

from __future__ import annotations

import copy
import dataclasses
from enum import Enum

import numpy as np
import pytest
from helpers import FakeEmbedder, FakeNLI

from checker import parse as parse_mod
from checker.config import Config
from checker.errors import StageOrderError
from checker.pipeline import FIELDS, STAGES, Step, check_order, run, upto
from checker.records import Sentence
from checker.state import Context, Models, State


def test_every_stage_declares_known_fields_and_the_order_holds():
    for st in STAGES:
        assert st.needs and st.fills, st.__name__
        assert set(st.needs) | set(st.fills) <= FIELDS
    check_order(STAGES)  # what import did already


def test_a_stage_before_what_it_needs_is_a_one_line_error_before_anything_runs(tmp_path):
    parse_first = (STAGES[0], STAGES[1], STAGES[2], STAGES[4], STAGES[3])  # parse before the claims it reads
    with pytest.raises(StageOrderError) as err:
        check_order(parse_first)
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith("stage 'parse' needs articles.claims, which no earlier stage fills")
    # run checks first: the missing input path would be an InputError if any stage ran
    with pytest.raises(StageOrderError, match="'judge' needs pairs"):
        run([tmp_path / "missing"], Context(Config()), (*STAGES[:7], STAGES[8]))


def test_a_field_the_state_lacks_is_an_error_when_the_stage_is_declared():
    with pytest.raises(StageOrderError, match="'parse' names articles.parses: not a field of the state"):
        Step(parse_mod.parse, "articles.parses", "articles.facts")


def test_a_stage_that_writes_what_it_does_not_declare_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("The council approved the bridge budget on Tuesday after a long debate.\n")

    def sneaky(state: State, ctx: Context) -> State:
        return dataclasses.replace(state, notes=("hello",))

    with pytest.raises(StageOrderError, match="'sneaky' wrote notes, which it does not declare"):
        run([tmp_path], Context(Config()), (STAGES[0], Step(sneaky, "read", "warnings")))


def test_upto_names_a_prefix_of_the_stages():
    assert [s.__name__ for s in upto("parse")] == ["read", "select", "segment", "annotate", "parse"]


def _snapshot(x, seen: dict[int, int] | None = None):
    """A plain, comparable picture of ``x`` and everything it holds (records, lists, arrays), so a deep copy taken
    before a stage can be compared with the original after it. A record met again is named by its first visit."""
    seen = {} if seen is None else seen
    if isinstance(x, (str, int, float, bool, type(None), Enum)):
        return x
    if id(x) in seen:
        return ("seen", seen[id(x)])
    seen[id(x)] = len(seen)
    if isinstance(x, np.ndarray):
        return ("array", x.shape, x.tobytes())
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [_snapshot(v, seen) for v in x])
    if isinstance(x, (set, frozenset)):
        return (type(x).__name__, sorted(map(repr, x)))
    if isinstance(x, dict):
        return ("dict", [(repr(k), _snapshot(v, seen)) for k, v in x.items()])
    if dataclasses.is_dataclass(x):
        skip = {"article"} if isinstance(x, Sentence) else set()  # the back-reference: its article is pictured
        items = [(f.name, _snapshot(getattr(x, f.name), seen)) for f in dataclasses.fields(x) if f.name not in skip]
        return (type(x).__name__, items)
    if hasattr(x, "__dict__"):
        return (type(x).__name__, _snapshot(vars(x), seen))
    return (type(x).__name__, repr(x))


def test_no_stage_changes_what_it_was_given(tmp_path):
    """Each stage on a small real input (real spaCy; fake embedder and NLI): the state it was given, and every
    record in it, are the same after the stage as a deep copy taken before."""
    texts = {
        "a.txt": "The fire broke out at the warehouse on Friday and 12 people were hurt, police said.\n"
        "Mayor Jane Smith said the city would not rebuild the old depot.\n"
        "She said about 40 firefighters fought the blaze for three hours.",
        "b.txt": "A fire broke out at the warehouse on Friday, and 15 people were hurt, according to police.\n"
        "Mayor Jane Smith said the city would rebuild the old depot.\n"
        "Some 40 firefighters fought the blaze for five hours, she said.",
    }
    for name, body in texts.items():
        (tmp_path / name).write_text(f"---\nsource: {name[0].upper()}\n---\n{body}\n")
    cfg = Config()
    ctx = Context(cfg, Models(cfg, embedder=FakeEmbedder(), nli=FakeNLI()))
    state = State(inputs=(str(tmp_path),))
    for st in STAGES:
        before = copy.deepcopy(state)
        after = st(state, ctx)
        assert _snapshot(state) == _snapshot(before), f"stage {st.__name__} changed what it was given"
        state = after
    assert state.findings and state.facts  # the input reached every stage
    assert all(s.claims is not None and s.article is a for a in state.articles for s in a.sentences)
