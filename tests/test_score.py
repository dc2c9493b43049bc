"""The score rewards the campaign's goal (issue #15 item 3): compute delivered dominates; own-fab
self-sufficiency counts compute at work, not chips made; value is per share, so equity dilutes;
idle chips, stranded capex and a bust cost; each scenario grades the score by its own goal."""

from __future__ import annotations

import pytest

from game.cli import main
from game.domain import commands as c
from game.io.scenarios import load_scenario
from game.sim.config import apply_overrides, validate_scenario
from game.sim.runner import run_campaign
from game.sim.session import Session
from game.teach import balance as B
from game.teach.cards import card_text

SEED = 101


@pytest.fixture(scope="module")
def campaign():
    return load_scenario("terafab")


def _played(scenario, strategy, months: int, seed: int = SEED) -> Session:
    session = Session(scenario, seed)
    for _ in range(months):
        for command in strategy(session.model):
            session.submit(command, "policy")
        session.step()
    return session


def test_equity_raised_and_left_idle_dilutes_the_score_below_doing_nothing(campaign):
    """Old score: equity added to net worth at no cost, so the pump beat doing nothing."""
    pump = _played(campaign, B.equity_pump, 60).summary()
    still = _played(campaign, lambda m: [], 60).summary()
    assert pump["shares_outstanding_m"] > still["shares_outstanding_m"]
    assert pump["score_value"] < still["score_value"]
    assert pump["score"] < still["score"]


def test_chips_made_on_booked_wafers_earn_no_self_sufficiency(campaign):
    """Self-sufficiency is the share of compute at work made on the player's own fab: booking
    foundry wafers for an own design is not a fab (old score: 100 %, 200 points)."""
    summary = _played(campaign, B.minimal_booking, 36).summary()
    assert summary["self_sufficiency"] == 0.0 and summary["score_own_fab"] == 0.0


def test_the_integrator_s_own_fab_earns_its_bonus_once_its_chips_are_at_work(campaign):
    early = Session(campaign, SEED, "integrator")
    early.run(24)  # no Terafab output before mid-2028 (A3)
    assert early.summary()["score_own_fab"] == 0.0
    late = run_campaign(campaign, SEED, "integrator").summary
    assert 0.5 < late["self_sufficiency"] <= 1.0 and late["score_own_fab"] > 0


def test_gpus_bought_with_no_power_to_light_them_cost_points(campaign):
    def hoard(model):
        return [c.BuyAccelerators(model.merchant.key, 200_000)] if model.month == 0 else []
    hoarder = _played(campaign, hoard, 24).summary()
    still = _played(campaign, lambda m: [], 24).summary()
    assert still["score_idle"] == 0.0
    assert hoarder["chips_idle_end"] > 0 and hoarder["score_idle"] < -5


def test_a_fab_phase_that_never_produced_is_stranded_capex(campaign):
    def start(model):
        firm = model.firm
        if firm.terafab is None:
            return [c.StartTerafab("grimes-county")]
        return [c.FundTerafabPhase()] if not firm.terafab.phases else []
    summary = _played(campaign, start, 12).summary()
    assert summary["score_stranded"] < -5
    assert _played(campaign, lambda m: [], 12).summary()["score_stranded"] == 0.0


def test_a_bust_floors_the_score(campaign):
    broke = apply_overrides(campaign, {"firm.cash_busd": -60})
    session = Session(broke, SEED)
    session.run()
    summary = session.summary()
    assert summary["end_cause"]
    assert summary["score"] <= broke.scoring.bust_score
    assert summary["score"] < run_campaign(campaign, SEED, None).summary["score"]


def test_the_score_is_the_sum_of_its_terms_each_explained(campaign):
    session = Session(campaign, SEED, "balanced")
    session.run(48)
    b = session.score()
    assert b.total == pytest.approx(sum(t.points for t in b.terms))
    assert all(t.label and t.explanation for t in b.terms)
    summary = session.summary()
    assert summary["score"] == pytest.approx(b.total, abs=1e-3)
    assert summary["score_compute"] == max(summary[k] for k in summary if k.startswith("score_")
                                           and k != "score_grade")  # compute dominates


def test_each_scenario_grades_the_score_by_its_own_thresholds(campaign):
    summary = run_campaign(campaign, SEED, "buyer", months=36).summary
    score = summary["score"]
    lower = apply_overrides(campaign, {"scoring.medals.bronze": score - 3,
                                       "scoring.medals.silver": score - 2,
                                       "scoring.medals.gold": score - 1})
    assert run_campaign(lower, SEED, "buyer", months=36).summary["score_grade"] == "gold"
    lesson = apply_overrides(campaign, {"scoring.pass_score": score + 1})
    assert run_campaign(lesson, SEED, "buyer", months=36).summary["score_grade"] == "fail"


def test_cards_show_the_goal_s_thresholds():
    assert "bronze" in card_text(load_scenario("terafab"))
    assert "pass at a score of" in card_text(load_scenario("tutorial"))


def test_a_save_of_the_old_score_still_loads(campaign):
    data = campaign.model_dump(mode="json", by_alias=True)
    data["scoring"] = {"compute_weight": 1.0, "self_sufficiency_weight": 200.0,
                       "net_worth_weight": 1.0}
    assert validate_scenario(data, "old save").scoring.compute_points_per_decade == 100.0


def test_medals_must_rise(campaign):
    from game.domain.errors import ConfigError
    with pytest.raises(ConfigError, match="medals must rise"):
        apply_overrides(campaign, {"scoring.medals.bronze": 500.0})


def test_terafab_run_prints_the_score_term_by_term(capsys, tmp_path):
    assert main(["run", "--seed", "101", "--months", "24", "--policy", "balanced",
                 "--out", str(tmp_path / "run.csv")]) == 0
    out = capsys.readouterr().out
    for label in ("Compute delivered", "Own fab", "Value per share", "Idle chips",
                  "Stranded capex", "Unused contracts", "goal: bronze"):
        assert label in out


def test_a_cost_of_nothing_reads_zero_not_minus_zero(capsys, tmp_path):
    """A passive firm strands no capex: its breakdown says 0.0, never -0.0."""
    assert main(["run", "--seed", "101", "--months", "12", "--policy", "passive",
                 "--out", str(tmp_path / "run.csv")]) == 0
    out = capsys.readouterr().out
    stranded = next(line.strip() for line in out.splitlines() if "Stranded capex" in line)
    assert "-0.0" not in out
    assert stranded.split()[2] == "0.0"
