"""A player's command log: plain JSON lines a teacher can collect, read and grade.

One object a line, `{"month": M, "command": NAME, ...fields}`; blank lines and `#` comments are
skipped. `terafab run --commands` replays one; `terafab class` ranks several. A log is someone
else's file: its bytes, lines and commands are bounded before it is parsed, and each line is
parsed and checked on its own, so a failure names its line.
"""

from __future__ import annotations

from pathlib import Path

from game.domain.commands import Command, command_from_dict
from game.domain.errors import SaveError
from game.io.saves import command_entry_problem
from game.io.untrusted import (
    MAX_COMMANDS,
    MAX_LOG_BYTES,
    MAX_LOG_LINES,
    BadJSON,
    decode_text,
    parse_json,
    read_bounded,
)


def read_command_log(path: str | Path, max_bytes: int = MAX_LOG_BYTES,
                     max_lines: int = MAX_LOG_LINES,
                     max_commands: int = MAX_COMMANDS) -> list[tuple[int, str, Command]]:
    """The log's (month, "player", command) entries; SaveError naming the file and line when it
    is missing, larger than the limits, or a line is not a command."""
    p = Path(path)
    text = decode_text(read_bounded(p, max_bytes, "command log", SaveError), p, max_lines,
                       SaveError)
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(out) == max_commands:
            raise SaveError(f"{p}: more than {max_commands:,} commands (line {n})")
        try:
            raw = parse_json(line)
        except BadJSON as exc:
            problem = "is not JSON" if exc.syntax else f"is refused: {exc.problem}"
            raise SaveError(f"{p}: line {n} {problem}") from None
        problem = command_entry_problem(raw)
        if problem:
            raise SaveError(f"{p}: line {n} {problem}")
        body = {k: v for k, v in raw.items() if k not in ("month", "source")}
        try:
            out.append((raw["month"], "player", command_from_dict(body)))
        except SaveError as exc:
            raise SaveError(f"{p}: line {n}: {exc}") from None
    return out
