"""The player's firm: a vertically integrated group that turns chips, memory and power into compute.

It is made of parts, each one concept: the ledger (money), the fleet (accelerators and compute),
the supply book (designs, contracts, the fab line, tool orders), the power plant, and the Terafab
once started. Every month it takes in what its contracts, purchases and Terafab deliver, mounts
memory on its own chips, deploys what power allows, earns from compute, and reports the limiting
factor (B1, B10).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from game.agents.base import WorldAgent, config_copy, frozen_map
from game.agents.firm.compute_market import ComputeMarket
from game.agents.firm.covenants import BREACH, FORCED_SALE, GAME_OVER, OK, Covenants, test_covenants
from game.agents.firm.fleet import Fleet
from game.agents.firm.ledger import Ledger
from game.agents.firm.limiting import (
    RELIEF_MIN_UNITS,
    RELIEF_SHARE_OF_FLEET,
    Deployment,
    growth_under_way,
    read_limiting_factor,
    terafab_blocker_that_reaches,
)
from game.agents.firm.power import PowerOrder, PowerPlant
from game.agents.firm.supply import FabBatch, SupplyBook
from game.agents.firm.views import (
    FirmView,
    MemoryContractView,
    PowerOrderView,
    WaferContractView,
)
from game.domain.factors import FACTORS
from game.i18n import msg
from game.mechanics.markets import TIER_PREPAID

if TYPE_CHECKING:
    from game.agents.terafab import Terafab

# months ahead the firm buys memory for: HBM for chips that power can take this soon (B1)
MEMORY_HORIZON_MONTHS = 3
HOURS_PER_MONTH = 730.0  # 8,760 hours a year over twelve months


class PlayerFirm(WorldAgent):
    kind = "firm"
    __slots__ = (  # its state: see game/agents/base.py
        "country", "spec", "ledger", "fleet", "supply", "power", "terafab", "edge_share",
        "accelerators_per_good_wafer", "compute_eflops", "compute_at_start",
        "compute_delivered_eflops_months", "limiting_factor", "co_limiting_factor",
        "factor_gains_eflops", "factor_months", "deployed_month",
        "stalled_capital", "target_eflops", "market", "covenants", "designs", "design",
        "factor_seen", "factor_seen_months", "factor_told", "idle_told", "space_gw_told",
        "merchant_kw_steps", "_credit_line_busd", "_finance", "_f1_on", "_f2_on", "_f3_on",
        "_acc", "_aging", "_events", "_power_rules", "_h13_on", "_b11_on",
    )

    def __init__(self, model, spec) -> None:
        super().__init__(model, "player", spec.name)
        self.country = "US"
        self.spec = config_copy(spec)  # read every month: see config_copy
        acc = model.world.accelerators
        aging = model.world.fleet
        self.ledger = Ledger(spec.cash_busd, model.world.finance.shares_start_m)
        self.fleet = Fleet(acc.kw_per_accelerator, acc.hbm_stacks_per_accelerator,
                           spec.initial_accelerators, spec.initial_accelerators_waiting_power,
                           spec.initial_pflops_per_accelerator, aging.edge_kw_per_chip,
                           aging.edge_hbm_stacks_per_chip, -aging.initial_fleet_age_months)
        # each design's (PFLOPS, kW, HBM stacks) a chip; B200-class where the config is silent
        self.designs: dict[str, tuple[float, float, float]] = {
            g.name: (g.pflops,
                     g.kw_per_chip if g.kw_per_chip is not None else acc.kw_per_accelerator,
                     g.hbm_stacks_per_chip if g.hbm_stacks_per_chip is not None
                     else acc.hbm_stacks_per_accelerator)
            for g in model.world.chip_generations}
        self.design: str | None = None  # the design ready now (set each month)
        # B4: a merchant chip of a year draws what that year's design draws (one node, one
        # cooling limit for all): (month, kW) in date order, taken as the months come
        self.merchant_kw_steps = sorted(
            (model.month_of(g.earliest), kw) for g in model.world.chip_generations
            for kw in (self.designs[g.name][1],))
        self.supply = SupplyBook([(g.name, g.node) for g in model.world.chip_generations],
                                 acc.wafer_cycle_months)
        self.power = PowerPlant(spec.initial_power_gw, self.fleet.gw_for(self.fleet.dc_units))
        self.terafab: Terafab | None = None  # from StartTerafab on
        self.edge_share = 0.0
        self.accelerators_per_good_wafer = acc.gross_dies_per_wafer / acc.dies_per_accelerator
        # outcomes
        self.compute_eflops = self.fleet.compute_eflops()
        self.compute_at_start = self.compute_eflops
        self.compute_delivered_eflops_months = 0.0
        self.limiting_factor = "none"
        self.co_limiting_factor = ""
        self.factor_gains_eflops: dict[str, float] = {"power": 0.0, "memory": 0.0, "chips": 0.0}
        self.factor_months: dict[str, int] = {f: 0 for f in FACTORS}
        self.deployed_month = 0.0
        self.stalled_capital = False
        self.target_eflops = self.compute_eflops * spec.compute_target_start_ratio
        self.market = ComputeMarket(model.world.finance, self.compute_eflops)
        self.covenants = Covenants()
        # read every month, so copied once: a config read costs about ten plain ones
        self._finance = config_copy(model.world.finance)
        self._credit_line_busd = self._finance.credit_line_busd
        self._acc = config_copy(acc)
        self._aging = config_copy(aging)
        self._events = config_copy(aging.events)
        self._power_rules = config_copy(model.world.power)
        self._f1_on, self._f2_on, self._f3_on = (model.rule_on(r) for r in ("F1", "F2", "F3"))
        self._h13_on, self._b11_on = model.rule_on("H13"), model.rule_on("B11")
        # lenders and investors read the business the firm starts with as its last month
        self.ledger.ebitda_months.append(self._running_ebitda_busd())
        # the story so far (B1, H13, B5): what the news has told, so it tells only changes
        self.factor_seen, self.factor_seen_months, self.factor_told = "none", 0, ""
        self.idle_told: set[float] = set()
        self.space_gw_told = 0.0

    # ------------------------------------------------------------------ what it has
    def current_generation(self, node: str | None = None) -> str | None:
        """The newest funded generation that is ready now (optionally on `node`)."""
        return self.supply.current_generation(self.model.month, node)

    def order_power(self, arrives: int, gw: float, source: str, due_busd: float) -> None:
        """Power on its way: `gw` of `source` online in month `arrives`, `due_busd` paid then."""
        self.power.order(PowerOrder(arrives, gw, source, due_busd, self.model.month))

    def solar_ordered_this_year_gw(self) -> float:
        """Solar ordered in the last twelve months, built or not: land permits are by year (B10)."""
        return self.power.solar_ordered_since_gw(self.model.month - 12)

    def receive_accelerators(self, vendor, units: float, price_usd: float) -> None:
        """Merchant accelerators arrive with their memory; they still need power (B1)."""
        tariff = self.model.trade.import_tariff(vendor_country="TW")
        self.ledger.pay(units * price_usd * (1.0 + tariff) / 1e9, "accelerators")
        self.fleet.add_bought(units, self.model.merchant_pflops(), self.model.month)

    # ------------------------------------------------------------------ the month, in order
    def begin_month(self) -> None:
        self.stalled_capital = False
        self._set_design()
        self.arrive_power()

    def _set_design(self) -> None:
        """The design ready this month sets what a new chip is: its PFLOPS, kW and HBM (B4)."""
        steps, month = self.merchant_kw_steps, self.model.month
        while steps and steps[0][0] <= month:
            self.fleet.merchant_kw = max(self.fleet.merchant_kw, steps.pop(0)[1])
        gen = self.supply.current_generation(month)
        if gen is None:  # no design of its own yet: a chip is what the market sells
            self.fleet.set_design(self.model.merchant_pflops(), self.fleet.merchant_kw,
                                  self._acc.hbm_stacks_per_accelerator)
        elif gen != self.design:
            pflops, kw, stacks = self.designs[gen]
            self.fleet.set_design(pflops, kw, stacks)
        self.design = gen

    def arrive_power(self) -> None:
        model = self.model
        power = self.power
        news_share = self._events.power_news_min_share
        for order in power.take_arrivals(model.month):
            if order.due_busd > 0:
                self.ledger.pay(order.due_busd, "power_capex")
            if order.gw < news_share * power.gw:
                continue  # B1: a block that adds little to a large plant is no news
            model.log(self.name, "H8" if order.source in ("grid", "turbines") else "B10",
                      msg("event.firm.gw_power_came",
                          gw=order.gw, source=order.source, gw_all=power.gw,
                          spare_gw=power.spare_gw), "power")
        if power.space_tons_queued > 0:
            rules = self._power_rules
            power.launch(model.launch_tons_per_month() * rules.space_share_of_launch,
                         rules.space_kw_per_ton)
        if model.month % 12 == 0 and power.space_gw > self.space_gw_told:  # B5, once a year
            model.log(self.name, "B5", msg("event.firm.gw_space_solar",
                                           new_gw=power.space_gw - self.space_gw_told,
                                           space_gw=power.space_gw), "power")
            self.space_gw_told = power.space_gw

    def out_of_credit(self) -> bool:
        """Cash past the credit line (F2): suppliers deliver nothing more that is paid on arrival
        and every command that needs cash is refused, so capital binds whatever else does."""
        return self.ledger.cash_busd < -self._credit_line_busd

    def request_wafers(self) -> None:
        if self.out_of_credit():  # foundries start no wafers for a customer who cannot pay,
            self.stalled_capital = True  # and GPU vendors cancel its orders
            for vendor in self.model.chipmakers:
                vendor.player_order = 0
            return
        self.supply.request_wafers(self.model.month)

    def close_wafer_month(self) -> None:
        """Wafers started this month at the contracted sites join the fab line as the newest
        design ready on their node (else the contract's) and are paid for; the oldest month's
        chips come out of the line."""
        supply, month = self.supply, self.model.month
        units_in = pflops_in = gw_in = stacks_in = bill_usd = 0.0
        design_by_node: dict[str, str] = {}  # contracts on one node make the same design
        for c in supply.contracts:
            wafers = c.granted_month
            if wafers <= 0.0:
                continue
            c.granted_month = 0.0
            bill_usd += wafers * c.price_usd
            gen = design_by_node.get(c.node)
            if gen is None:
                gen = supply.current_generation(month, c.node)
                if gen is not None:
                    design_by_node[c.node] = gen
                else:
                    gen = c.generation
            pflops, kw, stacks = self.designs[gen]
            units = wafers * self.accelerators_per_good_wafer * c.yield_month
            units_in += units
            pflops_in += units * pflops
            gw_in += units * kw / 1e6
            stacks_in += units * stacks
        if bill_usd > 0.0:
            self.ledger.pay(bill_usd / 1e9, "wafers")
        supply.finished = supply.fab_line[0]
        supply.fab_line.append(FabBatch(units_in, pflops_in, gw_in, stacks_in))

    def request_hbm(self) -> None:
        """Set this month's asks: contracted stacks at their makers (B3 priority) and, on spot,
        what own chips that power can soon take still lack (B1: power binds before memory)."""
        month = self.model.month
        supply, fleet = self.supply, self.fleet
        contracted = supply.sum_memory_contracts(month)
        if self.out_of_credit():  # F2: makers deliver nothing more on contract either
            supply.hbm_contracted = {}
            contracted = 0.0
        power_soon = self.power.spare_gw_by(month + MEMORY_HORIZON_MONTHS)
        room = max(fleet.units_for(power_soon - fleet.idle_gw), 0.0)
        made = supply.finished.units + supply.terafab_units
        coming = fleet.nohbm_units + made
        edge = self._edge_room_units(made) * fleet.edge_stacks  # cars leave with their memory
        need = min(room, coming) * fleet.stacks_per_accelerator + edge - fleet.hbm_stock
        spot = need - contracted
        supply.hbm_spot_unpaid = spot > 0 and self.ledger.cash_busd <= 0
        supply.hbm_spot_asked = spot if spot > 0 and not supply.hbm_spot_unpaid else 0.0

    def take_hbm(self, stacks: float, cost_usd: float) -> None:
        """Stacks delivered this month (contract and spot) and what they cost."""
        self.fleet.hbm_stock += stacks
        self.ledger.pay(cost_usd / 1e9, "memory")

    def produce_and_deploy(self, terafab_wafers: float) -> None:
        """Old chips out, new chips in, edge devices fitted, memory on, power up: what is
        deployed, what waits, and what bound growth."""
        model = self.model
        fleet, power = self.fleet, self.power
        month = model.month
        if self._h13_on:  # the fleet ages: retired chips free their power
            aging = self._aging
            freed = fleet.retire(month - aging.dc_service_life_months,
                                 month - aging.edge_service_life_months)
            if freed > 0.0:
                power.used_gw = max(power.used_gw - freed, 0.0)
        finished = self.supply.finished
        units, pflops, gw, stacks = finished.units, finished.pflops, finished.gw, finished.stacks
        if terafab_wafers > 0 and self.terafab is not None:  # wafers come only from a Terafab
            gen = self.supply.current_generation(month, self.terafab.spec.node) or self.design
            if gen is not None:
                acc = self._acc
                made = terafab_wafers * acc.gross_dies_per_wafer / acc.dies_per_accelerator
                chip_pflops, kw, chip_stacks = self.designs[gen]
                units += made
                pflops += made * chip_pflops
                gw += made * kw / 1e6
                stacks += made * chip_stacks
        fleet.add_own(units, pflops, gw, stacks, month)
        deployment = fleet.deployment(
            units, pflops, gw, stacks, self._edge_room_units(units),
            self.spec.edge_pflops_factor, max(power.spare_gw, 0.0),
            max(RELIEF_SHARE_OF_FLEET * fleet.dc_units, RELIEF_MIN_UNITS))
        outcome = deployment.outcome()
        deployed, gw = fleet.apply(deployment, outcome, month)
        power.used_gw += gw
        self.deployed_month = deployed
        self.compute_eflops = fleet.compute_eflops()
        self.compute_delivered_eflops_months += self.compute_eflops
        self._earn(month)
        self._grow_target()
        self._read_limiting_factor(deployment, outcome.pflops)
        self._tell_idle_chips()
        if month % 12 == 0:
            self._tell_retired()

    def _edge_room_units(self, made_units: float) -> float:
        """B11: own chips the edge devices built this month can take: the devices themselves,
        the firm's edge share of the chips made, and the night capacity the fleet has left."""
        if self.edge_share <= 0.0 or made_units <= 0.0 or not self._b11_on:
            return 0.0
        model, aging = self.model, self._aging
        night_gw = aging.night_idle_gw * aging.night_share_for_group * (
            1.0 + aging.night_idle_growth_per_year) ** (model.month / 12.0)
        night_units = (night_gw - self.fleet.edge_gw) * 1e6 / aging.edge_kw_per_chip
        room = min(model.edge_devices_per_month(), made_units * self.edge_share, night_units)
        return room if room > 0.0 else 0.0

    def _read_limiting_factor(self, deployment: Deployment, deployed_pflops: float) -> None:
        terafab, supply = self.terafab, self.supply
        cash_stopped = set()
        if supply.hbm_spot_unpaid:
            cash_stopped.add("memory")
        if self.stalled_capital or (terafab is not None and terafab.stalled_capital):
            cash_stopped.add("chips")
        if self.out_of_credit():  # no chips or memory can be paid for
            cash_stopped.update(("memory", "chips"))
        month = self.model.month
        # the Terafab is where the next chips must come from: no wafer contract runs in the year
        next_source = terafab is not None and not any(
            c.start <= month + 12 and c.end > month for c in supply.contracts)
        reading = read_limiting_factor(
            deployment, deployed_pflops, frozenset(cash_stopped),
            partial(terafab_blocker_that_reaches, self, deployment) if next_source else None,
            partial(growth_under_way, self))
        self.limiting_factor = reading.factor
        self.co_limiting_factor = reading.co_factor
        self.factor_gains_eflops = reading.gains_eflops
        self.factor_months[reading.factor] += 1
        self._tell_wall(reading)

    # ------------------------------------------------------------------ the story (B1, H13)
    def _tell_wall(self, reading) -> None:
        """B1: the wall moved. News once a new limiting factor has held for a while, with what a
        standard relief of each input would have added that month."""
        factor = reading.factor
        if factor == self.factor_seen:
            self.factor_seen_months += 1
        else:
            self.factor_seen, self.factor_seen_months = factor, 1
        if (self.factor_seen_months == self._events.factor_holds_months
                and factor != self.factor_told):
            was = msg("event.firm.no_longer",
                      factor_told=self.factor_told) if self.factor_told else ""
            both = msg("event.firm.with_co_factor",
                       co_factor=reading.co_factor) if reading.co_factor else ""
            relief = msg("wall_relief", **reading.gains_eflops)  # each input by its id
            self.model.log(self.name, "B1", msg("event.firm.wall_moved_now",
                                                factor=factor, both=both, was=was, relief=relief),
                           "fleet")
            self.factor_told = factor

    def _tell_idle_chips(self) -> None:
        """B1: chips made faster than power or memory arrive wait idle; news as the pile passes
        each threshold, and when it has shrunk below a tenth of one again (no news of a pile
        that hovers about a threshold)."""
        fleet = self.fleet
        idle = fleet.idle_units + fleet.nohbm_units
        told = self.idle_told
        thresholds = self._events.idle_chip_thresholds
        if not told and idle < thresholds[0]:
            return  # most months: no pile worth news (the thresholds rise, see the schema)
        passed = [t for t in thresholds
                  if idle >= t and t not in told]
        if passed:
            told.update(passed)
            self.model.log(self.name, "B1", msg("event.firm.m_chips_wait",
                                                idle_m=idle / 1e6,
                                                for_power_m=fleet.idle_units / 1e6,
                                                for_memory_m=fleet.nohbm_units / 1e6), "fleet")
            return
        cleared = [t for t in told if idle < 0.1 * t]
        if cleared:
            told.difference_update(cleared)
            self.model.log(self.name, "B1", msg("event.firm.pile_idle_chips",
                                                idle_m=idle / 1e6), "fleet")

    def _tell_retired(self) -> None:
        """H13, once a year: the chips that reached the end of their service life."""
        fleet = self.fleet
        if fleet.retired_units >= 1.0:
            self.model.log(self.name, "H13", msg("event.firm.chips_retired_last",
                                                 retired_units=fleet.retired_units), "fleet")
            fleet.retired_units = 0.0

    def credit_tools(self) -> None:
        """Machines shipped against the firm's tool orders arrive in the Terafab's tool stock
        and are paid on arrival (B6)."""
        orders = self.supply.tool_orders
        for order in orders:
            delta = order.ticket.shipped - order.credited_units
            if delta > 1e-12:
                order.credited_units = order.ticket.shipped
                if self.terafab is not None:
                    stock = self.terafab.tool_stock
                    stock[order.vendor_key] = stock.get(order.vendor_key, 0.0) + delta
                self.ledger.pay(delta * order.price_busd, "tools")
        if orders and all(o.ticket.done for o in orders):
            self.supply.tool_orders = []

    def close_month(self) -> None:
        """The month's EBITDA is booked, lenders read it (F3), and its flows are closed."""
        self.ledger.book_ebitda()
        if self._f3_on:
            self._watch_covenants()
        self.ledger.close_month()

    # ------------------------------------------------------------------ money in and out
    def _earn(self, month: int) -> None:
        """The month's operating money: compute sold at the market's price (F1), the group's other
        businesses and edge devices, power and data-centre running costs at scale, and interest
        on debt and on cash drawn below zero (F2)."""
        model, spec, ledger = self.model, self.spec, self.ledger
        finance = self._finance
        others = 0.0
        for cm in model.chipmakers:
            others += cm.sold - cm.sold_to_player
        market = self.market
        price = market.step(others * model.merchant_pflops() / 1000.0, self.compute_eflops,
                            self._f1_on)
        ledger.receive(self.compute_eflops * price, "compute_revenue")
        if price <= market.price_at_news * (1.0 - finance.compute_price_news_step):
            market.price_at_news = price
            model.log("Compute market", "F1", msg("event.firm.compute_now_earns",
                                                  price_musd=price * 1e3,
                                                  world_eflops=market.world_eflops
                                                  + self.compute_eflops), "price")
        ledger.receive(spec.base_cash_flow_busd_per_month, "base_business")
        if self.fleet.edge_units > 0:
            devices = min(self.fleet.edge_units, self.model.edge_devices_per_month())
            ledger.receive(devices * spec.edge_revenue_usd_per_device / 1e9, "edge_revenue")
        ledger.pay(self._power_bill_busd(finance), "power_running")
        ledger.pay(self._dc_opex_busd(finance), "dc_opex")
        if self._f2_on:
            if ledger.debt_busd > 0:
                ledger.pay(ledger.debt_busd * spec.debt_rate_per_year / 12.0, "interest")
                if model.month % 12 == 11:  # the year's interest, once a year
                    paid = -ledger.flows_total.get("interest", 0.0)
                    self.log("F2", msg("event.firm.interest_paid_so",
                                       paid=paid, debt_busd=ledger.debt_busd,
                                       debt_rate_per_year=spec.debt_rate_per_year), "finance")
            if ledger.cash_busd < 0:
                ledger.pay(-ledger.cash_busd * finance.credit_line_rate_per_year / 12.0,
                           "credit_interest")

    def _running_ebitda_busd(self) -> float:
        """A month's EBITDA at today's fleet, power and prices, before anything moves."""
        finance = self._finance
        revenue = self.compute_eflops * self.market.price_busd
        return (revenue + self.spec.base_cash_flow_busd_per_month
                - self._power_bill_busd(finance) - self._dc_opex_busd(finance))

    def _power_bill_busd(self, finance) -> float:
        """A month of the power the fleet uses, at `finance.power_usd_per_mwh`."""
        return self.power.used_gw * HOURS_PER_MONTH * finance.power_usd_per_mwh / 1e6

    def _dc_opex_busd(self, finance) -> float:
        """A month of data-centre staff, maintenance and spares for the deployed fleet."""
        return self.fleet.dc_units * finance.dc_opex_usd_per_accelerator_month / 1e9

    def _watch_covenants(self) -> None:
        """F3: the month's covenant test moves the firm's standing with its lenders; in a forced
        sale a share of the accelerators goes each month and pays the lenders back."""
        model, ledger, covenants = self.model, self.ledger, self.covenants
        finance = self._finance
        test = test_covenants(ledger.cash_busd, ledger.debt_busd, ledger.ebitda_year_busd(),
                              finance.credit_line_busd, finance.max_net_debt_to_ebitda)
        change = covenants.advance(test, finance.cure_months, finance.forced_sale_months,
                                   finance.max_forced_sales, model.month)
        if change == BREACH:
            model.log(self.name, "F3", msg("event.firm.covenant_breach_lenders",
                                           failed=test.failed,
                                           cure_months=finance.cure_months), "finance")
        elif change == OK:
            model.log(self.name, "F3", msg("event.firm.covenants_met_again"), "finance")
        elif change == FORCED_SALE:
            model.log(self.name, "F3", msg("event.firm.breach_not_cured",
                                           failed=test.failed), "finance")
        elif change == GAME_OVER:
            model.log(self.name, "F3", msg("event.firm.game_over",
                                           cause=covenants.cause), "finance")
        if covenants.state == FORCED_SALE:
            self._forced_sale(finance)

    def _forced_sale(self, finance) -> None:
        """Sell a share of the accelerators at a fire-sale price; lenders take what cash allows."""
        fleet, ledger = self.fleet, self.ledger
        share = finance.forced_sale_share_per_month
        freed_gw = fleet.dc_gw * share
        units = fleet.sell_share(share)
        self.power.used_gw = max(0.0, self.power.used_gw - freed_gw)
        self.compute_eflops = fleet.compute_eflops()
        price_usd = self.model.accelerator_price_usd() * finance.forced_sale_price_share
        ledger.receive(units * price_usd / 1e9, "forced_sale")
        repay = min(ledger.debt_busd, max(0.0, ledger.cash_busd))
        if repay > 0:
            ledger.debt_busd -= repay
            ledger.pay(repay, "debt_repayment")
        self.model.log(self.name, "F3", msg("event.firm.forced_sale_accelerators",
                                            units=units,
                                            proceeds_busd=units * price_usd / 1e9), "finance")

    def _grow_target(self) -> None:
        """The lab's wish: a compute target that grows fast, then slower (its half-life)."""
        years = self.model.month / 12.0
        spec = self.spec
        g = spec.compute_target_growth_per_year * 0.5 ** (
            years / spec.compute_target_halflife_years
        )
        self.target_eflops *= (1.0 + g) ** (1.0 / 12.0)

    # ------------------------------------------------------------------ for the faces
    def view(self) -> FirmView:
        model = self.model
        month, date_of = model.month, model.date_of
        ledger, fleet, supply, power = self.ledger, self.fleet, self.supply, self.power
        return FirmView(
            key=self.key, name=self.name, cash_busd=ledger.cash_busd, debt_busd=ledger.debt_busd,
            ipo_done=ledger.ipo_done, compute_eflops=self.compute_eflops,
            target_eflops=self.target_eflops, dc_accelerators=fleet.dc_units,
            edge_accelerators=fleet.edge_units, chips_idle=fleet.chips_idle(),
            waiting_for_power=fleet.idle_units, waiting_for_memory=fleet.nohbm_units,
            hbm_stock=fleet.hbm_stock, power_gw=power.gw, power_used_gw=power.used_gw,
            space_gw=power.space_gw, edge_share=self.edge_share,
            limiting_factor=self.limiting_factor,
            generations=frozen_map((k, date_of(v)) for k, v in supply.generations.items()),
            contracts=tuple(
                WaferContractView(
                    site=c.site.name, node=c.node, generation=c.generation,
                    wafers_per_month=c.wafers_per_month, first_date=date_of(c.start),
                    last_date=date_of(c.end - 1), prepaid=c.tier == TIER_PREPAID,
                    price_usd=c.price_usd,
                )
                for c in supply.contracts
                if c.end > month
            ),
            memory_contracts=tuple(
                MemoryContractView(
                    maker=c.maker.name, stacks_per_month=c.stacks_per_month,
                    first_date=date_of(c.start), last_date=date_of(c.end - 1),
                    price_usd=c.price_usd,
                )
                for c in supply.memory_contracts
                if c.end > month
            ),
            power_pipeline=tuple(
                PowerOrderView(source=p.source, gw=p.gw, arrives_date=date_of(p.arrives_month),
                               due_busd=p.due_busd)
                for p in power.pipeline
            ),
            space_tons_queued=power.space_tons_queued,
            terafab=self.terafab.view() if self.terafab else None,
        )
