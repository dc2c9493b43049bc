"""Trade rules: who may sell what to whom, at what tariff, with what subsidy (B8, A8, H5, H10).

Agents ask this one object, never the regulators or the model. The regulators set its levers
(export-control level, sanctions, tariffs, subsidies); which regulator controls exports, and
against which country, comes from the world config (`roles`, `controls_target`), not from code.
"""

from __future__ import annotations


class TradeRules:
    """Export controls, tariffs and subsidies as the agents see them this month."""

    __slots__ = ("controller", "target", "developer", "_by_country", "euv_barred_from_level",
                 "duv_thinned_at_level", "tools_barred_at_level", "lost_sales_per_tariff",
                 "lost_sales_max")

    def __init__(self, regulators, rules) -> None:
        self.euv_barred_from_level = rules.euv_barred_from_level
        self.duv_thinned_at_level = rules.duv_thinned_at_level
        self.tools_barred_at_level = rules.tools_barred_at_level
        self.lost_sales_per_tariff = rules.sanction_lost_sales_per_tariff
        self.lost_sales_max = rules.sanction_lost_sales_max
        self._by_country = {r.country: r for r in regulators}
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
        return controller.sanctions.get(country, 0.0) if controller is not None else 0.0

    def share_sold_abroad(self, country: str) -> float:
        """A sanctioned country's makers sell less abroad (A8)."""
        lost = self.lost_sales_per_tariff * self.sanction_on(country)
        return 1.0 - min(lost, self.lost_sales_max)

    def import_tariff(self, vendor_country: str) -> float:
        """The controlling country's tariff on imported chips and wafers (H10, tariff_sec232)."""
        controller = self.controller
        if controller is None or vendor_country == controller.country:
            return 0.0
        return controller.tariff_on_imports

    def subsidy_share(self, region: str) -> float:
        """The share of fab capex a region's government pays (chips_act, Big Fund)."""
        regulator = self._by_country.get(region)
        return regulator.subsidy_share if regulator is not None else 0.0

    def permitting_agent_name(self, region: str) -> str:
        regulator = self._by_country.get(region)
        return regulator.name if regulator is not None else f"{region} permitting"
