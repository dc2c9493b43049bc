"""Line charts and the limiting-factor timeline, drawn with pygame from the monthly series."""

from __future__ import annotations

import math

import pygame

# the engine's limiting factors, in the order the timeline's legend lists them
from game.domain.factors import FACTORS
from game.i18n.numbers import axis_number
from game.ui import fmt, theme
from game.ui.i18n import language, t
from game.ui.theme import Fonts
from game.ui.widgets import fit_text


def factor_legend() -> dict[str, str]:
    """The timeline's legend: each limiting factor's name in the player's language."""
    return {f: t(f"factor.{f}") for f in FACTORS}


def tick_text(x: float) -> str:
    """A tick or a line's end value: '91.5k' in English, '9.15万' ('9.15萬') in Chinese."""
    lang = language()
    return fmt.short(x) if lang == "en" else axis_number(lang, x)


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


# each line of a chart drawn differently, not only in colour: solid, dashed, dotted
DASHES = ((0, 0), (9, 5), (3, 4), (12, 4))


def log_ticks(low: float, high: float) -> list[float]:
    """Powers of ten from below `low` to above `high` (a log axis's grid)."""
    lo = math.floor(math.log10(max(low, 1e-12)))
    hi = math.ceil(math.log10(max(high, 1e-12)))
    return [10.0**e for e in range(lo, max(hi, lo + 1) + 1)]


def year_ticks(rows: list[dict], max_labels: int) -> list[tuple[int, str]]:
    """(row index, year) at each January, thinned to at most `max_labels` labels (every 2nd,
    5th or 10th year on a long chart)."""
    starts = [(j, r["date"][:4]) for j, r in enumerate(rows) if r["date"].endswith("-01")]
    if not starts:  # under a year from February on: the first month's year
        return [(0, rows[0]["date"][:4])] if rows else []
    for step in (1, 2, 5, 10, 20):
        if len(starts[::step]) <= max(1, max_labels):
            break
    return [(j, y) for j, y in starts if int(y) % step == 0] or starts[:1]


def dashed_lines(surf, colour, pts, width: int, dash: tuple[int, int]) -> None:
    """A polyline, solid or dashed (`dash` = (on, off) pixels; (0, 0) is solid)."""
    on, off = dash
    if not on:
        pygame.draw.lines(surf, colour, False, pts, width)
        return
    drawing, left = True, float(on)
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while pos < seg:
            step = min(left, seg - pos)
            if drawing:
                a, b = pos / seg, (pos + step) / seg
                pygame.draw.line(surf, colour, (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                                 (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), width)
            pos += step
            left -= step
            if left <= 0:
                drawing = not drawing
                left = float(on if drawing else off)


def draw_line_chart(
    surf: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    title: str,
    rows: list[dict],
    columns: list[tuple[str, str]],
    log: bool = False,
    value_text=tick_text,
) -> None:
    """One chart: each (column, label) a line of its own colour and dash, years along the x axis,
    a zero-based y axis with a nice maximum, or a log axis (`log`) where values span orders of
    magnitude; each line's last value is written at its right end."""
    pygame.draw.rect(surf, theme.PANEL, rect, border_radius=8)
    heading = fonts.text(title, 14, theme.TEXT, bold=True)
    surf.blit(heading, (rect.x + 12, rect.y + 8))
    px = fonts.px  # the legend and the plot move down (and right) as the text grows
    x = rect.x + 12
    for i, (_col, label) in enumerate(columns):
        c = theme.SERIES_COLOURS[i % len(theme.SERIES_COLOURS)]
        text = fonts.text(label, 11, theme.MUTED)
        mid = rect.y + px(31) + text.get_height() // 2
        dashed_lines(surf, c, [(x, mid), (x + px(18), mid)], max(1, px(2)), DASHES[i % 4])
        surf.blit(text, (x + px(22), rect.y + px(31)))
        x += text.get_width() + px(34)
    if log:  # said beside the title, so nobody reads the distances as linear
        room = rect.right - 12 - (rect.x + 12 + heading.get_width() + px(10))
        note = fit_text(fonts, t("charts.log_axis"), 11, theme.WARN, room)
        surf.blit(note, (rect.right - 12 - note.get_width(), rect.y + 10))
    label_w = px(46)  # the end values, right of the plot
    plot = pygame.Rect(rect.x + px(52), rect.y + px(52), rect.w - px(60) - label_w,
                       rect.h - px(76))
    pygame.draw.rect(surf, theme.BG, plot)
    if len(rows) < 2:
        surf.blit(fonts.text("…", 14, theme.MUTED), plot.center)
        return
    values = [float(r.get(c) or 0) for r in rows for c, _ in columns]
    n = len(rows)

    def xs(j: int) -> float:
        return plot.x + j * (plot.w - 1) / (n - 1)

    # the x axis: a tick and the year at each January
    for j, year in year_ticks(rows, plot.w // px(44)):
        gx = round(xs(j))
        pygame.draw.line(surf, theme.PANEL_HI, (gx, plot.y), (gx, plot.bottom))
        label = fonts.text(year, 11, theme.MUTED)
        surf.blit(label, label.get_rect(midtop=(gx, plot.bottom + 3)).clamp(rect))
    if log:
        positive = [v for v in values if v > 0] or [1.0]
        ticks = log_ticks(min(positive), max(positive))
        lo, hi = math.log10(ticks[0]), math.log10(ticks[-1])

        def ys(v: float) -> float:
            share = (math.log10(max(v, ticks[0])) - lo) / (hi - lo)
            return plot.bottom - share * plot.h
    else:
        top = nice_max(max(values, default=1.0))
        ticks = [0.0, top / 2, top]

        def ys(v: float) -> float:
            return plot.bottom - min(1.0, max(0.0, v / top)) * plot.h

    every = max(1, -(-len(ticks) * fonts.line_height(11) // max(1, plot.h)))
    for k, v in enumerate(ticks):
        y = round(ys(v))
        pygame.draw.line(surf, theme.EDGE, (plot.x, y), (plot.right, y))
        if k % every == 0 or k == len(ticks) - 1:
            label = fonts.text(tick_text(v), 11, theme.MUTED)
            surf.blit(label, (plot.x - label.get_width() - 6, y - label.get_height() // 2))
    ends = []
    for i, (col, _label) in enumerate(columns):
        colour = theme.SERIES_COLOURS[i % len(theme.SERIES_COLOURS)]
        pts = [(xs(j), ys(float(r.get(col) or 0))) for j, r in enumerate(rows)]
        # the first line wide and solid under the others: equal lines still show both
        width = max(1, px(3 if i == 0 else 2))
        dashed_lines(surf, colour, pts, width, DASHES[i % 4])
        pygame.draw.circle(surf, colour, (round(pts[-1][0]), round(pts[-1][1])), px(3))
        ends.append([pts[-1][1], colour, value_text(float(rows[-1].get(col) or 0))])
    # the last values right of the plot, moved apart where lines end close together
    lh = fonts.line_height(11)
    ends.sort(key=lambda e: e[0])
    for k in range(1, len(ends)):
        ends[k][0] = max(ends[k][0], ends[k - 1][0] + lh)
    for y, colour, text in ends:
        label = fit_text(fonts, text, 11, colour, label_w - px(4))
        surf.blit(label, (plot.right + px(5), round(y) - label.get_height() // 2))


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
        for j, year in year_ticks(rows, strip.w // fonts.px(44)):
            gx = strip.x + int(j * strip.w / n)
            pygame.draw.line(surf, theme.BG, (gx, strip.y), (gx, strip.bottom))
            label = fonts.text(year, 10, theme.TEXT, bold=True)
            tag = label.get_rect(topleft=(gx + 1, strip.y + 1)).inflate(4, 2)
            tag.topleft = (gx + 1, strip.y + 1)
            if tag.right < strip.right:  # the year on a dark tag: readable over any colour
                pygame.draw.rect(surf, theme.BG, tag, border_radius=2)
                surf.blit(label, label.get_rect(center=tag.center))
    x = strip.x
    counts = {f: sum(1 for r in rows if r["limiting_factor"] == f) for f in legend}
    for factor, label in legend.items():
        if not counts[factor]:
            continue
        text = fonts.text(f"{label} {counts[factor]}", 11, theme.TEXT)
        box = pygame.Rect(x, 0, fonts.px(10), fonts.px(10))
        box.centery = strip.bottom + 3 + text.get_height() // 2
        pygame.draw.rect(surf, theme.FACTOR_COLOURS[factor], box)
        surf.blit(text, (x + fonts.px(14), strip.bottom + 3))
        x += text.get_width() + fonts.px(26)


# the history charts (the charts screen shows them all; the end screen the player's own)
LOG_CHARTS = {"charts.compute"}  # compute against a target that grows a thousandfold
CHARTS = (
    (
        "charts.compute",
        [
            ("player_compute_eflops", "charts.deployed"),
            ("player_compute_target_eflops", "charts.wanted"),
        ],
    ),
    (
        "charts.cash",
        [("player_cash_busd", "charts.cash_line"), ("player_debt_busd", "charts.debt_line")],
    ),
    (
        "charts.prices",
        [
            ("dram_price_index", "charts.dram"),
            ("hbm_price_index", "charts.hbm"),
            ("accelerator_price_index", "charts.gpu"),
            ("wafer_price_index_n3", "charts.wafer"),
        ],
    ),
    (
        "charts.power",
        [("player_power_gw", "charts.power_have"), ("player_power_used_gw", "charts.power_used")],
    ),
    ("charts.fab", [("terafab_output_wpm", "charts.terafab"), ("orders_wafers", "charts.orders")]),
    (
        "charts.euv",
        [("euv_capacity_per_year", "charts.euv_cap"), ("euv_backlog", "charts.euv_backlog")],
    ),
)

