"""The player's own files: save slots and window settings, in the XDG user folders.

Saves go to `$TERAFAB_DATA_DIR` or `$XDG_DATA_HOME/terafab/saves` (default
`~/.local/share/terafab/saves`); settings to `$TERAFAB_CONFIG_DIR` or
`$XDG_CONFIG_HOME/terafab/settings.yaml`. Save files are the CLI's own (game.io.saves).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import yaml

from game.domain.errors import TerafabError
from game.io.atomic import write_atomic
from game.io.untrusted import MAX_SAVE_BYTES, display_text, read_json_file

AUTOSAVE_PREFIX = "autosave-"  # autosave-<scenario>-<year>: one per game year, all kept
SLOTS = ("slot1", "slot2", "slot3", "slot4", "slot5")


def saves_dir() -> Path:
    explicit = os.environ.get("TERAFAB_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "terafab" / "saves"


def config_dir() -> Path:
    explicit = os.environ.get("TERAFAB_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "terafab"


def slot_path(slot: str) -> Path:
    folder = saves_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{slot}.json"


def autosave_slot(scenario: str, year: int) -> str:
    """The autosave slot of one game year of a scenario's campaign: one file a year, kept for
    the whole campaign, so no fast-forward can overwrite the player's recent past."""
    return f"{AUTOSAVE_PREFIX}{scenario}-{year:04d}"


def autosave_slots() -> list[str]:
    """The autosave slots on disk, newest game year first."""
    folder = saves_dir()
    if not folder.is_dir():
        return []
    found = [p.stem for p in folder.glob(f"{AUTOSAVE_PREFIX}*.json") if p.is_file()]
    return sorted(found, key=lambda s: (s.rsplit("-", 1)[-1], s), reverse=True)


@dataclass(frozen=True)
class SlotInfo:
    slot: str
    path: Path
    exists: bool
    label: str  # "Terafab: the 15-year campaign, 2029-04 (month 39)" or the problem
    mtime: float
    ok: bool


def slot_info(slot: str) -> SlotInfo:
    """What a slot holds, read from the save header only (no replay): for the saves screen."""
    path = slot_path(slot)
    if not path.is_file():
        return SlotInfo(slot, path, False, "", 0.0, False)
    mtime = path.stat().st_mtime
    try:
        record = read_json_file(path, MAX_SAVE_BYTES, "save")  # bounded: it may be copied in
        title = display_text(record["scenario"]["title"])
        month = int(record["month"])
        return SlotInfo(
            slot, path, True, f"{title} | month {month} | seed {record['seed']!r:.20}", mtime,
            True
        )
    except (TerafabError, ValueError, KeyError, TypeError):
        return SlotInfo(slot, path, True, "damaged save", mtime, False)


def all_slots() -> list[SlotInfo]:
    names = [*SLOTS, "quick", *autosave_slots()]
    return [slot_info(n) for n in names]


def latest_slot() -> SlotInfo | None:
    """The most recently written readable save, for "Continue"."""
    found = [s for s in all_slots() if s.exists and s.ok]
    return max(found, key=lambda s: s.mtime) if found else None


@dataclass
class Settings:
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    ui_scale: float = 1.0
    sound: bool = True
    language: str = "en"
    alert_pause: dict = field(default_factory=dict)  # alert kind -> pauses the game (overrides)


def settings_path() -> Path:
    return config_dir() / "settings.yaml"


def load_settings() -> Settings:
    """Saved settings; a missing or damaged file gives the defaults (never an error)."""
    path = settings_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError):
        return Settings()  # ValueError: `!!int 1.5`, a 5,000-digit number; RecursionError: [[[...
    if not isinstance(data, dict):
        return Settings()
    base = Settings()
    values = {}
    for f in fields(Settings):
        value = data.get(f.name, getattr(base, f.name))
        kind = type(getattr(base, f.name))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        values[f.name] = value if isinstance(value, kind) else getattr(base, f.name)
    values["width"] = min(7680, max(960, values["width"]))
    values["height"] = min(4320, max(540, values["height"]))
    values["ui_scale"] = min(2.0, max(0.75, values["ui_scale"]))
    values["alert_pause"] = {k: v for k, v in values["alert_pause"].items()
                             if isinstance(k, str) and isinstance(v, bool)}
    return Settings(**values)


def save_settings(settings: Settings) -> None:
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(settings_path(), yaml.safe_dump(asdict(settings), sort_keys=True).encode("utf-8"))
