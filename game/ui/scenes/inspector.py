"""Why did that happen: the news item's rule, reason and source; and the agent inspector (state
and recent decisions of any agent)."""

from __future__ import annotations

import pygame

from game.domain.rules import RULES
from game.ui import theme, widgets
from game.ui.i18n import t
from game.ui.scene import Scene
from game.ui.widgets import Button


class WhyDialog(Scene):
    overlay = True
    name = "why"

    def __init__(self, app, event) -> None:
        super().__init__(app)
        self.event = event
        self.rule = RULES.get(event.rule)

    def box(self, size) -> pygame.Rect:
        return widgets.centred(size, 760, 440)

    def layout(self, size) -> None:
        super().layout(size)
        box = self.box(size)
        self.buttons.append(
            Button(
                pygame.Rect(box.right - 120, box.bottom - 52, 104, 38),
                t("common.close"),
                lambda: self.app.pop(self),
                name="close",
            )
        )
        key = self.agent_key()
        if key:
            self.buttons.append(
                Button(
                    pygame.Rect(box.x + 16, box.bottom - 52, 220, 38),
                    t("why.inspect"),
                    lambda: self.app.push(InspectorScene(self.app, key)),
                    name="inspect",
                )
            )

    def agent_key(self) -> str | None:
        for a in self.app.game.session.agents():
            if a.name == self.event.agent:
                return a.key
        return None

    def draw(self, surf) -> None:
        box = self.box(surf.get_size())
        e, r = self.event, self.rule
        y = widgets.draw_panel(surf, self.fonts, box, t("why.heading"))
        x, width = box.x + 20, box.w - 40
        surf.blit(self.fonts.text(f"{e.date} · {e.agent}", 14, theme.MUTED), (x, y))
        y = widgets.draw_lines(surf, self.fonts, x, y + 24, [e.reason], 17, theme.TEXT, width) + 12
        if r is not None:
            surf.blit(
                self.fonts.text(t("why.rule", id=r.id, title=r.title), 15, theme.ACCENT, bold=True),
                (x, y),
            )
            y = (
                widgets.draw_lines(surf, self.fonts, x, y + 26, [r.text], 14, theme.TEXT, width)
                + 10
            )
            surf.blit(self.fonts.text(t("why.source"), 12, theme.MUTED, bold=True), (x, y))
            widgets.draw_lines(surf, self.fonts, x, y + 20, [r.source], 14, theme.MUTED, width)
        super().draw(surf)

    def on_intent(self, name: str) -> bool:
        if name == "back":
            self.app.pop(self)
        return True


def describe_lines(state: dict, prefix: str = "") -> list[tuple[str, str]]:
    """An agent's describe() as (key, value) lines, nested dicts flattened, long lists cut."""
    out = []
    for key, value in state.items():
        if key in ("id", "kind"):
            continue
        if (
            isinstance(value, dict)
            and value
            and all(not isinstance(v, (dict, list)) for v in value.values())
        ):
            out.append((prefix + key, ", ".join(f"{k} {_short(v)}" for k, v in value.items())))
        elif isinstance(value, dict):
            out += describe_lines(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            out.append((prefix + key, t("inspector.items", n=len(value))))
        else:
            out.append((prefix + key, _short(value)))
    return out


def _short(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


class InspectorScene(Scene):
    name = "inspector"
    closed_by = ("back", "inspector")

    def __init__(self, app, key: str = "player") -> None:
        super().__init__(app)
        self.agents = app.game.session.agents()
        self.key = key if any(a.key == key for a in self.agents) else self.agents[0].key

    def agent(self):
        return next(a for a in self.agents if a.key == self.key)

    def layout(self, size) -> None:
        super().layout(size)
        w, h = size
        self.list_w = min(self.px(250), w // 4)
        row, label_size = self.fit_rows(len(self.agents), h - 76, 26, 12, pad=6)
        for i, a in enumerate(self.agents):
            r = pygame.Rect(16, 60 + i * row, self.list_w, row - 2)
            self.buttons.append(
                Button(
                    r,
                    a.name,
                    lambda k=a.key: self.select(k),
                    selected=a.key == self.key,
                    name=f"agent:{a.key}",
                    size=label_size,
                )
            )
        self.add_back_button(size)

    def select(self, key: str) -> None:
        self.key = key

    def draw(self, surf) -> None:
        w, h = surf.get_size()
        a = self.agent()
        surf.blit(self.fonts.text(t("inspector.heading"), 24, theme.TEXT, bold=True), (16, 14))
        left = 32 + self.list_w
        state = pygame.Rect(left, 60, (w - left - 18) // 2 - 8, h - 76)
        y = widgets.draw_panel(surf, self.fonts, state, f"{a.name} · {t_kind(a.kind)}")
        for key, value in describe_lines(a.describe()):
            if y > state.bottom - self.px(22):
                break
            surf.blit(self.fonts.text(key.replace("_", " "), 13, theme.MUTED), (state.x + 14, y))
            text = widgets.fit_text(self.fonts, value, 13, theme.TEXT, state.w // 2 - 10)
            surf.blit(text, (state.right - 14 - text.get_width(), y))
            y += self.px(20)
        log = pygame.Rect(state.right + 16, 60, w - state.right - 32, h - 76)
        y = widgets.draw_panel(surf, self.fonts, log, t("inspector.decisions"))
        events = [e for e in self.app.game.session.events if e.agent == a.name][-40:]
        if not events:
            surf.blit(self.fonts.text(t("inspector.none"), 13, theme.MUTED), (log.x + 14, y))
        for e in reversed(events):
            if y > log.bottom - self.px(40):
                break
            surf.blit(self.fonts.text(f"{e.date} · {e.rule}", 12, theme.ACCENT), (log.x + 14, y))
            y = (
                widgets.draw_lines(
                    surf, self.fonts, log.x + 14, y + self.px(16), [e.reason], 13, theme.TEXT,
                    log.w - 28,
                )
                + 6
            )
        super().draw(surf)


def t_kind(kind: str) -> str:
    return t(f"kind.{kind}")
