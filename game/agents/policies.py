"""Scripted players. Each looks at the world as the player would and returns commands, which go
through the same checks as a human's and stay within the same limits (game/agents/commands/
limits.py). They are the rivals and benchmarks on the end screen. Their habits' numbers are
`policies:` in configs/world.yaml.

A policy is a pure function of the model's state (no memory of its own), so a saved game that
replays its command log and then resumes the policy continues exactly.
"""

from __future__ import annotations

from collections.abc import Callable

from game.agents.commands import limits, partner
from game.agents.terafab import EUV_KEY
from game.domain import commands as c
from game.mechanics import fabproject as fp

Policy = Callable[[object], list[c.Command]]


def passive(model) -> list[c.Command]:
    """Keeps the cluster it has: nothing new, but chips that retire (H13) are replaced one for
    one with merchant accelerators bought on the market (A2), as a lab running a cluster would.
    It looks in the quarterly review, within the power its retired chips freed."""
    firm = model.firm
    if model.month % model.world.policies.review_every_months or model.merchant.player_order > 0:
        return []
    spec, fleet, habit = model.world.firm, firm.fleet, model.world.policies.merchant
    missing = spec.initial_accelerators + spec.initial_accelerators_waiting_power - \
        fleet.dc_units - fleet.idle_units
    if missing < habit.min_units or firm.ledger.cash_busd < habit.min_cash_busd:
        return []  # most quarters: the cluster is whole
    room = (firm.power.gw - firm.power.used_gw) * 1e6 / fleet.merchant_kw - fleet.idle_units
    price = model.accelerator_price_usd()
    units = int(min(missing, room, limits.cash_allows(model, habit.cash_share, price / 1e9)))
    return [c.BuyAccelerators(model.merchant.key, units)] if units >= habit.min_units else []


# ---------------------------------------------------------------------------- shared habits
def _fund_generations(model) -> list[c.Command]:
    """Fund the next design in line once it could just reach volume at its earliest date (B4)."""
    funded = model.firm.supply.generations
    for gen in model.world.chip_generations:
        if gen.name in funded or (gen.requires is not None and gen.requires not in funded):
            continue  # funded already, or its predecessor is not
        head_start = model.world.policies.design_head_start_months
        if model.month >= model.month_of(gen.earliest) - gen.design_months - head_start:
            return [c.FundChipGeneration(gen.name)]
        break
    return []


def _worth_ordering(gw: float, gap: float, block: float, min_block: float) -> bool:
    """A full block, or, when cash or a yearly limit caps the order below the gap, whatever that
    allows above the smallest order worth placing (F2: money, not habit, sets the pace)."""
    return gw >= block or (min_block <= gw < gap)


def _habits(model, mine, section: str):
    """A shared habit section (`policies.power`, `.memory`, `.capital`), or the policy's own
    when its section sets one: an aggressive player books and borrows unlike a cautious one."""
    own = getattr(mine, section, None)
    return own if own is not None else getattr(model.world.policies, section)


def _power_plan(model, chips_per_month: float, space: bool, mine=None) -> list[c.Command]:
    """Order enough power for the chips on their way, fastest sources first (B1, B10, B5), within
    what utilities, land permits and turbine makers take."""
    firm = model.firm
    p = model.world.power
    habit = _habits(model, mine, "power")
    chips_coming = chips_per_month * habit.months_of_chips
    need_gw = (firm.fleet.chips_idle() + chips_coming) * firm.fleet.kw_per_accelerator / 1e6
    coming_gw = sum([p.gw for p in firm.power.pipeline])
    have_gw = firm.power.gw - firm.power.used_gw + coming_gw + \
        firm.power.space_tons_queued * p.space_kw_per_ton / 1e6
    gap = need_gw - have_gw
    margin = habit.margin_share * need_gw  # order in blocks: wait for the gap to pass the
    min_gap = habit.min_gap_gw              # margin, then order the margin ahead
    if gap <= max(min_gap, margin):
        return []
    gap += margin
    block = max(habit.min_block_gw, margin)  # the smallest order worth placing, GW
    out: list[c.Command] = []
    # round(gw - 0.005, 2): GW rounded down to the hundredth, so the order stays within the limit
    if space and limits.space_launch_open(model):  # B5
        gw = min(gap, limits.cash_allows(model, habit.space_cash_share, p.space_capex_busd_per_gw),
                 habit.space_max_gw)
        if _worth_ordering(gw, gap, block, habit.min_block_gw):
            out.append(c.LaunchSpaceSolar(round(gw, 2)))
            gap -= gw
    if gap > min_gap and model.month % habit.grid_every_months == 0:  # H8
        gw = min(gap, p.grid_max_request_gw, limits.grid_room_gw(model))
        if gw >= habit.grid_min_gw:
            out.append(c.RequestGrid(round(gw - 0.005, 2)))
            gap -= gw
    if gap > min_gap:  # B10: land permits
        gw = min(gap, limits.cash_allows(model, habit.solar_cash_share, p.solar_capex_busd_per_gw),
                 limits.solar_left_this_year_gw(model), habit.solar_max_gw)
        if _worth_ordering(gw, gap, block, habit.min_block_gw):
            out.append(c.BuildSolar(round(gw - 0.005, 2)))
            gap -= gw
    if gap > min_gap:  # B10: blade casting
        gw = min(gap, limits.cash_allows(model, habit.turbine_cash_share,
                                         p.turbines.capex_busd_per_gw),
                 limits.turbines_left_this_year_gw(model), habit.turbine_max_gw)
        if _worth_ordering(gw, gap, block, habit.min_block_gw):
            out.append(c.OrderTurbines(round(gw - 0.005, 2)))
    return out


def _capital(model, mine) -> list[c.Command]:
    """Raise money when cash runs low (below the policy's cash floor): the IPO first, then
    equity, then debt (A7)."""
    firm = model.firm
    floor_busd = mine.cash_floor_busd
    ledger = firm.ledger
    if ledger.cash_busd >= floor_busd:  # most months: cash above the floor, and no debt
        if ledger.debt_busd <= 0:
            return []
        # F2, F3: pay debt down with cash above the floor's double
        habit = _habits(model, mine, "capital")
        spare = ledger.cash_busd - habit.repay_above_floor_multiple * floor_busd
        if spare > habit.min_debt_busd:
            repay = round(min(spare, ledger.debt_busd), 1)
            if repay > 0.0:  # a last sliver of debt rounds to nothing, which RepayDebt refuses
                return [c.RepayDebt(repay)]
        return []
    spec = model.world.firm
    habit = _habits(model, mine, "capital")
    if not firm.ledger.ipo_done and limits.ipo_window_open(model):
        return [c.RaiseCapital("ipo", spec.ipo_raise_busd)]
    if limits.equity_wait_months(model) <= 0:
        equity = spec.equity_max_busd * habit.equity_share_of_max
        return [c.RaiseCapital("equity", round(equity, 1))]
    # F3: borrow only up to a leverage well inside the covenant
    room = min(limits.debt_room_busd(model),
               habit.max_debt_to_ebitda * ledger.ebitda_year_busd() - ledger.debt_busd)
    if room > habit.min_debt_busd and firm.covenants.state == "ok":
        return [c.RaiseCapital("debt", round(min(room, floor_busd), 1))]
    return []


def _book_foundries(model, prepay: bool, sites: tuple[str, ...]) -> list[c.Command]:
    """Book the newest funded design's node at each listed site with no contract running past the
    renewal window: what one customer may still book there (B3)."""
    gen = limits.newest_design(model)
    if gen is None:
        return []
    habit = model.world.policies.foundry
    renew_by = model.month + habit.renew_within_months
    booked_past_renewal = {k.site for k in model.firm.supply.contracts if k.end > renew_by}
    out: list[c.Command] = []
    for key in sites:
        site = model.foundry_by_key.get(key)
        if site is None or site in booked_past_renewal:
            continue
        # more cautious than the rule (limits.site_free_wafers): bookings of an older design's
        # node at the site count against the new node's share too
        free = limits.site_share_wafers(model, site, gen.node) - \
            limits.site_booked_wafers(model, site)
        if free >= habit.min_wafers_per_month:
            wafers = int(free // habit.wafers_step * habit.wafers_step)
            out.append(c.BookFoundryCapacity(key, wafers, habit.contract_months, prepay))
    return out


def _book_memory(model, chips_per_month: float, mine=None) -> list[c.Command]:
    """Keep HBM for the chips on their way under contract (B3), topping the book up to the full
    need only when the cover past the next months falls short: a few large contracts, not a small
    one every month."""
    firm = model.firm
    habit = _habits(model, mine, "memory")
    after = model.month + habit.cover_after_months
    active = 0.0  # stacks a month contracted past the next months
    for k in firm.supply.memory_contracts:
        if k.end > after:
            active += k.stacks_per_month
    need = chips_per_month * firm.fleet.stacks_per_accelerator
    if active >= habit.min_cover_share * need:
        return []
    want = need - active
    smallest = max(habit.min_block_stacks, habit.min_block_share_of_need * need)
    bookable = limits.hbm_bookable_stacks(model)
    out: list[c.Command] = []
    for maker in model.memory_makers:
        if want < smallest:
            break
        offer = int(bookable[maker])
        stacks = min(int(want), offer)
        # a block, or all a maker may still sell: a need that outgrows every maker (bigger
        # packages, H13 renewals) takes what each offers rather than nothing
        if stacks >= smallest or habit.min_block_stacks <= stacks == offer:
            out.append(c.BookMemory(maker.key, stacks, habit.contract_months))
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


def _tools_missing(model, capacity_wpm: float) -> dict[str, float]:
    """Machines or sets each vendor still owes the Terafab for `capacity_wpm`: needed, less those
    in stock and on order."""
    tf = model.firm.terafab
    on_order = _tools_on_order(model)
    return {key: units - tf.tool_stock.get(key, 0.0) - on_order.get(key, 0.0)
            for key, units in tf.tools_needed(capacity_wpm).items()}


def _order_tools(key: str, missing: float) -> c.OrderTools:
    """Whole machines or sets, rounded up (a shortfall under a thousandth of one is float noise)."""
    return c.OrderTools(key, max(1, int(missing + 0.999)))


def _hire_for(model, phases) -> list[c.Command]:
    """Staff ahead of need for the phases past permits: the ramp waits for people (B7)."""
    tf = model.firm.terafab
    goal = sum([p.capacity_wpm for p in phases if p.phase != fp.PERMITS]) / 1e4 * \
        tf.spec.staff_per_10k_wpm
    missing = goal - tf.staff - tf.hires_pending
    if missing >= model.world.policies.min_hire_staff:
        return [c.HireStaff(int(missing))]
    return []


def _own_chips_per_month(model) -> float:
    """Own chips a month from the wafers booked or made soon, at the yield a policy expects."""
    firm = model.firm
    acc = model.world.accelerators
    habits = model.world.policies
    soon = model.month + habits.lookahead_months
    wafers = sum([k.wafers_per_month for k in firm.supply.contracts if k.start <= soon < k.end])
    if firm.terafab is not None:
        wafers += sum([p.capacity_wpm * p.yield_mature for p in firm.terafab.phases
                       if p.phase in (fp.INSTALL, fp.RAMP, fp.VOLUME)])
    return wafers * acc.gross_dies_per_wafer * habits.own_chip_yield / acc.dies_per_accelerator


def _buy_merchant(model, share_of_power: float) -> list[c.Command]:
    """Merchant accelerators for a share of the power there is or arrives soon (A2)."""
    firm = model.firm
    habit = model.world.policies.merchant
    if model.merchant.player_order > 0 or firm.ledger.cash_busd < habit.min_cash_busd:
        return []
    headroom = (
        firm.power.gw - firm.power.used_gw
    ) * 1e6 / firm.fleet.kw_per_accelerator - firm.fleet.idle_units
    soon = model.month + model.world.policies.lookahead_months
    arriving = (
        sum([p.gw for p in firm.power.pipeline if p.arrives_month <= soon])
        * 1e6
        / firm.fleet.kw_per_accelerator
    )
    units = int((max(0.0, headroom) + arriving) * share_of_power)
    price = model.accelerator_price_usd()
    units = min(units, int(limits.cash_allows(model, habit.cash_share, price / 1e9)))
    return [c.BuyAccelerators(model.merchant.key, units)] if units >= habit.min_units else []


def _edge(model, share: float) -> list[c.Command]:
    """Send a share of own chips to cars and robots once a design is ready (B11)."""
    firm = model.firm
    if firm.edge_share == 0.0 and firm.current_generation():
        return [c.SetEdgeShare(share)]
    return []


# ---------------------------------------------------------------------------- the policies
def _sign_intel(model, cash_floor_busd: float) -> list[c.Command]:
    """Sign with Intel (A9) for the room each open offer leaves, while cash covers the co-funding
    above the floor: only a line on the roadmap's node (the last chip generation's), since a line
    on an older node would make an old design for years; contracts as long as foundry bookings."""
    out: list[c.Command] = []
    cash = model.firm.ledger.cash_busd - cash_floor_busd
    months = model.world.policies.foundry.contract_months
    roadmap_node = model.world.chip_generations[-1].node
    for offer in model.world.intel_partner.offers:
        if offer.node != roadmap_node or model.month < model.month_of(offer.earliest):
            continue
        wafers = int(partner.partner_room_wpm(model, offer) // 1000) * 1000
        # the room first: most quarters the line is full, and the design search is the dearer
        if wafers < 1000 or partner.design_for(model, offer.node) is None:
            continue
        cost = wafers / 10000.0 * offer.upfront_busd_per_10k_wpm
        if cost <= cash:
            out.append(c.SignIntelPartnership(offer.id, wafers, months))
            cash -= cost
    return out


def buyer(model) -> list[c.Command]:
    """Design-only (the Apple model, A2): funds chip designs, books foundry capacity and memory,
    signs with Intel as a foundry partner (A9), buys merchant GPUs for power it has, never builds
    a fab. It raises money when cash runs low
    and plans the rest in a review each quarter."""
    mine = model.world.policies.buyer
    out = _capital(model, mine)
    if model.month % model.world.policies.review_every_months:
        return out
    out += _fund_generations(model)
    out += _book_foundries(
        model,
        prepay=model.firm.ledger.cash_busd > mine.prepay_above_cash_busd,
        sites=("tsmc-hsinchu", "tsmc-arizona", "samsung-korea", "samsung-taylor", "intel-arizona"),
    )
    out += _sign_intel(model, mine.cash_floor_busd)  # Intel's line instead of a fab of its own
    chips = _own_chips_per_month(model)
    out += _book_memory(model, chips, mine)
    out += _power_plan(model, chips, space=False, mine=mine)
    out += _buy_merchant(model, mine.merchant_share_of_power)
    return out + _edge(model, mine.edge_share)


def integrator(model) -> list[c.Command]:
    """Builds the Terafab as fast as the rules allow (A1, B6, B7) and bets on its own
    lithography, with every spare dollar in space solar and all the equity investors take: the
    most compute, and the most riding on one fab.

    It funds no more phases than its `max_phases`: HBM makers sell one firm too few stacks for a
    second phase's chips, which would only wait for memory."""
    firm = model.firm
    mine = model.world.policies.integrator
    out = _capital(model, mine)
    out += _fund_generations(model)
    tf = firm.terafab
    if tf is None:
        return out + [c.StartTerafab("grimes-county")]
    spec = tf.spec
    if len(tf.phases) < min(len(spec.phases), mine.max_phases):
        previous_built = not tf.phases or tf.phases[-1].phase not in (fp.PERMITS, fp.CONSTRUCTION)
        if previous_built and firm.ledger.cash_busd > limits.phase_upfront_busd(
                model, spec.phases[len(tf.phases)]) + mine.phase_cash_margin_busd:
            out.append(c.FundTerafabPhase())
    # order every tool the funded phases need and have not got: EUV systems whole, sets for
    # any shortfall worth a set's share
    need: dict[str, float] = {}
    for p in tf.phases:
        if p.tools_ready is not True:
            for k, v in tf.tools_needed(p.capacity_wpm).items():
                need[k] = need.get(k, 0.0) + v
    on_order = _tools_on_order(model) if need else {}
    for key, units in need.items():
        missing = units - tf.tool_stock.get(key, 0.0) - on_order.get(key, 0.0)
        if missing >= 1.0 or (key != EUV_KEY and missing > mine.set_shortfall_min):
            out.append(_order_tools(key, missing))
    out += _hire_for(model, tf.phases)
    if (
        tf.first_output_month is not None
        and tf.tool_mod_target < spec.tool_mod_max_gain - mine.tool_mod_stop_short
        and firm.ledger.cash_busd > mine.tool_mod_min_cash_busd
    ):
        out.append(c.ModifyTools(mine.tool_mod_busd))
    if (
        not tf.litho_bet_active
        and not tf.own_litho_ready
        and model.month >= mine.litho_bet_from_month
        and firm.ledger.cash_busd > mine.litho_bet_min_cash_busd
    ):
        out.append(c.SetLithographyBet(True))
    if model.month % model.world.policies.review_every_months == 0:  # memory and power
        chips = _own_chips_per_month(model)
        out += _book_memory(model, chips, mine)
        out += _power_plan(model, chips, space=True, mine=mine)
    return out + _edge(model, mine.edge_share)


def balanced(model) -> list[c.Command]:
    """A sensible mix: own designs at foundries now, merchant GPUs for the gap, the Terafab
    started after a year, and power from the grid, solar and (later) space. It never borrows:
    it raises equity when cash falls below its reserve, and plans the rest in a review each
    quarter."""
    mine = model.world.policies.balanced
    out = _capital(model, mine)
    if model.month % model.world.policies.review_every_months:
        return out
    firm = model.firm
    out += _fund_generations(model)
    out += _book_foundries(
        model, prepay=False, sites=("tsmc-arizona", "samsung-taylor", "samsung-korea")
    )
    chips = _own_chips_per_month(model)
    out += _book_memory(model, chips, mine)
    out += _power_plan(model, chips, space=True, mine=mine)
    out += _buy_merchant(model, mine.merchant_share_of_power)
    tf = firm.terafab
    if tf is None:
        if (model.month >= mine.terafab_from_month
                and firm.ledger.cash_busd > mine.terafab_min_cash_busd):
            out.append(c.StartTerafab("grimes-county"))
    else:
        # a phase is funded from cash left after its upfront share (A1): never on credit
        spare = firm.ledger.cash_busd - limits.phase_upfront_busd(
            model, tf.spec.phases[min(len(tf.phases), len(tf.spec.phases) - 1)])
        if not tf.phases and spare > mine.first_phase_min_cash_busd:
            out.append(c.FundTerafabPhase())
        elif tf.phases and tf.phases[0].producing and len(tf.phases) < mine.max_phases and \
                spare > mine.more_phases_min_cash_busd:
            out.append(c.FundTerafabPhase())
        # tools for the first phase being built that lacks them
        for p in tf.phases:
            if p.phase in (fp.CONSTRUCTION, fp.TOOLS) and p.tools_ready is not True:
                for key, missing in _tools_missing(model, p.capacity_wpm).items():
                    if missing > mine.tool_shortfall_min:
                        out.append(_order_tools(key, missing))
                break
        out += _hire_for(model, tf.phases)
    return out + _edge(model, mine.edge_share)


POLICIES: dict[str, Policy] = {
    "passive": passive,
    "buyer": buyer,
    "integrator": integrator,
    "balanced": balanced,
}

DESCRIPTIONS: dict[str, str] = {
    name: " ".join((fn.__doc__ or "").split("\n\n")[0].split()) for name, fn in POLICIES.items()}
