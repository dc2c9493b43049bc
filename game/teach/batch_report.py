"""The debrief report of a `terafab batch` folder: outcome distributions per policy and swept
value, fan charts over seeds, the limiting factor's share of runs, and the bullwhip per group."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from game.batch.plots import (  # noqa: E402
    by_name,
    column_title,
    fan_chart,
    finished,
    group_labels,
    limiting_factor_chart,
    outcome_chart,
    param_columns,
    policy_name,
)
from game.domain.errors import ConfigError, UsageError  # noqa: E402
from game.i18n import msg, t  # noqa: E402
from game.i18n.scenarios import shown  # noqa: E402
from game.io.untrusted import display_text  # noqa: E402
from game.sim.config import Scenario, validate_scenario  # noqa: E402
from game.teach.html import Page, language_style, projection_style  # noqa: E402
from game.teach.signals import TIERS, coefficient_of_variation  # noqa: E402

BIG = 150  # dpi for the batch face's small figures, so their type is readable when projected
FANS = (("player_compute_eflops", "Compute deployed (EFLOPS)"),
        ("dram_price_index", "DRAM price index (first month = 100)"),
        ("player_cash_busd", "Cash (USD B)"))


def manifest_scenario(manifest: dict) -> Scenario | None:
    try:
        return validate_scenario(manifest.get("config"), "manifest")
    except ConfigError:
        return None


def bullwhip_by_group(series: pd.DataFrame, labels: pd.Series) -> plt.Figure:
    """Mean coefficient of variation at each tier, per group: does the whip grow upstream?"""
    cvs = series.groupby("run_id").agg({col: lambda s: coefficient_of_variation(list(s))
                                        for col, _ in TIERS})
    cvs["group"] = cvs.index.map(labels)
    means = cvs.groupby("group")[[col for col, _ in TIERS]].mean()
    fig, ax = plt.subplots(figsize=(12, 5))
    width = 0.8 / len(TIERS)
    for k, (col, _label) in enumerate(TIERS):
        xs = [i + (k - 1) * width for i in range(len(means))]
        ax.bar(xs, means[col], width=width, label=t(f"pages.tier.{col}"))
    ax.set_xticks(range(len(means)), list(means.index), rotation=15)
    ax.set_ylabel(t("pages.batch.variation"))
    ax.set_title(t("pages.batch.bullwhip_title"))
    ax.legend()
    fig.tight_layout()
    return fig


RUN_TEXT = ("run_id", "policy")
RUN_NUMBERS = ("seed", "score", "final_compute_eflops", "net_worth_busd", "self_sufficiency")
SERIES_TEXT = ("run_id", "limiting_factor")
SERIES_NUMBERS = ("month", *(c for c, _ in FANS), *(c for c, _ in TIERS))


def check_table(frame: pd.DataFrame, texts: tuple[str, ...], numbers: tuple[str, ...],
                source: str) -> None:
    """Refuse a table without the columns the report reads, or with text in a number column
    (a batch folder may come from someone else): UsageError naming the file and the column."""
    for column in (*texts, *numbers):
        if column not in frame.columns:
            raise UsageError(msg("errors.table.no_column", path=source, column=column))
    for column in numbers:
        if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(
                frame[column]):
            raise UsageError(msg("errors.table.not_numbers", path=source, column=column))
    for column in texts:
        frame[column] = frame[column].astype(str).map(display_text)


def readable_manifest(manifest: object) -> dict:
    """Only the parts of a manifest the report reads, each of the kind it expects: a damaged or
    hand-made manifest loses them (no lesson card, nothing swept) rather than stopping it."""
    def mapping(value: object) -> dict:
        return value if isinstance(value, dict) else {}

    manifest = mapping(manifest)
    experiment = mapping(manifest.get("experiment"))
    sample = mapping(experiment.get("sample"))
    command = manifest.get("command")
    return {"command": display_text(command) if isinstance(command, str) else "",
            "config": manifest.get("config"),
            "experiment": {"sweep": mapping(experiment.get("sweep")),
                           "sample": {"ranges": mapping(sample.get("ranges"))}}}


def batch_report(runs: pd.DataFrame, series: pd.DataFrame | None, manifest: dict,
                 source: str) -> str:
    finished(runs, source)  # first: a sweep where every run failed has no outcome columns
    check_table(runs, RUN_TEXT, RUN_NUMBERS, f"{source}/runs.parquet")
    if series is not None:
        check_table(series, SERIES_TEXT, SERIES_NUMBERS, f"{source}/series.parquet")
    manifest = readable_manifest(manifest)
    with language_style():
        return _batch_page(runs, series, manifest, source)


def _batch_page(runs: pd.DataFrame, series: pd.DataFrame | None, manifest: dict,
                source: str) -> str:
    scenario = shown(manifest_scenario(manifest))
    title = scenario.title if scenario is not None else source
    page = Page(t("pages.batch.title", title=title))
    ok = finished(runs, source)
    params = param_columns(ok, manifest)
    swept = ", ".join(params) if params else t("pages.batch.nothing_swept")
    page.text(t("pages.batch.summary", runs=len(ok), failed=len(runs) - len(ok),
                seeds=ok["seed"].nunique(),
                policies=", ".join(policy_name(p) for p in sorted(ok["policy"].unique())),
                swept=swept))
    if manifest.get("command"):
        page.command(t("pages.batch.made_by"), manifest["command"])
    if scenario is not None and scenario.lesson is not None:
        page.heading(t("pages.report.lesson_card"))
        page.card(scenario.lesson)
    labels = group_labels(ok, params).set_axis(ok["run_id"])
    page.heading(t("pages.batch.by", by=by_name("policy")))
    page.chart(outcome_chart(ok, "policy"), t("pages.batch.alt_by", by=by_name("policy")), BIG)
    for key in params:
        page.heading(t("pages.batch.by", by=key))
        page.chart(outcome_chart(ok, key), t("pages.batch.alt_by", by=key), BIG)
    page.heading(t("pages.batch.medians"))
    table = ok.assign(group=ok["run_id"].map(labels)).groupby("group").agg(
        runs=("run_id", "count"), score=("score", "median"),
        compute=("final_compute_eflops", "median"), net_worth=("net_worth_busd", "median"),
        self_sufficiency=("self_sufficiency", "median"))
    page.table([t(f"pages.batch.col_{k}") for k in ("group", "runs", "score", "compute",
                                                       "net_worth", "self")],
               [[g, *row] for g, row in zip(table.index, table.itertuples(index=False),
                                            strict=True)])
    if series is None or not len(series):
        page.text(t("pages.batch.no_series"), "note")
        return page.render()
    s = series[series["run_id"].isin(labels.index)]
    page.heading(t("pages.batch.factor_heading"))
    page.chart(limiting_factor_chart(s, labels), t("pages.batch.alt_factor"), BIG)
    for column, name in FANS:
        page.heading(column_title(column, name))
        page.chart(fan_chart(s, labels, column, name), t("pages.batch.alt_fan", column=column),
                   BIG)
    page.heading(t("pages.batch.bullwhip_heading"))
    with projection_style():
        page.chart(bullwhip_by_group(s, labels), t("pages.batch.alt_bullwhip"))
    return page.render()
