"""The window's scenes by name: the one module that imports every scene (when first opened).

A scene opens another through the app's router (`app.open("charts")`, `app.replace("title")`),
never by importing it, so the scene modules stay independent of each other (an import-linter
contract in pyproject.toml checks it). Only the app imports this module.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator, Mapping

from game.ui.scene import Scene

# each scene under its own `name` (the id tests and error messages use too): its module and
# class, imported the first time the scene opens, so the title screen does not wait for the
# engine (the main screen's modules pull in the simulation and Mesa)
_WHERE: dict[str, tuple[str, str]] = {
    "title": ("title", "TitleScene"),
    "menu": ("title", "GameMenu"),
    "main": ("main", "MainScene"),
    "action": ("action", "ActionDialog"),
    "why": ("inspector", "WhyDialog"),
    "inspector": ("inspector", "InspectorScene"),
    "charts": ("charts", "ChartsScene"),
    "report": ("report", "ReportScene"),
    "saves": ("saves", "SavesScene"),
    "settings": ("settings", "SettingsScene"),
    "help": ("help", "HelpScene"),
    "message": ("dialogs", "MessageDialog"),
    "error": ("dialogs", "ErrorDialog"),
}


class _Scenes(Mapping):
    """Scene classes by name, each module imported when first asked for."""

    def __getitem__(self, name: str) -> type[Scene]:
        module, cls = _WHERE[name]
        return getattr(importlib.import_module(f"game.ui.scenes.{module}"), cls)

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


SCENES: Mapping[str, type[Scene]] = _Scenes()


def preload_in_background() -> threading.Thread:
    """Import every scene (and so the engine) on a helper thread while the title screen shows,
    so New game does not wait for it either."""

    def load() -> None:
        for module, _cls in _WHERE.values():
            importlib.import_module(f"game.ui.scenes.{module}")

    thread = threading.Thread(target=load, name="terafab-preload", daemon=True)
    thread.start()
    return thread


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
