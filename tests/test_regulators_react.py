"""A world that reacts (A8, A5, A9): regulators read the market and the player. A region holding
the leading edge draws grants for its rivals, a player cornering a market draws an antitrust cap,
a very large power draw meets a permit review, permits come from the permitting regulator, and
Intel signs as a foundry partner through the same command path as every other command."""

from __future__ import annotations

import json
from statistics import mean

import pytest

from game.domain import commands as c
from game.io.commandlog import read_command_log
from game.sim.config import apply_overrides
from game.sim.session import Session

SEEDS = (101, 102, 103, 104, 105)  # not tuned on
LATE = 60  # the campaign's last five years


def play(scenario, seed: int, policy: str | None, months: int | None = None) -> Session:
    session = Session(scenario, seed, policy)
    session.run(months)
    return session


def region_leading_share(model, region: str) -> float:
    total = mine = 0.0
    for site in model.foundries:
        total += site.leading_good_wpm
        if site.region == region:
            mine += site.leading_good_wpm
    return mine / total


def late_mean(scenario, seed: int, policy: str, measure) -> tuple[float, Session]:
    session = Session(scenario, seed, policy)
    values = []
    for _ in range(session.months_total):
        session.step()
        values.append(measure(session.model))
    return mean(values[-LATE:]), session


def answers(session: Session, agent: str) -> list[str]:
    return [e.reason for e in session.events if e.rule == "A8" and e.agent == agent]


# ---------------------------------------------------------------------- A8: the leading edge
@pytest.mark.parametrize("seed", SEEDS)
def test_taiwans_leading_edge_share_draws_grants_that_move_it(campaign, seed):
    taiwan = lambda m: region_leading_share(m, "TW")  # noqa: E731
    on, reacting = late_mean(campaign, seed, "passive", taiwan)
    off_world = apply_overrides(campaign, {"world.rules_off": ["A8"]})
    off, ablated = late_mean(off_world, seed, "passive", taiwan)
    said = answers(reacting, "US Commerce (CHIPS Program Office)")
    assert len(said) == 1 and "TW holds" in said[0] and "leading-edge output" in said[0]
    assert answers(ablated, "US Commerce (CHIPS Program Office)") == []
    # the grants build US fabs ahead of orders: Taiwan's share ends lower than without them
    assert on < off, (on, off)
    # by one to three points in a world without chance events (the fabs built ahead fill only as
    # far as AI buyers book them, A6); with them, the demand surprises (S6) alone pull Taiwan's
    # share down about as far, and the grants' own part is smaller (0.4-1.8 points on 101-105)
    calm = apply_overrides(campaign, {"world.shocks.enabled": False})
    calm_on, _ = late_mean(calm, seed, "passive", taiwan)
    calm_off, _ = late_mean(apply_overrides(calm, {"world.rules_off": ["A8"]}), seed, "passive",
                            taiwan)
    assert calm_on < calm_off - 0.01, (calm_on, calm_off)


def test_the_answer_comes_only_above_its_threshold(campaign):
    higher = apply_overrides(campaign, {"world.regulators.us-chips.answers": [
        {"watch": "leading_edge_region", "threshold": 0.9, "months": 6,
         "response": "subsidise_rivals", "subsidy_share": 0.35,
         "build_ahead_at_utilization": 0.6, "extra_projects": 1}]})
    assert answers(play(higher, 101, "passive", 60), "US Commerce (CHIPS Program Office)") == []


# ---------------------------------------------------------------------- A8: the player
def player_share(market: str):
    def measure(model) -> float:
        antitrust = next(r for r in model.regulators if r.key == "us-antitrust")
        return antitrust.watched_shares(market).get(model.firm.name, 0.0)
    return measure


NO_CAP = {"world.regulators.us-antitrust.answers": []}  # the grants (A8) stay


@pytest.mark.parametrize(("seed", "policy", "market", "words"), [
    *((s, "integrator", "player_hbm", "of the world's HBM; an antitrust consent order caps it "
       "at 20%") for s in SEEDS),
    *((s, "buyer", "player_wafers", "of the world's leading-edge wafers; an antitrust consent "
       "order caps it at 10%") for s in SEEDS),
])
def test_a_player_cornering_a_market_draws_an_antitrust_cap_a_passive_one_does_not(
        campaign, seed, policy, market, words):
    share, cornering = late_mean(campaign, seed, policy, player_share(market))
    said = answers(cornering, "US FTC and DOJ (antitrust)")
    assert any(words in s for s in said), said
    assert answers(play(campaign, seed, "passive"), "US FTC and DOJ (antitrust)") == []
    # the cap moves the player's share: without the antitrust answers alone the same player
    # holds more of the market over the campaign's last five years
    uncapped, _ = late_mean(apply_overrides(campaign, NO_CAP), seed, policy, player_share(market))
    assert share < uncapped - 0.01, (share, uncapped)


def test_the_cap_refuses_a_booking_the_rules_allowed_before(campaign):
    """Once the antitrust answer caps the player's HBM at 20 % of each maker, a 25 % booking that
    B3's 30 % allowed is refused; the same booking without the cap goes through."""
    def book_quarter(capped: bool):
        session = Session(campaign, 101)
        assert session.submit(c.FundChipGeneration("AI5")).accepted
        if capped:
            session.model.trade.cap_player("HBM", 0.20)
        maker = session.model.memory_makers[0]
        stacks = int(maker.hbm_supply_stacks() * 0.25)  # under B3's 30 %, over the 20 % cap
        return session.submit(c.BookMemory(maker.key, stacks, 24))
    capped = book_quarter(True)
    assert not capped.accepted and "at most" in capped.message
    assert book_quarter(False).accepted


# ---------------------------------------------------------------------- A5: permits
def test_a_huge_power_order_meets_a_permit_review_a_small_one_does_not(campaign):
    small = Session(campaign, 1).preview(c.RequestGrid(1.0))
    session = Session(campaign, 1)
    huge = session.preview(c.RequestGrid(5.0))  # 0.62 GW + 5 GW passes the 5 GW review line
    assert small.refusal is None and "review" not in small.effect
    assert huge.lead_time_months == small.lead_time_months + 6
    assert "US state, EPA and county permits review" in huge.effect
    assert huge.cost_busd == pytest.approx(5.0 * small.cost_busd * 1.05)
    assert session.submit(c.RequestGrid(5.0)).accepted
    assert any(e.rule == "A5" and e.agent == "US state, EPA and county permits"
               for e in session.events)
    # turbines: the preview's wait is the arrival the order gets
    turbines = session.preview(c.OrderTurbines(5.0))
    assert session.submit(c.OrderTurbines(5.0)).accepted
    order = session.model.firm.power.pipeline[-1]
    assert order.arrives_month == session.month + turbines.lead_time_months
    assert round(session.model.turbine_lead_months()) + 6 < turbines.lead_time_months + 1


def test_switching_permits_off_removes_the_review(campaign):
    off = apply_overrides(campaign, {"world.rules_off": ["A5"]})
    on_lead = Session(campaign, 1).preview(c.RequestGrid(5.0)).lead_time_months
    assert Session(off, 1).preview(c.RequestGrid(5.0)).lead_time_months == on_lead - 6


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_the_review_slows_a_power_hungry_player(campaign, seed):
    """The buyer orders power by the gigawatt: the review delays it over the campaign."""
    reviewed = play(campaign, seed, "buyer")
    free = play(apply_overrides(campaign, {"world.rules_off": ["A5"]}), seed, "buyer")
    assert any(e.rule == "A5" and e.kind == "power" for e in reviewed.events)
    mid = 96
    assert reviewed.series[mid]["player_power_gw"] < free.series[mid]["player_power_gw"]


def test_terafab_permits_come_from_the_site_s_state_agency_not_bis(campaign):
    session = play(campaign, 101, "integrator", 40)
    permits = [e for e in session.events if "Permits" in e.reason and "Terafab" in e.reason]
    assert permits and {e.agent for e in permits} == {"Texas Commission on Environmental Quality"}


# ---------------------------------------------------------------------- A9: Intel
def intel_session(campaign) -> Session:
    session = Session(campaign, 7)
    assert session.submit(c.FundChipGeneration("AI5")).accepted
    return session


def test_intel_preview_is_what_signing_does(campaign):
    session = intel_session(campaign)
    deal = c.SignIntelPartnership("18a-arizona", 8000, 48)
    preview = session.preview(deal)
    assert preview.refusal is None and "Intel builds a 16,000 wpm N3 line" in preview.effect
    cash = session.model.firm.ledger.cash_busd
    assert session.submit(deal).accepted
    assert session.model.firm.ledger.cash_busd == pytest.approx(cash - preview.cost_busd)
    assert preview.cost_busd == pytest.approx(1.2)  # 8k wpm at USD 1.5 B per 10k
    contract = session.model.firm.supply.contracts[-1]
    site = session.model.foundry_by_key["intel-arizona"]
    assert contract.site is site and contract.wafers_per_month == 8000
    assert contract.start - session.month + 3 == preview.lead_time_months
    assert [p.capacity_wpm for p in site.projects if p.owner == session.model.firm.key] == [16000]
    assert any(e.rule == "A9" for e in session.events)
    # Intel dedicates at most 10k wpm of 18A to one partner
    again = session.submit(c.SignIntelPartnership("18a-arizona", 3000, 48))
    assert not again.accepted and "2,000 wpm are left" in again.message


@pytest.mark.parametrize("command, needle", [
    (c.SignIntelPartnership("14a-ohio", 10000, 48), "from 2027-01"),
    (c.SignIntelPartnership("20a-mars", 10000, 48), "no offer '20a-mars'"),
])
def test_intel_refusals_say_why(campaign, command, needle):
    result = intel_session(campaign).submit(command)
    assert not result.accepted and needle in result.message


def test_intel_needs_a_design_on_its_node(campaign):
    result = Session(campaign, 7).submit(c.SignIntelPartnership("18a-arizona", 10000, 48))
    assert not result.accepted and "fund a chip generation on N3" in result.message


def test_intel_deal_raises_the_players_chips(campaign):
    def chips(sign: bool) -> float:
        session = intel_session(campaign)
        if sign:
            assert session.submit(c.SignIntelPartnership("18a-arizona", 10000, 60)).accepted
        session.run(48)
        fleet = session.model.firm.fleet
        return fleet.own_pflops_total

    signed, unsigned = chips(True), chips(False)
    assert signed > unsigned + 1000.0, (signed, unsigned)  # PFLOPS made on the partner's wafers


def test_intel_deal_is_saved_and_replayed_from_a_command_log(campaign, tmp_path):
    session = intel_session(campaign)
    assert session.submit(c.SignIntelPartnership("18a-arizona", 9000, 36)).accepted
    session.run(30)
    log = tmp_path / "player.jsonl"
    log.write_text("\n".join(json.dumps(e.to_dict()) for e in session.command_log) + "\n")
    logged = read_command_log(log)
    assert [cmd.name for _, _, cmd in logged] == ["fund_chip", "intel_partner"]
    replayed = Session(campaign, 7)
    replayed.replay(logged, 30)
    assert replayed.fingerprint() == session.fingerprint()
    restored = Session.from_record(session.to_record())
    assert restored.model.firm.supply.contracts[-1].site.key == "intel-arizona"


def test_the_window_lists_intels_offers(campaign):
    session = Session(campaign, 1)
    assert [k for k, _ in session.choices("intel_offers")] == ["18a-arizona", "14a-ohio"]
    assert c.SignIntelPartnership.group == "supply"
