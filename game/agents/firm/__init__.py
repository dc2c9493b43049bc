"""The player's firm and its parts (ledger, fleet, supply book, power plant, limiting factor)."""

from game.agents.firm.firm import PlayerFirm
from game.agents.firm.supply import MemoryContract, ToolOrder, WaferContract

__all__ = ["MemoryContract", "PlayerFirm", "ToolOrder", "WaferContract"]
