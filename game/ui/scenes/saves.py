"""Save and load slots (the CLI's own save files); a damaged save shows the engine's message."""

from __future__ import annotations

import time

import pygame

from game.domain.errors import TerafabError
from game.io import userdata
from game.ui import theme, widgets
from game.ui.game import load_game
from game.ui.i18n import t
from game.ui.scene import Scene
from game.ui.scenes.dialogs import MessageDialog
from game.ui.widgets import Button


def load_slot(app, slot: str) -> bool:
    """Load a slot into a new game and show it; on any problem show the message and keep playing."""
    from game.ui.scenes.title import start_game

    tutorial = app.game.tutorial if app.game else False
    try:
        game = load_game(slot, tutorial=tutorial)
    except TerafabError as exc:
        app.push(MessageDialog(app, t("saves.load_failed"), str(exc), ok=False))
        return False
    start_game(app, game)
    game.notify(t("notice.loaded", slot=slot))
    return True


class SavesScene(Scene):
    name = "saves"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.slots = userdata.all_slots()

    def layout(self, size) -> None:
        super().layout(size)
        w, _h = size
        self.slots = userdata.all_slots()
        for i, s in enumerate(self.slots):
            y = 80 + i * 48
            if self.app.game is not None and not s.slot.startswith("autosave"):
                self.buttons.append(
                    Button(
                        pygame.Rect(w - 300, y, 130, 38),
                        t("saves.save"),
                        lambda s=s.slot: self.save(s),
                        name=f"save:{s.slot}",
                    )
                )
            self.buttons.append(
                Button(
                    pygame.Rect(w - 160, y, 130, 38),
                    t("saves.load"),
                    lambda s=s.slot: load_slot(self.app, s),
                    enabled=s.exists,
                    name=f"load:{s.slot}",
                )
            )
        self.add_back_button(size)

    def save(self, slot: str) -> None:
        problem = self.app.game.save(slot)
        if problem:
            self.app.push(MessageDialog(self.app, t("saves.failed"), problem, ok=False))
        else:
            self.app.game.notify(t("notice.saved", slot=slot))
        self.layout(self.app.size)

    def draw(self, surf) -> None:
        w, _h = surf.get_size()
        surf.blit(self.fonts.text(t("saves.heading"), 24, theme.TEXT, bold=True), (24, 20))
        surf.blit(
            self.fonts.text(t("saves.where", path=str(userdata.saves_dir())), 12, theme.MUTED),
            (26, 54),
        )
        for i, s in enumerate(self.slots):
            r = pygame.Rect(20, 76 + i * 48, w - 40, 46)
            pygame.draw.rect(surf, theme.PANEL, r, border_radius=6)
            surf.blit(
                self.fonts.text(t_slot(s.slot), 15, theme.TEXT, bold=True), (r.x + 14, r.y + 13)
            )
            if s.exists:
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(s.mtime))
                colour = theme.TEXT if s.ok else theme.BAD
                label = widgets.fit_text(self.fonts, f"{s.label}  ·  {when}", 14, colour, w - 560)
            else:
                label = self.fonts.text(t("saves.empty"), 14, theme.MUTED)
            surf.blit(label, (r.x + 170, r.y + 14))
        super().draw(surf)

    def on_intent(self, name: str) -> bool:
        if name in ("back", "saves"):
            self.app.pop(self)
            return True
        return False


def t_slot(slot: str) -> str:
    if slot.startswith("slot"):
        return t("saves.slot", n=slot[4:])
    if slot.startswith("autosave"):
        return t("saves.autosave", n=slot.split("-")[1])
    return t("saves.quick")
