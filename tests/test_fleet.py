"""The firm's fleet ages and renews (H13, B4), its edge devices are bounded and need memory (B11),
and the news tells the firm's story (B1): each checked over whole default campaigns on seeds the
numbers were not tuned on."""

import pytest

from game.io.scenarios import load_scenario
from game.sim.session import Session

SEEDS = (101, 102, 103, 104, 105)
LAST_OLD_DESIGN = 3  # AI5, AI6, AI7: the roadmap used to stop in 2030


@pytest.fixture(scope="module")
def base():
    return load_scenario("terafab")


def variant(scenario, **world):
    return scenario.model_copy(update={"world": scenario.world.model_copy(update=world)})


def variant_of(scenario, section: str, **values):
    part = getattr(scenario.world, section).model_copy(update=values)
    return variant(scenario, **{section: part})


_PLAYED: dict = {}


def play(scenario, seed: int, policy: str | None) -> Session:
    """A whole campaign, played once per scenario, seed and policy in this module."""
    key = (id(scenario), seed, policy)
    if key not in _PLAYED:
        session = Session(scenario, seed, policy)
        session.run(None)
        _PLAYED[key] = (scenario, session)  # the scenario kept alive keeps its id unique
    return _PLAYED[key][1]


def test_a_firm_that_does_nothing_sees_its_cluster_retire_and_its_power_freed(base):
    """H13: the starting cluster reaches the end of its service life; with the rule off it runs
    for ever and keeps its power busy."""
    aging_off = variant(base, rules_off=["H13"])
    for seed in SEEDS:
        aged, ageless = play(base, seed, None).model.firm, play(aging_off, seed, None).model.firm
        assert ageless.compute_eflops > aged.compute_eflops, seed
        assert ageless.power.spare_gw < aged.power.spare_gw, seed
        assert aged.fleet.dc_units == 0.0 and aged.power.used_gw == pytest.approx(0.0, abs=1e-9)


def test_the_passive_firm_replaces_retiring_chips_with_newer_ones_it_buys(base):
    """H13 with A2: the passive policy keeps its cluster as a lab would, buying merchant chips
    for those that retire, within the power they freed: the cluster keeps its size, runs newer,
    faster chips than one that never ages, and ends with more compute than a firm that does
    nothing."""
    aging_off = variant(base, rules_off=["H13"])
    start = base.world.firm.initial_accelerators
    for seed in SEEDS:
        renewed = play(base, seed, "passive").model.firm
        ageless = play(aging_off, seed, "passive").model.firm
        idle = play(base, seed, None).model.firm
        # newer chips draw more (B4), so the freed power holds fewer of them: the power stays
        assert renewed.fleet.dc_gw + renewed.fleet.idle_gw == pytest.approx(
            ageless.fleet.dc_gw, rel=0.05)
        assert 0 < renewed.fleet.dc_units <= start
        assert renewed.power.used_gw <= renewed.power.gw + 1e-9
        per_chip = [f.fleet.dc_pflops / f.fleet.dc_units for f in (renewed, ageless)]
        assert per_chip[0] > 10 * per_chip[1], seed
        assert renewed.compute_eflops > ageless.compute_eflops > idle.compute_eflops, seed
        assert renewed.ledger.flows_total["accelerators"] < 0, seed  # it paid for them


def test_retiring_old_chips_renews_a_power_bound_fleet(base):
    """H13 with B1: power binds the builders, so chips kept past their service life hold the
    power newer, far faster designs wait for: switching retirement off leaves a slower fleet and
    less compute at the end. (Spare power lights the newest chips first, so the ageless fleet's
    deployed chips skew new: it runs at about half the aged fleet's speed per chip, 0.45-0.55 on
    seeds 101-105, not below half.)"""
    aging_off = variant(base, rules_off=["H13"])
    for seed in SEEDS:
        aged, ageless = play(base, seed, "buyer").model.firm, play(aging_off, seed,
                                                                   "buyer").model.firm
        per_chip = [f.fleet.dc_pflops / f.fleet.dc_units for f in (aged, ageless)]
        assert per_chip[1] < 0.6 * per_chip[0], seed
        assert ageless.compute_eflops < aged.compute_eflops, seed
        assert ageless.fleet.chips_idle() > aged.fleet.chips_idle(), seed


def test_own_generations_after_2030_raise_the_pflops_of_each_own_chip(base):
    """B4: one design a year after AI7, each faster, with its own power and memory per chip."""
    stopped = variant(base, chip_generations=base.world.chip_generations[:LAST_OLD_DESIGN])
    later = {g.name: g for g in base.world.chip_generations[LAST_OLD_DESIGN:]}
    for seed in SEEDS:
        going_on = play(base, seed, "buyer").model.firm
        stuck = play(stopped, seed, "buyer").model.firm
        design = later[going_on.design]  # the design the firm makes at the end is a later one
        assert going_on.fleet.chip_pflops == design.pflops > 2 * stuck.fleet.chip_pflops
        assert going_on.fleet.kw_per_accelerator == design.kw_per_chip
        assert going_on.fleet.stacks_per_accelerator == design.hbm_stacks_per_chip
        own_per_chip = [f.fleet.dc_pflops / f.fleet.dc_units for f in (going_on, stuck)]
        assert own_per_chip[0] > 2 * own_per_chip[1], seed
        assert going_on.compute_eflops > stuck.compute_eflops, seed


def _devices_built(session: Session) -> float:
    model = session.model
    f = model.world.firm
    return sum(f.edge_devices_per_month * (1 + f.edge_devices_growth_per_year) ** (m / 12)
               for m in range(model.month))


def test_edge_chips_are_bounded_by_the_devices_and_the_night_capacity(base):
    """B11: edge chips go only into devices the group builds and run on the grid's idle night
    capacity (the group's share of it): less of either, fewer edge chips."""
    aging = base.world.fleet
    fewer_devices = variant_of(base, "firm", edge_devices_per_month=15000)
    darker_night = variant_of(base, "fleet", night_share_for_group=aging.night_share_for_group / 4)
    for seed in SEEDS:
        session = play(base, seed, "balanced")
        fleet = session.model.firm.fleet
        years = session.model.month / 12
        night_gw = aging.night_idle_gw * aging.night_share_for_group * (
            1 + aging.night_idle_growth_per_year) ** years
        assert 0 < fleet.edge_units <= _devices_built(session)
        assert fleet.edge_gw <= night_gw + 1e-9
        assert fleet.edge_units == pytest.approx(fleet.edge_gw * 1e6 / aging.edge_kw_per_chip)
        assert play(fewer_devices, seed, "balanced").model.firm.fleet.edge_units < \
            0.5 * fleet.edge_units
        assert play(darker_night, seed, "balanced").model.firm.fleet.edge_units < \
            0.5 * fleet.edge_units


def test_edge_chips_need_memory(base):
    """B11 with B1: an edge chip leaves the line with its memory; memory withheld, no edge
    compute."""
    for seed in SEEDS:
        fed = play(base, seed, "balanced").model.firm
        starved_session = Session(base, seed, "balanced")
        firm = starved_session.model.firm
        firm.take_hbm = lambda stacks, cost_usd: None  # this game's memory never arrives
        starved_session.run(None)
        assert fed.fleet.edge_units > 0 and fed.fleet.edge_pflops > 0
        assert firm.fleet.edge_units == 0.0 and firm.fleet.edge_pflops == 0.0, seed
        assert firm.compute_eflops < fed.compute_eflops


def test_without_b11_edge_devices_carry_no_compute(base):
    """B11 off: edge compute no longer escapes the power wall, so no chip goes to the edge and
    the chips the devices would have taken wait for data-centre power."""
    no_edge = variant(base, rules_off=["B11"])
    for seed in SEEDS:
        on, off = play(base, seed, "balanced").model.firm, play(no_edge, seed,
                                                                "balanced").model.firm
        assert on.fleet.edge_units > 0 and off.fleet.edge_units == 0.0
        assert off.fleet.chips_idle() > on.fleet.chips_idle(), seed


@pytest.mark.parametrize("policy", ["buyer", "integrator", "balanced"])
def test_the_news_tells_when_the_wall_moves_and_chips_pile_up(base, policy):
    """B1: news when a new limiting factor has held for a while (with each relief's gain), when
    idle chips pass a threshold, when power arrives (with its source); a few dozen items over a
    campaign, not one a month."""
    session = play(base, SEEDS[0], policy)
    model = session.model
    firm, series = model.firm, session.series
    mine = [e for e in model.events if e.agent == firm.name and e.kind in ("fleet", "power")]
    assert len(mine) <= 80  # 180 months
    holds = model.world.fleet.events.factor_holds_months
    walls = [e for e in mine if e.reason.startswith("The wall moved")]
    told = []
    for e in walls:
        factor = series[e.month]["limiting_factor"]
        assert e.rule == "B1" and f": {factor}" in e.reason
        assert all(r["limiting_factor"] == factor for r in series[e.month - holds + 1:e.month + 1])
        assert all(k in e.reason for k in ("power", "memory", "chips"))
        told.append(factor)
    assert len(told) >= 2 and all(a != b for a, b in zip(told, told[1:], strict=False))
    idle = [r["player_chips_idle"] for r in series]
    first = min(model.world.fleet.events.idle_chip_thresholds)
    passed = next(m for m, v in enumerate(idle) if v >= first)
    assert any(e.month == passed and e.rule == "B1" and "wait idle" in e.reason for e in mine)
    arrivals = [e for e in mine if "came online" in e.reason]
    assert arrivals and all(any(s in e.reason for s in ("grid", "turbines", "solar"))
                            for e in arrivals)
    retired = [e for e in mine if e.rule == "H13"]
    assert retired and all(e.month % 12 == 0 for e in retired)


def test_spare_power_and_memory_go_to_the_newest_chips_first():
    """B1 with B4: a firm with old and new chips waiting powers the new, faster ones first and
    puts scarce HBM on the newest bare chips; the old wait (before, each waiting chip got an
    equal share, so a pile of old chips diluted every GW and every stack)."""
    from game.agents.firm.fleet import Fleet

    fleet = Fleet(3.0, 8.0, 0.0, 0.0, 5.0, 0.75, 2.0, 0)
    fleet.add_bought(1000.0, 5.0, month=1)      # old merchant parts, memory on, 3 MW
    fleet.add_bought(1000.0, 50.0, month=20)    # new ones, as many, the same power
    d = fleet.deployment(0.0, 0.0, 0.0, 0.0, 0.0, 0.25, fleet.gw_for(1000.0), 100.0)
    units, gw = fleet.apply(d, d.outcome(), 20)
    assert units == pytest.approx(1000.0) and gw == pytest.approx(0.003)
    assert fleet.compute_eflops() == pytest.approx(1000.0 * 50.0 / 1000.0)  # the new ones lit
    assert fleet.idle_pflops == pytest.approx(1000.0 * 5.0)

    bare = Fleet(3.0, 8.0, 0.0, 0.0, 5.0, 0.75, 2.0, 0)
    bare.add_own(1000.0, 5000.0, 0.003, 8000.0, month=1)    # old bare chips, 8 stacks each
    bare.add_own(1000.0, 50000.0, 0.003, 8000.0, month=20)  # new ones
    bare.hbm_stock = 8000.0                                 # memory for half of them
    d = bare.deployment(0.0, 0.0, 0.0, 0.0, 0.0, 0.25, 1.0, 100.0)
    bare.apply(d, d.outcome(), 20)
    assert bare.compute_eflops() == pytest.approx(50.0)  # the new ones got it, and power
    assert bare.nohbm_pflops == pytest.approx(5000.0)
