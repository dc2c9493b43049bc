"""The player's share of the markets it can corner: the HBM made and the leading edge's good
wafers. Regulators read them for an antitrust answer (A8) and the rival lab for its bids (R2), so
both see the same cornering."""

from __future__ import annotations

from game.agents.foundry import LEADING


def player_hbm_share(model) -> float | None:
    """The player's HBM under contract against the stacks the makers made last month (None when
    none were made)."""
    made = 0.0
    for maker in model.memory_makers:
        made += maker.hbm_made
    held = 0.0
    for stacks, _usd in model.firm.supply.hbm_contracted.values():
        held += stacks
    return held / made if made > 0 else None


def player_wafer_share(model) -> float | None:
    """The good leading-edge wafers the player's running contracts ask for against the world's
    good leading-edge wafers last month, at most 1 (None when the world made none)."""
    month = model.month
    held = 0.0
    for k in model.firm.supply.contracts:
        if k.node in LEADING and k.start <= month < k.end:
            held += k.wafers_per_month * k.site.yield_at(k.node)
    if held <= 0.0:  # the player holds none: 0 if the world made any, without adding it up
        for site in model.foundries:
            if site.leading_good_wpm > 0.0:
                return 0.0
        return None
    world = 0.0
    for site in model.foundries:
        world += site.leading_good_wpm
    return min(1.0, held / world) if world > 0 else None
