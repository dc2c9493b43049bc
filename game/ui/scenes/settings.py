"""Settings: window size, full screen, UI scale, sound, language; saved in the user config."""

from __future__ import annotations

import pygame

from game.ui import i18n, theme, widgets
from game.ui.i18n import t
from game.ui.scene import Scene
from game.ui.widgets import Button

SIZES = ((1280, 720), (1600, 900), (1920, 1080), (2560, 1440))
SCALES = (0.75, 0.85, 1.0)  # shares of the scale the window holds (theme.ui_scale): all fit


class SettingsScene(Scene):
    name = "settings"
    closed_by = ("back",)

    def layout(self, size) -> None:
        super().layout(size)
        s = self.app.settings
        px = self.px
        x, y = px(340), px(90)
        rows = [
            ("size", f"{s.width} × {s.height}", self.next_size),
            (
                "fullscreen",
                t("common.word_yes") if s.fullscreen else t("common.word_no"),
                self.toggle_fullscreen,
            ),
            ("scale", f"{self.fonts.scale:.2f}×", self.next_scale),
            (
                "sound",
                (t("common.word_yes") if s.sound else t("common.word_no"))
                + ("" if self.app.sound else f" ({t('settings.no_device')})"),
                self.toggle_sound,
            ),
            ("language", s.language, self.next_language),
        ]
        for i, (key, value, fn) in enumerate(rows):
            self.buttons.append(
                Button(
                    pygame.Rect(x, y + i * px(56), px(320), px(42)),
                    value,
                    fn,
                    t(f"settings.tip_{key}"),
                    name=f"setting:{key}",
                )
            )
        self.add_back_button(size)

    def next_size(self) -> None:
        s = self.app.settings
        sizes = [z for z in SIZES]
        i = sizes.index((s.width, s.height)) if (s.width, s.height) in sizes else -1
        s.width, s.height = sizes[(i + 1) % len(sizes)]
        self.app.apply_settings()

    def toggle_fullscreen(self) -> None:
        self.app.settings.fullscreen = not self.app.settings.fullscreen
        self.app.apply_settings()

    def next_scale(self) -> None:
        s = self.app.settings
        i = min(range(len(SCALES)), key=lambda j: abs(SCALES[j] - s.ui_scale))
        s.ui_scale = SCALES[(i + 1) % len(SCALES)]
        self.app.apply_settings()

    def toggle_sound(self) -> None:
        self.app.settings.sound = not self.app.settings.sound
        self.app.apply_settings()

    def next_language(self) -> None:
        langs = i18n.available_languages()
        s = self.app.settings
        s.language = (
            langs[(langs.index(s.language) + 1) % len(langs)] if s.language in langs else "en"
        )
        self.app.apply_settings()

    def draw(self, surf) -> None:
        surf.blit(self.fonts.text(t("settings.heading"), 24, theme.TEXT, bold=True), (24, 20))
        for i, key in enumerate(("size", "fullscreen", "scale", "sound", "language")):
            label = self.fonts.text(t(f"settings.{key}"), 16, theme.TEXT)
            surf.blit(label, (40, self.px(90 + i * 56 + 21) - label.get_height() // 2))
        widgets.draw_lines(
            surf, self.fonts, 40, self.px(400), [t("settings.note")], 13, theme.MUTED, self.px(620)
        )
        super().draw(surf)
