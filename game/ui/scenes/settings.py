"""Settings: window size, full screen, UI scale, sound, language, and which alerts pause the game;
saved in the user config."""

from __future__ import annotations

import pygame

from game.ui import alerts, i18n, theme, widgets
from game.ui.i18n import t
from game.ui.scene import Scene
from game.ui.widgets import Button

SIZES = ((1280, 720), (1600, 900), (1920, 1080), (2560, 1440))
SCALES = (0.75, 0.85, 1.0)  # shares of the scale the window holds (theme.ui_scale): all fit


# the settings, top to bottom (each has a label settings.<key> and a tip settings.tip_<key>)
ROWS = ("size", "fullscreen", "scale", "sound", "language")

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
            ("language", t(f"language.{i18n.language()}"), self.next_language),
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
        ax, ay, pitch = self.alerts_at(size)
        for i, kind in enumerate(alerts.KINDS):
            on = alerts.pauses(kind, s.alert_pause)
            self.buttons.append(
                Button(
                    pygame.Rect(ax + self.px(230), ay + i * pitch, self.px(90), pitch - self.px(8)),
                    t("common.word_yes") if on else t("common.word_no"),
                    lambda k=kind: self.toggle_alert(k),
                    t("settings.tip_alert"),
                    selected=on,
                    name=f"alert:{kind}",
                    size=14,
                )
            )
        self.add_back_button(size)

    def alerts_at(self, size) -> tuple[int, int, int]:
        """Where the alert toggles start (right of the window settings) and their row pitch."""
        return self.px(720), self.px(120), self.px(40)

    def toggle_alert(self, kind: str) -> None:
        s = self.app.settings
        s.alert_pause = {**s.alert_pause, kind: not alerts.pauses(kind, s.alert_pause)}
        if self.app.game is not None:
            self.app.game.alert_pause = s.alert_pause
        self.app.apply_settings()

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
        now = i18n.language()  # `language: zh` in settings is zh-Hans
        s.language = langs[(langs.index(now) + 1) % len(langs)] if now in langs else "en"
        self.app.apply_settings()

    def draw(self, surf) -> None:
        self.draw_heading(surf, t("settings.heading"))
        for i, key in enumerate(ROWS):
            label = self.fonts.text(t(f"settings.{key}"), 16, theme.TEXT)
            surf.blit(label, (self.px(40), self.px(90 + i * 56 + 21) - label.get_height() // 2))
        widgets.draw_lines(
            surf, self.fonts, self.px(40), self.px(400), [t("settings.note")], 13, theme.MUTED,
            self.px(620),
        )
        ax, ay, pitch = self.alerts_at(surf.get_size())
        surf.blit(self.fonts.text(t("settings.alerts"), 16, theme.ACCENT, bold=True),
                  (ax, self.px(90)))
        for i, kind in enumerate(alerts.KINDS):
            label = widgets.fit_text(self.fonts, t(f"settings.alert_kind.{kind}"), 14, theme.TEXT,
                                     self.px(222))
            middle = ay + i * pitch + (pitch - self.px(8)) // 2
            surf.blit(label, label.get_rect(midleft=(ax, middle)))
        super().draw(surf)
