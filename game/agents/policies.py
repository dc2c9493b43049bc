"""Scripted players. Each looks at the world as the player would and returns commands, which go
through the same checks as a human's. They are the rivals and benchmarks on the end screen.

A policy is a pure function of the model's state (no memory of its own), so a saved game that
replays its command log and then resumes the policy continues exactly.
"""

from __future__ import annotations

from collections.abc import Callable

from game.domain import commands as c
from game.mechanics import fabproject as fp

Policy = Callable[[object], list[c.Command]]


def passive(model) -> list[c.Command]:
    """Does nothing: the group keeps the cluster it has."""
    return []


# ---------------------------------------------------------------------------- shared habits
def _fund_generations(model) -> list[c.Command]:
    firm = model.firm
    out = []
    for gen in model.world.chip_generations:
        if gen.name not in firm.supply.generations and (
            gen.requires is None or gen.requires in firm.supply.generations
        ):
            if model.month >= model.month_of(gen.earliest) - gen.design_months - 2:
                out.append(c.FundChipGeneration(gen.name))
            break
    return out


def _power_plan(model, chips_coming: float, space: bool) -> list[c.Command]:
    """Order enough power for the chips on their way, fastest sources first (B1, B10, B5), within
    what utilities, land permits and turbine makers take."""
    firm = model.firm
    p = model.world.power
    need_gw = (firm.fleet.chips_idle() + chips_coming) * firm.fleet.kw_per_accelerator / 1e6
    coming_gw = sum(p.gw for p in firm.power.pipeline)
    have_gw = firm.power.gw - firm.power.used_gw + coming_gw + \
        firm.power.space_tons_queued * p.space_kw_per_ton / 1e6
    gap = need_gw - have_gw
    margin = 0.05 * need_gw  # order in blocks: wait for the gap to pass 5 %, then add 5 % ahead
    if gap <= max(0.05, margin):
        return []
    gap += margin
    block = max(0.1, margin)  # the smallest order worth placing, GW
    out: list[c.Command] = []
    cash = firm.ledger.cash_busd
    if space and model.launch_tons_per_month() * p.space_share_of_launch * 12 >= 50000:
        gw = min(gap, cash / p.space_capex_busd_per_gw * 0.5, 200.0)
        if gw >= block:
            out.append(c.LaunchSpaceSolar(round(gw, 2)))
            gap -= gw
    if gap > 0.05 and model.month % 6 == 0:
        gw = min(gap, p.grid_max_request_gw,
                 p.grid_max_pending_gw - firm.power.on_order_gw("grid"))
        if gw >= 0.1:
            out.append(c.RequestGrid(round(gw - 0.005, 2)))
            gap -= gw
    if gap > 0.05:
        permitted = p.solar_max_gw_per_year - firm.solar_ordered_this_year_gw()  # B10
        gw = min(gap, cash * 0.2 / p.solar_capex_busd_per_gw, permitted, 50.0)
        if gw >= block:
            out.append(c.BuildSolar(round(gw - 0.005, 2)))
            gap -= gw
    if gap > 0.05:
        sold_to_us = model.turbine_gw_per_month * 12 * p.turbines.max_share_of_output - \
            firm.power.on_order_gw("turbines", model.month - 12)  # B10: blade casting
        gw = min(gap, cash * 0.1 / p.turbines.capex_busd_per_gw, sold_to_us, 30.0)
        if gw >= block:
            out.append(c.OrderTurbines(round(gw - 0.005, 2)))
    return out


def _capital(model, floor_busd: float) -> list[c.Command]:
    """Raise money when cash runs low: the IPO first, then equity, then debt (A7)."""
    firm, spec = model.firm, model.world.firm
    if firm.ledger.cash_busd >= floor_busd:
        return []
    if not firm.ledger.ipo_done and model.month >= model.month_of(spec.ipo_earliest):
        return [c.RaiseCapital("ipo", spec.ipo_raise_busd)]
    if model.month - firm.ledger.last_equity_month >= spec.equity_cooldown_months:
        return [c.RaiseCapital("equity", round(spec.equity_max_busd * 0.5, 1))]
    room = spec.debt_max_busd - firm.ledger.debt_busd
    if room > 1.0:
        return [c.RaiseCapital("debt", round(min(room, floor_busd), 1))]
    return []


def _book_foundries(model, prepay: bool, sites: tuple[str, ...]) -> list[c.Command]:
    """Book the newest funded design's node at each listed site with no contract running past the
    next three months: up to the share of the site one customer may hold (B3), less what is
    still booked there."""
    firm = model.firm
    if not firm.supply.generations:
        return []
    month = model.month
    node = None  # the newest design's node, looked up at the first site free to book
    out = []
    for key in sites:
        site = model.foundry_by_key.get(key)
        if site is None:
            continue
        active = [k for k in firm.supply.contracts if k.site is site and k.end > month + 3]
        if active:
            continue
        if node is None:
            gen = max(firm.supply.generations, key=firm.supply.generations.get)
            node = next(g.node for g in model.world.chip_generations if g.name == gen)
        free = site.capacity(node) * model.world.firm.contract_max_share_of_site
        free -= sum(k.wafers_per_month for k in firm.supply.contracts
                    if k.site is site and k.end > month)
        if free >= 500:
            out.append(c.BookFoundryCapacity(key, int(free // 100 * 100), 36, prepay))
    return out


def _book_memory(model, chips_per_month: float) -> list[c.Command]:
    """Keep HBM for the chips on their way under contract (B3), topping the book up to the full
    need only when cover beyond the next two months falls below 85 %: a few large contracts,
    not a small one every month."""
    firm = model.firm
    month = model.month
    active = 0.0  # stacks a month contracted beyond the next two months
    booked: dict[object, float] = {}  # stacks a month still contracted, by maker
    for k in firm.supply.memory_contracts:
        if k.end > month:
            booked[k.maker] = booked.get(k.maker, 0) + k.stacks_per_month
            if k.end > month + 2:
                active += k.stacks_per_month
    need = chips_per_month * firm.fleet.stacks_per_accelerator
    if active >= 0.85 * need:
        return []
    want = need - active
    smallest = max(1000.0, 0.1 * need)  # makers sell HBM ahead in blocks, not a stack at a time
    out = []
    for maker in model.memory_makers:
        if want < smallest:
            break
        limit = maker.hbm_supply_stacks() * 0.3 - booked.get(maker, 0)
        stacks = int(min(want, limit))
        if stacks >= smallest:
            out.append(c.BookMemory(maker.key, stacks, 24))
            want -= stacks
    return out


def _tools_on_order(model) -> dict[str, float]:
    """Machines or sets ordered for the Terafab and not yet shipped, by vendor key."""
    on_order: dict[str, float] = {}
    for order in model.firm.supply.tool_orders:
        if not order.ticket.done:
            key = order.vendor_key
            on_order[key] = on_order.get(key, 0.0) + order.ticket.ordered
    return on_order


def _own_chips_per_month(model) -> float:
    firm = model.firm
    acc = model.world.accelerators
    soon = model.month + 3
    wafers = sum(k.wafers_per_month for k in firm.supply.contracts if k.start <= soon < k.end)
    if firm.terafab is not None:
        wafers += sum(p.capacity_wpm * p.yield_mature for p in firm.terafab.phases
                      if p.phase in (fp.INSTALL, fp.RAMP, fp.VOLUME))
    return wafers * acc.gross_dies_per_wafer * 0.8 / acc.dies_per_accelerator


def _buy_merchant(model, share_of_power: float) -> list[c.Command]:
    firm = model.firm
    if model.merchant.player_order > 0 or firm.ledger.cash_busd < 10:
        return []
    headroom = (
        firm.power.gw - firm.power.used_gw
    ) * 1e6 / firm.fleet.kw_per_accelerator - firm.fleet.idle_units
    soon = model.month + 3
    arriving = (
        sum(p.gw for p in firm.power.pipeline if p.arrives_month <= soon)
        * 1e6
        / firm.fleet.kw_per_accelerator
    )
    units = int((max(0.0, headroom) + arriving) * share_of_power)
    price = model.accelerator_price_usd()
    units = min(units, int(firm.ledger.cash_busd * 0.3 * 1e9 / price))
    return [c.BuyAccelerators(model.merchant.key, units)] if units >= 1000 else []


# ---------------------------------------------------------------------------- the policies
def buyer(model) -> list[c.Command]:
    """Design-only (the Apple model, A2): funds chip designs, books foundry capacity and memory,
    buys merchant GPUs for power it has, never builds a fab. It raises money when cash runs low
    and plans the rest in a review each quarter."""
    out = _capital(model, 15.0)
    if model.month % 3:
        return out
    firm = model.firm
    out += _fund_generations(model)
    out += _book_foundries(
        model,
        prepay=firm.ledger.cash_busd > 40,
        sites=("tsmc-hsinchu", "tsmc-arizona", "samsung-korea", "samsung-taylor", "intel-arizona"),
    )
    chips = _own_chips_per_month(model)
    out += _book_memory(model, chips)
    out += _power_plan(model, chips * 3, space=False)
    out += _buy_merchant(model, 0.8)
    if firm.edge_share == 0.0 and firm.current_generation():
        out.append(c.SetEdgeShare(0.3))
    return out


def integrator(model) -> list[c.Command]:
    """Builds the Terafab as fast as the rules allow (A1, B6, B7), with power from every source."""
    firm = model.firm
    out = _capital(model, 30.0)
    out += _fund_generations(model)
    tf = firm.terafab
    if tf is None:
        return out + [c.StartTerafab("grimes-county")]
    spec = tf.spec
    if len(tf.phases) < len(spec.phases):
        nxt = spec.phases[len(tf.phases)]
        previous_built = not tf.phases or tf.phases[-1].phase not in (fp.PERMITS, fp.CONSTRUCTION)
        if previous_built and firm.ledger.cash_busd > nxt.capex_busd * 0.1 + 5:
            out.append(c.FundTerafabPhase())
    # order every tool the funded phases need and have not got
    need: dict[str, float] = {}
    for p in tf.phases:
        if p.tools_ready is not True:
            for k, v in tf.tools_needed(p.capacity_wpm).items():
                need[k] = need.get(k, 0.0) + v
    on_order = _tools_on_order(model) if need else {}
    for key, units in need.items():
        missing = units - tf.tool_stock.get(key, 0.0) - on_order.get(key, 0.0)
        if missing >= 1.0 or (key != "asml" and missing > 0.05):
            out.append(c.OrderTools(key, max(1, int(missing + 0.999))))
    # staff ahead of need: the ramp waits for people (B7)
    staff_goal = (
        sum(p.capacity_wpm for p in tf.phases if p.phase != fp.PERMITS)
        / 1e4
        * spec.staff_per_10k_wpm
    )
    if staff_goal - tf.staff - tf.hires_pending >= 100:
        out.append(c.HireStaff(int(staff_goal - tf.staff - tf.hires_pending)))
    if (
        tf.first_output_month is not None
        and tf.tool_mod_target < spec.tool_mod_max_gain - 0.01
        and firm.ledger.cash_busd > 40
    ):
        out.append(c.ModifyTools(4.0))
    if (
        not tf.litho_bet_active
        and not tf.own_litho_ready
        and model.month >= 24
        and firm.ledger.cash_busd > 60
    ):
        out.append(c.SetLithographyBet(True))
    if model.month % 3 == 0:  # memory and power in a review each quarter
        chips = _own_chips_per_month(model)
        out += _book_memory(model, chips)
        out += _power_plan(model, chips * 3, space=True)
    if firm.edge_share == 0.0 and firm.current_generation():
        out.append(c.SetEdgeShare(0.2))
    return out


def balanced(model) -> list[c.Command]:
    """A sensible mix: own designs at foundries now, merchant GPUs for the gap, the Terafab
    started after a year, and power from the grid, solar and (later) space. It raises money when
    cash runs low and plans the rest in a review each quarter."""
    out = _capital(model, 20.0)
    if model.month % 3:
        return out
    firm = model.firm
    out += _fund_generations(model)
    out += _book_foundries(
        model, prepay=False, sites=("tsmc-arizona", "samsung-taylor", "samsung-korea")
    )
    chips = _own_chips_per_month(model)
    out += _book_memory(model, chips)
    out += _power_plan(model, chips * 3, space=True)
    out += _buy_merchant(model, 0.5)
    tf = firm.terafab
    if tf is None and model.month >= 12 and firm.ledger.cash_busd > 20:
        out.append(c.StartTerafab("grimes-county"))
    elif tf is not None:
        if not tf.phases and firm.ledger.cash_busd > 10:
            out.append(c.FundTerafabPhase())
        elif (tf.phases and tf.phases[0].producing and len(tf.phases) < 2
              and firm.ledger.cash_busd > 20):
            out.append(c.FundTerafabPhase())
        for p in tf.phases:
            if p.phase in (fp.CONSTRUCTION, fp.TOOLS) and p.tools_ready is not True:
                on_order = _tools_on_order(model)
                for key, units in tf.tools_needed(p.capacity_wpm).items():
                    missing = units - tf.tool_stock.get(key, 0.0) - on_order.get(key, 0.0)
                    if missing > 0.5:
                        out.append(c.OrderTools(key, max(1, int(missing + 0.999))))
                break
        staff_goal = (
            sum(p.capacity_wpm for p in tf.phases if p.phase not in (fp.PERMITS,))
            / 1e4
            * tf.spec.staff_per_10k_wpm
        )
        if staff_goal - tf.staff - tf.hires_pending >= 100:
            out.append(c.HireStaff(int(staff_goal - tf.staff - tf.hires_pending)))
    if firm.edge_share == 0.0 and firm.current_generation():
        out.append(c.SetEdgeShare(0.4))
    return out


POLICIES: dict[str, Policy] = {
    "passive": passive,
    "buyer": buyer,
    "integrator": integrator,
    "balanced": balanced,
}

DESCRIPTIONS: dict[str, str] = {
    name: " ".join((fn.__doc__ or "").split("\n\n")[0].split()) for name, fn in POLICIES.items()}
