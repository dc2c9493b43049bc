"""The tutorial is the scenario's own: its steps are the file's, each waits for the player with the
clock held, checks what the player did, and a player who follows it lights the waiting GPUs and
beats doing nothing."""

from __future__ import annotations

import pygame
import pytest
import yaml

from game.io.paths import SCENARIOS
from game.io.scenarios import load_scenario
from game.sim.session import Session
from tests.ui.conftest import click, key, start


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario("tutorial")


def _file_steps() -> list[str]:
    data = yaml.safe_load((SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8"))
    return [s["text"] if isinstance(s, dict) else s for s in data["tutorial_steps"]]


def _do(app, step) -> None:
    """What a player reading the step does, through clicks and keys only."""
    wait = step.waits_for
    if wait == "ok":
        click(app, "tutorial:next")
    elif wait.startswith("tab:"):
        click(app, wait)
    elif wait.startswith("command:"):
        name = wait.split(":", 1)[1]
        click(app, f"tab:{app.top.tab_of(name)}")
        click(app, f"action:{name}")
        for b in list(app.top.buttons):
            if b.name.endswith(":need"):
                click(app, b.name)
        click(app, "confirm")
    elif wait == "why":
        click(app, "news:0")
        key(app, pygame.K_ESCAPE)
    elif wait == "time":
        main, tut = app.top, app.top.tutorial
        for _ in range(40):  # a year of months at most, a frame a second of game time
            if tut.step is not step:
                return
            if main.game.clock.paused:
                key(app, pygame.K_SPACE)  # an alert paused it: play on
            app.frame(1.0, [])


def test_a_player_following_the_steps_lights_the_gpus_and_beats_passive(app, tutorial):
    game = start(app, tutorial, tutorial=True)
    tut = app.top.tutorial
    shown, months_at_step = [], []
    while tut.step is not None:
        app.frame(0.0, [])
        step = tut.step
        shown.append(tut.shown)
        months_at_step.append(game.session.month)
        _do(app, step)
        assert tut.step is not step or tut.step is None, f"stuck on: {step.text}"
    assert shown == _file_steps()
    waiting = [r["player_chips_waiting_power"] for r in game.session.series]
    assert waiting[0] > 90_000 and waiting[-1] == 0  # the GPUs waited, then were lit
    # the clock ran only on the step that waits for time: no month passed on the others
    assert months_at_step[:3] == [0, 0, 0] and len(set(months_at_step[3:])) == 1
    game.session.run()
    passive = Session.new(tutorial, 1, "passive")
    passive.run()
    assert (game.session.series[-1]["player_compute_eflops"]
            > 1.2 * passive.series[-1]["player_compute_eflops"])


def test_the_clock_is_held_while_a_step_waits_for_the_player(app, tutorial):
    game = start(app, tutorial, tutorial=True)
    app.frame(0.0, [])
    key(app, pygame.K_SPACE)
    for _ in range(5):
        app.frame(1.0, [])
    assert game.session.month == 0
    assert game.notices[-1].text.startswith("The tutorial holds the clock")
    click(app, "tutorial:skip")  # hiding the tutorial frees the clock
    key(app, pygame.K_SPACE)
    app.frame(1.0, [])
    assert game.session.month == 1


def test_too_small_an_order_is_checked_and_the_step_says_what_is_missing(app, tutorial):
    start(app, tutorial, tutorial=True)
    tut = app.top.tutorial
    click(app, "tab:power")
    app.frame(0.0, [])
    assert tut.step.waits_for == "command:request_grid"
    click(app, "action:request_grid")
    dialog = app.top
    dialog.set_value("gw", 0.1)
    click(app, "confirm")
    app.frame(0.0, [])
    assert tut.step.waits_for == "command:request_grid"  # still here: 0.1 GW lights too few
    assert "still lack 0.18 GW" in tut.hint
    click(app, "action:request_grid")
    click(app, "field:gw:need")
    assert app.top.values["gw"] == pytest.approx(0.2)
    click(app, "confirm")
    app.frame(0.0, [])
    assert tut.step.waits_for == "time" and tut.hint == ""
