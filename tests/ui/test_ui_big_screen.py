"""At 2560x1440 (UI scale 2) the title screen, the game menu, the end screen and the full-screen
scenes (help, settings, saves, charts) are their 1280x720 layout drawn twice as large: every
button twice as wide, tall and far from the corner, so labels drawn at twice the size sit in
buttons made for them (at scale 2 the end screen's buttons were 38 px tall for 30 px text, at the
edge; the title's margins stayed at 720p; Help's heading ran under its panels and its Back button
over them)."""

from __future__ import annotations

import pygame
import pytest

from game.io.scenarios import load_scenario
from game.io.userdata import Settings
from game.sim.session import Session
from game.ui.app import App
from game.ui.game import Game


def _buttons(user_dirs, size, scene: str) -> dict[str, pygame.Rect]:
    app = App(settings=Settings(ui_scale=1.0), size=size, persist_settings=False)
    try:
        if scene == "title":
            app.open("title")
        else:
            session = Session.new(load_scenario("terafab"), 1)
            session.run(1)
            app.start_game(Game(session))
            app.open(scene)
        app.frame(0.0, [])
        if scene == "report":
            app.top.wait_for_rivals()
        return {b.name: pygame.Rect(b.rect) for b in app.top.buttons}
    finally:
        app.close_game()
        pygame.display.quit()


@pytest.mark.parametrize("scene", ["title", "menu", "report", "help", "settings", "saves",
                                   "charts"])
def test_buttons_at_2560x1440_are_the_720p_layout_doubled(user_dirs, scene):
    small = _buttons(user_dirs, (1280, 720), scene)
    big = _buttons(user_dirs, (2560, 1440), scene)
    assert small and set(small) == set(big)
    off = []
    for name, r in small.items():
        b = big[name]
        for what, one, two in (("x", r.x, b.x), ("y", r.y, b.y), ("width", r.w, b.w),
                               ("height", r.h, b.h)):
            if abs(two - 2 * one) > max(6, 0.03 * one):
                off.append(f"{name} {what} {two} at 2x, not twice {one}")
    assert not off, "\n".join(off)


@pytest.mark.parametrize("size", [(1280, 720), (2560, 1440)])
def test_the_end_screen_fills_its_room_with_the_players_own_charts(user_dirs, monkeypatch, size):
    from game.ui import theme
    from game.ui.i18n import t

    app = App(settings=Settings(ui_scale=1.0), size=size, persist_settings=False)
    try:
        session = Session.new(load_scenario("terafab"), 1, "balanced")
        session.run(24)
        app.start_game(Game(session))
        app.open("report")
        app.top.wait_for_rivals()
        drawn: list[str] = []
        render = theme.Fonts.text

        def text(self, s, *args, **kwargs):
            drawn.append(s)
            return render(self, s, *args, **kwargs)

        monkeypatch.setattr(theme.Fonts, "text", text)
        app.frame(0.0, [])
        for title in ("charts.compute", "charts.cash", "charts.power"):
            assert t(title) in drawn, title
    finally:
        app.close_game()
        pygame.display.quit()
