"""Intel as a foundry partner (A9): the player co-funds a line at an Intel site on Intel's terms
(configs/world.yaml `intel_partner`) and holds its wafers first in line, an alternative or a
complement to building the Terafab. The line is a fab project of the site, so it is built, slips
and ramps like any US fab; the wafers reach the firm through the same contract path as a booking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.agents.commands import limits
from game.agents.commands.core import EPS, Plan, need_cash, refuse
from game.agents.firm import WaferContract
from game.domain import commands as c
from game.i18n import msg
from game.mechanics import fabproject as fp
from game.mechanics.markets import TIER_PREPAID


@dataclass(frozen=True, slots=True)
class PartnerDeal(Plan):
    """What is signed: the line Intel builds (`line_wpm` at `site` on `node`, ramping on the
    offer's yields) and the contract that holds the partner's wafers of it."""

    site: Any  # the Intel foundry site
    line_wpm: float
    build_months: int
    first_yield: float
    mature_yield: float
    ramp_per_month: float
    contract: WaferContract
    offer_name: str

    def apply(self, model) -> None:
        firm, site = model.firm, self.site
        firm.ledger.pay(self.cost_busd, "intel_partner")
        site.projects.append(fp.FabProject(
            owner=firm.key, site=site.key, node=self.contract.node, capacity_wpm=self.line_wpm,
            phase=fp.CONSTRUCTION, months_left=self.build_months, started_month=model.month,
            yield_=self.first_yield, yield_mature=self.mature_yield,
            ramp_rate=self.ramp_per_month, tools_ready=True))
        firm.supply.contracts.append(self.contract)
        k = self.contract
        model.log(firm.name, "A9", msg("event.partner.signed_with_intel",
                                       offer_name=self.offer_name,
                                       wafers_per_month=k.wafers_per_month, node=k.node,
                                       generation=k.generation, start=model.date_of(k.start),
                                       end=model.date_of(k.end - 1)), "supply")


def offer_by_id(model, offer_id: str):
    """Intel's offer called `offer_id`, or None."""
    for offer in model.world.intel_partner.offers:
        if offer.id == offer_id:
            return offer
    return None


def design_for(model, node: str):
    """The newest funded chip generation made on `node`, or None (the line makes your design)."""
    funded = model.firm.supply.generations
    best = None
    for gen in model.world.chip_generations:
        if gen.node == node and gen.name in funded and (
                best is None or funded[gen.name] > funded[best.name]):
            best = gen
    return best


def partner_room_wpm(model, offer) -> float:
    """A9: wafers a month the offer still allows the firm: its `max_wpm` less the firm's running
    contracts on that node at the site."""
    site = model.foundry_by_key[offer.site]
    return offer.max_wpm - limits.site_booked_wafers(model, site, offer.node)


def plan_intel_partner(model, cmd: c.SignIntelPartnership) -> PartnerDeal:
    offer = offer_by_id(model, cmd.offer)
    if offer is None:
        raise refuse(msg("refuse.partner.intel_makes_no", offer=cmd.offer))
    if model.month < model.month_of(offer.earliest):
        raise refuse(msg("refuse.partner.intel_offers_from",
                         offer=offer.name, earliest=offer.earliest))
    gen = design_for(model, offer.node)
    if gen is None:
        raise refuse(msg("refuse.partner.makes_designs_fund", offer=offer.name, node=offer.node))
    room = partner_room_wpm(model, offer)
    if cmd.wafers_per_month > room + EPS:
        raise refuse(msg("refuse.partner.intel_dedicates_most",
                         max_wpm=offer.max_wpm, offer=offer.name, room=max(0.0, room)))
    site = model.foundry_by_key[offer.site]
    world = model.world
    # the line also serves Intel's own and PC chips (the offer's partner_share_of_line): Intel
    # builds it large enough that the partner's wafers fit
    line_wpm = cmd.wafers_per_month / offer.partner_share_of_line
    upfront = cmd.wafers_per_month / 10000.0 * offer.upfront_busd_per_10k_wpm
    need_cash(model, upfront)
    install = world.terafab.tool_install_months
    start = max(model.month + offer.build_months + install, model.firm.supply.generations[gen.name])
    price = offer.wafer_price_usd * (1.0 + model.trade.import_tariff(site.country))
    region = world.regions[site.region]
    acc = world.accelerators
    chips = cmd.wafers_per_month * offer.mature_yield * acc.gross_dies_per_wafer \
        / acc.dies_per_accelerator
    effect = (msg("event.partner.intel_builds_wpm",
                  offer=offer.name, line_wpm=line_wpm, node=offer.node, site=site.name,
                  wafers_per_month=cmd.wafers_per_month, start=model.date_of(start),
                  months=cmd.months, price=price, chips=chips, gen=gen.name,
                  mature_yield=offer.mature_yield, first_yield=offer.first_yield,
                  slip_months=region.slip_months, slip_prob_per_month=region.slip_prob_per_month))
    return PartnerDeal(
        cost_busd=upfront, lead_time_months=start - model.month + acc.wafer_cycle_months,
        effect=effect, site=site, line_wpm=line_wpm, build_months=offer.build_months,
        first_yield=offer.first_yield, mature_yield=offer.mature_yield,
        ramp_per_month=offer.ramp_per_month, offer_name=offer.name,
        contract=WaferContract(model.firm, site, offer.node, gen.name,
                               float(cmd.wafers_per_month), start, start + cmd.months,
                               TIER_PREPAID, price))
