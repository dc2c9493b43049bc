"""History mode (H10): regulators follow the real dated decisions of CALIBRATION.md, or react by
rule; a scenario chooses, and `--regulators` switches a lesson."""

from __future__ import annotations

import csv

import pytest

from game.cli import main
from game.io.scenarios import load_scenario
from game.sim.config import apply_overrides
from game.sim.session import Session


def play(mode: str, seed: int) -> Session:
    scenario = apply_overrides(load_scenario("export-controls"), {"regulator_mode": mode})
    session = Session(scenario, seed, "passive")
    session.run(120)  # A8 grants build US fabs that dilute China's share: the raise comes by ~118
    return session


@pytest.mark.parametrize("seed", (1, 2))
def test_history_follows_dates_and_rules_react(seed):
    history, rules = play("history", seed), play("rules", seed)
    dated = " ".join(e.reason for e in history.events if e.rule == "H10")
    for source in ("chips_act", "tariff_sec232_2026", "in force since 2023-10"):
        assert source in dated
    assert {r["export_control_level"] for r in history.series} == {3}
    # by rule, the US answers China's rise on the leading edge with a further round (B8)
    assert max(r["export_control_level"] for r in rules.series) == 4
    assert any(e.rule == "B8" and "announced export controls level 4" in e.reason
               for e in rules.events)
    assert not any(e.rule == "H10" for e in rules.events)


def test_scenarios_choose_their_mode():
    assert load_scenario("tutorial").regulator_mode == "history"
    assert load_scenario("export-controls").regulator_mode == "rules"
    assert load_scenario("terafab").regulator_mode == "world"


def test_run_switches_the_mode(tmp_path, capsys):
    events = tmp_path / "events.csv"
    assert main(["run", "--scenario", "export-controls", "--regulators", "history", "--months", "2",
                 "--out", str(tmp_path / "s.csv"), "--events", str(events),
                 "--save", str(tmp_path / "g.json")]) == 0
    with open(events, newline="") as handle:
        assert any(row["rule"] == "H10" for row in csv.DictReader(handle))
    code = main(["run", "--load", str(tmp_path / "g.json"), "--regulators", "rules",
                 "--out", str(tmp_path / "t.csv")])
    assert code == 2 and "--load takes its scenario" in capsys.readouterr().err
