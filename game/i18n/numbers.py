"""Numbers the way each language writes them, one formatter per locale (Babel's CLDR data).

English keeps the game's `USD 55.0 B`; Chinese writes large amounts with 万/亿 (萬/億), as the
articles do: `550 亿美元`, `1,190 億美元`, `1,200 万颗`. A catalog template names the format
after the colon: `{cash:usd_b}` (an amount in billions of US dollars), `{cash:usd_m}` (millions),
`{n:count}` (a plain quantity), `{n:count1}` (one decimal), `{share:pct}` (a share, 0.42 -> 42%).
Any other spec is Python's own (`{x:,.1f}`).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_compact_decimal, format_decimal, format_percent

_LOCALES = {"en": "en_US", "zh-Hans": "zh_Hans_CN", "zh-Hant": "zh_Hant_TW"}
_USD = {"en": "USD {} B", "zh-Hans": "{}美元", "zh-Hant": "{}美元"}
NAMED = ("usd_b", "usd_m", "count", "count1", "pct")


@lru_cache(maxsize=4)
def _locale(lang: str) -> Locale:
    return Locale.parse(_LOCALES.get(lang, "en_US"))


def big_number(lang: str, value: float, digits: int = 1) -> str:
    """`value` in the language's own large units: 5.5e10 -> 550 亿 (zh-Hans), 550 億 (zh-Hant),
    55B (en); below ten thousand it is written out (9,999)."""
    loc = _locale(lang)
    if abs(value) < 10_000 or lang == "en":
        return format_decimal(round(value, digits), format=f"#,##0.{'#' * digits}" if digits
                              else "#,##0", locale=loc)
    short = format_compact_decimal(value, format_type="short", fraction_digits=digits, locale=loc)
    if lang == "en":
        return short
    # 550亿 -> 550 亿: a thin gap between the figure and its unit, as the articles print it
    head = short.rstrip("万亿億萬兆")
    return f"{head} {short[len(head):]}" if head != short else short


def format_value(lang: str, value: object, spec: str) -> str | None:
    """`value` formatted by the named `spec` in `lang`; None when `spec` is not one of NAMED."""
    if spec not in NAMED or not isinstance(value, int | float):
        return None
    number = float(value)
    if lang == "en" and math.isfinite(number):
        return _english(number, spec)
    if spec == "pct":
        return format_percent(number, locale=_locale(lang))
    if spec in ("count", "count1"):
        return big_number(lang, number, 1 if spec == "count1" else 0)
    usd = number * (1e9 if spec == "usd_b" else 1e6)
    if lang == "en":  # an infinite or NaN amount
        return f"USD {number:,.1f} {'B' if spec == 'usd_b' else 'M'}"
    figure = big_number(lang, usd, 1)
    return _USD[lang].format(figure if not figure[-1].isdigit() else figure + " ")


_ONE = Decimal(1)
_TENTH = Decimal("0.1")


def _english(number: float, spec: str) -> str:
    """English, written as Babel's en_US patterns would write it (a test compares the two over
    many values), without Babel's pattern machinery: the engine's English news formats about
    fifty such numbers a campaign, and Babel took a tenth of the time its messages cost."""
    if spec == "pct":  # "#,##0%": the decimal value, rounded half to even
        return f"{(Decimal(repr(number)) * 100).quantize(_ONE, ROUND_HALF_EVEN):,}%"
    if spec == "count":  # "#,##0" of the rounded value's shortest decimal form
        return f"{Decimal(repr(round(number, 0))).quantize(_ONE, ROUND_HALF_EVEN):,}"
    if spec == "count1":  # "#,##0.#"
        text = f"{Decimal(repr(round(number, 1))).quantize(_TENTH, ROUND_HALF_EVEN):,}"
        return text[:-2] if text.endswith(".0") else text
    return f"USD {number:,.1f} {'B' if spec == 'usd_b' else 'M'}"


# a chart's large units, largest first (10^12, 10^8, 10^4 in Chinese; 10^9, 10^6, 10^3 in English)
_AXIS_UNITS = {"zh-Hans": ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")),
               "zh-Hant": ((1e12, "兆"), (1e8, "億"), (1e4, "萬")),
               "en": ((1e9, "B"), (1e6, "M"), (1e3, "k"))}


def axis_number(lang: str, value: float) -> str:
    """A chart's tick or a line's end value in at most three significant digits, in the
    language's large units: 91523 -> '91.5k' (en), '9.15万' (zh-Hans), '9.15萬' (zh-Hant);
    17.17 -> '17.2'; below ten thousand Chinese writes the figure out ('9,150')."""
    for div, suffix in _AXIS_UNITS.get(lang, _AXIS_UNITS["en"]):
        if abs(value) >= div * 0.9995:
            return _figure(value / div) + suffix
    return _figure(value) if abs(value) >= 0.001 or value == 0 else f"{value:.1e}"


def _figure(x: float) -> str:
    """`x` to three significant digits, a four-digit figure written out (9,990, never 9.99e+03)."""
    return f"{float(f'{x:.3g}'):,.0f}" if abs(x) >= 999.5 else f"{x:.3g}"
