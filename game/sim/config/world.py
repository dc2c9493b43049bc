"""A world: its calendar, demand, nodes, regions, agents, power, chips, the Terafab, the firm, and
the rule numbers of its agents, commands and scripted players."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from game.domain.rules import RULES
from game.sim.config.agent_rules import AgentRules
from game.sim.config.command_rules import Policies, Rules
from game.sim.config.types import (
    POWER_TOLERANCE_GW,
    Frac,
    Growth,
    Months,
    NodeName,
    Price,
    RegionName,
    Strict,
    _ym,
    span,
    whole,
)


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
    # what one chip of this design draws all-in and carries: None for the accelerators' figures
    kw_per_chip: span(0.01, 100.0) | None = None
    hbm_stacks_per_chip: span(1.0, 100.0) | None = None  # chips are counted by their stacks
    _check = field_validator("earliest")(_ym)


class FleetEvents(Strict):
    """When the firm's story is news (B1): a wall that holds, chips that pile up."""

    factor_holds_months: whole(1, 60)  # a new limiting factor is news once it holds this long
    idle_chip_thresholds: Annotated[list[span(1.0, 1e10)], Field(min_length=1, max_length=12)]

    @field_validator("idle_chip_thresholds")
    @classmethod
    def _rising(cls, values: list[float]) -> list[float]:
        if any(b <= a for a, b in zip(values, values[1:], strict=False)):
            raise ValueError("idle_chip_thresholds must rise, smallest first")
        return values


class Fleet(Strict):
    """The firm's accelerators age out (H11) and its edge devices are bounded (B11)."""

    dc_service_life_months: whole(1, 600)
    edge_service_life_months: whole(1, 600)
    initial_fleet_age_months: Months  # the starting cluster's age in the first month
    edge_kw_per_chip: span(0.001, 100.0)
    edge_hbm_stacks_per_chip: span(0.01, 100.0)  # not 0: edge chips are counted by their memory
    night_idle_gw: span(0.0, 1e5)
    night_idle_growth_per_year: Growth
    night_share_for_group: Frac
    events: FleetEvents


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
    fleet: Fleet
    terafab: Terafab
    firm: Firm
    agent_rules: AgentRules
    rules: Rules
    policies: Policies
    # rule ids switched off, for ablations: each agent rule checks `model.rule_on(id)` where it acts
    rules_off: Annotated[list[str], Field(max_length=64)] = []

    @field_validator("rules_off")
    @classmethod
    def _known_rules(cls, ids: list[str]) -> list[str]:
        unknown = [i for i in ids if i not in RULES]
        if unknown:
            raise ValueError(f"unknown rule id(s) {', '.join(map(str, unknown))} "
                             f"(known: {', '.join(RULES)})")
        return ids

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
