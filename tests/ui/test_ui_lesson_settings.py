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
lesson:
  teaches: "Bottlenecks migrate."
  watch: ["The limiting-factor badge"]
  questions: ["Why do chips sit idle when power binds?", "What binds next?", "Why?"]
  things_to_try:
    - label: "Book HBM before chips arrive"
      command: "terafab run --scenario walls --seed 1 --out w.csv"
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
    # the player reads the lesson, not the teacher's shell commands or rule ids
    assert not any("terafab run" in label or "--seed" in label for label in labels)


def test_the_lesson_speaks_to_the_player():
    from game.ui.scenes.main import for_player

    assert for_player("Bottlenecks migrate (B1): power binds first") == (
        "Bottlenecks migrate: power binds first"
    )
    assert for_player("watch player_chips_waiting_power rise (H12, A4)") == (
        "watch player chips waiting power rise"
    )


def test_settings_buttons_resize_and_scale(app, campaign):
    start(app, campaign)
    app.push(SettingsScene(app))
    small = app.fonts.font(15).get_height()
    click(app, "setting:size")
    assert app.screen.get_size() == (1600, 900)
    assert app.fonts.font(15).get_height() > small  # text grows with the window by itself
    before = app.fonts.font(15).get_height()
    click(app, "setting:scale")  # from all the window holds down to three quarters of it
    assert app.fonts.font(15).get_height() < before
    click(app, "setting:sound")
    assert app.settings.sound is False
