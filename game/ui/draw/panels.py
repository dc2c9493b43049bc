"""The side panels: supply, memory, power, Terafab and finance, as rows built from the WorldView.

A row is (label, value, colour, tooltip); a row with an empty value is a sub-heading. Each tab also
names the command groups whose actions appear under it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.sim.views import WorldView
from game.ui import fmt, theme, widgets
from game.ui.i18n import t
from game.ui.i18n import text as name  # an agent's name in the player's language
from game.ui.theme import Fonts

TABS = ("supply", "memory", "power", "terafab", "finance")
TAB_GROUPS = {
    "supply": ("supply", "chips"),
    "memory": ("memory",),
    "power": ("power",),
    "terafab": ("terafab",),
    "finance": ("capital",),
}


@dataclass(frozen=True)
class Row:
    label: str
    value: str = ""
    colour: tuple = theme.TEXT
    tip: str = ""


def _head(key: str) -> Row:
    return Row(t(key))


def supply_rows(view: WorldView) -> list[Row]:
    f = view.firm
    rows = [_head("panel.contracts")]
    if not f.contracts:
        rows.append(Row(t("panel.none"), "", theme.MUTED))
    for c in f.contracts[:5]:
        rows.append(
            Row(
                f"{name(c.site)} {c.node}",
                t("panel.contract_value", wpm=fmt.num(c.wafers_per_month, 0), to=c.last_date),
                tip=t("tip.wafer_start"),
            )
        )
    rows += generation_rows(f.generations)
    rows.append(_head("panel.foundries"))
    for fd in view.foundries:
        caps = " ".join(f"{n} {fmt.num(w, 0)}" for n, w in fd.capacity_wpm.items() if w > 0)
        caps = caps or t("map.building")
        idx = max(fd.price_index.values()) if fd.price_index else 0
        rows.append(
            Row(
                name(fd.name),
                f"{caps} · {t('panel.price')} {idx:.0f}",
                theme.WARN if idx > 120 else theme.TEXT,
                t("tip.foundry_capacity"),
            )
        )
    rows.append(_head("panel.queues"))
    lit = view.litho
    rows.append(
        Row(
            t("panel.euv_queue"),
            t(
                "panel.euv_value",
                backlog=fmt.count(lit.euv_backlog),
                lead=f"{lit.euv_lead_months:.0f}",
            ),
            tip=t("tip.euv"),
        )
    )
    for v in view.tool_vendors:
        rows.append(
            Row(
                name(v.name),
                t("panel.lead", lead=f"{v.lead_months:.0f}", backlog=f"{v.backlog_sets:.0f}"),
                tip=t("tip.tool_set"),
            )
        )
    return rows


GENERATIONS_SHOWN = 3  # the newest chip generations listed; the earlier ones share a line


def generation_rows(generations: dict[str, str]) -> list[Row]:
    """The funded chip generations under their heading, one a line with the date its design is
    ready: the newest few, then how many earlier ones (named on hover), so a long campaign's
    list never runs out of the panel."""
    rows = [_head("panel.generations")]
    if not generations:
        return rows + [Row(t("panel.none"), "", theme.MUTED)]
    items = list(generations.items())
    earlier, newest = items[:-GENERATIONS_SHOWN], items[-GENERATIONS_SHOWN:]
    if earlier:
        span = earlier[0][0] if len(earlier) == 1 else f"{earlier[0][0]}–{earlier[-1][0]}"
        rows.append(Row(t("gen_rows.earlier", n=len(earlier)), span, theme.TEXT,
                        ", ".join(f"{g} {d}" for g, d in earlier)))
    rows += [Row(g, d, tip=t("tip.generation")) for g, d in newest]
    return rows


def memory_rows(view: WorldView) -> list[Row]:
    f = view.firm
    by_maker: dict[str, float] = {}
    for c in f.memory_contracts:
        by_maker[c.maker] = by_maker.get(c.maker, 0.0) + c.stacks_per_month
    rows = [
        Row(t("panel.hbm_stock"), fmt.whole(f.hbm_stock), tip=t("tip.hbm")),
        Row(
            t("panel.waiting_memory"),
            fmt.whole(f.waiting_for_memory),
            theme.WARN if round(f.waiting_for_memory) else theme.TEXT,  # a whole chip waits
            t("tip.idle_memory"),
        ),
        Row(t("panel.hbm_price"), fmt.usd(view.market.hbm_price_usd), tip=t("tip.hbm")),
        Row(
            t("panel.dram_index"),
            f"{view.market.dram_price_index:.0f}",
            theme.WARN if view.market.dram_price_index > 150 else theme.TEXT,
            t("tip.dram"),
        ),
        _head("panel.memory_contracts"),
    ]
    if not by_maker:
        rows.append(Row(t("panel.none"), "", theme.MUTED))
    for maker, stacks in by_maker.items():
        rows.append(Row(name(maker), t("panel.stacks", n=fmt.num(stacks)), tip=t("tip.hbm")))
    rows.append(_head("panel.memory_makers"))
    for m in view.memory_makers:
        rows.append(
            Row(
                name(m.name),
                t(
                    "panel.maker_value",
                    share=fmt.pct(m.hbm_share),
                    kwpm=fmt.num(m.wafers_kwpm * 1000, 0),
                ),
                tip=t("tip.hbm"),
            )
        )
    return rows


def power_rows(view: WorldView) -> list[Row]:
    f = view.firm
    rows = [
        Row(
            t("panel.power"),
            f"{f.power_used_gw:.2f} / {f.power_gw:.2f} GW",
            tip=t("tip.power"),
        ),
        Row(
            t("panel.waiting_power"),
            fmt.whole(f.waiting_for_power),
            theme.WARN if round(f.waiting_for_power) else theme.TEXT,  # a whole chip waits
            t("tip.idle_power"),
        ),
        Row(t("panel.space"), f"{f.space_gw:.1f} GW", tip=t("tip.space")),
        Row(
            t("panel.edge"),
            f"{fmt.pct(f.edge_share)} · {fmt.whole(f.edge_accelerators)}",
            tip=t("tip.edge"),
        ),
        Row(
            t("panel.turbine_lead"),
            fmt.months(view.market.turbine_lead_months),
            tip=t("tip.turbine"),
        ),
        _head("panel.pipeline"),
    ]
    if not f.power_pipeline:
        rows.append(Row(t("panel.none"), "", theme.MUTED))
    for p in f.power_pipeline[:6]:
        rows.append(
            Row(
                t(f"source.{p.source}"),
                t("panel.arrives", gw=f"{p.gw:.2f}", date=p.arrives_date),
            )
        )
    return rows


def terafab_rows(view: WorldView) -> list[Row]:
    tf = view.firm.terafab
    if tf is None or not tf.site:
        return [
            Row(t("panel.terafab_none"), "", theme.MUTED),
            Row(t("panel.terafab_hint"), "", theme.MUTED),
        ]
    permits = (
        t("panel.granted")
        if tf.permits_granted
        else t("panel.permit_left", n=fmt.duration(tf.permit_months_left))
    )
    rows = [
        Row(t("panel.site"), name(tf.site)),
        Row(
            t("panel.permits"),
            permits,
            theme.GOOD if tf.permits_granted else theme.WARN,
            t("tip.permits"),
        ),
        Row(
            t("panel.output"),
            f"{fmt.num(tf.wafers_month, 0)} {t('unit.wpm')}",
            tip=t("tip.wafer_start"),
        ),
    ]
    design_ready = any(ready <= view.date for ready in view.firm.generations.values())
    if tf.wafers_month > 0 and not design_ready:
        # the engine makes chips of the design ready now; with none, the wafers come to nothing
        rows.append(Row(t("panel.wafers_lost"), "", theme.BAD, t("tip.wafers_lost")))
    rows += [
        Row(
            t("panel.staff"),
            f"{fmt.whole(tf.staff)} / {fmt.whole(tf.staff_required)}",
            # short by at least one person (as the numbers beside it show)
            theme.WARN if round(tf.staff) < round(tf.staff_required) else theme.TEXT,
            t("tip.staff"),
        ),
    ]
    if tf.blocked_by:
        rows.append(
            Row(
                t("panel.blocked"),
                t(f"factor.{tf.blocked_by}")
                if tf.blocked_by in theme.FACTOR_COLOURS
                else str(tf.blocked_by),
                theme.BAD,
            )
        )
    rows.append(_head("panel.phases"))
    for i, p in enumerate(tf.phases):
        rows.append(
            Row(
                t("panel.phase_n", n=i + 1, phase=p.phase),
                t(
                    "panel.phase_value",
                    wpm=fmt.num(p.capacity_wpm, 0),
                    y=fmt.pct(p.yield_share),
                    left=p.months_left,
                ),
                tip=t("tip.yield"),
            )
        )
    rows.append(_head("panel.tools"))
    vendors = sorted(set(tf.tools_installed) | set(tf.tool_stock))
    for v in vendors:
        rows.append(
            Row(
                v.upper() if name(v) == v else name(v),  # AMAT in English, 应用材料 in Chinese
                t(
                    "panel.tools_value",
                    installed=f"{tf.tools_installed.get(v, 0):.0f}",
                    stock=f"{tf.tool_stock.get(v, 0):.0f}",
                ),
                tip=t("tip.tool_set"),
            )
        )
    if tf.litho_bet_active or tf.own_litho_ready:
        rows.append(
            Row(
                t("panel.litho_bet"),
                t("panel.ready")
                if tf.own_litho_ready
                else t("panel.bet_months", n=fmt.duration(tf.litho_bet_months)),
            )
        )
    return rows


def finance_rows(view: WorldView) -> list[Row]:
    f, market = view.firm, view.market
    row = view.last_row or {}
    return [
        Row(
            t("panel.cash"),
            fmt.usd_b(f.cash_busd),
            tip=t("tip.cash", debt=fmt.usd_b(f.debt_busd)),
        ),
        Row(
            t("panel.debt"),
            fmt.usd_b(f.debt_busd),
            # at least USD 1 M owed (the least the value beside it shows)
            theme.WARN if round(f.debt_busd, 3) else theme.TEXT,
        ),
        Row(
            t("panel.ipo"),
            t("common.word_yes") if f.ipo_done else t("common.word_no"),
            tip=t("tip.ipo"),
        ),
        Row(t("panel.compute"), fmt.eflops(f.compute_eflops), tip=t("tip.eflops")),
        Row(t("panel.target"), fmt.eflops(f.target_eflops), tip=t("tip.eflops")),
        Row(
            t("panel.accel_price"),
            fmt.usd(market.accelerator_price_usd),
            tip=t("tip.accelerator"),
        ),
        Row(t("panel.export"), str(market.export_control_level), tip=t("tip.export")),
        Row(t("panel.leader"), f"{name(market.leader)} {fmt.pct(market.leader_share)}"),
        Row(t("panel.euv_shipped"), f"{row.get('euv_shipped', 0):.0f}", tip=t("tip.euv")),
    ]


ROWS = {
    "supply": supply_rows,
    "memory": memory_rows,
    "power": power_rows,
    "terafab": terafab_rows,
    "finance": finance_rows,
}


def place_rows(
    rect: pygame.Rect, rows: list[Row], row_h: int = 20
) -> list[tuple[Row, pygame.Rect]]:
    """Where each row goes inside rect (rows that do not fit are left out)."""
    out, y = [], rect.y
    for row in rows:
        h = row_h + 2 if is_heading(row) else row_h
        if y + h > rect.bottom:
            break
        out.append((row, pygame.Rect(rect.x, y, rect.w, h)))
        y += h
    return out


def last_start(rect: pygame.Rect, rows: list[Row], row_h: int = 20) -> int:
    """The first row of the last screenful: the furthest a list of rows scrolls in rect (0 when
    they all fit)."""
    y, start = rect.bottom, len(rows)
    while start > 0:
        h = row_h + 2 if is_heading(rows[start - 1]) else row_h
        if y - h < rect.y:
            break
        y -= h
        start -= 1
    return start


def is_heading(row: Row) -> bool:
    return not row.value and row.colour == theme.TEXT


def draw_rows(surf: pygame.Surface, fonts: Fonts, placed: list[tuple[Row, pygame.Rect]]) -> None:
    for row, r in placed:
        if is_heading(row):
            surf.blit(fonts.text(row.label.upper(), 11, theme.ACCENT, bold=True), (r.x, r.y + 6))
            continue
        colour = theme.MUTED if row.value else row.colour
        label = widgets.fit_text(fonts, row.label, 13, colour, label_room(fonts, row, r))
        surf.blit(label, (r.x, r.y))
        if row.value:
            value = fonts.text(row.value, 13, row.colour)
            surf.blit(value, (max(r.x + label.get_width() + 8, r.right - value.get_width()), r.y))


def label_room(fonts: Fonts, row: Row, r: pygame.Rect) -> int:
    """The pixels a row's label may take: the row's width less its value's (a longer label is
    shortened with an ellipsis, and hovering the row shows it whole)."""
    if not row.value:
        return r.w
    return r.w - fonts.text(row.value, 13, row.colour).get_width() - 8


def row_cut(fonts: Fonts, row: Row, r: pygame.Rect) -> bool:
    """The row's label is too wide for its room and is drawn shortened."""
    return not is_heading(row) and \
        fonts.text(row.label, 13).get_width() > label_room(fonts, row, r)
