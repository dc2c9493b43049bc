"""What each player command checks and does. `check` explains a refusal in a player's words and
otherwise previews cost, lead time and effect; `apply` carries it out. Policies use the same path.
"""

from __future__ import annotations

import math
import sys
from dataclasses import fields
from functools import cache
from typing import NamedTuple

from game.agents.firm import MemoryContract, ToolOrder, WaferContract
from game.agents.terafab import EUV_KEY, Terafab
from game.domain import commands as c
from game.domain.errors import CommandRefused
from game.mechanics import fabproject as fp
from game.mechanics.markets import TIER_CONTRACT, TIER_PREPAID


class Preview(NamedTuple):
    """What a command would cost and do; `refusal` is set when the rules say no."""

    cost_busd: float
    lead_time_months: float
    effect: str
    refusal: str | None = None


def _no(message: str) -> CommandRefused:
    return CommandRefused(message)


def _money(model, busd: float) -> None:
    if busd > model.firm.ledger.cash_busd + 1e-9:
        raise _no(f"Not enough cash: this needs USD {busd:,.1f} B and you have "
                  f"USD {model.firm.ledger.cash_busd:,.1f} B (raise capital first)")


def _date(model, month: int) -> str:
    return model.date_of(month)


def _by_key(agents, key: str):
    """The agent with domain id `key`, or None (a loop: the lists hold a handful of agents)."""
    for agent in agents:
        if agent.key == key:
            return agent
    return None


def _generation(model, name: str):
    """The chip generation called `name`, or None."""
    for gen in model.world.chip_generations:
        if gen.name == name:
            return gen
    return None


def _newest_design(model):
    """The funded chip generation ready last: the design a foundry booking makes."""
    generations = model.firm.supply.generations
    return _generation(model, max(generations, key=generations.get))


# ---------------------------------------------------------------------------- supply
def check_book_foundry(model, cmd: c.BookFoundryCapacity) -> Preview:
    firm = model.firm
    site = model.foundry_by_key.get(cmd.site)
    if site is None:
        raise _no(f"There is no foundry site '{cmd.site}'")
    if site.country == "CN":
        raise _no(f"{site.name} cannot take US customers' leading-edge designs (export rules)")
    if not firm.supply.generations:
        raise _no("Fund a chip design first (AI5): foundries make your own designs, "
                  "not generic chips")
    gen = _newest_design(model)
    node = gen.node
    if not site.runs(node):
        nodes = ", ".join(n for n in site.base_wpm if site.capacity(n) > 0) or "nothing yet"
        raise _no(f"{site.name} does not run {node} (your {gen.name} node); it runs {nodes}")
    if cmd.wafers_per_month <= 0 or cmd.months <= 0:
        raise _no("Wafers a month and contract length must be positive")
    limit = site.capacity(node) * model.world.firm.contract_max_share_of_site
    booked = sum(k.wafers_per_month for k in firm.supply.contracts
                 if k.site is site and k.node == node and k.end > model.month)
    free = max(0.0, limit - booked)
    if cmd.wafers_per_month > free + 1e-9:
        raise _no(f"{site.name} has only {free:,.0f} wpm of {node} left to book: the rest is "
                  f"locked by long contracts (B3)")
    start = max(model.month + 1, firm.supply.generations[gen.name])
    tariff = model.trade.import_tariff(site.country if site.region != "US" else "US")
    price = site.wafer_price_usd(node) * (1.0 + tariff)
    total = cmd.wafers_per_month * cmd.months * price / 1e9
    upfront = total * model.world.firm.prepay_share if cmd.prepay else 0.0
    _money(model, upfront)
    cycle = model.world.accelerators.wafer_cycle_months
    acc_per_wafer = model.world.accelerators.gross_dies_per_wafer * site.yield_at(node) / \
        model.world.accelerators.dies_per_accelerator
    effect = (
        f"{cmd.wafers_per_month:,.0f} {node} wafers a month at {site.name} "
        f"from {_date(model, start)} for {cmd.months} months "
        f"(~{cmd.wafers_per_month * acc_per_wafer:,.0f} {gen.name} chips a month), "
        f"USD {price:,.0f} a wafer{' incl. tariff' if tariff else ''}; "
        f"{'prepaid: first in line' if cmd.prepay else 'contract priority, behind prepaid buyers'}"
    )
    return Preview(upfront if cmd.prepay else cmd.wafers_per_month * price / 1e9,
                   start - model.month + cycle, effect)


def apply_book_foundry(model, cmd: c.BookFoundryCapacity, preview: Preview) -> None:
    firm = model.firm
    site = model.foundry_by_key[cmd.site]
    gen = _newest_design(model)
    start = max(model.month + 1, firm.supply.generations[gen.name])
    tariff = model.trade.import_tariff(site.country if site.region != "US" else "US")
    price = site.wafer_price_usd(gen.node) * (1.0 + tariff)
    tier = TIER_PREPAID if cmd.prepay else TIER_CONTRACT
    if cmd.prepay:
        upfront = cmd.wafers_per_month * cmd.months * price / 1e9 * model.world.firm.prepay_share
        firm.ledger.pay(upfront, "prepayment")
        price *= 1.0 - model.world.firm.prepay_share  # the rest is paid as wafers start
    firm.supply.contracts.append(WaferContract(
        firm, site, gen.node, gen.name, float(cmd.wafers_per_month), start, start + cmd.months,
        tier, price))


def check_buy_accelerators(model, cmd: c.BuyAccelerators) -> Preview:
    vendor = _by_key(model.chipmakers, cmd.vendor)
    if vendor is None or vendor.china_only:
        raise _no(f"'{cmd.vendor}' does not sell accelerators to you")
    if cmd.units <= 0:
        raise _no("Units must be positive")
    price = model.accelerator_price_usd() * (1.0 + model.trade.import_tariff("TW"))
    cost = cmd.units * price / 1e9
    _money(model, min(cost, model.firm.ledger.cash_busd) if vendor.player_order else cost * 0.25)
    return Preview(cost, 1.0,
                   f"{cmd.units:,} accelerators from {vendor.name} at about USD {price:,.0f} each "
                   "(paid on delivery; shared pro-rata with other buyers when short). They need "
                   f"power ({model.firm.fleet.gw_for(cmd.units):.2f} GW) to run.")


def apply_buy_accelerators(model, cmd: c.BuyAccelerators, preview: Preview) -> None:
    vendor = _by_key(model.chipmakers, cmd.vendor)
    vendor.player_order += cmd.units


def check_book_memory(model, cmd: c.BookMemory) -> Preview:
    maker = _by_key(model.memory_makers, cmd.maker)
    if maker is None:
        raise _no(f"There is no memory maker '{cmd.maker}'")
    if cmd.stacks_per_month <= 0 or cmd.months <= 0:
        raise _no("Stacks a month and contract length must be positive")
    made = maker.hbm_supply_stacks()
    limit = made * 0.3
    month = model.month
    booked = sum(k.stacks_per_month for k in model.firm.supply.memory_contracts
                 if k.maker is maker and k.end > month)
    if cmd.stacks_per_month > limit - booked + 1e-9:
        raise _no(f"{maker.name} can promise you at most {max(0.0, limit - booked):,.0f} more HBM "
                  "stacks a month: HBM is sold ahead on contracts")
    price = model.hbm_price_usd() * 1.05
    return Preview(cmd.stacks_per_month * price / 1e9, 1.0,
                   f"{cmd.stacks_per_month:,} HBM stacks a month from {maker.name} "
                   f"for {cmd.months} months at USD {price:,.0f} a stack (enough for "
                   f"{cmd.stacks_per_month / model.firm.fleet.stacks_per_accelerator:,.0f} "
                   "of your chips a month)")


def apply_book_memory(model, cmd: c.BookMemory, preview: Preview) -> None:
    maker = _by_key(model.memory_makers, cmd.maker)
    contract = MemoryContract(model.firm, maker, float(cmd.stacks_per_month), model.month,
                              model.month + cmd.months, model.hbm_price_usd() * 1.05)
    model.firm.supply.book_memory(contract)


def check_fund_chip(model, cmd: c.FundChipGeneration) -> Preview:
    gen = _generation(model, cmd.generation)
    if gen is None:
        raise _no(f"There is no chip generation '{cmd.generation}'")
    firm = model.firm
    if gen.name in firm.supply.generations:
        raise _no(
            f"{gen.name} is already funded "
            f"(ready {_date(model, firm.supply.generations[gen.name])})"
        )
    if gen.requires and gen.requires not in firm.supply.generations:
        raise _no(f"{gen.name} builds on {gen.requires}: fund {gen.requires} first")
    _money(model, gen.design_cost_busd)
    ready = max(model.month + gen.design_months, model.month_of(gen.earliest))
    if gen.requires:
        ready = max(ready, firm.supply.generations[gen.requires] + 6)
    return Preview(gen.design_cost_busd, ready - model.month,
                   f"{gen.name} ({gen.pflops:g} PFLOPS a chip, {gen.node}) in volume from "
                   f"{_date(model, ready)}")


def apply_fund_chip(model, cmd: c.FundChipGeneration, preview: Preview) -> None:
    gen = _generation(model, cmd.generation)
    model.firm.ledger.pay(gen.design_cost_busd, "chip_design")
    model.firm.supply.fund_generation(gen.name, model.month + int(preview.lead_time_months))


# ---------------------------------------------------------------------------- Terafab
def check_start_terafab(model, cmd: c.StartTerafab) -> Preview:
    if model.firm.terafab is not None:
        raise _no(f"The Terafab is already sited at {model.firm.terafab.site.name}")
    site = next((s for s in model.world.terafab.sites if s.id == cmd.site), None)
    if site is None:
        raise _no(f"There is no Terafab site '{cmd.site}'")
    cost = 0.2
    _money(model, cost)
    return Preview(cost, site.permit_months,
                   f"File permits at {site.name}: expected by "
                   f"{_date(model, model.month + site.permit_months)}; "
                   f"construction then takes about {site.build_months} months")


def apply_start_terafab(model, cmd: c.StartTerafab, preview: Preview) -> None:
    site = next(s for s in model.world.terafab.sites if s.id == cmd.site)
    model.firm.ledger.pay(preview.cost_busd, "terafab_permits")
    model.firm.terafab = Terafab(model.firm, site)


def _terafab(model) -> Terafab:
    tf = model.firm.terafab
    if tf is None:
        raise _no("Start the Terafab first: pick a site and file permits")
    return tf


def check_fund_phase(model, cmd: c.FundTerafabPhase) -> Preview:
    tf = _terafab(model)
    index = len(tf.phases)
    if index >= len(tf.spec.phases):
        raise _no("Every Terafab phase is already funded (USD 119 B in all)")
    phase = tf.phase_spec(index)
    upfront = phase.capex_busd * 0.1
    _money(model, upfront)
    start = tf.permit_months_left if not tf.permits_granted else 0
    lead = start + tf.site.build_months + tf.spec.tool_install_months
    if not tf.permits_granted:
        when = f"after permits ({_date(model, model.month + max(0, tf.permit_months_left))})"
    else:
        when = "now"
    return Preview(upfront, lead,
                   f"Phase {index + 1}: {phase.capacity_wpm:,.0f} wpm of {tf.spec.node} "
                   f"for USD {phase.capex_busd:g} B "
                   f"(10% now, the rest paid over construction); building starts {when}; "
                   f"first wafers at the earliest {_date(model, model.month + lead)}, if every "
                   "tool has arrived")


def apply_fund_phase(model, cmd: c.FundTerafabPhase, preview: Preview) -> None:
    tf = model.firm.terafab
    phase = tf.phase_spec(len(tf.phases))
    model.firm.ledger.pay(preview.cost_busd, "terafab_capex")
    rest = phase.capex_busd - preview.cost_busd
    spec = tf.spec
    p = fp.FabProject(
        owner="player",
        site=tf.site.id,
        node=spec.node,
        capacity_wpm=phase.capacity_wpm,
        phase=fp.PERMITS,
        months_left=0,
        started_month=model.month,
        yield_=spec.yield_start,
        yield_mature=spec.yield_mature,
        ramp_rate=3.0 / spec.ramp_months,
        capex_left_busd=rest,
        capex_per_month_busd=rest / tf.site.build_months,
        tools_ready=False,
    )
    tf.phases.append(p)


def check_order_tools(model, cmd: c.OrderTools) -> Preview:
    tf = _terafab(model)
    if cmd.quantity <= 0:
        raise _no("Quantity must be positive")
    if cmd.vendor == EUV_KEY:
        q = model.litho.euv
        price = model.litho.euv_price_busd()
        what = "EUV systems"
    else:
        vendor = _by_key(model.tool_vendors, cmd.vendor)
        if vendor is None:
            raise _no(f"There is no tool vendor '{cmd.vendor}'")
        q = vendor.queue
        price = vendor.price_busd_per_set
        what = f"{vendor.tool_kind} tool sets (each for 10k wpm)"
    lead = q.lead_time_months(model.month)
    need = sum(tf.tools_needed(p.capacity_wpm).get(cmd.vendor, 0.0) for p in tf.phases) or \
        tf.tools_needed(tf.phase_spec(0).capacity_wpm).get(cmd.vendor, 0.0)
    return Preview(cmd.quantity * price, lead,
                   f"{cmd.quantity} {what}, USD {price * 1000:,.0f} M each, paid on arrival; the "
                   f"queue ahead means about {lead:.0f} months. Your funded phases need {need:g}.")


def apply_order_tools(model, cmd: c.OrderTools, preview: Preview) -> None:
    firm = model.firm
    if cmd.vendor == EUV_KEY:
        ticket = model.litho.order_euv(firm, cmd.quantity)
        price = model.litho.euv_price_busd()
        model.orders_euv_month += cmd.quantity
    else:
        vendor = _by_key(model.tool_vendors, cmd.vendor)
        ticket = vendor.order_sets(firm, float(cmd.quantity))
        price = vendor.price_busd_per_set
    firm.supply.tool_orders.append(ToolOrder(cmd.vendor, ticket, 0.0, price))


def check_hire_staff(model, cmd: c.HireStaff) -> Preview:
    tf = _terafab(model)
    if cmd.people <= 0:
        raise _no("People must be positive")
    months = (tf.hires_pending + cmd.people) / tf.spec.hires_per_month_max
    salary = cmd.people / 1000.0 * tf.spec.salary_busd_per_1000_staff_month
    return Preview(salary, months,
                   f"Hire {cmd.people:,} competent staff (not PhDs): "
                   f"about {months:.0f} months to fill at "
                   f"{tf.spec.hires_per_month_max:,.0f} a month; "
                   f"USD {salary * 1000:,.0f} M a month in salaries. "
                   f"Needed now: {tf.staff_required():,.0f}")


def apply_hire_staff(model, cmd: c.HireStaff, preview: Preview) -> None:
    model.firm.terafab.hires_pending += cmd.people


def check_modify_tools(model, cmd: c.ModifyTools) -> Preview:
    tf = _terafab(model)
    if cmd.busd <= 0:
        raise _no("The investment must be positive")
    _money(model, cmd.busd)
    gain = min(
        tf.spec.tool_mod_max_gain - tf.tool_mod_target,
        cmd.busd / tf.spec.tool_mod_busd_per_gain_point / 100,
    )
    if gain <= 1e-6:
        raise _no("Tool modification is at its ceiling "
                  f"(+{tf.spec.tool_mod_max_gain:.0%} throughput)")
    return Preview(cmd.busd, 10.0, f"+{gain:.1%} Terafab throughput, phased in once wafers flow")


def apply_modify_tools(model, cmd: c.ModifyTools, preview: Preview) -> None:
    tf = model.firm.terafab
    gain = min(
        tf.spec.tool_mod_max_gain - tf.tool_mod_target,
        cmd.busd / tf.spec.tool_mod_busd_per_gain_point / 100,
    )
    model.firm.ledger.pay(cmd.busd, "tool_modification")
    tf.tool_mod_target += gain


def check_litho_bet(model, cmd: c.SetLithographyBet) -> Preview:
    tf = _terafab(model)
    if tf.own_litho_ready:
        raise _no("Your own lithography already works")
    if cmd.active == tf.litho_bet_active:
        raise _no("The lithography bet is already " + ("funded" if cmd.active else "stopped"))
    cost = tf.spec.litho_bet_busd_per_month if cmd.active else 0.0
    return Preview(cost, tf.spec.litho_bet_expected_months,
                   f"Fund own EUV-class lithography: USD {cost:.1f} B a month,"
                   " an uncertain bet of years"
                   if cmd.active else "Stop paying for the lithography bet (its progress is kept)")


def apply_litho_bet(model, cmd: c.SetLithographyBet, preview: Preview) -> None:
    model.firm.terafab.litho_bet_active = cmd.active


# ---------------------------------------------------------------------------- power
def _positive_gw(gw: float) -> None:
    if not gw > 0:
        raise _no("Power must be a positive number of GW")


def check_request_grid(model, cmd: c.RequestGrid) -> Preview:
    _positive_gw(cmd.gw)
    p = model.world.power
    if cmd.gw > p.grid_max_request_gw:
        raise _no(f"The utility takes requests of at most {p.grid_max_request_gw:g} GW at a time")
    pending = model.firm.power.on_order_gw("grid")
    if pending + cmd.gw > p.grid_max_pending_gw + 1e-9:
        raise _no(f"You already have {pending:g} GW in the interconnection queue; the utility "
                  f"studies at most {p.grid_max_pending_gw:g} GW for one customer at a time (H8)")
    cost = cmd.gw * p.grid_capex_busd_per_gw
    _money(model, cost)
    return Preview(cost, p.grid_queue_months,
                   f"{cmd.gw:g} GW grid connection: the interconnection queue takes "
                   f"about {p.grid_queue_months} months "
                   f"(give or take {p.grid_queue_spread_months})")


def apply_request_grid(model, cmd: c.RequestGrid, preview: Preview) -> None:
    p = model.world.power
    draw = model.streams("player:grid").random()
    wait = p.grid_queue_months + round((draw * 2 - 1) * p.grid_queue_spread_months)
    model.firm.ledger.pay(preview.cost_busd, "power_capex")
    model.firm.order_power(model.month + max(1, wait), cmd.gw, "grid", 0.0)


def check_order_turbines(model, cmd: c.OrderTurbines) -> Preview:
    _positive_gw(cmd.gw)
    t = model.world.power.turbines
    year_ago = model.month - 12
    recent = model.firm.power.on_order_gw("turbines", year_ago)
    cap = model.turbine_gw_per_month * 12 * t.max_share_of_output
    if recent + cmd.gw > cap + 1e-9:
        raise _no(f"Turbine makers will sell you at most {max(0.0, cap - recent):.1f} GW more this "
                  "year: blade and vane casting is booked (B10)")
    cost = cmd.gw * t.capex_busd_per_gw
    _money(model, cost * 0.3)
    lead = model.turbine_lead_months()
    return Preview(cost, lead,
                   f"{cmd.gw:g} GW of gas turbines: blade casting is booked, "
                   f"so about {lead:.0f} months (30% deposit now, the rest on delivery)")


def apply_order_turbines(model, cmd: c.OrderTurbines, preview: Preview) -> None:
    lead = round(model.turbine_lead_months())
    t = model.world.power.turbines
    model.turbine_backlog_gw += cmd.gw
    model.firm.ledger.pay(cmd.gw * t.capex_busd_per_gw * 0.3, "power_capex")
    due_on_arrival_busd = cmd.gw * t.capex_busd_per_gw * 0.7
    model.firm.order_power(model.month + lead, cmd.gw, "turbines", due_on_arrival_busd)


def check_build_solar(model, cmd: c.BuildSolar) -> Preview:
    _positive_gw(cmd.gw)
    p = model.world.power
    tariff = model.trade.import_tariff("CN")
    recent = model.firm.solar_ordered_this_year_gw()
    if recent + cmd.gw > p.solar_max_gw_per_year + 1e-9:
        raise _no(f"Land permits allow at most {max(0.0, p.solar_max_gw_per_year - recent):.1f} GW "
                  "more solar this year (B10: tariffs and land permits)")
    cost = cmd.gw * p.solar_capex_busd_per_gw * (1.0 + tariff)
    _money(model, cost)
    return Preview(cost, p.solar_lead_months,
                   f"{cmd.gw:g} GW of round-the-clock solar (panels and storage) "
                   f"in about {p.solar_lead_months} months; "
                   f"tariffs add {tariff:.0%} to the panels")


def apply_build_solar(model, cmd: c.BuildSolar, preview: Preview) -> None:
    model.firm.ledger.pay(preview.cost_busd, "power_capex")
    model.firm.order_power(model.month + model.world.power.solar_lead_months, cmd.gw, "solar", 0.0)


def check_launch_space(model, cmd: c.LaunchSpaceSolar) -> Preview:
    _positive_gw(cmd.gw)
    p = model.world.power
    tons = cmd.gw * 1e6 / p.space_kw_per_ton
    per_month = model.launch_tons_per_month() * p.space_share_of_launch
    if per_month * 12 < 50000:
        raise _no(f"Launch capacity is only {per_month * 12:,.0f} t a year for compute; space "
                  f"solar needs {tons:,.0f} t for {cmd.gw:g} GW. Wait for the launch ramp (B5)")
    cost = cmd.gw * p.space_capex_busd_per_gw
    _money(model, cost)
    months = (model.firm.power.space_tons_queued + tons) / per_month
    return Preview(cost, months, f"{cmd.gw:g} GW in orbit: {tons:,.0f} t at {per_month:,.0f} t a "
                   f"month, about {months:.0f} months of launches")


def apply_launch_space(model, cmd: c.LaunchSpaceSolar, preview: Preview) -> None:
    p = model.world.power
    model.firm.ledger.pay(preview.cost_busd, "power_capex")
    model.firm.power.space_tons_queued += cmd.gw * 1e6 / p.space_kw_per_ton


def check_edge_share(model, cmd: c.SetEdgeShare) -> Preview:
    if not 0.0 <= cmd.share <= 1.0:
        raise _no("The share must lie between 0 and 1")
    return Preview(0.0, 0.0, f"{cmd.share:.0%} of your own chips go to cars and robots (up to "
                   f"{model.edge_devices_per_month():,.0f} devices a month): "
                   "no data-centre power or HBM needed")


def apply_edge_share(model, cmd: c.SetEdgeShare, preview: Preview) -> None:
    model.firm.edge_share = cmd.share


# ---------------------------------------------------------------------------- capital
def story_factor(model) -> float:
    """A7: investors pay for the story:
    compute growth and Terafab progress lift what can be raised."""
    firm = model.firm
    growth = firm.compute_eflops / max(1e-9, firm.compute_at_start)
    tf = firm.terafab
    progress = 0.0
    if tf is not None:
        progress = 0.2 + 0.2 * len(tf.phases) + (0.3 if tf.first_output_month is not None else 0.0)
    return max(0.5, min(2.5, 0.7 + 0.15 * min(growth, 6.0) + progress))


def check_raise_capital(model, cmd: c.RaiseCapital) -> Preview:
    firm, spec = model.firm, model.world.firm
    if not cmd.busd > 0:
        raise _no("The amount must be positive")
    story = story_factor(model)
    if cmd.kind == "ipo":
        if firm.ledger.ipo_done:
            raise _no("The IPO can happen only once")
        if model.month < model.month_of(spec.ipo_earliest):
            raise _no(f"The IPO window opens in {spec.ipo_earliest}")
        amount = spec.ipo_raise_busd * story
        return Preview(-amount, 1.0, f"IPO: raise about USD {amount:,.0f} B "
                                     f"(the story lifts it x{story:.2f})")
    if cmd.kind == "equity":
        wait = firm.ledger.last_equity_month + spec.equity_cooldown_months - model.month
        if wait > 0:
            raise _no(f"Investors want {wait} more months before another equity round")
        cap = spec.equity_max_busd * story
        if cmd.busd > cap:
            raise _no(f"Investors will put in at most USD {cap:,.1f} B now (story x{story:.2f})")
        return Preview(-cmd.busd, 1.0, f"Equity: USD {cmd.busd:,.1f} B, diluting the owners")
    if cmd.kind == "debt":
        room = spec.debt_max_busd - firm.ledger.debt_busd
        if cmd.busd > room + 1e-9:
            raise _no(f"Lenders will add at most USD {max(0.0, room):,.1f} B more debt")
        return Preview(-cmd.busd, 1.0, f"Debt: USD {cmd.busd:,.1f} B at "
                                       f"{spec.debt_rate_per_year:.0%} a year")
    raise _no(f"Unknown kind of capital '{cmd.kind}': ipo, equity or debt")


def apply_raise_capital(model, cmd: c.RaiseCapital, preview: Preview) -> None:
    firm = model.firm
    amount = -preview.cost_busd
    if cmd.kind == "ipo":
        firm.ledger.ipo_done = True
        firm.ledger.receive(amount, "ipo")
    elif cmd.kind == "equity":
        firm.ledger.last_equity_month = model.month
        firm.ledger.receive(amount, "equity")
    else:
        firm.ledger.debt_busd += amount
        firm.ledger.receive(amount, "debt")


def check_repay_debt(model, cmd: c.RepayDebt) -> Preview:
    firm = model.firm
    if firm.ledger.debt_busd <= 0:
        raise _no("You have no debt")
    if not cmd.busd > 0:
        raise _no("The amount must be positive")
    amount = min(cmd.busd, firm.ledger.debt_busd)
    _money(model, amount)
    return Preview(amount, 0.0, f"Repay USD {amount:,.1f} B of debt")


def apply_repay_debt(model, cmd: c.RepayDebt, preview: Preview) -> None:
    firm = model.firm
    firm.ledger.debt_busd -= preview.cost_busd
    firm.ledger.pay(preview.cost_busd, "debt_repayment")


HANDLERS = {
    c.BookFoundryCapacity: (check_book_foundry, apply_book_foundry),
    c.BuyAccelerators: (check_buy_accelerators, apply_buy_accelerators),
    c.BookMemory: (check_book_memory, apply_book_memory),
    c.FundChipGeneration: (check_fund_chip, apply_fund_chip),
    c.StartTerafab: (check_start_terafab, apply_start_terafab),
    c.FundTerafabPhase: (check_fund_phase, apply_fund_phase),
    c.OrderTools: (check_order_tools, apply_order_tools),
    c.HireStaff: (check_hire_staff, apply_hire_staff),
    c.ModifyTools: (check_modify_tools, apply_modify_tools),
    c.SetLithographyBet: (check_litho_bet, apply_litho_bet),
    c.RequestGrid: (check_request_grid, apply_request_grid),
    c.OrderTurbines: (check_order_turbines, apply_order_turbines),
    c.BuildSolar: (check_build_solar, apply_build_solar),
    c.LaunchSpaceSolar: (check_launch_space, apply_launch_space),
    c.SetEdgeShare: (check_edge_share, apply_edge_share),
    c.RaiseCapital: (check_raise_capital, apply_raise_capital),
    c.RepayDebt: (check_repay_debt, apply_repay_debt),
}


def preview(model, cmd: c.Command) -> Preview:
    """Cost, lead time and effect, or the refusal in words (never raises for a refusal)."""
    try:
        return _check(model, cmd)
    except CommandRefused as exc:
        return Preview(0.0, 0.0, "", str(exc))


_FAR = sys.float_info.max  # the largest float: any finite number lies within +-_FAR


@cache
def _field_rules(cls: type) -> tuple[tuple[str, str, str, type, object, object], ...]:
    """(name, label, unit, type, min, max) of each field of a command class, read once per class."""
    return tuple((f.name, f.metadata.get("label", f.name), f.metadata.get("unit", ""),
                  type(f.default), f.metadata.get("min"), f.metadata.get("max"))
                 for f in fields(cls))


@cache
def _quick_rules(cls: type) -> tuple[tuple[str, tuple[type, ...], object, object, tuple], ...]:
    """(name, types passed at a glance, low, high, rule) of each field: a value of one of those
    exact types within [low, high] is fine; anything else gets the full check of `rule`. Every
    command a policy sends passes here, so the common case costs one type test and one comparison.
    A number's missing bounds become +-_FAR, so infinities and NaN fail the glance and get the
    full check, which says why."""
    out = []
    for rule in _field_rules(cls):
        name, _, _, kind, lo, hi = rule
        if kind is bool or kind is str:
            out.append((name, (kind,), None, None, rule))
        else:
            types = (int, float) if kind is float else (kind,)
            out.append((name, types, -_FAR if lo is None else lo, _FAR if hi is None else hi, rule))
    return tuple(out)


def _check_fields(cmd: c.Command) -> None:
    """Every number finite and within the bounds its field declares; types as declared."""
    for name, types, lo, hi, rule in _quick_rules(type(cmd)):
        value = getattr(cmd, name)
        if type(value) in types and (lo is None or lo <= value <= hi):
            continue
        _check_field(value, *rule[1:])


def _check_field(value: object, label: str, unit: str, kind: type, lo: object, hi: object) -> None:
    """The full check of one field's value, with the refusal in words."""
    if kind is bool:
        if not isinstance(value, bool):
            raise CommandRefused(f"{label} must be yes or no")
        return
    if kind is str:
        if not isinstance(value, str):
            raise CommandRefused(f"{label} must be a name")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            (kind is int and not isinstance(value, int)):
        raise CommandRefused(f"{label} must be a {'whole ' if kind is int else ''}number")
    if not math.isfinite(value):
        raise CommandRefused(f"{label} must be a finite number")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise CommandRefused(f"{label} must be between {lo:,g} and {hi:,g} {unit}".rstrip())


def _handler(model, cmd: c.Command) -> tuple:
    """The (check, apply) pair of a command that may be given now, with fields as declared."""
    handler = HANDLERS.get(type(cmd))
    if handler is None:
        raise CommandRefused(f"Unknown command {type(cmd).__name__}")
    if model.done:
        raise CommandRefused("The campaign is over")
    _check_fields(cmd)
    return handler


def _check(model, cmd: c.Command) -> Preview:
    return _handler(model, cmd)[0](model, cmd)


def execute(model, cmd: c.Command) -> Preview:
    """Check then apply; raises CommandRefused (changing nothing) when the rules say no."""
    check, apply = _handler(model, cmd)
    p = check(model, cmd)
    apply(model, cmd, p)
    return p
