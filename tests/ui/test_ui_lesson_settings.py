"""A lesson card shows as a Lesson panel; settings buttons change the window."""

from __future__ import annotations

from game.io.scenarios import load_scenario
from game.ui.scenes.settings import SettingsScene
from tests.ui.conftest import click, start

LESSON = """
name: walls
title: "Walls: a lesson"
goal: "Watch the wall move."
difficulty: easy
base_world: {world}
card:
  teaches: "Bottlenecks migrate."
  watch: ["The limiting-factor badge"]
  questions: ["Why do chips sit idle when power binds?"]
  try: ["Book HBM before chips arrive"]
"""


def test_lesson_card_becomes_a_panel(app, tmp_path):
    from game.io.paths import CONFIGS

    path = tmp_path / "walls.yaml"
    path.write_text(LESSON.format(world=CONFIGS / "world.yaml"))
    start(app, load_scenario(path))
    click(app, "tab:lesson")
    labels = [row.label for row, _rect in app.top.placed_rows]
    assert "Bottlenecks migrate." in labels
    assert any("Book HBM before chips arrive" in label for label in labels)


def test_lesson_things_to_try_with_a_command_open_its_form():
    from types import SimpleNamespace

    from game.ui.scenes.main import lesson_rows

    lesson = SimpleNamespace(
        teaches="Memory is the last wall.",
        watch=[],
        questions=[],
        things_to_try=[{"label": "Book HBM early", "command": "book_memory"}],
    )
    rows = lesson_rows(lesson, lambda s: [s])
    assert [r.command for r in rows if r.command] == ["book_memory"]


def test_settings_buttons_resize_and_scale(app, campaign):
    start(app, campaign)
    app.push(SettingsScene(app))
    click(app, "setting:size")
    assert app.screen.get_size() == (1600, 900)
    before = app.fonts.font(15).get_height()
    click(app, "setting:scale")
    assert app.fonts.font(15).get_height() > before
    click(app, "setting:sound")
    assert app.settings.sound is False
