"""The Terafab's good wafers become chips only for a chip generation whose design is ready: a
player who builds the fab and funds no design saw "Good wafers a month 35 k wpm", 0 EFLOPS and
0 idle chips, and nothing saying where the wafers went. The Terafab tab now says it."""

from __future__ import annotations

import pytest

from game import i18n
from game.domain.commands import command_from_dict
from game.io.scenarios import load_scenario
from game.sim.session import Session
from game.ui.draw import panels
from game.ui.game import Game
from game.ui.scenes.title import start_game

BUILD = [{"command": "start_terafab", "site": "grimes-county"}, {"command": "fund_phase"},
         {"command": "order_tools", "vendor": "asml", "quantity": 34},
         *({"command": "order_tools", "vendor": v, "quantity": 10}
           for v in ("amat", "lam", "tel", "kla")),
         {"command": "hire_staff", "people": 9800}]


def built(fund_chip: bool) -> Session:
    """The Terafab built and staffed in month 0 (and AI5 funded, or not), played to its first
    good wafers."""
    session = Session.new(load_scenario("terafab"), 1)
    for data in BUILD + ([{"command": "fund_chip", "generation": "AI5"}] if fund_chip else []):
        assert session.submit(command_from_dict(data)).accepted, data
    while session.view().firm.terafab.wafers_month <= 0:
        session.run(1)
    return session


@pytest.fixture(scope="module")
def no_design():
    return built(fund_chip=False)


def labels(session: Session) -> list[str]:
    return [row.label for row in panels.terafab_rows(session.view())]


def test_the_terafab_tab_says_its_wafers_make_no_chips_without_a_design(no_design):
    view = no_design.view()
    assert view.firm.terafab.wafers_month > 0 and not view.firm.generations
    assert i18n.t("panel.wafers_lost") in labels(no_design)


def test_the_warning_goes_once_a_design_is_ready():
    assert i18n.t("panel.wafers_lost") not in labels(built(fund_chip=True))


def test_the_warning_shows_whole_on_hover_in_the_window(user_dirs, no_design):
    from game.io.userdata import Settings
    from game.ui.app import App

    app = App(settings=Settings(), size=(1280, 720), persist_settings=False)
    start_game(app, Game(no_design))
    app.top.open_tab("terafab")
    app.frame(0.0, [])
    row, rect = next((row, r) for row, r in app.top.placed_rows
                     if row.label == i18n.t("panel.wafers_lost"))
    app.top.mouse = rect.center
    assert "chip generation" in app.top.tooltip()
    app.close_game()
