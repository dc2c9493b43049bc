"""What every Terafab agent shares: a domain id, a display name, a way to log its decisions, and
the kind of record its `view()` returns.

A view is a frozen, slotted dataclass of exact values (nothing rounded: screens round when they
draw). Each field carries the words a reader sees in its metadata, a label and a unit, so the
inspector can list any view without knowing it; names keep their unit too (`cash_busd`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

import mesa

# units the inspector formats specially; any other unit is shown as written
SHARE = "share"  # a fraction 0-1, shown as a percentage
DATE = "YYYY-MM"  # a month as a date string


def labelled(label: str, unit: str = "") -> Any:
    """A view field that a reader sees as `label`, its value in `unit` ("" for words and counts
    whose label says what they count)."""
    return field(metadata={"label": label, "unit": unit})


class _ReadOnlyCopy:
    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is a read-only copy of the config")


@cache
def _slotted_copy_type(config_type: Any) -> Any:
    # a plain class, not make_dataclass: that one compiles code, about 7 M instructions a type
    return type(f"{config_type.__name__}Copy", (_ReadOnlyCopy,),
                {"__slots__": tuple(config_type.model_fields)})


def config_copy(section: Any) -> Any:
    """A read-only, slotted copy of a config section's values (sections inside it kept as they
    are), for an agent that reads them every month: the config's pydantic models define
    __getattr__, so Python cannot speed up reads of their attributes, and each costs about 275
    machine instructions against almost none from a slot."""
    copy_type = _slotted_copy_type(type(section))  # type: ignore[arg-type]  # a class hashes
    copy = object.__new__(copy_type)
    for name in copy_type.__slots__:
        object.__setattr__(copy, name, getattr(section, name))
    return copy


def frozen_map(items: Mapping | Any) -> Mapping:
    """A read-only copy of a mapping (or of (key, value) pairs): later changes to the source do
    not reach it, and it cannot be changed through it."""
    return MappingProxyType(dict(items))


@dataclass(frozen=True, slots=True)
class AgentView:
    """What every agent's view opens with."""

    key: str = labelled("Id")
    name: str = labelled("Name")


class WorldAgent(mesa.Agent):
    """A Mesa agent with a domain id (`key`, e.g. "tsmc-arizona")
    kept apart from Mesa's unique_id.

    Agents (and the model and the Terafab) list their state in `__slots__`. Python 3.11 reads
    and writes attributes markedly slower once an instance dict holds more than 30 of them, and
    the firm, the model and the chipmakers hold 35-55: with slots a campaign runs about 6 %
    faster. A new attribute left out of the list still works on an agent (it lands in the
    instance dict, more slowly); the Terafab has no dict, so its list must be complete.
    """

    kind = "agent"
    __slots__ = ("key", "name")

    def __init__(self, model: mesa.Model, key: str, name: str) -> None:
        super().__init__(model)
        self.key = key
        self.name = name

    def log(self, rule: str, reason: str, kind: str) -> None:
        """Record a decision that changed the world, with the rule behind it (shown as "why")."""
        self.model.log(self.name, rule, reason, kind)

    def view(self) -> AgentView:
        """This agent's state now as an immutable record of exact values (each kind returns its
        own subclass with its own fields)."""
        return AgentView(key=self.key, name=self.name)
