"""Every world that passes validation stays finite: random worlds drawn within the config's bounds
(a few numbers of the default world changed at a time) play a short campaign with every month's
invariants holding; a cross-field rule (the firm's starting fleet within its power) may refuse one
at validation, in one line, but nothing drawn within the bounds may crash, overflow or turn NaN."""

from __future__ import annotations

import copy
import os
import types
import typing

import annotated_types as at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from game.domain.errors import ConfigError
from game.io.paths import CONFIGS
from game.io.scenarios import read_yaml
from game.sim import invariants
from game.sim.config import Scenario, World, validate_scenario
from game.sim.session import Session

WORLD = read_yaml(CONFIGS / "world.yaml")
POLICIES = (None, "passive", "buyer", "integrator", "balanced")


class Leaf(typing.NamedTuple):
    path: tuple
    lo: float | None
    hi: float | None
    lo_open: bool
    whole: bool


def _bounds(path: tuple, base: type, metadata: list) -> Leaf:
    lo = hi = None
    lo_open = False
    for m in metadata:
        if isinstance(m, at.Ge):
            lo = m.ge
        elif isinstance(m, at.Gt):
            lo, lo_open = m.gt, True
        elif isinstance(m, at.Le):
            hi = m.le
        elif isinstance(m, at.Lt):
            hi = m.lt
    return Leaf(path, lo, hi, lo_open, base is int)


SCHEMA = object()  # walk a model's fields themselves, not the values of one file


def _walk(annotation: object, metadata: list, data: object, path: tuple) -> typing.Iterator[Leaf]:
    """The numbers in `data` (world data as read from YAML) with the bounds their field allows;
    with `data` SCHEMA, every number field a file could hold."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        inner = [m for info in extra for m in getattr(info, "metadata", [info])]
        yield from _walk(base, [*metadata, *inner], data, path)
    elif origin in (typing.Union, types.UnionType):
        for option in typing.get_args(annotation):
            yield from _walk(option, metadata, data, path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            key = field.alias or name
            if data is SCHEMA or (isinstance(data, dict) and key in data):
                value = data if data is SCHEMA else data[key]
                yield from _walk(field.annotation, list(field.metadata), value, (*path, key))
    elif origin is list and (data is SCHEMA or isinstance(data, list)):
        (item,) = typing.get_args(annotation)
        for i, value in [(0, SCHEMA)] if data is SCHEMA else enumerate(data):
            yield from _walk(item, [], value, (*path, i))
    elif origin is dict and (data is SCHEMA or isinstance(data, dict)):
        _, value_type = typing.get_args(annotation)
        for key, value in [("*", SCHEMA)] if data is SCHEMA else data.items():
            yield from _walk(value_type, [], value, (*path, key))
    elif annotation in (int, float) and not isinstance(data, bool):
        yield _bounds(path, annotation, metadata)


NUMBERS = list(_walk(World, [], WORLD, ()))


def test_every_number_a_scenario_file_may_hold_has_a_range():
    """Every number field, in the world and around it, is bounded on both sides (so no file can
    ask for 1e300 or -1e9), and the default world's numbers were all reached."""
    assert len(NUMBERS) > 200
    fields = list(_walk(Scenario, [], SCHEMA, ()))
    assert len(fields) > 100
    unbounded = [".".join(map(str, n.path)) for n in fields if n.lo is None or n.hi is None]
    assert unbounded == []


def _value(leaf: Leaf) -> st.SearchStrategy:
    if leaf.whole:
        return st.integers(int(leaf.lo), int(leaf.hi))
    return st.floats(leaf.lo, leaf.hi, exclude_min=leaf.lo_open, allow_nan=False)


@st.composite
def perturbed_worlds(draw) -> tuple[dict, list[str]]:
    world = copy.deepcopy(WORLD)
    leaves = draw(st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=4,
                           unique_by=lambda n: n.path))
    changed = []
    for leaf in leaves:
        value = draw(_value(leaf))
        node = world
        for key in leaf.path[:-1]:
            node = node[key]
        node[leaf.path[-1]] = value
        changed.append(f"{'.'.join(map(str, leaf.path))}={value!r}")
    return world, changed


@settings(max_examples=int(os.environ.get("TERAFAB_EXAMPLES", "30")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=perturbed_worlds(), policy=st.sampled_from(POLICIES),
       months=st.integers(24, 36), seed=st.integers(0, 1000))
def test_worlds_within_the_bounds_stay_finite(case, policy, months, seed):
    world, changed = case
    data = {"name": "t", "title": "t", "goal": "g", "difficulty": "normal", "world": world}
    try:
        scenario = validate_scenario(data, "world.yaml")
    except ConfigError as exc:  # only a rule across fields may refuse values within their bounds
        assert "Input should be" not in str(exc), (changed, str(exc))
        assert "\n" not in str(exc)
        return
    session = Session(scenario, seed=seed, policy=policy)
    for _ in range(months):
        if session.done:
            break
        cash = session.model.firm.ledger.cash_busd
        session.step()  # raises WorldBroke on a NaN or a broken invariant
        problems = invariants.all_month_invariants(session.model, cash,
                                                   session.model.firm.ledger.last_flows)
        assert problems == [], (changed, session.month, problems)


def test_a_world_whose_memory_fabs_all_wear_out_at_once_still_plays():
    """Found by the test above: at the schema's bound `wafer_attrition_per_year: 1.0` every
    memory maker's wafers are gone in month 0, and the memory shares divided by zero wafers
    (the world broke in 2026-01). No wafers anywhere means no country holds a share."""
    from game.io.scenarios import load_scenario
    from game.sim.config import apply_overrides

    scenario = apply_overrides(load_scenario("terafab"),
                               {"world.agent_rules.memory.wafer_attrition_per_year": 1.0})
    session = Session(scenario, seed=7, policy="balanced")
    session.run(24)
    assert session.model.month == 24
    assert all(share == 0.0 for share in session.model._memory_country_shares.values())
