"""Line charts and the limiting-factor timeline, drawn with pygame from the monthly series."""

from __future__ import annotations

import math

import pygame

# the engine's limiting factors, in the order the timeline's legend lists them
from game.domain.factors import FACTORS
from game.ui import theme
from game.ui.i18n import t
from game.ui.theme import Fonts


def factor_legend() -> dict[str, str]:
    """The timeline's legend: each limiting factor's name in the player's language."""
    return {f: t(f"factor.{f}") for f in FACTORS}


def window(series: list[dict], months: int | None) -> list[dict]:
    """The last `months` rows (all rows if None)."""
    return series if months is None else series[-months:]


def nice_max(x: float) -> float:
    if x <= 0:
        return 1.0
    p = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if x <= m * p:
            return m * p
    return 10 * p


def fmt_axis(x: float) -> str:
    a = abs(x)
    for div, s in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{x / div:g}{s}"
    return f"{x:g}"


def draw_line_chart(
    surf: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    title: str,
    rows: list[dict],
    columns: list[tuple[str, str]],
) -> None:
    """One chart: each (column, label) a coloured line, a zero-based y axis with a nice maximum."""
    pygame.draw.rect(surf, theme.PANEL, rect, border_radius=8)
    surf.blit(fonts.text(title, 14, theme.TEXT, bold=True), (rect.x + 12, rect.y + 8))
    x = rect.x + 12
    px = fonts.px  # the legend and the plot move down (and right) as the text grows
    for i, (_col, label) in enumerate(columns):
        c = theme.SERIES_COLOURS[i % len(theme.SERIES_COLOURS)]
        text = fonts.text(label, 11, theme.MUTED)
        pygame.draw.rect(surf, c, (x, rect.y + px(31) + text.get_height() // 2 - 4, 10, 10))
        surf.blit(text, (x + 14, rect.y + px(31)))
        x += text.get_width() + 28
    plot = pygame.Rect(rect.x + px(52), rect.y + px(52), rect.w - px(66), rect.h - px(76))
    pygame.draw.rect(surf, theme.BG, plot)
    if len(rows) < 2:
        surf.blit(fonts.text("…", 14, theme.MUTED), plot.center)
        return
    top = nice_max(max((float(r.get(c) or 0) for r in rows for c, _ in columns), default=1.0))
    for frac in (0.0, 0.5, 1.0):
        y = plot.bottom - int(frac * plot.h)
        pygame.draw.line(surf, theme.EDGE, (plot.x, y), (plot.right, y))
        label = fonts.text(fmt_axis(top * frac), 11, theme.MUTED)
        surf.blit(label, (plot.x - label.get_width() - 6, y - 7))
    n = len(rows)
    for i, (col, _label) in enumerate(columns):
        pts = [
            (
                plot.x + j * (plot.w - 1) / (n - 1),
                plot.bottom - min(1.0, float(r.get(col) or 0) / top) * plot.h,
            )
            for j, r in enumerate(rows)
        ]
        pygame.draw.lines(surf, theme.SERIES_COLOURS[i % len(theme.SERIES_COLOURS)], False, pts, 2)
    first, last = rows[0]["date"], rows[-1]["date"]
    surf.blit(fonts.text(first, 11, theme.MUTED), (plot.x, plot.bottom + 4))
    end = fonts.text(last, 11, theme.MUTED)
    surf.blit(end, (plot.right - end.get_width(), plot.bottom + 4))


def draw_timeline(
    surf: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    rows: list[dict],
    title: str,
    legend: dict[str, str],
) -> None:
    """The limiting-factor timeline: one filled slice per month in that factor's colour."""
    pygame.draw.rect(surf, theme.PANEL, rect, border_radius=8)
    surf.blit(fonts.text(title, 14, theme.TEXT, bold=True), (rect.x + 12, rect.y + 8))
    strip = pygame.Rect(rect.x + 12, rect.y + fonts.px(34), rect.w - 24, rect.h - fonts.px(66))
    pygame.draw.rect(surf, theme.BG, strip)
    n = len(rows)
    if n:
        for j, r in enumerate(rows):
            x0 = strip.x + int(j * strip.w / n)
            x1 = strip.x + int((j + 1) * strip.w / n)
            pygame.draw.rect(
                surf,
                theme.FACTOR_COLOURS.get(r["limiting_factor"], theme.MUTED),
                (x0, strip.y, max(1, x1 - x0), strip.h),
            )
        surf.blit(fonts.text(rows[0]["date"], 11, theme.MUTED), (strip.x, strip.bottom + 3))
        end = fonts.text(rows[-1]["date"], 11, theme.MUTED)
        surf.blit(end, (strip.right - end.get_width(), strip.bottom + 3))
    x = strip.x + 90
    counts = {f: sum(1 for r in rows if r["limiting_factor"] == f) for f in legend}
    for factor, label in legend.items():
        if not counts[factor]:
            continue
        pygame.draw.rect(surf, theme.FACTOR_COLOURS[factor], (x, strip.bottom + 5, 10, 10))
        text = fonts.text(f"{label} {counts[factor]}", 11, theme.TEXT)
        surf.blit(text, (x + 14, strip.bottom + 3))
        x += text.get_width() + 26
