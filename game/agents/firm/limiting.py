"""The limiting factor, measured: which input, given a little more of it, would have let the firm
deploy the most compute this month (B1, B10).

The month's deployment arithmetic is: chips waiting for power (memory on) plus own chips the HBM
stock can equip, all deployed as far as spare power reaches. A standard relief of one input (a
tenth of the data-centre fleet: that much more power, HBM for that many chips, or that many more
of the firm's own chips, bare, as a foundry delivers them) is put through the same arithmetic,
and the input whose relief adds the most compute is named. When two come within a tenth of each
other both bind (co-limitation). When no single relief helps, the inputs bind together: chips
with their memory where power is to spare, else power with chips; "none" means no relief, alone
or together, would have added compute. Capital is
named when cash stopped a delivery or a Terafab phase that the best relief needed; the Terafab's
blocker (permits, tools, talent) when chips bind and the Terafab is where the next chips must
come from.
"""

from __future__ import annotations

from typing import NamedTuple

RELIEF_SHARE_OF_FLEET = 0.1   # a standard relief runs this share more of the fleet
RELIEF_MIN_UNITS = 1000.0     # ... and at least this many accelerators
CO_LIMITED_WITHIN = 0.1       # two gains this close (as a share of the best) both bind
MEASURED = ("power", "memory", "chips")


class Deployment(NamedTuple):
    """What the month's deployment started from: chips waiting, HBM on hand, spare power."""

    waiting_power_units: float   # memory mounted, no power
    waiting_power_pflops: float
    waiting_memory_units: float  # own chips without HBM
    waiting_memory_pflops: float
    hbm_chip_units: float        # chips the HBM stock can equip
    headroom_units: float        # chips the spare power can light
    new_chip_pflops: float       # PFLOPS of one more of the firm's own chips
    relief_units: float

    def deployed_pflops(self, more_power: float = 0.0, more_hbm: float = 0.0,
                        more_chips: float = 0.0) -> float:
        """PFLOPS deployed this month with `more_*` accelerators' worth of each input."""
        power_units, power_pflops, bare, bare_pflops, hbm_units, headroom, new_pflops, _ = self
        if more_chips:  # new chips come bare, like the fab's
            bare += more_chips
            bare_pflops += more_chips * new_pflops
        mounted = hbm_units + more_hbm
        if mounted > bare:
            mounted = bare
        ready = power_units + mounted
        if ready <= 0.0:
            return 0.0
        ready_pflops = power_pflops + (bare_pflops * mounted / bare if bare else 0.0)
        lit = headroom + more_power
        return (lit if lit < ready else ready) * ready_pflops / ready

    def gains_eflops(self) -> dict[str, float]:
        """Compute each input's standard relief would have added this month, in EFLOPS."""
        r = self.relief_units
        deployed = self.deployed_pflops
        base = deployed()
        return {"power": (deployed(r) - base) / 1000.0,
                "memory": (deployed(0.0, r) - base) / 1000.0,
                "chips": (deployed(0.0, 0.0, r) - base) / 1000.0}


class Reading(NamedTuple):
    """The month's limiting factor, a second one when co-limited, and every gain measured."""

    factor: str
    co_factor: str  # "" when one input binds alone
    gains_eflops: dict[str, float]


def read_limiting_factor(deployment: Deployment, cash_stopped: frozenset[str],
                         terafab_blocked_by: str | None, terafab_is_next_source: bool) -> Reading:
    """Name the binding input. `cash_stopped`: the inputs whose delivery cash stopped this month
    ("memory" for HBM not bought, "chips" for a Terafab phase not funded)."""
    gains = deployment.gains_eflops()
    factor, best, second = "power", gains["power"], ""  # ties go to power, then memory
    for name in ("memory", "chips"):
        if gains[name] > best:
            factor, best = name, gains[name]
    if best <= 1e-9:  # no input alone helps: which ones together would?
        r = deployment.relief_units
        base = deployment.deployed_pflops()
        everything = deployment.deployed_pflops(r, r, r) - base
        if everything <= 1e-6:
            return Reading("none", "", gains)
        chips_and_memory = deployment.deployed_pflops(0.0, r, r) - base
        if chips_and_memory >= (1.0 - CO_LIMITED_WITHIN) * everything:
            factor, second = "chips", "memory"  # power to spare: chips need their HBM
        else:
            factor, second = "power", "chips"  # nothing waits and no power to spare
    else:
        close = (1.0 - CO_LIMITED_WITHIN) * best
        for name in MEASURED:
            if name != factor and gains[name] >= close:
                second = name
                break
    if factor in cash_stopped:
        factor = "capital"
    elif factor == "chips" and terafab_is_next_source and terafab_blocked_by:
        factor = terafab_blocked_by
    return Reading(factor, second, gains)
