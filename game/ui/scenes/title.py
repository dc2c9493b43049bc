"""The title screen (new game with a scenario picker, continue, load, settings, help, quit) and the
in-game menu."""

from __future__ import annotations

import pygame

from game.domain.errors import TerafabError
from game.i18n.scenarios import shown
from game.io import userdata
from game.io.scenarios import list_scenarios
from game.ui import theme, widgets
from game.ui.i18n import error_text, t
from game.ui.scene import Scene
from game.ui.widgets import Button

DIFFICULTY_COLOURS = {
    "tutorial": theme.GOOD,
    "easy": theme.GOOD,
    "normal": theme.ACCENT,
    "hard": theme.BAD,
}


def start_game(app, game) -> None:
    """Make `game` the current game and show the main screen (the app's `start_game`)."""
    app.start_game(game)


class TitleScene(Scene):
    name = "title"

    def __init__(self, app, tutorial: bool = False) -> None:
        super().__init__(app)
        self.tutorial = tutorial
        try:
            # the campaign and the tutorial first: what a newcomer looks for
            first = {"terafab": 0, "tutorial": 1}
            self.scenarios = sorted(list_scenarios(), key=lambda sc: first.get(sc.name, 2))
            self.problem = ""
        except TerafabError as exc:  # a broken scenario file: say so, still offer the rest
            self.scenarios, self.problem = [], error_text(exc)
        names = [s.name for s in self.scenarios]
        self.selected = names.index("terafab") if "terafab" in names else 0
        self.seed = 1
        self.latest = userdata.latest_slot()

    def layout(self, size) -> None:
        super().layout(size)
        w, h = size
        px = self.px
        x, y = px(60), max(int(h * 0.34), self.title_y(h) + px(120))
        menu = [
            ("title.new", self.new_game, True),
            ("title.continue", self.continue_game, self.latest is not None),
            ("title.load", self.open_saves, True),
            ("title.settings", self.open_settings, True),
            ("title.help", self.open_help, True),
            ("title.quit", self.quit, True),
        ]
        pitch = min(px(54), (h - px(20) - y) // len(menu))
        for i, (key, fn, enabled) in enumerate(menu):
            self.buttons.append(
                Button(
                    pygame.Rect(x, y + i * pitch, px(280), pitch - px(10)),
                    t(key),
                    fn,
                    enabled=enabled,
                    name=key,
                    size=17,
                    selected=i == 0,
                )
            )
        left = max(x + px(280) + px(40), min(px(440), w // 2 - px(200)))
        tagline_right = px(62) + self.fonts.text(t("title.tagline"), 17).get_width() + px(16)
        top = px(60)
        if tagline_right <= w // 2:
            left = max(left, tagline_right)
        else:
            top = self.title_y(h) + px(110)  # below the tagline
        self.picker = pygame.Rect(left, top, w - left - px(40), h - top - px(60))
        self.list_w = min(px(300), self.picker.w * 45 // 100)
        # The scenario list fits above the seed row however many scenarios there are.
        list_h = self.picker.h - px(50) - px(76)
        row, label_size = self.fit_rows(len(self.scenarios), list_h, 44, 13, pad=10)
        for i, sc in enumerate(self.scenarios):
            top = self.picker.y + px(50) + i * row
            r = pygame.Rect(self.picker.x + px(16), top, self.list_w, row - px(6))
            self.buttons.append(
                Button(
                    r,
                    shown(sc).title,
                    lambda i=i: self.select(i),
                    selected=i == self.selected,
                    name=f"scenario:{sc.name}",
                    size=label_size,
                )
            )
        sx, sy = self.seed_origin()
        self.buttons += [
            Button(
                pygame.Rect(sx, sy, px(40), px(40)),
                "−",
                lambda: self.set_seed(self.seed - 1),
                name="seed:-",
            ),
            Button(
                pygame.Rect(sx + px(150), sy, px(40), px(40)),
                "+",
                lambda: self.set_seed(self.seed + 1),
                name="seed:+",
            ),
        ]

    def title_y(self, h: int) -> int:
        return int(h * 0.10)

    def seed_origin(self) -> tuple[int, int]:
        """Top-left of the seed row, bottom right of the picker."""
        return self.picker.right - self.px(220), self.picker.bottom - self.px(60)

    def select(self, i: int) -> None:
        self.selected = i

    def set_seed(self, seed: int) -> None:
        self.seed = max(0, seed)

    def draw(self, surf) -> None:
        w, h = surf.get_size()
        ty = self.title_y(h)
        px = self.px
        surf.blit(self.fonts.text(t("app.title"), 54, theme.TEXT, bold=True), (px(60), ty))
        surf.blit(self.fonts.text(t("title.tagline"), 17, theme.ACCENT), (px(62), ty + px(72)))
        y = widgets.draw_panel(surf, self.fonts, self.picker, t("title.pick"))
        if self.problem:
            widgets.draw_lines(
                surf,
                self.fonts,
                self.picker.x + 16,
                y,
                [self.problem],
                14,
                theme.BAD,
                self.picker.w - 32,
            )
        if self.scenarios:
            self.draw_scenario(surf, self.scenarios[self.selected])
        sx, sy = self.seed_origin()
        label = self.fonts.text(t("title.seed"), 13, theme.MUTED)
        surf.blit(label, label.get_rect(midright=(sx - px(16), sy + px(20))))
        seed = self.fonts.text(str(self.seed), 18, theme.TEXT, bold=True)
        surf.blit(seed, seed.get_rect(center=(sx + px(95), sy + px(20))))
        super().draw(surf)

    def draw_scenario(self, surf, sc) -> None:
        sc = shown(sc)  # the scenario's words in the player's language
        px = self.px
        x = self.picker.x + px(16) + self.list_w + px(24)
        width = self.picker.right - x - px(20)
        y = self.picker.y + px(50)
        for line in self.fonts.wrap(sc.title, 20, width * 9 // 10):  # bold: wider than measured
            surf.blit(self.fonts.text(line, 20, theme.TEXT, bold=True), (x, y))
            y += self.fonts.line_height(20)
        y += px(8)
        colour = DIFFICULTY_COLOURS.get(sc.difficulty, theme.ACCENT)
        badge = self.fonts.text(t(f"difficulty.{sc.difficulty}"), 12, theme.BG, bold=True)
        box = badge.get_rect(topleft=(x, y)).inflate(12, 6)
        pygame.draw.rect(surf, colour, box, border_radius=5)
        surf.blit(badge, badge.get_rect(center=box.center))
        y = box.bottom + px(10)
        surf.blit(self.fonts.text(t("title.goal"), 12, theme.ACCENT, bold=True), (x, y))
        y = widgets.draw_lines(surf, self.fonts, x, y + px(20), [sc.goal], 15, theme.TEXT, width)
        y += px(10)
        lesson = sc.lesson
        if lesson is not None:
            for key, items in (
                ("lesson.teaches", [lesson.teaches]),
                ("lesson.watch", lesson.watch),
                ("lesson.try", [thing.label for thing in lesson.things_to_try]),
            ):
                if items and y < self.picker.bottom - px(110):
                    surf.blit(self.fonts.text(t(key), 12, theme.ACCENT, bold=True), (x, y))
                    y = (
                        widgets.draw_lines(
                            surf,
                            self.fonts,
                            x,
                            y + px(20),
                            [f"• {i}" for i in items[:4]],
                            14,
                            theme.MUTED,
                            width,
                        )
                        + 8
                    )
        months = sc.world.calendar.months
        if y < self.picker.bottom - px(90):
            text = t("title.length", years=months // 12, start=sc.world.calendar.start)
            widgets.draw_lines(surf, self.fonts, x, y, [text], 13, theme.MUTED, width)

    # ------------------------------------------------------------------ actions
    def new_game(self) -> None:
        if not self.scenarios:
            return
        sc = self.scenarios[self.selected]
        tutorial = self.tutorial or sc.name == "tutorial"
        from game.sim.session import Session  # the engine: loaded behind the title screen
        from game.ui.game import Game

        self.app.start_game(Game(Session.new(sc, self.seed), tutorial=tutorial))

    def continue_game(self) -> None:
        if self.latest:
            self.app.load_slot(self.latest.slot)

    def open_saves(self) -> None:
        self.app.open("saves")

    def open_settings(self) -> None:
        self.app.open("settings")

    def open_help(self) -> None:
        self.app.open("help")

    def quit(self) -> None:
        self.app.running = False

    def on_intent(self, name: str) -> bool:
        if name == "back":
            self.quit()
            return True
        if name == "help":
            self.open_help()
            return True
        return False

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.new_game()
            return True
        if event.key in (pygame.K_UP, pygame.K_DOWN) and self.scenarios:
            step = -1 if event.key == pygame.K_UP else 1
            self.selected = (self.selected + step) % len(self.scenarios)
            return True
        return False


class GameMenu(Scene):
    """Escape in a game: resume, save, load, settings, quit to the title (autosaving first)."""

    overlay = True
    name = "menu"

    def layout(self, size) -> None:
        super().layout(size)
        w, h = size
        items = [
            ("menu.resume", lambda: self.app.pop(self)),
            ("menu.saves", self.saves),
            ("menu.settings", self.settings),
            ("menu.title", self.to_title),
            ("menu.quit", self.quit),
        ]
        px = self.px
        y0 = h // 2 - len(items) * px(27)
        for i, (key, fn) in enumerate(items):
            self.buttons.append(
                Button(
                    pygame.Rect(w // 2 - px(150), y0 + i * px(54), px(300), px(44)), t(key), fn,
                    name=key, size=16,
                )
            )

    def draw(self, surf) -> None:
        w, h = surf.get_size()
        px = self.px
        box = pygame.Rect(w // 2 - px(180), h // 2 - px(200), px(360), px(400))
        widgets.draw_panel(surf, self.fonts, box, t("menu.heading"))
        super().draw(surf)

    def saves(self) -> None:
        self.app.pop(self)
        self.app.open("saves")

    def settings(self) -> None:
        self.app.pop(self)
        self.app.open("settings")

    def _autosave(self) -> bool:
        problem = self.app.game.save("quick") if self.app.game else None
        if problem:
            self.app.open("message", title=t("saves.failed"), text=problem, ok=False)
            return False
        return True

    def to_title(self) -> None:
        if self._autosave():
            self.app.leave_game()

    def quit(self) -> None:
        if self._autosave():
            self.app.running = False

    def on_intent(self, name: str) -> bool:
        if name == "back":
            self.app.pop(self)
        return True
