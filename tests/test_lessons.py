"""Each lesson shows what its card says, on more than one seed (short runs where the point shows).

The claims are measured with game.teach.signals, the same code the debrief report prints.
"""

from __future__ import annotations

import pytest

from game.io.scenarios import list_scenario_names, load_scenario
from game.sim.session import Session
from game.teach.signals import bullwhip_cvs, factor_onsets, swings

LESSONS = ("tutorial", "bottleneck-migration", "export-controls", "no-export-controls",
           "memory-cycle", "bullwhip", "japan-1986", "build-vs-buy")
SEEDS = (1, 2)


def play(name: str, seed: int, policy: str | None, months: int | None) -> Session:
    session = Session(load_scenario(name), seed, policy)
    session.run(months)
    return session


def test_every_lesson_is_listed_with_a_card():
    names = list_scenario_names()
    for name in LESSONS:
        assert name in names
        lesson = load_scenario(name).lesson
        assert lesson is not None and len(lesson.questions) == 3 and lesson.things_to_try


@pytest.mark.parametrize("seed", SEEDS)
def test_tutorial_idle_chips_wait_for_power(seed):
    idle = play("tutorial", seed, "passive", 30)
    assert {r["limiting_factor"] for r in idle.series} == {"power"}
    assert min(r["player_chips_waiting_power"] for r in idle.series) > 50_000
    active = play("tutorial", seed, "buyer", 30)
    assert active.series[-1]["player_power_gw"] > 2 * idle.series[-1]["player_power_gw"]
    assert active.series[-1]["player_compute_eflops"] > 2 * idle.series[-1]["player_compute_eflops"]


@pytest.mark.parametrize("seed", SEEDS)
def test_bottleneck_migrates_power_chips_memory(seed):
    s = play("bottleneck-migration", seed, "integrator", 60)
    # when chips bind and the Terafab is their next source, the readout names what holds the
    # Terafab back (its permits, tools or talent): the chips wall under its cause
    terafab_blockers = {"permits": "chips", "tools": "chips", "talent": "chips"}
    factors = [terafab_blockers.get(r["limiting_factor"], r["limiting_factor"]) for r in s.series]
    onsets = [f for f, _ in factor_onsets(factors) if f in ("power", "chips", "memory")]
    assert onsets == ["power", "chips", "memory"], onsets
    assert s.series[-1]["player_chips_waiting_memory"] > 1e6  # own chips stuck for want of HBM


@pytest.mark.parametrize("seed", SEEDS)
def test_export_controls_delay_china(seed):
    with_controls = play("export-controls", seed, "passive", 108)
    without = play("no-export-controls", seed, "passive", 108)
    shares_with = [r["china_leading_edge_share"] for r in with_controls.series]
    shares_without = [r["china_leading_edge_share"] for r in without.series]
    first_with = next((i for i, x in enumerate(shares_with) if x > 0.01), None)
    first_without = next(i for i, x in enumerate(shares_without) if x > 0.01)
    assert first_without <= 48  # with EUV for sale, about three to four years
    assert sum(shares_without) > 1.5 * sum(shares_with)
    # with the ban China still gets there, years later, through domestic tools (B8)
    assert first_with is not None and first_with >= first_without + 24
    assert any(e.rule == "B8" and "domestic tools now make" in e.reason
               for e in with_controls.events)
    assert max(r["euv_shipped_china"] for r in without.series) > 0
    assert max(r["euv_shipped_china"] for r in with_controls.series) == 0


@pytest.mark.parametrize("seed", SEEDS)
def test_memory_cycle_booms_and_busts(seed):
    s = play("memory-cycle", seed, "passive", 150)
    booms, busts = swings([r["dram_price_index"] for r in s.series], rise=0.5, fall=0.3)
    assert booms >= 2 and busts >= 1, (booms, busts)
    assert any(e.rule == "H3" and "started building memory fabs" in e.reason for e in s.events)
    assert any(e.rule == "H3" and "cut wafer starts" in e.reason for e in s.events)


@pytest.mark.parametrize("seed", SEEDS)
def test_bullwhip_grows_upstream(seed):
    s = play("bullwhip", seed, "passive", 60)
    (_, demand), (_, wafers), (_, euv) = bullwhip_cvs(s.series)
    assert demand < wafers < euv, (demand, wafers, euv)
    assert wafers > 1.5 * demand
    # demand rose by half; wafer orders peaked at more than twice that rise (phantom orders)
    demand_before = s.series[3]["end_demand_accelerators"]
    wafers_before = s.series[3]["orders_wafers"]
    demand_peak = max(r["end_demand_accelerators"] for r in s.series) / demand_before
    wafers_peak = max(r["orders_wafers"] for r in s.series) / wafers_before
    assert wafers_peak - 1 > 2 * (demand_peak - 1), (demand_peak, wafers_peak)
    # the glut: after the rush, wafer orders fall below their level before it
    assert min(r["orders_wafers"] for r in s.series[21:40]) < 0.95 * wafers_before


@pytest.mark.parametrize("seed", SEEDS)
def test_japan_entrant_passes_half_and_regulators_answer(seed):
    session = Session(load_scenario("japan-1986"), seed, "passive")
    shares = []
    for _ in range(180):
        session.step()
        shares.append(session.model.memory_country_shares().get("JP", 0.0))
    assert shares[0] < 0.15 and max(shares) > 0.5
    answers = [e for e in session.events if e.rule == "A8" and "JP holds" in e.reason]
    assert answers, "no A8 answer to Japan's dominance"
    passed = next(i for i, x in enumerate(shares) if x > 0.5)
    assert answers[0].month >= passed
    # under the sanction it stops building and fades
    assert shares[-1] < max(shares) - 0.03
    assert not any(e.rule == "H3" and e.agent.startswith("Japan DRAM") and "started" in e.reason
                   and e.month > answers[0].month for e in session.events)


@pytest.mark.parametrize("seed", SEEDS)
def test_build_vs_buy(seed):
    buyer = play("build-vs-buy", seed, "buyer", 120)
    integrator = play("build-vs-buy", seed, "integrator", 120)
    # the design-only firm has more compute first; the integrator overtakes once its fab ships
    early = [r.series[24]["player_compute_eflops"] for r in (buyer, integrator)]
    assert early[0] > 1.5 * early[1]
    buy, build = buyer.summary(), integrator.summary()
    # several times: 2.8-2.9 on these seeds (2.0-6.4 on seeds 101-105: the integrator's fab,
    # memory and power vary by seed in the merged world far more than the buyer's purchases)
    assert build["final_compute_eflops"] > 2.5 * buy["final_compute_eflops"]
    # the fab is a bet on borrowed money (A1, A7, F3): in the build years the integrator
    # borrows all its earnings let it (its habit: twice a year's EBITDA, half the covenant, up to
    # all lenders will lend) and its net worth sinks below any the buyer has. On seed 1 its
    # earnings cap the debt at 60 of the 120 lenders allow (-35 against the buyer's -23).
    def lowest_net_worth(session):
        return min(r["player_cash_busd"] - r["player_debt_busd"] for r in session.series[:60])
    assert lowest_net_worth(integrator) < lowest_net_worth(buyer) - 10
    debt_max = buyer.scenario.world.firm.debt_max_busd
    assert max(r["player_debt_busd"] for r in integrator.series) >= 0.45 * debt_max
    assert build["first_terafab_output_month"] >= 0 and buy["first_terafab_output_month"] == -1
