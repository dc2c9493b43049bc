"""Save files: JSON holding (scenario, seed, policy, command log, month, fingerprint).

Loading replays the log, so a loaded game continues exactly; a damaged, foreign, empty, oversized
or future-version file is refused with one clear line and nothing else is touched. A save may
come from someone else (a student's hand-in), so it is read through game.io.untrusted: bounded
before it is parsed, and every value's type checked before the session sees it.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.domain.errors import ConfigError, SaveError
from game.i18n import msg
from game.io.atomic import write_atomic
from game.io.paths import CONFIGS
from game.io.scenarios import read_yaml
from game.io.untrusted import (
    MAX_COMMANDS,
    MAX_SAVE_BYTES,
    BadJSON,
    decode_text,
    parse_json,
    read_bounded,
)
from game.sim.config import Scenario
from game.sim.session import SAVE_FORMAT, SAVE_VERSION, Session


def save_session(session: Session, path: str | Path) -> None:
    write_record(session.to_record(), path)


def write_record(record: object, path: str | Path) -> None:
    """Encode a save record (`Session.to_record()`) and write it atomically; SaveError if the
    file cannot be written. Safe on another thread: it reads only `record`, a fresh copy."""
    data = json.dumps(record, indent=1).encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SaveError(msg("errors.file.cannot_write", path=path, what=msg("errors.kind.save"),
                            reason=exc.strerror or exc)) from None


def read_record(path: str | Path, max_bytes: int = MAX_SAVE_BYTES) -> object:
    """The parsed save file, at most `max_bytes` long; SaveError naming the file otherwise."""
    p = Path(path)
    raw = read_bounded(p, max_bytes, "save", SaveError)
    if not raw.strip():
        raise SaveError(msg("errors.file.empty", path=p))
    try:
        return parse_json(decode_text(raw, p, error=SaveError))
    except SaveError:
        raise SaveError(msg("errors.save.not_a_save", path=p)) from None
    except BadJSON as exc:
        if exc.syntax:
            raise SaveError(msg("errors.save.not_a_save", path=p)) from None
        raise SaveError(msg("errors.save.damaged", path=p, problem=exc.problem)) from None


# sections of the world that moved from code into configs/world.yaml: a save made before holds
# none of them, and was played by the numbers the code held then, which are the default world's
RULE_SECTIONS = ("agent_rules", "rules", "policies")


def with_agent_rules(record: object) -> object:
    """A save written before the world config held its rule sections gets the default world's
    (the numbers the code held then), so it still loads; the replay's fingerprint check still
    catches any difference."""
    scenario = record.get("scenario") if isinstance(record, dict) else None
    world = scenario.get("world") if isinstance(scenario, dict) else None
    if not isinstance(world, dict) or all(s in world for s in RULE_SECTIONS):
        return record
    try:
        default = read_yaml(CONFIGS / "world.yaml")
    except ConfigError:
        return record  # the scenario's own error names what is missing
    if not isinstance(default, dict):
        return record
    missing = {s: default[s] for s in RULE_SECTIONS if s not in world and s in default}
    return {**record, "scenario": {**scenario, "world": {**world, **missing}}}


_JSON_KINDS = {dict: "errors.json_kind.object", list: "errors.json_kind.list",
               str: "errors.json_kind.text", bool: "errors.json_kind.bool",
               int: "errors.json_kind.whole", float: "errors.json_kind.number",
               type(None): "errors.json_kind.null"}


def _kind(value: object) -> str:
    kind = _JSON_KINDS.get(type(value))
    return msg(kind) if kind else type(value).__name__


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_record(record: object, source: str, max_commands: int = MAX_COMMANDS) -> None:
    """Refuse a save whose values have the wrong kinds (`"policy": {}`, `"command": [1]`) or that
    holds more than `max_commands` commands, before a session is built from it. A record of
    another format or version, or missing a key, is left for `Session.from_record` to name."""
    if (not isinstance(record, dict) or record.get("format") != SAVE_FORMAT
            or record.get("version") != SAVE_VERSION):
        return
    wanted = {"scenario": ((dict,), "errors.json_kind.object"),
              "seed": ((int,), "errors.json_kind.whole"),
              "policy": ((str, type(None)), "errors.json_kind.policy"),
              "month": ((int,), "errors.json_kind.whole"),
              "commands": ((list,), "errors.json_kind.list"),
              "fingerprint": ((str,), "errors.json_kind.text")}
    for key, (kinds, said) in wanted.items():
        value = record.get(key)
        if key in record and (not isinstance(value, kinds) or isinstance(value, bool)):
            raise SaveError(msg("errors.save.wrong_kind", path=source, key=key, wanted=msg(said),
                                got=_kind(value)))
    commands = record.get("commands") or []
    if len(commands) > max_commands:
        raise SaveError(msg("errors.save.too_many_commands", path=source, n=len(commands),
                            limit=max_commands))
    for n, entry in enumerate(commands, 1):
        problem = command_entry_problem(entry)
        if problem:
            raise SaveError(msg("errors.save.bad_command", path=source, n=n, problem=problem))


def command_entry_problem(entry: object) -> str:
    """What is wrong with the shape of one logged command ({"month": M, "command": NAME, ...}),
    or "" when its month and name have the right kinds (its fields are checked as it is built)."""
    if not isinstance(entry, dict):
        return msg("errors.save.entry_not_object", got=_kind(entry))
    if not _is_whole(entry.get("month")) or entry["month"] < 0:
        return msg("errors.save.entry_month")
    if not isinstance(entry.get("command"), str):
        return msg("errors.save.entry_command", got=_kind(entry.get("command")))
    if not isinstance(entry.get("source", ""), str):
        return msg("errors.save.entry_source", got=_kind(entry.get("source")))
    return ""


def world_difference(record: dict, world: Scenario, seed: int) -> str:
    """Why a save's record is not a game of `world` on `seed`, or "" when it is one."""
    theirs = record.get("scenario")
    ours = world.model_dump(mode="json", by_alias=True)
    if not isinstance(theirs, dict) or theirs.get("name") != ours["name"]:
        name = theirs.get("name") if isinstance(theirs, dict) else None
        return msg("errors.save.other_scenario", name=format(repr(name), ".60"), ours=world.name)
    where = _first_difference(theirs, ours, "")
    if where is not None:
        path, here, there = where
        return msg("errors.save.other_world", ours=world.name, key=path,
                   here=format(repr(here), ".40"), there=format(repr(there), ".40"))
    if record.get("seed") != seed:
        return msg("errors.save.other_seed", theirs=format(repr(record.get("seed")), ".30"),
                   seed=seed)
    return ""


def _first_difference(a: object, b: object, path: str) -> tuple[str, object, object] | None:
    """The dotted path of the first value that differs between two JSON trees, and both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*b, *(k for k in a if k not in b)]:
            if key not in a or key not in b:
                return (f"{path}{key}", a.get(key, "(missing)"), b.get(key, "(missing)"))
            found = _first_difference(a[key], b[key], f"{path}{key}.")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return (f"{path}length", len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}{i}.")
            if found:
                return found
        return None
    if a != b or isinstance(a, bool) != isinstance(b, bool):
        return (path.rstrip("."), a, b)
    return None


def load_session(path: str | Path, expected: tuple[Scenario, int] | None = None) -> Session:
    """The saved game, replayed. With `expected` (a scenario and a seed), a save of any other
    world or seed is refused before it is replayed: a class plays in the class's world only."""
    record = with_agent_rules(read_record(path))
    check_record(record, str(path))
    if expected is not None and isinstance(record, dict) and record.get("format") == SAVE_FORMAT:
        reason = world_difference(record, *expected)
        if reason:
            raise SaveError(msg("errors.file.problem", path=path, problem=reason))
    try:
        return Session.from_record(record, str(path))
    except (ArithmeticError, ValueError) as exc:  # a hand-made world the rules cannot play
        raise SaveError(msg("errors.save.cannot_replay", path=path, kind=exc.__class__.__name__,
                            problem=str(exc)[:80])) from None
