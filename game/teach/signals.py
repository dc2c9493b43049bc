"""What a lesson's card promises, measured on a monthly series: the order in which limiting
factors take hold, booms and busts of a price, and how orders swing at each tier (bullwhip).

The lesson tests assert these on several seeds, and the debrief report prints them, so a card's
claim and what the class sees are computed the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def factor_spells(factors: Sequence[str]) -> list[tuple[str, int, int]]:
    """Runs of the same limiting factor: (factor, first month index, length in months)."""
    spells: list[tuple[str, int, int]] = []
    for i, factor in enumerate(factors):
        if spells and spells[-1][0] == factor:
            name, start, length = spells[-1]
            spells[-1] = (name, start, length + 1)
        else:
            spells.append((factor, i, 1))
    return spells


def factor_onsets(factors: Sequence[str], min_months: int = 3) -> list[tuple[str, int]]:
    """Each factor with the first month it held for `min_months` in a row, in order of onset."""
    first: dict[str, int] = {}
    for factor, start, length in factor_spells(factors):
        if length >= min_months and factor not in first:
            first[factor] = start
    return sorted(first.items(), key=lambda item: item[1])


def coefficient_of_variation(values: Sequence[float]) -> float:
    """Standard deviation over mean (0 for an empty or all-zero series): swings without units."""
    xs = [float(v) for v in values]
    if not xs:
        return 0.0
    mean = sum(xs) / len(xs)
    if mean == 0:
        return 0.0
    var = sum((x - mean) ** 2 for x in xs) / len(xs)
    return math.sqrt(var) / abs(mean)


def swings(values: Sequence[float], rise: float, fall: float) -> tuple[int, int]:
    """Count booms (a rise of `rise`, e.g. 0.5 = +50 %, from the last trough) and busts (a fall
    of `fall` from the last peak), alternating: a zig-zag filter on the price series."""
    booms = busts = 0
    if not values:
        return 0, 0
    trough = peak = float(values[0])
    looking_for = "either"
    for v in values[1:]:
        v = float(v)
        trough, peak = min(trough, v), max(peak, v)
        if looking_for in ("either", "boom") and trough > 0 and v >= trough * (1.0 + rise):
            booms += 1
            looking_for, peak = "bust", v
        elif looking_for in ("either", "bust") and v <= peak * (1.0 - fall):
            busts += 1
            looking_for, trough = "boom", v
    return booms, busts


TIERS = (
    ("end_demand_accelerators", "End demand (accelerators)"),
    ("orders_wafers", "Chipmakers' wafer orders"),
    ("orders_euv", "Foundries' EUV orders"),
)


def bullwhip_cvs(rows: Sequence[dict]) -> list[tuple[str, float]]:
    """Coefficient of variation at each tier, from end demand upstream to tool orders."""
    return [(label, coefficient_of_variation([r[col] for r in rows])) for col, label in TIERS]
