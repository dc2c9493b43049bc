"""The tutorial prompts in the window advance on real clicks."""

from __future__ import annotations

from tests.ui.conftest import click, start


def test_tutorial_prompts_follow_the_player(app, campaign):
    start(app, campaign, tutorial=True)
    tut = app.top.tutorial
    app.frame(0.0, [])
    assert tut.step.key == "welcome"
    click(app, "tab:memory")
    click(app, "tab:supply")
    app.frame(0.0, [])
    assert tut.step.key == "fund_chip"
    click(app, "action:fund_chip")
    click(app, "confirm")
    app.frame(0.0, [])
    assert tut.step.key == "book"
    click(app, "tutorial:skip")
    app.frame(0.0, [])
    assert tut.step is None
