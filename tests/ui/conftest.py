"""Headless window fixtures: an App on the dummy SDL driver with its files in tmp folders."""

from __future__ import annotations

import pygame
import pytest

from game.io.userdata import Settings
from game.sim.session import Session
from game.ui.app import App
from game.ui.game import Game


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("TERAFAB_DATA_DIR", str(tmp_path / "saves"))
    monkeypatch.setenv("TERAFAB_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def app(user_dirs):
    a = App(settings=Settings(), size=(1280, 720), persist_settings=False)
    yield a
    a.close_game()  # waits for any background autosave while the test's folders still apply
    pygame.display.quit()


def start(app: App, scenario, seed: int = 1, tutorial: bool = False) -> Game:
    from game.ui.scenes.title import start_game

    game = Game(Session.new(scenario, seed), tutorial=tutorial)
    start_game(app, game)
    return game


def click(app: App, name: str) -> None:
    """Click the top scene's button (or hover region) with this name, through the event path."""
    scene = app.top
    app.frame(0.0, [])  # lay out first, as a real frame would have
    rect = None
    for b in scene.buttons:
        if b.name == name:
            rect = b.rect
    for h in scene.hots:
        if h.name == name:
            rect = h.rect
    assert rect is not None, f"no button {name} on {scene.name}"
    pos = rect.center
    app.frame(
        0.0,
        [
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
        ],
    )


def key(app: App, code: int, unicode: str = "") -> None:
    app.frame(
        0.0, [pygame.event.Event(pygame.KEYDOWN, key=code, unicode=unicode, mod=0, scancode=0)]
    )
