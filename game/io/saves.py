"""Save files: JSON holding (scenario, seed, policy, command log, month, fingerprint).

Loading replays the log, so a loaded game continues exactly; a damaged, foreign, empty or
future-version file is refused with one clear line and nothing else is touched.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.domain.errors import ConfigError, SaveError
from game.io.atomic import write_atomic
from game.io.paths import CONFIGS
from game.io.scenarios import read_yaml
from game.sim.session import Session


def save_session(session: Session, path: str | Path) -> None:
    write_record(session.to_record(), path)


def write_record(record: object, path: str | Path) -> None:
    """Encode a save record (`Session.to_record()`) and write it atomically; SaveError if the
    file cannot be written. Safe on another thread: it reads only `record`, a fresh copy."""
    data = json.dumps(record, indent=1).encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SaveError(f"{path}: cannot write the save ({exc.strerror or exc})") from None


def read_record(path: str | Path) -> object:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{p}: file not found") from None
    except IsADirectoryError:
        raise SaveError(f"{p}: is a folder, not a save file") from None
    except OSError as exc:
        raise SaveError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise SaveError(f"{p}: the file is empty")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SaveError(f"{p}: not a Terafab save (damaged or truncated)") from None


def load_session(path: str | Path) -> Session:
    return Session.from_record(with_agent_rules(read_record(path)), str(path))


def with_agent_rules(record: object) -> object:
    """A save written before the world config held `agent_rules` was played by the numbers the
    code held then, which are the default world's: its scenario gets those, so it still loads
    (the replay's fingerprint check still catches any difference)."""
    scenario = record.get("scenario") if isinstance(record, dict) else None
    world = scenario.get("world") if isinstance(scenario, dict) else None
    if not isinstance(world, dict) or "agent_rules" in world:
        return record
    try:
        default = read_yaml(CONFIGS / "world.yaml")
    except ConfigError:
        return record  # the scenario's own error names what is missing
    rules = default.get("agent_rules") if isinstance(default, dict) else None
    if rules is None:
        return record
    return {**record, "scenario": {**scenario, "world": {**world, "agent_rules": rules}}}
