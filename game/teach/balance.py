"""The balance harness: does the score rank strategies the way the campaign's goal does?

It plays many strategies over several seeds — the four built-in policies, the degenerate ones a
score-hunting player finds (do nothing, a token booking, an equity pump, edge only, no power),
and a random search over the policies' own habits — and reports score against compute delivered,
with the checks issue #15 sets: degenerate strategies below every built-in policy but passive, a
rank correlation of score with delivered compute of at least 0.8, the search's best within 10 %
of the best policy, and policies that differ by more than twice their spread over seeds.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from game.agents.commands import limits
from game.agents.commands.finance import story_factor
from game.agents.policies import POLICIES
from game.domain import commands as c
from game.i18n import msg, t, text
from game.sim.config import Scenario, apply_overrides
from game.sim.session import Session

Strategy = Callable[[object], list[c.Command]]
BUILT_IN = ("passive", "buyer", "integrator", "balanced")
POWER_COMMANDS = (c.RequestGrid, c.OrderTurbines, c.BuildSolar, c.LaunchSpaceSolar)
# the yield the edge exploit books its wafers for: a leading node's mid-life (yield_n2_mid2025)
EDGE_YIELD = 0.6


# ------------------------------------------------------------------ degenerate strategies

def _fund_first_design(model) -> list[c.Command]:
    first = model.world.chip_generations[0].name
    return [] if first in model.firm.supply.generations else [c.FundChipGeneration(first)]


def _equity_every(model, months: int) -> list[c.Command]:
    firm, spec = model.firm, model.world.firm
    if model.month % months:
        return []
    if not firm.ledger.ipo_done and model.month >= model.month_of(spec.ipo_earliest):
        return [c.RaiseCapital("ipo", spec.ipo_raise_busd)]
    most = math.floor(spec.equity_max_busd * story_factor(model) * 10) / 10  # what investors take
    return [c.RaiseCapital("equity", most)]


def minimal_booking(model) -> list[c.Command]:
    """Funds the first design and books 100 wafers a month for six months, once, prepaid so the
    wafers arrive (the leading site's contracts without prepayment are filled after others')."""
    out = _fund_first_design(model)
    firm = model.firm
    if not out and not firm.supply.contracts and model.month < 12:
        site = model.world.foundries[0].id
        out.append(c.BookFoundryCapacity(site, 100, 6, True))
    return out


def equity_pump(model) -> list[c.Command]:
    """Raises equity every six months and does nothing with it."""
    return _equity_every(model, 6)


def edge_only(model) -> list[c.Command]:
    """The edge exploit (B11: chips in cars and robots need no data-centre power or HBM):
    funds the designs, books every site's free wafers of the newest design each year, prepaid
    so they arrive, sends every chip to the edge, never orders power, and raises equity every
    six months."""
    out = _equity_every(model, 6)
    firm = model.firm
    funded = firm.supply.generations
    for gen in model.world.chip_generations:
        if gen.name not in funded and (gen.requires is None or gen.requires in funded):
            out.append(c.FundChipGeneration(gen.name))
            break
    gen = limits.newest_design(model)
    if gen is not None and model.month % 12 == 1:
        # as many wafers as the edge devices take at the leading edge's yield, no more
        want = model.edge_devices_per_month() / (firm.accelerators_per_good_wafer * EDGE_YIELD)
        for site in model.foundries:
            free = min(want, limits.site_free_wafers(model, site, gen.node))
            wafers = int(free // 100 * 100)
            if wafers >= 100:
                out.append(c.BookFoundryCapacity(site.key, wafers, 12, True))
                want -= wafers
    if firm.edge_share < 1.0 and firm.current_generation():
        out.append(c.SetEdgeShare(1.0))
    return out


def never_power(model) -> list[c.Command]:
    """The balanced policy without ever ordering power."""
    return [cmd for cmd in POLICIES["balanced"](model) if not isinstance(cmd, POWER_COMMANDS)]


DEGENERATE: dict[str, Strategy] = {
    "minimal-booking": minimal_booking,
    "equity-pump": equity_pump,
    "edge-only": edge_only,
    "never-power": never_power,
}


# ------------------------------------------------------------------ random search

# the habits a search may move: every number under these sections of `policies`
SEARCHED = ("buyer", "integrator", "balanced", "merchant", "capital", "power", "foundry", "memory")


def _numbers(tree: dict, prefix: str) -> list[tuple[str, float]]:
    out = []
    for key, value in tree.items():
        path = f"{prefix}.{key}"
        if isinstance(value, dict):
            out += _numbers(value, path)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append((path, value))
    return out


def random_habits(scenario: Scenario, rng: np.random.Generator) -> dict[str, object]:
    """Each searched habit scaled by a log-uniform factor in [1/4, 4] (fractions kept in [0, 1]),
    kept only where the config accepts it."""
    policies = scenario.world.policies.model_dump()
    overrides: dict[str, object] = {}
    for section in SEARCHED:
        for path, default in _numbers(policies[section], f"policies.{section}"):
            value = default * math.exp(rng.uniform(-math.log(4), math.log(4)))
            if 0 < default <= 1 and isinstance(default, float):
                value = min(value, 1.0)
            overrides[path] = max(1, round(value)) if isinstance(default, int) else value
    accepted: dict[str, object] = {}
    for path, value in overrides.items():
        try:
            apply_overrides(scenario, {path: value})
        except Exception:  # noqa: BLE001 - a value out of the habit's bounds: keep the default
            continue
        accepted[path] = value
    return accepted


# ------------------------------------------------------------------ playing

@dataclass(frozen=True)
class Outcome:
    strategy: str
    kind: str  # "policy", "degenerate", "search"
    seed: int
    score: float
    delivered_eflops_months: float


def play(scenario: Scenario, seed: int, strategy: Strategy | None, policy: str | None = None,
         ) -> dict[str, object]:
    """One campaign: a built-in policy by name, or a strategy that submits commands monthly."""
    session = Session(scenario, seed, policy)
    while not session.done:
        if strategy is not None:
            for command in strategy(session.model):
                session.submit(command, "policy")
        session.step()
    return session.summary()


def run_harness(scenario: Scenario, seeds: Sequence[int], searches: int, search_seed: int = 0,
                progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
    rng = np.random.default_rng(search_seed)
    jobs: list[tuple[str, str, Scenario, Strategy | None, str | None]] = []
    for name in BUILT_IN:
        jobs.append((name, "policy", scenario, None, None if name == "passive" else name))
    for name, strategy in DEGENERATE.items():
        jobs.append((name, "degenerate", scenario, strategy, None))
    for i in range(searches):
        base = ("buyer", "integrator", "balanced")[i % 3]
        habits = random_habits(scenario, rng)
        jobs.append((f"search-{i:03d}-{base}", "search", apply_overrides(scenario, habits),
                     None, base))
    out: list[Outcome] = []
    total = len(jobs) * len(seeds)
    for name, kind, world, strategy, policy in jobs:
        for seed in seeds:
            s = play(world, seed, strategy, policy)
            out.append(Outcome(name, kind, seed, float(s["score"]),
                               float(s["compute_delivered_eflops_months"])))
            if progress is not None:
                progress(len(out), total)
    return out


# ------------------------------------------------------------------ the table and its checks

@dataclass(frozen=True)
class StrategyRow:
    strategy: str
    kind: str
    score_mean: float
    score_sd: float
    delivered_mean: float


def rows_of(outcomes: Sequence[Outcome]) -> list[StrategyRow]:
    by: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by.setdefault(o.strategy, []).append(o)
    rows = []
    for name, group in by.items():
        scores = [o.score for o in group]
        rows.append(StrategyRow(name, group[0].kind, statistics.fmean(scores),
                                statistics.pstdev(scores),
                                statistics.fmean(o.delivered_eflops_months for o in group)))
    return sorted(rows, key=lambda r: -r.score_mean)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Rank correlation (average ranks for ties)."""
    def ranks(values: Sequence[float]) -> np.ndarray:
        order = np.argsort(values, kind="stable")
        r = np.empty(len(values))
        r[order] = np.arange(len(values))
        vals = np.asarray(values)
        for v in np.unique(vals):
            tie = vals == v
            r[tie] = r[tie].mean()
        return r
    a, b = ranks(xs), ranks(ys)
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


@dataclass(frozen=True)
class Check:
    text: str
    value: str
    passed: bool


def checks(rows: Sequence[StrategyRow]) -> list[Check]:
    by = {r.strategy: r for r in rows}
    policies = [by[n] for n in BUILT_IN if n in by]
    playing = [r for r in policies if r.strategy != "passive"]
    degenerate = [r for r in rows if r.kind == "degenerate"]
    worst_policy = min(r.score_mean for r in playing)
    best_degenerate = max(degenerate, key=lambda r: r.score_mean)
    rho = spearman([r.score_mean for r in rows], [r.delivered_mean for r in rows])
    best_policy = max(r.score_mean for r in playing)
    search = [r for r in rows if r.kind == "search"]
    best_search = max((r.score_mean for r in search), default=-math.inf)
    gap = (best_search - best_policy) / abs(best_policy) if best_policy else math.inf
    pairs = [(a, b) for i, a in enumerate(policies) for b in policies[i + 1:]]
    close = [f"{a.strategy}/{b.strategy}" for a, b in pairs
             if abs(a.score_mean - b.score_mean) <= 2 * max(a.score_sd, b.score_sd)]
    return [
        Check(msg("cli.balance.checks.degenerate"),
              msg("cli.balance.value.degenerate", strategy=best_degenerate.strategy,
                  score=best_degenerate.score_mean, worst=worst_policy),
              best_degenerate.score_mean < worst_policy),
        Check(msg("cli.balance.checks.ranks"), f"{rho:.2f}", rho >= 0.8),
        Check(msg("cli.balance.checks.search"),
              f"{gap:+.1%}" if search else msg("cli.balance.value.no_search"),
              not search or gap < 0.10),
        Check(msg("cli.balance.checks.apart"),
              msg("cli.balance.value.apart") if not close else
              msg("cli.balance.value.close", pairs=", ".join(close)), not close),
    ]


def table_text(rows: Sequence[StrategyRow], seeds: int, top: int = 12) -> str:
    shown = [r for r in rows if r.kind != "search"] + [r for r in rows if r.kind == "search"][:top]
    shown.sort(key=lambda r: -r.score_mean)
    lines = [t("cli.balance.title", strategies=len(rows), seeds=seeds, top=top), "",
             t("cli.balance.header"), "|---|---|---|---|---|"]
    for r in shown:
        lines.append(t("cli.balance.row", strategy=r.strategy,
                       kind=t(f"cli.balance.kind.{r.kind}"), score=r.score_mean, sd=r.score_sd,
                       delivered=r.delivered_mean))
    lines.append("")
    for chk in checks(rows):
        lines.append(t("cli.balance.check_line",
                       verdict=t("cli.balance.pass" if chk.passed else "cli.balance.fail"),
                       text=text(chk.text), value=text(chk.value)))
    return "\n".join(lines)
