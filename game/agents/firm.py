"""The player's firm: a vertically integrated group that turns chips, memory and power into compute.

Every month it takes in what its contracts, purchases and Terafab deliver, mounts memory on its own
chips, deploys what power allows, earns from compute, and reports the limiting factor (B1, B10).
Money moves only through `pay` and `receive`, so every change of cash is a logged flow.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from game.agents.base import DATE, SHARE, AgentView, WorldAgent, frozen_map, labelled
from game.agents.terafab import TerafabView
from game.mechanics.markets import TIER_PREPAID

FACTORS = ("power", "chips", "memory", "capital", "tools", "talent", "permits", "none")


@dataclass(slots=True)
class WaferContract:
    """Booked wafers at a site; it asks for its wafers itself, so deliveries find their contract
    (the firm takes the month's wafers from its contracts when the month's allocation is done)."""

    firm: object
    site: object
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

    firm: object
    maker: object
    stacks_per_month: float
    start: int
    end: int
    price_usd: float


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


class PlayerFirm(WorldAgent):
    kind = "firm"
    __slots__ = (  # its state: see game/agents/base.py
        "country", "spec", "kw_per_accelerator", "stacks_per_accelerator", "cash_busd", "debt_busd",
        "ipo_done", "last_equity_month", "flows", "last_flows", "flows_total", "dc_units",
        "dc_pflops", "edge_units", "edge_pflops", "idle_units", "idle_pflops", "nohbm_units",
        "nohbm_pflops", "hbm_stock", "own_pflops_total", "bought_pflops_total", "contracts",
        "contracts_done", "memory_contracts", "hbm_contracted", "_memory_sums_until", "generations",
        "_current_generation", "_generation_nodes", "fab_line", "_accelerators_per_good_wafer",
        "_finished",
        "terafab_units", "hbm_spot_asked", "power_gw", "power_used_gw", "power_pipeline",
        "_next_power_month", "solar_built", "space_tons_queued", "space_gw", "edge_share",
        "terafab", "compute_eflops", "compute_at_start", "compute_delivered_eflops_months",
        "limiting_factor", "factor_months", "deployed_month", "stalled_capital", "target_eflops",
    )

    def __init__(self, model, spec) -> None:
        super().__init__(model, "player", spec.name)
        self.country = "US"
        self.spec = spec
        acc = model.world.accelerators
        self.kw_per_accelerator = acc.kw_per_accelerator
        self.stacks_per_accelerator = acc.hbm_stacks_per_accelerator
        self.cash_busd = spec.cash_busd
        self.debt_busd = 0.0
        self.ipo_done = False
        self.last_equity_month = -999
        # cash flows by category (+ in, - out): this month's so far (commands count in the month
        # they are given), last month's, and since the start; cash changes only through these
        self.flows: dict[str, float] = {}
        self.last_flows: dict[str, float] = {}
        self.flows_total: dict[str, float] = {}
        # the fleet: accelerators and their summed PFLOPS
        self.dc_units = float(spec.initial_accelerators)
        self.dc_pflops = spec.initial_accelerators * spec.initial_pflops_per_accelerator
        self.edge_units = 0.0
        self.edge_pflops = 0.0
        self.idle_units = float(spec.initial_accelerators_waiting_power)  # memory mounted, no power
        self.idle_pflops = self.idle_units * spec.initial_pflops_per_accelerator
        self.nohbm_units = 0.0       # own chips waiting for HBM
        self.nohbm_pflops = 0.0
        self.hbm_stock = 0.0
        self.own_pflops_total = 0.0  # compute ever made from own chips (self-sufficiency)
        self.bought_pflops_total = 0.0
        # supply
        self.contracts: list[WaferContract] = []      # running or future (ended ones are dropped)
        self.contracts_done = 0
        self.memory_contracts: list[MemoryContract] = []
        # running memory contracts summed by maker: maker -> (stacks a month, USD a month); the
        # sums hold until a contract starts or ends (month `_memory_sums_until`)
        self.hbm_contracted: dict[object, tuple[float, float]] = {}
        self._memory_sums_until = 0
        self.generations: dict[str, int] = {}    # funded generation -> month it is ready
        self._current_generation: tuple[int, dict] = (-1, {})  # month, node -> newest ready
        self._generation_nodes = [(g.name, g.node) for g in model.world.chip_generations]
        cycle = acc.wafer_cycle_months
        self.fab_line: deque[tuple[float, float]] = deque([(0.0, 0.0)] * cycle, maxlen=cycle)
        self._accelerators_per_good_wafer = acc.gross_dies_per_wafer / acc.dies_per_accelerator
        self._finished = (0.0, 0.0)              # chips out of the fab line this month
        self.terafab_units = 0.0                 # chips the Terafab makes this month
        self.hbm_spot_asked = 0.0                # stacks asked on spot this month
        # power
        self.power_gw = spec.initial_power_gw
        self.power_used_gw = self.dc_units * self.kw_per_accelerator / 1e6
        # (arrival month, GW, source, USD B due on arrival, month ordered)
        self.power_pipeline: list[tuple[int, float, str, float, int]] = []
        self._next_power_month = 1 << 30  # the first month something in the pipeline arrives
        # (month ordered, GW) of solar that came online
        self.solar_built: list[tuple[int, float]] = []
        self.space_tons_queued = 0.0
        self.space_gw = 0.0
        self.edge_share = 0.0
        self.terafab = None
        # outcomes
        self.compute_eflops = self.compute_now()
        self.compute_at_start = self.compute_eflops
        self.compute_delivered_eflops_months = 0.0
        self.limiting_factor = "none"
        self.factor_months: dict[str, int] = {f: 0 for f in FACTORS}
        self.deployed_month = 0.0
        self.stalled_capital = False
        self.target_eflops = self.compute_eflops * spec.compute_target_start_ratio

    # ------------------------------------------------------------------ money
    def pay(self, busd: float, category: str) -> None:
        self.cash_busd -= busd
        self.flows[category] = self.flows.get(category, 0.0) - busd
        self.flows_total[category] = self.flows_total.get(category, 0.0) - busd

    def receive(self, busd: float, category: str) -> None:
        self.cash_busd += busd
        self.flows[category] = self.flows.get(category, 0.0) + busd
        self.flows_total[category] = self.flows_total.get(category, 0.0) + busd

    def can_afford(self, busd: float) -> bool:
        return self.cash_busd >= busd

    # ------------------------------------------------------------------ supply
    def current_generation(self, node: str | None = None) -> str | None:
        """The newest funded generation that is ready now (optionally on `node`); asked several
        times a month, so remembered for the month (funding a design forgets it)."""
        month = self.model.month
        if self._current_generation[0] != month:
            self._current_generation = (month, {})
        known = self._current_generation[1]
        if node in known:
            return known[node]
        best = None
        for name, gen_node in self._generation_nodes:
            ready = self.generations.get(name)
            if ready is not None and ready <= month and (node is None or gen_node == node):
                best = name
        known[node] = best
        return best

    def fund_generation(self, name: str, ready_month: int) -> None:
        self.generations[name] = ready_month
        self._current_generation = (-1, {})

    def request_wafers(self) -> None:
        """Each running wafer contract asks its site for its wafers; ended ones are dropped."""
        month = self.model.month
        ended = 0
        for c in self.contracts:
            if c.end <= month:
                ended += 1
            elif c.start <= month:
                c.site.request(c.node, c, c.tier, c.wafers_per_month)
        if ended:
            self.contracts_done += ended
            self.contracts = [c for c in self.contracts if c.end > month]

    def book_memory(self, contract: MemoryContract) -> None:
        self.memory_contracts.append(contract)
        self._memory_sums_until = 0  # the sums by maker change now

    def _sum_memory_contracts(self, month: int) -> None:
        """Drop ended memory contracts and sum the running ones by maker."""
        live = [c for c in self.memory_contracts if c.end > month]
        self.memory_contracts = live
        sums: dict[object, tuple[float, float]] = {}
        until = 1 << 30
        for c in live:
            if c.start > month:
                until = min(until, c.start)
                continue
            until = min(until, c.end)
            stacks, usd = sums.get(c.maker, (0.0, 0.0))
            sums[c.maker] = (stacks + c.stacks_per_month, usd + c.stacks_per_month * c.price_usd)
        self.hbm_contracted = sums
        self._memory_sums_until = until

    def request_hbm(self) -> None:
        """Set this month's asks: contracted stacks at their makers (B3 priority, in
        `hbm_contracted`) and, on spot, what own chips that power can soon take still lack."""
        month = self.model.month
        if month >= self._memory_sums_until:
            self._sum_memory_contracts(month)
        contracted = 0.0
        for stacks, _ in self.hbm_contracted.values():
            contracted += stacks
        # buy memory only for chips that power can take soon (B1: power binds before memory)
        soon = month + 3
        power_soon = self.power_gw - self.power_used_gw
        for p in self.power_pipeline:
            if p[0] <= soon:
                power_soon += p[1]
        room = power_soon * 1e6 / self.kw_per_accelerator - self.idle_units
        room = room if room > 0.0 else 0.0
        coming = self.nohbm_units + self._finished[0] + self.terafab_units
        chips = room if room < coming else coming  # the lesser
        need = chips * self.stacks_per_accelerator - self.hbm_stock
        spot = need - contracted
        self.hbm_spot_asked = spot if spot > 0 and self.cash_busd > 0 else 0.0

    def take_hbm(self, stacks: float, cost_usd: float) -> None:
        """Stacks delivered this month (contract and spot) and what they cost."""
        self.hbm_stock += stacks
        self.pay(cost_usd / 1e9, "memory")

    def receive_accelerators(self, vendor, units: float, price_usd: float) -> None:
        """Merchant accelerators arrive with their memory; they still need power (B1)."""
        tariff = self.model.trade.import_tariff(vendor_country="TW")
        self.pay(units * price_usd * (1.0 + tariff) / 1e9, "accelerators")
        pflops = self.model.merchant_pflops()
        self.idle_units += units
        self.idle_pflops += units * pflops
        self.bought_pflops_total += units * pflops

    # ------------------------------------------------------------------ the month
    def order_power(self, arrives: int, gw: float, source: str, due_busd: float) -> None:
        """Power on its way: `gw` of `source` online in month `arrives`, `due_busd` paid then."""
        self.power_pipeline.append((arrives, gw, source, due_busd, self.model.month))
        self._next_power_month = min(self._next_power_month, arrives)

    def power_on_order_gw(self, source: str, ordered_after: int = -(1 << 30)) -> float:
        """GW of `source` still on its way, counting orders placed after month `ordered_after`."""
        return sum(gw for _, gw, s, _, ordered in self.power_pipeline
                   if s == source and ordered > ordered_after)

    def solar_ordered_this_year_gw(self) -> float:
        """Solar ordered in the last twelve months, built or not: land permits are by year (B10)."""
        year_ago = self.model.month - 12
        return self.power_on_order_gw("solar", year_ago) + \
            sum(gw for ordered, gw in self.solar_built if ordered > year_ago)

    def arrive_power(self) -> None:
        month = self.model.month
        if month >= self._next_power_month:
            arrived = [p for p in self.power_pipeline if p[0] <= month]
            for _, gw, source, due, ordered in arrived:
                self.power_gw += gw
                if source == "solar":
                    self.solar_built.append((ordered, gw))
                if due > 0:
                    self.pay(due, "power_capex")
                self.model.log(self.name, "H8" if source in ("grid", "turbines") else "B10",
                               f"{gw:.2f} GW of {source} power came online", "power")
            self.power_pipeline = [p for p in self.power_pipeline if p[0] > month]
            self._next_power_month = min((p[0] for p in self.power_pipeline), default=1 << 30)
        if self.space_tons_queued > 0:
            tons = min(self.space_tons_queued, self.model.launch_tons_per_month() *
                       self.model.world.power.space_share_of_launch)
            self.space_tons_queued -= tons
            gw = tons * self.model.world.power.space_kw_per_ton / 1e6
            self.space_gw += gw
            self.power_gw += gw

    def produce_and_deploy(self, terafab_wafers: float) -> None:
        """Chips in, memory on, power up: what is deployed, what waits, and what bound growth."""
        model = self.model
        month = model.month
        acc = model.world.accelerators
        new_units, new_pflops = self._finished
        if terafab_wafers > 0:
            gen = self.current_generation(self.terafab.spec.node) or self.current_generation()
            if gen is not None:
                units = terafab_wafers * acc.gross_dies_per_wafer / acc.dies_per_accelerator
                new_units += units
                new_pflops += units * model.generation_pflops(gen)
        self.own_pflops_total += new_pflops
        # B11: edge devices take own chips without data-centre power or HBM
        if new_units > 0 and self.edge_share > 0:
            slots = model.edge_devices_per_month()
            wanted = new_units * self.edge_share
            to_edge = slots if slots < wanted else wanted  # the lesser
            share = to_edge / new_units
            self.edge_units += to_edge
            self.edge_pflops += new_pflops * share * self.spec.edge_pflops_factor
            new_units -= to_edge
            new_pflops -= new_pflops * share
        self.nohbm_units += new_units
        self.nohbm_pflops += new_pflops
        on_hand = self.idle_units + self.nohbm_units
        # memory on own chips
        equipped = self.hbm_stock / self.stacks_per_accelerator
        mounted = equipped if equipped < self.nohbm_units else self.nohbm_units  # the lesser
        memory_ok = self.idle_units + mounted
        if mounted > 0:
            share = mounted / self.nohbm_units
            self.hbm_stock -= mounted * self.stacks_per_accelerator
            self.idle_units += mounted
            self.idle_pflops += self.nohbm_pflops * share
            self.nohbm_pflops -= self.nohbm_pflops * share
            self.nohbm_units -= mounted
        # power: deploy what the data centres can light
        spare_gw = self.power_gw - self.power_used_gw
        headroom = (spare_gw if spare_gw > 0.0 else 0.0) * 1e6 / self.kw_per_accelerator
        deploy = headroom if headroom < self.idle_units else self.idle_units  # the lesser
        if deploy > 0:
            share = deploy / self.idle_units
            self.dc_units += deploy
            self.dc_pflops += self.idle_pflops * share
            self.idle_pflops -= self.idle_pflops * share
            self.idle_units -= deploy
            self.power_used_gw += deploy * self.kw_per_accelerator / 1e6
        self.deployed_month = deploy
        self.compute_eflops = self.compute_now()
        self.compute_delivered_eflops_months += self.compute_eflops
        self._earn(month)
        self.limiting_factor = self._limiting_factor(on_hand, memory_ok, headroom)
        self.factor_months[self.limiting_factor] += 1

    def close_wafer_month(self) -> None:
        """Wafers started this month at the contracted sites join the fab line as the newest
        design ready on their node (else the contract's) and are paid for; the oldest month's
        chips come out of the line."""
        units_in = pflops_in = bill_usd = 0.0
        pflops_by_node: dict[str, float] = {}  # contracts on one node make the same design
        for c in self.contracts:
            wafers = c.granted_month
            if wafers <= 0.0:
                continue
            c.granted_month = 0.0
            bill_usd += wafers * c.price_usd
            pflops = pflops_by_node.get(c.node)
            if pflops is None:
                gen = self.current_generation(c.node)
                pflops = self.model.generation_pflops(gen or c.generation)
                if gen is not None:
                    pflops_by_node[c.node] = pflops
            units = wafers * self._accelerators_per_good_wafer * c.yield_month
            units_in += units
            pflops_in += units * pflops
        if bill_usd > 0.0:
            self.pay(bill_usd / 1e9, "wafers")
        self._finished = self.fab_line[0]
        self.fab_line.append((units_in, pflops_in))

    def compute_now(self) -> float:
        return (self.dc_pflops + self.edge_pflops) / 1000.0

    def chips_idle(self) -> float:
        return self.idle_units + self.nohbm_units

    def _earn(self, month: int) -> None:
        spec = self.spec
        years = month / 12.0
        # the value of compute grows less than in proportion: each added EFLOPS earns less
        rate = spec.revenue_busd_per_eflops_month * (1.0 - spec.revenue_decline_per_year) ** years
        start = max(1e-9, self.compute_at_start)  # a world may start with no accelerators at all
        scale = start * (self.compute_eflops / start) ** spec.revenue_exponent
        self.receive(scale * rate, "compute_revenue")
        self.receive(spec.base_cash_flow_busd_per_month, "base_business")
        if self.edge_units > 0:
            devices = min(self.edge_units, self.model.edge_devices_per_month())
            self.receive(devices * spec.edge_revenue_usd_per_device / 1e9, "edge_revenue")
        if self.debt_busd > 0:
            self.pay(self.debt_busd * spec.debt_rate_per_year / 12.0, "interest")

    def _limiting_factor(self, chips_on_hand: float, memory_ok: float, power_ok: float) -> str:
        """Which input bound compute growth this month (B1, B10): deployment is the least of chips
        on hand, chips memory can equip and chips power can light; the least one binds. When chips
        bind, look one step further back: what holds the chips (capital, permits, tools, talent)."""
        years = self.model.month / 12.0
        spec = self.spec
        g = spec.compute_target_growth_per_year * 0.5 ** (
            years / spec.compute_target_halflife_years
        )
        self.target_eflops *= (1.0 + g) ** (1.0 / 12.0)
        if chips_on_hand > 1.0 and power_ok < min(chips_on_hand, memory_ok):
            return "power"
        if chips_on_hand > 1.0 and memory_ok < chips_on_hand:
            return "memory"
        if self.compute_eflops >= self.target_eflops:
            return "none"
        if (
            self.cash_busd < 0
            or self.stalled_capital
            or (self.terafab and self.terafab.stalled_capital)
        ):
            return "capital"
        if self.terafab is not None and self.terafab.blocked_by:
            return self.terafab.blocked_by
        return "chips"

    def view(self) -> FirmView:
        model = self.model
        month, date_of = model.month, model.date_of
        return FirmView(
            key=self.key, name=self.name, cash_busd=self.cash_busd, debt_busd=self.debt_busd,
            ipo_done=self.ipo_done, compute_eflops=self.compute_eflops,
            target_eflops=self.target_eflops, dc_accelerators=self.dc_units,
            edge_accelerators=self.edge_units, chips_idle=self.chips_idle(),
            waiting_for_power=self.idle_units, waiting_for_memory=self.nohbm_units,
            hbm_stock=self.hbm_stock, power_gw=self.power_gw, power_used_gw=self.power_used_gw,
            space_gw=self.space_gw, edge_share=self.edge_share,
            limiting_factor=self.limiting_factor,
            generations=frozen_map((k, date_of(v)) for k, v in self.generations.items()),
            contracts=tuple(
                WaferContractView(
                    site=c.site.name, node=c.node, generation=c.generation,
                    wafers_per_month=c.wafers_per_month, first_date=date_of(c.start),
                    last_date=date_of(c.end - 1), prepaid=c.tier == TIER_PREPAID,
                    price_usd=c.price_usd,
                )
                for c in self.contracts
                if c.end > month
            ),
            memory_contracts=tuple(
                MemoryContractView(
                    maker=c.maker.name, stacks_per_month=c.stacks_per_month,
                    first_date=date_of(c.start), last_date=date_of(c.end - 1),
                    price_usd=c.price_usd,
                )
                for c in self.memory_contracts
                if c.end > month
            ),
            power_pipeline=tuple(
                PowerOrderView(source=s, gw=gw, arrives_date=date_of(m), due_busd=due)
                for m, gw, s, due, _ in self.power_pipeline
            ),
            space_tons_queued=self.space_tons_queued,
            terafab=self.terafab.view() if self.terafab else None,
        )
