"""What the firm shows the faces: frozen, exact records with a label and a unit on every field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.agents.base import DATE, SHARE, AgentView, labelled
from game.agents.terafab import TerafabView


@dataclass(frozen=True, slots=True)
class WaferContractView:
    """A wafer contract running or still to start."""

    site: str = labelled("Site")
    node: str = labelled("Node")
    generation: str = labelled("Chip design")
    wafers_per_month: float = labelled("Booked", "wafers/month")
    first_date: str = labelled("From", DATE)
    last_date: str = labelled("To", DATE)
    prepaid: bool = labelled("Prepaid")
    price_usd: float = labelled("Price", "USD/wafer")


@dataclass(frozen=True, slots=True)
class MemoryContractView:
    """An HBM contract running or still to start."""

    maker: str = labelled("Maker")
    stacks_per_month: float = labelled("HBM", "stacks/month")
    first_date: str = labelled("From", DATE)
    last_date: str = labelled("To", DATE)
    price_usd: float = labelled("Price", "USD/stack")


@dataclass(frozen=True, slots=True)
class PowerOrderView:
    """Power on its way to the data centres."""

    source: str = labelled("Source")
    gw: float = labelled("Power", "GW")
    arrives_date: str = labelled("Online from", DATE)
    due_busd: float = labelled("Due on arrival", "USD B")


@dataclass(frozen=True, slots=True)
class FirmView(AgentView):
    """The player's firm now: money, compute, chips waiting, power, supply and the Terafab."""

    cash_busd: float = labelled("Cash", "USD B")
    debt_busd: float = labelled("Debt", "USD B")
    ipo_done: bool = labelled("IPO done")
    compute_eflops: float = labelled("Compute deployed", "EFLOPS")
    target_eflops: float = labelled("Compute target", "EFLOPS")
    dc_accelerators: float = labelled("Accelerators in data centres", "accelerators")
    edge_accelerators: float = labelled("Accelerators in edge devices", "accelerators")
    chips_idle: float = labelled("Chips not yet deployed", "accelerators")
    waiting_for_power: float = labelled("Waiting for power", "accelerators")
    waiting_for_memory: float = labelled("Waiting for memory", "accelerators")
    hbm_stock: float = labelled("HBM in stock", "stacks")
    power_gw: float = labelled("Power", "GW")
    power_used_gw: float = labelled("Power in use", "GW")
    space_gw: float = labelled("Power in orbit", "GW")
    edge_share: float = labelled("Own chips sent to edge devices", SHARE)
    limiting_factor: str = labelled("Limiting factor")
    generations: Mapping[str, str] = labelled("Chip designs, ready from", DATE)
    contracts: tuple[WaferContractView, ...] = labelled("Wafer contracts")
    memory_contracts: tuple[MemoryContractView, ...] = labelled("HBM contracts")
    power_pipeline: tuple[PowerOrderView, ...] = labelled("Power on its way")
    space_tons_queued: float = labelled("Space solar waiting for launch", "t")
    terafab: TerafabView | None = labelled("Terafab")
