"""Reading files that other people made (experiment files, a folder's manifest): bounded first.

A file is read only up to its size limit (a larger one is refused before it is parsed), and YAML
is read without aliases (`*name`) and only so deep: a 474-byte "billion laughs" of nested aliases
would otherwise grow into gigabytes when the experiment is copied or compared, and a file of a
million `[` would overflow the parser's stack. Every failure is one line naming the file.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent

from game.domain.errors import ConfigError

YAML_MAX_DEPTH = 32  # an experiment is 5 deep (sample, ranges, key, [lo, hi]); `set` lists more


def read_bounded(path: Path, limit_bytes: int, what: str = "file") -> bytes:
    """The file's bytes, or ConfigError if it holds more than `limit_bytes` (read no further)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit_bytes + 1)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise ConfigError(f"{path}: cannot be read ({why})") from None
    if len(data) > limit_bytes:
        size = f"{limit_bytes >> 20} MiB" if limit_bytes >= 1 << 20 else f"{limit_bytes} bytes"
        raise ConfigError(f"{path}: larger than {size}, too large for {what}")
    return data


class _Refused(ComposerError):
    """Valid YAML that this reader will not build (an alias, or nesting too deep)."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses aliases and nesting deeper than YAML_MAX_DEPTH."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(
                None, None, f"YAML aliases (*{event.anchor}) are not allowed", event.start_mark
            )
        if self._depth >= YAML_MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _Refused(None, None, f"nested deeper than {YAML_MAX_DEPTH} levels", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def parse_yaml(text: str) -> object:
    """Plain data from YAML text; raises yaml.YAMLError (aliases, deep nesting) or ValueError."""
    return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass


def load_yaml(text: str, source: str) -> object:
    """Plain data from YAML text; aliases, deep nesting, any parse failure: one ConfigError."""
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        if isinstance(exc, _Refused):
            raise ConfigError(f"{source}: {exc.problem}{where}") from None
        raise ConfigError(f"{source}: not valid YAML{where}") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. an int of 5000 digits
        raise ConfigError(f"{source}: not valid YAML ({type(exc).__name__})") from None
