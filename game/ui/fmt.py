"""Numbers as a player reads them: USD 12.3 B, 4.5 k, 1.2 M, 83%."""

from __future__ import annotations


def num(x: float, digits: int = 1) -> str:
    """A count with k/M/B suffixes (1234 -> 1.2 k)."""
    a = abs(x)
    for div, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " k")):
        if a >= div:
            return f"{x / div:,.{digits}f}{suffix}"
    return f"{x:,.0f}" if a >= 10 or x == int(x) else f"{x:,.{digits}f}"


def usd_b(x: float) -> str:
    """USD billions: 130.4 -> 'USD 130.4 B', 0.25 -> 'USD 250 M'."""
    if abs(x) < 1 and x != 0:
        return f"USD {x * 1000:,.0f} M"
    return f"USD {x:,.1f} B"


def pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def eflops(x: float) -> str:
    return f"{num(x)} EFLOPS" if x < 1e6 else f"{x / 1e6:,.2f} ZFLOPS"


def months(x: float) -> str:
    return f"{x:.0f} mo"
