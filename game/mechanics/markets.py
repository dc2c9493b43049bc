"""Market mechanics shared by every seller: allocation by priority tier, and scarcity pricing.

Allocation is the heart of rule B3: contracts before spot, prepaid before plain contracts, and
pro-rata rationing inside the tier that runs short.
"""

from __future__ import annotations

TIER_PREPAID = 3
TIER_CONTRACT = 2
TIER_SPOT = 1


def tier_shares(capacity: float, asked_by_tier: list[float]) -> list[float]:
    """The share of its request each tier gets: `asked_by_tier[t]` is the total asked at tier t.

    Highest tier first; the tier that runs short is rationed pro-rata, lower tiers get nothing.
    Returns a list indexed by tier like `asked_by_tier` (index 0 unused).
    """
    shares = [0.0] * len(asked_by_tier)
    left = capacity if capacity > 0.0 else 0.0
    for tier in (TIER_PREPAID, TIER_CONTRACT, TIER_SPOT):
        if left <= 0.0:
            break
        asked = asked_by_tier[tier]
        if asked <= 0.0:
            continue
        if asked <= left:
            shares[tier] = 1.0
            left -= asked
        else:  # this tier runs short: it shares what is left, lower tiers get nothing
            shares[tier] = left / asked
            break
    return shares


# (customer, tier, amount asked at that tier, amount asked on spot): one line per buyer a month
Book = list[tuple[object, int, float, float]]

def fill_by_tier(capacity: float, book: Book) -> list[float]:
    """One seller's short month (B3): the share of its request each tier gets when `capacity`
    is shared out (indexed by tier). The seller calls it only once it knows the month is short
    (it has already added up the book), so the book is read once more, for the tiers' totals."""
    by_tier = [0.0, 0.0, 0.0, 0.0]
    for _, tier, amount, spot in book:
        by_tier[tier] += amount
        by_tier[TIER_SPOT] += spot
    return tier_shares(capacity, by_tier)


def scarcity_price(previous_index: float, demand: float, supply: float, elasticity: float,
                   adjust_per_month: float, floor: float, ceiling: float,
                   ratio_max: float) -> float:
    """Next price index: moves a share of the way toward (demand/supply)^elasticity (H9), the
    ratio counted at most `ratio_max`, the index kept within [floor, ceiling] (each seller's
    numbers come from agent_rules in the world config).

    A buyers' market (demand < supply) pulls prices down as hard as a shortage pushes them up.
    """
    ratio = demand / supply if supply > 1e-12 else ratio_max
    if ratio > ratio_max:
        ratio = ratio_max
    value = previous_index + adjust_per_month * (100.0 * ratio**elasticity - previous_index)
    return floor if value < floor else ceiling if value > ceiling else value
