"""One theme: colours, sizes and fonts, with cached text rendering and CJK fallback per run.

The shipped fonts are DejaVu Sans and subsets of Noto Sans CJK SC and TC (assets/fonts, their
licences beside them). Runs of CJK characters are drawn with the shipped CJK font in the player's
script (TC for zh-Hant) and joined, so Chinese renders on a machine with no CJK font; a character
the subset lacks (a player's name) falls back to the system's CJK font found through fontconfig.
"""

from __future__ import annotations

import glob

import pygame

from game.io.paths import ASSETS
from game.ui.i18n import language

FONT_DIR = ASSETS / "fonts"
BG = (14, 20, 30)
PANEL = (24, 33, 48)
PANEL_HI = (33, 45, 64)
EDGE = (52, 68, 92)
TEXT = (226, 232, 240)
MUTED = (143, 156, 178)
ACCENT = (86, 180, 233)
GOOD = (92, 200, 120)
WARN = (240, 180, 60)
BAD = (235, 90, 80)
LAND = (30, 42, 58)
SEA = (16, 26, 40)

# The limiting factors: one colour each, used everywhere (top bar, map, timeline, report).
FACTOR_COLOURS = {
    "power": (245, 166, 35),
    "chips": (86, 160, 245),
    "memory": (176, 120, 240),
    "capital": (92, 200, 120),
    "tools": (60, 200, 200),
    "talent": (240, 110, 170),
    "permits": (235, 90, 80),
    "none": (130, 140, 155),
}
SERIES_COLOURS = [
    (86, 180, 233),
    (245, 166, 35),
    (92, 200, 120),
    (235, 90, 80),
    (176, 120, 240),
    (60, 200, 200),
    (240, 110, 170),
    (200, 200, 120),
]

BASE_SIZE_PX = (1280, 720)  # the window every layout is drawn for at UI scale 1
MAX_SCALE = 2.0


def fit_scale(size: tuple[int, int]) -> float:
    """The UI scale a window of `size` holds: 1 at 1280x720, 2 at 2560x1440 (0.75 to 2)."""
    raw = min(size[0] / BASE_SIZE_PX[0], size[1] / BASE_SIZE_PX[1])
    return max(0.75, min(MAX_SCALE, raw))


def ui_scale(setting: float, size: tuple[int, int]) -> float:
    """The scale drawn: the player's setting (a share of what fits, 1 = all of it) times what the
    window holds, never more than fits, so text grows with the window and is never cut."""
    fit = fit_scale(size)
    return round(max(0.75, min(fit, setting * fit)), 2)


_CJK_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]


def shipped_cjk_font(lang: str) -> str:
    """The shipped Noto Sans CJK subset (tools/make_cjk_fonts.py) in the language's script: TC
    for zh-Hant, SC otherwise. It holds every character the game writes, on any machine."""
    return str(FONT_DIR / ("NotoSansTC-Subset.otf" if lang == "zh-Hant" else
                           "NotoSansSC-Subset.otf"))


def find_cjk_font() -> str | None:
    """A CJK-capable font file on this system, or None (CJK text then shows as boxes): the one
    fontconfig picks for Chinese, else one of the usual paths."""
    from game.ui.sysfonts import font_for_language

    found_by_fc = font_for_language("zh-cn")
    if found_by_fc:
        return found_by_fc
    for path in _CJK_CANDIDATES:
        if glob.glob(path):
            return path
    found = glob.glob("/usr/share/fonts/**/*CJK*.tt[cf]", recursive=True)
    return found[0] if found else None


# marks a Chinese line never starts with (kinsoku): closing punctuation and brackets
CLOSING = "，。、；：！？）」』》〉】…,.;:!?)"
NO_LINE_START = frozenset(CLOSING)


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7AF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
    )


class Fonts:
    """Fonts by (size, bold) at the current UI scale, and a cache of rendered text surfaces."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._fonts: dict[tuple[int, bool, bool], pygame.font.Font] = {}
        self._cache: dict[tuple, pygame.Surface] = {}
        self._cjk_path = find_cjk_font()

    def px(self, n: float) -> int:
        """A layout length at this UI scale (scenes use the same through Scene.px)."""
        return round(n * self.scale)

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self._fonts.clear()
        self._cache.clear()

    def font(self, size: int, bold: bool = False, cjk: bool | str = False) -> pygame.font.Font:
        """DejaVu; with cjk=True the shipped CJK font for the player's language, with
        cjk="system" the system's CJK font (for characters the shipped subset lacks)."""
        px = max(8, round(size * self.scale))
        key = (px, bold, cjk, language() if cjk is True else "")
        if key not in self._fonts:
            if cjk == "system" and self._cjk_path:
                self._fonts[key] = pygame.font.Font(self._cjk_path, px)
            elif cjk:
                self._fonts[key] = pygame.font.Font(shipped_cjk_font(language()), px)
            else:
                name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
                self._fonts[key] = pygame.font.Font(str(FONT_DIR / name), px)
        return self._fonts[key]

    def text(
        self, text: str, size: int = 15, colour: tuple = TEXT, bold: bool = False
    ) -> pygame.Surface:
        """The rendered text (cached): the same string, size and colour is rendered once."""
        key = (text, size, colour, bold, language())
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) > 4000:
                self._cache.clear()
            surf = self._render(text, size, colour, bold)
            self._cache[key] = surf
        return surf

    def _runs(self, text: str, size: int, bold: bool) -> list[tuple[pygame.font.Font, str]]:
        """`text` cut into runs, each with the font that draws it: DejaVu, the shipped CJK font,
        or the system's CJK font for a character the shipped subset lacks (a player's name)."""
        shipped = self.font(size, cjk=True)
        runs: list[tuple[bool | str, str]] = []
        for ch in text:
            flag: bool | str = is_cjk(ch)
            if flag and self._cjk_path and shipped.metrics(ch)[0] is None:
                flag = "system"
            if runs and runs[-1][0] == flag:
                runs[-1] = (flag, runs[-1][1] + ch)
            else:
                runs.append((flag, ch))
        return [(self.font(size, bold, cjk=flag), s) for flag, s in runs]

    def _render(self, text: str, size: int, colour: tuple, bold: bool) -> pygame.Surface:
        """Mixed text on one baseline, as tall as the Latin font's line: the CJK font's taller
        line box is blank space, so Chinese fits every box laid out for English."""
        latin = self.font(size, bold)
        if not any(is_cjk(c) for c in text):
            return latin.render(text, True, colour)
        runs = self._runs(text, size, bold)
        parts = [(font, font.render(s, True, colour)) for font, s in runs]
        out = pygame.Surface((sum(p.get_width() for _, p in parts), latin.get_height()),
                             pygame.SRCALPHA)
        x = 0
        for font, p in parts:
            out.blit(p, (x, latin.get_ascent() - font.get_ascent()))
            x += p.get_width()
        return out

    def line_height(self, size: int) -> int:
        return self.font(size).get_linesize()

    def width(self, text: str, size: int, bold: bool = False) -> int:
        """The drawn width of `text` in pixels, CJK runs measured in the font that draws them."""
        if not any(is_cjk(c) for c in text):
            return self.font(size, bold).size(text)[0]
        return sum(font.size(s)[0] for font, s in self._runs(text, size, bold))

    def wrap(self, text: str, size: int, width_px: int) -> list[str]:
        """Split text into lines that fit `width_px` (words; CJK text breaks between characters,
        never before a closing mark such as ，。）: the character before it moves down with it)."""
        lines: list[str] = []
        for para in text.split("\n"):
            words = para.split(" ") if not any(is_cjk(c) for c in para) else list(para)
            sep = " " if len(words) > 1 and not any(is_cjk(c) for c in para) else ""
            line = ""
            for w in words:
                trial = f"{line}{sep}{w}" if line else w
                if self.width(trial, size) <= width_px or not line:
                    line = trial
                elif not sep and w in NO_LINE_START and len(line.rstrip(CLOSING)) > 1:
                    cut = len(line.rstrip(CLOSING)) - 1  # the closing marks and one more go down
                    lines.append(line[:cut])
                    line = line[cut:] + w
                else:
                    lines.append(line)
                    line = w
            lines.append(line)
        return lines
