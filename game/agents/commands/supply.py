"""Supply commands: foundry capacity for own designs (B3), merchant accelerators (A2), HBM under
contract (B1, B3) and the chip designs themselves (B4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.agents.commands import limits
from game.agents.commands.core import (
    EPS,
    NEXT_MONTH,
    Plan,
    by_key,
    generation,
    need_cash,
    refuse,
)
from game.agents.firm import MemoryContract, WaferContract
from game.domain import commands as c
from game.i18n import msg
from game.mechanics.markets import TIER_CONTRACT, TIER_PREPAID


@dataclass(frozen=True, slots=True)
class FoundryBooking(Plan):
    contract: WaferContract  # what is signed: site, node, months, priority tier, price still owed
    upfront_busd: float  # the prepayment, paid now (0 without one)

    def apply(self, model) -> None:
        if self.contract.tier == TIER_PREPAID:
            model.firm.ledger.pay(self.upfront_busd, "prepayment")
        model.firm.supply.contracts.append(self.contract)


def plan_book_foundry(model, cmd: c.BookFoundryCapacity) -> FoundryBooking:
    firm = model.firm
    site = model.foundry_by_key.get(cmd.site)
    if site is None:
        raise refuse(msg("refuse.supply.there_no_foundry", site=cmd.site))
    if site.country == "CN":
        raise refuse(msg("refuse.supply.cannot_take_us", site=site.name))
    gen = limits.newest_design(model)
    if gen is None:
        raise refuse(msg("refuse.supply.fund_chip_design"))
    node = gen.node
    if not site.runs(node):
        nodes = ", ".join(n for n in site.base_wpm if site.capacity(n) > 0) or "nothing yet"
        raise refuse(msg("refuse.supply.does_not_run",
                         site=site.name, node=node, gen=gen.name, nodes=nodes))
    free = limits.site_free_wafers(model, site, node)
    if cmd.wafers_per_month > free + EPS:
        raise refuse(msg("refuse.supply.has_only_wpm", site=site.name, free=free, node=node))
    start = max(model.month + 1, firm.supply.generations[gen.name])
    tariff = model.trade.import_tariff(site.country if site.region != "US" else "US")
    price = site.wafer_price_usd(node) * (1.0 + tariff)
    prepay_share = model.world.firm.prepay_share
    upfront = cmd.wafers_per_month * cmd.months * price / 1e9 * prepay_share if cmd.prepay else 0.0
    # F3: without a prepayment the foundry still wants to see the first month's bill in cash
    need_cash(model, upfront if cmd.prepay else cmd.wafers_per_month * price / 1e9)
    acc = model.world.accelerators
    acc_per_wafer = acc.gross_dies_per_wafer * site.yield_at(node) / acc.dies_per_accelerator
    effect = (
        msg("event.supply.wafers_month_from",
            wafers_per_month=cmd.wafers_per_month, node=node, site=site.name,
            start=model.date_of(start), months=cmd.months,
            chips=cmd.wafers_per_month * acc_per_wafer, gen=gen.name, price=price,
            tariff_note=(msg("event.supply.incl_tariff") if tariff else ""),
            priority=(msg("event.supply.prepaid_first_line") if cmd.prepay
                      else msg("event.supply.contract_priority_behind")))
    )
    return FoundryBooking(
        cost_busd=upfront if cmd.prepay else cmd.wafers_per_month * price / 1e9,
        lead_time_months=start - model.month + acc.wafer_cycle_months,
        effect=effect,
        contract=WaferContract(
            firm, site, node, gen.name, float(cmd.wafers_per_month), start, start + cmd.months,
            TIER_PREPAID if cmd.prepay else TIER_CONTRACT,
            price * (1.0 - prepay_share) if cmd.prepay else price),  # the rest paid as wafers start
        upfront_busd=upfront,
    )


@dataclass(frozen=True, slots=True)
class AcceleratorOrder(Plan):
    vendor: Any  # the chipmaker agent
    units: int

    def apply(self, model) -> None:
        self.vendor.player_order += self.units  # filled, and paid, on delivery


def plan_buy_accelerators(model, cmd: c.BuyAccelerators) -> AcceleratorOrder:
    vendor = by_key(model.chipmakers, cmd.vendor)
    if vendor is None or vendor.china_only:
        raise refuse(msg("refuse.supply.does_not_sell", vendor=cmd.vendor))
    price = model.accelerator_price_usd() * (1.0 + model.trade.import_tariff("TW"))
    cost = cmd.units * price / 1e9
    if not vendor.player_order:  # a first order needs some cash on hand; the rest joins it
        need_cash(model, cost * model.world.rules.supply.accelerator_order_cash_share)
    effect = (msg("event.supply.accelerators_from_about",
                  units=cmd.units, vendor=vendor.name, price=price,
                  gw=cmd.units * model.firm.fleet.kw_per_accelerator / 1e6))
    return AcceleratorOrder(cost_busd=cost, lead_time_months=NEXT_MONTH, effect=effect,
                            vendor=vendor, units=cmd.units)


@dataclass(frozen=True, slots=True)
class MemoryBooking(Plan):
    contract: MemoryContract  # what is signed: maker, stacks a month, months, price a stack

    def apply(self, model) -> None:
        model.firm.supply.book_memory(self.contract)


def plan_book_memory(model, cmd: c.BookMemory) -> MemoryBooking:
    maker = by_key(model.memory_makers, cmd.maker)
    if maker is None:
        raise refuse(msg("refuse.supply.there_no_memory", maker=cmd.maker))
    bookable = limits.maker_hbm_bookable(model, maker)
    if cmd.stacks_per_month > bookable + EPS:
        raise refuse(msg("refuse.supply.can_promise_you",
                         maker=maker.name, bookable=max(0.0, bookable)))
    price = model.hbm_price_usd() * (1.0 + model.world.rules.supply.hbm_contract_premium)
    need_cash(model, cmd.stacks_per_month * price / 1e9)  # F3: the first month's bill in cash
    effect = (msg("event.supply.hbm_stacks_month",
                  stacks_per_month=cmd.stacks_per_month, maker=maker.name, months=cmd.months,
                  price=price,
                  chips=cmd.stacks_per_month / model.firm.fleet.stacks_per_accelerator))
    contract = MemoryContract(model.firm, maker, float(cmd.stacks_per_month), model.month,
                              model.month + cmd.months, price)
    return MemoryBooking(cost_busd=cmd.stacks_per_month * price / 1e9,
                         lead_time_months=NEXT_MONTH, effect=effect, contract=contract)


@dataclass(frozen=True, slots=True)
class DesignFunding(Plan):
    generation: str
    ready_month: int  # in volume from this month

    def apply(self, model) -> None:
        model.firm.ledger.pay(self.cost_busd, "chip_design")
        model.firm.supply.fund_generation(self.generation, self.ready_month)


def plan_fund_chip(model, cmd: c.FundChipGeneration) -> DesignFunding:
    gen = generation(model, cmd.generation)
    if gen is None:
        raise refuse(msg("refuse.supply.there_no_chip", generation=cmd.generation))
    funded = model.firm.supply.generations
    if gen.name in funded:
        raise refuse(msg("refuse.supply.already_funded_ready",
                         gen=gen.name, ready=model.date_of(funded[gen.name])))
    if gen.requires and not model.rule_on("B4"):
        raise refuse(msg("refuse.supply.later_own_generation", gen=gen.name))
    if gen.requires and gen.requires not in funded:
        raise refuse(msg("refuse.supply.builds_fund_first", gen=gen.name, requires=gen.requires))
    need_cash(model, gen.design_cost_busd)
    ready = max(model.month + gen.design_months, model.month_of(gen.earliest))
    if gen.requires:
        after = model.world.rules.supply.design_after_predecessor_months
        ready = max(ready, funded[gen.requires] + after)
    return DesignFunding(
        cost_busd=gen.design_cost_busd, lead_time_months=ready - model.month,
        effect=msg("preview.supply.pflops_chip_volume",
                   gen=gen.name, pflops=gen.pflops, node=gen.node, ready=model.date_of(ready)),
        generation=gen.name, ready_month=ready)
