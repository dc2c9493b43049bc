"""The window's scenes by name: the one module that imports every scene.

A scene opens another through the app's router (`app.open("charts")`, `app.replace("title")`),
never by importing it, so the scene modules stay independent of each other (an import-linter
contract in pyproject.toml checks it). Only the app imports this module.
"""

from __future__ import annotations

from game.ui.scene import Scene
from game.ui.scenes.action import ActionDialog
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.dialogs import ErrorDialog, MessageDialog
from game.ui.scenes.help import HelpScene
from game.ui.scenes.inspector import InspectorScene, WhyDialog
from game.ui.scenes.main import MainScene
from game.ui.scenes.report import ReportScene
from game.ui.scenes.saves import SavesScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import GameMenu, TitleScene

# each scene under its own `name` (the id tests and error messages use too)
SCENES: dict[str, type[Scene]] = {
    "title": TitleScene,
    "menu": GameMenu,
    "main": MainScene,
    "action": ActionDialog,
    "why": WhyDialog,
    "inspector": InspectorScene,
    "charts": ChartsScene,
    "report": ReportScene,
    "saves": SavesScene,
    "settings": SettingsScene,
    "help": HelpScene,
    "message": MessageDialog,
    "error": ErrorDialog,
}


class UnknownSceneError(LookupError):
    """A scene was asked for by a name no scene is registered under (a bug in the caller)."""


def scene_class(name: str) -> type[Scene]:
    """The scene class registered as `name`; UnknownSceneError names the ones there are."""
    try:
        return SCENES[name]
    except KeyError:
        known = ", ".join(sorted(SCENES))
        raise UnknownSceneError(
            f"no scene is registered as {name!r}; the window's scenes are: {known}"
        ) from None
