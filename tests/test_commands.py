"""Player commands: previews before, clear refusals that change nothing, and effects after."""

import pytest

from game.agents.firm import FirmView
from game.domain import commands as c
from game.sim.session import Session


@pytest.fixture
def session(campaign):
    return Session(campaign, seed=1)


def snapshot(s: Session) -> FirmView:
    return s.model.firm.view()  # an immutable copy of exact values


@pytest.mark.parametrize("command, needle", [
    (c.BookFoundryCapacity("tsmc-hsinchu", 1000, 12, False), "Fund a chip design first"),
    (c.FundTerafabPhase(), "Start the Terafab first"),
    (c.OrderTools("asml", 5), "Start the Terafab first"),
    (c.HireStaff(100), "Start the Terafab first"),
    (c.FundChipGeneration("AI6"), "fund AI5 first"),
    (c.RaiseCapital("ipo", 10.0), "IPO window opens in 2026-06"),
    (c.RaiseCapital("debt", 150.0), "Lenders will add at most"),
    (c.RaiseCapital("debt", 500.0), "Amount must be between 0.5 and 200 USD B"),
    (c.LaunchSpaceSolar(1.0), "Launch capacity is only"),
    (c.RepayDebt(1.0), "You have no debt"),
    (c.BuyAccelerators("huawei", 1000), "does not sell accelerators to you"),
    (c.StartTerafab("atlantis"), "no Terafab site 'atlantis'"),
    (c.SetEdgeShare(1.5), "between 0 and 1"),
])
def test_refusals_say_why_and_change_nothing(session, command, needle):
    before = snapshot(session)
    preview = session.preview(command)
    assert preview.refusal and needle in preview.refusal
    result = session.submit(command)
    assert not result.accepted and needle in result.message
    assert snapshot(session) == before
    assert session.command_log == []


def test_foundry_capacity_is_mostly_booked_already(session):
    session.submit(c.FundChipGeneration("AI5"))
    result = session.submit(c.BookFoundryCapacity("tsmc-hsinchu", 150000, 24, False))
    assert not result.accepted
    assert "left to book" in result.message and "B3" in result.message


def test_preview_names_cost_and_lead_time_then_the_command_takes_effect(session):
    p = session.preview(c.FundChipGeneration("AI5"))
    assert p.refusal is None and p.cost_busd > 0 and p.lead_time_months >= 12
    cash = session.model.firm.ledger.cash_busd
    assert session.submit(c.FundChipGeneration("AI5")).accepted
    assert session.model.firm.ledger.cash_busd == pytest.approx(cash - p.cost_busd)
    assert "AI5" in session.model.firm.supply.generations
    assert session.events[-1].rule == "B4" and session.events[-1].agent == session.model.firm.name


def test_ai5_volume_is_not_before_q2_2027(session):
    session.submit(c.FundChipGeneration("AI5"))
    ready = session.model.firm.supply.generations["AI5"]
    assert session.model.date_of(ready) >= "2027-04"


def test_buying_gpus_without_power_leaves_chips_idle_and_power_binds(session):
    assert session.submit(c.BuyAccelerators("nvidia", 100000)).accepted
    session.run(3)
    row = session.series[-1]
    assert row["player_chips_waiting_power"] > 1000
    assert row["limiting_factor"] == "power"


def test_every_command_has_a_form_and_choices(session):
    from game.domain.commands import COMMANDS, command_fields

    for name, cls in COMMANDS.items():
        for f in command_fields(cls):
            assert f["label"], (name, f["name"])
            if f["choices"]:
                assert session.choices(f["choices"]), (name, f["choices"])
