"""The typed, validated shape of a world and a scenario (pydantic v2, frozen, unknown keys refused).

Units are in the names: _wpm wafers per month, _busd billions of USD, _gw gigawatts, _months months.
Reading YAML files is game.io.scenarios' job; this module only validates data already in memory.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from game.domain.calendar import parse_ym
from game.domain.errors import ConfigError

Frac = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
# 1e12 bounds every quantity: larger numbers are typos, and they would overflow the arithmetic
Pos = Annotated[float, Field(gt=0.0, le=1e12, allow_inf_nan=False)]
NonNeg = Annotated[float, Field(ge=0.0, le=1e12, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Months = Annotated[int, Field(ge=0, le=600)]
NodeName = Literal["N2", "N3", "N7"]
RegionName = Literal["TW", "KR", "US", "JP", "CN", "NL", "EU"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


def _ym(value: str) -> str:
    parse_ym(value)
    return value


class Calendar(Strict):
    start: str = "2026-01"
    months: Annotated[int, Field(ge=1, le=600)] = 180
    _check = field_validator("start")(_ym)


class DemandShock(Strict):
    month: Months
    months: Annotated[int, Field(ge=1, le=600)]
    multiplier: Annotated[float, Field(gt=0.0, le=20.0, allow_inf_nan=False)]


class Demand(Strict):
    accelerators_per_month: Pos
    growth_per_year: Annotated[float, Field(ge=-0.5, le=3.0, allow_inf_nan=False)]
    growth_halflife_years: Pos
    noise_sd: Annotated[float, Field(ge=0.0, le=0.5, allow_inf_nan=False)]
    shocks: list[DemandShock] = []
    backlog_patience: Frac
    dram_wafers_kwpm: Pos
    dram_growth_per_year: Annotated[float, Field(ge=-0.5, le=2.0, allow_inf_nan=False)]
    dram_noise_sd: Annotated[float, Field(ge=0.0, le=0.5, allow_inf_nan=False)]
    non_ai_leading_share: Frac


class Node(Strict):
    wafer_price_usd: Pos
    pflops_factor: Pos
    euv_per_10k_wpm: NonNeg
    needs_euv: bool


class Accelerators(Strict):
    price_usd: Pos
    gross_dies_per_wafer: Pos
    dies_per_accelerator: Pos
    hbm_stacks_per_accelerator: Pos
    pflops_2026: Pos
    pflops_growth_per_year: Annotated[float, Field(ge=0.0, le=2.0, allow_inf_nan=False)]
    kw_per_accelerator: Pos
    wafer_cycle_months: Annotated[int, Field(ge=1, le=24)]
    price_scarcity_elasticity: NonNeg


class Region(Strict):
    permit_months: Months
    build_months: Annotated[int, Field(ge=1, le=240)]
    slip_prob_per_month: Frac
    slip_months: Months


class Foundry(Strict):
    id: str
    name: str
    company: str
    region: RegionName
    capacity_wpm: dict[NodeName, NonNeg]
    yield_: dict[NodeName, Frac] = Field(alias="yield")
    build_node: NodeName
    # a follower whose next node depends on trade (B8): N2 when EUV may be sold to it, N3 once
    # domestic tools work, else build_node
    node_follows_trade: bool = False
    project_wpm: Pos
    max_projects: Count
    expand_at_utilization: Pos
    state_backed: bool = False


class Chipmaker(Strict):
    id: str
    name: str
    country: RegionName
    demand_share: Frac
    foundry_weights: dict[str, Pos]
    node: NodeName
    contract_share: Frac
    prepays: bool
    target_inventory_months: NonNeg
    serves_china_only: bool = False


class MemoryMaker(Strict):
    id: str
    name: str
    country: RegionName
    wafers_kwpm: Pos
    hbm_share: Frac
    hbm_share_max: Frac
    hbm_yield: Frac
    hbm_yield_gain_per_year: Frac
    invest_price_index: Pos
    cut_price_index: Pos
    expansion_share: Pos
    state_backed: bool = False


class Litho(Strict):
    id: str
    name: str
    country: RegionName
    euv_per_year: Pos
    euv_growth_per_year_max: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
    euv_capacity_ceiling_per_year: Pos
    expand_at_backlog_years: Pos
    euv_min_lead_months: Months
    euv_backlog_start: NonNeg = 0.0  # systems ordered before the campaign, shipping from month 0
    euv_price_musd: Pos
    other_orders_per_year: NonNeg
    other_orders_growth_per_year: Annotated[float, Field(ge=-0.5, le=1.0, allow_inf_nan=False)]
    next_gen_date: str
    next_gen_price_musd: Pos
    duv_per_year: Pos
    _check = field_validator("next_gen_date")(_ym)


class ToolVendor(Strict):
    id: str
    name: str
    country: RegionName
    kind: str
    sets_per_month: Pos
    min_lead_months: Months
    price_busd_per_set: Pos
    growth_per_year: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class DatedDecision(Strict):
    date: str
    action: Literal["export_level", "tariff", "subsidy"]
    value: float = Field(ge=-100.0, le=100.0, allow_inf_nan=False)
    announce_months: Months = 0
    note: str = ""
    _check = field_validator("date")(_ym)


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
    export_control_level: Annotated[int, Field(ge=0, le=4)] = 0
    controls_enabled: bool = True
    raise_at_china_share: Frac = 0.2
    announce_months: Months = 6
    tariff_on_imports: Frac = 0.0
    subsidy_share: Frac = 0.0
    concentration_threshold: Frac = 0.5
    sanction_tariff: Annotated[float, Field(ge=0.0, le=5.0, allow_inf_nan=False)] = 1.0
    domestic_tools_months: Months = 0
    history: list[DatedDecision] = []

    @model_validator(mode="after")
    def _controls_need_a_target(self) -> Regulator:
        if "export_controls" in self.roles and self.controls_target in (None, self.country):
            raise ValueError(f"regulator '{self.id}' controls exports: name its "
                             "controls_target, another country")
        return self


class Turbines(Strict):
    backlog_gw: NonNeg
    oem_gw_per_year: Pos
    oem_growth_per_year: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
    others_order_gw_per_month: NonNeg
    others_growth_per_year: Annotated[float, Field(ge=-0.5, le=2.0, allow_inf_nan=False)]
    capex_busd_per_gw: Pos
    min_lead_months: Months
    max_share_of_output: Frac


class Power(Strict):
    grid_queue_months: Months
    grid_queue_spread_months: Months
    grid_capex_busd_per_gw: Pos
    grid_max_request_gw: Pos
    grid_max_pending_gw: Pos
    turbines: Turbines
    solar_lead_months: Months
    solar_capex_busd_per_gw: Pos
    solar_capacity_factor: Frac
    solar_max_gw_per_year: Pos
    launch_tons_per_year_start: Pos
    launch_tons_per_year_max: Pos
    launch_ramp_midpoint_month: Months
    launch_ramp_width_months: Pos
    space_kw_per_ton: Pos
    space_capex_busd_per_gw: Pos
    space_share_of_launch: Frac


class ChipGeneration(Strict):
    name: str
    earliest: str
    design_months: Months
    design_cost_busd: Pos
    pflops: Pos
    node: NodeName
    edge_capable: bool
    requires: str | None = None
    _check = field_validator("earliest")(_ym)


class TerafabSite(Strict):
    id: str
    name: str
    region: RegionName
    permit_months: Months
    build_months: Annotated[int, Field(ge=1, le=240)]


class TerafabPhase(Strict):
    capex_busd: Pos
    capacity_wpm: Pos


class Terafab(Strict):
    sites: list[TerafabSite]
    phases: list[TerafabPhase]
    node: NodeName
    tool_install_months: Months
    staff_per_10k_wpm: Pos
    hires_per_month_max: Pos
    salary_busd_per_1000_staff_month: NonNeg
    yield_start: Frac
    yield_mature: Frac
    ramp_months: Pos
    tool_mod_max_gain: Frac
    tool_mod_busd_per_gain_point: Pos
    litho_bet_busd_per_month: Pos
    litho_bet_expected_months: Pos
    litho_bet_success_chance: Frac


class Firm(Strict):
    name: str
    cash_busd: float = Field(ge=-1e6, le=1e6, allow_inf_nan=False)
    base_cash_flow_busd_per_month: float = Field(ge=-1e4, le=1e4, allow_inf_nan=False)
    revenue_busd_per_eflops_month: Pos
    revenue_decline_per_year: Frac
    revenue_exponent: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]
    initial_accelerators: Count
    initial_pflops_per_accelerator: Pos
    initial_power_gw: NonNeg
    initial_accelerators_waiting_power: Count = 0   # delivered, not yet powered (a lesson's start)
    compute_target_growth_per_year: Annotated[float, Field(ge=0.0, le=10.0, allow_inf_nan=False)]
    compute_target_start_ratio: Pos
    compute_target_halflife_years: Pos
    edge_devices_per_month: NonNeg
    edge_devices_growth_per_year: Annotated[float, Field(ge=0.0, le=5.0, allow_inf_nan=False)]
    edge_pflops_factor: Pos
    edge_revenue_usd_per_device: NonNeg
    ipo_earliest: str
    ipo_raise_busd: Pos
    equity_max_busd: Pos
    equity_cooldown_months: Months
    debt_rate_per_year: Frac
    debt_max_busd: NonNeg
    contract_max_share_of_site: Frac
    prepay_share: Frac
    _check = field_validator("ipo_earliest")(_ym)


class Memory(Strict):
    build_months: Annotated[int, Field(ge=1, le=120)]
    hbm_stacks_per_wafer: Pos
    dram_price_usd_per_wafer: Pos
    hbm_price_usd_per_stack: Pos
    price_elasticity: Pos
    price_adjust_per_month: Frac


class Behaviour(Strict):
    alpha_stock: Frac
    beta_supply_line: Annotated[float, Field(ge=0.0, le=2.0, allow_inf_nan=False)]
    theta_smoothing: Frac
    rationing_overorder: Annotated[float, Field(ge=0.0, le=5.0, allow_inf_nan=False)]


# kinds of rule numbers in agent_rules
PriceIndex = Annotated[float, Field(gt=0.0, le=1e6, allow_inf_nan=False)]  # 100 = list price
Share = Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]  # a fraction above 0
Spread = Annotated[float, Field(ge=0.0, lt=1.0, allow_inf_nan=False)]  # x (1 +/- this)
Multiplier = Annotated[float, Field(ge=0.0, le=100.0, allow_inf_nan=False)]
Growth = Annotated[float, Field(ge=1.0, le=100.0, allow_inf_nan=False)]  # a factor, at least 1
Years = Annotated[float, Field(ge=0.0, le=50.0, allow_inf_nan=False)]
EveryMonths = Annotated[int, Field(ge=1, le=600)]  # at least a month
AtLeastOne = Annotated[int, Field(ge=1, le=1000)]


class FoundryRules(Strict):
    """How every foundry site prices wafers, reads orders and builds fabs (H9, H6, B2, B8, H2)."""

    price_elasticity: NonNeg                 # H9: the index heads for 100 x (asked/capacity)^this
    price_adjust_per_month: Share            # H9: share of the gap to that target closed a month
    price_floor_index: PriceIndex            # H9: a wafer price index never falls below this
    price_ceiling_index: PriceIndex          # H9: ... and never rises above this
    orders_smoothing_per_month: Share        # H6: share of the gap to this month's orders closed
    orders_trend_smoothing_per_month: Share  # H6: the same for the orders' monthly growth
    expansion_horizon_years: Years           # H6: orders extrapolated this far on their trend
    state_backed_expand_at_utilization: Pos  # B8/A8: orders/capacity at which a state fab builds
    new_fab_first_yield: Frac                # H2: yield of a new fab's first wafers
    new_fab_ramp_per_month: Share            # H2: share of the gap to mature yield closed a month
    new_node_mature_yield: Frac              # H2: mature yield of a node new to the site
    no_euv_mature_yield: Frac                # B8: mature leading-edge yield built without EUV
    yield_when_not_given: Frac               # yield of a node whose config gives no yield
    duv_systems_per_10k_wpm: NonNeg          # DUV scanners a fab of a non-EUV node orders
    pull_forward_extra_projects: Count       # H5: fabs a site may build at once, added
    pull_forward_duv_systems: NonNeg         # H5: DUV scanners rushed in before controls bite


class MemoryRules(Strict):
    """How every memory maker moves wafers to HBM, builds, cuts and fades (B1, H3, H7, A8)."""

    hbm_yield_max: Frac                      # H7: HBM yield climbs at most to this
    hbm_shift_at_shortage: NonNeg            # B1: move wafers to HBM when asked tops made by this
    hbm_shift_back_at_surplus: NonNeg        # B1: move back when made exceeds asked by this share
    hbm_share_step_up: Frac                  # B1: share of wafers moved to HBM in a month
    hbm_share_step_down: Frac                # B1: share moved back in a month
    hbm_share_min: Frac                      # B1: HBM share never moved back below this
    hbm_news_step: Share                     # a change of HBM share this large makes news
    max_builds_at_once: AtLeastOne           # H3: fabs one maker builds at once
    months_between_builds: Months            # H3: months between two fab starts
    cut_utilization: Frac                    # H3: wafer starts, as share of full, in a price bust
    full_starts_above_price_index: PriceIndex  # H3: back to full starts above this DRAM index
    build_size_multiplier_max: Growth        # H3: a boom multiplies a fab's size at most this
    state_backed_builds_above_price_index: PriceIndex  # A8: a state maker builds above this index
    sanctioned_capacity_kept_per_month: Frac  # A8: a sanctioned maker keeps this share of lines
    sanctioned_capacity_floor_kwpm: NonNeg   # A8: ... down to this many thousand wafers a month


class ChipmakerRules(Strict):
    """How every chipmaker pads orders when rationed and plans wafers (H6)."""

    rationed_below_fill: Frac                # H6: a fill ratio below this pads the next order
    rationing_over_above_fill: Frac          # H6: above this, rationing is over (news re-armed)
    planning_yield_when_unknown: Share       # wafers planned at this yield where none is known


class RegulatorRules(Strict):
    """How every regulator's roles act in rules mode (B8, A8)."""

    controls_trigger_growth: Growth          # B8: the trigger share is multiplied after a raise
    controls_trigger_max: Frac               # B8: the raised trigger never passes this share
    dominance_months: EveryMonths            # A8: months above the threshold before an answer
    home_subsidy_after_sanction: Frac        # A8: fab subsidy at home once a sanction stands
    domestic_tools_time_spread: Spread       # B8: domestic tools take months x (1 +/- this)


class ToolVendorRules(Strict):
    """How the EUV maker and the other tool vendors grow and ship (H4, H6)."""

    expand_at_backlog_months: NonNeg         # H6: a vendor grows while this much output waits
    duv_min_lead_months: Months              # DUV scanners ship this long after the order
    euv_news_step_per_year: AtLeastOne       # H4: EUV output up this many a year makes news


class TerafabRules(Strict):
    """How the player's own fab gets permits, gains from tool mods and bets on lithography."""

    permit_slip_multiplier: Multiplier       # A5: permits slip at this x the region's chance
    tool_mod_adjust_per_month: Share         # B6: share of the gap to the target gain closed
    litho_bet_time_spread: Spread            # B9: success after expected months x (1 +/- this)
    litho_bet_news_every_months: EveryMonths  # B9: news of the bet's progress this often
    own_litho_euv_per_month: NonNeg          # B9: EUV-class tools a month once the bet pays off
    talent_binds_below_staff_share: Frac     # B7: staff/needed below this: talent holds it back


class FabProjectRules(Strict):
    """When a ramping fab (a foundry's or the Terafab) counts as at volume (H2, B2)."""

    volume_at_share_of_mature_yield: Share   # H2: at volume once yield reaches this x mature


class MarketRules(Strict):
    """Scarcity prices (H9) of HBM and accelerators, and the bounds of the world's price indices."""

    hbm_price_elasticity: NonNeg             # H9: the HBM index heads for 100 x (asked/made)^this
    hbm_price_adjust_per_month: Share        # H9: share of the gap closed a month
    accelerator_price_adjust_per_month: Share  # H9: the same for accelerators
    price_floor_index: PriceIndex            # H9: DRAM, HBM and accelerator indices stay above
    price_ceiling_index: PriceIndex          # H9: ... and below this
    scarcity_ratio_max: Pos                  # H9: demand/supply counts at most this (all sellers)


ControlLevel = Annotated[int, Field(ge=0, le=4)]


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
    compute_weight: NonNeg = 1.0
    self_sufficiency_weight: NonNeg = 200.0
    net_worth_weight: NonNeg = 1.0


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
        path = ".".join(str(p) for p in item["loc"]) or "(top level)"
        msg = item["msg"]
        if item["type"] == "extra_forbidden":
            msg = "unknown key"
        elif item["type"] == "missing":
            msg = "required key is missing"
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
