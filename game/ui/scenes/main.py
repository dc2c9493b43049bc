"""The main screen: top bar, world map, side panels with their actions, news feed, time controls."""

from __future__ import annotations

import re

import pygame

from game.domain.commands import COMMANDS
from game.i18n.scenarios import shown
from game.ui import theme, widgets
from game.ui.clock import SPEED_NAMES
from game.ui.draw import panels, topbar, worldmap
from game.ui.i18n import t
from game.ui.i18n import text as i18n_text
from game.ui.scene import Scene
from game.ui.widgets import Button, Hot

TOP_H, NAV_H = 64, 40  # at UI scale 1; every size below goes through px() for the UI scale
PAGE_ROWS = 8  # side-panel rows Page Up/Down scrolls
# the navigation buttons under the top bar, left to right: what each opens (open_<name>)
NAV = {"charts": "charts", "agents": "inspector", "saves": "saves", "help": "help",
       "settings": "settings", "menu": "menu"}


def lesson_of(scenario):
    """The scenario's lesson card (configs/scenarios/*.yaml `lesson:`) in the player's language,
    or None."""
    return shown(scenario).lesson


def news_line(event) -> str:
    """One news line: who, then what; a reason that already opens with its agent's name is not
    prefixed again ("NVIDIA booked N2 wafers", not "NVIDIA: NVIDIA booked ...")."""
    agent, reason = i18n_text(event.agent), i18n_text(event.reason)
    if reason.startswith(agent):
        return reason
    return t("news.line", agent=agent, reason=reason)


class MainScene(Scene):
    name = "main"
    opaque = True

    def __init__(self, app) -> None:
        super().__init__(app)
        self.game = app.game
        self.tab = "supply"
        self.places = worldmap.places(self.game.session.agents())
        self.news_scroll = 0
        self.panel_scroll = 0  # side-panel rows scrolled past (a long lesson card)
        self.panel_more = (False, False)  # rows hidden (above, below) the side panel's body
        self.end_shown = False
        self.view = self.game.session.view()
        self.tabs = panels.TABS + (("lesson",) if lesson_of(self.game.session.scenario) else ())
        self._layout_key: tuple = ()
        self._layout_version = 0
        self._base: pygame.Surface | None = None
        self._base_key: tuple = ()
        self.tutorial = None
        if self.game.tutorial:
            from game.ui.tutorial import Tutorial, steps_of

            # the scenario's steps, then mid-game beats (a game without steps has beats only)
            self.tutorial = Tutorial(steps_of(self.game.session.scenario))
        self.game.alert_pause = app.settings.alert_pause

    # ------------------------------------------------------------------ layout
    def rects(self, size):
        w, h = size
        px = self.px
        top_h, nav_h = px(TOP_H), px(NAV_H)
        right_w = max(380, int(w * 0.34))
        map_r = pygame.Rect(8, top_h + nav_h + 6, w - right_w - 24, int((h - top_h - nav_h) * 0.62))
        news = pygame.Rect(8, map_r.bottom + 8, map_r.w, h - map_r.bottom - 16)
        side = pygame.Rect(map_r.right + 8, top_h + 8, w - map_r.right - 16, h - top_h - 16)
        return map_r, news, side

    def layout(self, size) -> None:
        super().layout(size)
        self._layout_key = self.layout_key()
        self._layout_version += 1
        w, _h = size
        px = self.px
        self.view = self.game.session.view()
        map_r, news, side = self.rects(size)
        self.map_rect, self.news_rect, self.side_rect = map_r, news, side
        # top bar: stats, then the time controls on the right
        speed_w = 5 * px(52) + 8
        self.stat_cells = topbar.stat_rects(pygame.Rect(8, 4, w - speed_w - 24, px(TOP_H) - 8), 5)
        self.stats = topbar.stats(self.view)
        self.hots += [Hot(c, s.tip) for c, s in zip(self.stat_cells, self.stats, strict=True)]
        clock = self.game.clock
        for i, label in enumerate(SPEED_NAMES):
            r = pygame.Rect(w - speed_w + i * px(52), px(14), px(48), px(36))
            self.buttons.append(
                Button(
                    r,
                    t(f"speed.{label}"),
                    lambda i=i: self.game.set_speed(i),
                    t("tip.speed", key="SPACE" if i == 0 else str(i)),
                    selected=clock.speed == i,
                    name=f"speed:{i}",
                    size=13,
                )
            )
        # navigation
        nav = [(key, getattr(self, f"open_{opens}")) for key, opens in NAV.items()]
        pitch = min(px(112), self.rects(size)[0].w // len(nav))  # stop short of the side panel
        for i, (key, fn) in enumerate(nav):
            r = pygame.Rect(8 + i * pitch, px(TOP_H) + 4, pitch - px(6), px(NAV_H) - 8)
            self.buttons.append(
                Button(r, t(f"nav.{key}"), fn, t(f"nav_tip.{key}"), name=f"nav:{key}", size=13)
            )
        # map places
        self.map_layout = worldmap.map_layout(map_r, self.places, self.fonts, self.view)
        for place, r in self.map_layout:
            self.hots.append(
                Hot(
                    r,
                    t("tip.place", name=f"{place.name} ({worldmap.detail(self.view, place)})"),
                    lambda k=place.key: self.inspect(k),
                    name=f"place:{place.key}",
                )
            )
        # side panel: tabs, rows, actions
        tab_w = (side.w - 16) // len(self.tabs)
        for i, tab in enumerate(self.tabs):
            r = pygame.Rect(side.x + 8 + i * tab_w, side.y + 8, tab_w - 4, px(30))
            self.buttons.append(
                Button(
                    r,
                    t(f"tab.{tab}"),
                    lambda tab=tab: self.open_tab(tab),
                    selected=self.tab == tab,
                    name=f"tab:{tab}",
                    size=13,
                )
            )
        commands = tab_commands(self.tab)
        ay = side.bottom - 8 - len(commands) * px(36)
        for i, cls in enumerate(commands):
            r = pygame.Rect(side.x + 12, ay + i * px(36), side.w - 24, px(32))
            blocked = self.blocked(cls)
            self.buttons.append(
                Button(
                    r,
                    t_command(cls),
                    lambda c=cls: self.open_action(c),
                    t("tip.action_blocked", why=blocked) if blocked else t("tip.action"),
                    enabled=not blocked,
                    name=f"action:{cls.name}",
                    size=13,
                    colour=theme.ACCENT,
                )
            )
        body = pygame.Rect(side.x + 14, side.y + px(50), side.w - 28, ay - side.y - px(58))
        rows = self.panel_rows()
        if panels.last_start(body, rows, px(20)) > 0:  # longer than the panel: it scrolls, with
            both = body.inflate(0, -2 * px(20))  # a line below saying what is hidden, and one
            self.panel_scroll = max(0, min(self.panel_scroll,  # above once it has scrolled
                                           panels.last_start(both, rows, px(20))))
            body = both if self.panel_scroll > 0 else \
                pygame.Rect(body.x, body.y, body.w, body.h - px(20))
        self.panel_scroll = max(0, min(self.panel_scroll, panels.last_start(body, rows, px(20))))
        self.placed_rows = panels.place_rows(body, rows[self.panel_scroll:], px(20))
        self.panel_more = (self.panel_scroll > 0,
                           self.panel_scroll + len(self.placed_rows) < len(rows))
        self.panel_body = body
        for row, r in self.placed_rows:
            whole = f"{row.label} {row.value}".strip() if panels.row_cut(self.fonts, row, r) else ""
            tip = "\n".join(part for part in (whole, row.tip) if part)
            if tip:
                self.hots.append(Hot(r, tip))
        # news feed: newest first
        lh = px(20)
        self.news_items = list(reversed(self.view.events))[self.news_scroll :]
        n = max(0, (news.h - px(40)) // lh)
        self.news_rows = []
        for i, event in enumerate(self.news_items[:n]):
            r = pygame.Rect(news.x + 10, news.y + px(34) + i * lh, news.w - 20, lh)
            self.news_rows.append((event, r))
            whole = f"{event.date} {news_line(event)}\n{t('tip.news')}"
            self.hots.append(Hot(r, whole, lambda e=event: self.open_why(e), name=f"news:{i}"))
        notice = self.notice_rect()
        if notice is not None:  # the whole notice on hover, if it was cut short
            self.hots.append(Hot(notice, self.game.notices[-1].text))
        if self.tutorial:
            self.tutorial.layout(self, size)

    def blocked(self, cls) -> str:
        """Why an action cannot make sense yet (a step that must come first), or ""."""
        need = FIRST_NEEDS.get(cls.name)
        if need and not need[0](self.view.firm):
            return t(need[1])
        return ""

    def tab_of(self, command: str) -> str:
        """The side panel tab that holds a command's button."""
        return next((tab for tab in self.tabs
                     if any(c.name == command for c in tab_commands(tab))), self.tab)

    def panel_rows(self) -> list[panels.Row]:
        if self.tab == "lesson":
            width = self.side_rect.w - 28
            return lesson_rows(
                lesson_of(self.game.session.scenario), lambda s: self.fonts.wrap(s, 13, width)
            )
        return panels.ROWS[self.tab](self.view)

    # ------------------------------------------------------------------ update / draw
    def update(self, dt_s: float) -> None:
        self.game.poll_saves()
        self.game.advance(dt_s)
        running = not self.game.clock.paused
        for n in self.game.notices:
            if running or not n.kind:  # an alert that paused the game waits to be read
                n.age_s += dt_s
        self.game.notices[:] = [n for n in self.game.notices if n.age_s < 6.0]
        if self.tutorial:
            self.tutorial.update(self.game)
        if self.layout_key() != self._layout_key:
            self.layout(self.app.size)
        if self.game.session.done and not self.end_shown:
            self.end_shown = True
            self.app.open("report")

    def layout_key(self) -> tuple:
        """What the layout depends on: when none of it changed, the last layout still holds."""
        g = self.game
        tut = self.tutorial and (self.tutorial.index, self.tutorial.hidden, self.tutorial.hint,
                                 self.tutorial.beat)
        return (
            g.session.month,
            g.clock.speed,
            self.tab,
            tuple(id(n) for n in g.notices),
            self.news_scroll,
            self.panel_scroll,
            len(g.session.command_log),
            tut,
            self.app.size,
        )

    def draw(self, surf) -> None:
        """Blit the cached picture of this layout, then what follows the mouse, buttons, notices.

        The cache holds pixels only; it is redrawn when the layout changes (a month, a tab...).
        """
        key = (self._layout_version, surf.get_size(), self.fonts.scale)
        if self._base is None or self._base_key != key:
            self._base = pygame.Surface(surf.get_size()).convert()
            self._base.fill(theme.BG)
            self.draw_base(self._base)
            self._base_key = key
        surf.blit(self._base, (0, 0))
        for _place, r in self.map_layout:
            if r.collidepoint(self.mouse):
                pygame.draw.rect(surf, theme.ACCENT, r, width=1, border_radius=5)
        for _event, r in self.news_rows:
            if r.collidepoint(self.mouse):
                pygame.draw.rect(surf, theme.ACCENT, r, width=1, border_radius=4)
        self.draw_notices(surf)
        super().draw(surf)
        if self.tutorial:
            self.tutorial.draw(self, surf)

    def draw_base(self, surf) -> None:
        topbar.draw_topbar(
            surf,
            self.fonts,
            pygame.Rect(0, 0, surf.get_width(), self.px(TOP_H)),
            self.stats,
            self.stat_cells,
        )
        worldmap.draw_map(surf, self.fonts, self.map_rect, self.view, self.map_layout)
        widgets.draw_panel(surf, self.fonts, self.side_rect)
        panels.draw_rows(surf, self.fonts, self.placed_rows)
        self.draw_panel_more(surf)
        y = widgets.draw_panel(surf, self.fonts, self.news_rect, t("news.title"))
        for event, r in self.news_rows:
            colour = theme.ACCENT if event.kind == "player" else theme.TEXT
            surf.blit(self.fonts.text(event.date, 12, theme.MUTED), (r.x + 4, r.y + 2))
            tag = self.fonts.text(event.rule, 11, theme.BG, bold=True)
            box = pygame.Rect(r.x + self.px(64), r.y + 2, self.px(34), self.px(15))
            pygame.draw.rect(surf, theme.MUTED, box, border_radius=3)
            surf.blit(tag, tag.get_rect(center=box.center))
            text = news_line(event)
            surf.blit(
                widgets.fit_text(self.fonts, text, 13, colour, r.w - self.px(110)),
                (r.x + self.px(106), r.y + 1),
            )
        if not self.news_rows:
            surf.blit(self.fonts.text(t("news.empty"), 13, theme.MUTED), (self.news_rect.x + 12, y))

    def draw_panel_more(self, surf) -> None:
        """Above and below a scrolled side panel: that more rows are there, and how to see them."""
        above, below = self.panel_more
        body, px = self.panel_body, self.px
        for visible, key, y in ((above, "panel.more_above", body.y - px(19)),
                                (below, "panel.more_below", body.bottom + px(3))):
            if visible:
                text = widgets.fit_text(self.fonts, t(key), 12, theme.ACCENT, body.w)
                surf.blit(text, (body.right - text.get_width(), y))

    def notice_rect(self) -> pygame.Rect | None:
        """Where the newest notice shows: right of the news panel's title, never over the map
        (older notices are one line behind it; they fade in seconds)."""
        if not self.game.notices:
            return None
        title = self.fonts.text(t("news.title"), 15, theme.ACCENT, bold=True)
        x0 = self.news_rect.x + 12 + title.get_width() + self.px(16)
        h = title.get_height() + self.px(4)
        return pygame.Rect(x0, self.news_rect.y + 8 - self.px(2), self.news_rect.right - 10 - x0, h)

    def draw_notices(self, surf) -> None:
        room = self.notice_rect()
        if room is None or room.w < self.px(60):
            return
        n = self.game.notices[-1]
        label = widgets.fit_text(self.fonts, n.text, 13, theme.TEXT, room.w - self.px(14))
        box = label.get_rect(midright=(room.right, room.centery)).inflate(self.px(12), self.px(4))
        pygame.draw.rect(surf, (10, 14, 22), box, border_radius=6)
        pygame.draw.rect(surf, theme.GOOD if n.ok else theme.BAD, box, width=1, border_radius=6)
        surf.blit(label, label.get_rect(center=box.center))

    # ------------------------------------------------------------------ input
    def on_intent(self, name: str) -> bool:
        g = self.game
        if name == "pause":
            g.toggle_pause()
        elif name.startswith("speed_"):
            g.set_speed(int(name[-1]))
        elif name == "quick_save":
            problem = g.save("quick")
            g.notify(problem or t("notice.saved", slot="quick"), problem is None)
        elif name == "quick_load":
            self.app.load_slot("quick")
        elif name in ("help", "charts", "inspector", "saves", "actions"):
            {
                "help": self.open_help,
                "charts": self.open_charts,
                "inspector": self.open_inspector,
                "saves": self.open_saves,
                "actions": self.next_tab,
            }[name]()
        elif name == "news":
            if self.view.events:
                self.open_why(self.view.events[-1])
        elif name == "back":
            self.open_menu()
        else:
            return False
        return True

    def on_wheel(self, dy: int) -> bool:
        if self.news_rect.collidepoint(self.mouse):
            self.news_scroll = max(0, min(len(self.view.events) - 1, self.news_scroll - dy * 3))
            return True
        if self.side_rect.collidepoint(self.mouse):
            self.scroll_panel(-dy * 3)
            return True
        return False

    def on_key(self, event) -> bool:
        """Page Up/Down and the arrow keys scroll the side panel (a lesson card longer than it)."""
        rows = {pygame.K_UP: -1, pygame.K_DOWN: 1,
                pygame.K_PAGEUP: -PAGE_ROWS, pygame.K_PAGEDOWN: PAGE_ROWS}.get(event.key)
        if rows is None:
            return False
        self.scroll_panel(rows)
        return True

    def scroll_panel(self, rows: int) -> None:
        self.panel_scroll = max(0, self.panel_scroll + rows)
        self.layout(self.app.size)  # clamps it to the last screenful

    def open_tab(self, tab: str) -> None:
        self.tab = tab
        self.panel_scroll = 0
        self.game.signals.add(f"tab:{tab}")
        self.layout(self.app.size)

    def next_tab(self) -> None:
        self.open_tab(self.tabs[(self.tabs.index(self.tab) + 1) % len(self.tabs)])

    def open_action(self, cls) -> None:
        self.game.signals.add(f"opened:{cls.name}")
        self.app.open("action", cls=cls)

    def open_why(self, event) -> None:
        self.game.signals.add("why")
        self.app.open("why", event=event)

    def inspect(self, key: str) -> None:
        self.app.open("inspector", key="player" if key.startswith("player:") else key)

    def open_inspector(self) -> None:
        self.inspect("player")

    def open_charts(self) -> None:
        self.game.signals.add("charts")
        self.app.open("charts")

    def open_saves(self) -> None:
        self.app.open("saves")

    def open_help(self) -> None:
        self.app.open("help")

    def open_settings(self) -> None:
        self.app.open("settings")

    def open_menu(self) -> None:
        self.game.clock.set_speed(0)
        self.app.open("menu")


# actions in the order a game begins: a chip design before its wafers, wafers before their HBM
ACTION_ORDER = ("fund_chip", "book_foundry", "intel_partner", "buy_accelerators")
# an action that needs another first, or that is done once: (holds when it may be used, the
# reason shown otherwise)
FIRST_NEEDS = {
    "book_foundry": (lambda firm: bool(firm.generations), "tip.needs_design"),
    "intel_partner": (lambda firm: bool(firm.generations), "tip.needs_design"),
    "start_terafab": (lambda firm: firm.terafab is None, "tip.terafab_started"),
    "fund_phase": (lambda firm: firm.terafab is not None, "tip.needs_terafab"),
    "order_tools": (lambda firm: firm.terafab is not None, "tip.needs_terafab"),
    "hire_staff": (lambda firm: firm.terafab is not None, "tip.needs_terafab"),
    "modify_tools": (lambda firm: firm.terafab is not None, "tip.needs_terafab"),
    "litho_bet": (lambda firm: firm.terafab is not None, "tip.needs_terafab"),
    "repay_debt": (lambda firm: firm.debt_busd > 0, "tip.needs_debt"),
}


def tab_commands(tab: str) -> list:
    """The commands of a side panel tab, in the order a game begins."""
    groups = panels.TAB_GROUPS.get(tab, ())
    found = [c for c in COMMANDS.values() if c.group in groups]
    rank = {name: i for i, name in enumerate(ACTION_ORDER)}
    return sorted(found, key=lambda c: rank.get(c.name, len(rank)))


def t_command(cls) -> str:
    from game.ui.i18n import t_or

    return t_or(f"command.{cls.name}.title", cls.title)


RULE_IDS = re.compile(r"\s*\((?:[A-Z]\d{1,2}(?:/[A-Z]\d{1,2})?(?:,\s*|\s+and\s+)?)+\)")
SERIES_NAME = re.compile(r"`?\b([a-z]+(?:_[a-z0-9]+)+)\b`?")


def for_player(text: str) -> str:
    """A lesson line as a player reads it: no rule ids ("(B1)") and no series column names
    ("player_chips_waiting_power" reads "player chips waiting power"); those are for the teacher."""
    text = RULE_IDS.sub("", str(text))
    return SERIES_NAME.sub(lambda m: m.group(1).replace("_", " "), text)


def lesson_rows(lesson, wrap) -> list[panels.Row]:
    """The lesson card as panel rows: what it teaches, what to watch, questions and things to
    try, in the player's words (the ready commands stay in the teacher's guide and reports).

    `wrap(text)` splits a paragraph into lines that fit the panel.
    """
    if lesson is None:
        return []
    body = (205, 212, 224)
    rows = [panels.Row(t("lesson.teaches"))]
    rows += [panels.Row(line, "", body) for line in wrap(for_player(lesson.teaches))]
    for key, items in (("lesson.watch", lesson.watch), ("lesson.questions", lesson.questions)):
        rows.append(panels.Row(t(key)))
        for item in items:
            rows += [panels.Row(line, "", body) for line in wrap(f"• {for_player(item)}")]
    rows.append(panels.Row(t("lesson.try")))
    tip = t("lesson.try_tip")
    for thing in lesson.things_to_try:
        rows += [panels.Row(line, "", body, tip) for line in wrap(f"• {for_player(thing.label)}")]
    return rows
