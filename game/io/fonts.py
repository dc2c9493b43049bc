"""The shipped CJK fonts (assets/fonts, Noto Sans CJK subsets) as the pages and charts use them,
so Chinese shows every glyph on a machine with no CJK font: the report and the class debrief
embed the font in the page; the live classroom's pages load it from the server; the charts
register it with matplotlib (game/batch/chart_locale.py)."""

from __future__ import annotations

import base64
import hashlib
import io
from functools import cache, lru_cache
from pathlib import Path

from game.io.paths import ASSETS

# per language: the font file, and the system's fonts after it
CJK_FONTS = {
    "zh-Hans": ("NotoSansSC-Subset.otf", '"Noto Sans CJK SC","PingFang SC","Microsoft YaHei"'),
    "zh-Hant": ("NotoSansTC-Subset.otf", '"Noto Sans CJK TC","PingFang TC","Microsoft JhengHei"'),
}
FAMILY = "Terafab CJK"  # the shipped font's name in a page's CSS
# the shipped font draws the CJK ranges only; Latin letters and digits stay the page's own
UNICODE_RANGE = "U+2E80-9FFF,U+F900-FAFF,U+FF00-FFEF"


def font_path(file_name: str) -> Path:
    return ASSETS / "fonts" / file_name


def font_face(lang: str) -> str:
    """The @font-face of `lang`'s shipped font, the font itself in the page ("" for English).
    (The live classroom's style sheet names the same files by URL: game/web/static/style.css.)"""
    if lang not in CJK_FONTS:
        return ""
    return (f'@font-face{{font-family:"{FAMILY}";src:url(data:font/otf;base64,'
            f'{_font_base64(lang)}) format("opentype");unicode-range:{UNICODE_RANGE}}}')


@cache
def _font_base64(lang: str) -> str:
    return base64.b64encode(font_path(CJK_FONTS[lang][0]).read_bytes()).decode()


def cjk_css(lang: str) -> str:
    """The @font-face and font stack of a page in `lang` ("" for English)."""
    if lang not in CJK_FONTS:
        return ""
    system = CJK_FONTS[lang][1]
    return font_face(lang) + f'body{{font-family:"{FAMILY}",system-ui,{system},sans-serif}}'


@cache
def font_file(name: str) -> bytes | None:
    """A shipped CJK font by its file name (the live classroom serves it), None if not one."""
    files = {file for file, _system in CJK_FONTS.values()}
    return font_path(name).read_bytes() if name in files else None


@cache
def style_hash(css: str) -> str:
    """A <style> element's CSP hash (the debrief's inline styles are allowed by theirs)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def svg_font_style(lang: str, svg_text: str) -> str:
    """A <style> for an SVG shown as an image, which loads no font from outside itself: the
    shipped CJK font cut to the CJK characters the SVG shows, as data (a few kB); "" in English
    or with none. The cut is kept per set of characters: a chart's words are the same each month."""
    if lang not in CJK_FONTS:
        return ""
    chars = "".join(sorted({c for c in svg_text if _is_cjk(c)}))
    return _cut_font_style(lang, chars) if chars else ""


@lru_cache(maxsize=32)
def _cut_font_style(lang: str, chars: str) -> str:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features, options.name_IDs, options.hinting = [], [], False
    font = TTFont(font_path(CJK_FONTS[lang][0]))
    cutter = subset.Subsetter(options)
    cutter.populate(text=chars)
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    data = base64.b64encode(out.getvalue()).decode()
    return (f'<style>@font-face{{font-family:"{FAMILY}";'
            f'src:url(data:font/otf;base64,{data}) format("opentype")}}</style>')
