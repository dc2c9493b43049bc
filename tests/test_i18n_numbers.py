"""English numbers take a fast path (game/i18n/numbers.py `_english`) that must write exactly what
Babel's en_US patterns write, and English templates a fast path in `render` that must give what
the catalogs' formatter gives; half-way values and signed zeros are where they would part."""

from __future__ import annotations

import re

from babel.numbers import format_decimal, format_percent
from hypothesis import example, given, settings
from hypothesis import strategies as st

from game import i18n
from game.i18n.numbers import _locale, format_value

NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18),
    st.integers(min_value=-10**7, max_value=10**7).map(lambda n: n / 200),  # x.5, x.25, x.005
    st.integers(min_value=-10**9, max_value=10**9))


def _babel(value: float, spec: str) -> str:
    if spec == "pct":
        return format_percent(float(value), locale=_locale("en"))
    digits = 1 if spec == "count1" else 0
    return format_decimal(round(float(value), digits), format="#,##0.#" if digits else "#,##0",
                          locale=_locale("en"))


@settings(deadline=None)  # a loaded machine is not a failure
@given(NUMBERS)
@example(-0.0)
@example(-0.4)
@example(0.575)
@example(2.5)
@example(0.05)
@example(0.35)
def test_english_numbers_are_written_as_babel_writes_them(value):
    for spec in ("pct", "count", "count1"):
        assert format_value("en", value, spec) == _babel(value, spec), spec


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=0, max_value=400), st.floats(min_value=-1e6, max_value=1e6))
def test_english_templates_render_as_the_formatter_renders_them(months, amount):
    for key, template in i18n.load_catalog("en").items():
        names = set(re.findall(r"\{(\w+)", template))
        values = {name: months if "month" in name else amount for name in names}
        try:
            slow = i18n._formatter("en").vformat(template, (), values)
        except (ValueError, TypeError):  # a field that wants another type (a name, a list)
            continue
        assert i18n.render("en", key, values) == slow, key
