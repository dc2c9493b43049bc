"""What a campaign reports: one row of the monthly series, and the summary with its score.

The series columns and their units are documented in the README; keep the two in step.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from game.domain.factors import FACTORS


def _sold(model) -> float:
    return sum(cm.sold for cm in model.chipmakers)


def _wafers_ordered(model) -> float:
    return sum(cm.wafers_ordered for cm in model.chipmakers)


def _wafer_index_n3(model) -> float:
    return model.foundries[0].price_index.get("N3", 100.0)


# The monthly series as named reporters, each a function of the model after its month, in
# column order: what Mesa calls `model_reporters` (mesa.DataCollector's deep copy of every value
# would cost a sixth of a campaign, so SeriesCollector below gathers them into plain rows).
# Price indexes are rebased by the collector so that the first month reads 100.
MODEL_REPORTERS: dict[str, Callable[[object], object]] = {
    "month": lambda m: m.month - 1,
    "date": lambda m: m.date_of(m.month - 1),
    "player_cash_busd": lambda m: m.firm.ledger.cash_busd,
    "player_debt_busd": lambda m: m.firm.ledger.debt_busd,
    "player_finance_state": lambda m: m.firm.covenants.state,
    "compute_price_usd_m_per_eflops_month": lambda m: m.firm.market.price_busd * 1e3,
    "player_compute_eflops": lambda m: m.firm.compute_eflops,
    "player_compute_target_eflops": lambda m: m.firm.target_eflops,
    "player_chips_idle": lambda m: m.firm.fleet.idle_units + m.firm.fleet.nohbm_units,
    "player_chips_waiting_power": lambda m: m.firm.fleet.idle_units,
    "player_chips_waiting_memory": lambda m: m.firm.fleet.nohbm_units,
    "player_power_gw": lambda m: m.firm.power.gw,
    "player_power_used_gw": lambda m: m.firm.power.used_gw,
    "limiting_factor": lambda m: m.firm.limiting_factor,
    "limiting_co_factor": lambda m: m.firm.co_limiting_factor,
    "gain_power_eflops": lambda m: m.firm.factor_gains_eflops["power"],
    "gain_memory_eflops": lambda m: m.firm.factor_gains_eflops["memory"],
    "gain_chips_eflops": lambda m: m.firm.factor_gains_eflops["chips"],
    "terafab_output_wpm": lambda m: m.firm.terafab.wafers_month if m.firm.terafab else 0.0,
    "dram_price_index": lambda m: m.dram_price_index,
    "hbm_price_index": lambda m: m.hbm_price_index,
    "accelerator_price_index": lambda m: m.accel_price_index,
    "wafer_price_index_n3": _wafer_index_n3,
    "euv_shipped": lambda m: m.litho.euv.shipped_month,
    "euv_backlog": lambda m: m.litho.euv.backlog,
    "euv_shipped_china": lambda m: m.litho.euv.shipped_by_country_month.get("CN", 0.0),
    "euv_capacity_per_year": lambda m: m.litho.euv_per_year,
    "foundry_share_leader": lambda m: m.leader_share,
    "china_leading_edge_share": lambda m: m.china_leading_share,
    "export_control_level": lambda m: m.trade.export_control_level,
    "end_demand_accelerators": lambda m: m.end_demand,
    "accelerators_sold": _sold,
    "orders_wafers": _wafers_ordered,
    "orders_euv": lambda m: m.orders_euv_month,
    "memory_dram_supply_kwpm": lambda m: m.dram_supply_kwpm,
    "turbine_lead_months": lambda m: m.turbine_lead_months(),
    "launch_tons_per_year": lambda m: m.launch_tons_per_month() * 12.0,
}
SERIES_COLUMNS = tuple(MODEL_REPORTERS)
# the rest are numbers
TEXT_COLUMNS = ("date", "player_finance_state", "limiting_factor", "limiting_co_factor")
REBASED = ("dram_price_index", "hbm_price_index", "accelerator_price_index",
           "wafer_price_index_n3")


class SeriesCollector:
    """Collects one row of the series after each month, like mesa.DataCollector.collect."""

    __slots__ = ("reporters", "base", "rows")

    def __init__(self, reporters: dict[str, Callable[[object], object]] = MODEL_REPORTERS):
        self.reporters = reporters
        self.base: dict[str, float] = {}  # the first month's raw price indexes
        self.rows: list[dict[str, object]] = []

    def row(self, model) -> dict[str, object]:
        """The month's row, not yet kept (the session checks it first)."""
        row = {name: report(model) for name, report in self.reporters.items()}
        base = self.base
        if not base:
            base.update((k, row[k]) for k in REBASED)
        for k in REBASED:
            row[k] = 100.0 * row[k] / base[k]
        return row

    def collect(self, model) -> dict[str, object]:
        row = self.row(model)
        self.rows.append(row)
        return row


def summary(model, scoring) -> dict[str, object]:
    """Outcomes of the campaign so far: what analysts tabulate and the end screen shows."""
    firm = model.firm
    tf = firm.terafab
    made = firm.fleet.own_pflops_total + firm.fleet.bought_pflops_total
    self_sufficiency = firm.fleet.own_pflops_total / made if made > 0 else 0.0
    net_worth = firm.ledger.cash_busd - firm.ledger.debt_busd
    first = tf.first_output_month if tf is not None else None
    baseline = max(1e-9, firm.compute_at_start * max(1, model.month))
    ratio = max(1e-9, firm.compute_delivered_eflops_months / baseline)
    score = (scoring.compute_weight * 100.0 * math.log10(ratio) +
             scoring.self_sufficiency_weight * self_sufficiency +
             scoring.net_worth_weight * net_worth / 10.0)
    out: dict[str, object] = {
        "months": model.month,
        "final_date": model.date_of(max(0, model.month - 1)),
        "final_cash_busd": round(firm.ledger.cash_busd, 6),
        "final_debt_busd": round(firm.ledger.debt_busd, 6),
        "net_worth_busd": round(net_worth, 6),
        "final_compute_eflops": round(firm.compute_eflops, 6),
        "compute_delivered_eflops_months": round(firm.compute_delivered_eflops_months, 6),
        "self_sufficiency": round(self_sufficiency, 6),
        "first_terafab_output_month": -1 if first is None else first,
        "first_terafab_output_date": "" if first is None else model.date_of(first),
        "chips_idle_end": round(firm.fleet.chips_idle(), 3),
        "score": round(score, 4),
        # money (F1-F3, A7): how the campaign ended, and the owners' stake per share
        "end_cause": model.end_cause,
        "finance_state": firm.covenants.state,
        "covenant_breaches": firm.covenants.breaches,
        "shares_outstanding_m": round(firm.ledger.shares_m, 3),
        "net_worth_per_share_usd": round(firm.ledger.net_worth_per_share_usd(), 6),
    }
    for factor in FACTORS:
        out[f"months_{factor}"] = firm.factor_months[factor]
    return out
