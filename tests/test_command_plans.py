"""One path per command: a command's plan is what its preview shows and what it does, the checks
and the scripted players share one set of limits, and the rules' numbers come from the world
file."""

import math

import pytest

from game.agents import policies
from game.agents.commands import limits, plan
from game.domain import commands as c
from game.domain.errors import ConfigError
from game.sim.config import apply_overrides
from game.sim.session import Session


@pytest.fixture
def session(campaign):
    return Session(campaign, seed=1)


def cash_spent(session: Session, command: c.Command) -> float:
    before = session.model.firm.ledger.cash_busd
    result = session.submit(command)
    assert result.accepted, result.message
    return before - session.model.firm.ledger.cash_busd


@pytest.mark.parametrize("command", [
    c.FundChipGeneration("AI5"),
    c.StartTerafab("grimes-county"),
    c.RequestGrid(2.0),
    c.BuildSolar(1.0),
    c.ModifyTools(2.0),
    c.RepayDebt(3.0),
])
def test_what_the_preview_costs_is_what_the_command_pays(session, command):
    session.submit(c.RaiseCapital("debt", 5.0))
    if isinstance(command, c.ModifyTools):
        session.submit(c.StartTerafab("grimes-county"))
    shown = session.preview(command)
    assert shown == plan(session.model, command).preview()
    assert shown.refusal is None and shown.cost_busd > 0
    assert cash_spent(session, command) == pytest.approx(shown.cost_busd, abs=1e-12)


def test_a_turbine_order_pays_its_deposit_now_and_the_rest_on_arrival(session):
    command = c.OrderTurbines(2.0)
    shown = session.preview(command)
    deposit = session.model.world.rules.power.turbine_deposit_share
    assert cash_spent(session, command) == pytest.approx(shown.cost_busd * deposit)
    (order,) = session.model.firm.power.pipeline
    assert (order.gw, order.source) == (2.0, "turbines")
    assert order.arrives_month == session.month + round(shown.lead_time_months)
    assert order.due_busd == pytest.approx(shown.cost_busd * (1 - deposit))


def test_things_arrive_when_the_preview_says(session):
    month = session.month
    design = session.preview(c.FundChipGeneration("AI5"))
    assert session.submit(c.FundChipGeneration("AI5")).accepted
    assert session.model.firm.supply.generations["AI5"] == month + design.lead_time_months
    solar = session.preview(c.BuildSolar(1.0))
    assert session.submit(c.BuildSolar(1.0)).accepted
    assert session.model.firm.power.pipeline[-1].arrives_month == month + solar.lead_time_months
    booking = c.BookFoundryCapacity("tsmc-arizona", 500, 24, True)  # prepaid: paid now
    shown = session.preview(booking)
    assert cash_spent(session, booking) == pytest.approx(shown.cost_busd)
    contract = session.model.firm.supply.contracts[-1]
    cycle = session.model.world.accelerators.wafer_cycle_months
    assert contract.start == month + shown.lead_time_months - cycle
    # the wafers wait for the design
    assert contract.start == session.model.firm.supply.generations["AI5"]


def test_a_preview_leaves_the_player_dice_alone(campaign):
    """Previewing a grid request many times does not change when the power arrives."""
    plain, previewed = Session(campaign, seed=3), Session(campaign, seed=3)
    for _ in range(5):
        previewed.preview(c.RequestGrid(2.0))
    plain.submit(c.RequestGrid(2.0))
    previewed.submit(c.RequestGrid(2.0))
    assert plain.model.firm.power.pipeline == previewed.model.firm.power.pipeline


def test_the_memory_policy_books_within_what_the_check_allows(session):
    model = session.model
    maker = model.memory_makers[0]
    bookable = limits.hbm_bookable_stacks(model)[maker]
    # more than this maker may promise
    chips = 2 * bookable / model.firm.fleet.stacks_per_accelerator
    orders = policies._book_memory(model, chips_per_month=chips)
    mine = [o for o in orders if o.maker == maker.key]
    assert mine and mine[0].stacks_per_month == math.floor(bookable)
    for order in orders:
        assert session.submit(order).accepted
    refused = session.submit(c.BookMemory(maker.key, 1000, 24))
    assert not refused.accepted
    assert "can promise you at most 0 more HBM stacks" in refused.message


def test_the_power_policy_orders_turbines_within_what_the_check_allows(session):
    model = session.model
    left = limits.turbines_left_this_year_gw(model)
    assert session.submit(c.OrderTurbines(round(left - 0.5, 2))).accepted
    left = limits.turbines_left_this_year_gw(model)
    assert 0 < left < 1.0
    refused = session.submit(c.OrderTurbines(round(left + 0.1, 2)))
    assert not refused.accepted and f"at most {left:.1f} GW more this year" in refused.message
    assert session.submit(c.OrderTurbines(round(left - 0.005, 2))).accepted


def test_the_launch_floor_is_the_world_files_for_check_and_policy(campaign):
    """A lower launch floor in the world file opens space solar at once, to the player and to
    the scripted players alike."""
    waiting = {"world.firm.initial_accelerators_waiting_power": 300000}
    shut = Session(apply_overrides(campaign, waiting), seed=1)
    opened = Session(apply_overrides(campaign, {
        **waiting, "world.rules.power.space_min_launch_tons_per_year": 1000}), seed=1)
    assert not limits.space_launch_open(shut.model) and limits.space_launch_open(opened.model)
    assert not any(isinstance(o, c.LaunchSpaceSolar) for o in policies.balanced(shut.model))
    assert any(isinstance(o, c.LaunchSpaceSolar) for o in policies.balanced(opened.model))
    assert "Launch capacity is only" in shut.preview(c.LaunchSpaceSolar(1.0)).refusal
    assert opened.submit(c.LaunchSpaceSolar(1.0)).accepted


def test_the_share_of_a_maker_one_buyer_may_book_is_the_world_files(campaign):
    default, stricter = Session(campaign, seed=1), Session(apply_overrides(
        campaign, {"world.rules.supply.hbm_max_share_of_maker": 0.1}), seed=1)
    maker = default.model.memory_makers[0]
    assert limits.hbm_bookable_stacks(stricter.model)[stricter.model.memory_makers[0]] == \
        pytest.approx(limits.hbm_bookable_stacks(default.model)[maker] / 3)
    asked = c.BookMemory(maker.key, int(limits.hbm_bookable_stacks(default.model)[maker]), 24)
    assert default.preview(asked).refusal is None
    assert "can promise you at most" in stricter.preview(asked).refusal


@pytest.mark.parametrize("key, value", [
    ("world.policies.foundry.wafers_step", 0),
    ("world.policies.review_every_months", 0),
    ("world.rules.terafab.yield_ramp_efolds", 0.0),
    ("world.rules.supply.hbm_max_share_of_maker", 1.5),
    ("world.policies.memory.contract_months", 3),
])
def test_a_rule_number_out_of_its_bounds_is_refused_with_its_key(campaign, key, value):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        apply_overrides(campaign, {key: value})
