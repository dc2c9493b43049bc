"""The world map: real coastlines, every facility at its real place, the player's flows between
them.

The land comes from Natural Earth (assets/map/land.json, made by tools/make_map.py): three
windows cut from the globe and set side by side, west to east: Europe, East Asia and, across the
Pacific, North America (the oceans between them are left out so the facilities get the room).
Each facility is a marker at its longitude and latitude with a label beside it (name, and a line
of state where the map has room), placed where it covers no other label, with a leader line when
it had to move away.

`places(agents)` lists what to draw (once per game: agents do not move); `map_layout` gives each
place its label box; `draw_map` draws land, flows, markers and labels from the WorldView, so it can
be tested on a Surface.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

import pygame

from game.agents.foundry import FabProjectView
from game.io.paths import ASSETS
from game.sim.views import WorldView
from game.ui import fmt, theme
from game.ui.i18n import has, t, text
from game.ui.theme import Fonts
from game.ui.widgets import fit_text

LAND_FILE = ASSETS / "map" / "land.json"
WINDOW_ORDER = ("europe", "asia", "america")  # west to east, the Pacific between Asia and America
GAP_UNITS = 2.5  # the cut-out ocean between two windows, in map units (degrees of latitude)
MID_LAT = 36.0  # longitudes are scaled by cos(MID_LAT): the facilities' band looks right
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
# (longitude, latitude) of each facility, by agent id (public addresses of the main site)
SITES = {
    "tsmc-hsinchu": (120.99, 24.78),  # Hsinchu Science Park (Tainan's Fab 18 is drawn beside it)
    "tsmc-arizona": (-112.15, 33.78),  # Fab 21, north Phoenix
    "samsung-korea": (127.07, 36.99),  # Pyeongtaek
    "samsung-taylor": (-97.41, 30.57),  # Taylor, Texas
    "intel-ohio": (-82.75, 40.08),  # New Albany, Licking County
    "intel-arizona": (-111.88, 33.27),  # Ocotillo, Chandler
    "smic-shanghai": (121.60, 31.20),  # Zhangjiang, Shanghai
    "asml": (5.40, 51.42),  # Veldhoven
    "amat": (-121.96, 37.39),  # Santa Clara
    "lam": (-121.98, 37.55),  # Fremont
    "tel": (139.75, 35.68),  # Tokyo
    "kla": (-121.90, 37.43),  # Milpitas
    "skhynix": (127.44, 37.27),  # Icheon
    "samsung-memory": (127.05, 37.20),  # Hwaseong
    "micron": (-116.20, 43.60),  # Boise
    "cxmt": (117.27, 31.86),  # Hefei
    "player:dc": (-90.05, 35.15),  # the lab's data centres: Memphis
    "player:power": (-94.70, 32.50),  # its gas turbines and solar: East Texas
}
# more sites of the same company, drawn as smaller markers beside the main one
EXTRA_SITES = {"tsmc-hsinchu": ((120.27, 23.10),)}  # Tainan (Fab 18)
# the Terafab's candidate sites (configs/world.yaml terafab.sites), by a word of their name
TERAFAB_SITES = {
    "texas": (-96.00, 30.50),
    "arizona": (-112.60, 33.40),
    "ohio": (-82.45, 40.10),
}
TERAFAB_UNSITED = (-97.74, 30.27)  # before a site is chosen: Austin, where the lab is
# where a region's name goes, and where a facility of an unknown site is put (a modded world)
REGION_HOME = {
    "US": (-100.0, 40.5),
    "NL": (5.0, 55.5),
    "KR": (129.6, 39.6),
    "JP": (140.0, 40.2),
    "CN": (111.5, 37.5),
    "TW": (123.8, 21.6),
}
FLOW_COLOURS = {
    "wafers": KIND_COLOURS["foundry"],
    "hbm": KIND_COLOURS["memory"],
    "euv": KIND_COLOURS["litho"],
    "power": KIND_COLOURS["power"],
}


@dataclass(frozen=True)
class Place:
    key: str  # agent key, or "player:terafab" / "player:dc" / "player:power"
    kind: str
    name: str
    region: str


@dataclass(frozen=True)
class Flow:
    """Goods moving from one place to another: wafers, HBM stacks, EUV tools or power."""

    source: str  # place keys
    target: str
    kind: str  # a FLOW_COLOURS key
    weight: float  # 0..1: line width between thin and thick


def places(agents: list) -> list[Place]:
    out = []
    for a in agents:
        if a.kind in ("foundry", "memory", "litho", "tool_vendor"):
            region = getattr(a, "region", None) or getattr(a, "country", "US")
            out.append(Place(a.key, a.kind, a.name, region if region in REGION_HOME else "US"))
    out += [
        Place("player:terafab", "terafab", t("map.terafab"), "US"),
        Place("player:dc", "datacentre", t("map.datacentres"), "US"),
        Place("player:power", "power", t("map.power"), "US"),
    ]
    return out


# ------------------------------------------------------------------ projection
@cache
def land() -> dict:
    """The shipped coastlines and borders (read once)."""
    return json.loads(LAND_FILE.read_text(encoding="utf-8"))["windows"]


class Projection:
    """Longitude and latitude to pixels in `area`: the windows side by side at one scale, as tall
    as the area allows (more of the globe north and south on a taller map)."""

    def __init__(self, area: pygame.Rect) -> None:
        self.area = area
        boxes = land()
        k = math.cos(math.radians(MID_LAT))
        widths = [(boxes[w]["box"][1] - boxes[w]["box"][0]) * k for w in WINDOW_ORDER]
        units = sum(widths) + GAP_UNITS * (len(widths) - 1)
        # at least 30 degrees of latitude (the facilities lie between 22 and 52 north)
        self.px_per_unit = min(area.w / units, area.h / 30.0)
        span_lat = area.h / self.px_per_unit
        self.lat_top = min(62.0, 37.5 + span_lat / 2)
        self.lat_bottom = self.lat_top - span_lat
        x = area.x + (area.w - units * self.px_per_unit) / 2
        self.windows: dict[str, tuple[float, float, pygame.Rect]] = {}
        for name, width in zip(WINDOW_ORDER, widths, strict=True):
            lon0, lon1 = boxes[name]["box"][:2]
            rect = pygame.Rect(round(x), area.y, round(width * self.px_per_unit), area.h)
            self.windows[name] = (lon0, lon1, rect)
            x += (width + GAP_UNITS) * self.px_per_unit
        self.k = k

    def window_of(self, lon: float) -> str:
        for name, (lon0, lon1, _r) in self.windows.items():
            if lon0 <= lon <= lon1:
                return name
        return "america"

    def point(self, lon: float, lat: float, window: str | None = None) -> tuple[float, float]:
        lon0, _lon1, rect = self.windows[window or self.window_of(lon)]
        return (
            rect.x + (lon - lon0) * self.k * self.px_per_unit,
            self.area.y + (self.lat_top - lat) * self.px_per_unit,
        )


def where(place: Place, view: WorldView | None = None) -> tuple[float, float]:
    """A place's longitude and latitude (the Terafab's follows the site the player chose)."""
    if place.key == "player:terafab":
        tf = view.firm.terafab if view is not None else None
        if tf is None or not tf.site:
            return TERAFAB_UNSITED
        name = tf.site.lower()
        return next((ll for word, ll in TERAFAB_SITES.items() if word in name), TERAFAB_UNSITED)
    return SITES.get(place.key) or REGION_HOME[place.region]


# ------------------------------------------------------------------ labels
def label_size(fonts: Fonts, place: Place, view: WorldView, full: bool) -> tuple[int, int]:
    """A label's box: icon and name, and the state line when `full`; at most `max_label_w`."""
    px = fonts.px
    w = (fonts.text(text(place.name), 12, bold=True).get_width()
         + px(8) * len(_projects(view, place)))
    h = fonts.line_height(12) + px(2)
    if full:
        w = max(w, fonts.text(detail(view, place), 11).get_width())
        h += fonts.line_height(11)
    return min(w + px(26), max_label_w(fonts)), h


def max_label_w(fonts: Fonts) -> int:
    return fonts.px(176)


def land_area(area: pygame.Rect, fonts: Fonts) -> pygame.Rect:
    """The map below its orbit strip."""
    top = fonts.line_height(12) + fonts.px(10)
    return pygame.Rect(area.x, area.y + top, area.w, area.h - top)


def region_labels(proj: Projection, fonts: Fonts) -> list[tuple[str, pygame.Rect]]:
    """Each region's name box (labels keep off them)."""
    out = []
    for region, (lon, lat) in REGION_HOME.items():
        name = fonts.text(t(f"region.{region}"), 11, bold=True)
        out.append((region, name.get_rect(center=proj.point(lon, lat))))
    return out


def _free(box: pygame.Rect, taken: list[pygame.Rect], bounds: pygame.Rect) -> bool:
    return bounds.contains(box) and box.collidelist(taken) < 0


def map_layout(
    area: pygame.Rect, items: list[Place], fonts: Fonts, view: WorldView
) -> list[tuple[Place, pygame.Rect]]:
    """Each place's label box: beside its marker if there is room, else the nearest free spot
    (a leader line joins them); every box inside the map, none over another. Labels show the
    facility's state line too where all of them then still fit near their markers (a big map);
    else names only, the state in the tooltip."""
    full = _place_labels(area, items, fonts, view, True)
    return full if full is not None else _place_labels(area, items, fonts, view, False)


def _place_labels(area, items, fonts, view, full: bool):
    """The label boxes, or None when `full` labels do not all fit near their markers."""
    inner = land_area(area, fonts)
    proj = Projection(inner)
    px = fonts.px
    marks = {p.key: proj.point(*where(p, view)) for p in items}
    taken = [pygame.Rect(x - px(5), y - px(5), px(10), px(10)) for x, y in marks.values()]
    taken.append(legend_rect(area, fonts))
    taken += [r.inflate(px(4), 0) for _region, r in region_labels(proj, fonts)]
    gap = round(GAP_UNITS * proj.px_per_unit)
    windows = {n: r.inflate(gap, 0).clip(inner.inflate(-px(4), -px(4)))
               for n, (_a, _b, r) in proj.windows.items()}
    out = []
    # the crowded places first: a lone place finds room anywhere
    def crowd(p: Place) -> int:
        x, y = marks[p.key]
        return -sum(1 for q in marks.values() if abs(q[0] - x) < px(120) and abs(q[1] - y) < px(60))

    for p in sorted(items, key=crowd):
        w, h = label_size(fonts, p, view, full)
        x, y = marks[p.key]
        bounds = windows[proj.window_of(where(p, view)[0])]  # a label stays by its coast
        box = None
        for dist in (6, 14, 28, 44, 62, 84, 110) + (() if full else (140, 175, 215, 260)):
            d = px(dist)
            for ang in range(0, 360, 30):
                a = math.radians(ang)
                cx, cy = x + math.cos(a) * (d + w / 2), y - math.sin(a) * (d + h / 2)
                trial = pygame.Rect(round(cx - w / 2), round(cy - h / 2), w, h)
                if _free(trial, taken, bounds):
                    box = trial
                    break
            if box:
                break
        if box is None and full:
            return None
        if box is None:  # no room anywhere near: on the marker, clamped inside the map
            box = pygame.Rect(round(x), round(y), w, h).clamp(bounds)
        taken.append(box)
        out.append((p, box))
    order = {p.key: i for i, p in enumerate(items)}
    return sorted(out, key=lambda pr: order[pr[0].key])


def legend_rect(area: pygame.Rect, fonts: Fonts) -> pygame.Rect:
    """The flows' legend, bottom left of the map."""
    lh = fonts.line_height(11)
    return pygame.Rect(area.x + fonts.px(6), area.bottom - fonts.px(6) - 4 * lh - fonts.px(8),
                       fonts.px(104), 4 * lh + fonts.px(8))


# ------------------------------------------------------------------ what the labels say
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
        return t("map.dc_line", units=fmt.whole(firm.dc_accelerators))
    return t("map.power_line", used=f"{firm.power_used_gw:.1f}", gw=f"{firm.power_gw:.1f}")


def t_phase(phase: str) -> str:
    key = f"phase.{phase}"
    return t(key) if has(key) else phase


def _projects(view: WorldView, place: Place) -> tuple[FabProjectView, ...]:
    if place.kind == "foundry":
        return next(x for x in view.foundries if x.key == place.key).projects
    if place.kind == "terafab" and view.firm.terafab is not None:
        return view.firm.terafab.phases
    return ()


def flows(view: WorldView, items: list[Place]) -> list[Flow]:
    """What moves to the player this month: wafers from each foundry it booked, HBM from each
    memory maker, EUV tools from ASML to every fab being built, power to the data centres."""
    by_name = {p.name: p.key for p in items}
    keys = {p.key for p in items}
    firm = view.firm
    out: list[Flow] = []

    def to_dc(kind: str, amounts: list[tuple[str, float]]) -> list[Flow]:
        """One flow a supplier (by name), its width by its share of the largest."""
        by_key: dict[str, float] = {}
        for name, x in amounts:
            if name in by_name:
                by_key[by_name[name]] = by_key.get(by_name[name], 0.0) + x
        top = max(by_key.values(), default=1.0) or 1.0
        return [Flow(k, "player:dc", kind, x / top) for k, x in by_key.items()]

    out += to_dc("wafers", [(c.site, c.wafers_per_month) for c in firm.contracts])
    out += to_dc("hbm", [(c.maker, c.stacks_per_month) for c in firm.memory_contracts])
    tf = firm.terafab
    if tf is not None and round(tf.wafers_month):
        out.append(Flow("player:terafab", "player:dc", "wafers", 1.0))
    litho = next((p.key for p in items if p.kind == "litho"), None)
    if litho:
        for f in view.foundries:  # a fab waiting for or installing its tools
            if f.key in keys and any(p.phase in ("tools", "install") for p in f.projects):
                out.append(Flow(litho, f.key, "euv", 0.3))
        if tf is not None and tf.site and any(p.phase in ("tools", "install") for p in tf.phases):
            out.append(Flow(litho, "player:terafab", "euv", 0.6))
    if firm.power_gw > 0:
        out.append(Flow("player:power", "player:dc", "power", 1.0))
    return out


# ------------------------------------------------------------------ drawing
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


def draw_land(surf: pygame.Surface, proj: Projection) -> None:
    data = land()
    for name, (_lon0, _lon1, rect) in proj.windows.items():
        clip = surf.get_clip()
        surf.set_clip(rect.clip(proj.area))
        for ring in data[name]["land"]:
            pts = [proj.point(lon, lat, name) for lon, lat in ring]
            pygame.draw.polygon(surf, theme.LAND, pts)
            pygame.draw.aalines(surf, (62, 82, 108), True, pts)
        for line in data[name]["borders"]:
            pts = [proj.point(lon, lat, name) for lon, lat in line]
            pygame.draw.lines(surf, (48, 62, 84), False, pts, 1)
        surf.set_clip(clip)
    # the cut-out oceans: a faint break line between two windows
    rects = [r for _a, _b, r in proj.windows.values()]
    for left, right in zip(rects, rects[1:], strict=False):
        x = (left.right + right.x) // 2
        for y in range(proj.area.y + 6, proj.area.bottom - 6, 10):
            pygame.draw.line(surf, theme.EDGE, (x, y), (x, y + 4))


def _curve(a: tuple[float, float], b: tuple[float, float], bow: float) -> list[tuple[float, float]]:
    """A quadratic curve from a to b, bowed up by `bow` of its length (flows are arcs)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = dy / length, -dx / length
    if ny > 0:  # always bow upwards (north)
        nx, ny = -nx, -ny
    c = (mx + nx * length * bow, my + ny * length * bow)
    return [
        (
            (1 - s) ** 2 * a[0] + 2 * (1 - s) * s * c[0] + s * s * b[0],
            (1 - s) ** 2 * a[1] + 2 * (1 - s) * s * c[1] + s * s * b[1],
        )
        for s in (i / 24 for i in range(25))
    ]


def draw_flows(surf, fonts: Fonts, marks: dict, the_flows: list[Flow], area: pygame.Rect) -> None:
    clip = surf.get_clip()
    surf.set_clip(area)
    for f in the_flows:
        if f.source not in marks or f.target not in marks:
            continue
        a, b = marks[f.source], marks[f.target]
        span = abs(b[0] - a[0]) / max(1, area.w)
        pts = _curve(a, b, 0.12 + 0.25 * span)
        width = max(1, round(fonts.px(1 + 2.5 * f.weight)))
        colour = FLOW_COLOURS[f.kind]
        pygame.draw.lines(surf, colour, False, pts, width)
        # an arrowhead two thirds along, pointing the way the goods go
        i = 16
        (x0, y0), (x1, y1) = pts[i - 1], pts[i]
        ang = math.atan2(y1 - y0, x1 - x0)
        s = fonts.px(6) + width
        tip = (x1 + math.cos(ang) * s / 2, y1 + math.sin(ang) * s / 2)
        left = (x1 - math.cos(ang - 0.5) * s, y1 - math.sin(ang - 0.5) * s)
        right = (x1 - math.cos(ang + 0.5) * s, y1 - math.sin(ang + 0.5) * s)
        pygame.draw.polygon(surf, colour, [tip, left, right])
    surf.set_clip(clip)


def draw_legend(surf, fonts: Fonts, area: pygame.Rect) -> None:
    box = legend_rect(area, fonts)
    pygame.draw.rect(surf, (12, 18, 28), box, border_radius=5)
    lh = fonts.line_height(11)
    for i, kind in enumerate(FLOW_COLOURS):
        y = box.y + fonts.px(4) + i * lh + lh // 2
        pygame.draw.line(surf, FLOW_COLOURS[kind], (box.x + fonts.px(6), y),
                         (box.x + fonts.px(24), y), max(1, fonts.px(2)))
        label = fit_text(fonts, t(f"map.flow_{kind}"), 11, theme.MUTED, box.w - fonts.px(32))
        surf.blit(label, (box.x + fonts.px(30), y - label.get_height() // 2))


def draw_map(
    surf: pygame.Surface,
    fonts: Fonts,
    area: pygame.Rect,
    view: WorldView,
    layout: list[tuple[Place, pygame.Rect]],
    hover: str = "",
) -> None:
    pygame.draw.rect(surf, theme.SEA, area, border_radius=8)
    inner = land_area(area, fonts)
    proj = Projection(inner)
    draw_land(surf, proj)
    px = fonts.px
    # region names, with their export-control badge
    regulators = {r.country: r for r in view.regulators}
    for region, box in region_labels(proj, fonts):
        surf.blit(fonts.text(t(f"region.{region}"), 11, (96, 116, 142), bold=True), box)
        reg = regulators.get(region)
        if reg and reg.export_control_level:
            badge = fonts.text(
                t("map.controls", level=reg.export_control_level), 10, theme.BG, bold=True
            )
            tag = badge.get_rect(midtop=(box.centerx, box.bottom + 2)).inflate(8, 2)
            pygame.draw.rect(surf, theme.BAD, tag, border_radius=4)
            surf.blit(badge, badge.get_rect(center=tag.center))
    # the orbit: space compute, top of the map
    line = t(
        "map.orbit",
        gw=f"{view.firm.space_gw:.1f}",
        tons=fmt.num(view.market.launch_tons_per_year, 0),
    )
    orbit = fit_text(fonts, line, 12, (180, 190, 255), area.w - px(20))
    strip = pygame.Rect(area.x + px(4), area.y + px(3), area.w - px(8), inner.y - area.y - px(5))
    pygame.draw.rect(surf, (20, 24, 52), strip, border_radius=5)
    surf.blit(orbit, orbit.get_rect(midleft=(strip.x + px(6), strip.centery)))
    marks = {p.key: proj.point(*where(p, view)) for p, _r in layout}
    draw_flows(surf, fonts, marks, flows(view, [p for p, _r in layout]), inner)
    draw_legend(surf, fonts, area)
    factor = view.firm.limiting_factor
    lit = FACTOR_KIND.get(factor)
    # leader lines and markers under the labels
    for place, rect in layout:
        x, y = marks[place.key]
        if not rect.inflate(px(4), px(4)).collidepoint(x, y):
            end = (min(max(x, rect.x), rect.right), min(max(y, rect.y), rect.bottom))
            pygame.draw.line(surf, theme.MUTED, (x, y), end, 1)
        for lon, lat in EXTRA_SITES.get(place.key, ()):
            pygame.draw.circle(surf, KIND_COLOURS[place.kind], proj.point(lon, lat), px(3))
        pygame.draw.circle(surf, theme.BG, (x, y), px(5))
        pygame.draw.circle(surf, KIND_COLOURS[place.kind], (x, y), px(4))
    for place, rect in layout:
        bg = theme.PANEL_HI if place.key == hover else (18, 26, 38)
        pygame.draw.rect(surf, bg, rect, border_radius=4)
        edge = theme.EDGE
        if lit == place.kind and place.region != "CN":
            edge = theme.FACTOR_COLOURS[factor]
        pygame.draw.rect(surf, edge, rect, width=2 if edge != theme.EDGE else 1, border_radius=4)
        icon = px(14)
        draw_icon(surf, place.kind, pygame.Rect(rect.x + px(4), rect.y + px(4), icon, icon))
        tx = rect.x + px(22)
        room = rect.right - tx - px(3)
        projects = _projects(view, place)[:6]
        pip_room = len(projects) * px(7)
        surf.blit(fit_text(fonts, text(place.name), 12, theme.TEXT, room - pip_room, bold=True),
                  (tx, rect.y + px(1)))
        if rect.h > fonts.line_height(12) + px(2):  # a full label: the state line too
            surf.blit(fit_text(fonts, detail(view, place), 11, theme.MUTED, room),
                      (tx, rect.y + px(1) + fonts.line_height(12)))
        for i, project in enumerate(projects):
            colour = theme.GOOD if project.phase in ("volume", "ramp") else theme.WARN
            pip = pygame.Rect(rect.right - px(8) - i * px(7), rect.y + px(5), px(5), px(5))
            pygame.draw.rect(surf, colour, pip, border_radius=1)
