"""The numbers in the agents' monthly rules live in the world config (`agent_rules`): changing one
there changes the campaign the way its rule says, and a bad value is one clear line."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from game.domain.errors import ConfigError
from game.io.saves import load_session, save_session
from game.io.scenarios import load_scenario
from game.sim.config import apply_overrides
from game.sim.session import Session


def n3_wafer_price_indices(scenario, seed: int) -> list[float]:
    """The leading foundry's N3 wafer price index (100 = list), month by month."""
    session = Session(scenario, seed)
    out = []
    while not session.done:
        session.step()
        out.append(session.model.foundries[0].price_index["N3"])
    return out


def memory_fab_starts(scenario, seed: int) -> dict[str, list[int]]:
    """Months in which each memory maker broke ground on a fab (the news tells only each wave)."""
    session = Session(scenario, seed)
    session.run()
    return {m.name: list(m.fab_starts) for m in session.model.memory_makers if m.fab_starts}


def test_a_higher_foundry_price_floor_holds_the_wafer_price_up(campaign):
    """H9: where phones lock only 30 % of N3 (A6), N3 gluts once the AI chips move to N2 and its
    price falls below 80 % of list; with the floor at 80 it stops there and goes no lower."""
    campaign = apply_overrides(campaign, {"world.demand.non_ai_leading_share": 0.3})
    default = n3_wafer_price_indices(campaign, seed=1)
    assert min(default) < 80.0
    floored = apply_overrides(campaign, {"world.agent_rules.foundry.price_floor_index": 80.0})
    held = n3_wafer_price_indices(floored, seed=1)
    assert min(held) == 80.0
    assert sum(v == 80.0 for v in held) >= 3  # it binds in more than one month


def test_memory_makers_wait_the_configured_months_between_fab_starts(campaign):
    """H3: by default a maker may start a fab every 4 months; told 12, it waits at least 12."""
    def shortest_gap(starts: dict[str, list[int]]) -> int:
        return min(b - a for months in starts.values() for a, b in pairwise(months))

    assert shortest_gap(memory_fab_starts(campaign, seed=1)) < 12
    spaced = apply_overrides(campaign, {"world.agent_rules.memory.months_between_builds": 12})
    starts = memory_fab_starts(spaced, seed=1)
    assert sum(len(m) for m in starts.values()) >= 8  # they still build
    assert shortest_gap(starts) >= 12


def test_a_regulator_answers_dominance_after_the_configured_months():
    """A8: Japan holds over half the memory market from the same month either way; the sanction
    comes after 6 months of it by default, 12 months later when the rule asks for 18."""
    lesson = load_scenario("japan-1986")

    def sanction_month(scenario) -> int:
        session = Session(scenario, 1, lesson.default_policy)
        session.run()
        return next(e.month for e in session.events if e.rule == "A8" and "memory" in e.reason)

    slower = apply_overrides(lesson, {"world.agent_rules.regulator.dominance_months": 18})
    assert sanction_month(slower) == sanction_month(lesson) + 12


@pytest.mark.parametrize(("path", "value", "problem"), [
    ("agent_rules.foundry.price_floor_index", 300.0,
     "foundry.price_floor_index is above foundry.price_ceiling_index"),
    ("agent_rules.memory.cut_utilization", 1.5,
     "agent_rules.memory.cut_utilization: Input should be less than or equal to 1"),
    ("agent_rules.regulator.dominance_months", 0,
     "agent_rules.regulator.dominance_months: Input should be greater than or equal to 1"),
    ("agent_rules.market.price_ceiling_index", float("nan"),
     "agent_rules.market.price_ceiling_index: Input should be a finite number"),
])
def test_a_bad_rule_number_is_refused_naming_it(campaign, path, value, problem):
    with pytest.raises(ConfigError) as err:
        apply_overrides(campaign, {path: value})
    message = str(err.value)
    assert problem in message and "\n" not in message


def test_a_save_from_before_agent_rules_still_loads_and_continues(campaign, tmp_path):
    """A save whose world has none of the rule sections (written before rule numbers moved to the
    config) was played by the default world's numbers: it loads and replays exactly."""
    played = Session(campaign, seed=5, policy="balanced")
    played.run(30)
    path = tmp_path / "old.json"
    save_session(played, path)
    record = json.loads(path.read_text())
    for section in ("agent_rules", "rules", "policies"):
        del record["scenario"]["world"][section]
    path.write_text(json.dumps(record))
    loaded = load_session(path)
    assert loaded.series == played.series
    played.run(12)
    loaded.run(12)
    assert loaded.series == played.series
