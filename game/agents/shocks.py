"""The world's chance events (S1-S7): a Taiwan disruption, yield excursions at a foundry and at the
Terafab, interconnection delays and grid outages for the player's power, demand surprises and
tariff swings. They make one seed's campaign differ from the next.

Each kind draws from its own named stream ("shock:taiwan", ...), so adding a kind or switching
one off (`rules_off: [S1]`) shifts no other stream's draws, and the player's moves never change
when or how hard a shock strikes. The month of each kind's next onset is drawn ahead (a geometric
wait from its yearly chance), so a month without a shock costs one integer comparison in the
model's loop (`due`); a kind whose effect must be renewed each month (a capacity or yield cut a
foundry's refresh would undo, a demand multiplier) asks for the next month only while it lasts.

Output taken offline is cut from the good dies a site's wafers give (its yield by node), not from
its capacity: the wafers are started and billed and a share of their dies never reaches a buyer
(scrapped in a quake, stuck behind a blockade), so buyers plan on fewer good dies a wafer and ask
for more wafers, and the site's capacity, which its expansion reads, stays what was built.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from game.agents.foundry import LEADING
from game.i18n import msg
from game.mechanics import fabproject as fp

NEVER = 1 << 30  # a month no campaign reaches


class _Kind:
    """One kind of shock: its rule id, stream, config, next onset and (while it lasts) its end."""

    __slots__ = ("rule", "stream", "spec", "per_month", "next_month", "end_month", "state")

    def __init__(self, model, rule: str, name: str, spec, on: bool) -> None:
        self.rule = rule
        self.stream = model.streams(f"shock:{name}")
        self.spec = spec
        chance = spec.chance_per_year
        # the chance a month that gives `chance_per_year` over twelve months
        self.per_month = 1.0 - (1.0 - chance) ** (1.0 / 12.0) if on and chance > 0.0 else 0.0
        self.end_month = NEVER  # while a windowed shock lasts: the month it ends
        self.state: Any = None  # the shock's own record while it lasts
        self.next_month = self._wait(-1)

    def _wait(self, after: int) -> int:
        """The month of the next onset after `after` (a geometric wait), NEVER if it cannot come."""
        p = self.per_month
        if p <= 0.0:
            return NEVER
        if p >= 1.0:
            return after + 1
        u = self.stream.random()
        return after + 1 + int(math.log(1.0 - u) / math.log(1.0 - p))

    def draw(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.stream.random()

    def months(self) -> int:
        return self.stream.randint(self.spec.months_min, self.spec.months_max)

    def schedule_after(self, month: int) -> None:
        self.next_month = self._wait(month)


class WorldShocks:
    """The world's shock book. The model calls `step()` once `month >= due`, after the month's
    end demand is set and before anyone orders."""

    __slots__ = ("model", "due", "_kinds", "_taiwan", "_foundry_yield", "_terafab_yield",
                 "_grid_delay", "_grid_outage", "_demand", "_tariff", "_taiwan_sites")

    def __init__(self, model, spec) -> None:
        self.model = model
        on = spec is not None and spec.enabled

        def kind(rule: str, name: str, sub) -> _Kind:
            return _Kind(model, rule, name, sub, on and model.rule_on(rule))

        if spec is None:  # no `shocks:` section: nothing ever comes
            self._kinds: tuple[_Kind, ...] = ()
            self.due = NEVER
            return
        self._taiwan = kind("S1", "taiwan", spec.taiwan)
        self._foundry_yield = kind("S2", "foundry-yield", spec.foundry_yield)
        self._terafab_yield = kind("S3", "terafab-yield", spec.terafab_yield)
        self._grid_delay = kind("S4", "grid-delay", spec.grid_delay)
        self._grid_outage = kind("S5", "grid-outage", spec.grid_outage)
        self._demand = kind("S6", "demand", spec.demand)
        self._tariff = kind("S7", "tariff", spec.tariff)
        self._kinds = (self._taiwan, self._foundry_yield, self._terafab_yield, self._grid_delay,
                       self._grid_outage, self._demand, self._tariff)
        self._taiwan_sites = tuple(s for s in model.foundries
                                   if s.region == spec.taiwan.region)
        self.due = min(k.next_month for k in self._kinds)

    # ------------------------------------------------------------------ the month
    def step(self) -> None:
        month = self.model.month
        for k in self._kinds:  # ends first, so an onset the same month starts afresh
            if k.end_month <= month:
                self._end(k)
        for k in self._kinds:
            if k.next_month <= month:
                self._start(k, month)
        due = NEVER
        for k in self._kinds:
            if k.end_month != NEVER:  # lasting: renewed monthly (a refresh may have undone it)
                self._renew(k)
                due = month + 1
            elif k.next_month < due:
                due = k.next_month
        self.due = due

    def _start(self, k: _Kind, month: int) -> None:
        """An onset: its size is drawn whether or not it finds anything to hit, so the stream's
        draws never depend on the player."""
        spec = k.spec
        if k is self._taiwan:
            share = k.draw(spec.offline_share_min, spec.offline_share_max)
            self._begin(k, month, k.months(), [share, {}])
            self._log(k, msg("event.shocks.blockade_or_earthquake",
                             share=share, region=spec.region, months=k.end_month - month), "shock")
        elif k is self._foundry_yield:
            sites = self.model.foundries
            site = sites[min(len(sites) - 1, int(k.stream.random() * len(sites)))]
            loss = k.draw(spec.yield_loss_min, spec.yield_loss_max)
            months = k.months()
            node = _main_node(site)
            if node is None:  # nothing runs there: the excursion finds no line
                k.schedule_after(month)
                return
            self._begin(k, month, months, [site, node, loss, None])
            self._log(k, msg("event.shocks.process_excursion_yield",
                             site=site.name, node=node, loss=loss, months=months), "shock")
        elif k is self._terafab_yield:
            loss = k.draw(spec.yield_loss_min, spec.yield_loss_max)
            k.schedule_after(month)
            tf = self.model.firm.terafab
            hit = 0
            for p in (tf.phases if tf is not None else ()):
                if p.phase in fp.PRODUCING:
                    p.yield_ *= 1.0 - loss
                    p.phase = fp.RAMP  # learned back as a new ramp (B7)
                    hit += 1
            if hit:
                self._log(k, msg("event.shocks.process_excursion_terafab",
                                 loss=loss, yield_now=tf.yield_now()), "terafab")
        elif k is self._grid_delay:
            months = k.months()
            k.schedule_after(month)
            self._delay_grid(k, months)
        elif k is self._grid_outage:
            lost = k.draw(spec.lost_share_min, spec.lost_share_max)
            k.schedule_after(month)
            self._outage(k, lost)
        elif k is self._demand:
            factor = k.draw(spec.multiplier_min, spec.multiplier_max)
            months = k.months()
            self._begin(k, month, months, factor)
            side = msg("event.shocks.above") if factor >= 1.0 else msg("event.shocks.below")
            self._log(k, msg("event.shocks.ai_demand_runs",
                             gap=abs(factor - 1.0), side=side, months=months), "shock")
        elif k is self._tariff:
            added = k.draw(spec.added_tariff_min, spec.added_tariff_max)
            months = k.months()
            controller = self.model.trade.controller
            if controller is None:
                k.schedule_after(month)
                return
            before = controller.tariff_on_imports
            controller.tariff_on_imports = before + added
            self._begin(k, month, months, (controller, before, before + added))
            self._log(k, msg("event.shocks.raises_tariffs_imported",
                             controller=controller.name, added=added, tariff=before + added,
                             months=months), "export")

    def _begin(self, k: _Kind, month: int, months: int, state: object) -> None:
        """A lasting shock: the next of its kind is drawn once it ends."""
        k.end_month = month + months
        k.next_month = NEVER
        k.state = state

    def _renew(self, k: _Kind) -> None:
        """A lasting shock, reapplied where the world's own month would undo it."""
        if k is self._demand:
            self.model.end_demand *= k.state
        elif k is self._taiwan:
            share, cut = k.state
            for site in self._taiwan_sites:
                yields = site.yield_by_node
                if cut.get(site) is not yields:  # refreshed since the cut: cut it again
                    for node in LEADING:
                        if node in yields:
                            yields[node] *= 1.0 - share
                    cut[site] = yields
        elif k is self._foundry_yield:
            site, node, loss, cut = k.state
            yields = site.yield_by_node
            if cut is not yields and node in yields:
                yields[node] *= 1.0 - loss
                k.state[3] = yields

    def _end(self, k: _Kind) -> None:
        month = self.model.month
        state, k.state, k.end_month = k.state, None, NEVER
        k.schedule_after(month - 1)
        if k is self._taiwan:
            for site in self._taiwan_sites:
                site.refresh()
            self._log(k, msg("event.shocks.s_leading_edge", region=k.spec.region), "shock")
        elif k is self._foundry_yield:
            site, node = state[0], state[1]
            site.refresh()
            self._log(k, msg("event.shocks.found_excursion_s", site=site.name, node=node), "shock")
        elif k is self._demand:
            self._log(k, msg("event.shocks.ai_demand_back"), "shock")
        elif k is self._tariff:
            controller, before, raised = state
            if controller.tariff_on_imports == raised:  # no decision changed it meanwhile
                controller.tariff_on_imports = before
                self._log(k, msg("event.shocks.s_tariff_swing",
                                 controller=controller.name, before=before), "export")

    # ------------------------------------------------------------------ the player's power
    def _delay_grid(self, k: _Kind, months: int) -> None:
        """S4: every grid connection still in the queue comes `months` later."""
        power = self.model.firm.power
        late = [p for p in power.pipeline if p.source == "grid"]
        if not late:
            return
        power.pipeline = [replace(p, arrives_month=p.arrives_month + months) if p.source == "grid"
                          else p for p in power.pipeline]
        gw = sum(p.gw for p in late)
        self._log(k, msg("event.shocks.utility_s_interconnection", gw=gw, months=months), "power")

    def _outage(self, k: _Kind, lost: float) -> None:
        """S5: the grid-fed share of the fleet (the power it started with and its grid
        connections; turbines, solar and space run behind the meter) is dark for `lost` of a
        month: that compute is neither delivered nor paid for."""
        firm = self.model.firm
        power = firm.power
        if power.gw <= 0.0 or firm.compute_eflops <= 0.0:
            return
        grid_gw = min(power.gw, firm.spec.initial_power_gw + power.grid_gw)
        dark = firm.compute_eflops * lost * grid_gw / power.gw
        if dark <= 0.0:
            return
        firm.compute_delivered_eflops_months -= dark
        firm.ledger.pay(dark * firm.market.price_busd, "compute_revenue")
        self._log(k, msg("event.shocks.grid_outage_darkened", lost=lost, dark=dark), "power")

    def _log(self, k: _Kind, reason: str, kind: str) -> None:
        who = "Grid" if k.rule in ("S4", "S5") else "World"
        self.model.log(who, k.rule, reason, kind)


def _main_node(site) -> str | None:
    """The site's leading node with most capacity, else its node with most capacity."""
    cap = site.capacity_by_node
    best = None
    for node in LEADING:
        if cap.get(node, 0.0) > 0.0 and (best is None or cap[node] > cap[best]):
            best = node
    if best is None:
        for node, wpm in cap.items():
            if wpm > 0.0 and (best is None or wpm > cap[best]):
                best = node
    return best
