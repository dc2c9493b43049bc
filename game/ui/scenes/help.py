"""Help: how to play in five lines, the key map (from configs/keymap.yaml) and a glossary."""

from __future__ import annotations

import pygame

from game.ui import theme, widgets
from game.ui.i18n import t
from game.ui.input import key_names
from game.ui.scene import Scene

TERMS = (
    "wafer_start",
    "hbm",
    "euv",
    "yield",
    "export",
    "tool_set",
    "eflops",
    "limiting",
    "edge",
    "permits",
)


class HelpScene(Scene):
    name = "help"
    closed_by = ("back", "help")

    def layout(self, size) -> None:
        super().layout(size)
        self.add_back_button(size)

    def draw(self, surf) -> None:
        w, h = surf.get_size()
        self.draw_heading(surf, t("help.heading"))
        px = self.px
        col = (w - px(72)) // 3
        how = pygame.Rect(px(24), px(70), col, h - px(94))
        y = widgets.draw_panel(surf, self.fonts, how, t("help.how"))
        widgets.draw_lines(
            surf,
            self.fonts,
            how.x + 14,
            y,
            [t(f"help.step{i}") for i in range(1, 7)],
            14,
            theme.TEXT,
            how.w - 28,
        )
        keys = pygame.Rect(how.right + px(12), px(70), col, h - px(94))
        y = widgets.draw_panel(surf, self.fonts, keys, t("help.keys"))
        for intent, key in key_names(self.app.keymap):
            surf.blit(self.fonts.text(key, 14, theme.ACCENT, bold=True), (keys.x + 14, y))
            label_x = keys.x + self.px(110)
            y = widgets.draw_lines(  # a long one wraps
                surf, self.fonts, label_x, y, [t(f"intent.{intent}")], 14, theme.TEXT,
                keys.right - 10 - label_x,
            ) + self.px(24) - self.fonts.line_height(14)
        widgets.draw_lines(
            surf, self.fonts, keys.x + 14, y + 10, [t("help.mouse")], 13, theme.MUTED, keys.w - 28
        )
        terms = pygame.Rect(keys.right + px(12), px(70), w - keys.right - px(36), h - px(94))
        y = widgets.draw_panel(surf, self.fonts, terms, t("help.terms"))
        for term in TERMS:
            surf.blit(
                self.fonts.text(t(f"term.{term}"), 14, theme.ACCENT, bold=True), (terms.x + 14, y)
            )
            y = (
                widgets.draw_lines(
                    surf,
                    self.fonts,
                    terms.x + 14,
                    y + self.px(20),
                    [t(f"term_text.{term}")],
                    13,
                    theme.TEXT,
                    terms.w - 28,
                )
                + 6
            )
        super().draw(surf)
