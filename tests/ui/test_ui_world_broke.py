"""A world that breaks in the window (issue 19, finding 6): the game goes back to the month before,
pauses and says why, instead of drawing NaN or raising; `play --screenshot` gives one line."""

from __future__ import annotations

import math

import pytest

from game.cli import main
from game.sim.model import TerafabModel
from tests.ui.conftest import start


@pytest.fixture
def cash_turns_nan_in_month_3(monkeypatch):
    """A stand-in for a rule that goes wrong: the firm's cash turns NaN in month 3 (2026-04)."""
    step = TerafabModel.step

    def broken_step(model) -> None:
        step(model)
        if model.month - 1 == 3:
            model.firm.ledger.cash_busd = math.nan

    monkeypatch.setattr(TerafabModel, "step", broken_step)


def test_the_game_stops_at_the_month_before_and_says_why(app, campaign, cash_turns_nan_in_month_3):
    game = start(app, campaign)
    game.set_speed(4)  # max: the clock plays months every frame
    for _ in range(5):
        app.frame(0.05, [])
    assert app.top.name == "main"  # no error dialog: the screen still draws
    assert game.session.month == 3 and game.clock.paused
    assert math.isfinite(game.session.view().firm.cash_busd)
    message = "the world broke in 2026-04 (month 3): player_cash_busd is nan"
    assert game.notices[-1].text == message and not game.notices[-1].ok
    game.set_speed(1)  # playing on meets the same wall, and says so again
    app.frame(1.0, [])
    assert game.session.month == 3 and game.clock.paused
    assert game.notices[-1].text == message


def test_a_screenshot_of_a_world_that_breaks_is_one_line_and_exit_2(
        tmp_path, user_dirs, capsys, cash_turns_nan_in_month_3):
    out = tmp_path / "shot.png"
    assert main(["play", "--screenshot", str(out), "--months", "6", "--size", "1280x720"]) == 2
    err = capsys.readouterr().err
    assert err == "terafab: error: the world broke in 2026-04 (month 3): player_cash_busd is nan\n"
    assert not out.exists()


def test_play_refuses_a_scenario_whose_yield_ramp_would_turn_nan(tmp_path, user_dirs, capsys):
    path = tmp_path / "instant.yaml"  # was: the window raised OverflowError drawing the firm
    path.write_text("name: instant\ntitle: Instant\ngoal: g\ndifficulty: normal\n"
                    "base_world: world.yaml\noverrides:\n  terafab.ramp_months: 1.0e-300\n")
    out = tmp_path / "shot.png"
    assert main(["play", "--scenario", str(path), "--screenshot", str(out), "--months", "100",
                 "--policy", "integrator"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "terafab.ramp_months" in err
    assert not out.exists()
