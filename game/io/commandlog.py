"""A player's command log: plain JSON lines a teacher can collect, read and grade.

One object a line, `{"month": M, "command": NAME, ...fields}`; blank lines and `#` comments are
skipped, and what Notepad adds is forgiven (a byte-order mark, Windows line endings).
`terafab run --commands` replays one; `terafab class` ranks several. A log downloaded from the
browser class also carries, as comment lines, the treatments the teacher gave the seat (`# treatment
{...}`, replayed where they stand among the commands) and the commands the rules refused with their
reason (`# refused {...}`, listed by `terafab class`). A log is someone else's
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
from game.domain.errors import SaveError, reason
from game.i18n import msg
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
from game.sim.treatments import Given, Treatment, lever_problem

WORLD_LINE = re.compile(r"^#\s*scenario\s+(\S{1,80})\s+seed\s+(\d{1,18})\b")
SEAT_LINE = re.compile(r"^#\s*seat\s+(\{.{0,400}\})\s*$")  # who played: name, team, group
REMARK_LINE = re.compile(r"^#\s*(treatment|refused)\b\s*(.*)$")  # the class's remarks on a seat
MAX_REMARK_CHARS = 800  # the JSON of one `# treatment` or `# refused` line
MAX_REASON_CHARS = 600  # a refusal's reason (the rules' longest is ~300)
TREATMENT_KEYS = ("group", "from_month", "lever", "value", "month")
REFUSED_KEYS = ("month", "command", "reason")


def world_line(scenario_name: str, seed: int) -> str:
    """The comment that names a log's world, for a reader to check (`header`)."""
    return f"# scenario {scenario_name} seed {seed}"


def seat_line(name: str, team: str, group: str) -> str:
    """The comment that names who played a log (the classroom writes one): `terafab class`
    shows the name, team and group from it."""
    return "# seat " + json.dumps({"name": name, "team": team, "group": group})


def treatment_line(treatment: Treatment, month: int) -> str:
    """The comment that says the teacher's treatment was applied at `month`, at this place among
    the seat's commands."""
    t = treatment
    return "# treatment " + json.dumps({"group": t.group, "from_month": t.from_month,
                                        "lever": t.lever, "value": float(t.value),
                                        "month": month})


def refused_line(month: int, command: str, reason: str) -> str:
    """The comment that lists a command the rules refused, with their reason."""
    return "# refused " + json.dumps({"month": month, "command": command, "reason": reason})


def read_command_log(path: str | Path, max_bytes: int = MAX_LOG_BYTES,
                     max_lines: int = MAX_LOG_LINES, max_commands: int = MAX_COMMANDS,
                     skipped: list[str] | None = None,
                     header: dict[str, object] | None = None) -> list[tuple[int, str, Command]]:
    """The log's (month, "player", command) entries; SaveError naming the file and line when it
    is missing, larger than the limits, or a line is not a command. Given a `skipped` list, a
    line with a mistyped command name is skipped and named there instead (a class ranks the
    rest of the game). Given a `header` dict, the world a `# scenario NAME seed N` comment line
    names (the classroom writes one) is put there, under "seat" who played it (a `# seat
    {"name": ..., "team": ..., "group": ...}` line; text only, bounded), under "treatments" the
    `Given` treatments, under "refused" the (month, command, reason) refusals, and under
    "damaged" one line for each such comment that is refused (it is not replayed)."""
    p = Path(path)
    text = decode_text(read_bounded(p, max_bytes, "command log", SaveError), p, max_lines,
                       SaveError)
    return parse_command_log(text, p, max_commands, skipped, header)


def parse_command_log(text: str, p: str | Path, max_commands: int = MAX_COMMANDS,
                      skipped: list[str] | None = None,
                      header: dict[str, object] | None = None) -> list[tuple[int, str, Command]]:
    """`read_command_log` of a log's text (already bounded), `p` naming it in messages."""
    out: list[tuple[int, str, Command]] = []
    if header is not None:
        header.update(treatments=[], refused=[], damaged=[])
    for n, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            if header is not None:
                _comment(line.rstrip("\r"), n, out, header)
            continue
        if len(out) == max_commands:
            raise SaveError(msg("errors.log.too_many", path=p, limit=max_commands, line=n))
        try:
            raw = parse_json(line)
        except BadJSON as exc:
            problem = (msg("errors.log.not_json") if exc.syntax
                       else msg("errors.log.refused", problem=exc.problem))
            raise SaveError(msg("errors.log.line", path=p, line=n, problem=problem)) from None
        problem = command_entry_problem(raw)
        if problem:
            raise SaveError(msg("errors.log.line", path=p, line=n, problem=problem))
        problem = unknown_command(raw["command"])
        if problem and skipped is not None:
            skipped.append(msg("errors.log.skipped", line=n, problem=problem))
            continue
        if problem:
            raise SaveError(msg("errors.log.line", path=p, line=n, problem=problem))
        body = {k: v for k, v in raw.items() if k not in ("month", "source")}
        try:
            out.append((raw["month"], "player", command_from_dict(body)))
        except SaveError as exc:
            raise SaveError(msg("errors.log.line_colon", path=p, line=n,
                                problem=reason(exc))) from None
    return out


def unknown_command(name: str) -> str:
    """"" for a known command; else what was meant, and the valid names."""
    if name in COMMANDS:
        return ""
    near = difflib.get_close_matches(name, COMMANDS, n=1)
    valid = ", ".join(COMMANDS)
    if near:
        return msg("errors.log.unknown_command_near", name=name[:40], near=near[0], valid=valid)
    return msg("errors.log.unknown_command", name=name[:40], valid=valid)


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
            return msg("errors.log.unknown_choice", label=label, value=format(value, ".40"),
                       valid=", ".join(valid))
    return ""


def _comment(line: str, n: int, commands: list, header: dict[str, object]) -> None:
    """Put what a comment line says of the game in `header` (see `read_command_log`)."""
    world = WORLD_LINE.match(line)
    if world and "scenario" not in header:
        header.update(scenario=world.group(1), seed=int(world.group(2)))
    seat = SEAT_LINE.match(line)
    if seat and "seat" not in header:
        header["seat"] = _seat(seat.group(1))
    remark = REMARK_LINE.match(line)
    if not remark:
        return
    kind, body = remark.groups()
    last_month = commands[-1][0] if commands else 0
    problem, value = _remark(kind, body.strip(), last_month)
    if problem:
        header["damaged"].append(msg("errors.log.damaged_remark", line=n, kind=kind,
                                     problem=problem))
    elif kind == "treatment":
        header["treatments"].append(Given(value[0], value[1], len(commands)))
    else:
        header["refused"].append(value)


def _remark(kind: str, body: str, last_month: int) -> tuple[str, object]:
    """("", what the line holds) or (why it is refused, None), for a `# treatment` line (its
    Treatment and month) or a `# refused` line (month, command, reason)."""
    if len(body) > MAX_REMARK_CHARS:
        return msg("errors.log.remark_long", limit=MAX_REMARK_CHARS), None
    try:
        raw = parse_json(body)
    except BadJSON as exc:
        return exc.problem, None
    keys = TREATMENT_KEYS if kind == "treatment" else REFUSED_KEYS
    if not isinstance(raw, dict) or sorted(raw) != sorted(keys):
        return msg("errors.log.remark_keys", keys=", ".join(keys)), None
    month = raw["month"]
    if not _whole(month) or not last_month <= month <= 10_000:
        return msg("errors.log.remark_month", first=last_month), None
    if kind == "refused":
        command, reason = raw["command"], raw["reason"]
        if not isinstance(command, str) or command not in COMMANDS:
            return msg("errors.log.remark_command"), None
        if not isinstance(reason, str) or not 0 < len(reason) <= MAX_REASON_CHARS:
            return msg("errors.log.remark_reason", limit=MAX_REASON_CHARS), None
        return "", (month, command, reason)
    group, start, lever, value = raw["group"], raw["from_month"], raw["lever"], raw["value"]
    if not isinstance(group, str) or len(group) > 80:
        return msg("errors.log.remark_group"), None
    if not _whole(start) or not 0 <= start <= month:
        return msg("errors.log.remark_from"), None
    if not isinstance(lever, str) or isinstance(value, bool) or not isinstance(value, int | float):
        return msg("errors.log.remark_lever"), None
    problem = lever_problem(lever, float(value))
    if problem:
        return problem, None
    return "", (Treatment(group, start, lever, float(value)), month)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
