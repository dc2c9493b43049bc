"""The typed, validated shape of a world and a scenario (pydantic v2, frozen, unknown keys refused).

Units are in the names: _wpm wafers per month, _busd billions of USD, _gw gigawatts, _months months.
Reading YAML files is game.io.scenarios' job; this module only validates data already in memory.

Every number has a range (`span`, `whole`): wide enough for any world a lesson or a sweep may ask
for (from a tenth to a thousand times today's figure, most of them), narrow enough that every rule
stays numerically sound for a whole campaign: no overflow, no NaN, no division by a near-zero.
Where a limit comes from the arithmetic rather than the physics, the field's comment says why.
tests/test_world_bounds.py plays random worlds drawn within these ranges and checks they stay so.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from game.domain.calendar import parse_ym
from game.domain.errors import ConfigError


def span(lo: float, hi: float, *, above: bool = False) -> object:
    """A finite float in [lo, hi], or (lo, hi] when `above` (a value that must not be lo)."""
    return Annotated[float, Field(gt=lo, le=hi) if above else Field(ge=lo, le=hi)]


def whole(lo: int, hi: int) -> object:
    """A whole number in [lo, hi]."""
    return Annotated[int, Field(ge=lo, le=hi)]


Frac = span(0.0, 1.0)  # a share, a probability or a yield
Months = whole(0, 600)  # a duration: at most the longest campaign (50 years)
Growth = span(0.0, 1.0)  # growth a year of a capacity that builds on itself (at most doubling)
Price = span(0.01, 1000.0)  # USD B for one thing (a set of tools, a GW of power)
POWER_TOLERANCE_GW = 1e-6  # float rounding allowed between power used and power available
NodeName = Literal["N2", "N3", "N7"]
RegionName = Literal["TW", "KR", "US", "JP", "CN", "NL", "EU"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


def _ym(value: str) -> str:
    parse_ym(value)
    return value


class Calendar(Strict):
    start: str = "2026-01"
    months: whole(1, 600) = 180
    _check = field_validator("start")(_ym)


class DemandShock(Strict):
    month: Months
    months: whole(1, 600)
    multiplier: span(0.05, 20.0)  # from a twentieth of demand to twenty times it


class Demand(Strict):
    accelerators_per_month: span(1.0, 1e9)
    growth_per_year: span(-0.5, 3.0)
    growth_halflife_years: span(0.1, 100.0)
    noise_sd: span(0.0, 0.5)
    shocks: list[DemandShock] = []
    backlog_patience: Frac
    dram_wafers_kwpm: span(1.0, 1e6)
    dram_growth_per_year: span(-0.5, 2.0)
    dram_noise_sd: span(0.0, 0.5)
    non_ai_leading_share: Frac


class Node(Strict):
    wafer_price_usd: span(100.0, 1e6)
    pflops_factor: span(0.01, 100.0)
    euv_per_10k_wpm: span(0.0, 100.0)  # EUV systems for 10k wafers a month
    needs_euv: bool


class Accelerators(Strict):
    price_usd: span(100.0, 1e7)
    gross_dies_per_wafer: span(1.0, 1e4)
    dies_per_accelerator: span(1.0, 100.0)
    hbm_stacks_per_accelerator: span(1.0, 100.0)  # chips are counted by their stacks: not 0
    pflops_2026: span(0.01, 1e4)
    pflops_growth_per_year: span(0.0, 2.0)
    kw_per_accelerator: span(0.01, 100.0)
    wafer_cycle_months: whole(1, 24)
    # the price moves toward (demand / supply)^elasticity with the ratio capped at 4: above about
    # 5 that is already 1000 times the list price (the index's ceiling), near 500 it overflows
    price_scarcity_elasticity: span(0.0, 5.0)


class Region(Strict):
    permit_months: Months
    build_months: whole(1, 240)
    slip_prob_per_month: Frac
    slip_months: Months


class Foundry(Strict):
    id: str
    name: str
    company: str
    region: RegionName
    capacity_wpm: dict[NodeName, span(0.0, 1e7)]
    # buyers order wafers / yield: a yield near zero asks for unbounded wafers
    yield_: dict[NodeName, span(0.01, 1.0)] = Field(alias="yield")
    build_node: NodeName
    # a follower whose next node depends on trade (B8): N2 when EUV may be sold to it, N3 once
    # domestic tools work, else build_node
    node_follows_trade: bool = False
    project_wpm: span(100.0, 1e6)
    max_projects: whole(0, 20)
    expand_at_utilization: span(0.1, 2.0)
    state_backed: bool = False


class Chipmaker(Strict):
    id: str
    name: str
    country: RegionName
    demand_share: Frac
    foundry_weights: dict[str, span(0.001, 1000.0)]  # relative: divided by their sum
    node: NodeName
    contract_share: Frac
    prepays: bool
    target_inventory_months: span(0.0, 24.0)
    serves_china_only: bool = False


class MemoryMaker(Strict):
    id: str
    name: str
    country: RegionName
    wafers_kwpm: span(1.0, 1e5)
    hbm_share: Frac
    hbm_share_max: Frac
    hbm_yield: Frac
    hbm_yield_gain_per_year: Frac
    invest_price_index: span(10.0, 1000.0)  # price indexes run 20-1000 (start = 100)
    cut_price_index: span(10.0, 1000.0)
    # a new fab adds this share of the maker's wafers (twice it at a price spike); above 1 the
    # output would compound toward overflow over a long campaign
    expansion_share: span(0.0, 1.0, above=True)
    state_backed: bool = False


class Litho(Strict):
    id: str
    name: str
    country: RegionName
    euv_per_year: span(1.0, 1e4)
    euv_growth_per_year_max: Growth
    euv_capacity_ceiling_per_year: span(1.0, 1e4)
    expand_at_backlog_years: span(0.1, 20.0)
    euv_min_lead_months: Months
    euv_backlog_start: span(0.0, 1e5) = 0.0  # systems ordered before the campaign, from month 0
    euv_price_musd: span(1.0, 1e5)
    other_orders_per_year: span(0.0, 1e4)
    other_orders_growth_per_year: span(-0.5, 1.0)
    next_gen_date: str
    next_gen_price_musd: span(1.0, 1e5)
    duv_per_year: span(1.0, 1e5)
    _check = field_validator("next_gen_date")(_ym)


class ToolVendor(Strict):
    id: str
    name: str
    country: RegionName
    kind: str
    sets_per_month: span(0.01, 1e4)
    min_lead_months: Months
    price_busd_per_set: Price
    growth_per_year: Growth


class DatedDecision(Strict):
    date: str
    action: Literal["export_level", "tariff", "subsidy"]
    value: float = Field(ge=0.0, le=5.0)  # a level 0-4, a tariff 0-5 or a subsidy share 0-1
    announce_months: Months = 0
    note: str = ""
    _check = field_validator("date")(_ym)

    @model_validator(mode="after")
    def _value_fits_action(self) -> DatedDecision:
        if self.action == "export_level" and self.value not in (0, 1, 2, 3, 4):
            raise ValueError(f"an export_level decision needs a level 0-4, got {self.value}")
        if self.action == "subsidy" and self.value > 1.0:
            raise ValueError(f"a subsidy is a share of capex 0-1, got {self.value}")
        return self


RegulatorRole = Literal["export_controls", "dominance_answer", "domestic_tools"]


class Regulator(Strict):
    """A government. Its `roles` say what it does each month: `export_controls` (against
    `controls_target`; B8, H5, H10), `dominance_answer` (A8), `domestic_tools` (B8)."""

    id: str
    name: str
    country: RegionName
    mode: Literal["history", "rules"]
    roles: list[RegulatorRole] = []
    controls_target: RegionName | None = None
    export_control_level: whole(0, 4) = 0
    controls_enabled: bool = True
    raise_at_china_share: Frac = 0.2
    announce_months: Months = 6
    tariff_on_imports: Frac = 0.0
    subsidy_share: Frac = 0.0
    concentration_threshold: Frac = 0.5
    sanction_tariff: span(0.0, 5.0) = 1.0
    domestic_tools_months: Months = 0
    history: list[DatedDecision] = []

    @model_validator(mode="after")
    def _controls_need_a_target(self) -> Regulator:
        if "export_controls" in self.roles and self.controls_target in (None, self.country):
            raise ValueError(f"regulator '{self.id}' controls exports: name its "
                             "controls_target, another country")
        return self


class Turbines(Strict):
    backlog_gw: span(0.0, 1e5)
    oem_gw_per_year: span(0.1, 1e4)
    oem_growth_per_year: Growth
    others_order_gw_per_month: span(0.0, 1e3)
    others_growth_per_year: span(-0.5, 2.0)
    capex_busd_per_gw: Price
    min_lead_months: Months
    max_share_of_output: Frac


class Power(Strict):
    grid_queue_months: Months
    grid_queue_spread_months: Months
    grid_capex_busd_per_gw: Price
    grid_max_request_gw: span(0.01, 1e4)
    grid_max_pending_gw: span(0.01, 1e4)
    turbines: Turbines
    solar_lead_months: Months
    solar_capex_busd_per_gw: Price
    solar_capacity_factor: Frac
    solar_max_gw_per_year: span(0.0, 1e4)
    launch_tons_per_year_start: span(1.0, 1e8)
    launch_tons_per_year_max: span(1.0, 1e8)
    launch_ramp_midpoint_month: Months
    # the ramp is a logistic of (month - midpoint) / width: below a month's width exp() overflows
    launch_ramp_width_months: span(1.0, 600.0)
    space_kw_per_ton: span(1.0, 1e4)
    space_capex_busd_per_gw: Price
    space_share_of_launch: Frac


class ChipGeneration(Strict):
    name: str
    earliest: str
    design_months: Months
    design_cost_busd: span(0.001, 1000.0)
    pflops: span(0.01, 1e4)
    node: NodeName
    edge_capable: bool
    requires: str | None = None
    _check = field_validator("earliest")(_ym)


class TerafabSite(Strict):
    id: str
    name: str
    region: RegionName
    permit_months: Months
    build_months: whole(1, 240)


class TerafabPhase(Strict):
    capex_busd: span(0.1, 1e4)
    capacity_wpm: span(100.0, 1e6)


class Terafab(Strict):
    sites: list[TerafabSite]
    phases: list[TerafabPhase]
    node: NodeName
    tool_install_months: Months
    staff_per_10k_wpm: span(1.0, 1e5)
    hires_per_month_max: span(1.0, 1e6)
    salary_busd_per_1000_staff_month: span(0.0, 10.0)
    yield_start: Frac
    yield_mature: Frac
    # the yield closes 3/ramp_months of its gap a month: under 3 months it would overshoot
    ramp_months: span(3.0, 600.0)
    tool_mod_max_gain: Frac
    tool_mod_busd_per_gain_point: span(0.001, 100.0)
    litho_bet_busd_per_month: span(0.001, 100.0)
    litho_bet_expected_months: span(1.0, 600.0)
    litho_bet_success_chance: Frac


class Firm(Strict):
    name: str
    cash_busd: span(-1e5, 1e6)
    base_cash_flow_busd_per_month: span(-1e3, 1e3)
    revenue_busd_per_eflops_month: span(1e-6, 10.0)
    revenue_decline_per_year: Frac
    revenue_exponent: span(0.0, 1.0, above=True)
    initial_accelerators: whole(0, 100_000_000)
    initial_pflops_per_accelerator: span(0.01, 1e4)
    initial_power_gw: span(0.0, 1e5)
    initial_accelerators_waiting_power: whole(0, 100_000_000) = 0  # delivered, not yet powered
    compute_target_growth_per_year: span(0.0, 10.0)
    compute_target_start_ratio: span(0.01, 100.0)
    compute_target_halflife_years: span(0.1, 100.0)
    edge_devices_per_month: span(0.0, 1e9)
    edge_devices_growth_per_year: span(0.0, 5.0)
    edge_pflops_factor: span(0.01, 10.0)
    edge_revenue_usd_per_device: span(0.0, 1e6)
    ipo_earliest: str
    ipo_raise_busd: span(0.1, 1e5)
    equity_max_busd: span(0.1, 1e5)
    equity_cooldown_months: Months
    debt_rate_per_year: Frac
    debt_max_busd: span(0.0, 1e5)
    contract_max_share_of_site: Frac
    prepay_share: Frac
    _check = field_validator("ipo_earliest")(_ym)


class Memory(Strict):
    build_months: whole(1, 120)
    hbm_stacks_per_wafer: span(1.0, 1e4)
    dram_price_usd_per_wafer: span(100.0, 1e6)
    hbm_price_usd_per_stack: span(1.0, 1e5)
    # DRAM's index moves toward (demand / supply)^elasticity, the ratio capped at 4 (see
    # accelerators.price_scarcity_elasticity): above 5 it only pins the index at its ceiling
    price_elasticity: span(0.0, 5.0, above=True)
    price_adjust_per_month: Frac


class Behaviour(Strict):
    alpha_stock: Frac
    beta_supply_line: span(0.0, 2.0)
    theta_smoothing: Frac
    rationing_overorder: span(0.0, 5.0)


# kinds of rule numbers in agent_rules
PriceIndex = span(0.0, 1e6, above=True)  # 100 = list price
Share = span(0.0, 1.0, above=True)  # a fraction above 0
Spread = span(0.0, 0.99)  # x (1 +/- this)
Multiplier = span(0.0, 100.0)
GrowthFactor = span(1.0, 100.0)  # a multiplying factor, at least 1
Years = span(0.0, 50.0)
EveryMonths = whole(1, 600)  # at least a month
AtLeastOne = whole(1, 1000)


class FoundryRules(Strict):
    """How every foundry site prices wafers, reads orders and builds fabs (H9, H6, B2, B8, H2)."""

    price_elasticity: span(0.0, 5.0)         # H9: the index heads for 100 x (asked/capacity)^this
    price_adjust_per_month: Share            # H9: share of the gap to that target closed a month
    price_floor_index: PriceIndex            # H9: a wafer price index never falls below this
    price_ceiling_index: PriceIndex          # H9: ... and never rises above this
    orders_smoothing_per_month: Share        # H6: share of the gap to this month's orders closed
    orders_trend_smoothing_per_month: Share  # H6: the same for the orders' monthly growth
    expansion_horizon_years: Years           # H6: orders extrapolated this far on their trend
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


ControlLevel = whole(0, 4)


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
            raise ValueError("foundry.price_floor_index is above foundry.price_ceiling_index")
        if m.price_floor_index > m.price_ceiling_index:
            raise ValueError("market.price_floor_index is above market.price_ceiling_index")
        if c.rationed_below_fill > c.rationing_over_above_fill:
            raise ValueError("chipmaker.rationed_below_fill is above rationing_over_above_fill")
        return self


class World(Strict):
    calendar: Calendar = Calendar()
    demand: Demand
    nodes: dict[NodeName, Node]
    accelerators: Accelerators
    regions: dict[RegionName, Region]
    foundries: Annotated[list[Foundry], Field(min_length=1)]
    chipmakers: Annotated[list[Chipmaker], Field(min_length=1)]
    memory_makers: Annotated[list[MemoryMaker], Field(min_length=1)]
    memory: Memory
    behaviour: Behaviour
    litho: Litho
    tool_vendors: Annotated[list[ToolVendor], Field(min_length=1)]
    regulators: Annotated[list[Regulator], Field(min_length=1)]
    power: Power
    chip_generations: Annotated[list[ChipGeneration], Field(min_length=1)]
    terafab: Terafab
    firm: Firm
    agent_rules: AgentRules

    @model_validator(mode="after")
    def _cross_references(self) -> World:
        ids = [f.id for f in self.foundries]
        if len(set(ids)) != len(ids):
            raise ValueError("foundry ids must be unique")
        for cm in self.chipmakers:
            for site in cm.foundry_weights:
                if site not in ids:
                    raise ValueError(f"chipmaker {cm.id} names unknown foundry '{site}'")
        for f in self.foundries:
            if f.region not in self.regions:
                raise ValueError(f"foundry {f.id} is in region {f.region}, "
                                 "which has no entry in regions")
            for node in f.capacity_wpm:
                if node not in self.nodes:
                    raise ValueError(
                        f"foundry {f.id} runs node {node}, which has no entry in nodes"
                    )
        gens = {g.name for g in self.chip_generations}
        for g in self.chip_generations:
            if g.requires is not None and g.requires not in gens:
                raise ValueError(
                    f"chip generation {g.name} requires unknown generation {g.requires}")
        for site in self.terafab.sites:
            if site.region not in self.regions:
                raise ValueError(
                    f"Terafab site {site.id} is in region {site.region}, not in regions")
        if not self.terafab.sites or not self.terafab.phases:
            raise ValueError("terafab needs at least one site and one phase")
        firm, kw = self.firm, self.accelerators.kw_per_accelerator
        need_gw = firm.initial_accelerators * kw / 1e6
        if need_gw > firm.initial_power_gw + POWER_TOLERANCE_GW:
            raise ValueError(
                f"firm.initial_accelerators: {firm.initial_accelerators:,} accelerators at "
                f"{kw:g} kW need {need_gw:.3g} GW, more than firm.initial_power_gw "
                f"({firm.initial_power_gw:g} GW); count the rest as "
                "firm.initial_accelerators_waiting_power")
        return self


class ThingToTry(Strict):
    label: str
    command: str

    @field_validator("command")
    @classmethod
    def _ready_command(cls, value: str) -> str:
        if not value.startswith(("terafab run ", "terafab batch ")):
            raise ValueError("must be a ready `terafab run ...` or `terafab batch ...` line")
        return value


class Lesson(Strict):
    """A lesson card: what the scenario teaches, what to watch, three questions, things to try."""

    teaches: str
    watch: Annotated[list[str], Field(min_length=1)]
    questions: Annotated[list[str], Field(min_length=3, max_length=3)]
    things_to_try: Annotated[list[ThingToTry], Field(min_length=1)]


class Scoring(Strict):
    compute_weight: span(0.0, 1e6) = 1.0
    self_sufficiency_weight: span(0.0, 1e6) = 200.0
    net_worth_weight: span(0.0, 1e6) = 1.0


class Scenario(Strict):
    name: str
    title: str
    goal: str
    difficulty: Literal["tutorial", "easy", "normal", "hard"]
    default_policy: str | None = None
    regulator_mode: Literal["history", "rules", "world"] = "world"
    lesson: Lesson | None = None
    tutorial_steps: list[str] = []
    scoring: Scoring = Scoring()
    world: World

    @model_validator(mode="before")
    @classmethod
    def _drop_empty_card(cls, data: object) -> object:
        """Saves written before lesson cards hold `card: null`: read them as they were."""
        if isinstance(data, dict) and "card" in data and data["card"] is None:
            data = {k: v for k, v in data.items() if k != "card"}
        return data


def format_validation_error(source: str, err: ValidationError) -> str:
    """One line naming the file and every bad key path (foundries.1.capacity_wpm: ...)."""
    parts = []
    for item in err.errors():
        path = ".".join(str(p) for p in item["loc"])[:80] or "(top level)"  # a key may be long
        msg = item["msg"]
        if item["type"] == "extra_forbidden":
            msg = "unknown key"
        elif item["type"] == "missing":
            msg = "required key is missing"
        elif item["type"] == "value_error":  # our own checks: their text, without the prefix
            msg = msg.removeprefix("Value error, ")
        parts.append(f"{path}: {msg}")
    shown = "; ".join(parts[:4])
    more = f" (and {len(parts) - 4} more)" if len(parts) > 4 else ""
    return f"{source}: {shown}{more}"


def validate_scenario(data: object, source: str) -> Scenario:
    """Validate plain data (from YAML) into a Scenario,
    or raise ConfigError naming source and keys."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of keys at the top level")
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ConfigError(format_validation_error(source, err)) from None


def _set_path(tree: dict, path: str, value: object) -> None:
    keys = path.split(".")
    node: object = tree
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(node, list):
            if not key.isdigit() or int(key) >= len(node):
                # lists of named items may be addressed by id: foundries.tsmc-hsinchu.project_wpm
                match = [j for j, item in enumerate(node)
                         if isinstance(item, dict) and key in (item.get("id"), item.get("name"))]
                if not match:
                    where = ".".join(keys[:i]) or "(top)"
                    raise ConfigError(f"override {path}: no item '{key}' in {where}")
                key = str(match[0])
            idx = int(key)
            if last:
                node[idx] = value
            else:
                node = node[idx]
        elif isinstance(node, dict):
            if key not in node:
                raise ConfigError(f"override {path}: unknown key '{key}'")
            if last:
                node[key] = value
            else:
                node = node[key]
        else:
            raise ConfigError(f"override {path}: '{keys[i - 1]}' is a value, not a section")


def apply_overrides(scenario: Scenario, overrides: dict[str, object]) -> Scenario:
    """A copy of `scenario` with dotted-path values replaced, validated like the file itself.

    Paths start at the scenario (`world.demand.growth_per_year`); `world.` may be left out.
    """
    if not overrides:
        return scenario
    data = scenario.model_dump(by_alias=True)
    for path, value in overrides.items():
        full = path if path.split(".")[0] in data else f"world.{path}"
        _set_path(data, full, value)
    return validate_scenario(data, "override")
