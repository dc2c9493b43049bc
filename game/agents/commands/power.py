"""Power commands: the grid (H8), gas turbines and solar (B10), space solar (B5), and the share of
own chips that goes to cars and robots instead (B11)."""

from __future__ import annotations

from dataclasses import dataclass

from game.agents.commands import limits
from game.agents.commands.core import EPS, Plan, need_cash, refuse
from game.agents.trade import PowerReview
from game.domain import commands as c
from game.i18n import msg


@dataclass(frozen=True, slots=True)
class GridRequest(Plan):
    gw: float
    queue_months: int  # the typical wait; the request's own luck is drawn when it is filed
    spread_months: int

    review: PowerReview  # A5: the permit review a very large draw meets

    def apply(self, model) -> None:
        draw = model.streams("player:grid").random()  # never drawn by a preview
        wait = self.queue_months + round((draw * 2 - 1) * self.spread_months)
        limits.log_power_review(model, self.review, msg("event.power.gw_grid_connection_2",
                                                        gw=self.gw))
        model.firm.ledger.pay(self.cost_busd, "power_capex")
        model.firm.order_power(model.month + max(1, wait), self.gw, "grid", 0.0)


def plan_request_grid(model, cmd: c.RequestGrid) -> GridRequest:
    p = model.world.power
    if cmd.gw > p.grid_max_request_gw:
        raise refuse(msg("refuse.power.utility_takes_requests",
                         grid_max_request_gw=p.grid_max_request_gw))
    if cmd.gw > limits.grid_room_gw(model) + EPS:
        raise refuse(msg("refuse.power.you_already_have",
                         pending_gw=limits.grid_pending_gw(model),
                         grid_max_pending_gw=p.grid_max_pending_gw))
    firm_grid_gw = model.firm.power.grid_gw + limits.grid_pending_gw(model)
    headroom = model.grid_peak_headroom_gw - firm_grid_gw
    if cmd.gw > headroom + EPS:
        raise refuse(msg("refuse.power.grid_can_carry",
                         headroom=max(0.0, headroom), firm_grid_gw=firm_grid_gw))
    review = limits.power_review(model, cmd.gw)
    cost = cmd.gw * p.grid_capex_busd_per_gw * (1.0 + review.cost_share)
    need_cash(model, cost)
    # H8 off: the grid connects once the permits are through, with no queue
    queued = model.rule_on("H8")
    queue = (p.grid_queue_months if queued else 0) + review.months
    spread = p.grid_queue_spread_months if queued else 0
    return GridRequest(
        cost_busd=cost, lead_time_months=queue,
        effect=msg("preview.power.gw_grid_connection",
                   gw=cmd.gw, queue=queue, spread=spread, review=limits.review_words(review)),
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
        limits.log_power_review(model, self.review, msg("event.power.gw_gas_turbines_2",
                                                        gw=self.gw))
        model.turbines.book(self.gw)
        model.firm.ledger.pay(self.deposit_busd, "power_capex")
        model.firm.order_power(self.arrival_month, self.gw, "turbines", self.due_on_arrival_busd)


def plan_order_turbines(model, cmd: c.OrderTurbines) -> TurbineOrder:
    left = limits.turbines_left_this_year_gw(model)
    if cmd.gw > left + EPS:
        raise refuse(msg("refuse.power.turbine_makers_will", left=max(0.0, left)))
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
        effect=msg("preview.power.gw_gas_turbines",
                   gw=cmd.gw, caster=caster, lead=lead, deposit_share=deposit_share,
                   review=limits.review_words(review)),
        gw=cmd.gw, deposit_busd=deposit, due_on_arrival_busd=cost * (1.0 - deposit_share),
        arrival_month=arrival, review=review)


@dataclass(frozen=True, slots=True)
class SolarBuild(Plan):
    gw: float
    online_month: int
    review: PowerReview

    def apply(self, model) -> None:
        limits.log_power_review(model, self.review, msg("event.power.gw_solar", gw=self.gw))
        model.firm.ledger.pay(self.cost_busd, "power_capex")
        model.firm.order_power(self.online_month, self.gw, "solar", 0.0)


def plan_build_solar(model, cmd: c.BuildSolar) -> SolarBuild:
    p = model.world.power
    tariff = model.trade.import_tariff("CN")
    left = limits.solar_left_this_year_gw(model)
    if cmd.gw > left + EPS:
        raise refuse(msg("refuse.power.land_permits_allow", left=max(0.0, left)))
    review = limits.power_review(model, cmd.gw)
    cost = cmd.gw * p.solar_capex_busd_per_gw * (1.0 + tariff) * (1.0 + review.cost_share)
    need_cash(model, cost)
    lead = p.solar_lead_months + review.months
    return SolarBuild(
        cost_busd=cost, lead_time_months=lead,
        effect=msg("preview.power.gw_round_clock",
                   gw=cmd.gw, lead=lead, tariff=tariff, review=limits.review_words(review)),
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
        raise refuse(msg("refuse.power.launch_capacity_only",
                         tons_a_year=per_month * 12, tons=tons, gw=cmd.gw))
    cost = cmd.gw * p.space_capex_busd_per_gw
    need_cash(model, cost)
    months = (model.firm.power.space_tons_queued + tons) / per_month
    return SpaceLaunch(
        cost_busd=cost, lead_time_months=months,
        effect=msg("preview.power.gw_orbit_t",
                   gw=cmd.gw, tons=tons, per_month=per_month, months=months),
        tons=tons)


@dataclass(frozen=True, slots=True)
class EdgeShare(Plan):
    share: float

    def apply(self, model) -> None:
        model.firm.edge_share = self.share


def plan_edge_share(model, cmd: c.SetEdgeShare) -> EdgeShare:
    return EdgeShare(
        cost_busd=0.0, lead_time_months=0.0,
        effect=msg("preview.power.your_own_chips",
                   share=cmd.share, devices=model.edge_devices_per_month()),
        share=cmd.share)
