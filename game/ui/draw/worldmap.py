"""The world map: regions as land masses, every facility drawn from the model's agents.

`places(agents)` lists what to draw (once per game: agents do not move); `map_layout` gives each
place a rectangle inside its region; `draw_map` draws them from the WorldView, so it can be tested
on a Surface.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.agents.foundry import FabProjectView
from game.sim.views import WorldView
from game.ui import fmt, theme
from game.ui.i18n import t
from game.ui.theme import Fonts
from game.ui.widgets import fit_text

# region -> (x, y, w, h) as shares of the map area; roughly where it is on a globe
REGIONS = {
    "US": (0.0, 0.10, 0.44, 0.90),
    "NL": (0.45, 0.10, 0.15, 0.36),
    "KR": (0.605, 0.10, 0.22, 0.36),
    "JP": (0.83, 0.10, 0.17, 0.36),
    "CN": (0.45, 0.48, 0.26, 0.52),
    "TW": (0.715, 0.48, 0.285, 0.52),
}
KIND_COLOURS = {
    "foundry": (86, 160, 245),
    "memory": (176, 120, 240),
    "litho": (60, 200, 200),
    "tool_vendor": (120, 200, 180),
    "terafab": (245, 200, 80),
    "datacentre": (92, 200, 120),
    "power": (245, 166, 35),
}
# which facility lights up when this factor binds the player's growth
FACTOR_KIND = {
    "power": "power",
    "chips": "foundry",
    "memory": "memory",
    "tools": "litho",
    "talent": "terafab",
    "permits": "terafab",
    "capital": "datacentre",
}
ROW_H = 38


@dataclass(frozen=True)
class Place:
    key: str  # agent key, or "player:terafab" / "player:dc" / "player:power"
    kind: str
    name: str
    region: str


def places(agents: list) -> list[Place]:
    out = []
    for a in agents:
        if a.kind in ("foundry", "memory", "litho", "tool_vendor"):
            region = getattr(a, "region", None) or getattr(a, "country", "US")
            out.append(Place(a.key, a.kind, a.name, region if region in REGIONS else "US"))
    out += [
        Place("player:terafab", "terafab", t("map.terafab"), "US"),
        Place("player:dc", "datacentre", t("map.datacentres"), "US"),
        Place("player:power", "power", t("map.power"), "US"),
    ]
    return out


def region_rect(area: pygame.Rect, region: str) -> pygame.Rect:
    x, y, w, h = REGIONS[region]
    return pygame.Rect(
        area.x + int(x * area.w), area.y + int(y * area.h), int(w * area.w) - 4, int(h * area.h) - 4
    )


def map_layout(
    area: pygame.Rect, items: list[Place], scale: float = 1.0
) -> list[tuple[Place, pygame.Rect]]:
    """Each place's rectangle: rows under the region's name, two columns where it is wide."""
    out = []
    for region in REGIONS:
        rect = region_rect(area, region)
        mine = [p for p in items if p.region == region]
        cols = 2 if rect.w > 300 else 1
        col_w = (rect.w - 12) // cols
        rows = -(-len(mine) // cols) if mine else 1
        top = round(28 * scale)
        # rows as tall as the scale asks, but never past the region's edge (large UI scales)
        row_h = min(round(ROW_H * scale) + 6, (rect.h - top - 4) // rows)
        card_h = min(row_h - 2, round(ROW_H * scale))
        for i, p in enumerate(mine):
            c, r = (i // rows, i % rows) if cols == 2 else (0, i)
            out.append(
                (
                    p,
                    pygame.Rect(
                        rect.x + 6 + c * col_w,
                        rect.y + top + r * row_h,
                        col_w - 4,
                        card_h,
                    ),
                )
            )
    return out


def detail(view: WorldView, place: Place) -> str:
    """The one-line state of a facility under its name."""
    if place.kind == "foundry":
        f = next(x for x in view.foundries if x.key == place.key)
        caps = " · ".join(f"{n} {fmt.num(w, 0)}" for n, w in f.capacity_wpm.items() if w > 0)
        return f"{caps} {t('unit.wpm')}" if caps else t("map.building")
    if place.kind == "memory":
        m = next(x for x in view.memory_makers if x.key == place.key)
        return t(
            "map.memory_line",
            kwpm=fmt.num(m.wafers_kwpm * 1000, 0),
            share=fmt.pct(m.hbm_share),
        )
    if place.kind == "litho":
        return t(
            "map.litho_line",
            rate=f"{view.litho.euv_per_year:.0f}",
            backlog=fmt.count(view.litho.euv_backlog),
        )
    if place.kind == "tool_vendor":
        v = next(x for x in view.tool_vendors if x.key == place.key)
        return t("map.tools_line", rate=f"{v.sets_per_month:.1f}", lead=f"{v.lead_months:.0f}")
    firm = view.firm
    if place.kind == "terafab":
        tf = firm.terafab
        if tf is None or not tf.site:
            return t("map.terafab_none")
        if round(tf.wafers_month):  # a whole wafer a month
            return t("map.terafab_output", wpm=fmt.num(tf.wafers_month, 0))
        phase = (
            tf.phases[-1].phase
            if tf.phases
            else ("permits" if not tf.permits_granted else "site")
        )
        return t("map.terafab_phase", phase=t_phase(phase))
    if place.kind == "datacentre":
        return t(
            "map.dc_line", units=fmt.whole(firm.dc_accelerators), space=f"{firm.space_gw:.1f}"
        )
    return t("map.power_line", used=f"{firm.power_used_gw:.1f}", gw=f"{firm.power_gw:.1f}")


def t_phase(phase: str) -> str:
    key = f"phase.{phase}"
    from game.ui.i18n import has

    return t(key) if has(key) else phase


def _projects(view: WorldView, place: Place) -> tuple[FabProjectView, ...]:
    if place.kind == "foundry":
        return next(x for x in view.foundries if x.key == place.key).projects
    if place.kind == "terafab" and view.firm.terafab is not None:
        return view.firm.terafab.phases
    return ()


def draw_icon(surf: pygame.Surface, kind: str, rect: pygame.Rect) -> None:
    c = KIND_COLOURS[kind]
    cx, cy = rect.center
    if kind in ("foundry", "terafab"):
        pygame.draw.rect(surf, c, rect.inflate(-2, -6), border_radius=2)
        pygame.draw.rect(surf, theme.BG, (rect.x + 4, rect.y - 1, 4, 6))
    elif kind == "memory":
        for i in range(3):
            pygame.draw.rect(
                surf, c, (rect.x + 1, rect.y + 2 + i * 5, rect.w - 2, 4), border_radius=1
            )
    elif kind == "litho":
        pygame.draw.polygon(
            surf, c, [(cx, rect.y), (rect.right, rect.bottom), (rect.x, rect.bottom)]
        )
    elif kind == "tool_vendor":
        pygame.draw.polygon(
            surf, c, [(cx, rect.y), (rect.right, cy), (cx, rect.bottom), (rect.x, cy)]
        )
    elif kind == "datacentre":
        for i in range(3):
            pygame.draw.rect(surf, c, (rect.x + i * 6, rect.y + 1, 4, rect.h - 2))
    else:
        pygame.draw.circle(surf, c, (cx, cy), rect.w // 2)
        pygame.draw.polygon(
            surf,
            theme.BG,
            [
                (cx + 1, rect.y + 2),
                (cx - 3, cy + 1),
                (cx, cy + 1),
                (cx - 1, rect.bottom - 2),
                (cx + 3, cy - 1),
                (cx, cy - 1),
            ],
        )


def draw_map(
    surf: pygame.Surface,
    fonts: Fonts,
    area: pygame.Rect,
    view: WorldView,
    layout: list[tuple[Place, pygame.Rect]],
    hover: str = "",
) -> None:
    pygame.draw.rect(surf, theme.SEA, area, border_radius=8)
    orbit = pygame.Rect(area.x + 6, area.y + 4, area.w - 12, int(area.h * 0.10) - 8)
    pygame.draw.rect(surf, (20, 24, 52), orbit, border_radius=6)
    line = t(
        "map.orbit",
        gw=f"{view.firm.space_gw:.1f}",
        tons=fmt.num(view.market.launch_tons_per_year, 0),
    )
    surf.blit(fonts.text(line, 13, (180, 190, 255)), (orbit.x + 10, orbit.centery - 8))
    regulators = {r.country: r for r in view.regulators}
    for region in REGIONS:
        rect = region_rect(area, region)
        pygame.draw.rect(surf, theme.LAND, rect, border_radius=10)
        pygame.draw.rect(surf, theme.EDGE, rect, width=1, border_radius=10)
        surf.blit(
            fonts.text(t(f"region.{region}"), 13, theme.MUTED, bold=True), (rect.x + 10, rect.y + 7)
        )
        reg = regulators.get(region)
        if reg and reg.export_control_level:
            badge = fonts.text(
                t("map.controls", level=reg.export_control_level), 11, theme.BG, bold=True
            )
            box = badge.get_rect(topright=(rect.right - 8, rect.y + 7)).inflate(8, 2)
            pygame.draw.rect(surf, theme.BAD, box, border_radius=4)
            surf.blit(badge, badge.get_rect(center=box.center))
    factor = view.firm.limiting_factor
    lit = FACTOR_KIND.get(factor)
    for place, rect in layout:
        if place.key == hover:
            pygame.draw.rect(surf, theme.PANEL_HI, rect, border_radius=5)
        if lit == place.kind and place.region != "CN":
            pygame.draw.rect(surf, theme.FACTOR_COLOURS[factor], rect, width=2, border_radius=5)
        draw_icon(surf, place.kind, pygame.Rect(rect.x + 5, rect.y + 6, 16, 16))
        compact = rect.h < round(ROW_H * fonts.scale)  # a crowded region: lines closer together
        name_y = rect.y + (1 if compact else 3)
        surf.blit(fit_text(fonts, place.name, 13, theme.TEXT, rect.w - 34), (rect.x + 28, name_y))
        detail_y = name_y + round((15 if compact else 18) * fonts.scale)
        if detail_y + fonts.font(11).get_height() <= rect.bottom + 3:  # no room: name only
            surf.blit(
                fit_text(fonts, detail(view, place), 11, theme.MUTED, rect.w - 32),
                (rect.x + 28, detail_y),
            )
        for i, project in enumerate(_projects(view, place)[:8]):
            colour = theme.GOOD if project.phase in ("volume", "ramp") else theme.WARN
            pip = pygame.Rect(rect.right - 10 - i * 9, rect.y + 5, 7, 7)
            pygame.draw.rect(surf, colour, pip, border_radius=2)
