"""The rival buyer: a hyperscaler or rival lab building its own compute (R1-R4).

It books wafers at the same foundries and HBM from the same makers as the player (R1), and each
review it reads both markets: when the player holds a large share of the leading edge's AI wafers
or of the HBM made (it corners that market), the rival bids more in it (R2: more wafers, or HBM
stocked ahead of its chips), so the shortage and the prices rise for everyone. Its chips need
power: it books turbines at the same casters (R3); and the fabs its partners build for it take
EUV slots in the same queue (R4).

It buys through the world's own markets (a customer in each foundry's book, a line in the HBM
clearing, an order at the casters and the litho vendor); it does not sell, so it shows in prices,
queues and lead times, not in end demand.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.agents.base import SHARE, AgentView, WorldAgent, labelled
from game.agents.foundry import LEADING
from game.agents.player_shares import player_hbm_share, player_wafer_share
from game.mechanics.markets import TIER_CONTRACT, TIER_PREPAID


@dataclass(frozen=True, slots=True)
class RivalView(AgentView):
    """The rival now: its plan, its answer to the player, and what it has built."""

    wafers_per_month: float = labelled("Wafers booked", "wafers/month")
    wafer_answer: float = labelled("Wafers bid against you", "x its plan")
    hbm_answer: float = labelled("HBM bid against you", "x its need")
    player_wafer_share: float = labelled("Your share of leading-edge wafers", SHARE)
    player_hbm_share: float = labelled("Your share of HBM made", SHARE)
    accelerators: float = labelled("Accelerators built", "accelerators")
    turbines_gw: float = labelled("Turbines booked", "GW")
    euv_systems: float = labelled("EUV systems ordered", "systems")


class RivalLab(WorldAgent):
    kind = "rival"
    __slots__ = (
        "country", "sites", "node", "plan_wpm", "wafer_answer", "hbm_answer",
        "player_wafer_share", "player_hbm_share", "accelerators",
        "accel_granted", "hbm_need", "turbines_gw", "euv_systems", "_growth", "_tier",
        "_per_wafer", "_stacks", "_spec", "_next_review", "_answers", "_books_power",
        "_books_euv", "_booked_wpm", "_euv_owed", "_units_at_review", "_news_month",
        "_year_gw", "_year_euv", "_answering",
    )

    def __init__(self, model, spec) -> None:
        super().__init__(model, spec.id, spec.name)
        self._spec = spec
        self.country = spec.country
        self.node = spec.node
        weights = [(model.foundry_by_key[k], w) for k, w in spec.foundry_weights.items()]
        total = sum(w for _, w in weights)
        self.sites = tuple((s, w / total) for s, w in weights)
        self.plan_wpm = spec.wafers_per_month_start
        self._growth = (1.0 + spec.growth_per_year) ** (1.0 / 12.0)
        self._tier = TIER_PREPAID if spec.prepays else TIER_CONTRACT
        acc = model.world.accelerators
        self._per_wafer = acc.gross_dies_per_wafer / acc.dies_per_accelerator
        self._stacks = acc.hbm_stacks_per_accelerator
        self.wafer_answer = 1.0    # R2: its wafer bids as a multiple of its plan
        self.hbm_answer = 1.0      # R2: its HBM bids as a multiple of its chips' need
        self.player_wafer_share = 0.0  # R2: the player's share of leading-edge AI wafers
        self.player_hbm_share = 0.0    # R2: ... and of the HBM made
        self.accelerators = 0.0    # built: chips that got their memory
        self.accel_granted = 0.0   # this month's good dies, in accelerators
        self.hbm_need = 0.0        # stacks this month's chips ask for (cleared with the market's)
        self.turbines_gw = 0.0
        self.euv_systems = 0.0
        self._answers = model.rule_on("R2")
        self._books_power = model.rule_on("R3")
        self._books_euv = model.rule_on("R4")
        self._next_review = 0
        self._booked_wpm = self.plan_wpm  # the wafers its partners' fabs were sized for (R4)
        self._euv_owed = 0.0
        self._units_at_review = 0.0
        self._news_month = 0
        self._year_gw = 0.0
        self._year_euv = 0.0
        self._answering = {"leading-edge wafers": False, "HBM": False}

    # ------------------------------------------------------------------ the month
    def order_wafers(self) -> None:
        """R1: its plan, times its answer to the player (R2), asked at each site on contract."""
        month = self.model.month
        if month >= self._next_review:
            self._review(month)
        self.plan_wpm *= self._growth
        wafers = self.plan_wpm * self.wafer_answer
        self.accel_granted = 0.0
        tier, node = self._tier, self.node
        for site, weight in self.sites:
            at = node if site.capacity_by_node.get(node, 0.0) > 0.0 else _best_node(site)
            if at is not None:
                site.request(at, self, tier, wafers * weight)

    def receive_wafers(self, site, node: str, wafers: float, yield_: float,
                       price_usd: float) -> None:
        self.accel_granted += wafers * self._per_wafer * yield_
        self.hbm_need = self.accel_granted * self._stacks * self.hbm_answer

    def take_hbm(self, share: float) -> None:
        """The HBM market filled `share` of its ask: the chips it covers are built (what it bid
        above its chips' need is stock it holds against the player, R2)."""
        built = self.hbm_need * share / self._stacks
        self.accelerators += built if built < self.accel_granted else self.accel_granted
        self.hbm_need = 0.0

    # ------------------------------------------------------------------ its review
    def _review(self, month: int) -> None:
        spec = self._spec
        self._next_review = month + spec.review_every_months
        if self._answers:
            self._answer_player(spec)
        built = self.accelerators - self._units_at_review
        self._units_at_review = self.accelerators
        if self._books_power and built > 0.0:  # R3: turbines for the chips built since
            gw = built * spec.kw_per_accelerator / 1e6 * spec.turbine_share_of_power
            self.model.turbines.book(gw)
            self.turbines_gw += gw
            self._year_gw += gw
        wanted = self.plan_wpm * self.wafer_answer
        if self._books_euv and wanted > self._booked_wpm:  # R4: EUV for the wafers it added
            self._euv_owed += (wanted - self._booked_wpm) / 1e4 * spec.euv_per_10k_wpm_added
            self._booked_wpm = wanted
            systems = float(int(self._euv_owed))
            if systems >= 1.0:
                self._euv_owed -= systems
                self.model.litho.order_euv(self, systems)
                self.model.orders_euv_month += systems
                self.euv_systems += systems
                self._year_euv += systems
        if month - self._news_month >= 12:
            self._news_month = month
            self.log("R1", f"{self.name} books {self.plan_wpm * self.wafer_answer:,.0f} wafers "
                     f"a month for its own chips and has built {self.accelerators / 1e6:.1f} M "
                     "accelerators: its wafers and HBM come from your suppliers", "orders")
            if self._year_gw > 0.0:
                self.log("R3", f"{self.name} booked {self._year_gw:.1f} GW of turbines this "
                         f"year for its {self.accelerators / 1e6:.1f} M accelerators; the "
                         f"casters' wait is {self.model.turbine_lead_months():.0f} months",
                         "power")
            if self._year_euv > 0.0:
                self.log("R4", f"{self.name} ordered {self._year_euv:.0f} EUV systems this "
                         f"year for its partners' fabs", "orders")
            self._year_gw = self._year_euv = 0.0

    def _answer_player(self, spec) -> None:
        """R2: the player's share of the leading edge's good wafers and of the HBM made (as
        regulators read them for A8). Above a market's corner share the rival bids
        `answer_per_corner` more of its own need for each further corner share the player holds,
        up to `answer_max` times its need, moving `answer_adjust` of the way each review."""
        model = self.model
        self.player_wafer_share = player_wafer_share(model) or 0.0
        self.player_hbm_share = player_hbm_share(model) or 0.0
        self.wafer_answer = self._answer("leading-edge wafers", self.player_wafer_share,
                                         spec.corner_wafer_share, self.wafer_answer, spec)
        self.hbm_answer = self._answer("HBM", self.player_hbm_share, spec.corner_hbm_share,
                                       self.hbm_answer, spec)

    def _answer(self, market: str, share: float, corner: float, answer: float, spec) -> float:
        over = share / corner - 1.0
        target = 1.0 + spec.answer_per_corner * over if over > 0.0 else 1.0
        if target > spec.answer_max:
            target = spec.answer_max
        answer += spec.answer_adjust * (target - answer)
        answering = self._answering
        if over > 0.0 and not answering[market]:
            answering[market] = True
            self.log("R2", f"{self.name} answers you: you hold {share:.0%} of the {market} "
                     f"market, so it bids up to {target:.1f} times its own need for {market}",
                     "orders")
        elif over <= 0.0 and answering[market] and answer < 1.05:
            answering[market] = False
            self.log("R2", f"{self.name} stands down: you hold {share:.0%} of the {market} "
                     "market, and it bids its own need again", "orders")
        return answer

    def view(self) -> RivalView:
        return RivalView(
            key=self.key, name=self.name, wafers_per_month=self.plan_wpm * self.wafer_answer,
            wafer_answer=self.wafer_answer, hbm_answer=self.hbm_answer,
            player_wafer_share=self.player_wafer_share, player_hbm_share=self.player_hbm_share,
            accelerators=self.accelerators,
            turbines_gw=self.turbines_gw, euv_systems=self.euv_systems,
        )


def _best_node(site) -> str | None:
    """The newest leading node the site runs, if any."""
    cap = site.capacity_by_node
    for node in LEADING:
        if cap.get(node, 0.0) > 0.0:
            return node
    return None
