"""What every Terafab agent shares: a domain id, a display name, and a way to log its decisions."""

from __future__ import annotations

import mesa


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

    def describe(self) -> dict[str, object]:
        """A plain snapshot of this agent's state for the inspector (override to add fields)."""
        return {"id": self.key, "name": self.name, "kind": self.kind}
