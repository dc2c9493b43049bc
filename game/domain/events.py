"""The event log: every agent decision that changes the world, with the rule behind it."""

from __future__ import annotations

from typing import NamedTuple


class Event(NamedTuple):  # an immutable record, made hundreds of times a campaign
    """One decision: in `month` (`date`), `agent` did something because of rule `rule`.

    `kind` groups events for the news feed (e.g. "fab", "export", "memory", "price", "player").
    """

    month: int
    date: str
    agent: str
    rule: str
    reason: str
    kind: str = "decision"

    def as_row(self) -> dict[str, object]:
        return {"month": self.month, "date": self.date, "agent": self.agent, "rule": self.rule,
                "kind": self.kind, "reason": self.reason}
