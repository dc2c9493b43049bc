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
        command = f" {self.prog.split()[-1]}" if " " in self.prog else ""
        self.exit(2, i18n.t("cli.usage_error", message=message, command=command) + "\n")


# argparse's own words (its headings, "invalid choice", "required") by their English text, as
# argparse passes them through gettext; each is a catalog id, so a language is still one file
ARGPARSE_IDS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "expected one argument": "cli.argparse.one_argument",
    "expected at most one argument": "cli.argparse.at_most_one",
    "expected at least one argument": "cli.argparse.at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "ignored explicit argument %r": "cli.argparse.ignored",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "one of the arguments %s is required": "cli.argparse.one_of",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
    "can't open '%(filename)s': %(error)s": "cli.argparse.cannot_open",
}


def _argparse_text(english: str) -> str:
    """argparse's gettext: its English in English (byte for byte), else the catalog's words."""
    key = ARGPARSE_IDS.get(english)
    return english if key is None or i18n.language() == i18n.DEFAULT else i18n.t(key)


def _argparse_ntext(singular: str, plural: str, n: int) -> str:
    return _argparse_text(singular if n == 1 else plural)


# argparse looks its gettext up as a module global on every call
argparse._ = _argparse_text  # type: ignore[attr-defined]
argparse.ngettext = _argparse_ntext  # type: ignore[attr-defined]


def _language(name: str) -> str:
    """--lang's value as a catalog code (zh -> zh-Hans), or argparse's one-line error."""
    try:
        return i18n.resolve(name)
    except i18n.UnknownLanguage:
        raise argparse.ArgumentTypeError(i18n.t(
            "cli.unknown_language", name=name.strip()[:40], choices=", ".join(i18n.LANGUAGES)
        )) from None


def language_asked(argv: list[str]) -> str:
    """The language before the parser is built (its help is written in it): the last `--lang X`
    (or `--lang=X`) on the line, else LANGUAGE/LC_ALL/LANG; a bad --lang is the parser's to
    refuse, in the environment's language."""
    asked = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            asked = argv[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
    if asked is not None:
        try:
            return i18n.resolve(asked)
        except i18n.UnknownLanguage:
            pass
    return i18n.from_environment()


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", type=_language, default=argparse.SUPPRESS, metavar="LANG",
                        help=i18n.t("cli.lang_help"))


def build_parser() -> argparse.ArgumentParser:
    """The parser, its help in the language set now (see language_asked)."""
    parser = _Parser(prog="terafab", description=i18n.t("cli.description"))
    _add_lang(parser)
    sub = parser.add_subparsers(dest="subcommand", metavar="COMMAND",
                                parser_class=_Parser)
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
        i18n.set_language(language_asked(sys.argv[1:] if argv is None else list(argv)))
        parser = build_parser()
        args = parser.parse_args(argv)
        i18n.set_language(getattr(args, "lang", None) or i18n.from_environment())
        if getattr(args, "handler", None) is None:
            parser.print_help()
            return 2
        return int(args.handler(args) or 0)  # imports the engine: Ctrl-C may come this early
    except TerafabError as exc:
        # the message may quote a file's name or text: no escape code reaches the terminal
        print(i18n.t("cli.error", message=display_text(i18n.error_text(exc))), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(i18n.t("cli.interrupted"), file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (a test capture)
        pass
