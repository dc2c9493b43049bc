"""What a campaign reports: one row of the monthly series, and the summary with its score.

The series columns and their units are documented in the README; keep the two in step.
"""

from __future__ import annotations

from typing import Any

from game.domain.factors import FACTORS
from game.sim.score import breakdown

# The monthly series, in column order (units in the README, "The series").
SERIES_COLUMNS = (
    "month", "date", "player_cash_busd", "player_debt_busd", "player_finance_state",
    "compute_price_usd_m_per_eflops_month", "player_compute_eflops",
    "player_compute_target_eflops", "player_chips_idle", "player_chips_waiting_power",
    "player_chips_waiting_memory", "player_power_gw", "player_power_used_gw", "limiting_factor",
    "limiting_co_factor", "gain_power_eflops", "gain_memory_eflops", "gain_chips_eflops",
    "terafab_output_wpm", "dram_price_index", "hbm_price_index", "accelerator_price_index",
    "wafer_price_index_n3", "euv_shipped", "euv_backlog", "euv_shipped_china",
    "euv_capacity_per_year", "foundry_share_leader", "china_leading_edge_share",
    "export_control_level", "end_demand_accelerators", "accelerators_sold", "orders_wafers",
    "orders_euv", "memory_dram_supply_kwpm", "turbine_lead_months", "launch_tons_per_year",
)
# the rest are numbers
TEXT_COLUMNS = ("date", "player_finance_state", "limiting_factor", "limiting_co_factor")
REBASED = ("dram_price_index", "hbm_price_index", "accelerator_price_index",
           "wafer_price_index_n3")


def series_row(m) -> dict[str, object]:
    """The series row of the month `m` just played, its price indexes not yet rebased: what Mesa
    calls the model reporters, written as one function. Mesa's DataCollector deep-copies every
    value (a sixth of a campaign), and a registry of one small function per column, as this was,
    cost about 3 % of a campaign (counted in instructions) in calls and in walking the same paths
    (`m.firm.fleet`) again and again; one function reads each object once."""
    month = m.month - 1
    firm = m.firm
    ledger, fleet, power, gains = firm.ledger, firm.fleet, firm.power, firm.factor_gains_eflops
    terafab = firm.terafab
    litho = m.litho
    euv = litho.euv
    sold = ordered = 0  # as sum() adds: 0 without chipmakers
    for cm in m.chipmakers:
        sold += cm.sold
        ordered += cm.wafers_ordered
    return {
        "month": month,
        "date": m.date_of(month),
        "player_cash_busd": ledger.cash_busd,
        "player_debt_busd": ledger.debt_busd,
        "player_finance_state": firm.covenants.state,
        "compute_price_usd_m_per_eflops_month": firm.market.price_busd * 1e3,
        "player_compute_eflops": firm.compute_eflops,
        "player_compute_target_eflops": firm.target_eflops,
        "player_chips_idle": fleet.idle_units + fleet.nohbm_units,
        "player_chips_waiting_power": fleet.idle_units,
        "player_chips_waiting_memory": fleet.nohbm_units,
        "player_power_gw": power.gw,
        "player_power_used_gw": power.used_gw,
        "limiting_factor": firm.limiting_factor,
        "limiting_co_factor": firm.co_limiting_factor,
        "gain_power_eflops": gains["power"],
        "gain_memory_eflops": gains["memory"],
        "gain_chips_eflops": gains["chips"],
        "terafab_output_wpm": terafab.wafers_month if terafab else 0.0,
        "dram_price_index": m.dram_price_index,
        "hbm_price_index": m.hbm_price_index,
        "accelerator_price_index": m.accel_price_index,
        "wafer_price_index_n3": m.foundries[0].price_index.get("N3", 100.0),
        "euv_shipped": euv.shipped_month,
        "euv_backlog": euv.backlog,
        "euv_shipped_china": euv.shipped_by_country_month.get("CN", 0.0),
        "euv_capacity_per_year": litho.euv_per_year,
        "foundry_share_leader": m.leader_share,
        "china_leading_edge_share": m.china_leading_share,
        "export_control_level": m.trade.export_control_level,
        "end_demand_accelerators": m.end_demand,
        "accelerators_sold": sold,
        "orders_wafers": ordered,
        "orders_euv": m.orders_euv_month,
        "memory_dram_supply_kwpm": m.dram_supply_kwpm,
        "turbine_lead_months": m.turbine_lead_months(),
        "launch_tons_per_year": m.launch_tons_per_month() * 12.0,
    }


class SeriesCollector:
    """Collects one row of the series after each month, like mesa.DataCollector.collect. Price
    indexes are rebased so that the first month reads 100."""

    __slots__ = ("base", "rows")

    def __init__(self) -> None:
        self.base: dict[str, float] = {}  # the first month's raw price indexes
        self.rows: list[dict[str, object]] = []

    def row(self, model) -> dict[str, object]:
        """The month's row, not yet kept (the session checks it first)."""
        row: dict[str, Any] = series_row(model)
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


def summary(model, scoring, tally) -> dict[str, object]:
    """Outcomes of the campaign so far: what analysts tabulate and the end screen shows. The
    score and its terms (`score_*`) are game/sim/score.py's."""
    firm = model.firm
    tf = firm.terafab
    net_worth = firm.ledger.cash_busd - firm.ledger.debt_busd
    first = tf.first_output_month if tf is not None else None
    score = breakdown(model, tally, scoring)
    self_sufficiency = tally.own_fab_pflops_months / tally.deployed_pflops_months \
        if tally.deployed_pflops_months > 0 else 0.0
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
        "score": round(score.total, 4),
        "score_grade": score.grade,
        **score.summary_columns(),
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
