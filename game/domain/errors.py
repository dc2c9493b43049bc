"""Errors a user may see. Each carries one readable line;
the CLI prints it and exits with code 2."""

from game.i18n import Message, msg


class TerafabError(Exception):
    """Base of every error that is the user's input, not a bug: str(error) is one line."""


class ConfigError(TerafabError):
    """A scenario or world file that cannot be read or does not validate
    (names file and key path)."""


class SaveError(TerafabError):
    """A save or command log that is missing, damaged, foreign, or from another version."""


class CommandRefused(TerafabError):
    """A player command that the rules refuse; the message says why in a player's words."""

    def __str__(self) -> str:
        # the message itself (a game.i18n.Message keeps its id, so a face can translate it)
        return self.args[0] if self.args and isinstance(self.args[0], str) else super().__str__()


class UsageError(TerafabError):
    """Bad command-line input: an unknown scenario or policy, a negative number, a missing file."""


def reason(error: BaseException) -> str:
    """What `error` says, kept translatable: its Message (game.i18n) when it carries one, so an
    error that wraps another shows both in the player's language; else its own text."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, Message) else str(error)


def either(words: tuple[str, ...] | list[str]) -> str:
    """`a or b or c` in the player's language (the words themselves are kept as they are)."""
    out: str = words[0]
    for word in words[1:]:
        out = msg("errors.word.or", first=out, second=word)
    return out
