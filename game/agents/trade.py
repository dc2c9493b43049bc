"""Trade rules: who may sell what to whom, at what tariff, with what subsidy, and which permits a
project needs (B8, A8, A5, H5, H10).

Agents and commands ask this one object, never the regulators or the model. The regulators set its
levers (export-control level, sanctions, tariffs, subsidies, antitrust caps on the player); which
regulator controls exports, against which country, and which one grants permits comes from the
world config (`roles`, `controls_target`), not from code.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class PowerReview(NamedTuple):
    """A5: what the permitting regulator asks of a power order: months more and a cost share."""

    months: int
    cost_share: float
    agent: str


class TradeRules:
    """Export controls, tariffs and subsidies as the agents see them this month."""

    __slots__ = ("controller", "target", "developer", "_by_country", "euv_barred_from_level",
                 "duv_thinned_at_level", "tools_barred_at_level", "lost_sales_per_tariff",
                 "lost_sales_max", "_subsidisers", "_permitters", "player_caps")

    def __init__(self, regulators, rules) -> None:
        self.euv_barred_from_level = rules.euv_barred_from_level
        self.duv_thinned_at_level = rules.duv_thinned_at_level
        self.tools_barred_at_level = rules.tools_barred_at_level
        self.lost_sales_per_tariff = rules.sanction_lost_sales_per_tariff
        self.lost_sales_max = rules.sanction_lost_sales_max
        # a country's first regulator speaks for it (tariffs, sanctions); every one of them may
        # pay fab grants; the one with the `permits` role grants permits
        self._by_country: dict[str, object] = {}
        self._subsidisers: dict[str, list] = {}
        self._permitters: dict[str, Any] = {}  # the Regulator with the permits role
        for r in regulators:
            self._by_country.setdefault(r.country, r)
            self._subsidisers.setdefault(r.country, []).append(r)
            if "permits" in r.roles:
                self._permitters.setdefault(r.country, r)
        self.player_caps: dict[str, float] = {}  # A8: market -> the player's share cap
        self.controller = next((r for r in regulators if "export_controls" in r.roles), None)
        self.target = self.controller.controls_target if self.controller is not None else None
        self.developer = next((r for r in regulators if "domestic_tools" in r.roles), None)

    # ------------------------------------------------------------------ export controls (B8)
    @property
    def export_control_level(self) -> int:
        controller = self.controller
        return controller.export_control_level if controller is not None else 0

    def euv_allowed(self, country: str) -> bool:
        """EUV to the controlled country needs a Dutch licence, refused while controls stand."""
        return country != self.target or self.export_control_level < self.euv_barred_from_level

    def tools_allowed(self, vendor, country: str) -> bool:
        """At the top level, the controlling country's tool vendors may not ship to the target."""
        controller = self.controller
        return (controller is None or country != self.target
                or vendor.country != controller.country
                or controller.export_control_level < self.tools_barred_at_level)

    def duv_to_target_this_month(self, month: int) -> bool:
        """DUV to the target is thinned at level 3 (every other month) and barred at level 4."""
        level, thinned = self.export_control_level, self.duv_thinned_at_level
        return level < thinned or (level == thinned and month % 2 == 0)

    def domestic_tools(self, site) -> bool:
        """True when a site in the target country builds with domestic tools instead of imports."""
        developer = self.developer
        return (site.country == self.target and developer is not None
                and developer.country == site.country and developer.domestic_tools_ready
                and not self.euv_allowed(site.country))

    def buildable_node(self, site) -> str | None:
        """The node a site can build now. A follower (`node_follows_trade`) reaches the leading
        edge with EUV, or N3 with domestic tools; else it builds its configured node (B8)."""
        if not site.node_follows_trade:
            return site.build_node
        if self.euv_allowed(site.country):
            return "N2" if "N2" in site.base_wpm else site.build_node
        if self.domestic_tools(site) and "N3" in site.base_wpm:
            return "N3"
        return site.build_node

    # ------------------------------------------------------------------ tariffs and subsidies
    def sanction_on(self, country: str) -> float:
        """The sanction tariff (A8) on a country's memory and chips, 0 when none."""
        controller = self.controller
        if controller is None:
            return 0.0
        sanctions = controller.sanctions  # `in` and [] cost less than .get(): asked every month
        return sanctions[country] if country in sanctions else 0.0

    def share_sold_abroad(self, country: str) -> float:
        """A sanctioned country's makers sell less abroad (A8)."""
        lost = self.lost_sales_per_tariff * self.sanction_on(country)
        most = self.lost_sales_max  # min() spelled out: every memory maker, every month
        return 1.0 - (most if most < lost else lost)

    def import_tariff(self, vendor_country: str) -> float:
        """The controlling country's tariff on imported chips and wafers (H10, tariff_sec232)."""
        controller = self.controller
        if controller is None or vendor_country == controller.country:
            return 0.0
        return controller.tariff_on_imports

    def subsidy_share(self, region: str) -> float:
        """The share of fab capex a region's government pays (chips_act, Big Fund; A8 grants):
        the largest any of its regulators offers."""
        share = 0.0
        for regulator in self._subsidisers.get(region, ()):
            share = max(share, regulator.subsidy_share)
        return share

    # ------------------------------------------------------------------ permits (A5)
    def permitting_agent_name(self, region: str) -> str:
        """Who grants a project's permits in `region`: its regulator with the `permits` role."""
        regulator = self._permitters.get(region)
        return regulator.name if regulator is not None else f"{region} permitting"

    def power_review(self, region: str, firm_gw_after: float, order_gw: float) -> PowerReview:
        """A5: an order that takes a buyer's power draw past the permitting regulator's
        `power_review.above_gw` meets opposition: months more (more the further past it) and a
        share of the order's cost for the conditions attached; nothing below it."""
        regulator = self._permitters.get(region)
        review = regulator.power_review if regulator is not None else None
        if (regulator is None or review is None or regulator.mode == "history" or order_gw <= 0.0
                or firm_gw_after <= review.above_gw):  # history mode: no review by rule
            return PowerReview(0, 0.0, "")
        over = firm_gw_after - review.above_gw
        months = min(review.max_months, review.months + round(review.months_per_10gw_over
                                                              * over / 10.0))
        return PowerReview(months, review.conditions_cost_share, regulator.name)

    # ------------------------------------------------------------------ antitrust (A8)
    def cap_player(self, market: str, share: float) -> None:
        """A8: from now on the player may hold at most `share` of each supplier's `market`."""
        self.player_caps[market] = min(share, self.player_caps.get(market, 1.0))

    def player_cap(self, market: str) -> float:
        """The player's antitrust cap on `market` ("HBM", "leading-edge wafers"), 1 when none."""
        return self.player_caps.get(market, 1.0)
