"""The lithography vendor (the one EUV maker) and the four other tool vendors.

Rules: H4 (EUV output grows slowly; each generation costs more), B8 (every sale is checked against
export rules), B6 (a fab needs tools from all five vendors), H6 (tool orders swing with wafer
orders).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from game.agents.base import AgentView, WorldAgent, labelled
from game.i18n import msg
from game.mechanics.toolqueue import Ticket, ToolQueue

FORECAST_MONTHS = 360  # a delivery forecast looks this far ahead at most


def forecast_last_month(queue: ToolQueue, country: str, units: float, month: int,
                        held: str | None, grown: Callable[[ToolQueue], float]) -> int | None:
    """The month an order of `units` placed now would finish shipping: a copy of the vendor's
    queue runs its own FIFO shipping month by month, its output growing by the vendor's rule
    `grown` (the queue -> next month's units a month); None if held or not within
    FORECAST_MONTHS. The real queue is untouched."""
    if held == country:
        return None
    queue = copy.deepcopy(queue)
    ticket = queue.order("forecast", country, units, month)
    for m in range(month, month + FORECAST_MONTHS):
        queue.ship(m, held)
        if ticket.done:
            return m
        queue.units_per_month = grown(queue)
    return None


@dataclass(frozen=True, slots=True)
class LithoView(AgentView):
    """The EUV maker now: output, orders waiting, lead time and price."""

    country: str = labelled("Country")
    euv_per_year: float = labelled("EUV output", "systems/year")
    euv_backlog: float = labelled("EUV orders waiting", "systems")
    euv_lead_months: float = labelled("EUV lead time", "months")
    euv_price_musd: float = labelled("EUV price", "USD M/system")
    euv_shipped_total: float = labelled("EUV shipped since the start", "systems")
    duv_backlog: float = labelled("DUV orders waiting", "systems")


@dataclass(frozen=True, slots=True)
class ToolVendorView(AgentView):
    """A tool vendor now: output, orders waiting and lead time, in sets per 10k wafers a month."""

    country: str = labelled("Country")
    tool_kind: str = labelled("Tools")
    sets_per_month: float = labelled("Output", "sets/month")
    backlog_sets: float = labelled("Orders waiting", "sets")
    lead_months: float = labelled("Lead time", "months")


class LithoVendor(WorldAgent):
    kind = "litho"
    __slots__ = (  # its state: see game/agents/base.py
        "country", "euv_per_year", "growth_max", "_growth_month", "ceiling",
        "expand_at_backlog_years", "euv", "duv", "price_musd", "next_gen_month",
        "next_gen_price_musd", "refused", "other_orders_per_month", "other_growth", "_other_credit",
        "_announced_capacity", "_news_step",
    )

    def __init__(self, model, spec) -> None:
        super().__init__(model, spec.id, spec.name)
        self.country = spec.country
        self.euv_per_year = float(spec.euv_per_year)
        self.growth_max = spec.euv_growth_per_year_max
        self._growth_month = (1.0 + self.growth_max) ** (1.0 / 12.0)  # at most that a year
        self.ceiling = spec.euv_capacity_ceiling_per_year
        if not self.model.rule_on("H4"):  # H4 off: output jumps to the ceiling when orders wait
            self._growth_month = self.ceiling / max(self.euv_per_year, 1e-9)
        self.expand_at_backlog_years = spec.expand_at_backlog_years
        self.euv = ToolQueue(self.euv_per_year / 12.0, spec.euv_min_lead_months, whole_units=True)
        self._seed_backlog(spec.euv_backlog_start, spec.euv_min_lead_months)
        rules = model.world.agent_rules.tool_vendors
        self.duv = ToolQueue(spec.duv_per_year / 12.0, rules.duv_min_lead_months,
                             whole_units=False)
        self.price_musd = spec.euv_price_musd
        self.next_gen_month = model.month_of(spec.next_gen_date)
        self.next_gen_price_musd = spec.next_gen_price_musd
        self.refused: set[str] = set()
        self.other_orders_per_month = spec.other_orders_per_year / 12.0
        self.other_growth = (1.0 + spec.other_orders_growth_per_year) ** (1.0 / 12.0)
        self._other_credit = 0.0
        self._announced_capacity = int(self.euv_per_year)
        self._news_step = rules.euv_news_step_per_year

    def _seed_backlog(self, systems: float, lead_months: int) -> None:
        """Orders placed before the campaign, spread over the lead time they still have to run:
        they ship from the first month on, as the machines ordered in the last years did."""
        lead = max(1, lead_months)
        for k in range(lead):
            units = int((k + 1) * systems / lead) - int(k * systems / lead)
            if units > 0:
                self.euv.order("other-fabs", "XX", float(units), self.model.month - lead + k)

    def order_euv(self, buyer: WorldAgent, units: float) -> Ticket:
        """Queue EUV systems; an order from a controlled destination is refused and logged (B8)."""
        ticket = self.euv.order(buyer.key, buyer.country, units, self.model.month)
        if not self.model.trade.euv_allowed(buyer.country) and buyer.key not in self.refused:
            self.refused.add(buyer.key)
            self.log(
                "B8",
                msg("event.toolmakers.cannot_ship_euv", name=self.name, buyer=buyer.name),
                "export",
            )
        return ticket

    def order_duv(self, buyer: WorldAgent, units: float) -> Ticket:
        return self.duv.order(buyer.key, buyer.country, units, self.model.month)

    def euv_price_musd(self) -> float:
        """USD M a system now: this generation's price, or the next one's once it has come."""
        return (
            self.next_gen_price_musd if self.model.month >= self.next_gen_month else self.price_musd
        )

    def euv_price_busd(self) -> float:
        return self.euv_price_musd() / 1000.0

    def step_month(self) -> None:
        """Ship against the queue (export-checked),
        and expand output slowly when backlog is long."""
        model = self.model
        month = model.month
        if month == self.next_gen_month:
            self.log("H4", msg("event.toolmakers.moved_next_euv",
                               name=self.name, next_gen_price_musd=self.next_gen_price_musd,
                               price_musd=self.price_musd), "tools")
        # memory makers' and logic upgrades' steady EUV orders (not modelled fab by fab)
        euv = self.euv
        credit = self._other_credit + self.other_orders_per_month
        self.other_orders_per_month *= self.other_growth
        if credit >= 1.0:
            units = float(int(credit))
            credit -= units
            euv.order("other-fabs", "XX", units, month)
            model.orders_euv_month += units
        self._other_credit = credit
        trade = model.trade
        target = trade.target
        euv.ship(month, None if trade.euv_allowed(target) else target)
        self.duv.ship(month, None if trade.duv_to_target_this_month(month) else target)
        per_year = self.euv_per_year
        grown = self._grown_per_year(euv.backlog, per_year)
        if grown != per_year:
            self.euv_per_year = grown
            euv.units_per_month = grown / 12.0
            # H4: growth of tool_vendors.euv_news_step_per_year makes news
            if int(grown) >= self._announced_capacity + self._news_step:
                self._announced_capacity = int(grown)
                self.log("H4", msg("event.toolmakers.raised_euv_output",
                                   name=self.name, euv_per_year=grown,
                                   backlog_years=euv.backlog / max(per_year, 1e-9)), "tools")

    def _grown_per_year(self, backlog: float, per_year: float) -> float:
        """H4: next month's EUV output a year: it grows slowly while more than
        expand_at_backlog_years of orders wait, up to the ceiling. Asked every month: min() and
        max() spelled out."""
        ceiling = self.ceiling
        if per_year < ceiling and \
                backlog / (1e-9 if 1e-9 > per_year else per_year) > self.expand_at_backlog_years:
            grown = per_year * self._growth_month
            return grown if grown < ceiling else ceiling
        return per_year

    def last_arrival_month(self, buyer_country: str, units: float) -> int | None:
        """The month the last of `units` EUV systems ordered now would ship, behind the orders
        waiting, at the output H4 lets grow and today's export rules (orders others place later
        queue behind); None if not within forecast_months."""
        trade = self.model.trade
        held = None if trade.euv_allowed(trade.target) else trade.target
        return forecast_last_month(
            self.euv, buyer_country, units, self.model.month, held,
            lambda q: self._grown_per_year(q.backlog, q.units_per_month * 12.0) / 12.0)

    def view(self) -> LithoView:
        return LithoView(
            key=self.key, name=self.name, country=self.country, euv_per_year=self.euv_per_year,
            euv_backlog=self.euv.backlog,
            euv_lead_months=self.euv.lead_time_months(self.model.month),
            euv_price_musd=self.euv_price_musd(), euv_shipped_total=self.euv.shipped_total,
            duv_backlog=self.duv.backlog,
        )


class ToolVendor(WorldAgent):
    """Deposition, etch, coat/develop or process control: 'sets' of tools per 10k wafers a month."""

    kind = "tool_vendor"
    __slots__ = (  # its state: see game/agents/base.py
        "country", "tool_kind", "queue", "price_busd_per_set", "growth", "_expand_at_backlog",
        "_growth_month",
    )

    def __init__(self, model, spec) -> None:
        super().__init__(model, spec.id, spec.name)
        self.country = spec.country
        self.tool_kind = spec.kind
        self.queue = ToolQueue(spec.sets_per_month, spec.min_lead_months, whole_units=False)
        self.price_busd_per_set = spec.price_busd_per_set
        self.growth = spec.growth_per_year
        self._growth_month = 1.0 + self.growth / 12.0  # H6: output a month grows by this factor
        # months of output waiting that make a vendor grow (read once)
        self._expand_at_backlog = model.world.agent_rules.tool_vendors.expand_at_backlog_months

    def order_sets(self, buyer: WorldAgent, sets: float) -> Ticket:
        ticket = self.queue.order(buyer.key, buyer.country, sets, self.model.month)
        if not self.model.trade.tools_allowed(self, buyer.country):
            self.log("B8", msg("event.toolmakers.cannot_ship_us",
                               name=self.name, buyer=buyer.name), "export")
        return ticket

    def step_month(self) -> None:
        """Ship in order; grow output slowly while more than
        tool_vendors.expand_at_backlog_months of orders wait (H6)."""
        queue = self.queue
        model = self.model
        # the export check matters only when orders wait
        if queue.tickets:
            trade = model.trade
            held = None if trade.tools_allowed(self, trade.target) else trade.target
        else:
            held = None
        queue.ship(model.month, held)
        queue.units_per_month = self._grown_per_month(queue)

    def _grown_per_month(self, queue: ToolQueue) -> float:
        """H6: next month's output, sets a month: it grows while more than
        tool_vendors.expand_at_backlog_months of output wait."""
        per_month = queue.units_per_month
        if queue.backlog > self._expand_at_backlog * per_month:
            return per_month * self._growth_month
        return per_month

    def last_arrival_month(self, buyer_country: str, sets: float) -> int | None:
        """The month the last of `sets` ordered now would ship, behind the orders waiting, at
        the output H6 lets grow and today's export rules; None if not within forecast_months."""
        trade = self.model.trade
        held = None if trade.tools_allowed(self, trade.target) else trade.target
        return forecast_last_month(self.queue, buyer_country, sets, self.model.month, held,
                                   self._grown_per_month)

    def view(self) -> ToolVendorView:
        queue = self.queue
        return ToolVendorView(
            key=self.key, name=self.name, country=self.country, tool_kind=self.tool_kind,
            sets_per_month=queue.units_per_month, backlog_sets=queue.backlog,
            lead_months=queue.lead_time_months(self.model.month),
        )
