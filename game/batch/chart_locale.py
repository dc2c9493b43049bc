"""A matplotlib chart in its reader's language: the fonts that draw the script (the shipped CJK
font, so no machine shows a box) and the numbers as the language writes them: in Chinese an axis
that reaches ten thousand reads 20万, 1.5亿 (20萬, 1.5億) instead of matplotlib's `1e6` corner
offset or 10⁵, as the articles write large figures; English keeps matplotlib's own ticks."""

from __future__ import annotations

import math
from functools import lru_cache

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from game.i18n import language
from game.i18n.numbers import axis_number
from game.io.fonts import CJK_FONTS, font_path

WAN = 1e4  # below ten thousand Chinese writes a figure out, as matplotlib does


def number_axes(fig: Figure, lang: str | None = None) -> Figure:
    """Set the tick labels of every axis of `fig` that reaches ten thousand in `lang` (the
    player's language by default); a log axis spanning a decade or more labels its powers of
    ten only. Returns `fig`."""
    lang = lang or language()
    if lang == "en":
        return fig
    ticks = FuncFormatter(lambda value, _pos: axis_number(lang, value))
    for ax in fig.axes:
        for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            if max(abs(low), abs(high)) < WAN:
                continue
            axis.set_major_formatter(ticks)
            if axis.get_scale() == "log":
                decades = math.log10(max(high, low) / max(min(high, low), 1e-300))
                axis.set_minor_formatter(NullFormatter() if decades >= 1 else ticks)
    return fig


def chart_fonts(lang: str) -> dict[str, object]:
    """Matplotlib's fonts for `lang`: DejaVu Sans draws Latin, the shipped Noto Sans CJK subset
    (registered once) the Chinese, glyph by glyph, so a chart has no box on a machine without a
    CJK font (an English page too: a student may name a file or a seat in Chinese)."""
    cjk = CJK_FONTS.get(lang, CJK_FONTS["zh-Hans"])[0]
    return {"font.family": ["DejaVu Sans", _register_font(cjk)]}


@lru_cache(maxsize=4)
def _register_font(file_name: str) -> str:
    from matplotlib import font_manager

    path = str(font_path(file_name))
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()
