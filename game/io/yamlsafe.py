"""YAML as plain data, for our config files and anyone's (scenario and experiment files, --set
values): one loader for all. A 474-byte "billion laughs" of nested aliases would grow into
gigabytes and a file of a million `[` would overflow the parser's stack, so aliases are refused
and nesting is bounded; `1e12` is read as the number a person means (YAML 1.2)."""

from __future__ import annotations

import re

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent

from game.domain.errors import ConfigError
from game.i18n import msg

YAML_MAX_DEPTH = 32  # a world file is 6 deep; an experiment's `set` a few more


class Refused(ComposerError):
    """Valid YAML that this reader will not build (an alias, or nesting too deep)."""


_FLOAT_TAG = "tag:yaml.org,2002:float"
# PyYAML follows YAML 1.1, where a float needs a dot and a signed exponent: `1e12` and `2.5e3` are
# read as strings. This is its float pattern with the dot and the exponent's sign made optional
# (YAML 1.2), so every number a person writes is read as one; ints still match their own pattern.
_FLOAT_PATTERN = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.VERBOSE)


class ConfigLoader(yaml.SafeLoader):
    """yaml.SafeLoader (no objects, no code) that reads `1e12` as a number, refuses aliases
    (`*name`) and nesting deeper than YAML_MAX_DEPTH."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise Refused(
                None, None, msg("errors.yaml.alias", anchor=event.anchor), event.start_mark
            )
        if self._depth >= YAML_MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise Refused(None, None, msg("errors.json.too_deep", depth=YAML_MAX_DEPTH), mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


ConfigLoader.yaml_implicit_resolvers = {
    first: [(tag, _FLOAT_PATTERN if tag == _FLOAT_TAG else pattern) for tag, pattern in resolvers]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str) -> object:
    """YAML text as plain data, numbers like `1e12` included (yaml.YAMLError when malformed)."""
    return yaml.load(text, Loader=ConfigLoader)  # a SafeLoader: plain data only


def load_yaml(text: str, source: str) -> object:
    """Plain data from YAML text; aliases, deep nesting, any parse failure: one ConfigError."""
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        if isinstance(exc, Refused):
            raise ConfigError(msg("errors.yaml.refused_at" if line else "errors.file.problem",
                                  path=source, problem=exc.problem, line=line)) from None
        raise ConfigError(msg("errors.yaml.invalid_at" if line else "errors.yaml.invalid",
                              path=source, line=line)) from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. an int of 5000 digits
        raise ConfigError(msg("errors.yaml.invalid_kind", path=source,
                              kind=type(exc).__name__)) from None
