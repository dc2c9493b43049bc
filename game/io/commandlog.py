"""A player's command log: plain JSON lines a teacher can collect, read and grade.

One object a line, `{"month": M, "command": NAME, ...fields}`; blank lines and `#` comments are
skipped, and what Notepad adds is forgiven (a byte-order mark, Windows line endings).
`terafab run --commands` replays one; `terafab class` ranks several. A log is someone else's
file: its bytes, lines and commands are bounded before it is parsed, and each line is parsed and
checked on its own, so a failure names its line.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import fields
from pathlib import Path

from game.domain.commands import COMMANDS, Command, command_from_dict
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

WORLD_LINE = re.compile(r"^#\s*scenario\s+(\S{1,80})\s+seed\s+(\d{1,18})\b")
SEAT_LINE = re.compile(r"^#\s*seat\s+(\{.{0,400}\})\s*$")  # who played: name, team, group


def world_line(scenario_name: str, seed: int) -> str:
    """The comment that names a log's world, for a reader to check (`header`)."""
    return f"# scenario {scenario_name} seed {seed}"


def seat_line(name: str, team: str, group: str) -> str:
    """The comment that names who played a log (the classroom writes one): `terafab class`
    shows the name, team and group from it."""
    return "# seat " + json.dumps({"name": name, "team": team, "group": group})


def read_command_log(path: str | Path, max_bytes: int = MAX_LOG_BYTES,
                     max_lines: int = MAX_LOG_LINES, max_commands: int = MAX_COMMANDS,
                     skipped: list[str] | None = None,
                     header: dict[str, object] | None = None) -> list[tuple[int, str, Command]]:
    """The log's (month, "player", command) entries; SaveError naming the file and line when it
    is missing, larger than the limits, or a line is not a command. Given a `skipped` list, a
    line with a mistyped command name is skipped and named there instead (a class ranks the
    rest of the game). Given a `header` dict, the world a `# scenario NAME seed N` comment line
    names (the classroom writes one) is put there, and under "seat" who played it (a `# seat
    {"name": ..., "team": ..., "group": ...}` line; text only, bounded)."""
    p = Path(path)
    text = decode_text(read_bounded(p, max_bytes, "command log", SaveError), p, max_lines,
                       SaveError).removeprefix("\ufeff")
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            world = WORLD_LINE.match(line)
            if world and header is not None and "scenario" not in header:
                header.update(scenario=world.group(1), seed=int(world.group(2)))
            seat = SEAT_LINE.match(line)
            if seat and header is not None and "seat" not in header:
                header["seat"] = _seat(seat.group(1))
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
        problem = unknown_command(raw["command"])
        if problem and skipped is not None:
            skipped.append(f"line {n} {problem}")
            continue
        if problem:
            raise SaveError(f"{p}: line {n} {problem}")
        body = {k: v for k, v in raw.items() if k not in ("month", "source")}
        try:
            out.append((raw["month"], "player", command_from_dict(body)))
        except SaveError as exc:
            raise SaveError(f"{p}: line {n}: {exc}") from None
    return out


def unknown_command(name: str) -> str:
    """"" for a known command; else what was meant, and the valid names."""
    if name in COMMANDS:
        return ""
    near = difflib.get_close_matches(name, COMMANDS, n=1)
    meant = f" (did you mean '{near[0]}'?)" if near else ""
    return f"has an unknown command '{name:.40}'{meant}; valid: {', '.join(COMMANDS)}"


def unknown_choice(session, command: Command) -> str:
    """"" when every id the command names (a site, a maker, a vendor...) exists in this world;
    else the first unknown one with the valid ids, for a hand-in's list of refusals."""
    for f in fields(command):
        listed = f.metadata.get("choices")
        if not listed:
            continue
        valid = [value for value, _label in session.choices(listed)]
        value = getattr(command, f.name)
        if valid and value not in valid:
            label = str(f.metadata.get("label", f.name)).lower()
            return f"{label} '{value:.40}' is not in this world; valid: {', '.join(valid)}"
    return ""


def _seat(text: str) -> dict[str, str]:
    """A `# seat` comment's name, team and group: strings of up to 80 characters, "" if not."""
    try:
        raw = parse_json(text)
    except BadJSON:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: raw[k] for k in ("name", "team", "group")
            if isinstance(raw.get(k), str) and len(raw[k]) <= 80}
