"""Save and load slots (the CLI's own save files); a damaged save shows the engine's message.

The manual slots and the quick save come first, then one autosave for each game year (newest
first), scrolled with the mouse wheel when they do not fit."""

from __future__ import annotations

import time

import pygame

from game.io import userdata
from game.ui import theme, widgets
from game.ui.i18n import t
from game.ui.scene import Scene
from game.ui.widgets import Button, Hot


class SavesScene(Scene):
    name = "saves"
    closed_by = ("back", "saves")

    def __init__(self, app) -> None:
        super().__init__(app)
        if app.game is not None:
            app.game.wait_for_saves()  # list the autosave being written as it will be
        self.slots = userdata.all_slots()
        self.scroll = 0  # rows scrolled past

    def layout(self, size) -> None:
        super().layout(size)
        w, _h = size
        px = self.px
        self.slots = userdata.all_slots()
        for i, s in self.visible(size):
            row = self.slot_rect(i, size)
            self.hots.append(Hot(row, t_slot(s.slot)))  # the slot's whole name, if cut short
            y, button_h = row.y + px(4), row.h - px(8)
            if self.app.game is not None and not s.slot.startswith(userdata.AUTOSAVE_PREFIX):
                self.buttons.append(
                    Button(
                        pygame.Rect(w - px(300), y, px(130), button_h),
                        t("saves.save"),
                        lambda s=s.slot: self.save(s),
                        name=f"save:{s.slot}",
                    )
                )
            self.buttons.append(
                Button(
                    pygame.Rect(w - px(160), y, px(130), button_h),
                    t("saves.load"),
                    lambda s=s.slot: self.app.load_slot(s),
                    enabled=s.exists,
                    name=f"load:{s.slot}",
                )
            )
        self.add_back_button(size)

    def rows_fit(self, size: tuple[int, int]) -> int:
        return max(1, (size[1] - self.px(76) - self.px(30)) // self.px(44))

    def visible(self, size: tuple[int, int]) -> list:
        """(index, slot) of the rows on screen now."""
        fit = self.rows_fit(size)
        self.scroll = max(0, min(self.scroll, len(self.slots) - fit))
        return list(enumerate(self.slots))[self.scroll : self.scroll + fit]

    def slot_rect(self, i: int, size: tuple[int, int]) -> pygame.Rect:
        """Row i of the slot list, scaled with the UI, counted from the first row shown."""
        w, _h = size
        pitch = self.px(44)
        return pygame.Rect(self.px(20), self.px(76) + (i - self.scroll) * pitch, w - self.px(40),
                           pitch - self.px(2))

    def on_wheel(self, dy: int) -> bool:
        self.scroll = max(0, self.scroll - dy)
        self.layout(self.app.size)
        return True

    def save(self, slot: str) -> None:
        problem = self.app.game.save(slot)
        if problem:
            self.app.open("message", title=t("saves.failed"), text=problem, ok=False)
        else:
            self.app.game.notify(t("notice.saved", slot=slot))
        self.layout(self.app.size)

    def draw(self, surf) -> None:
        w, _h = surf.get_size()
        px = self.px
        self.draw_heading(surf, t("saves.heading"))
        surf.blit(
            self.fonts.text(t("saves.where", path=str(userdata.saves_dir())), 12, theme.MUTED),
            (px(26), px(54)),
        )
        shown = self.visible(surf.get_size())
        for i, s in shown:
            r = self.slot_rect(i, surf.get_size())
            pygame.draw.rect(surf, theme.PANEL, r, border_radius=6)
            name = widgets.fit_text(self.fonts, t_slot(s.slot), 15, theme.TEXT, px(210), bold=True)
            surf.blit(name, name.get_rect(midleft=(r.x + 14, r.centery)))
            if s.exists:
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(s.mtime))
                colour = theme.TEXT if s.ok else theme.BAD
                text = f"{s.label}  ·  {when}"
                label = widgets.fit_text(self.fonts, text, 14, colour, w - px(300) - px(260) - 40)
            else:
                label = self.fonts.text(t("saves.empty"), 14, theme.MUTED)
            surf.blit(label, label.get_rect(midleft=(r.x + px(230), r.centery)))
        more = len(self.slots) - self.scroll - len(shown)
        if more > 0:
            r = self.slot_rect(shown[-1][0] + 1, surf.get_size())
            more_text = self.fonts.text(t("saves.more", n=more), 13, theme.MUTED)
            surf.blit(more_text, (r.x + 14, r.y + 6))
        super().draw(surf)


def t_slot(slot: str) -> str:
    if slot.startswith("slot"):
        return t("saves.slot", n=slot[4:])
    if slot.startswith(userdata.AUTOSAVE_PREFIX):  # autosave-<scenario>-<year>
        return t("saves.autosave", n=slot.removeprefix(userdata.AUTOSAVE_PREFIX).replace("-", " "))
    return t("saves.quick")
