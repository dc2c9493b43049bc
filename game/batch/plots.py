"""Charts of a sweep, as PNG files: fan charts over seeds, the binding factor, outcome spreads.

Fan charts show the median and the 10-90 % and 25-75 % bands across seeds, one colour per group
(policy, and swept value when there are few); outcome charts are box plots per policy or per swept
value, or a scatter against a sampled (continuous) value. Uses matplotlib's Agg backend: no window.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from game.batch.chart_locale import chart_fonts, number_axes  # noqa: E402
from game.domain.errors import UsageError  # noqa: E402
from game.i18n import language, msg, t, t_or  # noqa: E402

FAN_COLUMNS = (
    ("player_compute_eflops", "Compute deployed (EFLOPS)"),
    ("player_cash_busd", "Cash (USD B)"),
    ("terafab_output_wpm", "Terafab output (wafers/month)"),
    ("player_chips_idle", "Idle chips"),
    ("dram_price_index", "DRAM price index (first month = 100)"),
    ("accelerator_price_index", "Accelerator price index (first month = 100)"),
    ("euv_backlog", "EUV backlog (tools)"),
)
OUTCOMES = (
    ("score", "Score"),
    ("final_cash_busd", "Final cash (USD B)"),
    ("compute_delivered_eflops_months", "Compute delivered (EFLOPS-months)"),
    ("self_sufficiency", "Self-sufficiency (share of own chips)"),
    ("first_terafab_output_month", "First Terafab output (month, -1 = never)"),
    ("months_power", "Months bound by power"),
)
MAX_GROUPS = 8


def column_title(column: str, english: str) -> str:
    """A chart's name for a series or outcome column, in the player's language."""
    return t_or(f"pages.batch.column.{column}", english)


def policy_name(policy: str) -> str:
    """A built-in policy's name on a chart or a page, in the player's language."""
    return t_or(f"pages.policy.{policy}", policy)


def by_name(by: str) -> str:
    """What the runs are grouped by: "policy" in the language, a swept key as it is written."""
    return t("pages.debrief.col_policy") if by == "policy" else by
MAX_BOXES = 12


def finished(runs: pd.DataFrame, source: str) -> pd.DataFrame:
    """The runs that finished (status ok), which the charts draw; UsageError naming `source`
    when none did (every run failed, or the table is empty): there is nothing to draw."""
    ok = runs[runs["status"] == "ok"]
    if runs.empty:
        raise UsageError(msg("errors.batch.no_run", path=source))
    if ok.empty:
        raise UsageError(msg("errors.batch.none_finished", path=source, n=len(runs)))
    return ok


def param_columns(runs: pd.DataFrame, manifest: dict) -> list[str]:
    """The swept and sampled keys, as recorded in the manifest (else guessed from dotted names),
    that hold a value in some run."""
    exp = manifest.get("experiment") or {}
    keys = list(exp.get("sweep") or {}) + sorted(((exp.get("sample") or {}).get("ranges")) or {})
    keys = [k for k in keys if k in runs.columns] or [c for c in runs.columns if "." in c]
    return [k for k in keys if runs[k].notna().any()]


def group_labels(runs: pd.DataFrame, params: list[str]) -> pd.Series:
    """One label per run: the policy, plus swept values when that gives few enough groups."""
    labels = runs["policy"].astype(str).map(policy_name)
    few = [p for p in params if runs[p].nunique() <= MAX_BOXES]
    if few:
        with_params = labels + " | " + runs[few].astype(str).agg(", ".join, axis=1)
        if with_params.nunique() <= MAX_GROUPS:
            return with_params
    return labels


def fan_chart(series: pd.DataFrame, labels: pd.Series, column: str, title: str) -> plt.Figure:
    """Median and 10-90 % / 25-75 % bands over seeds, per month, one colour per group."""
    data = series[["run_id", "month", column]].copy()
    data["group"] = data["run_id"].map(labels)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    q = data.groupby(["group", "month"])[column].quantile([0.1, 0.25, 0.5, 0.75, 0.9]).unstack()
    for i, group in enumerate(sorted(q.index.get_level_values(0).unique())):
        g = q.loc[group]
        colour = f"C{i}"
        ax.fill_between(g.index, g[0.1], g[0.9], color=colour, alpha=0.15, linewidth=0)
        ax.fill_between(g.index, g[0.25], g[0.75], color=colour, alpha=0.3, linewidth=0)
        n = data[data["group"] == group]["run_id"].nunique()
        ax.plot(g.index, g[0.5], color=colour, label=t("pages.batch.runs_of", group=group, n=n))
    title = column_title(column, title)
    ax.set_title(t("pages.batch.fan_title", title=title))
    ax.set_xlabel(t("pages.chart.month"))
    ax.set_ylabel(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def limiting_factor_chart(series: pd.DataFrame, labels: pd.Series) -> plt.Figure:
    """Share of runs bound by each factor per month, a panel per group: bottleneck migration."""
    data = series[["run_id", "month", "limiting_factor"]].copy()
    data["group"] = data["run_id"].map(labels)
    groups = sorted(data["group"].unique())
    fig, axes = plt.subplots(len(groups), 1, figsize=(8, 2.6 * len(groups)), squeeze=False)
    factors = sorted(data["limiting_factor"].unique())
    for ax, group in zip(axes[:, 0], groups, strict=True):
        d = data[data["group"] == group]
        share = pd.crosstab(d["month"], d["limiting_factor"], normalize="index")
        share = share.reindex(columns=factors, fill_value=0.0)
        ax.stackplot(share.index, share.T.values,
                     labels=[t_or(f"factor.{f}", str(f)) for f in factors],
                     colors=[f"C{factors.index(f)}" for f in factors])
        ax.set_title(t("pages.batch.factor_title", group=group), fontsize=10)
        ax.set_ylabel(t("pages.batch.share_of_runs"))
        ax.set_ylim(0, 1)
    axes[0, 0].legend(loc="upper right", fontsize=7, ncol=4)
    axes[-1, 0].set_xlabel(t("pages.chart.month"))
    fig.tight_layout()
    return fig


def outcome_chart(runs: pd.DataFrame, by: str) -> plt.Figure:
    """One panel per outcome: box plots per value of `by` (side by side per policy when `by` is a
    swept value), or a scatter coloured by policy when `by` is continuous (a sampled value)."""
    present = [(c, t) for c, t in OUTCOMES if c in runs.columns]
    cols = 3
    rows = -(-len(present) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.4 * rows), squeeze=False)
    values = sorted(runs[by].dropna().unique())
    hues = sorted(runs["policy"].unique()) if by != "policy" else [None]
    for ax, (column, title) in zip(axes.flat, present, strict=False):
        for k, hue in enumerate(hues):
            sub = runs if hue is None else runs[runs["policy"] == hue]
            colour = f"C{k}"
            if len(values) <= MAX_BOXES:
                width = 0.8 / len(hues)
                pos = [i + 1 + (k - (len(hues) - 1) / 2) * width for i in range(len(values))]
                ax.boxplot([sub.loc[sub[by] == v, column].dropna() for v in values], positions=pos,
                           widths=width * 0.9, patch_artist=True, manage_ticks=False,
                           boxprops={"facecolor": colour, "alpha": 0.5},
                           medianprops={"color": "black"}, flierprops={"markersize": 3})
            else:
                ax.scatter(sub[by], sub[column], s=8, alpha=0.6, color=colour)
            if hue is not None and ax is axes.flat[0]:
                ax.plot([], [], color=colour, linewidth=6, alpha=0.5, label=policy_name(hue))
        if len(values) <= MAX_BOXES:
            ticks = [policy_name(str(v)) if by == "policy" else str(v) for v in values]
            ax.set_xticks(range(1, len(values) + 1), ticks, rotation=30,
                          fontsize=8)
        ax.set_title(column_title(column, title), fontsize=10)
        ax.set_xlabel(by_name(by), fontsize=8)
    if hues != [None]:
        axes.flat[0].legend(fontsize=7, title=t("pages.debrief.col_policy"), title_fontsize=7)
    for ax in list(axes.flat)[len(present):]:
        ax.set_visible(False)
    fig.suptitle(t("pages.batch.outcomes_title", by=by_name(by), n=len(runs)))
    fig.tight_layout()
    return fig


def _save(fig: plt.Figure, path: Path) -> Path:
    number_axes(fig).savefig(path, dpi=100)
    plt.close(fig)
    return path


def plot_results(runs: pd.DataFrame, series: pd.DataFrame | None, manifest: dict,
                 out: str | Path, source: str = "the sweep") -> list[Path]:
    """Write every chart of the sweep into `out`; returns the files written. UsageError naming
    `source` (before anything is written) when no run finished."""
    ok = finished(runs, source)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with plt.rc_context(chart_fonts(language())):  # Chinese titles in the shipped CJK font
        return _plot_all(ok, series, manifest, folder)


def _plot_all(ok: pd.DataFrame, series: pd.DataFrame | None, manifest: dict,
              folder: Path) -> list[Path]:
    params = param_columns(ok, manifest)
    written = [_save(outcome_chart(ok, "policy"), folder / "outcomes_by_policy.png")]
    for key in params:
        written.append(_save(outcome_chart(ok, key), folder / f"outcomes_by_{key}.png"))
    if series is not None and len(series):
        labels = group_labels(ok, params).set_axis(ok["run_id"])
        s = series[series["run_id"].isin(labels.index)]
        for column, title in FAN_COLUMNS:
            if column in s.columns:
                fig = fan_chart(s, labels, column, title)
                written.append(_save(fig, folder / f"fan_{column}.png"))
        if "limiting_factor" in s.columns:
            written.append(_save(limiting_factor_chart(s, labels), folder / "limiting_factor.png"))
    return written
