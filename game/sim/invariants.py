"""Checks that must hold after every month, whatever the player did: money is conserved, no stock,
queue or capacity is negative, nothing is NaN or infinite, shares lie in 0-1. The fuzzer and the
property tests call these; each returns readable violations (an empty list when all is well).

Every campaign also runs `check_month` after each month: a cheap guard (every number of the
month's series row finite, power used within power available) that stops a broken world with
WorldBroke, one line naming the quantity and the month, instead of a series of NaN.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import traceback
from collections.abc import Mapping

from game.domain.errors import TerafabError
from game.i18n import msg
from game.sim.config import POWER_TOLERANCE_GW
from game.sim.metrics import SERIES_COLUMNS, TEXT_COLUMNS


class WorldBroke(TerafabError):
    """A campaign whose numbers stopped making sense (NaN, infinity, more power used than owned):
    the config's bounds should make this impossible, so it names what broke and when. `month` is
    the index of the month that broke (as in the series)."""

    def __init__(self, message: str, month: int = -1) -> None:
        super().__init__(message)
        self.month = month


def _broke(date: str, month: int, what: str) -> WorldBroke:
    return WorldBroke(msg("errors.broke.world", date=date, month=month, what=what), month)


# the series columns that may go NaN: all but the month, the date, the limiting factor's name and
# the export-control level (whole numbers and words cannot); read out at once by one itemgetter
_FLOAT_COLUMNS = tuple(c for c in SERIES_COLUMNS
                       if c not in TEXT_COLUMNS and c not in ("month", "export_control_level"))
_floats_of = operator.itemgetter(*_FLOAT_COLUMNS)


def check_month(model, row: dict) -> None:
    """Raise WorldBroke if the month just played left a number NaN or infinite (in its series `row`
    or in the HBM market and the firm's HBM, which the row does not show), or the firm using more
    power than it has. About a microsecond: one sum (a NaN or an infinity anywhere makes the sum
    one) and one comparison; the search for the culprit runs only then."""
    firm = model.firm
    total = sum(_floats_of(row)) + model.hbm_short + firm.fleet.hbm_stock
    if not math.isfinite(total):
        values = {c: row[c] for c in _FLOAT_COLUMNS}
        values.update(hbm_shortage=model.hbm_short, player_hbm_stock=firm.fleet.hbm_stock)
        bad = [k for k, v in values.items() if not math.isfinite(v)]
        what = (msg("errors.broke.value", name=bad[0], value=values[bad[0]]) if bad
                else msg("errors.broke.overflow"))
        raise _broke(row["date"], row["month"], what)
    if firm.power.used_gw > firm.power.gw + POWER_TOLERANCE_GW:
        raise _broke(row["date"], row["month"], msg("errors.broke.power", used=firm.power.used_gw,
                                                     have=firm.power.gw))


def step_failed(model, month: int, exc: BaseException) -> WorldBroke:
    """The WorldBroke for a month whose arithmetic raised (an overflow, a NaN made a whole
    number): names the exception and the rule's function where it happened."""
    frames = traceback.extract_tb(exc.__traceback__)
    detail = str(exc).replace("\n", " ")
    what = (msg("errors.broke.raised_in", kind=type(exc).__name__, where=frames[-1].name,
                detail=detail) if frames
            else msg("errors.broke.raised", kind=type(exc).__name__, detail=detail))
    return _broke(model.date_of(month), month, what)


def _bad_number(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _walk(value: object, path: str, out: list[str], depth: int = 0) -> None:
    """Every float inside a view (its fields, mappings and tuples, nested views) that is NaN or
    infinite, at full precision: views are not rounded."""
    if depth > 6:
        return
    if _bad_number(value):
        out.append(f"{path} is {value}")
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), f"{path}.{f.name}", out, depth + 1)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _walk(v, f"{path}.{k}", out, depth + 1)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _walk(v, f"{path}[{i}]", out, depth + 1)


def finite_state(model) -> list[str]:
    """Every agent's view and the model's market numbers are finite numbers."""
    out: list[str] = []
    agents = [model.firm, model.litho, *model.foundries, *model.tool_vendors, *model.memory_makers,
              *model.chipmakers, *model.regulators]
    for agent in agents:
        _walk(agent.view(), agent.key, out)
    for name in ("end_demand", "dram_price_index", "hbm_price_index", "accel_price_index",
                 "turbine_backlog_gw", "leader_share", "china_leading_share"):
        _walk(getattr(model, name), name, out)
    return out


def _at_least_zero(checks: list[tuple[str, float]]) -> list[str]:
    return [f"{name} is negative ({value:.6g})" for name, value in checks if value < -1e-6]


def non_negative(model) -> list[str]:
    firm = model.firm
    fleet = firm.fleet
    checks = [("firm.debt", firm.ledger.debt_busd), ("firm.fleet.hbm_stock", fleet.hbm_stock),
              ("firm.fleet.idle_units", fleet.idle_units),
              ("firm.fleet.nohbm_units", fleet.nohbm_units),
              ("firm.fleet.dc_units", fleet.dc_units), ("firm.fleet.edge_units", fleet.edge_units),
              ("firm.power.gw", firm.power.gw), ("firm.power.used_gw", firm.power.used_gw),
              ("firm.power.space_tons_queued", firm.power.space_tons_queued),
              ("model.turbine_backlog_gw", model.turbine_backlog_gw),
              ("model.end_demand", model.end_demand)]
    if firm.power.used_gw > firm.power.gw + POWER_TOLERANCE_GW:
        checks.append(("firm.power_headroom", firm.power.gw - firm.power.used_gw))
    if firm.terafab is not None:
        tf = firm.terafab
        checks += [("terafab.staff", tf.staff), ("terafab.hires_pending", tf.hires_pending)]
        checks += [(f"terafab.tool_stock.{k}", v) for k, v in tf.tool_stock.items()]
        checks += [("terafab.phase.capex_left", p.capex_left_busd) for p in tf.phases]
    for site in model.foundries:
        checks += [(f"{site.key}.capacity.{n}", site.capacity(n)) for n in site.base_wpm]
        checks += [(f"{site.key}.project", p.capacity_wpm) for p in site.projects]
    for queue, name in [(model.litho.euv, "euv"), (model.litho.duv, "duv"),
                        *[(v.queue, v.key) for v in model.tool_vendors]]:
        checks += [(f"{name}.ticket", t.remaining) for t in queue.tickets]
        checks.append((f"{name}.rate", queue.units_per_month))
    for m in model.memory_makers:
        checks += [(f"{m.key}.wafers", m.wafers_kwpm), (f"{m.key}.hbm_made", m.hbm_made)]
    for cm in model.chipmakers:
        checks += [(f"{cm.key}.inventory", cm.inventory), (f"{cm.key}.backlog", cm.backlog),
                   (f"{cm.key}.waiting_hbm", cm.waiting_hbm),
                   (f"{cm.key}.player_order", cm.player_order)]
        checks += [(f"{cm.key}.pipeline", x) for x in cm.pipeline]
    return _at_least_zero(checks)


def shares_in_range(model) -> list[str]:
    shares = [("leader_share", model.leader_share),
              ("china_leading_share", model.china_leading_share),
              ("firm.edge_share", model.firm.edge_share)]
    for m in model.memory_makers:
        shares += [(f"{m.key}.hbm_share", m.hbm_share), (f"{m.key}.utilization", m.utilization),
                   (f"{m.key}.hbm_yield", m.hbm_yield)]
    for site in model.foundries:
        shares += [(f"{site.key}.yield.{n}", site.yield_at(n)) for n in site.base_wpm]
    for cm in model.chipmakers:
        shares.append((f"{cm.key}.fill_ratio", min(cm.fill_ratio, 1.0)))
    return [f"{name} = {v:.6g} is outside 0-1" for name, v in shares if not -1e-9 <= v <= 1 + 1e-9]


def money_conserved(cash_before: float, cash_after: float, flows: dict[str, float]) -> list[str]:
    """Cash may change only through logged flows (tolerance for float rounding)."""
    total = sum(flows.values())
    tolerance = 1e-6 * max(1.0, abs(cash_after))
    if not math.isfinite(cash_after) or abs(cash_before + total - cash_after) > tolerance:
        return [f"cash moved {cash_after - cash_before:+.9g} but logged flows add to {total:+.9g}"]
    return []


def all_month_invariants(model, cash_before: float, flows: dict[str, float]) -> list[str]:
    return (money_conserved(cash_before, model.firm.ledger.cash_busd, flows) + finite_state(model)
            + non_negative(model) + shares_in_range(model))


def state_fingerprint(session) -> str:
    """What a refused command must leave untouched: the whole world at full precision (see
    game/sim/state.py) and the logs."""
    import json

    from game.sim.state import world_state

    data = [world_state(session.model), len(session.command_log), len(session.events)]
    return json.dumps(data, sort_keys=True)
