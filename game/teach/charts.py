"""Charts of one run (and the built-in policies beside it) for the debrief report: the
limiting-factor timeline, prices, compute and power, industry supply, the bullwhip, the
comparison. Each takes series rows (one dict a month) and returns a matplotlib figure."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from game.domain.factors import FACTORS  # noqa: E402
from game.i18n import t  # noqa: E402
from game.teach.signals import TIERS, coefficient_of_variation, factor_spells  # noqa: E402

Rows = Sequence[dict]
FACTOR_COLOURS = {"power": "#d62728", "chips": "#1f77b4", "memory": "#9467bd",
                  "capital": "#8c564b", "tools": "#ff7f0e", "talent": "#2ca02c",
                  "permits": "#e377c2", "none": "#c7c7c7"}
WIDE = (12, 5)


def _months(rows: Rows) -> list[int]:
    return [int(r["month"]) for r in rows]


def factor_timeline(runs: dict[str, Rows]) -> plt.Figure:
    """One band per run, coloured by the factor that bound each month: the wall moving."""
    labels = list(runs)
    fig, ax = plt.subplots(figsize=(12, 1.2 + 0.8 * len(labels)))
    seen: set[str] = set()
    for i, label in enumerate(labels):
        y = len(labels) - 1 - i
        factors = [str(r["limiting_factor"]) for r in runs[label]]
        for factor, start, length in factor_spells(factors):
            ax.broken_barh([(start, length)], (y - 0.4, 0.8), color=FACTOR_COLOURS.get(factor, "k"))
            seen.add(factor)
    ax.set_yticks(range(len(labels)), list(reversed(labels)))
    ax.set_xlabel(t("pages.chart.month"))
    ax.set_title(t("pages.chart.factor_title"))
    ax.set_xlim(0, max(len(r) for r in runs.values()))
    handles = [Patch(color=FACTOR_COLOURS[f], label=t(f"factor.{f}")) for f in FACTORS if f in seen]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.25 - 0.1 / len(labels)),
              ncol=len(handles), frameon=False)
    fig.tight_layout()
    return fig


def prices(rows: Rows) -> plt.Figure:
    fig, ax = plt.subplots(figsize=WIDE)
    months = _months(rows)
    for column, label in (("dram_price_index", "dram"), ("hbm_price_index", "hbm"),
                          ("accelerator_price_index", "accelerators"),
                          ("wafer_price_index_n3", "n3")):
        ax.plot(months, [r[column] for r in rows], label=t(f"pages.chart.{label}"), linewidth=2)
    ax.axhline(100, color="grey", linewidth=1, linestyle=":")
    ax.set_title(t("pages.chart.prices_title"))
    ax.set_xlabel(t("pages.chart.month"))
    ax.legend(ncol=4, loc="upper left")
    fig.tight_layout()
    return fig


def compute_and_power(rows: Rows) -> plt.Figure:
    fig, (left, right) = plt.subplots(1, 2, figsize=WIDE)
    months = _months(rows)
    left.plot(months, [r["player_compute_eflops"] for r in rows],
              label=t("pages.chart.deployed"), linewidth=2)
    left.plot(months, [r["player_compute_target_eflops"] for r in rows],
              label=t("pages.chart.wanted"), linestyle="--")
    left.set_yscale("log")
    left.set_title(t("pages.chart.compute_title"))
    left.legend()
    right.plot(months, [r["player_power_gw"] for r in rows], label=t("pages.chart.power_owned"),
               linewidth=2)
    right.plot(months, [r["player_power_used_gw"] for r in rows], label=t("pages.chart.power_used"))
    right.set_title(t("pages.chart.power_title"))
    right.legend()
    for ax in (left, right):
        ax.set_xlabel(t("pages.chart.month"))
    fig.tight_layout()
    return fig


def supply(rows: Rows) -> plt.Figure:
    """Capacities upstream: EUV output, DRAM wafers, the Terafab, and who holds the leading edge."""
    fig, axes = plt.subplots(1, 3, figsize=WIDE)
    months = _months(rows)
    panels = (
        (axes[0], (("euv_capacity_per_year", "euv_line"),), "euv_title"),
        (axes[1], (("memory_dram_supply_kwpm", "dram_line"),), "dram_title"),
        (axes[2], (("foundry_share_leader", "leader"),
                   ("china_leading_edge_share", "china")), "share_title"),
    )
    for ax, columns, title in panels:
        for column, label in columns:
            ax.plot(months, [r[column] for r in rows], label=t(f"pages.chart.{label}"),
                    linewidth=2)
        ax.set_title(t(f"pages.chart.{title}"), fontsize=15)
        ax.set_xlabel(t("pages.chart.month_short"))
    axes[2].set_ylim(0, 1)
    axes[2].legend(fontsize=12)
    fig.tight_layout()
    return fig


def bullwhip(rows: Rows) -> plt.Figure:
    """Orders at each tier, each divided by its own mean, against end demand: the bullwhip."""
    fig, ax = plt.subplots(figsize=WIDE)
    months = _months(rows)
    for (column, _label), width in zip(TIERS, (3.0, 2.0, 1.5), strict=True):
        values = [float(r[column]) for r in rows]
        mean = sum(values) / len(values) if values else 0.0
        scaled = [v / mean if mean else 0.0 for v in values]
        cv = coefficient_of_variation(values)
        label = t("pages.chart.bullwhip_line", tier=t(f"pages.tier.{column}"), cv=f"{cv:.2f}")
        ax.plot(months, scaled, label=label, linewidth=width)
    ax.axhline(1.0, color="grey", linewidth=1, linestyle=":")
    ax.set_title(t("pages.chart.bullwhip_title"))
    ax.set_xlabel(t("pages.chart.month"))
    ax.legend(loc="upper right")
    fig.tight_layout()
    return fig


def compare_compute(runs: dict[str, Rows], title: str | None = None,
                    highlight: int = 1) -> plt.Figure:
    """Compute deployed by each run on the same scenario and seed; the first `highlight` runs
    (the player's, the students') are drawn thick."""
    fig, ax = plt.subplots(figsize=WIDE)
    for i, (label, rows) in enumerate(runs.items()):
        ax.plot(_months(rows), [r["player_compute_eflops"] for r in rows], label=label,
                linewidth=3.5 if i < highlight else 1.8)
    ax.set_yscale("log")
    ax.set_title(t("pages.chart.compare_title", title=title or t("pages.chart.compare_default")))
    ax.set_xlabel(t("pages.chart.month"))
    ax.legend()
    fig.tight_layout()
    return fig


def memory_market(shares: Sequence[dict[str, float]], threshold: float | None) -> plt.Figure:
    """Each country's share of memory capacity, with the share at which regulators answer (A8)."""
    fig, ax = plt.subplots(figsize=WIDE)
    countries = sorted({c for month in shares for c in month})
    for country in countries:
        ax.plot(range(len(shares)), [m.get(country, 0.0) for m in shares], label=country,
                linewidth=2.5)
    if threshold is not None:
        ax.axhline(threshold, color="black", linestyle="--", linewidth=1.2,
                   label=t("pages.chart.threshold", share=f"{threshold:.0%}"))
    ax.set_ylim(0, 1)
    ax.set_title(t("pages.chart.memory_title"))
    ax.set_xlabel(t("pages.chart.month"))
    ax.legend(loc="upper left", ncol=3)
    fig.tight_layout()
    return fig
