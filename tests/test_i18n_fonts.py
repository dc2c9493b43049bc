"""Every character the game writes is in a font it ships: no missing glyph (tofu) in any language,
on a machine with no CJK font at all. Latin text is drawn with DejaVu Sans; CJK runs with the Noto
Sans CJK subset of the language's script (tools/make_cjk_fonts.py builds them)."""

from __future__ import annotations

from functools import cache

import pytest
from fontTools.ttLib import TTFont

from game import i18n
from game.domain.rules import RULES
from game.io.paths import ASSETS, SCENARIOS

FONTS = ASSETS / "fonts"


@cache
def cmap(name: str) -> frozenset[int]:
    with TTFont(FONTS / name, lazy=True) as font:
        return frozenset(font.getBestCmap())


def is_cjk(ch: str) -> bool:  # the ranges the window draws with its CJK font (game/ui/theme.py)
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF)


def missing(text: str, cjk_font: str) -> list[str]:
    latin, cjk = cmap("DejaVuSans.ttf"), cmap(cjk_font)
    return sorted({c for c in text if c not in "\n\t"
                   and ord(c) not in (cjk if is_cjk(c) else latin)})


@pytest.mark.parametrize("lang, font", [("en", "NotoSansSC-Subset.otf"),
                                        ("zh-Hans", "NotoSansSC-Subset.otf"),
                                        ("zh-Hant", "NotoSansTC-Subset.otf")])
def test_every_catalog_string_has_every_glyph(lang, font):
    bad = {key: missing(text, font) for key, text in i18n.load_catalog(lang).items()}
    assert {k: v for k, v in bad.items() if v} == {}


@pytest.mark.parametrize("font", ["NotoSansSC-Subset.otf", "NotoSansTC-Subset.otf"])
def test_the_rules_sources_and_scenarios_have_every_glyph(font):
    texts = [r.source for r in RULES.values()] + [r.title for r in RULES.values()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SCENARIOS.glob("*.yaml"))]
    bad = {t[:40]: missing(t, font) for t in texts}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_fonts_and_their_licence_ship():
    for name in ("NotoSansSC-Subset.otf", "NotoSansTC-Subset.otf"):
        with TTFont(FONTS / name, lazy=True) as font:
            assert font["name"].getDebugName(1).startswith("Noto Sans CJK")
        assert ord("晶") in cmap(name) and ord("圓") in cmap(name)
    assert "SIL OPEN FONT LICENSE" in (FONTS / "LICENSE-NotoSansCJK.txt").read_text()
