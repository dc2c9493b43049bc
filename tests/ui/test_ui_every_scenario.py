"""Every scenario, the lessons included, is picked on the title screen and played in the window."""

from __future__ import annotations

import pytest

from game.io.scenarios import list_scenarios
from game.ui.scenes.title import TitleScene
from tests.ui.conftest import click

NAMES = [sc.name for sc in list_scenarios() if sc.name != "large-world"]


@pytest.mark.parametrize("name", NAMES)
def test_a_scenario_picked_on_the_title_screen_plays_in_the_window(app, name):
    app.push(TitleScene(app))
    click(app, f"scenario:{name}")
    click(app, "title.new")
    assert app.top.name == "main"
    session = app.game.session
    assert session.scenario.name == name
    if app.top.tutorial is not None:  # the tutorial holds the clock until its steps are done
        click(app, "tutorial:skip")
    click(app, "speed:4")  # 4 months a second
    for _ in range(12):
        app.frame(0.25, [])
    assert session.month >= 6 and app.errors == 0
    main = next(scene for scene in app.stack if scene.name == "main")  # a prompt may lie on top
    tabs = [b.name for b in main.buttons if b.name.startswith("tab:")]
    assert ("tab:lesson" in tabs) == (session.scenario.lesson is not None)
