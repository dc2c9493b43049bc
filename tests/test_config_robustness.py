"""Any corruption of a config is either accepted with its meaning intact (the world still runs and
keeps its invariants) or refused with ConfigError naming the key path — never a crash."""

import copy
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.domain.errors import ConfigError
from game.io.paths import CONFIGS
from game.io.scenarios import read_yaml
from game.sim import invariants
from game.sim.config import validate_scenario
from game.sim.session import Session

WORLD = read_yaml(CONFIGS / "world.yaml")


def scenario_dict(world: dict) -> dict:
    return {"name": "t", "title": "t", "goal": "g", "difficulty": "normal", "world": world}


def paths(node, prefix=()):
    """Every key path into the world data (dict keys and list indexes)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield prefix + (k,)
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield prefix + (i,)
            yield from paths(v, prefix + (i,))


ALL_PATHS = list(paths(WORLD))
BAD_VALUES = [None, "", "lots", -1, -1e9, 0, 1e300, math.nan, math.inf, [], {}, True, [1, 2]]


def corrupt(world: dict, path: tuple, action: str, value) -> dict:
    world = copy.deepcopy(world)
    node = world
    for key in path[:-1]:
        node = node[key]
    last = path[-1]
    if action == "delete":
        if isinstance(node, list):
            node.pop(last)
        else:
            node.pop(last)
    else:
        node[last] = value
    return world


def check(world: dict) -> None:
    try:
        scenario = validate_scenario(scenario_dict(world), "world.yaml")
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith("world.yaml: ") and "\n" not in message
        return
    session = Session(scenario, seed=1, policy="balanced")
    for _ in range(6):
        cash = session.model.firm.ledger.cash_busd
        session.step()
        assert (
            invariants.all_month_invariants(session.model, cash,
                                            session.model.firm.ledger.last_flows)
            == []
        )


@settings(max_examples=int(__import__("os").environ.get("TERAFAB_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(ALL_PATHS), action=st.sampled_from(["delete", "set"]),
       value=st.sampled_from(BAD_VALUES))
def test_random_corruptions_are_accepted_or_refused_with_the_key_path(path, action, value):
    check(corrupt(WORLD, path, action, value))


@pytest.mark.parametrize("path, value, needle", [
    (("demand", "accelerators_per_month"), math.nan, "world.demand.accelerators_per_month"),
    (("demand", "accelerators_per_month"), 1e300, "world.demand.accelerators_per_month"),
    (("foundries",), [], "world.foundries"),
    (("litho", "euv_per_year"), "many", "world.litho.euv_per_year"),
    (("firm", "cash_busd"), None, "world.firm.cash_busd"),
])
def test_typical_corruptions_name_their_key(path, value, needle):
    with pytest.raises(ConfigError, match=needle.replace(".", r"\.")):
        validate_scenario(scenario_dict(corrupt(WORLD, path, "set", value)), "world.yaml")


def test_a_missing_required_value_is_refused_not_defaulted():
    with pytest.raises(ConfigError, match="world.demand.growth_per_year: required key is missing"):
        validate_scenario(
            scenario_dict(corrupt(WORLD, ("demand", "growth_per_year"), "delete", None)),
            "world.yaml",
        )
