"""Gas turbines as their blade and vane casters (B10, H8): three suppliers, each with its own
output and order book, booked years ahead; each adds casting lines when its wait grows, and the
lines take years to come. The wait for a turbine is the shortest casting queue.

Everyone else's orders (utilities, other data centres) are spread over the suppliers by output;
a buyer's order goes to the supplier that delivers first.
"""

from __future__ import annotations

from collections.abc import Callable

from game.i18n import msg

News = Callable[[str, str, str], None]  # (who, rule id, reason): how it reports a decision


class CastingSupplier:
    """One caster: `gw_per_month` of turbines' blade sets, `backlog_gw` booked ahead, and the
    casting lines it is adding (GW a month, and the month they start pouring)."""

    __slots__ = ("key", "name", "gw_per_month", "backlog_gw", "lines_due", "last_expansion")

    def __init__(self, key: str, name: str, gw_per_year: float, booked_months: float) -> None:
        self.key = key
        self.name = name
        self.gw_per_month = gw_per_year / 12.0
        self.backlog_gw = self.gw_per_month * booked_months
        self.lines_due: list[tuple[int, float]] = []  # (month online, GW a month added)
        self.last_expansion = -(1 << 30)


class TurbineCasting:
    """The three casters and the world's other turbine orders (`power.turbines` in the world)."""

    __slots__ = ("casting_binds", "suppliers", "others_gw_per_month", "_others_growth", "_min_lead",
                 "_expand_above", "_expansion_share", "_expansion_months", "_between")

    def __init__(self, config, booked_months: float, casting_binds: bool = True) -> None:
        """`casting_binds` False (B10 switched off): a turbine comes in its making time,
        whatever the casters have booked."""
        self.casting_binds = casting_binds
        self.suppliers = tuple(
            CastingSupplier(s.id, s.name, s.gw_per_year, booked_months)
            for s in config.casting_suppliers
        )
        self.others_gw_per_month = config.others_order_gw_per_month
        self._others_growth = (1.0 + config.others_growth_per_year) ** (1.0 / 12.0)
        self._min_lead = float(config.min_lead_months)
        self._expand_above = config.expand_above_lead_months
        self._expansion_share = config.expansion_share
        self._expansion_months = config.expansion_months
        self._between = config.months_between_expansions

    @property
    def gw_per_month(self) -> float:
        total = 0.0
        for s in self.suppliers:
            total += s.gw_per_month
        return total

    @property
    def backlog_gw(self) -> float:
        total = 0.0
        for s in self.suppliers:
            total += s.backlog_gw
        return total

    def _soonest(self, gw: float) -> tuple[CastingSupplier, float]:
        """The supplier that would cast an order of `gw` soonest (the first of equals) and its
        wait, the months until its queue and the order are cast: one pass, as the policies and
        the series ask several times a month."""
        suppliers = self.suppliers
        best = suppliers[0]
        best_lead = (best.backlog_gw + gw) / best.gw_per_month
        for s in suppliers:
            lead = (s.backlog_gw + gw) / s.gw_per_month
            if lead < best_lead:
                best, best_lead = s, lead
        return best, best_lead

    def first_free(self, gw: float = 0.0) -> CastingSupplier:
        """The supplier that would deliver an order of `gw` soonest."""
        return self._soonest(gw)[0]

    def lead_months(self, gw: float = 0.0) -> float:
        """The wait for an order of `gw` placed now: the shortest queue, never under the minimum
        (`min_lead_months`: making and installing a turbine once its blades are cast)."""
        if not self.casting_binds:
            return self._min_lead
        lead = self._soonest(gw)[1]
        return lead if lead > self._min_lead else self._min_lead

    def book(self, gw: float) -> CastingSupplier:
        """A buyer's order of `gw` joins the queue of the supplier that delivers first."""
        supplier = self.first_free(gw)
        supplier.backlog_gw += gw
        return supplier

    def step_month(self, month: int, news: News) -> None:
        """Others order, every caster pours a month of blades (with the lines that came on), and
        casters whose wait passed `expand_above_lead_months` add lines (ready
        `expansion_months` later: one piece of news, at the decision)."""
        others = self.others_gw_per_month = self.others_gw_per_month * self._others_growth
        suppliers = self.suppliers
        total = 0.0  # the world's casting output this month (as the `gw_per_month` property)
        for s in suppliers:
            due = s.lines_due
            if due and due[0][0] <= month:
                s.gw_per_month += due.pop(0)[1]
            total += s.gw_per_month
        expand_above = self._expand_above
        for s in suppliers:
            per_month = s.gw_per_month
            backlog = s.backlog_gw + others * per_month / total - per_month
            backlog = s.backlog_gw = backlog if backlog > 0.0 else 0.0
            lead = backlog / per_month
            if lead > expand_above and month - s.last_expansion >= self._between:
                added = per_month * self._expansion_share
                wave = not s.lines_due  # news once a wave: more lines while these come are its part
                s.lines_due.append((month + self._expansion_months, added))
                s.last_expansion = month
                if wave:
                    news(s.name, "B10", msg("event.turbines.casting_lines", name=s.name,
                                            gw=added * 12, months=self._expansion_months,
                                            lead=lead))
