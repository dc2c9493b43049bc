"""Chinese text in the window: real glyphs when a CJK font is installed, a surface either way."""

from __future__ import annotations

import pygame

from game.ui import theme
from game.ui.theme import Fonts


def _pixels(surf: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surf, "RGBA")


def test_cjk_text_renders_real_glyphs_or_falls_back_without_raising(app):
    fonts = Fonts(1.0)
    zhong = fonts.text("中", 15)
    wen = fonts.text("文", 15)
    mixed = fonts.text("TSMC 台积电 N3", 15)
    latin = fonts.text("TSMC  N3", 15)
    assert mixed.get_width() > latin.get_width()  # the CJK run takes space in the line
    if theme.find_cjk_font():
        # Two different characters draw differently: DejaVu alone draws both as the same box.
        assert _pixels(zhong) != _pixels(wen)
        box = fonts.font(15).render("中", True, theme.TEXT)
        assert _pixels(zhong) != _pixels(box)
    else:
        # The documented fallback: no CJK font means boxes (the same for every character),
        # still a surface the screens can lay out, never an exception.
        assert zhong.get_width() > 0
        assert _pixels(zhong) == _pixels(wen)


def test_cjk_font_is_found_by_its_usual_system_path(tmp_path, monkeypatch):
    from game.ui import sysfonts

    fake = tmp_path / "NotoSansCJK-Regular.ttc"
    fake.write_bytes(b"")
    monkeypatch.setattr(theme, "_CJK_CANDIDATES", [str(fake)])
    monkeypatch.setenv("PATH", str(tmp_path))  # no fontconfig: the usual paths are looked at
    sysfonts.font_for_language.cache_clear()
    try:
        assert theme.find_cjk_font() == str(fake)
    finally:
        sysfonts.font_for_language.cache_clear()


def _fake_fc_match(folder, font, langs: str) -> None:
    """An `fc-match` first on PATH that answers as fontconfig does for `sans:lang=zh-cn`."""
    script = folder / "fc-match"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n%s\\n' '{font}' '{langs}'\n")
    script.chmod(0o755)


def test_a_cjk_font_under_any_name_is_found_through_fontconfig(tmp_path, monkeypatch):
    from game.ui import sysfonts

    font = tmp_path / "DroidSansFallbackFull.ttf"  # no "CJK" in its name, not on a usual path
    font.write_bytes(b"")
    _fake_fc_match(tmp_path, font, "en|ja|ko|zh-cn|zh-tw")
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(theme, "_CJK_CANDIDATES", [])
    sysfonts.font_for_language.cache_clear()
    try:
        assert theme.find_cjk_font() == str(font)
        # fontconfig's last resort, a font without Chinese, is not taken for one
        _fake_fc_match(tmp_path, font, "en|de|fr")
        sysfonts.font_for_language.cache_clear()
        assert sysfonts.font_for_language("zh-cn") is None
    finally:
        sysfonts.font_for_language.cache_clear()
