"""What the faces read: the world-level market numbers and the whole world as immutable records.

Each agent's own record (FirmView, FoundryView, ...) sits next to its agent; here are the market's
and the WorldView that gathers them for one frame. Values are exact: screens round when they draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from game.agents.base import SHARE, labelled
from game.agents.chipmaker import ChipmakerView
from game.agents.firm import FirmView
from game.agents.foundry import FoundryView
from game.agents.memory import MemoryMakerView
from game.agents.regulator import RegulatorView
from game.agents.toolmakers import LithoView, ToolVendorView
from game.domain.events import Event


@dataclass(frozen=True, slots=True)
class MarketView:
    """The world's markets now: demand, prices, controls, power and launch, who leads."""

    end_demand: float = labelled("End demand", "accelerators/month")
    dram_price_index: float = labelled("DRAM price", "index, start = 100")
    hbm_price_index: float = labelled("HBM price", "index, start = 100")
    accelerator_price_usd: float = labelled("Accelerator price", "USD")
    hbm_price_usd: float = labelled("HBM price", "USD/stack")
    export_control_level: int = labelled("Export controls level")
    turbine_lead_months: float = labelled("Gas turbine lead time", "months")
    launch_tons_per_year: float = labelled("Launch capacity", "t/year")
    edge_devices_per_month: float = labelled("Edge devices sold", "devices/month")
    leader: str = labelled("Leading-edge leader")
    leader_share: float = labelled("Leader's share of the leading edge", SHARE)
    china_leading_share: float = labelled("China's share of the leading edge", SHARE)


def market_view(model) -> MarketView:
    return MarketView(
        end_demand=model.end_demand,
        dram_price_index=model.dram_price_index,
        hbm_price_index=model.hbm_price_index,
        accelerator_price_usd=model.accelerator_price_usd(),
        hbm_price_usd=model.hbm_price_usd(),
        export_control_level=model.trade.export_control_level,
        turbine_lead_months=model.turbine_lead_months(),
        launch_tons_per_year=model.launch_tons_per_month() * 12,
        edge_devices_per_month=model.edge_devices_per_month(),
        leader=model.leader_company,
        leader_share=model.leader_share,
        china_leading_share=model.china_leading_share,
    )


@dataclass(frozen=True, slots=True)
class WorldView:
    """A read-only snapshot for drawing: immutable records, no live agents (draw never changes
    state). `last_row` is the last finished month's series row (read-only), None before one."""

    month: int
    months_total: int
    date: str
    done: bool
    firm: FirmView
    foundries: tuple[FoundryView, ...]
    memory_makers: tuple[MemoryMakerView, ...]
    chipmakers: tuple[ChipmakerView, ...]
    litho: LithoView
    tool_vendors: tuple[ToolVendorView, ...]
    regulators: tuple[RegulatorView, ...]
    market: MarketView
    last_row: Mapping[str, object] | None
    events: tuple[Event, ...] = field(default_factory=tuple)
