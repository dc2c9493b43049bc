"""Memory makers: DRAM and HBM from the same wafers, investment on price with a long build.

Rules: H3 (invest on price signals, capacity arrives ~19 months later, so prices cycle), B1
(shifting wafers to HBM starves ordinary DRAM; DRAM prices spike when memory binds), H12 (HBM
grows only as converted lines come on, a year after the decision), H7 (the HBM first mover's
margins build bigger fabs, so it takes the DRAM lead), A8 (a sanctioned country's maker loses
sales), H9 (scarcity pricing of HBM contracts).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.agents.base import SHARE, AgentView, WorldAgent, labelled
from game.i18n import msg
from game.mechanics.markets import TIER_CONTRACT, TIER_SPOT, tier_shares

TREND_MAX = 1.1  # H12: a month's growth of HBM asks counts at most +10 % (or -9 %) in the trend
TREND_MIN = 1.0 / TREND_MAX


@dataclass(frozen=True, slots=True)
class FabBuild:
    """A memory fab under construction: it adds `kwpm` thousand wafers a month when it arrives."""

    arrives_month: int
    kwpm: float
    started_month: int


@dataclass(frozen=True, slots=True)
class MemoryMakerView(AgentView):
    """A memory maker now: its wafers, the share it turns into HBM, and what it builds."""

    country: str = labelled("Country")
    wafers_kwpm: float = labelled("Wafers", "thousand/month")
    hbm_share: float = labelled("Wafers made into HBM", SHARE)
    hbm_lines_share: float = labelled("Wafers its HBM lines can take", SHARE)
    hbm_yield: float = labelled("HBM yield", SHARE)
    utilization: float = labelled("Wafer starts used", SHARE)
    building_kwpm: float = labelled("Wafers being built", "thousand/month")
    hbm_stacks_month: float = labelled("HBM made", "stacks/month")
    revenue_busd_month: float = labelled("Revenue", "USD B/month")


class MemoryMaker(WorldAgent):
    kind = "memory"
    __slots__ = (  # its state: see game/agents/base.py
        "country", "wafers_kwpm", "hbm_share", "hbm_share_max", "hbm_yield", "hbm_yield_gain",
        "_price_cycle",
        "invest_at", "cut_at", "expansion_share", "state_backed", "utilization", "builds",
        "dram_sold_kwpm", "hbm_made", "hbm_sold", "_hbm_logged_share", "_hbm_yield_max",
        "_shift_at_shortage", "_shift_back_at_surplus", "_step_up", "_step_down", "_share_min",
        "_news_step", "_max_builds", "_months_between_builds", "_cut_utilization",
        "_full_starts_above", "_size_multiplier_max", "_state_builds_above", "_sanction_kept",
        "_sanction_floor_kwpm", "hbm_lines_share", "hbm_lines_due", "_line_step", "_line_months",
        "_line_every", "fab_starts", "hbm_ask_trend", "hbm_asked", "_asked_before", "_wafers_kept",
        "_lead_fab_weight", "_months_between_start_changes", "_last_start_change", "_lines_on",
        "_stacks_per_wafer", "_supply_stacks",
    )

    def __init__(self, model, spec) -> None:
        super().__init__(model, spec.id, spec.name)
        self.country = spec.country
        self.wafers_kwpm = float(spec.wafers_kwpm)
        self.hbm_share = spec.hbm_share
        self.hbm_share_max = spec.hbm_share_max
        self.hbm_yield = spec.hbm_yield
        self.hbm_yield_gain = spec.hbm_yield_gain_per_year / 12.0
        self.invest_at = spec.invest_price_index
        self.cut_at = spec.cut_price_index
        self.expansion_share = spec.expansion_share
        self.state_backed = spec.state_backed
        self.utilization = 1.0
        self.builds: list[FabBuild] = []
        self.fab_starts: list[int] = []  # months it broke ground (the news tells only each wave)
        self.dram_sold_kwpm = 0.0
        self.hbm_made = 0.0
        self.hbm_sold = 0.0
        self._hbm_logged_share = round(self.hbm_share, 2)
        rules = model.world.agent_rules.memory  # read once: attributes are faster every month
        self._hbm_yield_max = rules.hbm_yield_max
        self._shift_at_shortage = rules.hbm_shift_at_shortage
        self._shift_back_at_surplus = rules.hbm_shift_back_at_surplus
        # B1 off: wafers never follow HBM shortage or surplus (the share stays where it started)
        shifts = model.rule_on("B1")
        self._step_up = rules.hbm_share_step_up if shifts else 0.0
        self._step_down = rules.hbm_share_step_down if shifts else 0.0
        # H3 off: a memory fab comes the month it is decided, and no maker cuts its starts
        self._price_cycle = model.rule_on("H3")
        self._share_min = rules.hbm_share_min
        self._news_step = rules.hbm_news_step
        self._max_builds = rules.max_builds_at_once
        self._months_between_builds = rules.months_between_builds
        self._cut_utilization = rules.cut_utilization
        self._full_starts_above = rules.full_starts_above_price_index
        self._size_multiplier_max = rules.build_size_multiplier_max
        self._state_builds_above = rules.state_backed_builds_above_price_index
        self._sanction_kept = rules.sanctioned_capacity_kept_per_month
        self._sanction_floor_kwpm = rules.sanctioned_capacity_floor_kwpm
        # H12: its TSV and stacking lines take this share of its wafers; conversions on their way
        self.hbm_lines_share = spec.hbm_share
        self.hbm_lines_due: list[tuple[int, float]] = []  # (month running, share added)
        self._line_step = rules.hbm_line_step
        self._line_months = model.world.memory.hbm_line_months
        self._line_every = rules.hbm_line_every_months
        # H12: the monthly growth of HBM asks it plans on, smoothed over about a year
        self.hbm_ask_trend = (1.0 + rules.hbm_plan_growth_per_year) ** (1.0 / 12.0)
        self.hbm_asked = self._asked_before = 0.0
        self._wafers_kept = (1.0 - rules.wafer_attrition_per_year) ** (1.0 / 12.0)
        self._lead_fab_weight = rules.hbm_lead_fab_weight
        self._months_between_start_changes = rules.months_between_start_changes
        self._last_start_change = -(1 << 30)
        self._lines_on = model.rule_on("H12")  # read every month: a boolean, not a look-up
        self._stacks_per_wafer = model.world_memory_stacks_per_wafer
        self._supply_stacks = self._stacks_made()

    def dram_supply_kwpm(self) -> float:
        return self.wafers_kwpm * (1.0 - self.hbm_share) * self.utilization

    def hbm_supply_stacks(self) -> float:
        """HBM stacks a month its wafers give now. The market, the shares and the player's
        contracts ask it several times a month, so it is worked out where its terms change
        (wafers, HBM share, starts used, yield: only at set-up and by step_month)."""
        return self._supply_stacks

    def _stacks_made(self) -> float:
        return (
            self.wafers_kwpm
            * 1000.0
            * self.hbm_share
            * self.utilization
            * self._stacks_per_wafer
            * self.hbm_yield
        )

    @property
    def revenue_busd_month(self) -> float:
        """This month's sales at this month's prices (worked out when asked: screens read it)."""
        model = self.model
        return (
            self.dram_supply_kwpm()
            * 1000.0
            * model.world.memory.dram_price_usd_per_wafer
            * model.dram_price_index
            / 100.0
            + self.hbm_sold * model.hbm_price_usd()
        ) / 1e9

    def allocate_hbm(self, contract_stacks: float, spot_stacks: float) -> tuple[float, float]:
        """Sell this month's HBM (B3): contracts first, then spot, pro rata within the tier that
        runs short. Returns the share of its request each tier gets (contract, spot)."""
        made = self.hbm_made = self._supply_stacks
        self.hbm_asked = contract_stacks + spot_stacks
        if contract_stacks + spot_stacks <= made:  # enough for all: everyone gets all
            self.hbm_sold = contract_stacks + spot_stacks
            return 1.0, 1.0
        asked = [0.0] * 4
        asked[TIER_CONTRACT] = contract_stacks
        asked[TIER_SPOT] = spot_stacks
        shares = tier_shares(made, asked)
        contract_share, spot_share = shares[TIER_CONTRACT], shares[TIER_SPOT]
        self.hbm_sold = contract_stacks * contract_share + spot_stacks * spot_share
        return contract_share, spot_share

    def step_month(self, dram_price_index: float, hbm_short: float) -> None:
        """Decide: shift wafers toward HBM when HBM is short (B1, H7);
        invest or cut on price (H3). Runs for every maker every month, so the attributes it
        reads several times are read once into locals."""
        model = self.model
        month = model.month
        # builds arrive in the order they started (a maker's build time is fixed); the start
        # was the news (with its date), so arrival is silent
        builds = self.builds
        if builds and builds[0].arrives_month <= month:
            for b in builds:
                if b.arrives_month <= month:
                    self.wafers_kwpm += b.kwpm
            builds = self.builds = [b for b in builds if b.arrives_month > month]
        self.wafers_kwpm *= self._wafers_kept  # H3: node migrations shrink old fabs' starts
        due = self.hbm_lines_due
        if due and due[0][0] <= month:
            self.hbm_lines_share += due.pop(0)[1]
        hbm_yield = self.hbm_yield + self.hbm_yield_gain
        cap = self._hbm_yield_max  # H7: memory.hbm_yield_max
        self.hbm_yield = hbm_yield if hbm_yield < cap else cap
        # B1: wafers follow HBM shortage and surplus (memory.hbm_shift_*, hbm_share_*), H12: up
        # to what its HBM lines take; lines grow by conversions (memory.hbm_line_*)
        share = self.hbm_share
        lines = self._lines_on
        if hbm_short > self._shift_at_shortage and share < self.hbm_share_max:
            cap = self.hbm_lines_share if lines else self.hbm_share_max
            if share < cap:  # min() and max() spelled out: every maker, most months
                share = share + self._step_up
                share = self.hbm_share = share if share < cap else cap
        elif hbm_short < -self._shift_back_at_surplus and share > self._share_min:
            share = share - self._step_down
            floor = self._share_min
            share = self.hbm_share = share if share > floor else floor
        if lines:
            self._plan_lines(month, share)
        moved = share - self._hbm_logged_share  # news when |moved| reaches memory.hbm_news_step
        if moved >= self._news_step or -moved >= self._news_step:
            self._hbm_logged_share = round(share, 2)
            if moved <= 0.0:
                self.log("B1", msg("event.memory.moved_wafers_back",
                                   name=self.name, hbm_share=share), "memory")
            elif not lines:  # with H12 the conversion was the news
                self.log("B1", msg("event.memory.moved_more_wafers",
                                   name=self.name, hbm_share=share), "memory")
        tariff = model.trade.sanction_on(self.country)
        # H3: memory.max_builds_at_once, months_between_builds; A8: a state-backed maker builds
        # through busts above memory.state_backed_builds_above_price_index, and a sanctioned
        # maker builds no more (its lines fade below)
        if tariff == 0.0:
            if (
                len(builds) < self._max_builds
                and (not builds or month - builds[-1].started_month >= self._months_between_builds)
                and (dram_price_index > self.invest_at
                     or (self.state_backed and dram_price_index > self._state_builds_above))
            ):
                self._start_build(month, dram_price_index)
        elif tariff > 0.0 and self.wafers_kwpm > self._sanction_floor_kwpm and not builds:
            # A8: under a sanction tariff old lines close and are not replaced
            # (memory.sanctioned_capacity_kept_per_month, down to sanctioned_capacity_floor_kwpm)
            self.wafers_kwpm *= self._sanction_kept
        # H3: memory.cut_utilization in a bust, full starts above full_starts_above_price_index;
        # a cut or a restore holds memory.months_between_start_changes
        if self._price_cycle and \
                month - self._last_start_change >= self._months_between_start_changes:
            cut = self._cut_utilization
            if dram_price_index < self.cut_at and self.utilization > cut:
                self.utilization = cut
                self._last_start_change = month
                self.log("H3", msg("event.memory.cut_wafer_starts",
                                   name=self.name, cut=1.0 - cut,
                                   dram_price_index=dram_price_index), "memory")
            elif dram_price_index > self._full_starts_above and self.utilization < 1.0:
                self.utilization = 1.0
                self._last_start_change = month
                self.log("H3", msg("event.memory.restored_full_wafer",
                                   name=self.name, dram_price_index=dram_price_index), "memory")
        self._supply_stacks = self._stacks_made()

    def _start_build(self, month: int, dram_price_index: float) -> None:
        """H3: break ground on a fab (no sanction on it); news once a wave: fabs started while
        others rise are its part."""
        invest_at = self.invest_at
        size = (  # H3: a boom enlarges the fab, at most memory.build_size_multiplier_max
            self.wafers_kwpm
            * self.expansion_share
            * min(self._size_multiplier_max, max(1.0, dram_price_index / invest_at))
            * self._hbm_lead_factor()
        )
        world = self.model.world
        months = (world.memory.build_months + world.regions[self.country].permit_months
                  if self._price_cycle else 1)
        builds = self.builds
        wave = not builds
        builds.append(FabBuild(month + months, size, month))
        self.fab_starts.append(month)
        if wave:
            why = (
                msg("event.memory.state_backed_builds")
                if self.state_backed and dram_price_index <= invest_at
                else msg("event.memory.dram_prices_start", dram_price_index=dram_price_index)
            )
            self.log("H3", msg("event.memory.started_building_fabs",
                               name=self.name, size=size, months=months,
                               max_builds=self._max_builds, why=why), "memory")

    def _plan_lines(self, month: int, hbm_share: float) -> None:
        """H12: HBM is sold ahead, so a maker plans its HBM lines for the asks it expects when
        new lines could run: this month's asks grown on their trend over memory.hbm_line_months
        (the trend starts at memory.hbm_plan_growth_per_year and follows the asks' growth over
        about a year); short of that, it converts DRAM lines and adds TSV and stacking
        lines (memory.hbm_line_step of its wafers), running hbm_line_months later, a new
        conversion every memory.hbm_line_every_months at most. A surprise is met a year late.
        Lines idle by more than one conversion go back to DRAM at the same pace."""
        asked, before = self.hbm_asked, self._asked_before
        self._asked_before = asked
        trend = self.hbm_ask_trend
        if before > 0.0:  # the trend moves a twelfth of the way to this month's growth
            growth = asked / before  # kept within [TREND_MIN, TREND_MAX] (no builtin calls)
            growth = growth if growth > TREND_MIN else TREND_MIN
            growth = growth if growth < TREND_MAX else TREND_MAX
            trend = self.hbm_ask_trend = trend + (growth - trend) / 12.0
        due = self.hbm_lines_due
        line_step = self._line_step
        line_months = self._line_months
        pending = 0.0
        if due:
            if month - (due[-1][0] - line_months) < self._line_every:
                return  # the last conversion is too recent for another
            for _, added in due:
                pending += added
        elif self.hbm_lines_share > hbm_share + line_step:
            # lines idle by more than a conversion go back to DRAM as fast as they came
            self.hbm_lines_share -= line_step / self._line_every
        lines = self.hbm_lines_share + pending
        room = self.hbm_share_max - lines  # a conversion, or what room is left for one
        step = room if room < line_step else line_step
        if step <= 1e-9:
            return
        stacks_per_share = (self.wafers_kwpm * 1000.0 * self.utilization
                            * self._stacks_per_wafer * self.hbm_yield)
        expected = asked * trend ** line_months
        if expected <= stacks_per_share * lines:
            return
        ready = month + line_months
        wave = not due  # news once a wave: later conversions while these run are its part
        due.append((ready, step))
        if wave:
            above = expected / max(1.0, stacks_per_share * lines) - 1.0
            self.log("H12", msg("event.memory.converting_dram_lines",
                                name=self.name, step=step, ready=self.model.date_of(ready),
                                above=above), "memory")

    def _hbm_lead_factor(self) -> float:
        """H7: HBM margins fund fabs, so a maker builds bigger by
        memory.hbm_lead_fab_weight x (its share of the world's HBM - its share of wafers)."""
        if not self.model.rule_on("H7"):
            return 1.0
        hbm = wafers = 0.0
        for m in self.model.memory_makers:
            hbm += m.hbm_made
            wafers += m.wafers_kwpm
        if hbm <= 0.0 or wafers <= 0.0:
            return 1.0
        lead = self.hbm_made / hbm - self.wafers_kwpm / wafers
        return max(0.0, 1.0 + self._lead_fab_weight * lead)

    def view(self) -> MemoryMakerView:
        return MemoryMakerView(
            key=self.key, name=self.name, country=self.country, wafers_kwpm=self.wafers_kwpm,
            hbm_share=self.hbm_share, hbm_lines_share=self.hbm_lines_share,
            hbm_yield=self.hbm_yield, utilization=self.utilization,
            building_kwpm=sum(b.kwpm for b in self.builds), hbm_stacks_month=self.hbm_made,
            revenue_busd_month=self.revenue_busd_month,
        )
