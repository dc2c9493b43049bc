"""The charts screen: history, not only current values, over the last year, five years or all."""

from __future__ import annotations

import pygame

from game.ui import theme
from game.ui.draw import charts
from game.ui.draw.charts import CHARTS, LOG_CHARTS
from game.ui.i18n import t
from game.ui.scene import Scene
from game.ui.widgets import Button

RANGES = (("1y", 12), ("5y", 60), ("all", None))


class ChartsScene(Scene):
    name = "charts"
    closed_by = ("back", "charts")

    def __init__(self, app) -> None:
        super().__init__(app)
        self.range = "5y"

    def layout(self, size) -> None:
        super().layout(size)
        w, _h = size
        for i, (key, _m) in enumerate(RANGES):
            self.buttons.append(
                Button(
                    pygame.Rect(
                        w - self.px(52 + 130 + 288) + i * self.px(96), self.px(14), self.px(88),
                        self.px(36),
                    ),
                    t(f"charts.range_{key}"),
                    lambda k=key: self.set_range(k),
                    selected=self.range == key,
                    name=f"range:{key}",
                )
            )
        self.add_back_button(size)

    def set_range(self, key: str) -> None:
        self.range = key

    def rows(self) -> list[dict]:
        return charts.window(self.app.game.session.series, dict(RANGES)[self.range])

    def draw(self, surf) -> None:
        w, h = surf.get_size()
        heading = self.fonts.text(t("charts.heading"), 24, theme.TEXT, bold=True)
        surf.blit(heading, (24, self.px(14) + (self.px(36) - heading.get_height()) // 2))
        rows = self.rows()
        timeline_h = self.px(96)
        top = self.px(14 + 36) + 14
        grid_h = h - top - timeline_h - 28
        cw, ch = (w - 48 - 24) // 3, (grid_h - 12) // 2
        for i, (title, cols) in enumerate(CHARTS):
            r = pygame.Rect(24 + (i % 3) * (cw + 12), top + (i // 3) * (ch + 12), cw, ch)
            charts.draw_line_chart(
                surf, self.fonts, r, t(title), rows, [(c, t(label)) for c, label in cols],
                log=title in LOG_CHARTS,
            )
        tl = pygame.Rect(24, h - timeline_h - 12, w - 48, timeline_h)
        charts.draw_timeline(
            surf, self.fonts, tl, rows, t("charts.timeline"), charts.factor_legend()
        )
        super().draw(surf)
