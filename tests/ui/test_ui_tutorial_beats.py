"""After the scenario's tutorial steps the tutorial does not end: in the mid-game it names what
limits the player now (the limiting factor the engine reads each month) and points at the action
that moves it, following the factor as it changes, without holding the clock; a game started with
the tutorial on a scenario without steps gets the beats from the first month."""

from __future__ import annotations

import pygame
import pytest

from game.io.scenarios import load_scenario
from game.sim.session import Session
from tests.ui.conftest import click, key, start
from tests.ui.test_ui_tutorial import _do

# the buttons a player is pointed at for each factor: the action, or the tab that holds it
POINTS_AT = {
    "power": {"action:request_grid", "tab:power"},
    "chips": {"action:book_foundry", "action:fund_chip", "tab:supply"},
    "memory": {"action:book_memory", "tab:memory"},
    "capital": {"action:raise_capital", "tab:finance"},
    "tools": {"action:order_tools", "tab:terafab"},
    "talent": {"action:hire_staff", "tab:terafab"},
    "permits": {"action:order_tools", "tab:terafab"},
}


def _beats(app, months: int) -> list[tuple[str, str, str, int]]:
    """(factor, heading factor shown, target, month) a frame a month, the clock left running."""
    main, game = app.top, app.top.game
    seen = []
    key(app, pygame.K_1)
    for _ in range(months * 2):
        if game.clock.paused:
            key(app, pygame.K_SPACE)  # an alert paused it: play on
        app.frame(0.5, [])
        tut = main.tutorial
        factor = game.session.model.firm.limiting_factor
        seen.append((factor, tut.shown, tut.target(main), game.session.month))
    return seen


def _check(seen, factors: int) -> None:
    assert seen[-1][3] > seen[0][3], "the beats do not hold the clock"
    for factor, shown, target, month in seen:
        if factor in POINTS_AT:
            assert shown and target in POINTS_AT[factor], (month, factor, shown, target)
    assert len({s[0] for s in seen if s[0] in POINTS_AT}) >= factors, "the beat followed"


def test_after_the_steps_the_tutorial_points_at_what_binds_as_it_changes(app):
    tutorial = load_scenario("tutorial")
    start(app, tutorial, tutorial=True)
    tut = app.top.tutorial
    while tut.step is not None:
        app.frame(0.0, [])
        _do(app, tut.step)
    app.frame(0.0, [])
    assert tut.beat and app.top.game.hold == ""
    assert any(b.name == "tutorial:skip" for b in app.top.buttons)
    _check(_beats(app, 12), 1)
    click(app, "tutorial:skip")  # Hide ends the beats too
    app.frame(0.0, [])
    assert tut.target(app.top) == "" and not any(b.name.startswith("tutorial:")
                                                 for b in app.top.buttons)


@pytest.fixture(scope="module")
def midgame():
    session = Session.new(load_scenario("terafab"), 1, "balanced")
    session.run(50)
    session._policy_fn = None  # the player takes over in the mid-game
    return session


def test_a_campaign_with_the_tutorial_on_gets_beats_from_the_start(app, midgame):
    from game.ui.game import Game
    from game.ui.scenes.title import start_game

    start_game(app, Game(midgame, tutorial=True))
    app.frame(0.0, [])
    factor = midgame.model.firm.limiting_factor
    assert factor in POINTS_AT
    assert app.top.tutorial.target(app.top) in POINTS_AT[factor]
    _check(_beats(app, 24), 2)
