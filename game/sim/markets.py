"""Market mechanics shared by every seller: allocation by priority tier, and scarcity pricing.

Allocation is the heart of rule B3: contracts before spot, prepaid before plain contracts, and
pro-rata rationing inside the tier that runs short.
"""

from __future__ import annotations

TIER_PREPAID = 3
TIER_CONTRACT = 2
TIER_SPOT = 1


def allocate(capacity: float, requests: list[tuple[int, float]]) -> list[float]:
    """Grant `capacity` to `requests` [(tier, amount)], highest tier first, pro-rata within a tier.

    Returns the granted amounts in the order of `requests`. Nothing is granted above a request.
    """
    granted = [0.0] * len(requests)
    left = capacity if capacity > 0.0 else 0.0
    for tier in (TIER_PREPAID, TIER_CONTRACT, TIER_SPOT):
        if left <= 0.0:
            break
        asked = 0.0
        for t, amount in requests:
            if t == tier and amount > 0.0:
                asked += amount
        if asked <= 0.0:
            continue
        share = 1.0 if asked <= left else left / asked
        for i, (t, amount) in enumerate(requests):
            if t == tier and amount > 0.0:
                granted[i] = amount * share
        left -= asked * share
    return granted


def scarcity_price(previous_index: float, demand: float, supply: float, elasticity: float,
                   adjust_per_month: float, floor: float = 20.0, ceiling: float = 1000.0) -> float:
    """Next price index: moves a share of the way toward (demand/supply)^elasticity (H9).

    A buyers' market (demand < supply) pulls prices down as hard as a shortage pushes them up.
    """
    ratio = demand / supply if supply > 1e-12 else 4.0
    if ratio > 4.0:
        ratio = 4.0
    target = 100.0 * ratio**elasticity
    value = previous_index + adjust_per_month * (target - previous_index)
    return min(ceiling, max(floor, value))
