"""The limits a command runs into, in one place: the checks refuse past them and the scripted
players plan within them, so a policy never asks for what the rules would refuse."""

from __future__ import annotations

from game.i18n import msg


def newest_design(model):
    """The funded chip generation ready last, or None: the design a foundry booking makes (B4)."""
    funded = model.firm.supply.generations
    if not funded:
        return None
    name = max(funded, key=funded.get)
    for gen in model.world.chip_generations:
        if gen.name == name:
            return gen
    return None


def site_share_wafers(model, site, node: str) -> float:
    """B3: wafers a month of `node` at `site` one customer may hold under contract (most capacity
    is booked years ahead): `firm.contract_max_share_of_site` of it, or less under an antitrust
    cap (A8)."""
    share = min(model.world.firm.contract_max_share_of_site,
                model.trade.player_cap("leading-edge wafers"))
    return site.capacity(node) * share


def site_booked_wafers(model, site, node: str | None = None) -> float:
    """Wafers a month the firm's running contracts hold at `site`, on `node` (None: any node)."""
    month = model.month
    return sum([k.wafers_per_month for k in model.firm.supply.contracts
                if k.site is site and (node is None or k.node == node) and k.end > month])


def site_free_wafers(model, site, node: str) -> float:
    """B3: wafers a month of `node` the firm may still book at `site`: its share of the site less
    what its running contracts on that node hold."""
    return max(0.0, site_share_wafers(model, site, node) - site_booked_wafers(model, site, node))


def maker_hbm_bookable(model, maker) -> float:
    """B3: HBM stacks a month `maker` will still promise the firm: a share of what it makes
    (`rules.supply.hbm_max_share_of_maker`, or less under an antitrust cap, A8), less what the
    firm's running contracts with it hold."""
    month = model.month
    booked = 0.0
    for k in model.firm.supply.memory_contracts:
        if k.maker is maker and k.end > month:
            booked += k.stacks_per_month
    return maker.hbm_supply_stacks() * hbm_share_of_maker(model) - booked


def hbm_share_of_maker(model) -> float:
    """B3, A8: the share of a maker's HBM one buyer may hold under contract."""
    return min(model.world.rules.supply.hbm_max_share_of_maker, model.trade.player_cap("HBM"))


def hbm_bookable_stacks(model) -> dict[object, float]:
    """B3: `maker_hbm_bookable` for every memory maker, the contracts summed in one pass."""
    month = model.month
    booked: dict[object, float] = {}
    for k in model.firm.supply.memory_contracts:
        if k.end > month:
            booked[k.maker] = booked.get(k.maker, 0.0) + k.stacks_per_month
    share = hbm_share_of_maker(model)
    return {maker: maker.hbm_supply_stacks() * share - booked.get(maker, 0.0)
            for maker in model.memory_makers}


def space_tons_per_month(model) -> float:
    """B5: launch capacity the firm may use for compute this month, tons."""
    return model.launch_tons_per_month() * model.world.power.space_share_of_launch


def space_launch_open(model) -> bool:
    """B5: space solar can be ordered once launch for compute reaches
    `rules.power.space_min_launch_tons_per_year`."""
    floor = model.world.rules.power.space_min_launch_tons_per_year
    return space_tons_per_month(model) * 12 >= floor


def grid_pending_gw(model) -> float:
    """H8: GW of the firm's grid requests still in the interconnection queue."""
    return model.firm.power.on_order_gw("grid")


def grid_room_gw(model) -> float:
    """H8: GW more the utility will study for the firm (`power.grid_max_pending_gw` at a time)."""
    return model.world.power.grid_max_pending_gw - model.firm.power.on_order_gw("grid")


def turbines_left_this_year_gw(model) -> float:
    """B10: GW of turbines the makers will still sell the firm this year: a share
    (`power.turbines.max_share_of_output`) of a year's output, less its orders of the last 12
    months still on their way (blade and vane casting is booked)."""
    cap = model.turbine_gw_per_month * 12 * model.world.power.turbines.max_share_of_output
    return cap - model.firm.power.on_order_gw("turbines", model.month - 12)


def solar_left_this_year_gw(model) -> float:
    """B10: GW of solar land permits still allow this year (`power.solar_max_gw_per_year`)."""
    return model.world.power.solar_max_gw_per_year - model.firm.solar_ordered_this_year_gw()


def phase_upfront_busd(model, phase) -> float:
    """A1: cash a Terafab phase needs when funded (`rules.terafab.phase_upfront_share`)."""
    return phase.capex_busd * model.world.rules.terafab.phase_upfront_share


def ipo_window_open(model) -> bool:
    """A7: the IPO may happen from `firm.ipo_earliest` (once)."""
    return model.month >= model.month_of(model.world.firm.ipo_earliest)


def equity_wait_months(model) -> int:
    """A7: months until investors take another equity round (0 or less: now)."""
    cooldown = model.world.firm.equity_cooldown_months
    return model.firm.ledger.last_equity_month + cooldown - model.month


def debt_room_busd(model) -> float:
    """A7, F3: debt lenders will still add: `firm.debt_max_busd` in all, and no more than
    `finance.max_debt_to_ebitda_at_issue` times a year's EBITDA."""
    ledger = model.firm.ledger
    by_earnings = model.world.finance.max_debt_to_ebitda_at_issue * ledger.ebitda_year_busd()
    return min(model.world.firm.debt_max_busd, by_earnings) - ledger.debt_busd


def cash_allows(model, share: float, busd_per_unit: float) -> float:
    """Units that `share` of the firm's free cash pays for at `busd_per_unit` each: cash less
    what power on order will still cost on arrival (F2: the credit line is not a budget)."""
    firm = model.firm
    return max(0.0, firm.ledger.cash_busd - firm.power.due_busd) * share / busd_per_unit


def power_review(model, gw: float):
    """A5: what the permitting regulator asks of a power order of `gw`: months more and a cost
    share once the firm's draw (online, on order and this order) passes its review threshold."""
    plant = model.firm.power
    after = plant.gw + gw
    for order in plant.pipeline:
        after += order.gw
    review = model.trade.power_review(model.firm.country, after, gw)
    return review if model.rule_on("A5") else review._replace(months=0, cost_share=0.0)


def log_power_review(model, review, what: str) -> None:
    """A5: the permitting regulator's answer to a large power order, as an event."""
    if review.months or review.cost_share:
        model.log(review.agent, "A5",
                  msg("event.limits.takes_terafab_group",
                      what=what, months=review.months, cost_share=review.cost_share), "power")


def review_words(review) -> str:
    """A5: the permit review in a power order's preview ("" when there is none)."""
    if not (review.months or review.cost_share):
        return ""
    return (msg("event.limits.review_draw_this",
                agent=review.agent, months=review.months, cost_share=review.cost_share))
