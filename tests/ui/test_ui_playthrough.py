"""The scripted playthrough: new game, sign a foundry contract, start the Terafab, run 36 months,
save, load, same state; plus autosave, quick save/load and the error dialog."""

from __future__ import annotations

import pygame

from game.io.userdata import slot_path
from game.ui.scenes.dialogs import ErrorDialog
from game.ui.scenes.main import MainScene
from game.ui.scenes.title import TitleScene
from tests.ui.conftest import click, key


def test_new_game_contract_terafab_36_months_save_load(app):
    app.push(TitleScene(app))
    click(app, "scenario:terafab")
    click(app, "title.new")
    assert isinstance(app.top, MainScene)
    game = app.game
    click(app, "action:fund_chip")
    click(app, "confirm")
    click(app, "action:book_foundry")
    click(app, "confirm")
    click(app, "tab:terafab")
    click(app, "action:start_terafab")
    click(app, "confirm")
    assert [c.command.name for c in game.session.command_log] == [
        "fund_chip",
        "book_foundry",
        "start_terafab",
    ]
    key(app, pygame.K_3)  # 4x: four months per second of frames
    while game.session.month < 36:
        if game.clock.paused:
            key(app, pygame.K_3)  # an alert paused the game: play on
        app.frame(0.25, [])
    if not game.clock.paused:
        key(app, pygame.K_SPACE)
    assert game.session.month == 36 and game.clock.paused
    month, fingerprint = game.session.month, game.session.fingerprint()
    log = [c.to_dict() for c in game.session.command_log]
    key(app, pygame.K_F5)
    assert slot_path("quick").is_file()
    game.wait_for_saves()
    assert all(slot_path(f"autosave-terafab-{y}").is_file() for y in (2027, 2028, 2029))
    key(app, pygame.K_F9)
    loaded = app.game
    assert loaded is not game
    assert loaded.session.month == month
    assert loaded.session.fingerprint() == fingerprint
    assert [c.to_dict() for c in loaded.session.command_log] == log
    assert isinstance(app.top, MainScene)


def test_save_files_are_the_clis(app, campaign, tmp_path):
    from game.cli import main
    from tests.ui.conftest import start

    start(app, campaign)
    app.game.session.run(5)
    click(app, "nav:saves")
    click(app, "save:slot2")
    out = tmp_path / "rest.csv"
    assert main(["run", "--load", str(slot_path("slot2")), "--months", "2", "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 8  # header + 7 months


def test_an_exception_in_a_scene_opens_the_error_dialog_and_saves(app, campaign, monkeypatch):
    from tests.ui.conftest import start

    start(app, campaign)
    app.game.session.run(3)

    def broken(surf):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.top, "draw", broken)
    app.frame(0.0, [])
    assert isinstance(app.top, ErrorDialog)
    assert "boom" in app.top.detail
    click(app, "error:save")
    assert slot_path("rescue").is_file()
    monkeypatch.undo()
    click(app, "error:continue")
    assert isinstance(app.top, MainScene)
    assert app.game.clock.paused
    app.frame(0.0, [])
    assert isinstance(app.top, MainScene)


def test_a_whole_campaign_ends_on_the_report_beside_the_policies(app, campaign):
    from game.agents.policies import POLICIES
    from game.sim.runner import run_campaign
    from game.ui.scenes.report import ReportScene
    from tests.ui.conftest import start

    game = start(app, campaign)
    for _ in range(2000):
        if game.clock.paused and not isinstance(app.top, ReportScene):
            key(app, pygame.K_4)  # MAX stops at each alert and each year's end: press it again
        app.frame(1 / 60, [])
        if isinstance(app.top, ReportScene):
            break
    assert game.session.done and isinstance(app.top, ReportScene)
    report = app.top
    report.wait_for_rivals()
    assert set(report.rivals.snapshot()) == set(POLICIES)
    passive = report.rivals.snapshot()["passive"]  # the same world and seed as the player's
    alone = run_campaign(campaign, game.session.seed, "passive", record_series=False).summary
    assert passive["score"] == alone["score"]
    # a player who did nothing sees the cluster retire (H13); the passive rival renews it
    assert passive["score"] > game.session.summary()["score"]
    app.frame(0.0, [])
    assert app.errors == 0
    click(app, "title")
    assert isinstance(app.top, TitleScene) and app.game is None


def test_a_firm_its_lenders_take_ends_on_a_game_over_report(app, campaign, monkeypatch):
    """F3: a firm past its credit line plays to the month lenders take it, and the report names
    the cause instead of a normal end."""
    from game.sim.config import apply_overrides
    from game.ui.scenes.report import ReportScene
    from tests.ui.conftest import start

    texts: list[str] = []
    game = start(app, apply_overrides(campaign, {"firm.cash_busd": -60}))
    for _ in range(2000):
        if game.clock.paused and not isinstance(app.top, ReportScene):
            key(app, pygame.K_4)  # MAX stops at each alert and each year's end: press it again
        app.frame(1 / 60, [])
        if isinstance(app.top, ReportScene):
            break
    assert game.session.done and game.session.month < game.session.months_total
    report = app.top
    fonts = report.fonts
    real_text = fonts.text

    def text(s, *args, **kwargs):  # what the report writes on screen
        texts.append(s)
        return real_text(s, *args, **kwargs)

    monkeypatch.setattr(fonts, "text", text)
    app.draw(app.screen)  # (a frame with nothing new would not draw it again)
    assert any(s.startswith("Game over in") for s in texts)
    assert any("lenders took the firm" in s for s in texts)
    assert app.errors == 0
