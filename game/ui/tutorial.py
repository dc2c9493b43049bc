"""The guided tutorial: the scenario's own `tutorial_steps`, shown one at a time.

Each step says what it waits for (configs/scenarios/tutorial.yaml: a panel opened, a command
accepted, the clock run...) and may name a check on the world that must hold for it to count (the
grid ordered covers the waiting GPUs); until it holds the step stays and says what is missing.
While a step waits for the player the clock is held, so nothing happens behind the prompt; only a
`time` step lets it run, and the clock pauses again when that step is done. The last step shows the
lesson in the player's own charts. After the steps (and in a game with none) the tutorial goes on
into the mid-game with beats: it names what limits the player now (the limiting factor the engine
reads each month) and points at the action that moves it, without holding the clock.
"""

from __future__ import annotations

import operator
import re

import pygame

from game.sim.config.scenario import TutorialStep
from game.ui import theme, widgets
from game.ui.draw import charts
from game.ui.i18n import t
from game.ui.needs import power_lacking_gw
from game.ui.widgets import Button


def facts(session) -> dict[str, float]:
    """The numbers a step's check may name (all from the player's firm now)."""
    f = session.view(events=0).firm
    lacking = power_lacking_gw(session)
    coming = sum(o.gw for o in f.power_pipeline)
    return {
        "chips_waiting_power": f.waiting_for_power,
        "chips_waiting_memory": f.waiting_for_memory,
        "power_needed_gw": lacking,
        "power_coming_gw": coming,
        "power_short_gw": round(max(0.0, lacking - coming), 2),
        "designs_funded": float(len(f.generations)),
        "wafer_contracts": float(len(f.contracts)),
        "hbm_contracts": float(len(f.memory_contracts)),
        "compute_eflops": f.compute_eflops,
    }


_OPS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
        "==": operator.eq, "!=": operator.ne}
_CHECK = re.compile(r"^([a-z_]+) (<=|>=|<|>|==|!=) ([a-z_]+|-?[0-9.]+)$")


def check_holds(check: str, values: dict[str, float]) -> bool:
    """Whether a step's check ("power_short_gw <= 0") holds for these facts; an empty check
    always holds. A fact the game does not know is a ValueError naming it."""
    if not check:
        return True
    m = _CHECK.match(check)
    if m is None:
        raise ValueError(f"tutorial check {check!r}: not '<fact> <op> <value>'")
    left, op, right = m.groups()
    for name in (left, right):
        if name[0].isalpha() and name not in values:
            raise ValueError(f"tutorial check {check!r}: unknown fact '{name}' "
                             f"(known: {', '.join(sorted(values))})")
    rhs = values[right] if right[0].isalpha() else float(right)
    return _OPS[op](values[left], rhs)


def steps_of(scenario) -> list[TutorialStep]:
    """The scenario's steps; a plain text step (older files) waits for Next."""
    return [s if isinstance(s, TutorialStep) else TutorialStep(text=s)
            for s in scenario.tutorial_steps]


# the charts the last step shows: the lesson's series, from the player's own game
LESSON_CHARTS = (
    ("tutorial.chart_waiting", [("player_chips_waiting_power", "tutorial.chart_waiting_line")]),
    ("tutorial.chart_power", [("player_power_gw", "charts.power_have"),
                              ("player_power_used_gw", "charts.power_used")]),
)


# the action a mid-game beat points at for each limiting factor (permits: nothing to click, so the
# tools the fab will wait for next; "none" has no beat)
BEAT_ACTIONS = {
    "power": "request_grid",
    "chips": "book_foundry",
    "chips_design": "fund_chip",
    "memory": "book_memory",
    "capital": "raise_capital",
    "tools": "order_tools",
    "talent": "hire_staff",
    "permits": "order_tools",
}


class Tutorial:
    def __init__(self, steps: list[TutorialStep]) -> None:
        self.steps = steps
        self.index = 0
        self.hidden = False
        self.hint = ""  # what the last try lacked (the step's `hint`, filled in)
        self.shown = ""  # the step text last drawn (tests read what the player saw)
        self.beat = ""  # after the steps: the limiting factor the mid-game beat is about, or ""

    @property
    def step(self) -> TutorialStep | None:
        if self.hidden or self.index >= len(self.steps):
            return None
        return self.steps[self.index]

    @property
    def last(self) -> bool:
        return self.index == len(self.steps) - 1

    @property
    def beat_action(self) -> str:
        """The command the beat points at ("" when there is no beat)."""
        return BEAT_ACTIONS.get(self.beat, "") if self.step is None and not self.hidden else ""

    def holds_clock(self) -> bool:
        """True while the step waits for the player (the clock runs only on a `time` step)."""
        return self.step is not None and self.step.waits_for != "time"

    def update(self, game) -> None:
        """Advance over every step that is done; hold or free the game's clock for the next."""
        while (step := self.step) is not None:
            wait = step.waits_for
            if wait == "ok":
                break
            if wait != "time" and wait not in game.signals:
                break
            values = facts(game.session)
            if not check_holds(step.check, values):
                if wait != "time":  # the action was done, but not enough: say what is missing
                    game.signals.discard(wait)
                    self.hint = step.hint.format(**values) if step.hint else ""
                break
            if wait == "time":
                game.set_speed(0)  # stop where the step's lesson shows, before the next step
            self.advance()
        game.hold = t("tutorial.held") if self.holds_clock() else ""
        done = not self.hidden and self.index >= len(self.steps)
        factor = game.session.model.firm.limiting_factor if done else ""
        self.beat = factor if factor in BEAT_ACTIONS else ""
        if self.beat == "chips" and not game.session.model.firm.supply.generations:
            self.beat = "chips_design"  # no chip of its own yet: a design comes first

    def beat_text(self) -> str:
        return t(f"tutorial.beat.{self.beat}") if self.beat else ""

    def advance(self) -> None:
        self.index += 1
        self.hint = ""

    def next(self, game) -> None:
        """The Next (or, on the last step, Got it) button of an `ok` step."""
        self.advance()
        self.update(game)

    def dismiss(self, game) -> None:
        self.hidden = True
        game.hold = ""

    # ------------------------------------------------------------------ drawing
    def target(self, scene) -> str:
        """The button the step points at: the action, the tab that holds it, a speed, the news;
        a beat's action (or its tab)."""
        step = self.step
        if step is None:
            if not self.beat_action:
                return ""
            wait = f"command:{self.beat_action}"
        else:
            wait = step.waits_for
        if wait.startswith("command:"):
            name = f"action:{wait.split(':', 1)[1]}"
            if any(b.name == name for b in scene.buttons):
                return name
            return f"tab:{scene.tab_of(wait.split(':', 1)[1])}"
        return {"time": "speed:1", "why": "news:0", "charts": "nav:charts"}.get(
            wait, wait if wait.startswith("tab:") else "")

    def box(self, scene) -> pygame.Rect:
        """Over the map's top right corner: the news, the panels and the toasts stay in view;
        the last step takes the whole map for its charts."""
        m = scene.map_rect
        if self.last and self.step is not None and self.step.waits_for == "ok":
            return m.inflate(-16, -16)
        w = min(m.w - 16, scene.px(440))
        text = self.step.text if self.step else self.beat_text()
        lines = len(scene.fonts.wrap(text, 14, w - 24)) if text else 1
        lines += len(scene.fonts.wrap(self.hint, 13, w - 24)) if self.hint else 0
        h = scene.px(30) + lines * scene.fonts.line_height(14) + scene.px(48)
        return pygame.Rect(m.right - w - 8, m.y + 8, w, min(h, m.h - 16))

    def layout(self, scene, size) -> None:
        step = self.step
        if step is None and not self.beat_action:
            return
        box = self.box(scene)
        bw, bh = scene.px(100), scene.px(30)
        buttons = [("tutorial:skip", t("tutorial.skip"), lambda: self.dismiss(scene.game))]
        if step is not None and step.waits_for == "ok":
            label = t("tutorial.ok") if self.last else t("tutorial.next")
            buttons.append(("tutorial:next", label, lambda: self.next(scene.game)))
        for i, (name, label, action) in enumerate(reversed(buttons)):
            rect = pygame.Rect(box.right - (i + 1) * (bw + 8), box.bottom - bh - 8, bw, bh)
            scene.buttons.append(Button(rect, label, action, name=name, size=12))

    def draw(self, scene, surf: pygame.Surface) -> None:
        step = self.step
        if step is None and not self.beat_action:
            return
        target = self.target(scene)
        for b in scene.buttons + scene.hots if target else ():
            if b.name == target:
                pygame.draw.rect(surf, theme.WARN, b.rect.inflate(6, 6), width=3, border_radius=8)
        box = self.box(scene)
        pygame.draw.rect(surf, (12, 18, 28), box, border_radius=8)
        pygame.draw.rect(surf, theme.WARN, box, width=2, border_radius=8)
        if step is None:
            head = t("tutorial.beat_heading",
                     factor=t(f"factor.{self.beat.split('_')[0]}").upper())
        else:
            head = t("tutorial.heading", n=self.index + 1, total=len(self.steps))
        text = step.text if step is not None else self.beat_text()
        surf.blit(scene.fonts.text(head, 12, theme.WARN, bold=True), (box.x + 12, box.y + 8))
        y = widgets.draw_lines(surf, scene.fonts, box.x + 12, box.y + scene.px(28),
                               [text], 14, theme.TEXT, box.w - 24)
        self.shown = text
        if self.hint:
            y = widgets.draw_lines(surf, scene.fonts, box.x + 12, y + 2, [self.hint], 13,
                                   theme.BAD, box.w - 24)
        if step is not None and self.last and step.waits_for == "ok":
            self.draw_lesson_charts(scene, surf, pygame.Rect(
                box.x + 12, y + 8, box.w - 24, box.bottom - y - scene.px(56)))
        for b in scene.buttons:
            if b.name.startswith("tutorial:"):
                widgets.draw_button(surf, scene.fonts, b, b.rect.collidepoint(scene.mouse))

    @staticmethod
    def draw_lesson_charts(scene, surf: pygame.Surface, area: pygame.Rect) -> None:
        """The lesson's series from the player's own months, side by side."""
        if area.h < 60:
            return
        rows = scene.game.session.series
        w = (area.w - 12) // len(LESSON_CHARTS)
        for i, (title, cols) in enumerate(LESSON_CHARTS):
            rect = pygame.Rect(area.x + i * (w + 12), area.y, w, area.h)
            charts.draw_line_chart(surf, scene.fonts, rect, t(title), rows,
                                   [(c, t(label)) for c, label in cols])
