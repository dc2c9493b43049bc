"""What every command's plan shares: the preview a screen shows, the plan itself, and the refusals
several commands give in the same words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from game.domain.errors import CommandRefused
from game.i18n import msg

EPS = 1e-9  # float slack in every limit check, so that asking for exactly the limit passes
NEXT_MONTH = 1.0  # the preview's wait for what lands with the next month's step


class Preview(NamedTuple):
    """What a command would cost and do; `refusal` is set when the rules say no."""

    cost_busd: float
    lead_time_months: float
    effect: str
    refusal: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """A command worked out once: every number it needs, what the player is shown, and how it is
    carried out. `apply` uses only these numbers, so the preview is what happens."""

    cost_busd: float  # what the preview shows as the cost (a negative cost is money raised)
    lead_time_months: float
    effect: str

    def preview(self) -> Preview:
        return Preview(self.cost_busd, self.lead_time_months, self.effect)

    def apply(self, model) -> None:
        raise NotImplementedError


def refuse(message: str) -> CommandRefused:
    """The refusal in the player's words (raise it)."""
    return CommandRefused(message)


def need_cash(model, busd: float) -> None:
    """Refuse unless the firm has `busd` in cash now."""
    if busd > model.firm.ledger.cash_busd + EPS:
        raise refuse(msg("refuse.core.not_enough_cash",
                         busd=busd, cash_busd=model.firm.ledger.cash_busd))


def by_key(agents, key: str):
    """The agent with domain id `key`, or None (a loop: the lists hold a handful of agents)."""
    for agent in agents:
        if agent.key == key:
            return agent
    return None


def generation(model, name: str):
    """The chip generation called `name` in the world, or None."""
    for gen in model.world.chip_generations:
        if gen.name == name:
            return gen
    return None
