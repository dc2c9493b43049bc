"""Every user-facing text by message id, in the player's language (en, zh-Hans, zh-Hant).

The catalogs are YAML files `assets/i18n/<lang>.yaml`: nested keys to text with `{name}`
placeholders. English (`en.yaml`) is the one source of message ids; a translation has exactly the
same ids and the same placeholders (tests/test_i18n.py). YAML rather than gettext `.po`: the game
looks text up by stable dotted ids (many built from data, such as `factor.{name}` or a scenario's
id), a key-value YAML file is a format translators' platforms read as is, and a language stays one
file with no compile step between a translator and the window.

The engine never renders for a face: an event or a refusal is a `Message`, an `str` holding the
English text (so logs, saves and fingerprints read as before) that also keeps its id and named
values; a face calls `text(value)` to show it in the player's language.
"""

from __future__ import annotations

import os
import re
import string
from functools import lru_cache
from importlib import resources
from pathlib import Path
from unicodedata import east_asian_width

import yaml

from game.i18n.numbers import NAMED, format_value

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
DEFAULT = "en"
# what people and systems write for each language: `language: zh` in settings, LANG=zh_TW.UTF-8
_ALIASES = {
    "en": "en", "en-us": "en", "en-gb": "en", "c": "en", "posix": "en", "english": "en",
    "zh": "zh-Hans", "zh-hans": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans",
    "zh-hans-cn": "zh-Hans", "cn": "zh-Hans",
    "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
    "zh-hant-tw": "zh-Hant", "tw": "zh-Hant",
}
_lang = DEFAULT


def _folder() -> Path:
    """assets/i18n, found the way game.io.paths finds the assets (the engine may not import it)."""
    return Path(str(resources.files("game.assets"))) / "i18n"


I18N_DIR = _folder()


class UnknownLanguage(ValueError):
    """A language this game has no catalog for; str() is the one line a user sees."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown language '{name[:40]}': choose one of {', '.join(LANGUAGES)}")


def resolve(name: str) -> str:
    """The catalog code for what a user wrote (`zh` -> zh-Hans, `zh_TW` -> zh-Hant, `EN` -> en);
    UnknownLanguage otherwise."""
    raw = (name or "").strip()
    key = raw.split(".")[0].split("@")[0].replace("_", "-").lower()
    if key in _ALIASES:
        return _ALIASES[key]
    if key.startswith("en-"):
        return "en"
    raise UnknownLanguage(raw)


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The language LANGUAGE / LC_ALL / LANG ask for, English when they name none we have."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LANG"):
        for part in (env.get(var) or "").split(":"):
            if part:
                try:
                    return resolve(part)
                except UnknownLanguage:
                    continue
    return DEFAULT


def _flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = str(value)
    return out


_catalogs: dict[str, dict[str, str]] = {}


def load_catalog(lang: str, folder: Path | None = None) -> dict[str, str]:
    """The flat id -> text mapping of one language (empty when it has no file)."""
    if lang not in _catalogs:
        path = (folder or I18N_DIR) / f"{lang}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        _catalogs[lang] = _flatten(data or {})
    return _catalogs[lang]


def set_language(lang: str) -> str:
    """Make `lang` the player's language (aliases accepted; unknown means English); returns it."""
    global _lang
    try:
        _lang = resolve(lang)
    except UnknownLanguage:
        _lang = DEFAULT
    if _lang != DEFAULT and not (I18N_DIR / f"{_lang}.yaml").is_file():
        _lang = DEFAULT
    return _lang


def language() -> str:
    return _lang


def available_languages() -> list[str]:
    """The shipped languages, in the order the Settings button cycles them."""
    return [lang for lang in LANGUAGES if (I18N_DIR / f"{lang}.yaml").is_file()]


def has(key: str) -> bool:
    return key in load_catalog(_lang) or key in load_catalog(DEFAULT)


class _Formatter(string.Formatter):
    """str.format with the locale's named number formats (`{x:usd_b}`, `{n:count}`, `{p:pct}`)
    and names of agents and places shown in the language when the catalog has them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec == "about_months" and isinstance(value, int | float):
            return about_months(self.lang, value)
        done = format_value(self.lang, value, format_spec)
        if done is not None:
            return done
        if isinstance(value, str) and not format_spec and self.lang != DEFAULT:
            return text(value, self.lang)
        return super().format_field(value, format_spec)


@lru_cache(maxsize=8)
def _formatter(lang: str) -> _Formatter:
    return _Formatter(lang)


def about_months(lang: str, n_months: float) -> str:
    """A wait in months as a reader takes it: "about 18 months", "about 1 month", and "under a
    month" when it rounds to none (never "about 0 months")."""
    n = round(n_months)
    if n < 1:
        return render(lang, "unit_about.under_a_month", {})
    return render(lang, "unit_about.month" if n == 1 else "unit_about.months", {"n": f"{n:,}"})


# the format specs only the catalogs' formatter knows ({cash:usd_b}, {months:about_months})
_NAMED_SPEC = re.compile(r":(?:" + "|".join((*NAMED, "about_months")) + r")\}")


@lru_cache(maxsize=1024)
def _plain(template: str) -> bool:
    """The template is plain str.format (the fast path English takes for the engine's news)."""
    return _NAMED_SPEC.search(template) is None


def render(lang: str, key: str, values: dict[str, object]) -> str:
    """The text of `key` in `lang` (English where the language lacks it) with values filled in."""
    if lang == DEFAULT:
        plain, named = _english_template(key)
        if not values:
            return plain if not named else load_catalog(DEFAULT)[key]
        if named:
            values = dict(values)
            for field, name, spec in named:
                values[field] = _formatter(DEFAULT).format_field(values[name], spec)
        return plain.format(**values)
    template = load_catalog(lang).get(key)
    if template is None:
        return render(DEFAULT, key, values)
    if not values:
        return template
    return _CJK_GAP.sub("", _formatter(lang).vformat(template, (), values))


@lru_cache(maxsize=4096)
def _english_template(key: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """English's fast path (the engine renders every event in English as it happens), looked up
    once per message id: the template as plain str.format, each `{name:named_spec}` field turned
    into a field of its own (`{name__usd_b}`) that render fills with the value formatted once;
    with the fields to fill."""
    template = load_catalog(DEFAULT)[key]
    if _plain(template):
        return template, ()
    named = []

    def plain_field(match: re.Match) -> str:
        name, spec = match.group(1), match.group(2)
        field = f"{name}__{spec}"
        named.append((field, name, spec))
        return "{" + field + "}"

    return _NAMED_FIELD.sub(plain_field, template), tuple(dict.fromkeys(named))


_NAMED_FIELD = re.compile(r"\{(\w+):(" + "|".join((*NAMED, "about_months")) + r")\}")


# a space the template puts around a value is dropped where both sides are Chinese
# ("向 中芯国际上海 出货" -> "向中芯国际上海出货"); next to Latin text or digits it stays
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")


def t(key: str, /, **values: object) -> str:
    """The text for `key` in the player's language, with `{placeholders}` filled in."""
    return render(_lang, key, values)


def t_or(key: str, fallback: str, /, **values: object) -> str:
    """`t(key)` if the catalog has it, else `fallback` (for engine-supplied names)."""
    return t(key, **values) if has(key) else fallback


class Message(str):
    """An engine text: the English rendering (what `str` operations, logs and saves see) that
    keeps its message id and named values, so `text()` can show it in the player's language."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, values: dict[str, object]) -> Message:
        self = super().__new__(cls, render(DEFAULT, key, values))
        self.key = key
        self.values = values
        return self

    def __reduce__(self):
        return (Message, (self.key, self.values))

    def in_language(self, lang: str) -> str:
        values = {k: text(v, lang) if isinstance(v, Message) else v for k, v in self.values.items()}
        return render(lang, self.key, values)


def msg(key: str, /, **values: object) -> Message:
    """An engine message by id (English now; any language at the face)."""
    return Message(key, values) if values else _constant_message(key)


@lru_cache(maxsize=2048)
def _constant_message(key: str) -> Message:
    """A message without values, made once: command titles and fixed news recur every month."""
    return Message(key, {})


class Verbatim(str):
    """Words a person chose (a student's name, a game file's name): shown as written in every
    language. A plain str value in a message is looked up as a world name (`text`), so a student
    called "ASML" would otherwise read 阿斯麦 in Chinese."""

    __slots__ = ()


def padded(text: str, columns: int) -> str:
    """`text` left-aligned in `columns` terminal columns: a Chinese character takes two (East
    Asian wide or full-width), so a table of Chinese labels lines up as an English one does."""
    out = text + " " * max(0, columns - terminal_columns(text))
    return Verbatim(out) if isinstance(text, Verbatim) else out


def terminal_columns(text: str) -> int:
    """How many terminal columns `text` fills: two for an East Asian wide or full-width
    character, one for any other."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def error_text(error: BaseException, lang: str | None = None) -> str:
    """The one line a user reads for `error` in the language: its Message (the first argument)
    rendered in `lang`, else the exception's own text (a library's message kept as it is)."""
    first = error.args[0] if error.args else None
    return text(first, lang) if isinstance(first, Message) else str(error)


def text(value: object, lang: str | None = None) -> str:
    """`value` for the player: a Message in the language; a name the catalog translates
    (`name.<English name>`); anything else as it is."""
    lang = lang or _lang
    if isinstance(value, Message):
        return value.in_language(lang) if lang != DEFAULT else str.__str__(value)
    if lang != DEFAULT and isinstance(value, str) and not isinstance(value, Verbatim):
        named = _world_name(load_catalog(lang), value)
        if named is not None:
            return named
    return str(value)


# a numbered copy of an agent (the large world's "TSMC Taiwan 3") is its original's name and number
_NUMBERED = re.compile(r"(.+) (\d+)")


def _world_name(catalog: dict[str, str], value: str) -> str | None:
    """What the catalog calls a name or note the world's data wrote in English: `name.<it>`
    (the firm's words) or `world.<it>` (the configs' agents, agencies, notes and phases), a
    numbered copy by its original; None when the catalog has none of them."""
    named = catalog.get(f"name.{value}") or catalog.get(f"world.{value}")
    copy = _NUMBERED.fullmatch(value) if named is None and value[-1:].isdigit() else None
    if copy is not None:
        base = _world_name(catalog, copy.group(1))
        if base is not None:
            return f"{base} {copy.group(2)}"
    return named
