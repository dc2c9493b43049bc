"""The stylised facts table: does the default world behave like the industry's history?

Each Fact names what CALIBRATION.md ("History the dynamics should reproduce") or the articles say,
the source id, a target range, and how to measure it from traced campaigns (game/sim/trace.py):
the default world under the four policies over N seeds, plus the paired export-control scenarios.
A fact passes when the measured value (a median over the runs) lies in its range. `terafab facts`
prints the table; the README shows it in full with its date.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.i18n import t as tr
from game.sim.trace import Trace
from game.teach.signals import TIERS

DEFAULT_SCENARIO = "terafab"
POLICIES = ("passive", "buyer", "integrator", "balanced")
CONTROLS_PAIR = ("export-controls", "no-export-controls")  # the same world, controls on / off
NAN = float("nan")


@dataclass(frozen=True)
class Runs:
    """The traced campaigns, by scenario."""

    by_scenario: dict[str, list[Trace]]

    @property
    def default(self) -> list[Trace]:
        return self.by_scenario[DEFAULT_SCENARIO]


@dataclass(frozen=True)
class Fact:
    """A stylised fact: its words and source id are in the catalogs (`facts.row.<id>` in
    assets/i18n), so the table reads in the player's language."""

    id: str
    low: float
    high: float
    unit: str
    measure: Callable[[Runs], float]

    @property
    def text(self) -> str:
        return tr(f"facts.row.{self.id}.text")

    @property
    def source(self) -> str:
        return tr(f"facts.row.{self.id}.source")

    @property
    def unit_text(self) -> str:
        return tr(f"facts.unit.{self.unit.replace(' ', '_')}")

    def passes(self, value: float) -> bool:
        return not math.isnan(value) and self.low <= value <= self.high


@dataclass(frozen=True)
class FactRow:
    fact: Fact
    value: float

    @property
    def passed(self) -> bool:
        return self.fact.passes(self.value)


# ------------------------------------------------------------------ helpers over traces

def _median(values: Sequence[float]) -> float:
    xs = [v for v in values if not math.isnan(v)]
    return statistics.median(xs) if xs else NAN


def _year_rows(trace: Trace, year: int) -> list[dict]:
    prefix = f"{year}-"
    return [r for r in trace.series if str(r["date"]).startswith(prefix)]


def _year_sum(trace: Trace, column: str, year: int) -> float:
    rows = _year_rows(trace, year)
    return sum(float(r[column]) for r in rows) if len(rows) == 12 else NAN


def _year_mean(trace: Trace, column: str, year: int) -> float:
    rows = _year_rows(trace, year)
    return sum(float(r[column]) for r in rows) / len(rows) if rows else NAN


def _projects(runs: Runs, region: str | None = None):
    for trace in runs.default:
        for p in trace.projects:
            if region is None or p.region == region:
                yield p


def _build_months(runs: Runs, region: str) -> float:
    return _median([p.first_output_month - p.started_month for p in _projects(runs, region)
                    if p.first_output_month is not None])


def _deepest_fall(values: Sequence[float]) -> float:
    """The largest fall from a running peak, as a share of that peak (0.4 = -40 %)."""
    peak, worst = -math.inf, 0.0
    for v in values:
        peak = max(peak, v)
        if peak > 0:
            worst = max(worst, (peak - v) / peak)
    return worst


def _peak_months(values: Sequence[float], fall: float = 0.2) -> list[int]:
    """Months of the peaks a zig-zag filter finds: a peak counts once the price falls `fall`
    below it, and the next peak once it has risen by as much from the trough after."""
    peaks: list[int] = []
    peak_v, peak_m, trough_v, falling = -math.inf, 0, math.inf, False
    for m, v in enumerate(values):
        if not falling:
            if v > peak_v:
                peak_v, peak_m = v, m
            elif peak_v > 0 and v <= peak_v * (1 - fall):
                peaks.append(peak_m)
                falling, trough_v = True, v
        else:
            trough_v = min(trough_v, v)
            if v >= trough_v * (1 + fall):
                falling, peak_v, peak_m = False, v, m
    return peaks


def _column(trace: Trace, column: str) -> list[float]:
    return [float(r[column]) for r in trace.series]


def _first_month_above(trace: Trace, column: str, level: float) -> float:
    for r in trace.series:
        if float(r[column]) > level:
            return float(r["month"])
    return float(len(trace.series))  # not reached: counts as the campaign's end


# ------------------------------------------------------------------ the measures

def _us_tw_ratio(runs: Runs) -> float:
    return _build_months(runs, "US") / _build_months(runs, "TW")


def _to_volume(runs: Runs, region: str = "US") -> float:
    """B2's "five years" and tsmc_az_announce_to_volume (54 months) are said of US fabs; a
    Taiwan fab takes about half as long (fab_total_time_exyte), as fab-time-us-tw checks, so a
    median over every region's fabs would read the mix of regions, not the claim."""
    return _median([p.volume_month - p.started_month for p in _projects(runs, region)
                    if p.volume_month is not None])


def _us_slipped_share(runs: Runs) -> float:
    us = [p for p in _projects(runs, "US") if p.first_output_month is not None]
    return sum(p.slipped_months >= 12 for p in us) / len(us) if us else NAN


def _yield_at_start(runs: Runs) -> float:
    return _median([p.yield_at_first_output for p in _projects(runs)
                    if p.yield_at_first_output is not None])


def _ramp_months(runs: Runs) -> float:
    return _median([p.volume_month - p.first_output_month for p in _projects(runs)
                    if p.volume_month is not None and p.first_output_month is not None])


def _terafab_first(runs: Runs) -> float:
    firsts = [t.first_terafab_output_month for t in runs.default
              if t.first_terafab_output_month >= 0]
    return float(min(firsts)) if firsts else NAN


def _terafab_yield_vs_leader(runs: Runs) -> float:
    shares = [t.terafab_yield_by_month[12] / t.leader_yield for t in runs.default
              if len(t.terafab_yield_by_month) > 12 and t.leader_yield > 0]
    return _median(shares)


def _euv_2026(runs: Runs) -> float:
    return _median([_year_sum(t, "euv_shipped", 2026) for t in runs.default])


def _euv_growth(runs: Runs) -> float:
    def cagr(t: Trace) -> float:
        a, b = _year_sum(t, "euv_shipped", 2026), _year_sum(t, "euv_shipped", 2035)
        return (b / a) ** (1 / 9) - 1 if a > 0 and b > 0 else NAN
    return _median([cagr(t) for t in runs.default])


def _leader_2026(runs: Runs) -> float:
    return _median([_year_mean(t, "foundry_share_leader", 2026) for t in runs.default])


def _leader_keeps(runs: Runs) -> float:
    return _median([_year_mean(t, "foundry_share_leader", 2030) -
                    _year_mean(t, "foundry_share_leader", 2026) for t in runs.default])


def _dram_spike(runs: Runs) -> float:
    return _median([float(t.series[3]["dram_price_index"]) / float(t.series[0]["dram_price_index"])
                    for t in runs.default if len(t.series) > 3])


def _depth(column: str) -> Callable[[Runs], float]:
    return lambda runs: _median([_deepest_fall(_column(t, column)) for t in runs.default])


def _dram_period(runs: Runs) -> float:
    gaps = []
    for t in runs.default:
        peaks = _peak_months(_column(t, "dram_price_index"))
        gaps += [b - a for a, b in zip(peaks, peaks[1:], strict=False)]
    return _median(gaps)


def _dram_vs_logic(runs: Runs) -> float:
    logic = _depth("wafer_price_index_n3")(runs)
    return _depth("dram_price_index")(runs) / logic if logic > 0 else math.inf


def _hbm_first_mover(runs: Runs) -> float:
    values = []
    for t in runs.default:
        leader = max(t.hbm_share_start, key=t.hbm_share_start.get)
        kwpm = t.memory_kwpm_by_year.get(2030)
        if kwpm:
            others = max(v for k, v in kwpm.items() if k != leader)
            values.append(kwpm[leader] / others)
    return _median(values)


def _turbine_lead(first: int, last: int, how: Callable[[list[float]], float]):
    def measure(runs: Runs) -> float:
        return _median([how([float(r["turbine_lead_months"]) for y in range(first, last + 1)
                             for r in _year_rows(t, y)]) for t in runs.default])
    return measure


def _grid_wait(runs: Runs) -> float:
    return _median([w for t in runs.default for w in t.power_waits.get("grid", [])])


def _china_reach(scenario: str) -> Callable[[Runs], float]:
    return lambda runs: _median([_first_month_above(t, "china_leading_edge_share", 0.05)
                                 for t in runs.by_scenario[scenario]])


def _controls_delay(runs: Runs) -> float:
    with_, without = (_china_reach(s)(runs) for s in CONTROLS_PAIR)
    return with_ - without


TREND_MONTHS = 13  # a centred year's moving average: the trend each month's swing is read against


def _swing(values: Sequence[float]) -> float:
    """How much a series swings about its own trend: the spread of each month's ratio to its
    centred TREND_MONTHS moving average. The campaign's demand grows several-fold in 15 years, so
    a spread over mean of the raw levels (signals.bullwhip_cvs, fit for the flat-demand bullwhip
    lesson) reads how fast a tier grows, not how its orders swing (Lee et al. 1997 measure the
    amplification on orders about their trend)."""
    half = TREND_MONTHS // 2
    deviations = []
    for i in range(half, len(values) - half):
        trend = sum(values[i - half:i + half + 1]) / TREND_MONTHS
        if trend > 0:
            deviations.append(values[i] / trend - 1.0)
    return statistics.pstdev(deviations) if len(deviations) > 1 else NAN


def _tier_ratio(upper: int) -> Callable[[Runs], float]:
    def measure(runs: Runs) -> float:
        ratios = []
        for t in runs.default:
            col_low, col_up = TIERS[upper - 1][0], TIERS[upper][0]
            low, up = _swing(_column(t, col_low)), _swing(_column(t, col_up))
            ratios.append(up / low if low > 0 else NAN)
        return _median(ratios)
    return measure


def _world_units(year: int) -> Callable[[Runs], float]:
    return lambda runs: _median([t.world_units_by_year.get(year, NAN) / 1e6 for t in runs.default])


def _world_growth(runs: Runs) -> float:
    a, b = _world_units(2026)(runs), _world_units(2030)(runs)
    return (b / a) ** 0.25 - 1 if a > 0 else NAN


def _player_share(runs: Runs) -> float:
    return _median([t.player_units_by_year.get(2030, 0.0) / t.world_units_by_year[2030]
                    for t in runs.default if t.policy != "passive" and
                    t.world_units_by_year.get(2030, 0.0) > 0])


def _playing(runs: Runs) -> list[Trace]:
    return [t for t in runs.default if t.policy != "passive"]


def _power_2030(where: int, pick: Callable[[Sequence[float]], float]) -> Callable[[Runs], float]:
    """The firm's power at the end of 2030 (`where` 0: on the ground, 1: in orbit), GW, over the
    policies that play: `pick` is the median or the largest."""
    return lambda runs: pick([t.power_gw_by_year[2030][where] for t in _playing(runs)
                              if 2030 in t.power_gw_by_year] or [NAN])


def _cash_2030(runs: Runs) -> float:
    return _median([float(rows[-1]["player_cash_busd"]) for t in _playing(runs)
                    if (rows := _year_rows(t, 2030))])


INF = math.inf
FACTS: tuple[Fact, ...] = (
    Fact("fab-time-tw", 15, 30, "months", lambda runs: _build_months(runs, "TW")),
    Fact("fab-time-us-tw", 1.5, 2.6, "x", _us_tw_ratio),
    Fact("five-years", 45, 72, "months", _to_volume),
    Fact("us-slips", 0.25, 0.9, "share", _us_slipped_share),
    Fact("yield-start", 0.2, 0.65, "share", _yield_at_start),
    Fact("yield-ramp", 4, 24, "months", _ramp_months),
    Fact("terafab-first", 29, INF, "month", _terafab_first),
    Fact("terafab-yield", 0.4, 0.95, "share", _terafab_yield_vs_leader),
    Fact("euv-2026", 40, 70, "systems", _euv_2026),
    Fact("euv-growth", 0.03, 0.15, "per year", _euv_growth),
    # the game's foundries make the leading edge only, so the leader's share is of leading-edge
    # wafers; foundry_share_tsmc (0.70) is of all foundry revenue, mature nodes included, where
    # TSMC is weakest: a floor for its leading-edge share, not the share (upper bound: a game
    # choice, Samsung and Intel keep some leading-edge output)
    Fact("leader-share", 0.70, 0.95, "share", _leader_2026),
    Fact("leader-keeps", -0.03, 0.30, "share", _leader_keeps),
    Fact("dram-spike", 1.45, 2.5, "x", _dram_spike),
    Fact("dram-depth", 0.30, 0.75, "share", _depth("dram_price_index")),
    Fact("dram-period", 30, 66, "months", _dram_period),
    Fact("dram-vs-logic", 1.5, INF, "x", _dram_vs_logic),
    Fact("hbm-depth", 0.10, 0.60, "share", _depth("hbm_price_index")),
    Fact("hbm-first-mover", 1.0, INF, "x", _hbm_first_mover),
    Fact("turbine-lead", 36, 84, "months", _turbine_lead(2026, 2030, statistics.median)),
    Fact("turbine-lead-late", 24, 96, "months", _turbine_lead(2031, 2040, max)),
    Fact("grid-wait", 36, 84, "months", _grid_wait),
    Fact("china-open", 18, 60, "month", _china_reach("no-export-controls")),
    Fact("china-delay", 24, INF, "months", _controls_delay),
    Fact("bullwhip-wafers", 1.0, INF, "x", _tier_ratio(1)),
    Fact("bullwhip-euv", 1.0, INF, "x", _tier_ratio(2)),
    Fact("accelerators-2026", 4, 15, "million", _world_units(2026)),
    Fact("accelerators-growth", 0.10, 0.60, "per year", _world_growth),
    Fact("player-share", 0.02, 0.35, "share", _player_share),
    # plausible at a glance: one firm's power and money against the industry's scale
    Fact("ground-gw", 0.5, 30, "GW", _power_2030(0, _median)),
    Fact("space-gw", 0, 150, "GW", _power_2030(1, max)),
    Fact("cash-2030", -100, 270, "USD B", _cash_2030),
)


def measure(runs: Runs, facts: Sequence[Fact] = FACTS) -> list[FactRow]:
    return [FactRow(f, f.measure(runs)) for f in facts]


def scenarios_needed() -> tuple[str, ...]:
    return (DEFAULT_SCENARIO, *CONTROLS_PAIR)


def _fmt(v: float) -> str:
    if math.isnan(v):
        return tr("facts.no_data")
    if math.isinf(v):
        return "-"
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def _value(v: float, unit: str) -> str:
    """A measured or target value; money the way the language writes it (550 亿美元)."""
    if unit == "USD B" and math.isfinite(v):
        return tr("facts.money", busd=v)
    return _fmt(v)


def table_text(rows: Sequence[FactRow], seeds: int) -> str:
    """The table as plain text (also a Markdown table): one row per fact, in the language set."""
    lines = [tr("facts.title", seeds=seeds, policies=len(POLICIES)), "", tr("facts.header"),
             "|---|---|---|---|---|"]
    for row in rows:
        f = row.fact
        low, high = _value(f.low, f.unit), _value(f.high, f.unit)
        target = tr("facts.range", low=low, high=high, unit=f.unit_text) \
            if not math.isinf(f.high) else tr("facts.at_least", low=low, unit=f.unit_text)
        verdict = tr("facts.pass") if row.passed else tr("facts.fail")
        lines.append(f"| {f.text} | {f.source} | {target.strip()} | {_value(row.value, f.unit)} | "
                     f"{verdict} |")
    passed = sum(r.passed for r in rows)
    lines += ["", tr("facts.total", passed=passed, total=len(rows))]
    return "\n".join(lines)


def collect_runs(seeds: Sequence[int], progress: Callable[[int, int], None] | None = None) -> Runs:
    """Trace the default world under the four policies, and the export-control pair under their
    own default policy, on each seed."""
    from game.io.scenarios import load_scenario
    from game.sim.session import Session
    from game.sim.trace import trace_campaign

    jobs = [(DEFAULT_SCENARIO, p) for p in POLICIES]
    jobs += [(name, load_scenario(name).default_policy) for name in CONTROLS_PAIR]
    loaded = {name: load_scenario(name) for name in scenarios_needed()}
    by_scenario: dict[str, list[Trace]] = {name: [] for name in loaded}
    total, done = len(jobs) * len(seeds), 0
    for seed in seeds:
        for name, policy in jobs:
            by_scenario[name].append(trace_campaign(Session(loaded[name], seed, policy), name))
            done += 1
            if progress is not None:
                progress(done, total)
    return Runs(by_scenario)
