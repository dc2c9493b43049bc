"""Numbers as a player reads them, one formatter for every screen: USD 12.3 B, 4.5 k, 1.2 M, 83%,
2.7 k EFLOPS, 1 month / 18 months.

Each quantity keeps one unit everywhere (compute is always EFLOPS, money always USD), so a column
never mixes 858.8 k EFLOPS with 3.18 ZFLOPS; only the k/M/B multiplier follows the size.
"""

from __future__ import annotations

import math
import re

from game.i18n.numbers import big_number, format_value
from game.ui.i18n import language, t, t_or


def num(x: float, digits: int = 1) -> str:
    """A count with k/M/B suffixes (1234 -> 1.2 k); in Chinese with 万/亿 (12.3 万)."""
    if language() != "en":
        return big_number(language(), x, digits)
    a = abs(x)
    for div, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " k")):
        if a >= div:
            return f"{x / div:,.{digits}f}{suffix}"
    return f"{x:,.0f}" if a >= 10 or x == int(x) else f"{x:,.{digits}f}"


def short(x: float) -> str:
    """A chart's tick or end value in at most three significant digits: 91523 -> '91.5k',
    17.17 -> '17.2', 0.834 -> '0.83', 200000 -> '200k'."""
    a = abs(x)
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= div * 0.9995:
            return f"{x / div:.3g}{suffix}"
    return f"{x:.3g}" if a >= 0.001 or x == 0 else f"{x:.1e}"


# ten thousand and a hundred million, in Simplified and in Traditional characters
CJK_UNITS = (("万", "亿"), ("萬", "億"))
SIGNIFICANT = 3  # every measured quantity the inspector lists, to three significant figures


def decimals_for(x: float, figures: int = SIGNIFICANT) -> int:
    """The decimals that show `x` to `figures` significant figures (0 from 100 up)."""
    return max(0, figures - 1 - math.floor(math.log10(abs(x)))) if x else 0


def amount(x: float) -> str:
    """A measured quantity to three significant figures, whatever its size, so a column reads
    evenly: 97.02 -> '97.0', 100.2 -> '100', 60.91 -> '60.9', 0.0123 -> '0.0123',
    775_700 -> '776 k'; a whole count below a thousand stays whole ('4', '136').
    In Chinese the large multipliers are 万/亿 (77.6 万)."""
    a = abs(x)
    if x == int(x) and a < 1000:
        return f"{x:,.0f}"
    if language() != "en":  # 万/亿 (萬/億); below ten thousand written out, as Chinese does
        units = CJK_UNITS[language() == "zh-Hant"]
        for div, suffix in ((1e8, units[1]), (1e4, units[0])):
            if a >= div * 0.9995:
                v = float(f"{x / div:.{SIGNIFICANT}g}")
                return f"{v:,.{decimals_for(v)}f} {suffix}"
        v = float(f"{x:.{SIGNIFICANT}g}") if a >= 1000 else x
        return f"{v:,.{decimals_for(v) if a < 1000 else 0}f}"
    for div, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " k")):
        if a >= div * 0.9995:
            v = float(f"{x / div:.{SIGNIFICANT}g}")  # 999.96 k rounds to 1.00 M, not 1000 k
            if abs(v) >= 1000 and div < 1e9:
                continue
            return f"{v:,.{decimals_for(v)}f}{suffix}"
    v = float(f"{x:.{SIGNIFICANT}g}")
    return f"{v:,.{decimals_for(v)}f}"


def whole(x: float) -> str:
    """A count of things that come whole (chips, stacks, people), to the nearest one: 0.4 -> '0',
    1234.4 -> '1.2 k'."""
    return num(round(x))


def count(x: float) -> str:
    """A count in full, to the nearest one: 1234.4 -> '1,234' (short queues, where every unit
    matters)."""
    return f"{x:,.0f}"


def usd_b(x: float) -> str:
    """USD billions: 130.4 -> 'USD 130.4 B', 0.25 -> 'USD 250 M', -3 -> 'USD -3.0 B'; in Chinese
    1304 亿美元, 2.5 亿美元."""
    if language() != "en":
        return format_value(language(), x, "usd_b")
    if abs(x) < 1 and x != 0:
        return f"USD {x * 1000:,.0f} M"
    return f"USD {x:,.1f} B"


def usd(x: float, digits: int = 0) -> str:
    """Plain US dollars (a price, a share's worth): 'USD 12,345' / 'USD 3.25'; 12,345 美元."""
    return t("money.usd", x=f"{x:,.{digits}f}")


def cost_now(x_busd: float) -> tuple[str, str]:
    """A preview's money line as (label, amount): what the player pays, or, when the money comes
    in (raising capital, selling), what they receive, never a negative cost."""
    if x_busd < 0:
        return t("action.cash_in"), usd_b(-x_busd)
    return t("action.cost"), usd_b(x_busd)


def pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def eflops(x: float) -> str:
    """Compute, always in EFLOPS: 2741 -> '2.7 k EFLOPS', 3.18e6 -> '3.2 M EFLOPS'."""
    return f"{num(x)} EFLOPS"


def months(x: float) -> str:
    """A short lead time for a dense column: '6 mo'."""
    return t("unit.mo", n=f"{x:.0f}")


def duration(n_months: float) -> str:
    """A number of months in words, singular or plural: '1 month', '18 months'; a wait shorter
    than half a month is 'under a month' (not '0 months')."""
    if 0 < n_months < 0.5:
        return t("unit.under_a_month")
    n = round(n_months)
    return t("unit.month" if n == 1 else "unit.months", n=f"{n:,}")


def unit(value: float, unit_name: str) -> str:
    """A value with its unit as the inspector lists it: money 'USD 12.3 B', a share '40%',
    months in words, anything else 'amount unit'."""
    if unit_name == "USD B":
        return usd_b(value)
    if unit_name == "USD B/month":
        return t("money.per_month", x=usd_b(value))
    if unit_name == "USD M/system":
        return t("money.usd_m_per_system", x=amount(value))
    if unit_name == "USD":
        return t("money.usd", x=amount(value))
    if unit_name.startswith("USD/"):
        return t("money.per_unit", x=amount(value), unit=view_unit(unit_name[4:]))
    if unit_name == "months":
        return duration(value)
    return f"{amount(value)} {view_unit(unit_name)}".rstrip()


def slug(text: str) -> str:
    """A view's English label or unit as the tail of its catalog id: "Fab subsidy, of capex"
    -> "fab_subsidy_of_capex" (tests/test_i18n_window.py checks every label has its id)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def view_label(label: str) -> str:
    """An agent view's field label (game/agents, `labelled`) in the player's language."""
    return t_or(f"view_label.{slug(label)}", label)


def view_unit(unit_name: str) -> str:
    """A view's unit (wafers/month, stacks...) in the player's language."""
    return t_or(f"view_unit.{slug(unit_name)}", unit_name) if unit_name else ""
