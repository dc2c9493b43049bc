"""The scene base: buttons and hover regions rebuilt by `layout`, clicks routed to them.

`layout(size)` runs when the scene is pushed, the window is resized and after each update, and
rebuilds `buttons` and `hots`; `draw` only reads them. Dialogs set `overlay = True` and are drawn
over the scene below, which stays visible but gets no input.
"""

from __future__ import annotations

import pygame

from game.ui import theme, widgets
from game.ui.i18n import t
from game.ui.input import Intent


class Scene:
    overlay = False
    opaque = False  # draws every pixel itself (the app need not clear the screen first)
    name = "scene"

    def __init__(self, app) -> None:
        self.app = app
        self.buttons: list[widgets.Button] = []
        self.hots: list[widgets.Hot] = []
        self.mouse = (-1, -1)

    @property
    def fonts(self):
        return self.app.fonts

    def px(self, n: float) -> int:
        """A layout length at the current UI scale, so boxes grow with their fonts."""
        return self.fonts.px(n)

    def fit_rows(self, count: int, space_px: int, pitch: int, size: int, pad: int) -> tuple:
        """(row pitch, label size) for `count` rows in `space_px`: pitch and text scaled, then
        shrunk together so every row stays on screen (`pad`: pixels a row needs beyond a line)."""
        row = min(self.px(pitch), space_px // max(1, count))
        need = self.fonts.line_height(size) + pad
        return row, size if row >= need else max(9, size * row // need)

    # ------------------------------------------------------------------ lifecycle
    def layout(self, size: tuple[int, int]) -> None:
        self.buttons, self.hots = [], []

    def update(self, dt_s: float) -> None:
        self.layout(self.app.size)

    def draw(self, surf: pygame.Surface) -> None:
        for b in self.buttons:
            widgets.draw_button(surf, self.fonts, b, b.rect.collidepoint(self.mouse))

    def tooltip(self) -> str:
        for b in self.buttons:
            if b.rect.collidepoint(self.mouse):
                cut = widgets.label_cut(self.fonts, b)  # a shortened label shows whole on hover
                if b.tip or cut:
                    return f"{b.label}\n{b.tip}".strip() if cut and b.label not in b.tip else b.tip
        for h in self.hots:
            if h.tip and h.rect.collidepoint(self.mouse):
                return h.tip
        return ""

    # ------------------------------------------------------------------ input
    def handle(self, event) -> bool:
        """Handle an Intent or a pygame event; True if used."""
        if isinstance(event, Intent):
            return self.on_intent(event.name)
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.mouse = event.pos
            return self.click(event.pos)
        if event.type == pygame.MOUSEWHEEL:
            return self.on_wheel(event.y)
        if event.type == pygame.KEYDOWN:
            return self.on_key(event)
        return False

    def click(self, pos: tuple[int, int]) -> bool:
        for b in self.buttons:
            if b.enabled and b.rect.collidepoint(pos):
                self.app.play_click()
                b.action()
                return True
        for h in self.hots:
            if h.action and h.rect.collidepoint(pos):
                h.action()
                return True
        return False

    # intents that close this scene (Esc's "back", or the key that opened it, as a toggle)
    closed_by: tuple[str, ...] = ()

    def on_intent(self, name: str) -> bool:
        if name in self.closed_by:
            self.app.pop(self)
            return True
        return False

    def on_key(self, event: pygame.event.Event) -> bool:
        return False

    def on_wheel(self, dy: int) -> bool:
        return False

    def add_back_button(self, size: tuple[int, int]) -> None:
        """The Back button top right of a full-screen scene (Escape does the same)."""
        width = self.px(130)
        rect = pygame.Rect(size[0] - self.px(16) - width, self.px(14), width, self.px(38))
        self.buttons.append(
            widgets.Button(rect, t("common.back"), lambda: self.app.pop(self), name="back")
        )

    def draw_heading(self, surf: pygame.Surface, text: str) -> None:
        """A full-screen scene's heading, top left, at the UI scale (clear of the Back button
        and of the panels below, which start at px(70))."""
        surf.blit(self.fonts.text(text, 24, theme.TEXT, bold=True), (self.px(24), self.px(20)))

    def button(self, name: str) -> widgets.Button:
        """The button with this id (tests and the tutorial find buttons by name)."""
        for b in self.buttons:
            if b.name == name:
                return b
        raise KeyError(name)
