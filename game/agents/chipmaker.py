"""Chipmakers (GPU designers and in-house chip teams): forecast, order wafers, buy HBM, sell.

Rules: H6 (anchoring-and-adjustment ordering that under-weights the supply line, and over-ordering
when rationed: the bullwhip), B3 (contracts and prepayment buy priority), H9 (scarcity pricing),
A6 (leading-edge capacity is locked years ahead).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.agents.base import SHARE, AgentView, WorldAgent, labelled
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
        "_rationing_over_above", "_planning_yield",
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
        acc = model.world.accelerators
        self.dies_per_accelerator = acc.dies_per_accelerator
        self.gross_dies = acc.gross_dies_per_wafer
        self.stacks = acc.hbm_stacks_per_accelerator
        self.backlog_patience = model.world.demand.backlog_patience
        cycle = acc.wafer_cycle_months
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

    def node_at(self, site) -> str | None:
        """The chipmaker's own node where the site runs it, else the best node the site has."""
        running = site.capacity_by_node
        if running.get(self.node, 0.0) > 0.0:
            return self.node
        for node in ("N2", "N3", "N7"):
            if running.get(node, 0.0) > 0.0:
                return node
        return None

    def order_wafers(self, demand: float) -> None:
        """Sterman's rule:
        expected demand plus a share of the stock gap and of the supply-line gap."""
        self.expected += self.theta * (demand - self.expected)
        cycle = len(self.pipeline)
        desired_stock = self.expected * self.target_inventory_months
        desired_line = self.expected * cycle
        stock = self.inventory - self.backlog
        supply_line = sum(self.pipeline) + self.waiting_hbm  # in the fab, or finished but no HBM
        order = self.expected + self.alpha * (desired_stock - stock) + \
            self.alpha * self.beta * (desired_line - supply_line)
        # H6: rationed below chipmaker.rationed_below_fill: ask for more than is needed
        # (phantom orders); over once above chipmaker.rationing_over_above_fill
        if self.fill_ratio < self._rationed_below:
            order *= 1.0 + self.overorder * (1.0 - self.fill_ratio)
            if not self._rationed_logged:
                self._rationed_logged = True
                self.log("H6", f"{self.name} was rationed ({self.fill_ratio:.0%} of its wafers) "
                         "and padded its orders", "orders")
        elif self.fill_ratio > self._rationing_over_above:
            self._rationed_logged = False
        order = max(0.0, order)
        self.wafers_granted = 0.0
        self.accel_granted = 0.0
        wafers = 0.0
        tier, contract_share = self.contract_tier, self.contract_share
        planning_yield = self._planning_yield  # chipmaker.planning_yield_when_unknown
        for site, weight in self.sites:
            node = self.node_at(site)
            if node is None:
                continue
            y = site.yield_by_node.get(node, 0.0) or planning_yield
            w = order * weight / (self.gross_dies * y / self.dies_per_accelerator)
            wafers += w
            contract = w * contract_share
            site.request(node, self, tier, contract, w - contract)
        self.wafers_ordered = wafers

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
        finished = min(equipped, finishing)
        self.waiting_hbm = finishing - finished
        inventory = self.inventory + finished
        wanted = end_demand + self.backlog + self.player_order
        sold = min(wanted, inventory)
        self.inventory = inventory - sold
        to_player = sold * self.player_order / wanted if wanted > 0 else 0.0
        self.sold = sold
        self.sold_to_player = to_player
        unmet_end = (end_demand + self.backlog) - (sold - to_player)
        self.backlog = (unmet_end if unmet_end > 0.0 else 0.0) * self.backlog_patience
        self.revenue_busd_month = sold * price_usd / 1e9
        if to_player > 0:
            self.model.firm.receive_accelerators(self, to_player, price_usd)
        still_ordered = self.player_order - to_player
        self.player_order = still_ordered if still_ordered > 0.0 else 0.0

    def view(self) -> ChipmakerView:
        return ChipmakerView(
            key=self.key, name=self.name, country=self.country, demand_share=self.demand_share,
            node=self.node, expected_demand=self.expected, inventory=self.inventory,
            backlog=self.backlog, wafers_ordered=self.wafers_ordered, fill_ratio=self.fill_ratio,
            waiting_for_hbm=self.waiting_hbm, player_order=self.player_order,
            revenue_busd_month=self.revenue_busd_month,
        )
