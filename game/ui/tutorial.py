"""The guided tutorial: step-by-step prompts that advance on what the player actually does.

Each step names the signal that completes it (a tab opened, a command accepted, the clock
started...) and the button to highlight. Shown for the `tutorial` scenario or `play --tutorial`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui import theme, widgets
from game.ui.i18n import t
from game.ui.widgets import Button


@dataclass(frozen=True)
class Step:
    key: str  # catalog key tutorial.<key>
    signal: str  # done when game.signals holds it ("" = done after `months` more months)
    target: str = ""  # button name to highlight
    months: int = 0


STEPS = (
    Step("welcome", "tab:supply", "tab:supply"),
    Step("fund_chip", "command:fund_chip", "action:fund_chip"),
    Step("book", "command:book_foundry", "action:book_foundry"),
    Step("memory", "command:book_memory", "tab:memory"),
    Step("unpause", "unpaused", "speed:1"),
    Step("watch", "", "", months=6),
    Step("why", "why", ""),
    Step("charts", "charts", "nav:charts"),
    Step("done", "dismissed", ""),
)


class Tutorial:
    def __init__(self) -> None:
        self.index = 0
        self.hidden = False
        self._since_month: int | None = None

    @property
    def step(self) -> Step | None:
        return STEPS[self.index] if self.index < len(STEPS) and not self.hidden else None

    def update(self, game) -> None:
        while self.step is not None:
            step = self.step
            if step.months:
                if self._since_month is None:
                    self._since_month = game.session.month
                if game.session.month - self._since_month < step.months:
                    return
            elif step.signal not in game.signals:
                return
            self.index += 1
            self._since_month = None

    def box(self, scene) -> pygame.Rect:
        n = scene.news_rect  # over the news feed, so the map stays in view
        return pygame.Rect(n.right - n.w // 2 - 8, n.bottom - 150, n.w // 2, 142)

    def layout(self, scene, size) -> None:
        if self.step is None:
            return
        box = self.box(scene)
        label = t("tutorial.ok") if self.step.key == "done" else t("tutorial.skip")
        scene.buttons.append(
            Button(
                pygame.Rect(box.right - 110, box.bottom - 40, 100, 32),
                label,
                lambda: self.dismiss(scene),
                name="tutorial:skip",
                size=12,
            )
        )

    def dismiss(self, scene) -> None:
        if self.step is not None and self.step.key == "done":
            scene.game.signals.add("dismissed")
        self.hidden = True

    def draw(self, scene, surf: pygame.Surface) -> None:
        step = self.step
        if step is None:
            return
        if step.target:
            try:
                target = scene.button(step.target)
                pygame.draw.rect(
                    surf, theme.WARN, target.rect.inflate(6, 6), width=3, border_radius=8
                )
            except KeyError:
                pass
        box = self.box(scene)
        pygame.draw.rect(surf, (12, 18, 28), box, border_radius=8)
        pygame.draw.rect(surf, theme.WARN, box, width=2, border_radius=8)
        head = t("tutorial.heading", n=self.index + 1, total=len(STEPS))
        surf.blit(scene.fonts.text(head, 12, theme.WARN, bold=True), (box.x + 12, box.y + 8))
        widgets.draw_lines(
            surf,
            scene.fonts,
            box.x + 12,
            box.y + 30,
            [t(f"tutorial.{step.key}")],
            14,
            theme.TEXT,
            box.w - 24,
        )
        for b in scene.buttons:
            if b.name == "tutorial:skip":
                widgets.draw_button(surf, scene.fonts, b, b.rect.collidepoint(scene.mouse))
