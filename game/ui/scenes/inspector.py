"""Why did that happen: the news item's rule, reason and source; and the agent inspector (state
and recent decisions of any agent)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pygame

from game.agents.base import SHARE
from game.domain.rules import RULES
from game.ui import fmt, theme, widgets
from game.ui.i18n import t
from game.ui.i18n import text as i18n_text
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
        return widgets.centred(size, self.px(760), self.px(440))

    def layout(self, size) -> None:
        super().layout(size)
        box = self.box(size)
        self.buttons.append(
            Button(
                pygame.Rect(box.right - self.px(120), box.bottom - self.px(52), self.px(104),
                            self.px(38)),
                t("common.close"),
                lambda: self.app.pop(self),
                name="close",
            )
        )
        key = self.agent_key()
        if key:
            self.buttons.append(
                Button(
                    pygame.Rect(box.x + 16, box.bottom - self.px(52), self.px(220), self.px(38)),
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
        surf.blit(self.fonts.text(f"{e.date} · {i18n_text(e.agent)}", 14, theme.MUTED), (x, y))
        y = widgets.draw_lines(
            surf, self.fonts, x, y + self.px(24), [i18n_text(e.reason)], 17, theme.TEXT, width
        ) + self.px(12)
        if r is not None:
            surf.blit(
                self.fonts.text(t("why.rule", id=r.id, title=r.shown_title), 15, theme.ACCENT,
                                bold=True),
                (x, y),
            )
            y = widgets.draw_lines(
                surf, self.fonts, x, y + self.px(26), [r.shown_text], 14, theme.TEXT, width
            ) + self.px(10)
            surf.blit(self.fonts.text(t("why.source"), 12, theme.MUTED, bold=True), (x, y))
            widgets.draw_lines(
                surf, self.fonts, x, y + self.px(20), [r.source], 14, theme.MUTED, width
            )
        super().draw(surf)

    def on_intent(self, name: str) -> bool:
        if name == "back":
            self.app.pop(self)
        return True


SEPARATOR = " · "  # between the fields of a list item on its line


@dataclasses.dataclass(frozen=True, slots=True)
class StateLine:
    """One line of an agent's state: a label and its value; no value makes it a heading for the
    deeper lines below it."""

    label: str
    value: str | None = None
    depth: int = 0


def state_lines(view: object, depth: int = 0) -> list[StateLine]:
    """A view as the inspector lists it: every field by its label, the value with its unit;
    mappings one key a line, lists one item a line, nested views indented below their label."""
    out = []
    for f in dataclasses.fields(view):
        if f.name == "key":  # an internal id: the name says who it is
            continue
        label, unit = fmt.view_label(f.metadata["label"]), f.metadata.get("unit", "")
        value = getattr(view, f.name)
        if dataclasses.is_dataclass(value):
            out.append(StateLine(label, None, depth))
            out += state_lines(value, depth + 1)
        elif isinstance(value, (tuple, Mapping)) and not value:
            out.append(StateLine(label, t("inspector.empty"), depth))
        elif isinstance(value, tuple):
            out.append(StateLine(label, None, depth))
            out += [StateLine(*item_line(item), depth + 1) for item in value]
        elif isinstance(value, Mapping):
            out.append(StateLine(label, None, depth))
            out += [StateLine(i18n_text(str(k)), show(v, unit), depth + 1)
                    for k, v in value.items()]
        else:
            out.append(StateLine(label, show(value, unit), depth))
    return out


def item_line(record: object) -> tuple[str, str]:
    """A record in a list on one line: its first field's value, then the others, each named
    unless it is plain words (a phase, a node)."""
    first, *rest = dataclasses.fields(record)
    parts = []
    for f in rest:
        value = getattr(record, f.name)
        text = show(value, f.metadata.get("unit", ""))
        plain = isinstance(value, str) and not f.metadata.get("unit")
        parts.append(text if plain else f"{fmt.view_label(f.metadata['label'])} {text}")
    return show(getattr(record, first.name)), SEPARATOR.join(parts)


def show(value: object, unit: str = "") -> str:
    """One value as a reader sees it: rounded here (views hold exact values), with its unit."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return t("inspector.yes") if value else t("inspector.no")
    if isinstance(value, str):
        return i18n_text(value)  # a name the catalog translates (name.<English>), or as it is
    if unit == SHARE:
        return fmt.pct(value)
    return fmt.unit(value, unit)


class InspectorScene(Scene):
    name = "inspector"
    closed_by = ("back", "inspector")

    def __init__(self, app, key: str = "player") -> None:
        super().__init__(app)
        self.agents = app.game.session.agents()
        self.key = key if any(a.key == key for a in self.agents) else self.agents[0].key
        self.scroll = 0  # state lines scrolled past (the firm's list is longer than a screen)

    def agent(self):
        return next(a for a in self.agents if a.key == self.key)

    def layout(self, size) -> None:
        super().layout(size)
        w, h = size
        self.list_w = min(self.px(250), w // 4)
        top = self.top()
        row, label_size = self.fit_rows(len(self.agents), h - top - 16, 26, 12, pad=6)
        for i, a in enumerate(self.agents):
            r = pygame.Rect(16, top + i * row, self.list_w, row - 2)
            self.buttons.append(
                Button(
                    r,
                    i18n_text(a.name),
                    lambda k=a.key: self.select(k),
                    selected=a.key == self.key,
                    name=f"agent:{a.key}",
                    size=label_size,
                )
            )
        self.add_back_button(size)

    def top(self) -> int:
        """Where the lists start: below the heading and the Back button."""
        return 14 + self.px(38) + 8

    def select(self, key: str) -> None:
        self.key = key
        self.scroll = 0

    def on_wheel(self, dy: int) -> bool:
        lines = len(state_lines(self.agent().view()))
        self.scroll = max(0, min(lines - 1, self.scroll - dy * 3))
        return True

    def draw(self, surf) -> None:
        w, h = surf.get_size()
        a = self.agent()
        heading = self.fonts.text(t("inspector.heading"), 24, theme.TEXT, bold=True)
        surf.blit(heading, (16, 14 + (self.px(38) - heading.get_height()) // 2))
        top = self.top()
        left = 32 + self.list_w
        state = pygame.Rect(left, top, (w - left - 18) * 3 // 5 - 8, h - top - 16)
        heading = f"{i18n_text(a.name)} · {t_kind(a.kind)}"
        y = widgets.draw_panel(surf, self.fonts, state, heading)
        if not self.draw_state(surf, state, y, state_lines(a.view())[self.scroll :]):
            more = self.fonts.text(t("inspector.more"), 12, theme.MUTED)
            surf.blit(more, more.get_rect(bottomright=(state.right - 14, state.top + 10 +
                                                       more.get_height())))
        log = pygame.Rect(state.right + 16, top, w - state.right - 32, h - top - 16)
        y = widgets.draw_panel(surf, self.fonts, log, t("inspector.decisions"))
        events = [e for e in self.app.game.session.events if e.agent == a.name][-40:]
        if not events:
            surf.blit(self.fonts.text(t("inspector.none"), 13, theme.MUTED), (log.x + 14, y))
        lh = self.fonts.line_height(13)
        for e in reversed(events):
            lines = self.fonts.wrap(i18n_text(e.reason), 13, log.w - 28)
            if y + self.px(16) + lh * len(lines) > log.bottom - 8:  # only whole decisions
                break
            surf.blit(self.fonts.text(f"{e.date} · {e.rule}", 12, theme.ACCENT), (log.x + 14, y))
            y = (
                widgets.draw_lines(
                    surf, self.fonts, log.x + 14, y + self.px(16), lines, 13, theme.TEXT,
                )
                + 6
            )
        super().draw(surf)

    def draw_state(self, surf, panel: pygame.Rect, y: int, lines: list[StateLine]) -> bool:
        """Labels on the left (indented by depth), values right-aligned, a long value wrapped;
        False if the lines ran past the panel's foot."""
        pitch, indent = self.px(20), self.px(14)
        for line in lines:
            if y > panel.bottom - self.px(22):
                return False
            x = panel.x + 14 + line.depth * indent
            if line.value is None:  # a heading for the lines below
                surf.blit(self.fonts.text(line.label, 13, theme.ACCENT, bold=True), (x, y))
                y += pitch
                continue
            label = widgets.fit_text(self.fonts, line.label, 13, theme.MUTED, panel.w // 2 - 20)
            surf.blit(label, (x, y))
            room = panel.right - 14 - (x + label.get_width() + 12)
            for part in self.wrap_parts(line.value, room):
                text = widgets.fit_text(self.fonts, part, 13, theme.TEXT, room)
                surf.blit(text, (panel.right - 14 - text.get_width(), y))
                y += pitch
                if y > panel.bottom - self.px(22):
                    break
        return True


    def wrap_parts(self, value: str, width_px: int) -> list[str]:
        """A list item's value on as few lines as fit, broken only between its parts (" · ")."""
        lines: list[str] = []
        for part in value.split(SEPARATOR):
            trial = f"{lines[-1]}{SEPARATOR}{part}" if lines else part
            if lines and self.fonts.text(trial, 13, theme.TEXT).get_width() <= width_px:
                lines[-1] = trial
            else:
                lines.append(part)
        return lines


def t_kind(kind: str) -> str:
    return t(f"kind.{kind}")
