"""The window's router: every scene opens by its registered name, and a wrong name says which
names there are instead of opening nothing or a blank window."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import game.ui.scenes
from game.domain.commands import COMMANDS
from game.ui.registry import SCENES, UnknownSceneError
from game.ui.scene import Scene
from tests.ui.conftest import start

# what a scene is opened with besides the app (the rest take nothing)
OPTIONS = {
    "action": lambda app: {"cls": COMMANDS["book_foundry"]},
    "why": lambda app: {"event": app.game.session.events[-1]},
    "inspector": lambda app: {"key": "tsmc-hsinchu"},
    "message": lambda app: {"title": "Saved", "text": "The game was saved to slot 1."},
    "error": lambda app: {"detail": "ValueError: something broke"},
}


def test_every_scene_module_registers_each_of_its_scenes_under_its_name():
    found = set()
    for module in pkgutil.iter_modules(game.ui.scenes.__path__):
        loaded = importlib.import_module(f"game.ui.scenes.{module.name}")
        found |= {
            cls
            for _name, cls in inspect.getmembers(loaded, inspect.isclass)
            if issubclass(cls, Scene) and cls.__module__ == loaded.__name__
        }
    assert found == set(SCENES.values()), "a scene the router cannot open"
    assert all(cls.name == name for name, cls in SCENES.items())


@pytest.mark.parametrize("name", sorted(SCENES))
def test_every_registered_scene_opens_by_name_and_draws(app, campaign, name):
    start(app, campaign)
    app.game.session.run(14)
    below = app.top
    scene = app.open(name, **OPTIONS.get(name, lambda app: {})(app))
    app.frame(0.0, [])
    assert app.errors == 0, "the scene raised and the error dialog opened"
    assert app.top is scene and isinstance(scene, SCENES[name]) and scene.name == name
    assert app.stack == [below, scene]


def test_an_unknown_scene_name_is_refused_with_the_names_there_are(app, campaign):
    start(app, campaign)
    main = app.top
    with pytest.raises(UnknownSceneError, match=r"no scene is registered as 'chart'") as err:
        app.open("chart")
    assert "charts" in str(err.value) and "title" in str(err.value)
    with pytest.raises(UnknownSceneError):
        app.replace("titel")
    assert app.stack == [main], "a wrong name leaves the window as it was"


def test_replace_by_name_closes_every_scene_and_opens_that_one(app, campaign):
    start(app, campaign)
    app.open("charts")
    title = app.replace("title")
    assert app.stack == [title] and title.name == "title"
