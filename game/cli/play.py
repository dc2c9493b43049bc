"""`terafab play`: open the game window (title screen, or straight into a game with options).

`--join URL --name NAME [--team T]` takes a seat in a live class (`terafab classroom serve`):
the class's server is the authority over the seat's months and commands (game/ui/remote.py).

`--screenshot FILE.png` renders one screen headless after `--months N` and saves it (for the README
and for checking how screens look), then exits.
"""

from __future__ import annotations

import argparse
import os

from game.cli.args import non_negative_int, positive_int
from game.domain.errors import UsageError
from game.i18n import msg, t

SCREENS = ("title", "main", "charts", "inspector", "report", "help", "settings", "saves", "action")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.play.size_form", text=text)) from None
    if not (640 <= w <= 7680 and 480 <= h <= 4320):
        raise argparse.ArgumentTypeError(t("cli.play.size_range", text=text))
    return w, h


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help=t("cli.help.play"))
    p.add_argument(
        "--scenario", default=None, help=t("cli.play.scenario")
    )
    p.add_argument("--seed", type=non_negative_int, default=None, help=t("cli.play.seed"))
    p.add_argument(
        "--load", default=None, help=t("cli.play.load")
    )
    p.add_argument("--tutorial", action="store_true", help=t("cli.play.tutorial"))
    p.add_argument("--size", type=_size, default=None, help=t("cli.play.size"))
    p.add_argument("--screenshot", default=None, help=t("cli.play.screenshot"))
    p.add_argument(
        "--months", type=positive_int, default=None, help=t("cli.play.months")
    )
    p.add_argument(
        "--screen", choices=SCREENS, default="main", help=t("cli.play.screen")
    )
    p.add_argument(
        "--policy", default=None, help=t("cli.play.policy")
    )
    p.add_argument(
        "--join", default=None, metavar="URL",
        help=t("cli.play.join"),
    )
    p.add_argument("--name", default=None, help=t("cli.play.name"))
    p.add_argument("--team", default=None, help=t("cli.play.team"))
    p.set_defaults(handler=play)


def play(args: argparse.Namespace) -> int:
    if args.screenshot:
        if not args.screenshot.endswith(".png"):
            raise UsageError(msg("cli.play.png", path=args.screenshot))
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    if args.load and (args.scenario or args.seed is not None):
        raise UsageError(msg("cli.play.load_alone"))
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.join is not None or args.name is not None or args.team is not None:
        return _join(args)
    from game.ui import launch  # pygame is imported only now

    return launch.main(args)


def _join(args: argparse.Namespace) -> int:
    """A seat in a live class: the class gives the world, so no other game option applies."""
    if args.join is None:
        raise UsageError(msg("cli.play.name_needs_join"))
    if not (args.name or "").strip():
        raise UsageError(msg("cli.play.join_needs_name"))
    others = [f"--{k}" for k in ("scenario", "seed", "load", "screenshot", "policy", "months")
              if getattr(args, k) is not None] + (["--tutorial"] if args.tutorial else [])
    if others:
        raise UsageError(msg("cli.play.join_alone", options=", ".join(others)))
    from game.ui import remote  # pygame is imported only now

    return remote.main(args)
