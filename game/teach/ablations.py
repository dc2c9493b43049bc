"""Rule-by-rule ablations: switch one rule off (`rules_off` in the world config) and show that the
outcome the rule's card says it drives moves, the way the card says, over several seeds.

Each Ablation names the rule, the outcome in words, how to measure it on a traced campaign
(game/sim/trace.py), and the way it should move when the rule is off. `terafab ablate` prints the
table that docs/ablations.md keeps; tests/test_ablations.py runs it at CI size. Campaigns with
every rule on are played once per (scenario, policy, settings, opening, seed) and shared between
the rows.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from game.agents.commands import limits
from game.domain import commands as c
from game.domain.commands import Command
from game.i18n import msg, t, text
from game.sim.session import Session
from game.sim.trace import Trace
from game.teach.signals import coefficient_of_variation

UP, DOWN = 1, -1
MIN_MOVE = 0.01  # a move smaller than 1 % of the outcome counts as no move


@dataclass(frozen=True)
class Ablation:
    rule: str
    outcome: str  # what the rule drives, in words
    measure: Callable[[Trace], float]
    direction: int  # UP: switching the rule off raises the outcome; DOWN: lowers it
    policy: str | None = "balanced"  # None: the player is `script` alone
    scenario: str = "terafab"
    settings: tuple[tuple[str, object], ...] = ()  # overrides of the scenario, both campaigns
    opening: tuple[Command, ...] = ()  # commands the player gives in month 0, both campaigns
    # a player who acts every month before the world moves (after the policy, if any), both
    # campaigns: for a rule that binds only on a player no built-in policy plays (F3)
    script: Callable[[Session], None] | None = None
    # a finding, not an excuse: why switching the rule off does not yet move its outcome as the
    # card says in today's world (the table prints it; the issue tracker holds the work)
    known_gap: str = ""


@dataclass(frozen=True)
class AblationRow:
    ablation: Ablation
    with_rule: float  # the outcome's mean over the seeds, every rule on
    without_rule: float  # the same with this rule off
    moved_right: int  # seeds on which the outcome moved the stated way by at least MIN_MOVE
    seeds: int

    @property
    def change(self) -> float:
        """The mean's move as a share of the outcome with the rule (or absolute, from zero)."""
        return (self.without_rule - self.with_rule) / (abs(self.with_rule) or 1.0)

    @property
    def holds(self) -> bool:
        """The outcome moves the stated way on every seed but one (five seeds or more; on every
        seed below five), and so does the mean."""
        allowed_misses = 1 if self.seeds >= 5 else 0
        return (self.moved_right >= self.seeds - allowed_misses
                and self.change * self.ablation.direction >= MIN_MOVE)


@dataclass
class Campaign(Trace):
    """A traced campaign and what a row reads that the trace does not keep."""

    tariff_paid_busd: float = 0.0  # tariff paid on the accelerators the firm imported (S7)
    rival_hbm_bid_stacks: float = 0.0  # HBM the rival asked for beyond its chips' need (R2)


class _Played(Session):
    """A session whose player may also act by a script each month, and that counts the tariff its
    imported accelerators pay (the tariff in force the month they are paid for) and the HBM the
    rival bids against the player (its chips' stacks times its answer above one)."""

    def __init__(self, scenario, seed: int, policy: str | None,
                 script: Callable[[Session], None] | None) -> None:
        super().__init__(scenario, seed, policy)
        self._script = script
        self.tariff_paid_busd = 0.0
        self.rival_hbm_bid_stacks = 0.0
        self._stacks = self.model.world.accelerators.hbm_stacks_per_accelerator

    def step(self) -> None:
        if self._script is not None and not self.done:
            self._script(self)
        super().step()
        model = self.model
        tariff = model.trade.import_tariff("TW")
        paid = -model.firm.ledger.last_flows.get("accelerators", 0.0)
        self.tariff_paid_busd += paid * tariff / (1.0 + tariff)
        rival = model.rival
        if rival is not None:
            self.rival_hbm_bid_stacks += rival.accel_granted * self._stacks * (
                rival.hbm_answer - 1.0)


def reckless_spender(session: Session) -> None:
    """A reckless spender's month: borrow all lenders allow, raise all investors give, fund every
    design and every Terafab phase at once, book every site and memory maker to the limit on
    contract, order every power source, and a million GPUs (refusals are part of the story)."""
    model = session.model
    tries: list[Command] = [c.FundChipGeneration(g.name) for g in model.world.chip_generations]
    if model.firm.terafab is None:
        tries.append(c.StartTerafab("grimes-county"))
    tries += [c.FundTerafabPhase()] * 3
    tries += [c.RaiseCapital("ipo", 1.0), c.RaiseCapital("equity", 22.5)]
    room = limits.debt_room_busd(model)
    if room >= 0.55:
        tries.append(c.RaiseCapital("debt", round(min(room, 200.0) - 0.05, 1)))
    gen = limits.newest_design(model)
    if gen is not None:
        for site in model.foundries:
            free = limits.site_free_wafers(model, site, gen.node)
            if free >= 100:
                tries.append(c.BookFoundryCapacity(site.key, int(min(free, 200000)), 60, False))
    for maker, stacks in limits.hbm_bookable_stacks(model).items():
        if stacks >= 1000:
            tries.append(c.BookMemory(maker.key, int(min(stacks, 5e7)), 60))
    tries.append(c.RequestGrid(round(min(20.0, limits.grid_room_gw(model)), 1)))
    tries.append(c.OrderTurbines(round(min(30.0, limits.turbines_left_this_year_gw(model)), 1)))
    tries.append(c.BuildSolar(round(min(50.0, limits.solar_left_this_year_gw(model)), 1)))
    tries.append(c.BuyAccelerators(model.merchant.key, 1_000_000))
    for cmd in tries:
        session.submit(cmd)


# ------------------------------------------------------------------ measures on a campaign
def column(trace: Trace, name: str) -> list[float]:
    return [float(r[name]) for r in trace.series]


def mean_of(name: str) -> Callable[[Trace], float]:
    return lambda t: statistics.fmean(column(t, name))


def sum_of(name: str) -> Callable[[Trace], float]:
    return lambda t: sum(column(t, name))


def spread_of(name: str) -> Callable[[Trace], float]:
    """Coefficient of variation of a series column over the campaign: how much it swings."""
    return lambda t: coefficient_of_variation(column(t, name))


def monthly_swing(name: str) -> Callable[[Trace], float]:
    """Standard deviation of a series column's month-on-month log change: how much it jumps from
    one month to the next, whatever its trend (S6: a surprise starts and ends with a jump)."""
    def swing(t: Trace) -> float:
        x = column(t, name)
        return statistics.pstdev([math.log(b / a) for a, b in zip(x, x[1:], strict=False)
                                  if a > 0.0 and b > 0.0] or [0.0])
    return swing


def mean_of_first(name: str, months: int) -> Callable[[Trace], float]:
    """A series column's mean over the campaign's first `months`."""
    return lambda t: statistics.fmean(column(t, name)[:months])


def mean_of_last(name: str, months: int) -> Callable[[Trace], float]:
    """A series column's mean over the campaign's last `months`."""
    return lambda t: statistics.fmean(column(t, name)[-months:])


def summary_of(key: str) -> Callable[[Trace], float]:
    return lambda t: float(t.summary[key])


def decisions(rule: str) -> Callable[[Trace], float]:
    """How many decisions cite `rule`: for rules whose outcome is the decision itself."""
    return lambda t: float(sum(1 for e in t.events if e.rule == rule))


def china_fab_projects(t: Trace) -> float:
    return float(sum(1 for p in t.projects if p.region == "CN"))


def first_mover_dram_share(t: Trace) -> float:
    """The DRAM capacity share, in the last year, of the maker that led HBM at the start (H7)."""
    first = max(t.hbm_share_start, key=t.hbm_share_start.get)
    last = t.memory_kwpm_by_year[max(t.memory_kwpm_by_year)]
    return last[first] / (sum(last.values()) or 1.0)


def bullwhip(t: Trace) -> float:
    """Wafer orders' month-to-month swing against end demand's (H6: orders amplify upstream). A
    swing of log changes, not a spread around the mean: over 15 years of growth the spread reads
    the trend, not the swings."""
    return (monthly_swing("orders_wafers")(t)
            / (monthly_swing("end_demand_accelerators")(t) or 1.0))


def swing_after(name: str, months: int) -> Callable[[Trace], float]:
    """A series column's range (highest less lowest) after the campaign's first `months`."""
    def swing(t: Trace) -> float:
        x = column(t, name)[months:]
        return max(x) - min(x)
    return swing


def player_units_through(year: int) -> Callable[[Trace], float]:
    """Accelerators the player received (bought and own) up to the end of `year`."""
    return lambda t: sum(units for y, units in t.player_units_by_year.items() if y <= year)


def net_worth(t: Trace) -> float:
    """The firm's cash less its debt, the campaign's mean (F2: interest takes it; borrowing or
    repaying moves cash and debt alike)."""
    return statistics.fmean(float(r["player_cash_busd"]) - float(r["player_debt_busd"])
                            for r in t.series)


def compute_not_delivered(t: Trace) -> float:
    """EFLOPS-months deployed but not delivered (S5: an outage darkens them); a difference within
    the series' and summary's rounding (a billionth of the total) is none."""
    deployed = sum(column(t, "player_compute_eflops"))
    lost = deployed - float(t.summary["compute_delivered_eflops_months"])
    return lost if lost > 1e-9 * deployed else 0.0


def tariff_paid(t: Trace) -> float:
    return t.tariff_paid_busd if isinstance(t, Campaign) else 0.0


def rival_hbm_bids(t: Trace) -> float:
    return t.rival_hbm_bid_stacks if isinstance(t, Campaign) else 0.0


def us_build_months(t: Trace) -> float:
    """Mean months from ground-breaking to volume of US fab projects that reached volume."""
    months = [p.volume_month - p.started_month for p in t.projects
              if p.region == "US" and p.volume_month is not None]
    return statistics.fmean(months) if months else float(len(t.series))


def fab_yield_at_first_output(t: Trace) -> float:
    yields = [p.yield_at_first_output for p in t.projects if p.yield_at_first_output is not None]
    return statistics.fmean(yields) if yields else 0.0


def fab_months_to_volume(t: Trace) -> float:
    months = [p.volume_month - p.started_month for p in t.projects if p.volume_month is not None]
    return statistics.fmean(months) if months else float(len(t.series))


# ------------------------------------------------------------------ the table
ABLATIONS: tuple[Ablation, ...] = (
    Ablation("A1", msg("cli.ablate.outcome.A1"),
             sum_of("terafab_output_wpm"), DOWN, "integrator"),
    Ablation("A2", msg("cli.ablate.outcome.A2"), summary_of("self_sufficiency"),
             DOWN, "integrator"),
    Ablation("A3", msg("cli.ablate.outcome.A3"),
             summary_of("first_terafab_output_month"), DOWN, "integrator",
             settings=(("rules_off", ("A5",)), ("terafab.tool_install_months", 1))),
    Ablation("A4", msg("cli.ablate.outcome.A4"),
             sum_of("terafab_output_wpm"), UP, "integrator",
             known_gap=msg("cli.ablate.gap.A4")),
    Ablation("A5", msg("cli.ablate.outcome.A5"),
             summary_of("first_terafab_output_month"), DOWN, "integrator"),
    Ablation("A6", msg("cli.ablate.outcome.A6"),
             mean_of("accelerator_price_index"), DOWN, "buyer"),
    Ablation("A7", msg("cli.ablate.outcome.A7"), mean_of("player_cash_busd"), DOWN,
             "integrator"),
    Ablation("A8", msg("cli.ablate.outcome.A8"), decisions("A8"), DOWN, "integrator"),
    # the line's wafers come first in line for the contract's three years (2027-2030); after
    # them the player who signed has spent its cash on them, and its compute over the whole
    # campaign moves either way (power binds it, not chips)
    Ablation("A9", msg("cli.ablate.outcome.A9"), mean_of_first("player_compute_eflops", 60), DOWN,
             "balanced", opening=(c.FundChipGeneration(), c.SignIntelPartnership())),
    Ablation("B1", msg("cli.ablate.outcome.B1"),
             mean_of("hbm_price_index"), UP, "balanced"),
    Ablation("B11", msg("cli.ablate.outcome.B11"),
             mean_of("player_compute_eflops"), DOWN, "balanced"),
    Ablation("B2", msg("cli.ablate.outcome.B2"), fab_months_to_volume, DOWN, "balanced"),
    Ablation("B3", msg("cli.ablate.outcome.B3"),
             player_units_through(2028), DOWN, "buyer"),
    Ablation("B4", msg("cli.ablate.outcome.B4"),
             mean_of("player_compute_eflops"), DOWN, "integrator"),
    Ablation("B5", msg("cli.ablate.outcome.B5"), mean_of("player_power_gw"), DOWN,
             "integrator"),
    Ablation("B6", msg("cli.ablate.outcome.B6"),
             sum_of("terafab_output_wpm"), DOWN, "integrator"),
    Ablation("B7", msg("cli.ablate.outcome.B7"),
             sum_of("terafab_output_wpm"), UP, "integrator"),
    Ablation("B8", msg("cli.ablate.outcome.B8"), mean_of("china_leading_edge_share"),
             UP, "balanced"),
    Ablation("B10", msg("cli.ablate.outcome.B10"),
             mean_of("turbine_lead_months"), DOWN, "balanced"),
    Ablation("B9", msg("cli.ablate.outcome.B9"),
             mean_of("player_cash_busd"), UP, "integrator",
             opening=(c.StartTerafab(), c.SetLithographyBet()),
             known_gap=msg("cli.ablate.gap.B9")),
    Ablation("F1", msg("cli.ablate.outcome.F1"),
             mean_of("player_cash_busd"), UP, "integrator"),
    # net worth, not cash: without interest the integrator borrows less and repays sooner, which
    # moves its cash and its debt alike
    Ablation("F2", msg("cli.ablate.outcome.F2"), net_worth,
             UP, "integrator"),
    # the built-in policies never breach a covenant on most seeds: lenders bind on a player who
    # spends all it can raise (tests/test_money.py plays the same spender)
    Ablation("F3", msg("cli.ablate.outcome.F3"),
             summary_of("months"), UP, None, script=reckless_spender),
    Ablation("H1", msg("cli.ablate.outcome.H1"), us_build_months, DOWN, "balanced"),
    Ablation("H2", msg("cli.ablate.outcome.H2"), fab_yield_at_first_output,
             UP, "balanced"),
    # boom to bust after the 2026 spike (H11's): the spread around the mean would read the
    # campaign's trend too
    Ablation("H3", msg("cli.ablate.outcome.H3"),
             swing_after("dram_price_index", 24), DOWN, "balanced"),
    # EUV shipments follow orders, which the vendor's queue lets wait: slow growth shows in the
    # queue while demand explodes, not in what ships over 15 years
    Ablation("H4", msg("cli.ablate.outcome.H4"),
             mean_of_first("euv_backlog", 60), DOWN, "balanced"),
    Ablation("H5", msg("cli.ablate.outcome.H5"),
             china_fab_projects, DOWN, "balanced", "export-controls",
             known_gap=msg("cli.ablate.gap.H5")),
    Ablation("H6", msg("cli.ablate.outcome.H6"), bullwhip, DOWN, "balanced"),
    Ablation("H7", msg("cli.ablate.outcome.H7"),
             first_mover_dram_share, DOWN, "balanced"),
    Ablation("H8", msg("cli.ablate.outcome.H8"),
             mean_of("player_power_gw"), UP, "balanced"),
    Ablation("H9", msg("cli.ablate.outcome.H9"),
             spread_of("accelerator_price_index"), DOWN, "balanced"),
    Ablation("H10", msg("cli.ablate.outcome.H10"),
             mean_of("export_control_level"), UP, "balanced", "export-controls",
             (("regulator_mode", "history"),)),
    Ablation("H11", msg("cli.ablate.outcome.H11"), lambda t: statistics.fmean(
        column(t, "dram_price_index")[:12]), DOWN, "balanced"),
    Ablation("H12", msg("cli.ablate.outcome.H12"), spread_of("hbm_price_index"),
             DOWN, "balanced"),
    Ablation("H13", msg("cli.ablate.outcome.H13"),
             mean_of("player_chips_waiting_power"), UP, "balanced"),
    # S1-S7 are chance events: each row says where its shock fires and binds
    Ablation("S1", msg("cli.ablate.outcome.S1"),
             mean_of("accelerator_price_index"), DOWN, "balanced",
             settings=(("shocks.taiwan.chance_per_year", 0.3),)),
    # where the struck node has spare capacity its buyers start more wafers for the same chips
    # and the price barely moves; what moves is the orders, up when one starts, down when it ends
    Ablation("S2", msg("cli.ablate.outcome.S2"), monthly_swing("orders_wafers"), DOWN, "balanced",
             settings=(("shocks.foundry_yield.chance_per_year", 1.0),)),
    Ablation("S3", msg("cli.ablate.outcome.S3"),
             sum_of("terafab_output_wpm"), UP, "integrator"),
    Ablation("S4", msg("cli.ablate.outcome.S4"),
             mean_of("player_chips_waiting_power"), DOWN, "buyer"),
    # outages are rare and short (0.3 a year, 2-13 % of a month, on the grid-fed share only):
    # what they leave dark is about 0.005 % of the compute delivered, lost in the campaign's total
    Ablation("S5", msg("cli.ablate.outcome.S5"),
             compute_not_delivered, DOWN, "balanced"),
    Ablation("S6", msg("cli.ablate.outcome.S6"),
             monthly_swing("end_demand_accelerators"), DOWN, "balanced"),
    # the buyer then buys fewer chips at the higher price, so its cash moves either way
    Ablation("S7", msg("cli.ablate.outcome.S7"), tariff_paid, DOWN, "buyer",
             settings=(("shocks.tariff.chance_per_year", 0.5),)),
    Ablation("R1", msg("cli.ablate.outcome.R1"),
             mean_of_first("hbm_price_index", 36), DOWN, "buyer"),
    # what the answer does to prices is small: the rival's chips ask about 3 % of the HBM
    # made, so bidding up to three times their need lifts HBM asks and prices by about 1-2 % in
    # the years the player corners HBM, within the seeds' noise (tests/test_rival.py)
    Ablation("R2", msg("cli.ablate.outcome.R2"), rival_hbm_bids, DOWN,
             "integrator"),
    Ablation("R3", msg("cli.ablate.outcome.R3"), mean_of("turbine_lead_months"), DOWN, "passive"),
    Ablation("R4", msg("cli.ablate.outcome.R4"),
             mean_of_last("euv_backlog", 60), DOWN, "passive"),
)


def campaign(ab: Ablation, seed: int, off: bool) -> Campaign:
    """One traced campaign of the ablation's scenario and policy, its rule on or off."""
    from game.io.scenarios import load_scenario
    from game.sim.config import apply_overrides
    from game.sim.trace import trace_campaign

    overrides = {k: list(v) if isinstance(v, tuple) else v for k, v in ab.settings}
    if off:
        overrides["rules_off"] = [*overrides.get("rules_off", []), ab.rule]
    scenario = load_scenario(ab.scenario)
    if overrides:
        scenario = apply_overrides(scenario, overrides)
    session = _Played(scenario, seed, ab.policy, ab.script)
    for command in ab.opening:
        session.submit(command)
    trace = trace_campaign(session, ab.scenario)
    return Campaign(**{f.name: getattr(trace, f.name) for f in fields(Trace)},
                    tariff_paid_busd=session.tariff_paid_busd,
                    rival_hbm_bid_stacks=session.rival_hbm_bid_stacks)


def run_ablations(ablations: Sequence[Ablation], seeds: Sequence[int],
                  progress: Callable[[int, int], None] | None = None) -> list[AblationRow]:
    """Play each ablation with and without its rule on every seed (the with-rule campaigns once
    per scenario, policy, settings, opening and seed) and measure its outcome."""
    baselines: dict[tuple, Trace] = {}
    rows: list[AblationRow] = []
    setups = {(a.scenario, a.policy, a.settings, a.opening, a.script) for a in ablations}
    total = (len(ablations) + len(setups)) * len(seeds)
    done = 0
    for ab in ablations:
        on, off = [], []
        for seed in seeds:
            key = (ab.scenario, ab.policy, ab.settings, ab.opening, ab.script, seed)
            if key not in baselines:
                baselines[key] = campaign(ab, seed, off=False)
                done += 1
            on.append(ab.measure(baselines[key]))
            off.append(ab.measure(campaign(ab, seed, off=True)))
            done += 1
            if progress is not None:
                progress(done, total)
        right = sum(1 for a, b in zip(on, off, strict=True)
                    if (b - a) * ab.direction >= MIN_MOVE * (abs(a) or 1.0))
        rows.append(AblationRow(ab, statistics.fmean(on), statistics.fmean(off), right,
                                len(seeds)))
    return rows


def player_name(ab: Ablation) -> str:
    """The row's player: its policy, its script ("reckless spender"), or both."""
    script = t(f"cli.ablate.script.{ab.script.__name__}") if ab.script is not None else ""
    return " + ".join(p for p in (ab.policy, script) if p)


def table_text(rows: Sequence[AblationRow]) -> str:
    """The table in the player's language (docs/ablations.md keeps the English)."""
    lines = [t("cli.ablate.header"), "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ab = r.ablation
        lines.append(t(
            "cli.ablate.row", rule=ab.rule, outcome=text(ab.outcome),
            way=t("cli.ablate.up_when_off" if ab.direction == UP else "cli.ablate.down_when_off"),
            scenario=ab.scenario, player=player_name(ab), with_rule=r.with_rule,
            without_rule=r.without_rule, change=r.change, moved=r.moved_right, seeds=r.seeds,
            verdict=t("cli.ablate.holds" if r.holds else "cli.ablate.fails")))
        if ab.known_gap and not r.holds:
            lines[-1] = lines[-1][:-2] + t("cli.ablate.gap_note", gap=text(ab.known_gap))
    held = sum(r.holds for r in rows)
    lines.append("\n" + t("cli.ablate.total", held=held, total=len(rows)))
    return "\n".join(lines)
