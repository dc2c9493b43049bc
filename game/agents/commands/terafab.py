"""Terafab commands: site and permits, phases (A1), tools (A4, B6), staff (B7), tool
modification (B6) and the own-lithography bet (B9)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.agents.commands import limits
from game.agents.commands.core import Plan, by_key, need_cash, refuse
from game.agents.firm import supply
from game.agents.terafab import EUV_KEY, Terafab
from game.domain import commands as c
from game.i18n import msg
from game.mechanics import fabproject as fp


def _terafab(model) -> Terafab:
    tf = model.firm.terafab
    if tf is None:
        raise refuse(msg("refuse.terafab.start_first_pick"))
    return tf


@dataclass(frozen=True, slots=True)
class TerafabStart(Plan):
    site: Any  # the Terafab site from the world config

    def apply(self, model) -> None:
        model.firm.ledger.pay(self.cost_busd, "terafab_permits")
        model.firm.terafab = Terafab(model.firm, self.site)


def plan_start_terafab(model, cmd: c.StartTerafab) -> TerafabStart:
    if model.firm.terafab is not None:
        raise refuse(msg("refuse.terafab.already_sited", site=model.firm.terafab.site.name))
    site = next((s for s in model.world.terafab.sites if s.id == cmd.site), None)
    if site is None:
        raise refuse(msg("refuse.terafab.there_no_site", site=cmd.site))
    cost = model.world.rules.terafab.permit_filing_busd
    need_cash(model, cost)
    return TerafabStart(
        cost_busd=cost, lead_time_months=site.permit_months,
        effect=msg("preview.terafab.file_permits_expected",
                   site=site.name, permits_by=model.date_of(model.month + site.permit_months),
                   build_months=site.build_months, water_slip_multiplier=site.water_slip_multiplier,
                   hires_per_month=site.hires_per_month,
                   grid_outage_chance_per_month=site.grid_outage_chance_per_month,
                   local_subsidy_share=site.local_subsidy_share),
        site=site)


@dataclass(frozen=True, slots=True)
class PhaseFunding(Plan):
    capacity_wpm: float
    capex_left_busd: float  # paid over construction, after the upfront cost
    capex_per_month_busd: float
    ramp_rate: float  # share of the yield gap closed a month at full staff (B7: wafers run)

    def apply(self, model) -> None:
        tf = model.firm.terafab
        model.firm.ledger.pay(self.cost_busd, "terafab_capex")
        spec = tf.spec
        tf.phases.append(fp.FabProject(
            owner="player",
            site=tf.site.id,
            node=spec.node,
            capacity_wpm=self.capacity_wpm,
            phase=fp.PERMITS,
            months_left=0,
            started_month=model.month,
            yield_=spec.yield_start,
            yield_mature=spec.yield_mature,
            ramp_rate=self.ramp_rate,
            capex_left_busd=self.capex_left_busd,
            capex_per_month_busd=self.capex_per_month_busd,
            tools_ready=False,
        ))


def plan_fund_phase(model, cmd: c.FundTerafabPhase) -> PhaseFunding:
    tf = _terafab(model)
    index = len(tf.phases)
    spec = tf.spec
    if index >= len(spec.phases):
        total = sum(p.capex_busd for p in spec.phases)
        raise refuse(msg("refuse.terafab.every_phase_already", total=total))
    phase = tf.phase_spec(index)
    upfront = limits.phase_upfront_busd(model, phase)
    need_cash(model, upfront)
    start = tf.permit_months_left if not tf.permits_granted else 0
    lead = start + tf.site.build_months + spec.tool_install_months
    if not tf.permits_granted:
        when = msg("event.terafab.after_permits",
                   permits_by=model.date_of(model.month + max(0, tf.permit_months_left)))
    else:
        when = msg("event.terafab.now")
    share = model.world.rules.terafab.phase_upfront_share
    # A1: the budget buys the whole fab, tools included (fab_cost_2nm_50k); the tools are paid to
    # their vendors on arrival (OrderTools), so construction gets the budget less their list price
    tools = tf.tools_budget_busd(phase.capacity_wpm)
    rest = max(0.0, phase.capex_busd - upfront - tools)
    earliest = model.month_of(spec.first_output_earliest) if model.rule_on("A3") else 0
    return PhaseFunding(
        cost_busd=upfront, lead_time_months=lead,
        effect=msg("preview.terafab.phase_wpm_usd",
                   phase=index + 1, capacity_wpm=phase.capacity_wpm, node=spec.node,
                   capex_busd=phase.capex_busd, share=share, tools=tools, when=when,
                   start=model.date_of(max(model.month + lead, earliest))),
        capacity_wpm=phase.capacity_wpm, capex_left_busd=rest,
        capex_per_month_busd=rest / tf.site.build_months,
        # B7: a month's wafers close capacity/wafers_per_yield_efold of the yield gap
        ramp_rate=min(1.0, phase.capacity_wpm / spec.wafers_per_yield_efold))


@dataclass(frozen=True, slots=True)
class ToolOrder(Plan):
    vendor_key: str
    vendor: Any  # the litho agent for EUV, else the tool vendor agent
    quantity: int
    price_busd: float  # a system or set, paid as each arrives

    def apply(self, model) -> None:
        firm = model.firm
        if self.vendor_key == EUV_KEY:
            ticket = self.vendor.order_euv(firm, self.quantity)
            model.orders_euv_month += self.quantity
        else:
            ticket = self.vendor.order_sets(firm, float(self.quantity))
        firm.supply.tool_orders.append(
            supply.ToolOrder(self.vendor_key, ticket, 0.0, self.price_busd))


def plan_order_tools(model, cmd: c.OrderTools) -> ToolOrder:
    tf = _terafab(model)
    if cmd.vendor == EUV_KEY:
        vendor = model.litho
        queue = vendor.euv
        price = vendor.euv_price_busd()
        what = msg("event.terafab.euv_systems")
    else:
        vendor = by_key(model.tool_vendors, cmd.vendor)
        if vendor is None:
            raise refuse(msg("refuse.terafab.there_no_tool", vendor=cmd.vendor))
        queue = vendor.queue
        price = vendor.price_busd_per_set
        what = msg("event.terafab.tool_sets_each", tool_kind=vendor.tool_kind)
    lead = queue.lead_time_months(model.month)
    need = sum(tf.tools_needed(p.capacity_wpm).get(cmd.vendor, 0.0) for p in tf.phases) or \
        tf.tools_needed(tf.phase_spec(0).capacity_wpm).get(cmd.vendor, 0.0)
    return ToolOrder(
        cost_busd=cmd.quantity * price, lead_time_months=lead,
        effect=msg("preview.terafab.usd_m_each",
                   quantity=cmd.quantity, what=what, price_musd=price * 1000, lead=lead, need=need),
        vendor_key=cmd.vendor, vendor=vendor, quantity=cmd.quantity, price_busd=price)


@dataclass(frozen=True, slots=True)
class Hiring(Plan):
    people: int

    def apply(self, model) -> None:
        model.firm.terafab.hires_pending += self.people


def plan_hire_staff(model, cmd: c.HireStaff) -> Hiring:
    tf = _terafab(model)
    spec = tf.spec
    pool = tf.site.hires_per_month  # B7: the site's labour pool
    months = (tf.hires_pending + cmd.people) / pool
    salary = cmd.people / 1000.0 * spec.salary_busd_per_1000_staff_month
    return Hiring(
        cost_busd=salary, lead_time_months=months,
        effect=msg("preview.terafab.hire_competent_staff",
                   people=cmd.people, months=months, pool=pool, salary_musd=salary * 1000,
                   staff_required=tf.staff_required()),
        people=cmd.people)


@dataclass(frozen=True, slots=True)
class ToolModification(Plan):
    gain: float  # throughput share added to the target

    def apply(self, model) -> None:
        model.firm.ledger.pay(self.cost_busd, "tool_modification")
        tf = model.firm.terafab
        tf.tool_mod_target += self.gain
        # B6: the risk, drawn from the programme's own stream: a yield excursion once wafers run
        if model.streams("player:tool-mod").random() < tf.spec.tool_mod_excursion_chance:
            tf.excursion_pending = max(tf.excursion_pending,
                                       tf.spec.tool_mod_excursion_yield_share)


def plan_modify_tools(model, cmd: c.ModifyTools) -> ToolModification:
    tf = _terafab(model)
    if not model.rule_on("B6"):
        raise refuse(msg("refuse.terafab.tool_modification_switched"))
    need_cash(model, cmd.busd)
    spec = tf.spec
    gain = min(spec.tool_mod_max_gain - tf.tool_mod_target,
               cmd.busd / spec.tool_mod_busd_per_gain_point / 100)
    if gain <= 1e-6:
        raise refuse(msg("refuse.terafab.tool_modification_ceiling",
                         tool_mod_max_gain=spec.tool_mod_max_gain))
    return ToolModification(
        cost_busd=cmd.busd, lead_time_months=model.world.rules.terafab.tool_mod_months,
        effect=msg("preview.terafab.throughput_phased_once",
                   gain=gain, tool_mod_excursion_chance=spec.tool_mod_excursion_chance,
                   tool_mod_excursion_yield_share=spec.tool_mod_excursion_yield_share), gain=gain)


@dataclass(frozen=True, slots=True)
class LithographyBet(Plan):
    active: bool

    def apply(self, model) -> None:
        model.firm.terafab.litho_bet_active = self.active


def plan_litho_bet(model, cmd: c.SetLithographyBet) -> LithographyBet:
    tf = _terafab(model)
    if tf.own_litho_ready:
        raise refuse(msg("refuse.terafab.your_own_lithography"))
    if cmd.active == tf.litho_bet_active:
        raise refuse(msg("refuse.terafab.litho_bet_funded") if cmd.active
                     else msg("refuse.terafab.litho_bet_stopped"))
    cost = tf.spec.litho_bet_busd_per_month if cmd.active else 0.0
    if cmd.active:
        effect = (msg("event.terafab.fund_own_euv", cost=cost))
    else:
        effect = msg("event.terafab.stop_paying_lithography")
    return LithographyBet(cost_busd=cost, lead_time_months=tf.spec.litho_bet_expected_months,
                          effect=effect, active=cmd.active)
