"""Alerts and a safe fast-forward: MAX stops at the next alert (or the year's end), never past
one; an important alert pauses the game unless the player turned it off (then it is a notice
only); a contract about to run out is said before it ends; the autosaves keep one
file a game year, so MAX to the end leaves every earlier year loadable."""

from __future__ import annotations

import pygame
import pytest

from game.io import userdata
from game.io.saves import load_session
from game.sim.session import Session
from game.ui.alerts import pauses
from game.ui.game import Game
from game.ui.i18n import t
from tests.ui.conftest import click, key


def _max_until_paused(app, game: Game) -> int:
    """Press MAX (key 4) and run frames until the clock stops; the months it ran."""
    start = game.session.month
    key(app, pygame.K_4)
    for _ in range(2000):
        if game.clock.paused or game.session.done:
            break
        app.frame(1 / 60, [])
    assert game.clock.paused or game.session.done
    return game.session.month - start


def _balanced_game(app, scenario, months: int) -> Game:
    from game.ui.scenes.title import start_game

    session = Session.new(scenario, 1, "balanced")
    session.run(months)
    game = Game(session)
    start_game(app, game)
    return game


@pytest.mark.parametrize("from_month", [0, 17, 62, 125])
def test_max_from_any_month_stops_at_the_next_alert_or_the_year_end(app, campaign, from_month):
    game = _balanced_game(app, campaign, from_month)
    before = len(game.alert_log)
    ran = _max_until_paused(app, game)
    month = game.session.month
    new = [a for a in game.alert_log[before:] if pauses(a.kind, {})]
    assert ran >= 1
    assert all(a.month == month for a in new), "MAX ran past an alert"
    if not new:
        assert month % 12 == 0 or game.session.done  # no alert: it stopped at the year's end
    # the alert that stopped it is on screen until the clock runs again
    assert {a.text for a in new} <= {n.text for n in game.notices} or len(new) > 3


def test_an_alert_turned_off_in_settings_does_not_pause_at_normal_speed(app, campaign):
    app.settings.alert_pause = {k: False for k in
                                ("contract_ending", "phase_ending", "limiting_changed",
                                 "cash_low", "chips_idle")}
    game = _balanced_game(app, campaign, 0)
    key(app, pygame.K_3)  # 4 months a second
    for _ in range(12):
        app.frame(1.0, [])
    assert game.alert_log and not game.clock.paused  # alerts came, the game ran on
    app.settings.alert_pause = {}
    game.alert_pause = app.settings.alert_pause
    for _ in range(60):
        if game.clock.paused:
            break
        app.frame(1.0, [])
    assert game.clock.paused and game.alert_log[-1].month == game.session.month


def test_an_hbm_contract_running_out_is_said_before_it_ends(app, campaign):
    from game.domain.commands import BookMemory
    from game.ui.scenes.title import start_game

    game = Game(Session.new(campaign, 1))
    start_game(app, game)
    assert game.submit(BookMemory("skhynix", 100000, 6)).accepted
    key(app, pygame.K_1)
    for _ in range(8):
        app.frame(1.0, [])
        if game.clock.paused:
            break
    ending = [a for a in game.alert_log if a.kind == "contract_ending"]
    assert ending and ending[0].month == 3  # three months before its end, in month 6
    assert game.clock.paused and game.session.month == 3
    assert ending[0].text == t("alert.hbm_ending", maker="SK hynix", n=3)


def test_after_max_to_the_end_every_earlier_year_autosave_loads(app, campaign, user_dirs):
    game = _balanced_game(app, campaign, 0)
    stops = 0
    while not game.session.done and stops < 400:
        _max_until_paused(app, game)
        stops += 1
    assert game.session.done
    game.wait_for_saves()
    start_year = int(campaign.world.calendar.start[:4])
    years = range(start_year + 1, start_year + game.session.months_total // 12 + 1)
    slots = userdata.autosave_slots()
    assert slots == [userdata.autosave_slot(campaign.name, y) for y in reversed(years)]
    for year in years:
        loaded = load_session(userdata.slot_path(userdata.autosave_slot(campaign.name, year)))
        assert loaded.month == (year - start_year) * 12
    # the saves screen lists every one of them
    key(app, pygame.K_ESCAPE) if app.top.name == "report" else None
    app.open("saves")
    names = [s.slot for s in app.top.slots]
    assert all(s in names for s in slots)
    click(app, f"load:{slots[1]}")  # the year before the last
    assert app.game.session.month == game.session.months_total - 12
