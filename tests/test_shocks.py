"""The world's chance events (S1-S7): seeds differ because shocks strike, each shock moves what it
drives, and each is switched off by its rule id.

Every claim is checked on seeds 101-105 (not tuned on) over whole default campaigns. An ablation
test raises its shock's yearly chance so that it strikes several times a campaign, then compares
the same world with the rule switched off (`rules_off`): the shocks draw from streams of their
own, so the two runs differ by that shock alone.
"""

from __future__ import annotations

import math
import statistics
from functools import cache

import pytest

from game.domain.errors import ConfigError
from game.io.scenarios import load_scenario
from game.sim.config import apply_overrides, validate_scenario
from game.sim.runner import run_campaign
from game.sim.session import Session

SEEDS = (101, 102, 103, 104, 105)
SPREAD_SEEDS = tuple(range(101, 141))
POLICIES = ("passive", "buyer", "integrator", "balanced")


def _with(overrides: dict, rules_off: tuple[str, ...] = ()) -> tuple:
    items = dict(overrides)
    if rules_off:
        items["world.rules_off"] = list(rules_off)
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in items.items()))


@cache
def _scenario_of(key: tuple):
    """The default campaign with the overrides in `key` (a sorted, hashable tuple of pairs)."""
    return apply_overrides(load_scenario("terafab"),
                           {k: list(v) if isinstance(v, tuple) else v for k, v in key})


@cache
def campaign(policy: str, seed: int, key: tuple = ()) -> dict:
    """A whole campaign: its summary, series and what the tests probe each month."""
    session = Session(_scenario_of(key), seed, policy)
    model = session.model
    probes = {"leading_yield": [], "tariff_units": 0.0, "units": 0.0}
    while not session.done:
        bought = model.firm.fleet.bought_pflops_total
        session.step()
        units = (model.firm.fleet.bought_pflops_total - bought) / model.merchant_pflops()
        probes["tariff_units"] += units * model.trade.import_tariff("TW")
        probes["units"] += units
        good = capacity = 0.0
        for site in model.foundries:
            for node in ("N2", "N3"):
                wpm = site.capacity_by_node.get(node, 0.0)
                good += wpm * site.yield_by_node.get(node, 0.0)
                capacity += wpm
        probes["leading_yield"].append(good / capacity)
    return {"summary": session.summary(), "series": session.series, "probes": probes,
            "rules": [e.rule for e in session.events]}


def column(run: dict, name: str) -> list[float]:
    return [row[name] for row in run["series"]]


def ablation(rule: str, policy: str, overrides: dict, measure) -> list[tuple[float, float]]:
    """(measure with the rule on, with it off) for each seed."""
    on, off = _with(overrides), _with(overrides, (rule,))
    return [(measure(campaign(policy, s, on)), measure(campaign(policy, s, off))) for s in SEEDS]


def test_the_same_policy_spreads_more_across_seeds_with_shocks_on():
    """Done when (#15): seeds matter. With the shocks on, every policy's compute delivered varies
    more from seed to seed than with them off, and a shock strikes in every campaign. Over forty
    seeds: twenty are too few to tell one spread from another (the re-tuned integrator, whose own
    lithography bet is a coin, spreads 0.089 with shocks against 0.099 without on 101-120, and
    0.102 against 0.071 on 201-220; on 101-140 it is 0.140 against 0.112)."""
    off = _with({"world.shocks.enabled": False})
    def spread(policy: str, key: tuple) -> float:
        values = [campaign(policy, s, key)["summary"]["compute_delivered_eflops_months"]
                  for s in SPREAD_SEEDS]
        return statistics.pstdev(values) / statistics.mean(values)

    for policy in POLICIES:
        assert spread(policy, ()) > spread(policy, off), policy
    for seed in SEEDS:
        assert {"S1", "S2", "S3", "S4", "S5", "S6", "S7"} & set(campaign("balanced", seed)["rules"])
        assert not {"S1", "S2", "S3", "S4", "S5", "S6", "S7"} & set(
            campaign("balanced", seed, off)["rules"])


def test_s1_a_taiwan_disruption_cuts_the_worlds_accelerator_sales():
    """S1: a blockade or quake takes Taiwan's leading-edge output offline: chipmakers, who book
    most of their wafers there, sell fewer accelerators over the campaign."""
    for on, off in ablation("S1", "passive", {"world.shocks.taiwan.chance_per_year": 0.5},
                            lambda r: sum(column(r, "accelerators_sold"))):
        assert on < off


def test_s2_foundry_yield_excursions_lower_the_worlds_leading_edge_yield():
    """S2: excursions at foundries lower the good dies per leading-edge wafer, capacity-weighted
    over the world's sites and the campaign."""
    for on, off in ablation("S2", "passive", {"world.shocks.foundry_yield.chance_per_year": 1.0},
                            lambda r: statistics.mean(r["probes"]["leading_yield"])):
        assert on < off


def test_s3_terafab_yield_excursions_cut_the_terafabs_output():
    """S3: the Terafab's own excursions must be learned back: the integrator's fab turns out
    fewer good wafers over the campaign."""
    for on, off in ablation("S3", "integrator", {"world.shocks.terafab_yield.chance_per_year": 1.0},
                            lambda r: sum(column(r, "terafab_output_wpm"))):
        assert on < off


def test_s4_interconnection_delays_leave_the_firm_with_less_power():
    """S4: grid connections in the queue come later: the balanced player, who asks the utility
    for power every six months, has fewer GW online over the campaign."""
    for on, off in ablation("S4", "balanced", {"world.shocks.grid_delay.chance_per_year": 1.0},
                            lambda r: sum(column(r, "player_power_gw"))):
        assert on < off


def test_s5_grid_outages_cost_compute_delivered():
    """S5: an outage darkens the grid-fed data centres (here the cluster the group starts with,
    on the grid): less compute delivered over the campaign."""
    for on, off in ablation(
            "S5", "passive", {"world.shocks.grid_outage.chance_per_year": 1.0},
            lambda r: r["summary"]["compute_delivered_eflops_months"]):
        assert on < off


def test_s6_demand_surprises_make_orders_swing_more():
    """S6: AI demand runs above and below its trend for months: accelerator sales, and the wafer
    orders upstream that follow them, swing more from month to month (the standard deviation of
    their monthly change)."""
    def swing(name: str):
        def measure(run: dict) -> float:
            xs = column(run, name)
            return statistics.pstdev([math.log(b / a) for a, b in zip(xs, xs[1:], strict=False)
                                      if a > 0 and b > 0])
        return measure

    for name in ("accelerators_sold", "orders_wafers"):
        for on, off in ablation("S6", "passive", {"world.shocks.demand.chance_per_year": 0.5},
                                swing(name)):
            assert on > off, name


def test_s7_tariff_swings_raise_the_tariff_paid_on_imported_chips():
    """S7: the design-only buyer imports its GPUs: on average over the chips it bought, it paid
    a higher tariff."""
    for on, off in ablation(
            "S7", "buyer", {"world.shocks.tariff.chance_per_year": 0.5},
            lambda r: r["probes"]["tariff_units"] / r["probes"]["units"]):
        assert on > off


def test_a_lesson_scenario_has_no_shocks():
    """Lessons keep their one rule in view: their scenarios switch the shocks off."""
    for name in ("bullwhip", "memory-cycle", "bottleneck-migration", "tutorial"):
        assert not load_scenario(name).world.shocks.enabled


@pytest.mark.parametrize("path, value, words", [
    ("world.shocks.taiwan.chance_per_year", 1.5, "taiwan.chance_per_year"),
    ("world.shocks.demand.months_min", 30, "months_min must not exceed months_max"),
    ("world.shocks.foundry_yield.yield_loss_max", 1.0, "yield_loss_max"),
])
def test_shock_numbers_out_of_bounds_are_refused_in_one_line(path, value, words):
    with pytest.raises(ConfigError) as err:
        apply_overrides(load_scenario("terafab"), {path: value})
    assert words in str(err.value) and "\n" not in str(err.value)


def test_a_world_without_a_shocks_section_plays_as_with_shocks_off():
    """A world written before the shocks (an old save) has no `shocks:` section: nothing
    strikes, exactly as with `enabled: false`."""
    base = load_scenario("terafab")
    data = base.model_dump(by_alias=True)
    data["world"].pop("shocks")
    bare = validate_scenario(data, "test")
    off = apply_overrides(base, {"world.shocks.enabled": False})
    assert run_campaign(bare, 101, "balanced").summary == run_campaign(off, 101,
                                                                      "balanced").summary
