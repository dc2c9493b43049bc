"""Months as integers; dates as 'YYYY-MM' strings. Month 0 is the scenario's start month."""

from __future__ import annotations

from functools import lru_cache

from game.i18n import msg


def parse_ym(text: str) -> tuple[int, int]:
    """'2026-01' -> (2026, 1); raises ValueError with the bad text."""
    try:
        year_s, month_s = text.split("-")
        year, month = int(year_s), int(month_s)
    except (ValueError, AttributeError):
        raise ValueError(msg("errors.usage.not_a_date", text=text)) from None
    if not 1 <= month <= 12:
        raise ValueError(msg("errors.usage.not_a_date", text=text))
    return year, month


@lru_cache(maxsize=4096)  # every event and series row asks: a campaign has a few hundred months
def month_to_date(start: str, month: int) -> str:
    """The 'YYYY-MM' date of month index `month` counted from `start`."""
    year, mon = parse_ym(start)
    total = year * 12 + (mon - 1) + month
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


@lru_cache(maxsize=1024)  # policies ask for the same few dates every month
def date_to_month(start: str, date: str) -> int:
    """Month index of `date` counted from `start` (negative if before the start)."""
    y0, m0 = parse_ym(start)
    y1, m1 = parse_ym(date)
    return (y1 - y0) * 12 + (m1 - m0)
