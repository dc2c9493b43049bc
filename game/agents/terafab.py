"""The player's own fab: site permits, funded phases, tools from five vendors, staff and yield.

Rules: A1 (USD 55 B first phase, up to 119 B, sized by what the money buys), A3 (no output before
mid-2028, whatever the player does), A4/B6 (EUV and four other vendors' tools; a site's grid),
B7 (yield starts far below the leader's and climbs with staff and wafers run), B6 (tool
modification raises throughput at the risk of a yield excursion), B9 (the own-lithography bet),
A5 (construction slips, and each slip overruns the phase's cost). Every draw comes from a named
stream of the player's, so a seed replays and seeds differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.agents.base import DATE, SHARE, config_copy, frozen_map, labelled
from game.agents.foundry import FabProjectView, project_view
from game.i18n import msg
from game.mechanics import fabproject as fp

EUV_KEY = "asml"
STAFFED_PHASES = (fp.INSTALL, fp.RAMP, fp.VOLUME)  # phases that need their staff (B7)


def _euv_tools_a_month(count: float) -> str:
    """The own tool line's output in the news: "one EUV-class tool a month", "2 ... tools"."""
    if count == 1.0:
        return msg("event.terafab.one_euv_class")
    return msg("event.terafab.euv_class_tools", count=count)


@dataclass(frozen=True, slots=True)
class TerafabView:
    """The Terafab now: permits, phases, staff, tools and output."""

    site: str = labelled("Site")
    permits_granted: bool = labelled("Permits granted")
    permit_months_left: int = labelled("Permit review left", "months")
    phases: tuple[FabProjectView, ...] = labelled("Phases")
    staff: float = labelled("Staff", "people")
    staff_required: float = labelled("Staff needed", "people")
    hires_pending: float = labelled("Hires to come", "people")
    tool_stock: Mapping[str, float] = labelled("Tools on site by vendor", "machines or sets")
    tools_installed: Mapping[str, float] = labelled("Tools installed by vendor", "machines or sets")
    tool_mod_gain: float = labelled("Throughput gain from tool changes", SHARE)
    litho_bet_active: bool = labelled("Own-lithography bet funded")
    litho_bet_months: int = labelled("Own-lithography R&D so far", "months")
    own_litho_ready: bool = labelled("Own lithography works")
    first_output_date: str | None = labelled("First output", DATE)
    wafers_month: float = labelled("Good wafers", "wafers/month")
    yield_now: float = labelled("Best yield now", SHARE)
    slipped_months: int = labelled("Construction slips so far", "months")
    overrun_busd: float = labelled("Cost overruns so far", "USD B")
    blocked_by: str | None = labelled("Held back by")


class Terafab:
    """State of the Terafab project, owned by the player's firm (not a market agent itself)."""
    __slots__ = (  # its state: see game/agents/base.py
        "firm", "model", "spec", "site", "region", "permit_months_left", "permits_granted",
        "phases", "staff", "hires_pending", "tool_stock", "tools_installed", "tool_mod_target",
        "tool_mod_gain", "litho_bet_active", "litho_bet_months", "litho_bet_outcome",
        "own_litho_ready", "first_output_month", "wafers_month", "stalled_capital", "blocked_by",
        "_permit_slip_multiplier", "_tool_mod_adjust", "_litho_bet_spread", "_litho_news_months",
        "_own_litho_euv_per_month", "_talent_binds_below", "_volume_share", "_slip_dice",
        "overrun_busd", "excursion_pending", "_earliest_output_month", "_slip_chance",
        "_grid_dice", "_outage_chance", "_ramp_on", "_slips_on", "_grid_on", "_slip_max",
    )

    def __init__(self, firm, site) -> None:
        self.firm = firm
        self.model = firm.model
        self.spec = config_copy(self.model.world.terafab)  # read every month: see config_copy
        self.site = site
        model = self.model
        self._slip_dice = model.streams("player:terafab")  # A5: the player's own slips
        self._grid_dice = model.streams("player:terafab-grid")  # A4: the site's grid events
        self._ramp_on = model.rule_on("B7")    # off: first wafers at mature yield, staff or not
        self._slips_on = model.rule_on("A5")   # off: no construction slips, no overruns
        self._grid_on = model.rule_on("A4")    # off: the site's grid never fails the fab
        spec = model.world.terafab
        # A3: install cannot end before terafab.first_output_earliest
        self._earliest_output_month = (
            model.month_of(spec.first_output_earliest) if model.rule_on("A3") else -1)
        self._slip_chance = spec.slip_chance_per_month * site.water_slip_multiplier
        # A5 off: no slips; else none once a phase has slipped terafab.slip_months_max
        self._slip_max = spec.slip_months_max if self._slips_on else 0
        self._outage_chance = site.grid_outage_chance_per_month
        self.overrun_busd = 0.0
        self.excursion_pending = 0.0  # B6: share of yield a modification's excursion will cost
        region = self.model.world.regions[site.region]
        self.region = region
        self.permit_months_left = site.permit_months
        self.permits_granted = False
        self.phases: list[fp.FabProject] = []
        self.staff = 0.0
        self.hires_pending = 0.0
        self.tool_stock: dict[str, float] = {}  # vendor key -> machines/sets arrived, not installed
        self.tools_installed: dict[str, float] = {}
        self.tool_mod_target = 0.0
        self.tool_mod_gain = 0.0
        self.litho_bet_active = False
        self.litho_bet_months = 0
        self.litho_bet_outcome: int | None = None  # month count at which it succeeds, or -1 never
        self.own_litho_ready = False
        self.first_output_month: int | None = None
        self.wafers_month = 0.0
        self.stalled_capital = False
        self.blocked_by: str | None = None
        rules = self.model.world.agent_rules  # read once: attributes are faster every month
        self._permit_slip_multiplier = rules.terafab.permit_slip_multiplier
        self._tool_mod_adjust = rules.terafab.tool_mod_adjust_per_month
        self._litho_bet_spread = rules.terafab.litho_bet_time_spread
        self._litho_news_months = rules.terafab.litho_bet_news_every_months
        self._own_litho_euv_per_month = rules.terafab.own_litho_euv_per_month
        self._talent_binds_below = rules.terafab.talent_binds_below_staff_share
        self._volume_share = rules.fab_projects.volume_at_share_of_mature_yield

    # ------------------------------------------------------------------ needs
    def phase_spec(self, index: int):
        return self.spec.phases[index]

    def tools_needed(self, capacity_wpm: float) -> dict[str, float]:
        """Machines each vendor must deliver for `capacity_wpm` of the Terafab's node (A4, B6)."""
        units = capacity_wpm / 10000.0
        node = self.model.world.nodes[self.spec.node]
        need = {EUV_KEY: float(round(node.euv_per_10k_wpm * units))}
        for vendor in self.model.tool_vendors:
            need[vendor.key] = units
        return need

    def tools_budget_busd(self, capacity_wpm: float) -> float:
        """USD B the tools of `capacity_wpm` cost at today's list prices: the part of a phase's
        budget (A1, fab_cost_2nm_50k: a fab's cost includes its tools) paid to the vendors as the
        tools arrive, not to the builders."""
        model = self.model
        prices = {vendor.key: vendor.price_busd_per_set for vendor in model.tool_vendors}
        prices[EUV_KEY] = model.litho.euv_price_busd()
        return sum(units * prices[key] for key, units in self.tools_needed(capacity_wpm).items())

    def staff_required(self) -> float:
        """Staff the phases installing tools or making wafers need (B7)."""
        cap: float = 0
        for p in self.phases:
            if p.phase in STAFFED_PHASES:
                cap += p.capacity_wpm
        return cap / 10000.0 * self.spec.staff_per_10k_wpm

    def learning(self) -> float:
        """Staff on hand over staff needed, 0-1: too few people,
        a slower ramp and less output (B7)."""
        if not self._ramp_on:
            return 1.0
        need = self.staff_required()
        return 1.0 if need <= 0 else min(1.0, self.staff / need)

    def yield_now(self) -> float:
        """The best yield among the producing phases: what the fab has learned so far (B7)."""
        return max((p.yield_ for p in self.phases if p.phase in fp.PRODUCING), default=0.0)

    # ------------------------------------------------------------------ the month
    def step_month(self) -> float:
        """Advance permits, phases, hiring and tools; return good wafers made this month."""
        model, firm = self.model, self.firm
        self.stalled_capital = False
        if not self.permits_granted:
            self.permit_months_left -= 1
            if self.permit_months_left <= 0:
                # A5: the final review slips terafab.permit_slip_multiplier x as often as a build
                slip_prob = self.region.slip_prob_per_month * self._permit_slip_multiplier
                if model.streams("player:permits").random() < slip_prob and self._slips_on:
                    self.permit_months_left = self.region.slip_months
                    model.log(self.site.permit_authority, "A5",
                              msg("event.terafab.permits_delayed_more",
                                  site=self.site.name, slip_months=self.region.slip_months),
                              "terafab")
                else:
                    self.permits_granted = True
                    model.log(self.site.permit_authority, "A5",
                              msg("event.terafab.permits_granted", site=self.site.name), "terafab")
        hires = min(self.hires_pending, self.site.hires_per_month)  # B7: the site's labour pool
        if hires > 0:
            self.hires_pending -= hires
            self.staff += hires
        if self.staff > 0:
            firm.ledger.pay(
                self.staff / 1000.0 * self.spec.salary_busd_per_1000_staff_month, "terafab_staff"
            )
        self._step_litho_bet()
        learning = self.learning()
        staff_needed_changed = False  # a phase installing tools needs staff from now on
        for p in self.phases:
            if p.phase == fp.VOLUME:
                continue  # a phase at volume yield has nothing left to do
            funded = True
            if p.phase == fp.PERMITS:
                if self.permits_granted:
                    p.phase = fp.CONSTRUCTION
                    p.months_left = self.site.build_months
                    model.log(firm.name, "A1", msg("event.terafab.phase_construction_began",
                                                   phase=self.phases.index(p) + 1,
                                                   site=self.site.name), "terafab")
                continue
            if p.phase == fp.CONSTRUCTION and p.capex_left_busd > 1e-9:
                draw = min(p.capex_per_month_busd, p.capex_left_busd)
                if firm.ledger.cash_busd >= draw:
                    firm.ledger.pay(draw, "terafab_capex")
                    subsidy = draw * (model.trade.subsidy_share(self.site.region)
                                      + self.site.local_subsidy_share)
                    if subsidy > 0:
                        firm.ledger.receive(subsidy, "subsidy")
                    p.capex_left_busd -= draw
                else:
                    funded = False
                    self.stalled_capital = True
            if p.phase in (fp.CONSTRUCTION, fp.TOOLS) and p.tools_ready is not True:
                p.tools_ready = (
                    self._take_tools(p.capacity_wpm)
                    if p.phase == fp.TOOLS or p.months_left <= 1
                    else False
                )
            if p.phase == fp.INSTALL and p.months_left <= 1 \
                    and model.month < self._earliest_output_month:
                p.months_left += 1  # A3: qualification runs on; no output before mid-2028
            change = p.advance(
                model.month,
                self._slip_dice.random,
                # A5: only the planned months draw a slip (the added ones do not slip again)
                self._slip_chance if p.slipped_months < min(p.months_left, self._slip_max)
                else 0.0,
                self.spec.slip_months,
                self.spec.tool_install_months,
                self._volume_share,
                learning,
                funded,
            )
            if change == "slip":
                self._overrun(p)
            elif change is None:
                continue
            elif change == fp.TOOLS:
                model.log(firm.name, "A4", msg("event.terafab.phase_cleanroom_built",
                                               phase=self.phases.index(p) + 1), "terafab")
            elif change == fp.INSTALL:
                staff_needed_changed = True
                model.log(firm.name, "B6", msg("event.terafab.phase_all_tools",
                                               phase=self.phases.index(p) + 1), "terafab")
            elif change == fp.RAMP:
                if self.first_output_month is None:
                    self.first_output_month = model.month
                # B7: a later phase starts from part of what the fab has learned
                learned = self.yield_now() * self.spec.yield_carry_over_share
                p.yield_ = p.yield_mature if not self._ramp_on else max(p.yield_, learned)
                model.log(firm.name, "A3", msg("event.terafab.first_wafers_from",
                                               phase=self.phases.index(p) + 1,
                                               yield_=p.yield_), "terafab")
            elif change == fp.VOLUME:
                model.log(firm.name, "B7", msg("event.terafab.phase_reached_volume",
                                               phase=self.phases.index(p) + 1,
                                               yield_=p.yield_), "terafab")
        if self.excursion_pending and self.yield_now() > 0.0:
            self._yield_excursion()
        good_wpm = 0.0
        for p in self.phases:
            if p.phase in fp.PRODUCING:
                good_wpm += p.capacity_wpm * p.yield_
        if good_wpm > 0.0 and self._grid_on and self._grid_dice.random() < self._outage_chance:
            lost = self.spec.grid_outage_output_lost_share
            good_wpm *= 1.0 - lost
            model.log(firm.name, "A4", msg("event.terafab.grid_event_stopped",
                                           site=self.site.name, lost=lost), "terafab")
        if good_wpm > 0.0:
            # B6: modified tools gain a share of the way a month (terafab.tool_mod_adjust_per_month)
            gap = self.tool_mod_target - self.tool_mod_gain
            self.tool_mod_gain += self._tool_mod_adjust * gap
        self.blocked_by = self._blocked_by(self.learning() if staff_needed_changed else learning)
        self.wafers_month = good_wpm * learning * (1.0 + self.tool_mod_gain)
        return self.wafers_month

    def _overrun(self, p: fp.FabProject) -> None:
        """A5: a slipped month costs terafab.overrun_share_per_slip_month of the phase's capex
        more: the money needed grows with the delay."""
        index = self.phases.index(p)
        slip = self.spec.slip_months
        extra = self.spec.phases[index].capex_busd * self.spec.overrun_share_per_slip_month * slip
        p.capex_left_busd += extra
        self.overrun_busd += extra
        self.model.log(self.firm.name, "A5", msg("event.terafab.phase_slipped_months",
                                                 phase=index + 1, slip=slip,
                                                 slipped_months=p.slipped_months, extra=extra,
                                                 overrun_busd=self.overrun_busd), "terafab")

    def _yield_excursion(self) -> None:
        """B6: a tool modification went wrong: the producing phases lose a share of their yield
        and must learn it back (a phase at volume ramps again)."""
        share = self.excursion_pending
        self.excursion_pending = 0.0
        for p in self.phases:
            if p.phase in fp.PRODUCING:
                p.yield_ *= 1.0 - share
                p.phase = fp.RAMP
        self.model.log(self.firm.name, "B6", msg("event.terafab.tool_modification_set",
                                                 share=share, yield_now=self.yield_now()),
                       "terafab")

    def _take_tools(self, capacity_wpm: float) -> bool:
        """Move the phase's tools from stock to the cleanroom
        if every vendor's share has arrived."""
        need = self.tools_needed(capacity_wpm)
        if any(self.tool_stock.get(k, 0.0) + 1e-9 < v for k, v in need.items()):
            return False
        for k, v in need.items():
            self.tool_stock[k] = self.tool_stock.get(k, 0.0) - v
            self.tools_installed[k] = self.tools_installed.get(k, 0.0) + v
        return True

    def _step_litho_bet(self) -> None:
        """B9: months of funding;
        a hidden outcome drawn at the start decides if and when it works."""
        if not self.litho_bet_active or self.own_litho_ready:
            if self.own_litho_ready:  # B9: terafab.own_litho_euv_per_month
                self.tool_stock[EUV_KEY] = (self.tool_stock.get(EUV_KEY, 0.0)
                                            + self._own_litho_euv_per_month)
            return
        model = self.model
        if self.litho_bet_outcome is None:
            dice = model.streams("player:litho-bet")
            works = dice.random() < self.spec.litho_bet_success_chance
            # B9: expected months x a uniform draw in 1 +/- terafab.litho_bet_time_spread
            half = self._litho_bet_spread
            spread = (1.0 - half) + 2.0 * half * dice.random()
            self.litho_bet_outcome = (
                int(self.spec.litho_bet_expected_months * spread) if works else -1
            )
        self.firm.ledger.pay(self.spec.litho_bet_busd_per_month, "litho_bet")
        self.litho_bet_months += 1
        if self.litho_bet_outcome > 0 and self.litho_bet_months >= self.litho_bet_outcome:
            self.own_litho_ready = True
            model.log(self.firm.name, "B9", msg("event.terafab.own_lithography_bet",
                                                tools=_euv_tools_a_month(
                                                    self._own_litho_euv_per_month)), "terafab")
        elif self.litho_bet_months % self._litho_news_months == 0:
            model.log(self.firm.name, "B9", msg("event.terafab.own_lithography_months",
                                                litho_bet_months=self.litho_bet_months), "terafab")

    def _blocked_by(self, learning: float) -> str | None:
        """What holds the Terafab back now, in limiting-factor words (B10 method applied to a
        fab); `learning` is staff on hand over staff needed now."""
        if self.stalled_capital:
            return "capital"
        if not self.permits_granted:
            return "permits"
        for p in self.phases:
            if p.phase == fp.TOOLS:
                return "tools"
        if self.phases and learning < self._talent_binds_below:  # B7: terafab.talent_binds_below_*
            return "talent"
        return None

    def view(self) -> TerafabView:
        first = self.first_output_month
        return TerafabView(
            site=self.site.name, permits_granted=self.permits_granted,
            permit_months_left=max(0, self.permit_months_left),
            phases=tuple(project_view(p) for p in self.phases),
            staff=self.staff, staff_required=self.staff_required(),
            hires_pending=self.hires_pending,
            tool_stock=frozen_map(sorted(self.tool_stock.items())),
            tools_installed=frozen_map(sorted(self.tools_installed.items())),
            tool_mod_gain=self.tool_mod_gain, litho_bet_active=self.litho_bet_active,
            litho_bet_months=self.litho_bet_months, own_litho_ready=self.own_litho_ready,
            first_output_date=None if first is None else self.model.date_of(first),
            wafers_month=self.wafers_month, yield_now=self.yield_now(),
            slipped_months=sum(p.slipped_months for p in self.phases),
            overrun_busd=self.overrun_busd, blocked_by=self.blocked_by,
        )
