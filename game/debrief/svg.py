"""Charts as small SVG documents drawn on the server: a line chart with its axes, and the strip of
limiting factors month by month. Drawn by hand because they are redrawn for every seat every
month (a plotting library takes ~100 ms a chart; these take well under one); every text is
escaped, so a student's name cannot become markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from game.i18n import language, t
from game.i18n.numbers import axis_number

# The limiting factors' colours: the window's (game/ui/theme.py), so a student sees the same
FACTOR_COLOURS = {
    "power": "#f5a623", "chips": "#56a0f5", "memory": "#b078f0", "capital": "#5cc878",
    "tools": "#3cc8c8", "talent": "#f06eaa", "permits": "#eb5a50", "none": "#828c9b",
}
LINE_COLOURS = ("#1f6fd1", "#d9480f", "#2b8a3e", "#ae3ec9", "#e8590c", "#0b7285")
POLICY_GREY = "#adb5bd"
# Latin from DejaVu Sans, Chinese from the page's shipped CJK font when the SVG is in the page
# (game/io/fonts.py), else from the system's (an SVG shown as an image loads none of the page's)
FONT = ("font-family='Terafab CJK, DejaVu Sans, Arial, Noto Sans CJK SC, Noto Sans CJK TC, "
        "PingFang SC, Microsoft YaHei, sans-serif'")


def _nice_max(value: float) -> float:
    """A round top for the axis at or just above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if not value > 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value * 0.999999)


def _number(value: float) -> str:
    """An axis's number: 12,000 in English, 1.2万 (1.2萬) in Chinese."""
    if language() != "en":
        return axis_number(language(), value)
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.0f}"
    return f"{value:.3g}"


def line_chart(lines: Sequence[tuple[str, Sequence[float], str, float]], months_total: int,
               width: int = 640, height: int = 240, title: str = "", unit: str = "",
               legend: bool = True) -> str:
    """Lines of (label, values month by month from month 1, colour, stroke width) on one axis
    from month 0 to `months_total`, with the top rounded up."""
    left, right, top, bottom = 56, 10, 24 if title or unit else 8, 22
    pw, ph = width - left - right, height - top - bottom
    top_value = _nice_max(max((max(v) for _, v, _, _ in lines if len(v)), default=0.0))
    span = max(1, months_total)

    def xy(i: int, v: float) -> str:
        return f"{left + pw * (i + 1) / span:.1f},{top + ph * (1 - max(0.0, v) / top_value):.1f}"

    out = [_open(width, height)]
    if title or unit:
        heading = f"{title} ({unit})" if title and unit else title or unit
        out.append(f"<text x='{left}' y='16' font-size='13' {FONT} fill='#222'>"
                   f"{escape(heading)}</text>")
    for k in range(5):
        y = top + ph * k / 4
        out.append(f"<line x1='{left}' x2='{left + pw}' y1='{y:.1f}' y2='{y:.1f}' "
                   "stroke='#e9ecef'/>")
        out.append(f"<text x='{left - 4}' y='{y + 4:.1f}' font-size='11' text-anchor='end' "
                   f"{FONT} fill='#555'>{_number(top_value * (1 - k / 4))}</text>")
    years = t("pages.chart.years", years="{}")
    for year in range(0, span + 1, 12):
        x = left + pw * year / span
        out.append(f"<text x='{x:.1f}' y='{height - 6}' font-size='11' text-anchor='middle' "
                   f"{FONT} fill='#555'>{years.format(year // 12)}</text>")
    for label, values, colour, stroke in lines:
        if len(values) == 1:
            cx, cy = xy(0, values[0]).split(",")
            out.append(f"<circle cx='{cx}' cy='{cy}' r='3' fill='{colour}'/>")
        elif values:
            points = " ".join(xy(i, v) for i, v in enumerate(values))
            out.append(f"<polyline fill='none' stroke='{colour}' stroke-width='{stroke}' "
                       f"points='{points}'><title>{escape(label)}</title></polyline>")
    if legend:
        x = left + 8
        for label, _values, colour, _stroke in lines[:6]:
            out.append(f"<rect x='{x}' y='{top + 4}' width='10' height='10' fill='{colour}'/>"
                       f"<text x='{x + 14}' y='{top + 13}' font-size='11' {FONT} "
                       f"fill='#222'>{escape(label[:18])}</text>")
            x += 24 + sum(11 if ord(ch) >= 0x2E80 else 7 for ch in label[:18])  # CJK: wider
    out.append("</svg>")
    return "".join(out)


def factor_strip(factors: Sequence[str], months_total: int, width: int = 640,
                 height: int = 18, left: int = 56, right: int = 10) -> str:
    """One coloured cell per month played: the limiting factor that month."""
    pw = width - left - right
    cell = pw / max(1, months_total)
    out = [_open(width, height)]
    out.append(f"<rect x='{left}' y='0' width='{pw}' height='{height}' fill='#f1f3f5'/>")
    for i, factor in enumerate(factors):
        colour = FACTOR_COLOURS.get(factor, "#000")
        out.append(f"<rect x='{left + i * cell:.2f}' y='0' width='{cell + 0.3:.2f}' "
                   f"height='{height}' fill='{colour}'><title>{escape(factor)}</title></rect>")
    out.append("</svg>")
    return "".join(out)


def seat_card(compute: Sequence[float], factors: Sequence[str],
              policies: Sequence[tuple[str, Sequence[float]]], months_total: int,
              width: int = 200, height: int = 92) -> str:
    """A small multiple: the seat's compute (dark) over the built-in policies' (grey) on the
    same axis, and its limiting-factor strip underneath."""
    lines = [(name, values, POLICY_GREY, 1.0) for name, values in policies]
    lines.append((t("pages.chart.this_seat"), compute, LINE_COLOURS[0], 2.0))
    top_value = _nice_max(max((max(v) for _, v, _, _ in lines if len(v)), default=0.0))
    strip_h, left, pad = 10, 2, 2
    ph = height - strip_h - 3 * pad
    span = max(1, months_total)
    out = [_open(width, height)]
    out.append(f"<rect x='0' y='0' width='{width}' height='{ph + pad}' fill='#fff'/>")
    for label, values, colour, stroke in lines:
        if len(values) >= 2:
            points = " ".join(
                f"{left + (width - 2 * left) * (i + 1) / span:.1f},"
                f"{pad + ph * (1 - max(0.0, v) / top_value):.1f}" for i, v in enumerate(values))
            out.append(f"<polyline fill='none' stroke='{colour}' stroke-width='{stroke}' "
                       f"points='{points}'><title>{escape(label)}</title></polyline>")
    out.append(f"<text x='{width - 3}' y='12' font-size='10' text-anchor='end' {FONT} "
               f"fill='#555'>{_number(top_value)} EF</text>")
    cell = (width - 2 * left) / span
    y = ph + 2 * pad
    start = 0
    for i, factor in enumerate(factors):  # one cell per run of months with the same wall
        if i + 1 < len(factors) and factors[i + 1] == factor:
            continue
        out.append(f"<rect x='{left + start * cell:.2f}' y='{y}' "
                   f"width='{(i + 1 - start) * cell + 0.3:.2f}' height='{strip_h}' "
                   f"fill='{FACTOR_COLOURS.get(factor, '#000')}'/>")
        start = i + 1
    out.append("</svg>")
    return "".join(out)


def _open(width: int, height: int) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}'>")
