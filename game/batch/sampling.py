"""A seeded Latin hypercube (as in the EMA Workbench): each range cut into N strata, one point each.

Deterministic: the same ranges, N and seed give the same points, whatever the order the ranges
were written in (keys are sampled in sorted order). Whole-number ranges give whole numbers.
"""

from __future__ import annotations

import numpy as np

Number = int | float


def latin_hypercube(
    ranges: dict[str, tuple[Number, Number]], n: int, seed: int
) -> list[dict[str, Number]]:
    """`n` points; in each dimension exactly one point falls in each of the n equal strata."""
    rng = np.random.Generator(np.random.PCG64(seed))
    points: list[dict[str, Number]] = [{} for _ in range(n)]
    for key in sorted(ranges):
        lo, hi = ranges[key]
        strata = rng.permutation(n)
        u = (strata + rng.random(n)) / n
        whole = isinstance(lo, int) and isinstance(hi, int)
        for i in range(n):
            value = lo + float(u[i]) * (hi - lo)
            points[i][key] = min(hi, int(np.floor(value))) if whole else float(f"{value:.10g}")
    return points
