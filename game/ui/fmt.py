"""Numbers as a player reads them: USD 12.3 B, 4.5 k, 1.2 M, 83%."""

from __future__ import annotations


def num(x: float, digits: int = 1) -> str:
    """A count with k/M/B suffixes (1234 -> 1.2 k)."""
    a = abs(x)
    for div, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " k")):
        if a >= div:
            return f"{x / div:,.{digits}f}{suffix}"
    return f"{x:,.0f}" if a >= 10 or x == int(x) else f"{x:,.{digits}f}"


def amount(x: float) -> str:
    """A measured quantity to about four significant digits, for reading one exact value:
    130.4123 -> '130.4', 2.34567 -> '2.346', 0.012345 -> '0.0123', 12345.6 -> '12.3 k'."""
    a = abs(x)
    if a >= 9999.5 or x == int(x):  # from 9,999.5 on, four digits would read as 1e+04
        return num(x)
    return f"{x:,.4g}" if a >= 1 else f"{x:.3g}"


def whole(x: float) -> str:
    """A count of things that come whole (chips, stacks, people), to the nearest one: 0.4 -> '0',
    1234.4 -> '1.2 k'."""
    return num(round(x))


def count(x: float) -> str:
    """A count in full, to the nearest one: 1234.4 -> '1,234' (short queues, where every unit
    matters)."""
    return f"{x:,.0f}"


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
