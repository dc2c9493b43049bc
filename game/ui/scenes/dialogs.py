"""Dialogs: a message box (refusals, damaged saves) and the error dialog that saves the game."""

from __future__ import annotations

import pygame

from game.ui import theme, widgets
from game.ui.i18n import t
from game.ui.scene import Scene
from game.ui.widgets import Button


class MessageDialog(Scene):
    """A titled message with an OK button (Enter/Escape close it)."""

    overlay = True
    name = "message"

    def __init__(self, app, title: str, text: str, ok: bool = True) -> None:
        super().__init__(app)
        self.title, self.text, self.ok = title, text, ok

    def box(self, size) -> pygame.Rect:
        return widgets.centred(size, 620, 260)

    def layout(self, size) -> None:
        super().layout(size)
        box = self.box(size)
        self.buttons.append(
            Button(
                pygame.Rect(box.right - 132, box.bottom - 52, 116, 38),
                t("common.ok"),
                self.close,
                name="ok",
            )
        )

    def close(self) -> None:
        self.app.pop(self)

    def draw(self, surf) -> None:
        box = self.box(surf.get_size())
        y = widgets.draw_panel(surf, self.fonts, box, self.title)
        colour = theme.TEXT if self.ok else theme.BAD
        widgets.draw_lines(surf, self.fonts, box.x + 16, y + 6, [self.text], 15, colour, box.w - 32)
        super().draw(surf)

    def on_intent(self, name: str) -> bool:
        if name == "back":
            self.close()
        return True

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.close()
        return True


class ErrorDialog(Scene):
    """Shown when a scene raises: the session is kept; the player may save it, go on, or quit."""

    name = "error"

    def __init__(self, app, detail: str) -> None:
        super().__init__(app)
        self.detail = detail
        self.saved: str | None = None

    def layout(self, size) -> None:
        super().layout(size)
        w, h = size
        x, y = w // 2 - 300, h // 2 + 60
        if self.app.game is not None:
            self.buttons.append(
                Button(pygame.Rect(x, y, 190, 42), t("error.save"), self.save, name="error:save")
            )
        self.buttons.append(
            Button(
                pygame.Rect(x + 205, y, 190, 42),
                t("error.continue"),
                self.resume,
                name="error:continue",
            )
        )
        self.buttons.append(
            Button(
                pygame.Rect(x + 410, y, 190, 42),
                t("error.title"),
                self.to_title,
                name="error:title",
            )
        )

    def save(self) -> None:
        problem = self.app.game.save("rescue")
        self.saved = problem or t("error.saved", path=str(self.app.game and _slot("rescue")))

    def resume(self) -> None:
        if self.app.game is not None:
            self.app.game.clock.set_speed(0)
        self.app.pop(self)

    def to_title(self) -> None:
        self.app.leave_game()

    def draw(self, surf) -> None:
        w, h = surf.get_size()
        box = pygame.Rect(w // 2 - 320, h // 2 - 170, 640, 300)
        y = widgets.draw_panel(surf, self.fonts, box, t("error.heading"))
        lines = [t("error.body"), self.detail]
        if self.saved:
            lines.append(self.saved)
        widgets.draw_lines(surf, self.fonts, box.x + 16, y + 4, lines, 15, theme.TEXT, box.w - 32)
        super().draw(surf)

    def on_intent(self, name: str) -> bool:
        if name == "back":
            self.resume()
        return True


def _slot(name: str) -> str:
    from game.io.userdata import slot_path

    return str(slot_path(name))
