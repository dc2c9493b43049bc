"""The limiting factor: which input bound the firm's compute growth this month (B1, B10)."""

from __future__ import annotations


def limiting_factor(chips_on_hand: float, memory_ok: float, power_ok: float,
                    compute_eflops: float, target_eflops: float, capital_short: bool,
                    terafab_blocked_by: str | None) -> str:
    """Deployment is the least of chips on hand, chips memory can equip and chips power can
    light; the least one binds. When chips bind, look one step further back: what holds the
    chips (capital, then the Terafab's permits, tools or talent). "none": compute is ahead of
    the target curve."""
    if chips_on_hand > 1.0 and power_ok < min(chips_on_hand, memory_ok):
        return "power"
    if chips_on_hand > 1.0 and memory_ok < chips_on_hand:
        return "memory"
    if compute_eflops >= target_eflops:
        return "none"
    if capital_short:
        return "capital"
    if terafab_blocked_by:
        return terafab_blocked_by
    return "chips"
