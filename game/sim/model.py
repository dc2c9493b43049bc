"""The Terafab world as a Mesa model: agents, the phases of a month, and the world-level processes
(end demand, memory prices, power markets, launch capacity) that agents observe.

A month is a written-out list of phases (no scheduler), decide-then-commit where moves are
simultaneous. All randomness comes from named streams (`self.streams(name)`, see
game/mechanics/streams.py): one per source of chance, so the world's dice never move with the
player's.
"""

from __future__ import annotations

import math

import mesa

from game.agents.chipmaker import Chipmaker
from game.agents.firm import PlayerFirm
from game.agents.foundry import LEADING, FoundrySite
from game.agents.memory import MemoryMaker
from game.agents.regulator import Regulator
from game.agents.rival import RivalLab
from game.agents.shocks import WorldShocks
from game.agents.toolmakers import LithoVendor, ToolVendor
from game.agents.trade import TradeRules
from game.domain.calendar import date_to_month, month_to_date
from game.domain.events import Event
from game.i18n import msg
from game.mechanics.markets import scarcity_price
from game.mechanics.streams import Streams
from game.mechanics.turbines import TurbineCasting
from game.sim.config import Scenario


class TerafabModel(mesa.Model):
    """One campaign. `month` counts finished months; `step()` plays the next one."""

    dram_leader: MemoryMaker | None  # the maker with most DRAM wafers, from the first month
    __slots__ = (  # its state: see game/agents/base.py
        "scenario", "world", "streams", "_demand_stream", "_dram_stream", "start", "months_total",
        "month", "events",
        "world_memory_stacks_per_wafer", "end_demand", "dram_demand_kwpm", "orders_euv_month",
        "china_leading_share", "leader_share", "dram_price_index", "hbm_price_index",
        "accel_price_index", "hbm_short", "turbines", "_turbine_min_lead_months", "_grid_growth",
        "_price_news",
        "_price_news_step", "_dram_demand_growth",
        "regulators", "trade", "foundries", "foundry_by_key", "litho",
        "tool_vendors", "memory_makers", "chipmakers", "merchant", "firm",
        "_dram_noise", "_demand_base", "_pflops_by_generation", "leader_company", "_hbm_shares",
        "_memory_country_shares", "dram_supply_kwpm",
        "_accelerator_list_price_usd", "_hbm_list_price_usd", "_dram_price_rule",
        "_hbm_price_rule", "_accelerator_price_rule", "rules_off", "dram_leader",
        "dram_spike_kwpm", "_dram_spike_decay", "_demand_rule", "_launch_ramp",
        "_merchant_pflops_rule", "_edge_devices_rule", "_dies_rule", "_spike_ramp_months", "rival",
        "shocks",
    )

    def __init__(self, scenario: Scenario, seed: int) -> None:
        super().__init__(seed=seed)
        self.streams = Streams(seed)
        self._demand_stream = self.streams("demand")
        self._dram_stream = self.streams("dram-demand")
        self.scenario = scenario
        self.world = world = scenario.world
        self.rules_off = frozenset(world.rules_off)
        self.start = world.calendar.start
        self.months_total = world.calendar.months
        self.month = 0
        self.events: list[Event] = []
        self.world_memory_stacks_per_wafer = world.memory.hbm_stacks_per_wafer
        self.end_demand = world.demand.accelerators_per_month
        self.dram_demand_kwpm = world.demand.dram_wafers_kwpm
        self.orders_euv_month = 0.0
        self.china_leading_share = 0.0
        self.leader_share = 0.0
        self.dram_price_index = 100.0
        self.hbm_price_index = 100.0
        self.accel_price_index = 100.0
        self.hbm_short = 0.0
        turbines = world.power.turbines  # B10: booked to `booked_until` at the start
        self.turbines = TurbineCasting(turbines, date_to_month(self.start, turbines.booked_until),
                                       casting_binds=self.rule_on("B10"))
        self._grid_growth = (1.0 + world.power.grid_load.growth_per_year) ** (1.0 / 12.0)
        # H9: each index's level at its last price news ([DRAM, HBM, accelerators])
        self._price_news = [100.0, 100.0, 100.0]
        self._price_news_step = world.agent_rules.market.price_news_step
        # constant monthly growth factors, worked out once (the same numbers each month)
        self._dram_demand_growth = (1.0 + world.demand.dram_growth_per_year) ** (1.0 / 12.0)
        self._accelerator_list_price_usd = world.accelerators.price_usd
        self._hbm_list_price_usd = world.memory.hbm_price_usd_per_stack
        # H9 scarcity prices, read once: (elasticity, adjust a month, floor, ceiling, ratio max)
        # (H9 switched off: prices never move from their start)
        market = world.agent_rules.market
        bounds = (market.price_floor_index, market.price_ceiling_index, market.scarcity_ratio_max)
        moves = 1.0 if self.rule_on("H9") else 0.0
        self._dram_price_rule = (world.memory.price_elasticity,
                                 moves * world.memory.price_adjust_per_month, *bounds)
        self._hbm_price_rule = (market.hbm_price_elasticity,
                                moves * market.hbm_price_adjust_per_month, *bounds)
        self._accelerator_price_rule = (world.accelerators.price_scarcity_elasticity,
                                        moves * market.accelerator_price_adjust_per_month, *bounds)
        # Config numbers read every month, copied once: the config's pydantic models define
        # __getattr__, so Python cannot speed up their attribute reads, each costs about ten
        # plain ones; these ~40 reads a month cost 1.5 % of a campaign.
        demand, power, acc = world.demand, world.power, world.accelerators
        self._demand_rule = (demand.growth_per_year, demand.growth_halflife_years,
                             demand.noise_sd, demand.dram_noise_sd, tuple(demand.shocks))
        self._turbine_min_lead_months = float(turbines.min_lead_months)
        self._launch_ramp = (power.launch_ramp_midpoint_month, power.launch_ramp_width_months,
                             power.launch_tons_per_year_start, power.launch_tons_per_year_max)
        self._merchant_pflops_rule = (acc.pflops_2026, 1.0 + acc.pflops_growth_per_year)
        self._edge_devices_rule = (world.firm.edge_devices_per_month,
                                   1.0 + world.firm.edge_devices_growth_per_year)
        self._dies_rule = (acc.gross_dies_per_wafer, acc.dies_per_accelerator)
        self._spike_ramp_months = world.memory.spike_ramp_months

        mode = scenario.regulator_mode
        # Agents register with Mesa as they are made (`self.agents`, `self.agents_by_type`). No
        # agent joins or leaves during a campaign, so the monthly phases walk each type through
        # a tuple taken once from agents_by_type: a plain tuple, in config order, iterates
        # several times faster than an AgentSet in the hot loops.
        for regulator in world.regulators:
            Regulator(self, regulator, regulator.mode if mode == "world" else mode)
        for site in world.foundries:
            FoundrySite(self, site)
        self.litho = LithoVendor(self, world.litho)
        for vendor in world.tool_vendors:
            ToolVendor(self, vendor)
        for maker in world.memory_makers:
            MemoryMaker(self, maker)
        self.foundry_by_key = {f.key: f for f in self.agents_by_type[FoundrySite]}
        for chipmaker in world.chipmakers:
            Chipmaker(self, chipmaker, world.behaviour)
        self.firm = PlayerFirm(self, world.firm)
        rival = world.rival  # R1: a rival lab buys in the same markets (none when off)
        self.rival = RivalLab(self, rival) if rival is not None and rival.enabled and \
            self.rule_on("R1") else None
        by_type = self.agents_by_type
        self.regulators = tuple(by_type[Regulator])
        self.foundries = tuple(by_type[FoundrySite])
        self.tool_vendors = tuple(by_type[ToolVendor])
        self.memory_makers = tuple(by_type[MemoryMaker])
        self.chipmakers = tuple(by_type[Chipmaker])
        self.trade = TradeRules(self.regulators, world.agent_rules.trade)
        self.merchant = self.chipmakers[0]
        self._open_short_of_dram()
        # the firm's tool orders: [vendor key, ticket, units credited]
        self._dram_noise = 1.0
        self._demand_base = world.demand.accelerators_per_month
        self._pflops_by_generation: dict[str | None, float] = {
            g.name: g.pflops for g in world.chip_generations}
        self._measure_shares()
        self.shocks = WorldShocks(self, world.shocks)  # S1-S7: the world's chance events

    # ------------------------------------------------------------------ calendar and log
    def month_of(self, date: str) -> int:
        return date_to_month(self.start, date)

    def date_of(self, month: int) -> str:
        return month_to_date(self.start, month)

    @property
    def date(self) -> str:
        return month_to_date(self.start, self.month)

    @property
    def done(self) -> bool:
        """The campaign is over: its last month played, or ended early (`end_cause`)."""
        return self.month >= self.months_total or bool(self.firm.covenants.cause)

    @property
    def end_cause(self) -> str:
        """Why the campaign ended before its last month ("" when it did not): F3, lenders took
        the firm."""
        return self.firm.covenants.cause

    def log(self, agent: str, rule: str, reason: str, kind: str) -> None:
        self.events.append(Event(self.month, self.date, agent, rule, reason, kind))

    def _open_short_of_dram(self) -> None:
        """H11: the 2026 DDR spike as the starting state: wafers moved to HBM through 2025 left
        ordinary DRAM meeting only memory.start_dram_fulfilment of demand as the campaign opens;
        the extra demand (AI servers' rush, buyers' stockpiles) comes in over
        memory.spike_ramp_months as contracts reset, and halves every spike_halflife_months."""
        self.dram_spike_kwpm = 0.0
        self._dram_spike_decay = 1.0
        if not self.rule_on("H11"):
            return
        supply = 0.0
        for maker in self.memory_makers:
            supply += maker.dram_supply_kwpm() * self.trade.share_sold_abroad(maker.country)
        share = self.world.memory.start_dram_fulfilment
        if supply < self.dram_demand_kwpm * share:
            return  # already short enough
        self.dram_spike_kwpm = supply / share - self.dram_demand_kwpm
        self._dram_spike_decay = 0.5 ** (1.0 / self.world.memory.spike_halflife_months)
        self.log("DRAM market", "H11", msg("event.model.memory_makers_moved",
                                           share=share, date=self.date), "price")

    # ------------------------------------------------------------------ what agents observe
    def pull_forward_orders(self, regulator, level: int) -> None:
        """H5: Chinese buyers rush tool orders in before announced controls bite
        (foundry.pull_forward_* in agent_rules)."""
        if not self.rule_on("H5"):
            return
        rules = self.world.agent_rules.foundry
        for site in self.foundries:
            if site.country == self.trade.target:
                site.max_projects += rules.pull_forward_extra_projects
                self.litho.order_duv(site, rules.pull_forward_duv_systems)
                site.log("H5", msg("event.model.pulled_tool_orders",
                                   site=site.name, level=level), "export")

    def memory_country_shares(self) -> dict[str, float]:
        return self._memory_country_shares

    def generation_pflops(self, name: str | None) -> float:
        pflops = self._pflops_by_generation.get(name)
        return pflops if pflops is not None else self.merchant_pflops()

    def merchant_pflops(self) -> float:
        """PFLOPS of a merchant accelerator bought this month (the market's chips improve)."""
        pflops_2026, growth = self._merchant_pflops_rule
        return pflops_2026 * growth ** (self.month / 12.0)

    def launch_tons_per_month(self) -> float:
        """B5: launch capacity ramps (logistic) from today's level toward 1 Mt a year."""
        midpoint, width, start, most = self._launch_ramp
        x = (self.month - midpoint) / width
        share = 1.0 / (1.0 + math.exp(-x))
        return (start + (most - start) * share) / 12.0

    def edge_devices_per_month(self) -> float:
        per_month, growth = self._edge_devices_rule
        return per_month * growth ** (self.month / 12.0)

    def turbine_lead_months(self, gw: float = 0.0) -> float:
        """B10/H8: blade casting caps turbine output, so the shortest casting queue sets the
        wait for an order of `gw`."""
        return self.turbines.lead_months(gw)

    @property
    def turbine_gw_per_month(self) -> float:
        """B10: the casters' output, in GW of turbines a month."""
        return self.turbines.gw_per_month

    @property
    def turbine_backlog_gw(self) -> float:
        """B10: GW of turbines booked at the casters and not yet cast."""
        return self.turbines.backlog_gw

    def _grid_scale(self) -> float:
        return self._grid_growth ** self.month

    @property
    def grid_peak_headroom_gw(self) -> float:
        """B11: GW of new round-the-clock load the grid can still carry at its peak: capability
        less the reserve margin and the peak load (the firm's own grid load is part of it)."""
        g = self.world.power.grid_load
        return (g.capacity_gw * (1.0 - g.reserve_margin) - g.peak_load_gw) * self._grid_scale()

    @property
    def grid_idle_night_gw(self) -> float:
        """B11: capability idle on average (peak capability less average load): what cars and
        robots can charge from at night without new plants."""
        g = self.world.power.grid_load
        return (g.capacity_gw - g.average_load_gw) * self._grid_scale()

    def accelerator_price_usd(self) -> float:
        return self._accelerator_list_price_usd * self.accel_price_index / 100.0

    def hbm_price_usd(self) -> float:
        return self._hbm_list_price_usd * self.hbm_price_index / 100.0

    # ------------------------------------------------------------------ the month
    def rule_on(self, rule_id: str) -> bool:
        """False when an ablation switched this rule off (`rules_off` in the world config)."""
        return rule_id not in self.rules_off

    def step(self) -> None:
        self.orders_euv_month = 0.0
        for reg in self.regulators:
            reg.step_month()
        self._step_demand()
        if self.month >= self.shocks.due:  # S1-S7: nothing to do in a month without a shock
            self.shocks.step()
        firm = self.firm
        chipmakers, foundries = self.chipmakers, self.foundries
        end_demand = self.end_demand
        firm.begin_month()
        # wafers: orders, then allocation by each site
        for cm in chipmakers:
            cm.order_wafers(end_demand * cm.demand_share)
        rival = self.rival
        if rival is not None:  # R1: the rival lab books its wafers too
            rival.order_wafers()
        firm.request_wafers()
        for site in foundries:
            site.allocate_wafers()
        for cm in chipmakers:
            cm.close_wafer_month()
        firm.close_wafer_month()
        terafab_wafers = firm.terafab.step_month() if firm.terafab is not None else 0.0
        gross_dies, dies_per_accelerator = self._dies_rule
        firm.supply.terafab_units = terafab_wafers * gross_dies / dies_per_accelerator
        firm.request_hbm()
        hbm_asked = self._clear_hbm()
        # accelerators: finish, sell, deploy
        price = self.accelerator_price_usd()
        wanted = sold = 0.0
        for cm in chipmakers:
            demand = end_demand * cm.demand_share
            cm.sell(demand, price)
            wanted += demand + cm.backlog + cm.player_order
            sold += cm.sold
        firm.produce_and_deploy(terafab_wafers)
        self._step_prices(hbm_asked, wanted, sold)
        for maker in self.memory_makers:
            maker.step_month(self.dram_price_index, self.hbm_short)
        # fabs and tools
        for site in foundries:
            site.advance_projects()
            site.decide_expansion()
        self.litho.step_month()
        for vendor in self.tool_vendors:
            vendor.step_month()
        firm.credit_tools()
        self._step_turbines()
        self._measure_shares()
        firm.close_month()
        self.month += 1

    def _clear_hbm(self) -> float:
        """The month's HBM market; returns the stacks asked. Chipmakers ask every maker on contract
        in proportion to its output, the firm asks its contracted makers and spreads spot the same
        way; each maker rations by tier (B3), so a tier's share of its ask is all that varies."""
        firm = self.firm
        chip_need = 0.0
        for cm in self.chipmakers:
            chip_need += cm.hbm_need
        rival = self.rival
        if rival is not None:  # R1: the rival's chips ask on contract like the chipmakers'
            chip_need += rival.hbm_need
        contracted = firm.supply.hbm_contracted
        spot = firm.supply.hbm_spot_asked
        price_usd = self.hbm_price_usd()
        asked = chip_fill = firm_stacks = firm_cost_usd = 0.0
        for maker, share in self._hbm_shares:
            stacks, usd = contracted.get(maker, (0.0, 0.0))
            contract_ask = chip_need * share + stacks
            spot_ask = spot * share
            contract_share, spot_share = maker.allocate_hbm(contract_ask, spot_ask)
            asked += contract_ask + spot_ask
            chip_fill += share * contract_share
            firm_stacks += stacks * contract_share + spot_ask * spot_share
            firm_cost_usd += usd * contract_share + spot_ask * spot_share * price_usd
        for cm in self.chipmakers:
            cm.hbm_received = cm.hbm_need * chip_fill
        if rival is not None:
            rival.take_hbm(chip_fill)
        if firm_stacks > 0.0:
            firm.take_hbm(firm_stacks, firm_cost_usd)
        return asked

    def _step_demand(self) -> None:
        growth_per_year, halflife_years, noise_sd, dram_noise_sd, shocks = self._demand_rule
        month = self.month
        growth = growth_per_year * 0.5 ** (month / 12.0 / halflife_years)
        noise = math.exp(self._demand_stream.gauss(0.0, noise_sd)) if noise_sd > 0 else 1.0
        base = self._demand_base * (1.0 + growth) ** (1.0 / 12.0)
        self._demand_base = base
        shock = 1.0
        for s in shocks:
            if s.month <= month < s.month + s.months:
                shock *= s.multiplier
        self.end_demand = base * shock * noise
        self.dram_demand_kwpm *= self._dram_demand_growth
        if dram_noise_sd > 0:
            self._dram_noise = math.exp(self._dram_stream.gauss(0.0, dram_noise_sd))

    def _step_prices(self, hbm_asked: float, accel_wanted: float, accel_sold: float) -> None:
        """Scarcity prices (H9): DRAM from wafers vs demand, HBM from stacks asked vs made,
        accelerators from wanted vs sold (market in agent_rules, memory and accelerators)."""
        supply = 0.0
        hbm_made = 0.0
        trade = self.trade
        for maker in self.memory_makers:
            supply += maker.dram_supply_kwpm() * trade.share_sold_abroad(maker.country)
            hbm_made += maker.hbm_made
        spike = self.dram_spike_kwpm = self.dram_spike_kwpm * self._dram_spike_decay  # H11
        ramp = self._spike_ramp_months
        if self.month < ramp:  # contracts reset month by month through the first quarter
            spike *= (self.month + 1) / ramp
        demand = (self.dram_demand_kwpm + spike) * self._dram_noise
        self.dram_supply_kwpm = supply
        self.dram_price_index = scarcity_price(
            self.dram_price_index, demand, supply, *self._dram_price_rule
        )
        self.hbm_short = (hbm_asked - hbm_made) / hbm_made if hbm_made > 0 else 1.0
        self.hbm_price_index = scarcity_price(
            self.hbm_price_index, hbm_asked, hbm_made, *self._hbm_price_rule
        )
        self.accel_price_index = scarcity_price(
            self.accel_price_index, accel_wanted, accel_sold + 1e-9, *self._accelerator_price_rule
        )
        news = self._price_news
        step = self._price_news_step
        for i, index in enumerate((self.dram_price_index, self.hbm_price_index,
                                   self.accel_price_index)):
            last = news[i]
            if abs(index - last) >= step * last:
                news[i] = index
                self._price_news_event(i, index, last, demand / supply if supply > 0 else 0.0)

    _PRICE_NAMES = ("DRAM", "HBM", "Accelerator")

    def _price_news_event(self, which: int, index: float, last: float, dram_ratio: float) -> None:
        """H9: a price index moved agent_rules.market.price_news_step or more since its last
        news; the news says why (the market's balance this month)."""
        name = self._PRICE_NAMES[which]
        if which == 0:
            why = msg("event.model.dram_wafers_meet", met=min(1.0, 1.0 / dram_ratio)) \
                if dram_ratio > 1.0 else msg("event.model.dram_wafers_exceed",
                                             excess=1.0 - dram_ratio) \
                if dram_ratio > 0.0 else msg("event.model.no_dram_sold")
        elif which == 1:
            why = msg("event.model.hbm_asked_against", hbm_short=self.hbm_short)
        else:
            why = msg("event.model.accelerators_wanted_against")
        move = msg("event.model.up") if index > last else msg("event.model.down")
        self.log(f"{name} market", "H9", msg("event.model.prices_start",
                                             name=name, move=move, change=abs(index / last - 1.0),
                                             index=index, why=why), "price")

    def _step_turbines(self) -> None:
        self.turbines.step_month(self.month, self._power_news)

    def _power_news(self, agent: str, rule: str, reason: str) -> None:
        self.log(agent, rule, reason, "power")

    def _measure_shares(self) -> None:
        """Leading-edge shares (leader's and China's) and memory shares,
        for series and regulators."""
        total = china = 0.0
        by_company: dict[str, float] = {}
        target = self.trade.target
        measured = self.month > 0
        for site in self.foundries:
            if measured:  # good wafers started last month
                good = site.leading_good_wpm
            else:  # before the first month: what the fabs can make
                good = 0.0
                for node in LEADING:
                    good += site.capacity(node) * site.yield_at(node)
            total += good
            company = site.company
            by_company[company] = by_company.get(company, 0.0) + good
            if site.country == target:
                china += good
        leader = max(by_company, key=by_company.__getitem__) if by_company else ""
        self.leader_company = leader
        self.china_leading_share = china / total if total > 0 else 0.0
        self.leader_share = by_company[leader] / total if total > 0 else 0.0
        makers = self.memory_makers
        supplies = []
        hbm_total = wafers = 0.0
        for m in makers:
            supply = m.hbm_supply_stacks()
            supplies.append(supply)
            hbm_total += supply
            wafers += m.wafers_kwpm
        if hbm_total > 0:
            self._hbm_shares = [(m, s / hbm_total) for m, s in zip(makers, supplies, strict=True)]
        else:
            self._hbm_shares = [(m, 1.0 / len(makers)) for m in makers]
        shares: dict[str, float] = {}
        for m in makers:  # no memory wafers anywhere (a world whose fabs all wore out): no shares
            share = m.wafers_kwpm / wafers if wafers > 0 else 0.0
            shares[m.country] = shares.get(m.country, 0.0) + share
        self._memory_country_shares = shares
        self._check_dram_lead(wafers, supplies, hbm_total)

    def _check_dram_lead(self, wafers: float, hbm_supplies: list[float], hbm_total: float) -> None:
        """News when the DRAM lead (most wafers) changes hands: H7 when the new leader is first
        in HBM (its margins built the fabs), H3 otherwise."""
        makers = self.memory_makers
        leader = makers[0]  # the first with most wafers, as max() with a key (no call a maker)
        for m in makers:
            if m.wafers_kwpm > leader.wafers_kwpm:
                leader = m
        before = self.dram_leader if self.month else None
        self.dram_leader = leader
        if before is None or leader is before:
            return
        first_in_hbm = makers[max(range(len(makers)), key=hbm_supplies.__getitem__)]
        why = (msg("event.model.first_hbm_margins",
                   hbm_share=hbm_supplies[makers.index(leader)] / hbm_total)
               if leader is first_in_hbm and hbm_total > 0
               else msg("event.model.built_through_cycle"))
        self.log(leader.name, "H7" if leader is first_in_hbm else "H3",
                 msg("event.model.took_dram_lead",
                     leader=leader.name, before=before.name,
                     leader_share=leader.wafers_kwpm / wafers,
                     before_share=before.wafers_kwpm / wafers, why=why), "memory")


