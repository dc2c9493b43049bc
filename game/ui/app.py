"""The window: one event loop, the scene stack and its router, the game clock and the error guard.

`App.frame(dt, events)` is one iteration (tests call it with synthetic events); `run()` loops it
at 60 frames a second while something moves (the clock, a toast, a save being written), and
otherwise sleeps until an event comes (or a quarter second passes): a paused window costs next to
no CPU. A frame draws only when something may have changed (an event, a running clock, another
scene on top or other buttons on it), and at least once a second. Scenes open one another by name
through the router (`open("charts")`, `replace("title")`, names in game.ui.registry), so no scene
imports another. An exception in a scene opens an error dialog that offers to save the game,
instead of closing the window and losing the session.
"""

from __future__ import annotations

import sys
import traceback

import pygame

from game.domain.errors import TerafabError
from game.io import userdata
from game.ui import i18n, input, sounds, theme, widgets
from game.ui.registry import scene_class
from game.ui.theme import Fonts

FPS = 60
IDLE_WAIT_MS = 250  # a paused window wakes this often when no event comes
REDRAW_EVERY_S = 1.0  # an idle window still redraws this often (a background result, a clock)
MIN_SIZE_PX = (960, 540)  # below this the main screen's panels overlap


class App:
    def __init__(
        self,
        settings: userdata.Settings | None = None,
        size: tuple[int, int] | None = None,
        persist_settings: bool = True,
    ) -> None:
        self.settings = settings or userdata.load_settings()
        self.persist_settings = persist_settings
        i18n.set_language(self.settings.language)
        pygame.display.init()
        pygame.font.init()
        self.sound = self._init_sound()
        if size:
            self.settings.width, self.settings.height = size
        self.screen = self._open_window()
        pygame.display.set_caption(i18n.t("app.title"))
        self.fonts = Fonts(theme.ui_scale(self.settings.ui_scale, self.size))
        self.keymap = input.load_keymap()
        self.stack: list = []
        self._game = None  # game.ui.game.Game once a campaign is started or loaded
        self.running = True
        self.text_focus = False
        self.clock = pygame.time.Clock()
        self.errors = 0
        self.draws = 0  # frames drawn (tests check that an idle window draws nothing)
        self._drawn: tuple = ()  # what the last drawn frame showed: the scene stack
        self._since_draw_s = 0.0

    # ------------------------------------------------------------------ window
    def _init_sound(self) -> bool:
        """Sound is optional: no audio device (or no mixer) means a silent game, never a crash."""
        self.click_sound = None
        try:
            pygame.mixer.init(44100, -16, 1)
            self.click_sound = sounds.click()
            return True
        except (pygame.error, ValueError, TypeError):
            return False

    def play_click(self) -> None:
        """A short tick for a button press, when sound is on and there is a device."""
        if self.settings.sound and self.click_sound is not None:
            self.click_sound.play()

    def _open_window(self) -> pygame.Surface:
        flags = pygame.RESIZABLE
        if self.settings.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode((self.settings.width, self.settings.height), flags)

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    def apply_settings(self) -> None:
        """Re-open the window and re-scale fonts after a settings change; persist them."""
        i18n.set_language(self.settings.language)
        self.screen = self._open_window()
        if self.persist_settings:
            userdata.save_settings(self.settings)
        self.relayout()

    def relayout(self) -> None:
        scale = theme.ui_scale(self.settings.ui_scale, self.size)  # text grows with the window
        if scale != self.fonts.scale:
            self.fonts.set_scale(scale)
        for scene in self.stack:
            scene.layout(self.size)

    # ------------------------------------------------------------------ the game
    @property
    def game(self):
        return self._game

    @game.setter
    def game(self, game) -> None:
        """Leaving a game (to the title, or for a loaded one) finishes its pending save writes."""
        if self._game is not None and self._game is not game:
            self._report_lost_saves(self._game.close())
        self._game = game

    def start_game(self, game) -> None:
        """Make `game` the current game and show its main screen, paused for a first look."""
        self.game = game
        self.replace("main")

    def leave_game(self) -> None:
        """Back to the title screen; the game left behind finishes its save writes."""
        self.game = None
        self.replace("title")

    def load_slot(self, slot: str) -> bool:
        """Load a slot into a new game and show it; on any problem show the message and keep
        playing."""
        tutorial = self.game.tutorial if self.game else False
        if self.game is not None:
            self.game.wait_for_saves()  # an autosave still being written is loaded as it will be
        from game.ui.game import load_game  # the engine: imported once a game is played

        try:
            game = load_game(slot, tutorial=tutorial)
        except TerafabError as exc:
            self.open("message", title=i18n.t("saves.load_failed"), text=i18n.error_text(exc),
                      ok=False)
            return False
        self.start_game(game)
        game.notify(i18n.t("notice.loaded", slot=slot))
        return True

    def close_game(self) -> None:
        """Before the window closes: wait for the game's save writes so no save is cut short."""
        if self._game is not None:
            self._report_lost_saves(self._game.close())

    @staticmethod
    def _report_lost_saves(problems: list[str]) -> None:
        for problem in problems:  # the window is going: the terminal is the one place left
            print(f"terafab: {problem}", file=sys.stderr)

    # ------------------------------------------------------------------ scenes
    @property
    def top(self):
        return self.stack[-1] if self.stack else None

    def push(self, scene) -> None:
        self.stack.append(scene)
        scene.layout(self.size)

    def pop(self, scene=None) -> None:
        if self.stack and (scene is None or self.stack[-1] is scene):
            self.stack.pop()
        elif scene in self.stack:
            self.stack.remove(scene)
        if self.top:
            self.top.layout(self.size)

    # the router: scenes by their registered name, built with the options their class takes
    def scene(self, name: str, **options):
        """A new scene of the kind registered as `name` (UnknownSceneError if there is none)."""
        return scene_class(name)(self, **options)

    def open(self, name: str, **options):
        """Open the scene registered as `name` over the current one; returns it."""
        scene = self.scene(name, **options)
        self.push(scene)
        return scene

    def replace(self, name: str, **options):
        """Close every scene and open the one registered as `name`; returns it."""
        scene = self.scene(name, **options)
        self.stack.clear()
        self.push(scene)
        return scene

    def find(self, cls):
        for scene in reversed(self.stack):
            if isinstance(scene, cls):
                return scene
        return None

    # ------------------------------------------------------------------ loop
    def busy(self) -> bool:
        """Whether something moves without the player: the clock running, a toast that fades,
        a save being written."""
        g = self._game
        if g is None:
            return False
        return (not g.clock.paused and not g.session.done) or g.writer.pending > 0 or any(
            not n.kind for n in g.notices)

    def _signature(self) -> tuple:
        """What the frame shows, cheaply: the scenes and the top scene's buttons (a changed
        selection, label or layout shows in them), so a state change made without an event
        (a test, a background result) is still drawn."""
        top = self.top
        buttons = tuple((b.label, b.selected, b.enabled, tuple(b.rect))
                        for b in top.buttons) if top else ()
        return tuple(id(s) for s in self.stack), buttons, len(top.hots) if top else 0

    def run(self) -> None:
        try:
            while self.running:
                if self.busy():
                    dt = self.clock.tick(FPS) / 1000.0
                    events = pygame.event.get()
                else:  # sleep until the player does something
                    first = pygame.event.wait(IDLE_WAIT_MS)
                    events = [first] if first.type != pygame.NOEVENT else []
                    events += pygame.event.get()
                    dt = self.clock.tick() / 1000.0
                self.frame(dt, events)
        finally:
            self.close_game()
            pygame.quit()

    def frame(self, dt_s: float, events: list) -> None:
        """One frame: input, update, and (when something may have changed) draw and flip; an
        exception in a scene becomes a dialog."""
        self._since_draw_s += dt_s
        try:
            for event in events:
                self.dispatch(event)
            if self.top:
                self.top.update(dt_s)
            shown = self._signature()
            if events or self.busy() or shown != self._drawn or \
                    self._since_draw_s >= REDRAW_EVERY_S:
                self._drawn, self._since_draw_s = shown, 0.0
                self.draw(self.screen)
                self.draws += 1
                pygame.display.flip()
        except Exception as exc:  # noqa: BLE001 - the guard that keeps the session alive
            self.on_error(exc)
            pygame.display.flip()

    def dispatch(self, event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE and not self.settings.fullscreen:
            size = max(MIN_SIZE_PX[0], event.w), max(MIN_SIZE_PX[1], event.h)
            self.settings.width, self.settings.height = size
            if size != (event.w, event.h):  # SDL2 lets it be dragged smaller: snap it back
                self.screen = self._open_window()
            self.relayout()
            return
        item = input.translate(event, self.keymap, self.text_focus)
        if self.top and self.top.handle(item):
            return
        if isinstance(item, input.Intent) and item.name == "fullscreen":
            self.settings.fullscreen = not self.settings.fullscreen
            self.apply_settings()

    def draw(self, surf: pygame.Surface) -> None:
        start = 0
        for i, scene in enumerate(self.stack):
            if not scene.overlay:
                start = i
        if not (self.stack and self.stack[start].opaque):
            surf.fill(theme.BG)
        for scene in self.stack[start:]:
            if scene.overlay:
                surf.blit(self._shade(surf.get_size()), (0, 0))
            scene.draw(surf)
        if self.top:
            tip = self.top.tooltip()
            if tip:
                widgets.draw_tooltip(surf, self.fonts, self.top.mouse, tip)

    def _shade(self, size: tuple[int, int]) -> pygame.Surface:
        """The dimming layer under dialogs, made once per window size."""
        if getattr(self, "_shade_surf", None) is None or self._shade_surf.get_size() != size:
            self._shade_surf = pygame.Surface(size, pygame.SRCALPHA)
            self._shade_surf.fill((0, 0, 0, 140))
        return self._shade_surf

    def on_error(self, exc: Exception) -> None:
        self.errors += 1
        if isinstance(self.top, scene_class("error")) or self.errors > 20:
            raise exc
        traceback.print_exception(exc, file=sys.stderr)  # for bug reports; the window stays open
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        self.open("error", detail=detail)

    def screenshot(self, path: str) -> None:
        self.draw(self.screen)
        pygame.image.save(self.screen, path)
