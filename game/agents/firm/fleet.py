"""The firm's accelerators and their compute, by where they stand: deployed in data centres, in
edge devices, mounted and waiting for power, or waiting for memory (B1, B11). Chips of different
designs draw different power and carry different memory, so each pool keeps its GW and its HBM
stacks as well as its count; deployed chips are kept by the month they went in (their cohort) so
they retire after their service life and free the power they drew (H13), and chips waiting for
power by the month they became ready, so spare power lights the newest first.

The month's arithmetic (edge devices first, then memory on bare chips, then power) is
`limiting.Deployment`: the fleet applies the shares it finds, so the limiting-factor readout and
the fleet never disagree on the chips mounted and the GW a month lights (the readout values those
GW at the waiting chips' average compute, the fleet lights the newest).
"""

from __future__ import annotations

from collections import deque

from game.agents.firm.limiting import Deployment, Outcome

# a cohort: [month it went in (bare chips: made), units, PFLOPS, GW(, HBM stacks it lacks)];
# lists, not tuples, to stay cheap to make
_MONTH, _UNITS, _PFLOPS, _GW, _STACKS = 0, 1, 2, 3, 4


class Fleet:
    __slots__ = ("kw_per_accelerator", "stacks_per_accelerator", "chip_pflops", "merchant_kw",
                 "edge_kw", "edge_stacks",
                 "dc_units", "dc_pflops", "dc_gw", "dc_cohorts",
                 "edge_units", "edge_pflops", "edge_gw", "edge_cohorts",
                 "idle_units", "idle_pflops", "idle_gw", "idle_cohorts",
                 "nohbm_units", "nohbm_pflops", "nohbm_gw", "nohbm_stacks", "nohbm_cohorts",
                 "hbm_stock", "own_pflops_total", "bought_pflops_total", "retired_units")

    def __init__(self, kw_per_accelerator: float, stacks_per_accelerator: float,
                 dc_units: float, waiting_power_units: float, pflops_per_unit: float,
                 edge_kw: float, edge_stacks: float, installed_month: int) -> None:
        # the chip the firm makes now (its current design, else B200-class): what plans and
        # the readout's standard reliefs count in
        self.kw_per_accelerator = kw_per_accelerator
        self.stacks_per_accelerator = stacks_per_accelerator
        self.chip_pflops = pflops_per_unit
        self.merchant_kw = kw_per_accelerator  # merchant chips bought now: the year's power
        self.edge_kw = edge_kw
        self.edge_stacks = edge_stacks
        self.dc_units = float(dc_units)
        self.dc_pflops = dc_units * pflops_per_unit
        self.dc_gw = self.gw_for(dc_units)
        self.dc_cohorts: deque[list[float]] = deque()
        if dc_units > 0:
            self.dc_cohorts.append([installed_month, self.dc_units, self.dc_pflops, self.dc_gw])
        self.edge_units = 0.0
        self.edge_pflops = 0.0
        self.edge_gw = 0.0  # night power the edge devices draw
        self.edge_cohorts: deque[list[float]] = deque()
        self.idle_units = float(waiting_power_units)  # memory mounted, no power
        self.idle_pflops = self.idle_units * pflops_per_unit
        self.idle_gw = self.gw_for(self.idle_units)
        # the same chips by the month they became ready: power lights the newest first
        self.idle_cohorts: deque[list[float]] = deque()
        if self.idle_units > 0:
            self.idle_cohorts.append([installed_month, self.idle_units, self.idle_pflops,
                                      self.idle_gw])
        self.nohbm_units = 0.0  # own chips waiting for HBM
        self.nohbm_pflops = 0.0
        self.nohbm_gw = 0.0
        self.nohbm_stacks = 0.0
        self.nohbm_cohorts: deque[list[float]] = deque()  # memory goes on the newest first
        self.hbm_stock = 0.0
        self.own_pflops_total = 0.0  # compute ever made from own chips
        self.bought_pflops_total = 0.0
        self.retired_units = 0.0  # chips retired since the count was last read (H13)

    def compute_eflops(self) -> float:
        return (self.dc_pflops + self.edge_pflops) / 1000.0

    def chips_idle(self) -> float:
        return self.idle_units + self.nohbm_units

    def gw_for(self, units: float) -> float:
        """GW that `units` chips of the current design draw."""
        return units * self.kw_per_accelerator / 1e6

    def units_for(self, gw: float) -> float:
        """Chips of the current design that `gw` powers."""
        return gw * 1e6 / self.kw_per_accelerator

    def set_design(self, pflops: float, kw: float, stacks: float) -> None:
        """The design the firm makes now: what its plans and the readout's reliefs count in."""
        self.chip_pflops = pflops
        self.kw_per_accelerator = kw
        self.stacks_per_accelerator = stacks

    # ------------------------------------------------------------------ chips in
    def add_bought(self, units: float, pflops: float, month: int) -> None:
        """Merchant accelerators arrive with their memory mounted; they still need power."""
        self._ready(month, units, units * pflops, units * self.merchant_kw / 1e6)
        self.bought_pflops_total += units * pflops

    def _ready(self, month: float, units: float, pflops: float, gw: float) -> None:
        """Chips with their memory on join those waiting for power, by the month they were made
        or bought (the cohorts stay in date order)."""
        self.idle_units += units
        self.idle_pflops += pflops
        self.idle_gw += gw
        cohorts = self.idle_cohorts
        i = len(cohorts)
        while i and cohorts[i - 1][_MONTH] > month:  # most often none: the newest come last
            i -= 1
        if i and cohorts[i - 1][_MONTH] == month:
            c = cohorts[i - 1]
            c[_UNITS] += units
            c[_PFLOPS] += pflops
            c[_GW] += gw
        else:
            cohorts.insert(i, [month, units, pflops, gw])

    def add_own(self, units: float, pflops: float, gw: float, stacks: float, month: int) -> None:
        """Own chips out of the fab, bare: they wait for memory (B1) or go to edge devices."""
        self.own_pflops_total += pflops
        self.nohbm_units += units
        self.nohbm_pflops += pflops
        self.nohbm_gw += gw
        self.nohbm_stacks += stacks
        if units <= 0.0:
            return
        cohorts = self.nohbm_cohorts
        if cohorts and cohorts[-1][_MONTH] == month:
            c = cohorts[-1]
            c[_UNITS] += units
            c[_PFLOPS] += pflops
            c[_GW] += gw
            c[_STACKS] += stacks
        else:
            cohorts.append([month, units, pflops, gw, stacks])

    def add_bare(self, units: float, month: int) -> None:
        """`units` more bare chips of the current design (the readout check's chips relief)."""
        self.add_own(units, units * self.chip_pflops, self.gw_for(units),
                     units * self.stacks_per_accelerator, month)

    def sell_share(self, share: float) -> float:
        """Sell `share` of the data-centre accelerators, deployed and waiting (F3: a forced
        sale), each deployed cohort alike; returns the accelerators sold."""
        keep = 1.0 - share
        sold = (self.dc_units + self.idle_units + self.nohbm_units) * share
        for cohorts in (self.dc_cohorts, self.idle_cohorts, self.nohbm_cohorts):
            for cohort in cohorts:
                cohort[_UNITS] *= keep
                cohort[_PFLOPS] *= keep
                cohort[_GW] *= keep
                if len(cohort) > _STACKS:
                    cohort[_STACKS] *= keep
        self.dc_units *= keep
        self.dc_pflops *= keep
        self.dc_gw *= keep
        self.idle_units *= keep
        self.idle_pflops *= keep
        self.idle_gw *= keep
        self.nohbm_units *= keep
        self.nohbm_pflops *= keep
        self.nohbm_gw *= keep
        self.nohbm_stacks *= keep
        return sold

    # ------------------------------------------------------------------ the month
    def _mount_newest(self, stacks: float) -> None:
        """B1 with B4: `stacks` of HBM go on the newest bare chips first (scarce memory goes on
        the fastest parts); the chips equipped join those waiting for power."""
        units = pflops = gw = used = 0.0
        cohorts = self.nohbm_cohorts
        while cohorts and stacks > 0.0:
            c = cohorts[-1]
            if c[_STACKS] <= stacks:
                cohorts.pop()
                u, p, g, st = c[_UNITS], c[_PFLOPS], c[_GW], c[_STACKS]
            else:
                share = stacks / c[_STACKS]
                u, p, g, st = c[_UNITS] * share, c[_PFLOPS] * share, c[_GW] * share, stacks
                c[_UNITS] -= u
                c[_PFLOPS] -= p
                c[_GW] -= g
                c[_STACKS] -= st
            self._ready(c[_MONTH], u, p, g)
            units += u
            pflops += p
            gw += g
            used += st
            stacks -= st
        if cohorts:  # never below zero: sums less what was taken can round under it
            self.nohbm_units = max(self.nohbm_units - units, 0.0)
            self.nohbm_pflops = max(self.nohbm_pflops - pflops, 0.0)
            self.nohbm_gw = max(self.nohbm_gw - gw, 0.0)
            self.nohbm_stacks = max(self.nohbm_stacks - used, 0.0)
        else:
            self.nohbm_units = self.nohbm_pflops = self.nohbm_gw = self.nohbm_stacks = 0.0

    def _light_newest(self, gw: float) -> tuple[float, float, float]:
        """B1 with B4: `gw` of spare power lights the newest waiting chips first (an operator
        powers its fastest parts; older ones wait, and age, on the shelf). Returns the units,
        PFLOPS and GW lit."""
        units = pflops = lit_gw = 0.0
        cohorts = self.idle_cohorts
        while cohorts and gw > 0.0:
            c = cohorts[-1]
            if c[_GW] <= gw:
                cohorts.pop()
                units += c[_UNITS]
                pflops += c[_PFLOPS]
                lit_gw += c[_GW]
                gw -= c[_GW]
            else:
                share = gw / c[_GW]
                u, p = c[_UNITS] * share, c[_PFLOPS] * share
                c[_UNITS] -= u
                c[_PFLOPS] -= p
                c[_GW] -= gw
                units += u
                pflops += p
                lit_gw += gw
                gw = 0.0
        if cohorts:  # never below zero: sums less what was taken can round under it
            self.idle_units = max(self.idle_units - units, 0.0)
            self.idle_pflops = max(self.idle_pflops - pflops, 0.0)
            self.idle_gw = max(self.idle_gw - lit_gw, 0.0)
        else:
            self.idle_units = self.idle_pflops = self.idle_gw = 0.0
        return units, pflops, lit_gw

    def retire(self, dc_before: int, edge_before: int) -> float:
        """H13: chips that went in before `dc_before` (data centres) or `edge_before` (edge
        devices) leave the fleet; returns the data-centre GW they free."""
        freed_gw = 0.0
        cohorts = self.dc_cohorts
        while cohorts and cohorts[0][_MONTH] < dc_before:
            c = cohorts.popleft()
            freed_gw += c[_GW]
            self.retired_units += c[_UNITS]
            if cohorts:  # never below zero: sums less what was added can round under it
                self.dc_units = max(self.dc_units - c[_UNITS], 0.0)
                self.dc_pflops = max(self.dc_pflops - c[_PFLOPS], 0.0)
                self.dc_gw = max(self.dc_gw - c[_GW], 0.0)
            else:  # exactly nothing left, not a rounding residue
                self.dc_units = self.dc_pflops = self.dc_gw = 0.0
        cohorts = self.edge_cohorts
        while cohorts and cohorts[0][_MONTH] < edge_before:
            c = cohorts.popleft()
            self.retired_units += c[_UNITS]
            if cohorts:
                self.edge_units = max(self.edge_units - c[_UNITS], 0.0)
                self.edge_pflops = max(self.edge_pflops - c[_PFLOPS], 0.0)
                self.edge_gw = max(self.edge_gw - c[_GW], 0.0)
            else:
                self.edge_units = self.edge_pflops = self.edge_gw = 0.0
        return freed_gw

    def deployment(self, new_units: float, new_pflops: float, new_gw: float,
                   new_stacks: float, edge_units: float, edge_pflops_factor: float,
                   headroom_gw: float, relief_units: float) -> Deployment:
        """Where the month's deployment starts: the pools now, this month's own chips (edge
        devices take theirs from these, `edge_units` at most), the HBM on hand, spare power."""
        return Deployment(
            self.idle_pflops, self.idle_gw, self.nohbm_pflops, self.nohbm_gw, self.nohbm_stacks,
            new_units, new_pflops, new_gw, new_stacks, edge_units, self.edge_stacks,
            edge_pflops_factor, self.hbm_stock, headroom_gw, self.chip_pflops,
            self.gw_for(1.0), self.stacks_per_accelerator, relief_units)

    def apply(self, d: Deployment, out: Outcome, month: int) -> tuple[float, float]:
        """Move chips as the month's outcome says: to edge devices, memory on, power up.
        Returns the chips put in data centres and the GW they draw."""
        if out.edge_units > 0.0:
            take = out.edge_take
            units = out.edge_units
            self.nohbm_units = max(self.nohbm_units - d.new_units * take, 0.0)
            self.nohbm_pflops = max(self.nohbm_pflops - d.new_pflops * take, 0.0)
            self.nohbm_gw = max(self.nohbm_gw - d.new_gw * take, 0.0)
            self.nohbm_stacks = max(self.nohbm_stacks - d.new_stacks * take, 0.0)
            newest = self.nohbm_cohorts[-1]  # this month's chips (the edge takes only those)
            newest[_UNITS] = max(newest[_UNITS] - d.new_units * take, 0.0)
            newest[_PFLOPS] = max(newest[_PFLOPS] - d.new_pflops * take, 0.0)
            newest[_GW] = max(newest[_GW] - d.new_gw * take, 0.0)
            newest[_STACKS] = max(newest[_STACKS] - d.new_stacks * take, 0.0)
            self.hbm_stock = max(self.hbm_stock - units * self.edge_stacks, 0.0)
            pflops = d.new_pflops * take * d.edge_pflops_factor
            gw = units * self.edge_kw / 1e6
            self.edge_units += units
            self.edge_pflops += pflops
            self.edge_gw += gw
            self.edge_cohorts.append([month, units, pflops, gw])
        mount = out.mount
        if mount > 0.0 and self.nohbm_units > 0.0:
            self.hbm_stock = max(self.hbm_stock - self.nohbm_stacks * mount, 0.0)
            if mount >= 1.0:
                for c in self.nohbm_cohorts:
                    self._ready(c[_MONTH], c[_UNITS], c[_PFLOPS], c[_GW])
                self.nohbm_cohorts.clear()
                self.nohbm_units = self.nohbm_pflops = self.nohbm_gw = self.nohbm_stacks = 0.0
            else:
                self._mount_newest(self.nohbm_stacks * mount)
        lit = out.lit
        if lit <= 0.0 or self.idle_units <= 0.0:
            return 0.0, 0.0
        # the share of the ready chips' GW the arithmetic lights, within the spare power (memory
        # went on the newest, whose GW per stack differ from the pool's average)
        light_gw = min(self.idle_gw * lit, d.headroom_gw)
        if light_gw >= self.idle_gw:
            units, pflops, gw = self.idle_units, self.idle_pflops, self.idle_gw
            self.idle_units = self.idle_pflops = self.idle_gw = 0.0
            self.idle_cohorts.clear()
        else:
            units, pflops, gw = self._light_newest(light_gw)
        self.dc_units += units
        self.dc_pflops += pflops
        self.dc_gw += gw
        cohorts = self.dc_cohorts
        if cohorts and cohorts[-1][_MONTH] == month:
            c = cohorts[-1]
            c[_UNITS] += units
            c[_PFLOPS] += pflops
            c[_GW] += gw
        else:
            cohorts.append([month, units, pflops, gw])
        return units, gw
