"""The message catalog: every piece of UI text is looked up here by key.

Catalogs are YAML files `assets/i18n/<lang>.yaml` (a flat or nested mapping of keys to text with
`{name}` placeholders). A translation adds a file; screens never change. Missing keys in a
translation fall back to English; a key missing from English is a programming error (KeyError).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from game.io.paths import ASSETS

I18N_DIR = ASSETS / "i18n"
_catalogs: dict[str, dict[str, str]] = {}
_lang = "en"


def _flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = str(value)
    return out


def load_catalog(lang: str, folder: Path | None = None) -> dict[str, str]:
    if lang not in _catalogs:
        path = (folder or I18N_DIR) / f"{lang}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        _catalogs[lang] = _flatten(data or {})
    return _catalogs[lang]


def set_language(lang: str) -> None:
    global _lang
    _lang = lang if (I18N_DIR / f"{lang}.yaml").is_file() else "en"


def language() -> str:
    return _lang


def available_languages() -> list[str]:
    return sorted(p.stem for p in I18N_DIR.glob("*.yaml"))


def has(key: str) -> bool:
    return key in load_catalog(_lang) or key in load_catalog("en")


def t(key: str, /, **values: object) -> str:
    """The text for `key` in the current language, with `{placeholders}` filled in."""
    text = load_catalog(_lang).get(key)
    if text is None:
        text = load_catalog("en")[key]
    return text.format(**values) if values else text


def t_or(key: str, fallback: str, /, **values: object) -> str:
    """`t(key)` if the catalog has it, else `fallback` (for engine-supplied names)."""
    return t(key, **values) if has(key) else fallback
