"""The whole state of a world as plain, exact values: every slot of the model, every agent and
everything they hold (contracts, projects, queues, the Terafab, the random streams' positions).

A refused command must leave all of it as it was; this walk is how the fuzzer and the tests tell,
at full precision (no rounding, no field left out because a screen does not show it).
"""

from __future__ import annotations

import random
from collections import deque

import mesa
from pydantic import BaseModel

# Mesa's own bookkeeping and links back up the tree, not state of the world
_SKIPPED = frozenset({"model", "firm", "_ids", "pos", "unique_id"})


def _attributes(obj: object) -> list[tuple[str, object]]:
    names: list[str] = []
    for cls in type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        names.extend((slots,) if isinstance(slots, str) else slots)
    names.extend(getattr(obj, "__dict__", {}))
    seen: set[str] = set()
    out = []
    for name in names:
        if name in seen or name in _SKIPPED or name.startswith("__"):
            continue
        seen.add(name)
        if hasattr(obj, name):
            out.append((name, getattr(obj, name)))
    return out


def plain(value: object, top: object = None, depth: int = 0) -> object:
    """`value` as nested lists, dicts and exact scalars; other agents appear as their key."""
    if depth > 12:
        raise ValueError("state nests deeper than 12 levels")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)  # exact: 0.1 + 0.2 and 0.3 differ here
    if isinstance(value, mesa.Agent) and value is not top:
        return f"agent:{getattr(value, 'key', value.unique_id)}"
    if isinstance(value, (list, tuple, deque)):
        return [plain(v, None, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(plain(v, None, depth + 1)) for v in value)
    if isinstance(value, dict):
        items = [(repr(plain(k, None, depth + 1)), plain(v, None, depth + 1))
                 for k, v in value.items()]
        return dict(sorted(items))
    if isinstance(value, random.Random):
        return repr(hash(value.getstate()))
    if isinstance(value, BaseModel) or callable(value):
        return None  # configuration and functions: fixed for the campaign
    return {name: plain(v, None, depth + 1) for name, v in _attributes(value)}


def world_state(model) -> dict[str, object]:
    """Every agent's state and the model's own, keyed by agent id."""
    state: dict[str, object] = {"model": {
        name: plain(getattr(model, name), model)
        for name in type(model).__slots__ if hasattr(model, name)
        and not isinstance(getattr(model, name), mesa.Agent)
    }}
    for agent in model.agents:
        state[f"{agent.kind}:{agent.key}"] = plain(agent, agent)
    return state
