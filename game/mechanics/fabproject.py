"""A fab project as a real pipeline:
permits -> construction -> tool install -> yield ramp -> volume.

Durations come from the region (H1) and slip at random while building (A5); money cannot make a
phase shorter (B2). Tool install waits until every machine has arrived (A4, B6).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from game.mechanics.toolqueue import Ticket

PERMITS = "permits"
CONSTRUCTION = "construction"
TOOLS = "tools"
INSTALL = "install"
RAMP = "ramp"
VOLUME = "volume"
PHASES = (PERMITS, CONSTRUCTION, TOOLS, INSTALL, RAMP, VOLUME)
PRODUCING = (RAMP, VOLUME)


@dataclass(slots=True)
class FabProject:
    """One block of new capacity at a site. `yield_` is the share of good dies while it ramps
    toward `yield_mature`, closing `ramp_rate` of the gap a month (the owner's rules, H2)."""

    owner: str
    site: str
    node: str
    capacity_wpm: float
    phase: str
    months_left: int
    started_month: int
    yield_mature: float
    ramp_rate: float
    yield_: float = 0.0
    tickets: list[Ticket] = field(default_factory=list)
    slipped_months: int = 0
    capex_left_busd: float = 0.0
    capex_per_month_busd: float = 0.0
    first_output_month: int | None = None
    tools_ready: bool | None = None  # set by an owner who supplies tools from its own stock
    # construction months set on leaving permits (H1: the region's build time); 0 leaves
    # months_left to an owner that sets it itself (the Terafab sets its site's)
    build_months: int = 0
    # months of construction still exposed to a slip (A5): the planned build, set on its first
    # construction month; a slip adds months but no new chances to slip
    slip_draws_left: int | None = None


    @property
    def producing(self) -> bool:
        return self.phase in PRODUCING

    @property
    def tools_arrived(self) -> bool:
        if self.tools_ready is not None:
            return self.tools_ready
        for ticket in self.tickets:
            if not ticket.done:
                return False
        return True

    def advance(self, month: int, draw: Callable[[], float], slip_prob: float, slip_months: int,
                install_months: int, volume_share: float, learning: float = 1.0,
                funded: bool = True) -> str | None:
        """Move the project on by one month. `draw()` gives a uniform random number from the
        model's generator (asked once a month of the planned construction, for slips: A5); the ramp
        reaches volume at `volume_share` of mature yield (H2: fab_projects in agent_rules);
        `learning` (0-1) scales the yield ramp (B7 staff); an unfunded month stalls
        construction. Returns "slip", or the name of a phase just entered, or None."""
        phase = self.phase
        if phase == CONSTRUCTION:
            if not funded:
                return None
            draws = self.slip_draws_left
            if draws is None:
                draws = self.months_left
            if draws > 0:
                self.slip_draws_left = draws - 1
                if draw() < slip_prob:
                    self.months_left += slip_months
                    self.slipped_months += slip_months
                    return "slip"
            else:
                self.slip_draws_left = 0
        if phase in (PERMITS, CONSTRUCTION, INSTALL):
            self.months_left -= 1
            if self.months_left > 0:
                return None
            if phase == PERMITS:
                self.phase = CONSTRUCTION
                if self.build_months > 0:
                    self.months_left = self.build_months
                return CONSTRUCTION
            if phase == CONSTRUCTION:
                self.phase = TOOLS
                return self._maybe_install(install_months)
            self.phase = RAMP
            self.first_output_month = month
            return RAMP
        if phase == TOOLS:
            return self._maybe_install(install_months)
        if phase == RAMP:
            self.yield_ += (self.yield_mature - self.yield_) * self.ramp_rate * learning
            if self.yield_ >= volume_share * self.yield_mature:
                self.phase = VOLUME
                return VOLUME
        return None

    def _maybe_install(self, install_months: int) -> str | None:
        """Enter install once every machine is here; else wait in TOOLS (reported on entry)."""
        if self.tools_arrived:
            self.phase = INSTALL
            self.months_left = install_months
            return INSTALL
        if self.months_left == 0:  # just finished construction: now waiting for tools
            self.months_left = -1
            return TOOLS
        return None
