"""Start the window from the command line's options: title screen, a new game, a save, or a
headless screenshot of one screen."""

from __future__ import annotations

import argparse

import pygame

from game.domain.errors import UsageError
from game.i18n import from_environment
from game.ui import i18n
from game.ui.app import App
from game.ui.registry import preload_in_background


def build_app(args: argparse.Namespace) -> App:
    """The app on its first screen; errors in the options are raised before a window opens.
    For the title screen the engine is not imported first: it loads behind the title."""
    session = None
    if args.load or args.scenario or args.screenshot or args.seed is not None:
        from game.io.saves import load_session
        from game.io.scenarios import load_scenario
        from game.sim.session import Session
    if args.load:
        session = load_session(args.load)
    elif args.scenario or args.screenshot or args.seed is not None:
        session = Session.new(
            load_scenario(args.scenario or "terafab"),
            1 if args.seed is None else args.seed,
            getattr(args, "policy", None),
        )
    try:
        app = App(settings=_settings(args), size=args.size, persist_settings=not args.screenshot)
    except pygame.error as exc:  # no display, no video driver
        raise UsageError(i18n.t("launch.no_window", problem=exc)) from None
    if session is None:
        app.open("title", tutorial=args.tutorial)
    else:
        from game.ui.game import Game

        tutorial = args.tutorial or session.scenario.name == "tutorial"
        app.start_game(Game(session, tutorial=tutorial))
    return app


def open_screen(app: App, screen: str) -> None:
    """Open one named screen over the main screen (for screenshots; "main" is already there)."""
    if screen == "main":
        return
    from game.domain.commands import COMMANDS

    options = {"action": {"cls": COMMANDS["book_foundry"]}}  # the inspector shows the player's firm
    app.open(screen, **options.get(screen, {}))


def main(args: argparse.Namespace) -> int:
    app = build_app(args)
    if args.screenshot:
        if app.game is None:
            raise UsageError(i18n.t("launch.needs_game"))
        if args.months:
            app.game.session.run(args.months)
        app.top.layout(app.size)
        open_screen(app, args.screen)
        if args.screen == "report":
            app.top.wait_for_rivals()
        app.frame(0.0, [])
        app.screenshot(args.screenshot)
        print(i18n.t("launch.wrote", path=args.screenshot))
        return 0
    if app.game is None:  # the title: show it first, then load the engine behind it
        app.frame(0.0, [])
        preload_in_background()
    app.run()
    return 0


def _settings(args):
    """The saved settings, with --lang (when given) as the window's language; before any
    settings are saved, the language LANGUAGE / LC_ALL / LANG ask for, as every command's."""
    from game.io import userdata

    settings = userdata.load_settings()
    if getattr(args, "lang", None):
        settings.language = args.lang
    elif not userdata.settings_path().is_file():
        settings.language = from_environment()
    return settings
