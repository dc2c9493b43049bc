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


class Regulator(Strict):
    id: str
    name: str
    country: RegionName
    mode: Literal["history", "rules"]
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
    rules: Rules
    policies: Policies

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


# ---------------------------------------------------------------------------- command rules
# The numbers of the player's commands (game/agents/commands/) and of the scripted players
# (game/agents/policies.py), kept in the world file like every other figure.
Busd = Annotated[float, Field(ge=0.0, le=1e4, allow_inf_nan=False)]
Gw = Annotated[float, Field(ge=0.0, le=1e3, allow_inf_nan=False)]
EveryMonths = Annotated[int, Field(ge=1, le=600)]
ContractMonths = Annotated[int, Field(ge=6, le=120)]  # the commands' own bounds
StoryFactor = Annotated[float, Field(ge=0.0, le=10.0, allow_inf_nan=False)]


class SupplyRules(Strict):
    accelerator_order_cash_share: Frac
    hbm_max_share_of_maker: Frac
    hbm_contract_premium: Frac
    design_after_predecessor_months: Months


class TerafabRules(Strict):
    permit_filing_busd: Busd
    phase_upfront_share: Frac
    yield_ramp_efolds: Annotated[float, Field(gt=0.0, le=10.0, allow_inf_nan=False)]
    tool_mod_months: Months


class PowerRules(Strict):
    turbine_deposit_share: Frac
    space_min_launch_tons_per_year: NonNeg


class FinanceRules(Strict):
    story_base: StoryFactor
    story_per_compute_multiple: StoryFactor
    story_compute_multiple_cap: Annotated[float, Field(ge=0.0, le=1e3, allow_inf_nan=False)]
    story_terafab_sited: StoryFactor
    story_per_phase: StoryFactor
    story_first_output: StoryFactor
    story_min: StoryFactor
    story_max: StoryFactor


class Rules(Strict):
    supply: SupplyRules
    terafab: TerafabRules
    power: PowerRules
    finance: FinanceRules


class PowerHabits(Strict):
    months_of_chips: Annotated[float, Field(ge=0.0, le=120.0, allow_inf_nan=False)]
    margin_share: Frac
    min_gap_gw: Gw
    min_block_gw: Gw
    space_cash_share: Frac
    space_max_gw: Gw
    grid_every_months: EveryMonths
    grid_min_gw: Gw
    solar_cash_share: Frac
    solar_max_gw: Gw
    turbine_cash_share: Frac
    turbine_max_gw: Gw


class CapitalHabits(Strict):
    equity_share_of_max: Frac
    min_debt_busd: Busd


class FoundryHabits(Strict):
    renew_within_months: Months
    min_wafers_per_month: NonNeg
    wafers_step: Annotated[int, Field(ge=1, le=100000)]
    contract_months: ContractMonths


class MemoryHabits(Strict):
    cover_after_months: Months
    min_cover_share: Frac
    min_block_stacks: NonNeg
    min_block_share_of_need: Frac
    contract_months: ContractMonths


class MerchantHabits(Strict):
    min_cash_busd: Busd
    cash_share: Frac
    min_units: Annotated[int, Field(ge=0, le=10_000_000)]


class BuyerPolicy(Strict):
    cash_floor_busd: Busd
    prepay_above_cash_busd: Busd
    merchant_share_of_power: Frac
    edge_share: Frac


class IntegratorPolicy(Strict):
    cash_floor_busd: Busd
    phase_cash_margin_busd: Busd
    set_shortfall_min: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
    tool_mod_stop_short: Frac
    tool_mod_busd: Annotated[float, Field(ge=0.1, le=100.0, allow_inf_nan=False)]
    tool_mod_min_cash_busd: Busd
    litho_bet_from_month: Months
    litho_bet_min_cash_busd: Busd
    edge_share: Frac


class BalancedPolicy(Strict):
    cash_floor_busd: Busd
    merchant_share_of_power: Frac
    terafab_from_month: Months
    terafab_min_cash_busd: Busd
    first_phase_min_cash_busd: Busd
    more_phases_min_cash_busd: Busd
    max_phases: Annotated[int, Field(ge=0, le=20)]
    tool_shortfall_min: Annotated[float, Field(ge=0.0, le=100.0, allow_inf_nan=False)]
    edge_share: Frac


class Policies(Strict):
    review_every_months: EveryMonths
    lookahead_months: Months
    design_head_start_months: Months
    own_chip_yield: Frac
    min_hire_staff: Annotated[int, Field(ge=10, le=100000)]  # HireStaff's own bounds
    power: PowerHabits
    capital: CapitalHabits
    foundry: FoundryHabits
    memory: MemoryHabits
    merchant: MerchantHabits
    buyer: BuyerPolicy
    integrator: IntegratorPolicy
    balanced: BalancedPolicy


World.model_rebuild()  # its last sections are declared here, after the world itself
Scenario.model_rebuild()
