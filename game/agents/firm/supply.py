"""What the firm has coming: chip designs, wafer and memory contracts, the fab line of its own
chips, and tools on order for the Terafab (B3, B4, A2, B6)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(slots=True)
class WaferContract:
    """Booked wafers at a site; it asks for its wafers itself, so deliveries find their contract
    (the firm takes the month's wafers from its contracts when the month's allocation is done)."""

    firm: Any
    site: Any
    node: str
    generation: str
    wafers_per_month: float
    start: int
    end: int  # first month after the contract
    tier: int
    price_usd: float  # per wafer, tariff included, fixed at signing
    received: float = 0.0
    granted_month: float = 0.0  # wafers started this month, and their yield
    yield_month: float = 0.0

    def receive_wafers(
        self, site, node: str, wafers: float, yield_: float, price_usd: float
    ) -> None:
        self.received += wafers
        self.granted_month = wafers
        self.yield_month = yield_


@dataclass(slots=True)
class MemoryContract:
    """HBM stacks a month from one maker at a price fixed at signing, months [start, end)."""

    firm: Any
    maker: Any
    stacks_per_month: float
    start: int
    end: int
    price_usd: float


@dataclass(slots=True)
class ToolOrder:
    """Tools ordered from a vendor for the Terafab: `credited_units` of the ticket's shipments
    have reached the Terafab's stock and been paid for (USD `price_busd` a unit, on arrival)."""

    vendor_key: str
    ticket: Any  # game.mechanics.toolqueue.Ticket
    credited_units: float
    price_busd: float


class FabBatch(NamedTuple):
    """Chips started in one month on the firm's contracts: they leave the fab line `cycle`
    months later (a tuple: one is made every month, cheaper than a frozen dataclass)."""

    units: float
    pflops: float
    gw: float = 0.0  # the power they will draw, all-in
    stacks: float = 0.0  # the HBM stacks they need


class SupplyBook:
    __slots__ = ("generations", "generation_nodes", "_funded_newest_first", "contracts",
                 "contracts_done",
                 "memory_contracts", "hbm_contracted", "fab_line", "finished", "terafab_units",
                 "hbm_spot_asked", "hbm_spot_unpaid", "tool_orders")

    def __init__(self, generation_nodes: list[tuple[str, str]], cycle_months: int) -> None:
        self.generations: dict[str, int] = {}  # funded generation -> month it is ready
        self.generation_nodes = generation_nodes  # (name, node), oldest first
        # the funded ones as (name, node, month ready), newest first: `fund_generation`, the one
        # writer of `generations`, keeps it; the month asks for the current one a few times
        self._funded_newest_first: list[tuple[str, str, int]] = []
        self.contracts: list[WaferContract] = []  # running or future (ended ones are dropped)
        self.contracts_done = 0
        self.memory_contracts: list[MemoryContract] = []
        # running memory contracts summed by maker: maker -> (stacks a month, USD a month)
        self.hbm_contracted: dict[object, tuple[float, float]] = {}
        self.fab_line: deque[FabBatch] = deque([FabBatch(0.0, 0.0)] * cycle_months,
                                               maxlen=cycle_months)
        self.finished = FabBatch(0.0, 0.0)  # chips out of the fab line this month
        self.terafab_units = 0.0  # chips the Terafab makes this month
        self.hbm_spot_asked = 0.0  # stacks asked on spot this month
        self.hbm_spot_unpaid = False  # HBM was needed on spot and cash could not pay for it
        self.tool_orders: list[ToolOrder] = []

    # ------------------------------------------------------------------ designs (B4)
    def current_generation(self, month: int, node: str | None = None) -> str | None:
        """The newest funded generation that is ready in `month` (optionally on `node`)."""
        for name, gen_node, ready in self._funded_newest_first:
            if ready <= month and (node is None or gen_node == node):
                return name
        return None

    def fund_generation(self, name: str, ready_month: int) -> None:
        generations = self.generations
        generations[name] = ready_month
        self._funded_newest_first = [(gen, gen_node, generations[gen])
                                     for gen, gen_node in reversed(self.generation_nodes)
                                     if gen in generations]

    # ------------------------------------------------------------------ wafers (B3)
    def request_wafers(self, month: int) -> None:
        """Each running wafer contract asks its site for its wafers; ended ones are dropped."""
        ended = 0
        for c in self.contracts:
            if c.end <= month:
                ended += 1
            elif c.start <= month:
                c.site.request(c.node, c, c.tier, c.wafers_per_month)
        if ended:
            self.contracts_done += ended
            self.contracts = [c for c in self.contracts if c.end > month]

    # ------------------------------------------------------------------ memory (B1, B3)
    def book_memory(self, contract: MemoryContract) -> None:
        self.memory_contracts.append(contract)

    def sum_memory_contracts(self, month: int) -> float:
        """Drop ended memory contracts, sum the running ones by maker; the stacks contracted."""
        live = [c for c in self.memory_contracts if c.end > month]
        self.memory_contracts = live
        sums: dict[object, tuple[float, float]] = {}
        for c in live:
            if c.start > month:
                continue
            stacks, usd = sums.get(c.maker, (0.0, 0.0))
            sums[c.maker] = (stacks + c.stacks_per_month, usd + c.stacks_per_month * c.price_usd)
        self.hbm_contracted = sums
        contracted = 0.0
        for stacks, _ in sums.values():
            contracted += stacks
        return contracted
