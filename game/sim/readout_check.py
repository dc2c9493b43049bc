"""Is the limiting factor true? Counterfactual copies of a game, each given a standard relief of
one input at the month's deployment, played one month on: the input whose relief added the most
compute should be the one the readout named (tests/test_readout.py, `make readout`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from game.agents.firm.limiting import RELIEF_MIN_UNITS, RELIEF_SHARE_OF_FLEET
from game.sim.config import Scenario
from game.sim.session import Session

RELIEFS = ("power", "memory", "chips", "capital")
CAPITAL_RELIEF_BUSD = 20.0  # cash given at the start of the month
# the reliefs a named factor stands for: capital and the Terafab's blockers name why an input
# is short, so they agree with the relief of that input
STANDS_FOR = {
    "power": {"power"}, "memory": {"memory"}, "chips": {"chips"},
    "capital": {"capital", "memory", "chips"},
    "permits": {"chips"}, "tools": {"chips"}, "talent": {"chips"},
}
TIE = 0.01  # gains within 1 % of the best (or of 1e-6 EFLOPS) count as the best


@dataclass(frozen=True)
class Sample:
    scenario: str
    seed: int
    policy: str | None
    month: int
    named: str
    gains: dict[str, float]  # EFLOPS each relief added, played one month on

    @property
    def best(self) -> set[str]:
        top = max(self.gains.values())
        return {k for k, g in self.gains.items() if g >= top - max(TIE * abs(top), 1e-6)}

    @property
    def agrees(self) -> bool:
        if self.named == "none":
            return max(self.gains.values()) <= 1e-6
        return bool(STANDS_FOR[self.named] & self.best)


def _copy_at(scenario: Scenario, seed: int, policy: str | None, log, month: int) -> Session:
    copy = Session(scenario, seed, policy)
    copy.replay([e for e in log if e[0] < month], month)
    return copy


def _relieve(session: Session, kind: str) -> None:
    """Give the copy a standard relief of `kind` for the month about to be played."""
    firm = session.model.firm
    fleet = firm.fleet
    units = max(RELIEF_SHARE_OF_FLEET * fleet.dc_units, RELIEF_MIN_UNITS)
    if kind == "capital":
        firm.ledger.cash_busd += CAPITAL_RELIEF_BUSD
        return
    deploy = firm.produce_and_deploy

    def relieved(terafab_wafers: float) -> None:  # at the month's deployment, like the readout
        if kind == "power":
            firm.power.gw += fleet.gw_for(units)
        elif kind == "memory":
            fleet.hbm_stock += units * fleet.stacks_per_accelerator
        else:  # the firm's own chips of its current design, bare, as a foundry delivers them
            fleet.add_bare(units, session.model.month)
        deploy(terafab_wafers)

    firm.produce_and_deploy = relieved  # this copy only (the agent keeps an instance dict)


def sample_months(scenario: Scenario, name: str, seed: int, policy: str | None,
                  months: list[int]) -> list[Sample]:
    """Play the game once, then for each month in `months` a baseline copy and one copy per
    relief, each one month on from that month."""
    game = Session(scenario, seed, policy)
    game.run(max(months) + 1)
    log = [(e.month, e.source, e.command) for e in game.command_log]
    out = []
    for month in months:
        named = game.series[month]["limiting_factor"]
        base = _copy_at(scenario, seed, policy, log, month)
        base.step()
        gains = {}
        for kind in RELIEFS:
            copy = _copy_at(scenario, seed, policy, log, month)
            _relieve(copy, kind)
            copy.step()
            gains[kind] = copy.model.firm.compute_eflops - base.model.firm.compute_eflops
        out.append(Sample(name, seed, policy, month, named, gains))
    return out


def random_months(seed: int, months_total: int, count: int) -> list[int]:
    return sorted(random.Random(seed).sample(range(months_total - 1), count))
