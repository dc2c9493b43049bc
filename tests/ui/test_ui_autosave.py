"""The yearly autosave is written on a background thread: the file equals a synchronous save,
its notice arrives on a later frame, leaving the game waits for it, and a failed write is a
notice, not a crash."""

from __future__ import annotations

import threading
import time

import pygame

from game.io import saves, userdata
from game.io.saves import load_session, save_session
from game.io.savewriter import SaveWriter
from game.sim.session import Session
from game.ui.game import Game
from game.ui.i18n import t
from game.ui.scenes.main import MainScene
from game.ui.scenes.title import GameMenu, TitleScene
from tests.ui.conftest import click, key, start

FIRST = userdata.autosave_slot("terafab", 2027)  # the campaign's first yearly autosave


def _to_year_end(game: Game) -> None:
    """Run the session to the last month of its first year, so the next step autosaves."""
    game.session.run(11 - game.session.month)


def _start_a_held_autosave(app, campaign, monkeypatch) -> tuple[Game, threading.Event]:
    """A game in the window whose first yearly autosave has started but is held on the worker
    until the returned event is set (so the test can act while it is still being written)."""
    gate = threading.Event()
    real = saves.write_atomic

    def held(path, data):
        assert gate.wait(10), "the test never released the write"
        real(path, data)

    monkeypatch.setattr(saves, "write_atomic", held)
    game = start(app, campaign)
    _to_year_end(game)
    game.step()
    assert game.writer.pending == 1 and not userdata.slot_path(FIRST).exists()
    return game, gate


def _frames_until_a_notice(app, game: Game, dt_s: float) -> None:
    """Run frames, resting between them as the window's 60 fps loop does, until a notice shows."""
    deadline = time.monotonic() + 10
    while not game.notices and time.monotonic() < deadline:
        app.frame(dt_s, [])
        time.sleep(0.002)


def test_a_background_autosave_equals_a_synchronous_save(user_dirs, campaign, tmp_path):
    game = Game(Session.new(campaign, 3, "balanced"))
    _to_year_end(game)
    game.step()  # month 12: a new year, so the autosave starts
    month, fingerprint = game.session.month, game.session.fingerprint()
    game.session.run(3)  # the game goes on while the file is written: the save is still month 12
    game.wait_for_saves()

    path = userdata.slot_path(FIRST)
    loaded = load_session(path)
    assert loaded.month == month == 12
    assert loaded.fingerprint() == fingerprint
    reference = Session.new(campaign, 3, "balanced")
    reference.run(12)
    save_session(reference, tmp_path / "sync.json")
    assert path.read_bytes() == (tmp_path / "sync.json").read_bytes()
    assert [n.text for n in game.notices] == [t("notice.autosaved", slot=FIRST)]
    assert game.close() == []


def test_the_autosave_notice_comes_on_a_later_frame(app, campaign, monkeypatch):
    game, gate = _start_a_held_autosave(app, campaign, monkeypatch)
    app.frame(1 / 60, [])
    assert game.writer.pending == 1 and not game.notices  # still being written: no notice yet
    gate.set()
    _frames_until_a_notice(app, game, 1 / 60)
    assert [(n.text, n.ok) for n in game.notices] == [
        (t("notice.autosaved", slot=FIRST), True)
    ]


def test_closing_the_window_right_after_an_autosave_starts_leaves_the_whole_file(
    app, campaign, monkeypatch
):
    game, gate = _start_a_held_autosave(app, campaign, monkeypatch)
    path = userdata.slot_path(FIRST)
    threading.Timer(0.05, gate.set).start()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.run()  # one frame sees the close, then the loop ends and waits for the write
    assert load_session(path).month == 12
    assert game.writer.pending == 0


def test_esc_to_the_title_right_after_an_autosave_starts_leaves_the_whole_file(
    app, campaign, monkeypatch
):
    _game, gate = _start_a_held_autosave(app, campaign, monkeypatch)
    threading.Timer(0.05, gate.set).start()
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, GameMenu)
    click(app, "menu.title")
    assert isinstance(app.top, TitleScene) and app.game is None
    assert load_session(userdata.slot_path(FIRST)).month == 12
    assert load_session(userdata.slot_path("quick")).month == 12


def test_a_failed_autosave_is_a_notice_and_the_game_goes_on(app, campaign, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the saves folder should be")
    monkeypatch.setattr(userdata, "saves_dir", lambda: blocker / "saves")
    game = start(app, campaign)
    _to_year_end(game)
    game.set_speed(1)
    _frames_until_a_notice(app, game, 0.25)
    assert isinstance(app.top, MainScene)
    (notice,) = game.notices
    assert not notice.ok
    assert notice.text == f"{blocker / 'saves'}: cannot make the saves folder (Not a directory)"
    assert game.session.month >= 12  # the clock kept running
    assert app.game is game


def test_writes_to_one_file_land_in_the_order_they_were_asked_for(tmp_path):
    writer = SaveWriter()
    path = tmp_path / "slot.json"
    for month in range(8):
        writer.submit("slot1", {"month": month}, lambda: path)
    results = writer.close()
    assert [r.problem for r in results] == [None] * 8
    assert saves.read_record(path) == {"month": 7}
