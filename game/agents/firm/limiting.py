"""The limiting factor, measured: which input, given a little more of it, would have let the firm
deploy the most compute this month (B1, B10).

The month's deployment arithmetic is: edge devices take their chips and memory first (B11); then
chips waiting for power (memory on) plus own chips the HBM stock can equip, all deployed as far as
spare power reaches. The fleet applies this arithmetic (Fleet.apply), so it is the one place both
use. A standard relief of one input (a
tenth of the data-centre fleet: that much more power, HBM for that many chips, or that many more
of the firm's own chips, bare, as a foundry delivers them) is put through the same arithmetic,
and the input whose relief adds the most compute is named. When two come within a tenth of each
other both bind (co-limitation). When no single relief helps, the inputs bind together: chips
with their memory where power is to spare, else power with chips; "none" when, besides, nothing
is on its way for a relief to join and the fleet has not grown for a year (no relief of one
input would add compute, now or later). Capital is named when cash stopped a delivery or a
Terafab phase that the best relief needed; the Terafab's blocker (permits, tools, talent, or cash
for a stalled phase) when chips bind, or no relief alone helps, the Terafab is where the next chips
must come from, and lifting the blocker now would reach deployed compute: power on hand and on
order has room for the relieved phase's chips by the time it makes them (a permit due within a
quarter anyway gains less than a standard relief of chips, so it is not named).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

RELIEF_SHARE_OF_FLEET = 0.1   # a standard relief runs this share more of the fleet
RELIEF_MIN_UNITS = 1000.0     # ... and at least this many accelerators
CO_LIMITED_WITHIN = 0.1       # two gains this close (as a share of the best) both bind
MEASURED = ("power", "memory", "chips")
PFLOPS = 4  # where an outcome holds the compute it adds


class Outcome(NamedTuple):
    """What a month's deployment does: the chips sent to edge devices (and the share of the
    month's own chips they are), the share of bare chips memory equips, the share of ready chips
    the spare power lights, and the compute all that adds (edge at its factor)."""

    edge_units: float
    edge_take: float
    mount: float
    lit: float
    pflops: float


class Deployment(NamedTuple):
    """What the month's deployment started from: chips waiting (their PFLOPS, the GW they will
    draw, the HBM stacks they lack), this month's own chips, the edge devices' room, HBM on hand,
    spare power, and one more chip of the current design (the reliefs' unit)."""

    ready_pflops: float       # memory mounted, no power
    ready_gw: float
    bare_pflops: float        # own chips without HBM (this month's among them)
    bare_gw: float
    bare_stacks: float
    new_units: float          # this month's own chips: edge devices take theirs from these
    new_pflops: float
    new_gw: float
    new_stacks: float
    edge_units: float         # chips this month's devices can take (B11), before memory
    edge_stacks: float        # HBM stacks (or their DRAM equivalent) an edge chip needs
    edge_pflops_factor: float
    hbm_stacks: float         # stacks on hand
    headroom_gw: float        # spare power
    chip_pflops: float        # one more chip of the current design
    chip_gw: float
    chip_stacks: float
    relief_units: float

    def outcome(self, more_power: float = 0.0, more_hbm: float = 0.0,
                more_chips: float = 0.0) -> Outcome:
        """The month with `more_*` current-design chips' worth of each input: edge devices take
        their chips and memory first (cars leave the line with their computer), memory goes on
        the bare chips left (a share of each), power lights the ready ones (a share of each)."""
        return Outcome(*self._shares(more_power, more_hbm, more_chips))

    def deployed_pflops(self, more_power: float = 0.0, more_hbm: float = 0.0,
                        more_chips: float = 0.0) -> float:
        """PFLOPS deployed this month with `more_*` accelerators' worth of each input."""
        return self._shares(more_power, more_hbm, more_chips)[PFLOPS]

    def _shares(self, more_power: float, more_hbm: float,
                more_chips: float) -> tuple[float, float, float, float, float]:
        """The arithmetic of `outcome`, as a plain tuple (it runs several times a month)."""
        (ready_pflops, ready_gw, bare_pflops, bare_gw, bare_stacks, new_units, new_pflops, new_gw,
         new_stacks, edge, edge_stacks, edge_factor, stock, headroom_gw, chip_pflops, chip_gw,
         chip_stacks, _) = self
        if more_hbm:
            stock += more_hbm * chip_stacks
        take = edge_pflops = 0.0
        if edge > 0.0:
            if edge * edge_stacks > stock:
                edge = stock / edge_stacks
            take = edge / new_units
            stock -= edge * edge_stacks
            edge_pflops = new_pflops * take * edge_factor
            bare_pflops -= new_pflops * take
            bare_gw -= new_gw * take
            bare_stacks -= new_stacks * take
        if more_chips:  # new chips come bare, like the fab's
            bare_pflops += more_chips * chip_pflops
            bare_gw += more_chips * chip_gw
            bare_stacks += more_chips * chip_stacks
        if bare_stacks <= 0.0:
            mount = 0.0
        else:
            mount = 1.0 if stock >= bare_stacks else stock / bare_stacks
        ready_gw += bare_gw * mount
        if ready_gw <= 0.0:
            return edge, take, mount, 0.0, edge_pflops
        lit_gw = headroom_gw + more_power * chip_gw
        lit = 1.0 if lit_gw >= ready_gw else max(lit_gw, 0.0) / ready_gw
        return edge, take, mount, lit, edge_pflops + (ready_pflops + bare_pflops * mount) * lit

    def gains_eflops(self, base: float) -> dict[str, float]:
        """Compute each input's standard relief would have added this month, in EFLOPS, to the
        `base` PFLOPS the month deploys without one (its `outcome`)."""
        r = self.relief_units
        shares = self._shares  # called straight: the readout runs every month
        return {"power": (shares(r, 0.0, 0.0)[PFLOPS] - base) / 1000.0,
                "memory": (shares(0.0, r, 0.0)[PFLOPS] - base) / 1000.0,
                "chips": (shares(0.0, 0.0, r)[PFLOPS] - base) / 1000.0}


class Reading(NamedTuple):
    """The month's limiting factor, a second one when co-limited, and every gain measured."""

    factor: str
    co_factor: str  # "" when one input binds alone
    gains_eflops: dict[str, float]


def read_limiting_factor(deployment: Deployment, base: float, cash_stopped: frozenset[str],
                         terafab_blocker: Callable[[], str | None] | None = None,
                         growth_under_way: Callable[[], bool] = lambda: True) -> Reading:
    """Name the binding input. `base`: the PFLOPS the month deployed (its outcome's);
    `cash_stopped`: the inputs whose delivery cash stopped this month
    ("memory" for HBM not bought, "chips" for a Terafab phase not funded); `terafab_blocker`,
    given when the Terafab is where the next chips must come from: what holds it back, if lifting
    that would reach deployed compute; `growth_under_way`: whether anything is on its way for a
    relief to join. Both are asked only when chips bind or no relief alone helps."""
    gains = deployment.gains_eflops(base)
    factor, best, second = "power", gains["power"], ""  # ties go to power, then memory
    for name in ("memory", "chips"):
        if gains[name] > best:
            factor, best = name, gains[name]
    if best <= 1e-9:  # no input alone helps: which ones together would?
        r = deployment.relief_units
        everything = deployment.deployed_pflops(r, r, r) - base
        if everything <= 1e-6:
            return Reading("none", "", gains)
        blocker = terafab_blocker() if terafab_blocker is not None else None
        if blocker:  # lifting what holds the Terafab back is the relief that reaches
            return Reading(blocker, "", gains)
        chips_and_memory = deployment.deployed_pflops(0.0, r, r) - base
        if chips_and_memory >= (1.0 - CO_LIMITED_WITHIN) * everything:
            factor, second = "chips", "memory"  # power to spare: chips need their HBM
        elif growth_under_way():
            factor, second = "power", "chips"  # nothing waits and no power to spare
        else:  # nor is anything ordered or made: no relief of one input helps, now or later
            return Reading("none", "", gains)
    else:
        close = (1.0 - CO_LIMITED_WITHIN) * best
        for name in MEASURED:
            if name != factor and gains[name] >= close:
                second = name
                break
    if factor in cash_stopped:
        factor = "capital"
    elif factor == "chips" and terafab_blocker is not None:
        factor = terafab_blocker() or factor
    return Reading(factor, second, gains)


SETTLE_MONTHS = 3  # a relieved Terafab phase's chips get their memory and power within a quarter


def terafab_blocker_that_reaches(firm, deployment: Deployment) -> str | None:
    """What holds the Terafab back (permits, tools, talent, capital), if lifting it now would reach
    deployed compute: by the time the relieved phase makes more wafers (a permit: the build, the
    tools and their install; tools: the install; talent and cash: the phase's months left) the
    power on hand and on order must have room beyond the chips already waiting or coming."""
    terafab = firm.terafab
    blocker = terafab.blocked_by if terafab is not None else None
    if blocker is None:
        return None
    month, spec = firm.model.month, terafab.spec
    if blocker == "permits":
        if terafab.permit_months_left <= SETTLE_MONTHS:
            return None  # a permit due within a quarter anyway gains less than a relief of chips
        reach = terafab.site.build_months + spec.tool_install_months
    elif blocker == "tools":
        reach = spec.tool_install_months
    elif terafab.yield_now() > 0.0:  # staff or cash for a fab making wafers: more this month
        reach = 0
    else:  # the nearest phase not yet making wafers
        reach = min((p.months_left for p in terafab.phases if p.months_left > 0), default=0)
    if reach:
        reach = max(reach, terafab._earliest_output_month - month) + SETTLE_MONTHS
    fleet = firm.fleet
    room_gw = (firm.power.spare_gw_by(month + reach) - fleet.idle_gw - fleet.nohbm_gw
               - reach * deployment.new_gw)
    return blocker if room_gw > 0.0 else None


GREW_WITHIN_MONTHS = 12  # a fleet that put chips to work this recently is still growing


def growth_under_way(firm) -> bool:
    """Anything on its way that a relief of one input could join (chips waiting, made or ordered,
    power ordered, a Terafab sited), or chips put to work within the year: a firm that has stopped
    growing, with nothing coming, lacks no single input."""
    fleet, supply, month = firm.fleet, firm.supply, firm.model.month
    newest = fleet.dc_cohorts[-1][0] if fleet.dc_cohorts else None
    return ((newest is not None and newest >= month - GREW_WITHIN_MONTHS)
            or firm.terafab is not None or bool(firm.power.pipeline)
            or firm.power.space_tons_queued > 0.0
            or fleet.idle_units > 0.0 or fleet.nohbm_units > 0.0
            or any(b.units > 0.0 for b in supply.fab_line)
            or any(c.end > month for c in supply.contracts)
            or any(v.player_order > 0.0 for v in firm.model.chipmakers))
