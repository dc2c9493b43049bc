"""The top bar: date, cash, deployed compute, idle chips and the limiting factor, colour-coded."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.sim.views import WorldView
from game.ui import fmt, theme
from game.ui.i18n import t
from game.ui.theme import Fonts
from game.ui.widgets import fit_text


@dataclass(frozen=True)
class Stat:
    label: str
    value: str
    colour: tuple
    tip: str


def stats(view: WorldView) -> list[Stat]:
    f = view.firm
    cash_colour = theme.GOOD if f.cash_busd > 20 else theme.WARN if f.cash_busd > 0 else theme.BAD
    share = f.compute_eflops / f.target_eflops if f.target_eflops else 1.0
    compute_colour = theme.GOOD if share >= 0.9 else theme.WARN if share >= 0.5 else theme.BAD
    idle = f.chips_idle  # waiting for power plus waiting for memory, as the tooltip says
    return [
        Stat(
            t("top.date"),
            view.date,
            theme.TEXT,
            t("tip.date", month=view.month + 1, total=view.months_total),
        ),
        Stat(
            t("top.cash"),
            fmt.usd_b(f.cash_busd),
            cash_colour,
            t("tip.cash", debt=fmt.usd_b(f.debt_busd)),
        ),
        Stat(
            t("top.compute"),
            fmt.eflops(f.compute_eflops),
            compute_colour,
            t("tip.compute", target=fmt.eflops(f.target_eflops), share=fmt.pct(share)),
        ),
        Stat(
            t("top.idle"),
            fmt.whole(idle),
            theme.WARN if round(idle) else theme.TEXT,  # a whole chip idles
            t(
                "tip.idle",
                power=fmt.whole(f.waiting_for_power),
                memory=fmt.whole(f.waiting_for_memory),
            ),
        ),
        factor_stat(view),
    ]


def factor_stat(view: WorldView) -> Stat:
    """The limiting factor the last month read; before the first month has run, none has been
    read (not "none": that says nothing binds)."""
    if view.last_row is None:
        return Stat(t("top.factor"), t("top.factor_unread"), theme.MUTED, t("tip.factor_unread"))
    factor = view.firm.limiting_factor
    return Stat(t("top.factor"), t(f"factor.{factor}"), theme.FACTOR_COLOURS[factor],
                t(f"factor_tip.{factor}"))


def stat_rects(rect: pygame.Rect, n: int) -> list[pygame.Rect]:
    """Four equal cells and a wider last one for the limiting factor."""
    unit = rect.w / (n + 0.6)
    out, x = [], rect.x
    for i in range(n):
        w = int(unit * (1.6 if i == n - 1 else 1.0))
        out.append(pygame.Rect(int(x), rect.y, w - 6, rect.h))
        x += w
    return out


def draw_topbar(
    surf: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    items: list[Stat],
    cells: list[pygame.Rect],
) -> None:
    pygame.draw.rect(surf, theme.PANEL, rect)
    pygame.draw.line(surf, theme.EDGE, rect.bottomleft, rect.bottomright)
    for i, (item, cell) in enumerate(zip(items, cells, strict=True)):
        last = i == len(items) - 1
        if last:
            badge = cell.inflate(-4, -10)
            pygame.draw.rect(surf, item.colour, badge, border_radius=8)
            surf.blit(fonts.text(item.label, 12, theme.BG, bold=True), (badge.x + 10, badge.y + 4))
            value = fonts.text(item.value.upper(), 22, theme.BG, bold=True)
            surf.blit(value, (badge.x + 10, badge.bottom - value.get_height() - 3))
            continue
        label = fit_text(fonts, item.label, 12, theme.MUTED, cell.w - 12)
        surf.blit(label, (cell.x + 8, cell.y + 6))
        for size in (22, 17, 14):  # long numbers (or a large UI scale) step down, never overlap
            value = fonts.text(item.value, size, item.colour, bold=True)
            if value.get_width() <= cell.w - 12:
                break
        else:
            value = fit_text(fonts, item.value, 14, item.colour, cell.w - 12, bold=True)
        surf.blit(value, (cell.x + 8, cell.bottom - value.get_height() - 6))
