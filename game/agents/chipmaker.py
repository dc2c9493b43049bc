"""Chipmakers (GPU designers and in-house chip teams): forecast, order wafers, buy HBM, sell.

Rules: H6 (anchoring-and-adjustment ordering that under-weights the supply line, and over-ordering
when rationed: the bullwhip), B3 (contracts and prepayment buy priority), H9 (scarcity pricing),
A6 (big buyers design their own chips, a generation about a year, each booked on the newest node
their foundries run).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.agents.base import SHARE, AgentView, WorldAgent, labelled
from game.i18n import msg
from game.mechanics.markets import TIER_CONTRACT, TIER_PREPAID


@dataclass(frozen=True, slots=True)
class ChipmakerView(AgentView):
    """A chipmaker now: what it expects to sell, holds, owes and orders."""

    country: str = labelled("Country")
    demand_share: float = labelled("Share of end demand", SHARE)
    node: str = labelled("Node")
    expected_demand: float = labelled("Expected demand", "accelerators/month")
    inventory: float = labelled("Inventory", "accelerators")
    backlog: float = labelled("Backlog", "accelerators")
    wafers_ordered: float = labelled("Wafers ordered", "wafers/month")
    fill_ratio: float = labelled("Wafer order filled", SHARE)
    waiting_for_hbm: float = labelled("Waiting for HBM", "accelerators")
    player_order: float = labelled("Your order still open", "accelerators")
    revenue_busd_month: float = labelled("Revenue", "USD B/month")


class Chipmaker(WorldAgent):
    kind = "chipmaker"
    __slots__ = (  # its state: see game/agents/base.py
        "country", "demand_share", "node", "contract_share", "contract_tier", "china_only",
        "target_inventory_months", "sites", "alpha", "beta", "theta", "overorder",
        "dies_per_accelerator", "gross_dies", "stacks", "backlog_patience", "expected", "inventory",
        "backlog", "pipeline", "waiting_hbm", "fill_ratio", "wafers_ordered", "wafers_granted",
        "accel_granted", "hbm_need", "hbm_received", "sold", "sold_to_player", "player_order",
        "revenue_busd_month", "_rationed_logged", "_finishing", "_rationed_below",
        "_rationing_over_above", "_planning_yield", "next_node", "moved_share",
        "_next_generation_month", "_generation_months", "_move_per_month", "_node_rank",
        "_book_ahead_months", "booking_node", "_books_ahead", "_cycle_months",
        "_accelerators_per_good_wafer",
    )

    def __init__(self, model, spec, calibration) -> None:
        super().__init__(model, spec.id, spec.name)
        self.country = spec.country
        self.demand_share = spec.demand_share
        self.node = spec.node
        self.contract_share = spec.contract_share
        self.contract_tier = TIER_PREPAID if spec.prepays else TIER_CONTRACT
        self.china_only = spec.serves_china_only
        self.target_inventory_months = spec.target_inventory_months
        self.sites = [(model.foundry_by_key[k], w) for k, w in spec.foundry_weights.items()]
        weight_sum = sum(w for _, w in self.sites)
        self.sites = [(s, w / weight_sum) for s, w in self.sites]
        self.alpha = calibration.alpha_stock
        self.beta = calibration.beta_supply_line
        self.theta = calibration.theta_smoothing
        self.overorder = calibration.rationing_overorder
        if not model.rule_on("H6"):  # H6 off: the supply line counts in full, no padding
            self.beta, self.overorder = 1.0, 0.0
        acc = model.world.accelerators
        self.dies_per_accelerator = acc.dies_per_accelerator
        self.gross_dies = acc.gross_dies_per_wafer
        self.stacks = acc.hbm_stacks_per_accelerator
        self.backlog_patience = model.world.demand.backlog_patience
        cycle = self._cycle_months = acc.wafer_cycle_months
        # accelerators a wafer of yield 1 makes: what an order of accelerators asks in wafers
        self._accelerators_per_good_wafer = self.gross_dies / self.dies_per_accelerator
        demand0 = model.end_demand * self.demand_share
        self.expected = demand0
        self.inventory = demand0 * self.target_inventory_months
        self.backlog = 0.0
        self.pipeline: deque[float] = deque([demand0] * cycle, maxlen=cycle)  # accelerators in fab
        self.waiting_hbm = 0.0        # finished dies waiting for memory
        self.fill_ratio = 1.0          # share of last month's wafer request that was granted
        self.wafers_ordered = 0.0
        self.wafers_granted = 0.0
        self.accel_granted = 0.0
        self.hbm_need = 0.0           # stacks this month's finishing chips need (asked on contract)
        self.hbm_received = 0.0
        self.sold = 0.0
        self.sold_to_player = 0.0
        self.player_order = 0.0        # accelerators the player asked for (merchant purchase)
        self.revenue_busd_month = 0.0
        self._rationed_logged = False
        rules = model.world.agent_rules.chipmaker  # read once: attributes are faster every month
        self._rationed_below = rules.rationed_below_fill
        self._rationing_over_above = rules.rationing_over_above_fill
        self._planning_yield = rules.planning_yield_when_unknown
        # A6: product generations (chipmaker.generation_months), each on the newest node running
        self.next_node: str | None = None  # the node its orders are moving to
        self.moved_share = 0.0             # share of its orders already on next_node
        self._next_generation_month = model.month_of(spec.next_generation)
        self._generation_months = rules.generation_months
        self._book_ahead_months = rules.book_ahead_months
        self._books_ahead = model.rule_on("A6")
        self.booking_node: str | None = None  # the node booked ahead for the next generation
        self._move_per_month = 1.0 / rules.node_move_months
        self._node_rank = {n: node.pflops_factor for n, node in model.world.nodes.items()}

    def node_at(self, site, node: str | None = None) -> str | None:
        """`node` (default: the chipmaker's own) where the site runs it, else the best node the
        site has."""
        running = site.capacity_by_node
        wanted = self.node if node is None else node
        if running.get(wanted, 0.0) > 0.0:
            return wanted
        for node in ("N2", "N3", "N7"):
            if running.get(node, 0.0) > 0.0:
                return node
        return None

    def _newest_node(self):
        """The newest node any of its foundries runs, and where (None when none is newer)."""
        rank = self._node_rank
        newest, where = self.node, None
        for site, _ in self.sites:
            for node, wpm in site.capacity_by_node.items():
                if wpm > 0.0 and rank[node] > rank[newest]:
                    newest, where = node, site
        return newest, where

    def _next_generation(self) -> None:
        """A6: a new generation goes to the newest node any of its foundries runs; its orders
        move there over chipmaker.node_move_months."""
        self._next_generation_month += self._generation_months
        self.booking_node = None
        newest, where = self._newest_node()
        if where is not None and self.next_node is None:
            self.next_node = newest
            self.moved_share = 0.0
            self.log("A6", msg("event.chipmaker.new_generation_booked",
                               name=self.name, newest=newest, where=where.name), "orders")

    def _move_node(self) -> None:
        moved = self.moved_share + self._move_per_month
        if moved >= 1.0:
            self.node, self.next_node, moved = self.next_node, None, 0.0
        self.moved_share = moved

    def order_wafers(self, demand: float) -> None:
        """Sterman's rule:
        expected demand plus a share of the stock gap and of the supply-line gap."""
        expected = self.expected
        expected += self.theta * (demand - expected)
        self.expected = expected
        desired_stock = expected * self.target_inventory_months
        desired_line = expected * self._cycle_months
        stock = self.inventory - self.backlog
        supply_line = sum(self.pipeline) + self.waiting_hbm  # in the fab, or finished but no HBM
        alpha = self.alpha
        order = expected + alpha * (desired_stock - stock) + \
            alpha * self.beta * (desired_line - supply_line)
        # H6: rationed below chipmaker.rationed_below_fill: ask for more than is needed
        # (phantom orders); over once above chipmaker.rationing_over_above_fill
        fill_ratio = self.fill_ratio
        if fill_ratio < self._rationed_below:
            order *= 1.0 + self.overorder * (1.0 - fill_ratio)
            if not self._rationed_logged:
                self._rationed_logged = True
                self.log("H6", msg("event.chipmaker.was_rationed_wafers",
                                   name=self.name, fill_ratio=fill_ratio), "orders")
        elif fill_ratio > self._rationing_over_above:
            self._rationed_logged = False
        order = order if order > 0.0 else 0.0  # max(0.0, order) without a builtin call
        self.wafers_granted = 0.0
        self.accel_granted = 0.0
        month = self.model.month
        if not self._books_ahead:  # A6 off: it stays on its node, nothing booked ahead
            self.wafers_ordered = self._request(self.node, order, None)
            return
        if month >= self._next_generation_month:
            self._next_generation()
        elif (self.booking_node is None and self.next_node is None
              and month + self._book_ahead_months >= self._next_generation_month):
            # A6: the next generation's node is booked chipmaker.book_ahead_months ahead
            newest, where = self._newest_node()
            self.booking_node = newest if where is not None else self.node
            if where is not None:
                self.log("A6", msg("event.chipmaker.booked_wafers_generation",
                                   name=self.name, newest=newest, where=where.name,
                                   date=self.model.date_of(self._next_generation_month)),
                         "orders")
        moving = self.next_node
        if moving is not None:
            self._move_node()
            moving = self.next_node
        # what is still ordered on the old node is booked at the node it is moving to (A6)
        booking = moving or self.booking_node
        wafers = self._request(self.node, order * (1.0 - self.moved_share), booking)
        if moving is not None:
            wafers += self._request(moving, order * self.moved_share, None)
        self.wafers_ordered = wafers

    def _request(self, wanted: str, order: float, booked: str | None) -> float:
        """Ask each site for the wafers of `order` accelerators at `wanted` (or the best node it
        runs); the site counts them as booked demand at `booked` (the next generation's node,
        A6) or else at `wanted`. Returns the wafers asked."""
        wafers = 0.0
        tier, contract_share = self.contract_tier, self.contract_share
        planning_yield = self._planning_yield  # chipmaker.planning_yield_when_unknown
        per_wafer = self._accelerators_per_good_wafer
        book_at = booked or wanted
        for site, weight in self.sites:
            # the site runs the node wanted (most months), else its best node
            node = wanted if site.capacity_by_node.get(wanted, 0.0) > 0.0 else \
                self.node_at(site, wanted)
            if node is None:
                continue
            y = site.yield_by_node.get(node, 0.0) or planning_yield
            w = order * weight / (per_wafer * y)
            wafers += w
            if node != book_at:
                site.note_wanted(book_at, node, w)
            contract = w * contract_share
            site.request(node, self, tier, contract, w - contract)
        return wafers

    def receive_wafers(
        self, site, node: str, wafers: float, yield_: float, price_usd: float
    ) -> None:
        self.wafers_granted += wafers
        self.accel_granted += wafers * (self.gross_dies * yield_ / self.dies_per_accelerator)

    def close_wafer_month(self) -> None:
        """Wafers granted enter the pipeline; the HBM the finishing chips need is asked on contract
        from every memory maker in proportion to its output (cleared by the model)."""
        self.fill_ratio = (
            self.wafers_granted / self.wafers_ordered if self.wafers_ordered > 0 else 1.0
        )
        finishing = self.pipeline[0] + self.waiting_hbm
        self.pipeline.append(self.accel_granted)  # maxlen: the oldest month leaves the line
        self._finishing = finishing
        self.hbm_need = finishing * self.stacks

    def sell(self, end_demand: float, price_usd: float) -> None:
        """Finish what memory allows, then sell to end users and the player pro-rata
        (B1: no HBM, no chip)."""
        finishing, equipped = self._finishing, self.hbm_received / self.stacks
        # min() spelled out: the market's hottest lines run every month for every chipmaker
        finished = finishing if finishing < equipped else equipped
        self.waiting_hbm = finishing - finished
        inventory = self.inventory + finished
        backlog, player_order = self.backlog, self.player_order
        wanted = end_demand + backlog + player_order
        sold = inventory if inventory < wanted else wanted
        self.inventory = inventory - sold
        self.sold = sold
        self.revenue_busd_month = sold * price_usd / 1e9
        if player_order > 0.0:  # the player's merchant order shares the month pro rata
            to_player = sold * player_order / wanted
            if to_player > 0:
                self.model.firm.receive_accelerators(self, to_player, price_usd)
            still_ordered = player_order - to_player
            self.player_order = still_ordered if still_ordered > 0.0 else 0.0
            sold_to_end = sold - to_player
        else:  # most months: no order from the player
            to_player = 0.0
            self.player_order = 0.0
            sold_to_end = sold
        self.sold_to_player = to_player
        unmet_end = (end_demand + backlog) - sold_to_end
        self.backlog = (unmet_end if unmet_end > 0.0 else 0.0) * self.backlog_patience

    def view(self) -> ChipmakerView:
        return ChipmakerView(
            key=self.key, name=self.name, country=self.country, demand_share=self.demand_share,
            node=self.node, expected_demand=self.expected, inventory=self.inventory,
            backlog=self.backlog, wafers_ordered=self.wafers_ordered, fill_ratio=self.fill_ratio,
            waiting_for_hbm=self.waiting_hbm, player_order=self.player_order,
            revenue_busd_month=self.revenue_busd_month,
        )
