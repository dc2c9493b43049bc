"""The one place that turns pygame events into what scenes handle: intents from the keymap.

Keys are named in configs/keymap.yaml (`pause: space`); a key press that matches becomes an
`Intent("pause")`. Everything else (mouse, text input, resize) is passed on as the pygame event.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame
import yaml

from game.io.paths import CONFIGS

KEYMAP_FILE = CONFIGS / "keymap.yaml"


@dataclass(frozen=True)
class Intent:
    name: str


def load_keymap(path=KEYMAP_FILE) -> dict[int, str]:
    """pygame key code -> intent name. An unknown key name is reported by name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[int, str] = {}
    for intent, key_name in data.items():
        try:
            out[pygame.key.key_code(str(key_name))] = str(intent)
        except ValueError:
            raise ValueError(f"{path}: {intent}: unknown key name '{key_name}'") from None
    return out


def key_names(keymap: dict[int, str]) -> list[tuple[str, str]]:
    """(intent, key label) pairs for the help screen, in keymap order."""
    return [(intent, pygame.key.name(code).upper()) for code, intent in keymap.items()]


def translate(event: pygame.event.Event, keymap: dict[int, str], text_focus: bool = False):
    """An Intent for mapped keys (unless a text field has focus), else the event itself."""
    if event.type == pygame.KEYDOWN and not text_focus and event.key in keymap:
        return Intent(keymap[event.key])
    if event.type == pygame.KEYDOWN and text_focus and event.key == pygame.K_ESCAPE:
        return Intent("back")
    return event
