"""The `terafab` command (also `python -m game`). One module per subcommand, each with `register`.

Every error that is the user's input (TerafabError) is printed as one line and exits with code 2.
The subcommand modules import the engine, mesa, pyarrow, matplotlib or pygame only inside the
function that runs the command, so `--help` and a bad option answer without loading them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from game.domain.errors import TerafabError

# Each name is a module in game/cli/ that defines register(subparsers); its parser sets `handler`.
SUBCOMMANDS = ["run", "info", "play", "batch", "plot", "report", "classplay", "fuzz"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line with exit code 2 (not a usage dump)."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.exit(2, f"terafab: error: {message} (see `terafab {self.prog.split()[-1]} --help`)\n"
                  if " " in self.prog else f"terafab: error: {message} (see `terafab --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="terafab", description="Terafab: the AI-chip supply-chain game.")
    sub = parser.add_subparsers(dest="subcommand", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"game.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"game.cli.{name}":
                continue  # that face is not installed in this build
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if getattr(args, "handler", None) is None:
            parser.print_help()
            return 2
        return int(args.handler(args) or 0)  # imports the engine: Ctrl-C may come this early
    except TerafabError as exc:
        print(f"terafab: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("terafab: interrupted", file=sys.stderr)
        return 130
