"""The numbers in the agents' monthly rules (`world.agent_rules`), one section per kind of agent."""

from __future__ import annotations

from pydantic import model_validator

from game.i18n import msg
from game.sim.config.types import (
    AtLeastOne,
    ControlLevel,
    EveryMonths,
    Frac,
    GrowthFactor,
    Months,
    Multiplier,
    PriceIndex,
    Share,
    Spread,
    Strict,
    Years,
    span,
    whole,
)


class FoundryRules(Strict):
    """How every foundry site prices wafers, reads orders and builds fabs (H9, H6, B2, B8, H2)."""

    price_elasticity: span(0.0, 5.0)         # H9: the index heads for 100 x (asked/capacity)^this
    price_adjust_per_month: Share            # H9: share of the gap to that target closed a month
    price_floor_index: PriceIndex            # H9: a wafer price index never falls below this
    price_ceiling_index: PriceIndex          # H9: ... and never rises above this
    orders_smoothing_per_month: Share        # H6: share of the gap to this month's orders closed
    orders_trend_smoothing_per_month: Share  # H6: the same for the orders' monthly growth
    expansion_horizon_years: Years           # H6: orders extrapolated this far on their trend
    min_shortfall_share_of_fab: span(0.0, 10.0)  # A6: a node short by this x a fab gets one
    # B8/A8: orders/capacity at which a state fab builds
    state_backed_expand_at_utilization: span(0.1, 2.0)
    new_fab_first_yield: Frac                # H2: yield of a new fab's first wafers
    new_fab_ramp_per_month: Share            # H2: share of the gap to mature yield closed a month
    new_node_mature_yield: Frac              # H2: mature yield of a node new to the site
    no_euv_mature_yield: Frac                # B8: mature leading-edge yield built without EUV
    yield_when_not_given: Frac               # yield of a node whose config gives no yield
    duv_systems_per_10k_wpm: span(0.0, 100.0)  # DUV scanners a fab of a non-EUV node orders
    pull_forward_extra_projects: whole(0, 20)  # H5: fabs a site may build at once, added
    pull_forward_duv_systems: span(0.0, 1000.0)  # H5: DUV scanners rushed in before controls bite


class MemoryRules(Strict):
    """How every memory maker moves wafers to HBM, builds, cuts and fades (B1, H3, H7, A8)."""

    hbm_yield_max: Frac                      # H7: HBM yield climbs at most to this
    hbm_shift_at_shortage: span(0.0, 10.0)   # B1: move wafers to HBM when asked tops made by this
    hbm_shift_back_at_surplus: span(0.0, 10.0)  # B1: move back when made tops asked by this
    hbm_share_step_up: Frac                  # B1: share of wafers moved to HBM in a month
    hbm_share_step_down: Frac                # B1: share moved back in a month
    hbm_share_min: Frac                      # B1: HBM share never moved back below this
    hbm_news_step: Share                     # a change of HBM share this large makes news
    hbm_line_step: Share                     # H12: share of wafers one conversion to HBM adds
    hbm_line_every_months: EveryMonths       # H12: a maker starts a conversion this often at most
    wafer_attrition_per_year: Frac           # H3: wafer starts lost a year to node migrations
    hbm_plan_growth_per_year: span(0.0, 5.0)  # H12: growth of HBM asks a maker plans its lines for
    hbm_lead_fab_weight: span(0.0, 10.0)     # H7: fab size x (1 + this x (HBM - wafer share))
    months_between_start_changes: Months     # H3: a cut or a restore of starts runs this long
    max_builds_at_once: AtLeastOne           # H3: fabs one maker builds at once
    months_between_builds: Months            # H3: months between two fab starts
    cut_utilization: Frac                    # H3: wafer starts, as share of full, in a price bust
    full_starts_above_price_index: PriceIndex  # H3: back to full starts above this DRAM index
    build_size_multiplier_max: GrowthFactor  # H3: a boom multiplies a fab's size at most this
    state_backed_builds_above_price_index: PriceIndex  # A8: a state maker builds above this index
    sanctioned_capacity_kept_per_month: Frac  # A8: a sanctioned maker keeps this share of lines
    sanctioned_capacity_floor_kwpm: span(0.0, 10000.0)  # A8: ... down to this (k wafers/month)


class ChipmakerRules(Strict):
    """How every chipmaker pads orders when rationed and plans wafers (H6)."""

    rationed_below_fill: Frac                # H6: a fill ratio below this pads the next order
    rationing_over_above_fill: Frac          # H6: above this, rationing is over (news re-armed)
    planning_yield_when_unknown: Share       # wafers planned at this yield where none is known
    generation_months: EveryMonths           # A6: a new product generation this often
    book_ahead_months: Months                # A6: the next generation's node booked this early
    node_move_months: EveryMonths            # A6: its orders move to the new node over this long


class RegulatorRules(Strict):
    """How every regulator's roles act in rules mode (B8, A8)."""

    controls_trigger_growth: GrowthFactor    # B8: the trigger share is multiplied after a raise
    controls_trigger_max: Frac               # B8: the raised trigger never passes this share
    dominance_months: EveryMonths            # A8: months above the threshold before an answer
    home_subsidy_after_sanction: Frac        # A8: fab subsidy at home once a sanction stands
    domestic_tools_time_spread: Spread       # B8: domestic tools take months x (1 +/- this)


class ToolVendorRules(Strict):
    """How the EUV maker and the other tool vendors grow and ship (H4, H6)."""

    expand_at_backlog_months: span(0.0, 120.0)  # H6: a vendor grows while this much output waits
    duv_min_lead_months: Months              # DUV scanners ship this long after the order
    euv_news_step_per_year: AtLeastOne       # H4: EUV output up this many a year makes news


class TerafabRules(Strict):
    """How the player's own fab gets permits, gains from tool mods and bets on lithography."""

    permit_slip_multiplier: Multiplier       # A5: permits slip at this x the region's chance
    tool_mod_adjust_per_month: Share         # B6: share of the gap to the target gain closed
    litho_bet_time_spread: Spread            # B9: success after expected months x (1 +/- this)
    litho_bet_news_every_months: EveryMonths  # B9: news of the bet's progress this often
    own_litho_euv_per_month: span(0.0, 100.0)  # B9: EUV-class tools a month once the bet pays off
    talent_binds_below_staff_share: Frac     # B7: staff/needed below this: talent holds it back


class FabProjectRules(Strict):
    """When a ramping fab (a foundry's or the Terafab) counts as at volume (H2, B2)."""

    volume_at_share_of_mature_yield: Share   # H2: at volume once yield reaches this x mature


class MarketRules(Strict):
    """Scarcity prices (H9) of HBM and accelerators, and the bounds of the world's price indices."""

    hbm_price_elasticity: span(0.0, 5.0)     # H9: the HBM index heads for 100 x (asked/made)^this
    hbm_price_adjust_per_month: Share        # H9: share of the gap closed a month
    accelerator_price_adjust_per_month: Share  # H9: the same for accelerators
    price_floor_index: PriceIndex            # H9: DRAM, HBM and accelerator indices stay above
    price_ceiling_index: PriceIndex          # H9: ... and below this
    scarcity_ratio_max: span(1.0, 100.0)     # H9: demand/supply counts at most this (all sellers)
    price_news_step: Share                   # H9: an index this far from its last news makes news




class TradeRulesConfig(Strict):
    """What each export-control level bars (B8), and what a sanction costs its makers (A8)."""

    euv_barred_from_level: ControlLevel      # B8: EUV to the target from this level on
    duv_thinned_at_level: ControlLevel       # B8: DUV to the target every other month at this level
    tools_barred_at_level: ControlLevel      # B8: the controller's tool vendors barred from here
    sanction_lost_sales_per_tariff: Frac     # A8: share of sales abroad lost per 100 % of tariff
    sanction_lost_sales_max: Frac            # A8: ... at most this share


class AgentRules(Strict):
    """The numbers in the agents' monthly rules, one section per kind of agent. Each names its
    CALIBRATION.md id or says it is a design choice in configs/world.yaml."""

    foundry: FoundryRules
    memory: MemoryRules
    chipmaker: ChipmakerRules
    regulator: RegulatorRules
    tool_vendors: ToolVendorRules
    terafab: TerafabRules
    fab_projects: FabProjectRules
    market: MarketRules
    trade: TradeRulesConfig

    @model_validator(mode="after")
    def _bounds_in_order(self) -> AgentRules:
        f, m, c = self.foundry, self.market, self.chipmaker
        if f.price_floor_index > f.price_ceiling_index:
            raise ValueError(msg("errors.world.floor_ceiling", section="foundry"))
        if m.price_floor_index > m.price_ceiling_index:
            raise ValueError(msg("errors.world.floor_ceiling", section="market"))
        if c.rationed_below_fill > c.rationing_over_above_fill:
            raise ValueError(msg("errors.world.rationing"))
        return self
