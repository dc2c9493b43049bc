"""The player's firm and its parts (ledger, fleet, supply book, power plant, limiting factor)."""

from game.agents.firm.firm import PlayerFirm
from game.agents.firm.supply import MemoryContract, ToolOrder, WaferContract
from game.agents.firm.views import FirmView

__all__ = ["FirmView", "MemoryContract", "PlayerFirm", "ToolOrder", "WaferContract"]
