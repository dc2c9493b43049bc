"""What the player's plan needs now: the amounts a form's "What I need" button fills in, and the
downstream needs its preview names (the power and HBM the chips of an order will want).

Read-only arithmetic on the world as it stands, in the engine's own units (3 kW and eight HBM
stacks an accelerator); nothing here changes the simulation.
"""

from __future__ import annotations

import math

from game.agents.commands.limits import newest_design

AHEAD_MONTHS = 12  # power and HBM are ordered for a year of the chips on their way


def _acc(session):
    return session.model.world.accelerators


def own_chips_per_month(session) -> float:
    """Own accelerators a month from the wafer contracts running now or within a quarter, at the
    policies' expected yield (the Terafab's wafers count once it is installing tools)."""
    model = session.model
    acc = _acc(session)
    soon = model.month + model.world.policies.lookahead_months
    wafers = sum(k.wafers_per_month for k in model.firm.supply.contracts
                 if k.start <= soon < k.end)
    fab = model.firm.terafab
    if fab is not None:
        wafers += sum(p.capacity_wpm * p.yield_mature for p in fab.phases
                      if str(p.phase) in ("install", "ramp", "volume"))
    yield_share = model.world.policies.own_chip_yield
    return wafers * acc.gross_dies_per_wafer * yield_share / acc.dies_per_accelerator


def gw_for(session, chips: float) -> float:
    return chips * _acc(session).kw_per_accelerator / 1e6


def chips_for(session, gw: float) -> float:
    return gw * 1e6 / _acc(session).kw_per_accelerator


def spare_gw(session) -> float:
    power = session.model.firm.power
    return max(0.0, power.gw - power.used_gw)


def coming_gw(session) -> float:
    return sum(p.gw for p in session.model.firm.power.pipeline)


def power_lacking_gw(session) -> float:
    """The power the chips already delivered lack: those waiting for it, less the spare."""
    firm = session.view(events=0).firm
    return max(0.0, gw_for(session, firm.waiting_for_power) - spare_gw(session))


def power_need_gw(session) -> float:
    """Power to order now: for the chips waiting and a year of own chips, less what is coming."""
    firm = session.view(events=0).firm
    chips = firm.waiting_for_power + firm.waiting_for_memory + \
        own_chips_per_month(session) * AHEAD_MONTHS
    return max(0.0, gw_for(session, chips) - spare_gw(session) - coming_gw(session))


def hbm_need_stacks_per_month(session) -> float:
    """HBM a month for the own chips on their way and those waiting for memory (over two years),
    less the HBM already under contract for the coming year."""
    model = session.model
    stacks = model.world.accelerators.hbm_stacks_per_accelerator
    firm = session.view(events=0).firm
    want = own_chips_per_month(session) * stacks + firm.waiting_for_memory * stacks / 24
    later = model.month + AHEAD_MONTHS
    booked = sum(k.stacks_per_month for k in model.firm.supply.memory_contracts if k.end > later)
    return max(0.0, want - booked)


def chips_power_can_light(session) -> float:
    """Accelerators the spare power and the power arriving within a quarter can light, less the
    chips already waiting for it."""
    model = session.model
    soon = model.month + model.world.policies.lookahead_months
    arriving = sum(p.gw for p in model.firm.power.pipeline if p.arrives_month <= soon)
    firm = session.view(events=0).firm
    return max(0.0, chips_for(session, spare_gw(session) + arriving) - firm.waiting_for_power)


def tools_lacking(session, vendor: str) -> float:
    """Machines (EUV) or tool sets from `vendor` the Terafab's funded phases still lack (its first
    phase before any is funded): their need less what is installed, on site and on order."""
    model = session.model
    tf = model.firm.terafab
    if tf is None:
        return 0.0  # the preview says to start the Terafab first
    phases = [p.capacity_wpm for p in tf.phases] or [tf.phase_spec(0).capacity_wpm]
    need = sum(tf.tools_needed(wpm).get(vendor, 0.0) for wpm in phases)
    have = tf.tool_stock.get(vendor, 0.0) + tf.tools_installed.get(vendor, 0.0)
    ordered = sum(o.ticket.remaining for o in model.firm.supply.tool_orders
                  if o.vendor_key == vendor)
    return max(0.0, need - have - ordered)


def wafers_power_can_use(session, site_key: str) -> float:
    """Wafers a month at `site_key` for a year of the newest design's chips that the power owned
    and ordered can still light, beyond the chips waiting and a year of own chips on their way."""
    model = session.model
    site, gen = model.foundry_by_key.get(site_key), newest_design(model)
    if site is None or gen is None or site.yield_at(gen.node) <= 0:
        return 0.0
    acc = _acc(session)
    firm = session.view(events=0).firm
    room = (chips_for(session, spare_gw(session) + coming_gw(session)) - firm.waiting_for_power
            - firm.waiting_for_memory - own_chips_per_month(session) * AHEAD_MONTHS)
    chips_a_month = max(0.0, room) / AHEAD_MONTHS
    return (chips_a_month * acc.dies_per_accelerator
            / (acc.gross_dies_per_wafer * site.yield_at(gen.node)))


def staff_lacking(session) -> float:
    """Staff the funded Terafab phases will need at volume, less those on site and being hired."""
    tf = session.model.firm.terafab
    if tf is None:
        return 0.0
    need = sum(p.capacity_wpm for p in tf.phases) / 10000.0 * tf.spec.staff_per_10k_wpm
    return max(0.0, need - tf.staff - tf.hires_pending)


def chips_per_month_of(session, capacity_wpm: float) -> float:
    """Accelerators a month from `capacity_wpm` of the Terafab at its mature yield."""
    acc = _acc(session)
    return (capacity_wpm * session.model.world.terafab.yield_mature * acc.gross_dies_per_wafer
            / acc.dies_per_accelerator)


def _up(x: float, step: float) -> float:
    return math.ceil(x / step - 1e-9) * step


def need_values(session, name: str, values: dict | None = None) -> dict[str, float]:
    """The amounts the plan needs for a command's fields ({} when there is no need to fill);
    `values` are the form's other fields (the vendor a tool order is for)."""
    if name == "book_foundry":
        wafers = wafers_power_can_use(session, (values or {}).get("site", ""))
        return {"wafers_per_month": int(_up(wafers, 100))} if wafers >= 100 else {}
    if name == "hire_staff":
        people = staff_lacking(session)
        return {"people": int(_up(people, 10))} if people >= 10 else {}
    if name == "order_tools":
        vendor = (values or {}).get("vendor", "")
        units = tools_lacking(session, vendor)
        return {"quantity": math.ceil(units - 1e-9)} if units > 1e-9 else {}
    if name in ("request_grid", "order_turbines", "build_solar", "launch_space"):
        gw = power_need_gw(session)
        return {"gw": round(_up(gw, 0.1), 1)} if gw > 0 else {}
    if name == "book_memory":
        stacks = hbm_need_stacks_per_month(session)
        return {"stacks_per_month": int(_up(stacks, 1000))} if stacks > 0 else {}
    if name == "buy_accelerators":
        units = chips_power_can_light(session)
        return {"units": int(units // 1000 * 1000)} if units >= 1000 else {}
    if name == "repay_debt":
        firm = session.model.firm
        debt = min(firm.ledger.debt_busd, firm.ledger.cash_busd)
        return {"busd": round(debt, 1)} if debt >= 0.1 else {}
    return {}


def downstream(session, command) -> str:
    """What an order will need next, in words, for its preview ("" when nothing follows)."""
    from game.ui import fmt
    from game.ui.i18n import t

    acc = _acc(session)
    name = command.name
    if name == "book_foundry":
        model = session.model
        site, gen = model.foundry_by_key.get(command.site), newest_design(model)
        if site is None or gen is None or not site.runs(gen.node):
            return ""  # the preview says why the rules refuse it
        chips = (command.wafers_per_month * acc.gross_dies_per_wafer * site.yield_at(gen.node)
                 / acc.dies_per_accelerator)  # the same count as the preview's
        return _chips_need(session, chips)
    if name == "intel_partner":
        offer = next((o for o in session.model.world.intel_partner.offers
                      if o.id == command.offer), None)
        if offer is None:
            return ""
        return _chips_need(session, command.wafers_per_month * offer.mature_yield
                           * acc.gross_dies_per_wafer / acc.dies_per_accelerator)
    if name == "start_terafab":  # its first phase, once built and ramped
        wpm = session.model.world.terafab.phases[0].capacity_wpm
        return t("needs.first_phase", need=_fab_need(session, wpm))
    if name in ("fund_phase", "order_tools"):
        return _fab_downstream(session, command)
    if name == "buy_accelerators":
        return t("needs.power", gw=f"{gw_for(session, command.units):.2f}",
                 spare=f"{spare_gw(session):.2f}", coming=f"{coming_gw(session):.2f}")
    if name in ("request_grid", "order_turbines", "build_solar"):
        firm = session.view(events=0).firm
        return t("needs.lights", chips=fmt.count(chips_for(session, command.gw)),
                 waiting=fmt.count(firm.waiting_for_power))
    if name == "book_memory":
        return t("needs.feeds", chips=fmt.count(command.stacks_per_month
                                                 / acc.hbm_stacks_per_accelerator),
                 own=fmt.count(own_chips_per_month(session)))
    return ""


def _chips_need(session, chips: float) -> str:
    """Chips a month in words: the power a year of them draws and the HBM they take."""
    from game.ui import fmt
    from game.ui.i18n import t

    return t("needs.chips", chips=fmt.count(chips), gw=f"{gw_for(session, chips * 12):.2f}",
             stacks=fmt.count(chips * _acc(session).hbm_stacks_per_accelerator))


def _fab_need(session, wpm: float) -> str:
    """A Terafab capacity in words: its chips at mature yield, their power and HBM."""
    from game.ui import fmt
    from game.ui.i18n import t

    chips = chips_per_month_of(session, wpm)
    return t("needs.fab", wpm=fmt.count(wpm), chips=fmt.count(chips),
             gw=f"{gw_for(session, chips * 12):.2f}",
             stacks=fmt.count(chips * _acc(session).hbm_stacks_per_accelerator))


def _fab_downstream(session, command) -> str:
    """For a Terafab phase or its tools: the chips the capacity makes at mature yield and the power
    and HBM they will want, and the tools still lacking from every vendor (a phase starts only
    when all five vendors' shares have arrived)."""
    from game.ui.i18n import t

    tf = session.model.firm.terafab
    if tf is None:
        return ""
    labels = dict(session.choices("tool_vendors"))
    name = command.name
    if name == "fund_phase":
        if len(tf.phases) >= len(tf.spec.phases):
            return ""
        wpm = tf.phase_spec(len(tf.phases)).capacity_wpm
        tools = tf.tools_needed(wpm)
    else:
        wpm = sum(p.capacity_wpm for p in tf.phases) or tf.phase_spec(0).capacity_wpm
        tools = {key: tools_lacking(session, key) for key in tf.tools_needed(wpm)}
        tools[command.vendor] = tools.get(command.vendor, 0.0) - command.quantity  # this order
    text = _fab_need(session, wpm)
    owed = [f"{labels.get(key, key)} {units:,.4g}" for key, units in tools.items() if units > 1e-9]
    key = "needs.tools_phase" if name == "fund_phase" else "needs.tools"
    return f"{text} {t(key, tools='; '.join(owed))}" if owed else text
