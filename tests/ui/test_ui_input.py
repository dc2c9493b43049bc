"""Synthetic clicks and keys reach the right commands and controls."""

from __future__ import annotations

import pygame

from game.ui.scenes.action import ActionDialog
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.dialogs import MessageDialog
from game.ui.scenes.inspector import WhyDialog
from game.ui.scenes.main import MainScene
from tests.ui.conftest import click, key, start


def test_speed_buttons_and_keys_set_the_clock(app, campaign):
    """The keys and buttons set the clock. MAX stopping at alerts and at the year's end is
    tested in test_ui_alerts.py; here no alert pauses and MAX steps one month a frame, so the
    test does not depend on how many months this machine plays in a frame's time budget."""
    from game.ui import alerts

    game = start(app, campaign)
    game.alert_pause = {kind: False for kind in alerts.KINDS}
    game.clock.budget_s = 0.0
    click(app, "speed:2")
    assert game.clock.speed == 2
    key(app, pygame.K_SPACE)
    assert game.clock.paused
    key(app, pygame.K_SPACE)
    assert game.clock.speed == 2
    key(app, pygame.K_4)
    assert game.clock.speed == 4
    app.frame(0.05, [])
    assert game.session.month >= 1, "max speed steps at least one month a frame"


def test_fixed_speed_steps_months_by_real_time(app, campaign):
    game = start(app, campaign)
    key(app, pygame.K_1)
    for _ in range(10):
        app.frame(0.25, [])
    assert game.session.month == 2  # 2.5 s at one month a second


def test_book_foundry_through_the_form_adds_a_contract(app, campaign):
    game = start(app, campaign)
    click(app, "action:fund_chip")
    assert isinstance(app.top, ActionDialog)
    click(app, "confirm")
    assert isinstance(app.top, MainScene)
    click(app, "action:book_foundry")
    dialog = app.top
    click(app, "field:wafers_per_month:+")
    assert dialog.values["wafers_per_month"] > 5000
    assert dialog.preview.refusal is None and dialog.preview.cost_busd > 0
    click(app, "confirm")
    names = [c.command.name for c in game.session.command_log]
    assert names == ["fund_chip", "book_foundry"]
    booked = game.session.command_log[-1].command
    assert booked.wafers_per_month == dialog.values["wafers_per_month"]
    game.session.step()
    assert len(game.session.view().firm.contracts) == 1


def test_refused_command_shows_the_engines_message(app, campaign):
    game = start(app, campaign)
    click(app, "action:buy_accelerators")
    dialog = app.top
    dialog.set_value("units", 5_000_000)  # USD 200 B of GPUs: more than the cash there is
    expected = game.session.preview(dialog.command()).refusal
    assert expected
    click(app, "confirm")
    assert app.top is dialog, "the form stays open"
    assert dialog.result == expected
    assert game.session.command_log == []


def test_an_action_that_needs_another_first_is_disabled_with_the_reason(app, campaign):
    game = start(app, campaign)
    app.frame(0.0, [])
    names = [b.name for b in app.top.buttons if b.name.startswith("action:")]
    assert names.index("action:fund_chip") < names.index("action:book_foundry")
    book = app.top.button("action:book_foundry")
    assert not book.enabled and "fund a chip design first" in book.tip
    click(app, "action:book_foundry")
    assert app.top.name == "main"  # nothing opens
    click(app, "action:fund_chip")
    click(app, "confirm")
    app.frame(0.0, [])
    assert app.top.button("action:book_foundry").enabled
    assert [c.command.name for c in game.session.command_log] == ["fund_chip"]


def test_start_the_terafab_is_greyed_once_it_is_started(app, campaign):
    game = start(app, campaign)
    click(app, "tab:terafab")
    app.frame(0.0, [])
    assert app.top.button("action:start_terafab").enabled
    click(app, "action:start_terafab")
    click(app, "confirm")
    assert [c.command.name for c in game.session.command_log] == ["start_terafab"]
    app.frame(0.0, [])
    again = app.top.button("action:start_terafab")
    assert not again.enabled and "started already" in again.tip
    assert app.top.button("action:fund_phase").enabled
    click(app, "action:start_terafab")
    assert app.top.name == "main"  # nothing opens


def test_typing_a_value_into_a_field(app, campaign):
    start(app, campaign)
    click(app, "tab:power")
    click(app, "action:request_grid")
    dialog = app.top
    click(app, "field:gw")
    key(app, pygame.K_BACKSPACE)
    for ch in "2.5":
        key(app, ord(ch) if ch != "." else pygame.K_PERIOD, ch)
    key(app, pygame.K_RETURN)
    assert dialog.values["gw"] == 2.5
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, MainScene)


def test_news_click_shows_rule_and_source(app, campaign):
    game = start(app, campaign)
    game.session.run(6)
    click(app, "news:0")
    assert isinstance(app.top, WhyDialog)
    assert app.top.rule is not None and app.top.rule.id == game.session.events[-1].rule
    assert app.top.rule.source


def test_keys_open_charts_and_back(app, campaign):
    start(app, campaign)
    key(app, pygame.K_c)
    assert isinstance(app.top, ChartsScene)
    click(app, "range:1y")
    assert app.top.range == "1y"
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, MainScene)


def test_every_command_has_a_button(app, campaign):
    from game.domain.commands import COMMANDS
    from game.ui.draw.panels import TABS

    start(app, campaign)
    seen = set()
    for tab in TABS:
        click(app, f"tab:{tab}")
        seen |= {b.name.split(":")[1] for b in app.top.buttons if b.name.startswith("action:")}
    assert seen == set(COMMANDS)


def test_damaged_quick_load_shows_a_dialog(app, campaign, user_dirs):
    from game.io.userdata import slot_path

    start(app, campaign)
    slot_path("quick").write_text("{not json")
    key(app, pygame.K_F9)
    assert isinstance(app.top, MessageDialog)
    assert "not a Terafab save" in app.top.text


def test_resizing_below_the_minimum_snaps_the_window_back(app, campaign):
    start(app, campaign)
    app.frame(0.0, [pygame.event.Event(pygame.VIDEORESIZE, w=800, h=500, size=(800, 500))])
    assert app.size == (960, 540)
    app.frame(0.0, [pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900))])
    assert (app.settings.width, app.settings.height) == (1600, 900)


def test_damaged_quick_load_says_why_in_the_players_language(app, campaign, user_dirs):
    from game import i18n
    from game.io.userdata import slot_path

    start(app, campaign)
    slot_path("quick").write_text("{not json")
    i18n.set_language("zh-Hans")
    key(app, pygame.K_F9)
    assert isinstance(app.top, MessageDialog)
    assert "不是 Terafab 存档" in app.top.text
