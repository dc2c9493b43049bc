"""Power commands: the grid (H8), gas turbines and solar (B10), space solar (B5), and the share of
own chips that goes to cars and robots instead (B11)."""

from __future__ import annotations

from dataclasses import dataclass

from game.agents.commands import limits
from game.agents.commands.core import EPS, Plan, need_cash, refuse
from game.agents.trade import PowerReview
from game.domain import commands as c


@dataclass(frozen=True, slots=True)
class GridRequest(Plan):
    gw: float
    queue_months: int  # the typical wait; the request's own luck is drawn when it is filed
    spread_months: int

    review: PowerReview  # A5: the permit review a very large draw meets

    def apply(self, model) -> None:
        draw = model.streams("player:grid").random()  # never drawn by a preview
        wait = self.queue_months + round((draw * 2 - 1) * self.spread_months)
        limits.log_power_review(model, self.review, f"A {self.gw:g} GW grid connection")
        model.firm.ledger.pay(self.cost_busd, "power_capex")
        model.firm.order_power(model.month + max(1, wait), self.gw, "grid", 0.0)


def plan_request_grid(model, cmd: c.RequestGrid) -> GridRequest:
    p = model.world.power
    if cmd.gw > p.grid_max_request_gw:
        raise refuse(f"The utility takes requests of at most {p.grid_max_request_gw:g} GW at a "
                     "time")
    if cmd.gw > limits.grid_room_gw(model) + EPS:
        raise refuse(f"You already have {limits.grid_pending_gw(model):g} GW in the "
                     f"interconnection queue; the utility studies at most "
                     f"{p.grid_max_pending_gw:g} GW for one customer at a time (H8)")
    firm_grid_gw = model.firm.power.grid_gw + limits.grid_pending_gw(model)
    headroom = model.grid_peak_headroom_gw - firm_grid_gw
    if cmd.gw > headroom + EPS:
        raise refuse(f"The grid can carry {max(0.0, headroom):.0f} GW more at its peak "
                     f"(capability less its reserve margin and peak load, less your "
                     f"{firm_grid_gw:.0f} GW): the peak, not the average, limits new "
                     "round-the-clock load (B11)")
    review = limits.power_review(model, cmd.gw)
    cost = cmd.gw * p.grid_capex_busd_per_gw * (1.0 + review.cost_share)
    need_cash(model, cost)
    # H8 off: the grid connects once the permits are through, with no queue
    queued = model.rule_on("H8")
    queue = (p.grid_queue_months if queued else 0) + review.months
    spread = p.grid_queue_spread_months if queued else 0
    return GridRequest(
        cost_busd=cost, lead_time_months=queue,
        effect=f"{cmd.gw:g} GW grid connection: the interconnection queue takes "
               f"about {queue} months (give or take {spread})"
               f"{limits.review_words(review)}",
        gw=cmd.gw, queue_months=queue, spread_months=spread,
        review=review)


@dataclass(frozen=True, slots=True)
class TurbineOrder(Plan):
    gw: float
    deposit_busd: float  # paid now
    due_on_arrival_busd: float
    arrival_month: int
    review: PowerReview

    def apply(self, model) -> None:
        limits.log_power_review(model, self.review, f"{self.gw:g} GW of gas turbines")
        model.turbines.book(self.gw)
        model.firm.ledger.pay(self.deposit_busd, "power_capex")
        model.firm.order_power(self.arrival_month, self.gw, "turbines", self.due_on_arrival_busd)


def plan_order_turbines(model, cmd: c.OrderTurbines) -> TurbineOrder:
    left = limits.turbines_left_this_year_gw(model)
    if cmd.gw > left + EPS:
        raise refuse(f"Turbine makers will sell you at most {max(0.0, left):.1f} GW more this "
                     "year: blade and vane casting is booked (B10)")
    review = limits.power_review(model, cmd.gw)
    cost = cmd.gw * model.world.power.turbines.capex_busd_per_gw * (1.0 + review.cost_share)
    deposit_share = model.world.rules.power.turbine_deposit_share
    deposit = cost * deposit_share
    need_cash(model, deposit)
    lead = model.turbine_lead_months(cmd.gw)
    caster = model.turbines.first_free(cmd.gw).name
    arrival = model.month + round(lead) + review.months
    return TurbineOrder(
        cost_busd=cost, lead_time_months=arrival - model.month,
        effect=f"{cmd.gw:g} GW of gas turbines: {caster}'s blade casting is booked, so about "
               f"{lead:.0f} months ({deposit_share:.0%} deposit now, the rest on delivery)"
               f"{limits.review_words(review)}",
        gw=cmd.gw, deposit_busd=deposit, due_on_arrival_busd=cost * (1.0 - deposit_share),
        arrival_month=arrival, review=review)


@dataclass(frozen=True, slots=True)
class SolarBuild(Plan):
    gw: float
    online_month: int
    review: PowerReview

    def apply(self, model) -> None:
        limits.log_power_review(model, self.review, f"{self.gw:g} GW of solar")
        model.firm.ledger.pay(self.cost_busd, "power_capex")
        model.firm.order_power(self.online_month, self.gw, "solar", 0.0)


def plan_build_solar(model, cmd: c.BuildSolar) -> SolarBuild:
    p = model.world.power
    tariff = model.trade.import_tariff("CN")
    left = limits.solar_left_this_year_gw(model)
    if cmd.gw > left + EPS:
        raise refuse(f"Land permits allow at most {max(0.0, left):.1f} GW more solar this year "
                     "(B10: tariffs and land permits)")
    review = limits.power_review(model, cmd.gw)
    cost = cmd.gw * p.solar_capex_busd_per_gw * (1.0 + tariff) * (1.0 + review.cost_share)
    need_cash(model, cost)
    lead = p.solar_lead_months + review.months
    return SolarBuild(
        cost_busd=cost, lead_time_months=lead,
        effect=f"{cmd.gw:g} GW of round-the-clock solar (panels and storage) "
               f"in about {lead} months; tariffs add {tariff:.0%} to the panels"
               f"{limits.review_words(review)}",
        gw=cmd.gw, online_month=model.month + lead, review=review)


@dataclass(frozen=True, slots=True)
class SpaceLaunch(Plan):
    tons: float  # joins the launch queue; power comes online as it flies

    def apply(self, model) -> None:
        model.firm.ledger.pay(self.cost_busd, "power_capex")
        model.firm.power.space_tons_queued += self.tons


def plan_launch_space(model, cmd: c.LaunchSpaceSolar) -> SpaceLaunch:
    p = model.world.power
    tons = cmd.gw * 1e6 / p.space_kw_per_ton
    per_month = limits.space_tons_per_month(model)
    if not limits.space_launch_open(model):
        raise refuse(f"Launch capacity is only {per_month * 12:,.0f} t a year for compute; space "
                     f"solar needs {tons:,.0f} t for {cmd.gw:g} GW. Wait for the launch ramp (B5)")
    cost = cmd.gw * p.space_capex_busd_per_gw
    need_cash(model, cost)
    months = (model.firm.power.space_tons_queued + tons) / per_month
    return SpaceLaunch(
        cost_busd=cost, lead_time_months=months,
        effect=f"{cmd.gw:g} GW in orbit: {tons:,.0f} t at {per_month:,.0f} t a month, "
               f"about {months:.0f} months of launches",
        tons=tons)


@dataclass(frozen=True, slots=True)
class EdgeShare(Plan):
    share: float

    def apply(self, model) -> None:
        model.firm.edge_share = self.share


def plan_edge_share(model, cmd: c.SetEdgeShare) -> EdgeShare:
    return EdgeShare(
        cost_busd=0.0, lead_time_months=0.0,
        effect=f"{cmd.share:.0%} of your own chips go to cars and robots (up to "
               f"{model.edge_devices_per_month():,.0f} devices a month): "
               "no data-centre power or HBM needed",
        share=cmd.share)
