"""The `terafab` command (also `python -m game`). One module per subcommand, each with `register`.

Every error that is the user's input (TerafabError) is printed as one line and exits with code 2;
a closed pipe on stdout (`| head`) ends the command quietly.
The subcommand modules import the engine, mesa, pyarrow, matplotlib or pygame only inside the
function that runs the command, so `--help` and a bad option answer without loading them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from game import i18n
from game.domain.errors import TerafabError
from game.io.untrusted import display_text

# Each name is a module in game/cli/ that defines register(subparsers); its parser sets `handler`.
SUBCOMMANDS = ["run", "info", "play", "batch", "plot", "report", "classplay", "fuzz", "facts",
               "ablate", "balance", "classroom"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line with exit code 2 (not a usage dump)."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.exit(2, f"terafab: error: {message} (see `terafab {self.prog.split()[-1]} --help`)\n"
                  if " " in self.prog else f"terafab: error: {message} (see `terafab --help`)\n")


def _language(name: str) -> str:
    """--lang's value as a catalog code (zh -> zh-Hans), or argparse's one-line error."""
    try:
        return i18n.resolve(name)
    except i18n.UnknownLanguage as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", type=_language, default=argparse.SUPPRESS, metavar="LANG",
                        help="language of the output: en, zh-Hans or zh-Hant "
                             "(default: from LANG, else en)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="terafab", description="Terafab: the AI-chip supply-chain game.")
    _add_lang(parser)
    sub = parser.add_subparsers(dest="subcommand", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"game.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"game.cli.{name}":
                continue  # that face is not installed in this build
            raise
        module.register(sub)
    _add_lang_below(sub)
    return parser


def _add_lang_below(sub: argparse._SubParsersAction) -> None:
    """Every command (and `classroom serve` ...) takes --lang after its own name too."""
    for command in sub.choices.values():
        _add_lang(command)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_lang_below(action)


def main(argv: list[str] | None = None) -> int:
    try:
        code = _run(argv)
        sys.stdout.flush()  # here, so a reader that went away is noticed below, not at exit
        return code
    except BrokenPipeError:
        # The reader stopped reading (`terafab scenarios | head -1`): end quietly, and point
        # stdout at /dev/null so the interpreter's own flush at exit does not complain.
        _silence_stdout()
        return 0


def _run(argv: list[str] | None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        i18n.set_language(getattr(args, "lang", None) or i18n.from_environment())
        if getattr(args, "handler", None) is None:
            parser.print_help()
            return 2
        return int(args.handler(args) or 0)  # imports the engine: Ctrl-C may come this early
    except TerafabError as exc:
        # the message may quote a file's name or text: no escape code reaches the terminal
        print(f"terafab: error: {display_text(i18n.error_text(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("terafab: interrupted", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (a test capture)
        pass
