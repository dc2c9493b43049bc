"""What a campaign reports: one row of the monthly series, and the summary with its score.

The series columns and their units are documented in the README; keep the two in step.
"""

from __future__ import annotations

import math

from game.agents.firm import FACTORS

SERIES_COLUMNS = (
    "month", "date", "player_cash_busd", "player_debt_busd", "player_compute_eflops",
    "player_compute_target_eflops", "player_chips_idle", "player_chips_waiting_power",
    "player_chips_waiting_memory", "player_power_gw", "player_power_used_gw", "limiting_factor",
    "terafab_output_wpm", "dram_price_index", "hbm_price_index", "accelerator_price_index",
    "wafer_price_index_n3", "euv_shipped", "euv_backlog", "euv_shipped_china",
    "euv_capacity_per_year", "foundry_share_leader", "china_leading_edge_share",
    "export_control_level", "end_demand_accelerators", "accelerators_sold", "orders_wafers",
    "orders_euv", "memory_dram_supply_kwpm", "turbine_lead_months", "launch_tons_per_year",
)


def series_row(model, month: int, base: dict[str, float]) -> dict[str, object]:
    """The row for `month` (just played). Price indexes are rebased so the first month is 100
    (`base` keeps the first month's raw indexes)."""
    firm = model.firm
    euv = model.litho.euv
    wafer_index_n3 = model.foundries[0].price_index.get("N3", 100.0)
    if not base:
        base.update(dram=model.dram_price_index, hbm=model.hbm_price_index,
                    accelerator=model.accel_price_index, wafer_n3=wafer_index_n3)
    sold = ordered = 0.0
    for cm in model.chipmakers:
        sold += cm.sold
        ordered += cm.wafers_ordered
    tf = firm.terafab
    return {
        "month": month,
        "date": model.date_of(month),
        "player_cash_busd": firm.cash_busd,
        "player_debt_busd": firm.debt_busd,
        "player_compute_eflops": firm.compute_eflops,
        "player_compute_target_eflops": firm.target_eflops,
        "player_chips_idle": firm.idle_units + firm.nohbm_units,
        "player_chips_waiting_power": firm.idle_units,
        "player_chips_waiting_memory": firm.nohbm_units,
        "player_power_gw": firm.power_gw,
        "player_power_used_gw": firm.power_used_gw,
        "limiting_factor": firm.limiting_factor,
        "terafab_output_wpm": tf.wafers_month if tf is not None else 0.0,
        "dram_price_index": 100.0 * model.dram_price_index / base["dram"],
        "hbm_price_index": 100.0 * model.hbm_price_index / base["hbm"],
        "accelerator_price_index": 100.0 * model.accel_price_index / base["accelerator"],
        "wafer_price_index_n3": 100.0 * wafer_index_n3 / base["wafer_n3"],
        "euv_shipped": euv.shipped_month,
        "euv_backlog": euv.backlog,
        "euv_shipped_china": euv.shipped_china_month,
        "euv_capacity_per_year": model.litho.euv_per_year,
        "foundry_share_leader": model.leader_share,
        "china_leading_edge_share": model.china_leading_share,
        "export_control_level": model.export_control_level,
        "end_demand_accelerators": model.end_demand,
        "accelerators_sold": sold,
        "orders_wafers": ordered,
        "orders_euv": model.orders_euv_month,
        "memory_dram_supply_kwpm": model.dram_supply_kwpm,
        "turbine_lead_months": model.turbine_lead_months(),
        "launch_tons_per_year": model.launch_tons_per_month() * 12.0,
    }


def summary(model, scoring) -> dict[str, object]:
    """Outcomes of the campaign so far: what analysts tabulate and the end screen shows."""
    firm = model.firm
    tf = firm.terafab
    made = firm.own_pflops_total + firm.bought_pflops_total
    self_sufficiency = firm.own_pflops_total / made if made > 0 else 0.0
    net_worth = firm.cash_busd - firm.debt_busd
    first = tf.first_output_month if tf is not None else None
    baseline = max(1e-9, firm.compute_at_start * max(1, model.month))
    ratio = max(1e-9, firm.compute_delivered_eflops_months / baseline)
    score = (scoring.compute_weight * 100.0 * math.log10(ratio) +
             scoring.self_sufficiency_weight * self_sufficiency +
             scoring.net_worth_weight * net_worth / 10.0)
    out: dict[str, object] = {
        "months": model.month,
        "final_date": model.date_of(max(0, model.month - 1)),
        "final_cash_busd": round(firm.cash_busd, 6),
        "final_debt_busd": round(firm.debt_busd, 6),
        "net_worth_busd": round(net_worth, 6),
        "final_compute_eflops": round(firm.compute_eflops, 6),
        "compute_delivered_eflops_months": round(firm.compute_delivered_eflops_months, 6),
        "self_sufficiency": round(self_sufficiency, 6),
        "first_terafab_output_month": -1 if first is None else first,
        "first_terafab_output_date": "" if first is None else model.date_of(first),
        "chips_idle_end": round(firm.chips_idle(), 3),
        "score": round(score, 4),
    }
    for factor in FACTORS:
        out[f"months_{factor}"] = firm.factor_months[factor]
    return out
