"""Is the limiting factor true? Counterfactual copies of a game, each given a standard relief of
one input at a sampled month and played on: the input whose relief added the most deployed compute
should be the one the readout named (tests/test_readout*.py, `make readout`).

The reliefs: a tenth of the fleet's worth of power, of HBM or of the firm's own bare chips at the
month's deployment; USD 20 B of cash at the month's start; and the Terafab's blockers lifted at the
month's start (the pending permit granted, the waiting phase's missing tools delivered, the
missing staff hired: a yes-or-no input is relieved by removing what it lacks). Power, memory and
chips act within the month, so their claims are checked one month on. A Terafab relief (and cash
that funds a stalled phase or wafers) reaches deployed compute only once the relieved copy makes
more chips than the baseline (months later: a phase has to be built, tooled and qualified), so a
month named for it is checked SETTLE_MONTHS after that (the new chips get their memory and power),
every relief played over that same horizon; "none" is checked at the longest horizon a Terafab
relief needs (one month if none applies), and holds only if no relief of any input adds compute
there.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from game.agents.firm.limiting import RELIEF_MIN_UNITS, RELIEF_SHARE_OF_FLEET, SETTLE_MONTHS
from game.agents.terafab import EUV_KEY
from game.domain import commands as c
from game.domain.commands import Command
from game.i18n import msg
from game.mechanics import fabproject as fp
from game.sim.config import Scenario
from game.sim.session import Session

TERAFAB_RELIEFS = ("permits", "tools", "talent")
RELIEFS = ("power", "memory", "chips", "capital", *TERAFAB_RELIEFS)
CAPITAL_RELIEF_BUSD = 20.0  # cash given at the start of the month
REACH_MAX_MONTHS = 48  # a Terafab relief not reaching the wafers in four years is played that far
TIE = 0.01  # gains within 1 % of the best (or of 1e-6 EFLOPS) count as the best
NOTHING_EFLOPS = 1e-6


@dataclass(frozen=True)
class Sample:
    scenario: str
    seed: int
    policy: str | None
    month: int
    named: str
    gains: dict[str, float]  # EFLOPS each relief added, `horizon` months on
    horizon: int = 1

    @property
    def best(self) -> set[str]:
        top = max(self.gains.values())
        return {k for k, g in self.gains.items() if g >= top - max(TIE * abs(top), NOTHING_EFLOPS)}

    @property
    def agrees(self) -> bool:
        """The named input's own relief is the best (ties count); "none": no relief helps."""
        if self.named == "none":
            return max(self.gains.values()) <= NOTHING_EFLOPS
        return self.named in self.best


def _copy_at(scenario: Scenario, seed: int, policy: str | None, log, month: int) -> Session:
    copy = Session(scenario, seed, policy)
    copy.replay([e for e in log if e[0] < month], month)
    return copy


def relief_applies(session: Session, kind: str) -> bool:
    """Whether the copy lacks what a relief of `kind` gives (a Terafab relief of a fab with no such
    blocker changes nothing, so its copy is the baseline)."""
    terafab = session.model.firm.terafab
    if kind not in TERAFAB_RELIEFS:
        return True
    if terafab is None:
        return False
    if kind == "permits":
        return not terafab.permits_granted
    if kind == "tools":
        return bool(_missing_tools(terafab))
    return terafab.staff + 1e-9 < terafab.staff_required()


def _missing_tools(terafab) -> dict[str, float]:
    """Machines each vendor still owes the phases waiting for their tools."""
    need: dict[str, float] = {}
    for p in terafab.phases:
        if p.phase == fp.TOOLS:
            for key, units in terafab.tools_needed(p.capacity_wpm).items():
                need[key] = need.get(key, 0.0) + units
    return {k: v - terafab.tool_stock.get(k, 0.0) for k, v in need.items()
            if v > terafab.tool_stock.get(k, 0.0) + 1e-9}


def relieve(session: Session, kind: str) -> None:
    """Give the copy a standard relief of `kind` for the month about to be played."""
    firm = session.model.firm
    fleet, terafab = firm.fleet, firm.terafab
    if kind == "capital":
        firm.ledger.cash_busd += CAPITAL_RELIEF_BUSD
        return
    if kind in ("permits", "tools", "talent"):  # the readout names these for a started Terafab
        assert terafab is not None
        if kind == "permits":
            terafab.permits_granted, terafab.permit_months_left = True, 0
        elif kind == "tools":
            for key, units in _missing_tools(terafab).items():
                terafab.tool_stock[key] = terafab.tool_stock.get(key, 0.0) + units
        else:
            missing = terafab.staff_required() - terafab.staff
            terafab.staff += missing
            terafab.hires_pending = max(terafab.hires_pending - missing, 0.0)
        return
    units = max(RELIEF_SHARE_OF_FLEET * fleet.dc_units, RELIEF_MIN_UNITS)
    deploy = firm.produce_and_deploy

    def relieved(terafab_wafers: float) -> None:  # at the month's deployment, like the readout
        del firm.produce_and_deploy  # this month only: the class's method again from next month
        if kind == "power":
            firm.power.gw += fleet.gw_for(units)
        elif kind == "memory":
            fleet.hbm_stock += units * fleet.stacks_per_accelerator
        else:  # the firm's own chips of its current design, bare, as a foundry delivers them
            fleet.add_bare(units, session.model.month)
        deploy(terafab_wafers)

    firm.produce_and_deploy = relieved  # type: ignore[method-assign]  # this copy only (the agent keeps an instance dict)


def _chips_made(session: Session) -> float:
    """Own chips out of the fab line and the Terafab this month."""
    supply = session.model.firm.supply
    return supply.finished.units + supply.terafab_units


class _Month:
    """One sampled month's copies: the baseline and each relief, played on together."""

    def __init__(self, scenario: Scenario, seed: int, policy: str | None, log, month: int):
        self.args = (scenario, seed, policy, log, month)
        self.month = month
        self.months_left = scenario.world.calendar.months - month
        self.base = _copy_at(*self.args)
        self.applies = {kind: relief_applies(self.base, kind) for kind in RELIEFS}
        self.copies: dict[str, Session | None] = {}

    def relieved(self, kind: str) -> Session | None:
        """The copy with `kind` relieved at the month's start, or None if nothing is lacking."""
        if kind not in self.copies:
            copy = None
            if self.applies[kind]:
                copy = _copy_at(*self.args)
                relieve(copy, kind)
            self.copies[kind] = copy
        return self.copies[kind]

    def reach_months(self, kind: str) -> int:
        """Months until the `kind`-relieved copy deploys more compute than the baseline (that
        month), or makes more chips (plus SETTLE_MONTHS); the cap (or the campaign's end) if it
        never does."""
        copy = self.relieved(kind)
        cap = min(REACH_MAX_MONTHS, self.months_left)
        if copy is None:
            return 1
        played = self.base.month - self.month
        for k in range(1, cap + 1):
            if copy.month - self.month < k:
                copy.step()
            if played < k:
                self.base.step()
                played = k
            if copy.done or self.base.done:
                return k
            if (copy.model.firm.compute_eflops
                    > self.base.model.firm.compute_eflops + NOTHING_EFLOPS):
                return k
            if _chips_made(copy) > _chips_made(self.base) + 1e-6:
                return min(k + SETTLE_MONTHS, cap)
        return cap

    def gains(self, horizon: int) -> dict[str, float]:
        """EFLOPS each relief added `horizon` months on from the month's start."""
        base = self.base
        base.run(horizon - (base.month - self.month))
        out = {}
        for kind in RELIEFS:
            copy = self.relieved(kind)
            if copy is None:
                out[kind] = 0.0
                continue
            copy.run(horizon - (copy.month - self.month))
            out[kind] = copy.model.firm.compute_eflops - base.model.firm.compute_eflops
        return out


def horizon_for(named: str, month: _Month) -> int:
    """The months a claim needs to show: one, or a Terafab relief's reach (see the module doc)."""
    if named in TERAFAB_RELIEFS or named == "capital":
        return month.reach_months(named)
    if named == "none":  # cash is claimed where it stopped something; else this month's
        return max(month.reach_months(kind) for kind in TERAFAB_RELIEFS)
    return 1


def sample_months(scenario: Scenario, name: str, seed: int, policy: str | None,
                  months: list[int], opening: Sequence[Command] = ()) -> list[Sample]:
    """Play the game once (the player's `opening` commands in its first month, then the policy),
    then for each month in `months` a baseline copy and one copy per relief, each played on from
    that month over the horizon its named factor needs."""
    game = Session(scenario, seed, policy)
    for command in opening:
        if not game.submit(command).accepted:
            raise ValueError(msg("errors.usage.opening_refused", name=command.name))
    game.run(max(months) + 1)
    log = [(e.month, e.source, e.command) for e in game.command_log]
    out = []
    for month in months:
        named = game.series[month]["limiting_factor"]
        copies = _Month(scenario, seed, policy, log, month)
        horizon = horizon_for(named, copies)
        out.append(Sample(name, seed, policy, month, named, copies.gains(horizon), horizon))
    return out


def reckless_opening(session: Session) -> list[Command]:
    """A player who funds the Terafab's first phase with the tools it needs, its staff and power,
    then spends the rest of the war chest on modifying tools that have no wafers yet: the phase's
    construction stops for want of cash (the reckless player of tests/test_readout_factors.py)."""
    world = session.model.world
    capacity_wpm = world.terafab.phases[0].capacity_wpm
    euv = round(world.nodes[world.terafab.node].euv_per_10k_wpm * capacity_wpm / 10000.0)
    out: list[Command] = [c.FundChipGeneration("AI5"), c.StartTerafab(site="grimes-county"),
                          c.FundTerafabPhase()]
    for vendor, _ in session.choices("tool_vendors"):
        sets = euv if vendor == EUV_KEY else math.ceil(capacity_wpm / 10000.0)
        out.append(c.OrderTools(vendor=vendor, quantity=sets))
    return out + [c.HireStaff(people=10000), c.BuildSolar(gw=3.0), c.ModifyTools(busd=30.0)]


def random_months(seed: int, months_total: int, count: int) -> list[int]:
    return sorted(random.Random(seed).sample(range(months_total - 1), count))
