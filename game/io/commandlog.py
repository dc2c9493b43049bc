"""A player's command log: plain JSON lines a teacher can collect, read and grade.

One object a line, `{"month": M, "command": NAME, ...fields}`; blank lines and `#` comments are
skipped. `terafab run --commands` replays one; `terafab class` ranks several.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.domain.commands import command_from_dict
from game.domain.errors import SaveError, UsageError


def read_command_log(path: str) -> list[tuple[int, str, object]]:
    """A command log: one JSON object a line, {"month": M, "command": NAME, ...fields}."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UsageError(f"{p}: file not found") from None
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"{p}: cannot be read as text") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            raise SaveError(f"{p}: line {n} is not JSON") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("month"), int) or raw["month"] < 0:
            raise SaveError(f"{p}: line {n} needs a whole 'month' 0 or more")
        body = {k: v for k, v in raw.items() if k not in ("month", "source")}
        try:
            out.append((raw["month"], "player", command_from_dict(body)))
        except SaveError as exc:
            raise SaveError(f"{p}: line {n}: {exc}") from None
    return out
