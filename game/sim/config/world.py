"""A world: its calendar, demand, nodes, regions, agents, power, chips, the Terafab, the firm, and
the rule numbers of its agents, commands and scripted players."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from game.domain.rules import RULES
from game.i18n import msg
from game.sim.config.agent_rules import AgentRules
from game.sim.config.command_rules import Policies, Rules
from game.sim.config.shocks import Rival, Shocks
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


class ProjectAtStart(Strict):
    """A fab under construction when the campaign opens (A5: e.g. intel_ohio_slip)."""

    node: NodeName
    capacity_wpm: span(100.0, 1e6)
    broke_ground: str                  # YYYY-MM: when construction began (before the campaign)
    build_months_left: whole(1, 240)   # construction still to do, before any further slip
    slipped_months: Months = 0         # already late by this much when the campaign opens
    _check = field_validator("broke_ground")(_ym)


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
    project_at_start: ProjectAtStart | None = None


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
    # A6: its next product generation launches then (YYYY-MM), the next ones every
    # chipmaker.generation_months, each on the newest node its foundries run
    next_generation: str = "2027-01"
    _check = field_validator("next_generation")(_ym)


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
            raise ValueError(msg("errors.world.export_level", got=self.value))
        if self.action == "subsidy" and self.value > 1.0:
            raise ValueError(msg("errors.world.subsidy", got=self.value))
        return self


RegulatorRole = Literal["export_controls", "dominance_answer", "domestic_tools", "permits"]
# A8: what an answer watches: a region's share of leading-edge good wafers, or the player's share
# of the world's HBM (its running contracts over the stacks made) or of the foundries'
# leading-edge output (its running contracts' good wafers over all good wafers the foundries start)
DominanceWatch = Literal["leading_edge_region", "player_hbm", "player_wafers"]
DominanceResponse = Literal["subsidise_rivals", "antitrust_cap"]


class DominanceAnswer(Strict):
    """A8: a regulator's answer to dominance. When the watched holder's share stays above
    `threshold` for `months`, the answer comes, once: `subsidise_rivals` (fab grants at home:
    `subsidy_share` of capex, and home foundry sites build from `build_ahead_at_utilization`
    with `extra_projects` more fabs at once) or `antitrust_cap` (the player may hold at most
    `cap_share` of each supplier's output under contract from then on)."""

    watch: DominanceWatch
    threshold: Frac
    months: whole(1, 600)
    response: DominanceResponse
    subsidy_share: Frac = 0.0
    build_ahead_at_utilization: span(0.05, 1.0) = 1.0
    extra_projects: whole(0, 10) = 0
    cap_share: Frac = 1.0

    @model_validator(mode="after")
    def _response_fits_watch(self) -> DominanceAnswer:
        on_player = self.watch.startswith("player_")
        if on_player != (self.response == "antitrust_cap"):
            raise ValueError(msg("errors.world.answer", watch=self.watch,
                                 response=self.response))
        return self


class PowerReview(Strict):
    """Permit opposition to very large power draws (A5): an order that takes the firm's power
    (online and on order) above `above_gw` waits `months` more, plus `months_per_10gw_over` for
    each 10 GW past it (at most `max_months`), and pays `conditions_cost_share` more for the
    conditions attached (water, local grid upgrades, community agreements)."""

    above_gw: span(0.0, 1e5)
    months: Months
    months_per_10gw_over: span(0.0, 600.0)
    max_months: Months
    conditions_cost_share: Frac


class Regulator(Strict):
    """A government. Its `roles` say what it does each month: `export_controls` (against
    `controls_target`; B8, H5, H10), `dominance_answer` (A8: the memory market by country, and
    its `answers`), `domestic_tools` (B8), `permits` (fab, land, air and water permits: it grants
    the Terafab's and reviews very large power draws, `power_review`)."""

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
    answers: Annotated[list[DominanceAnswer], Field(max_length=16)] = []
    power_review: PowerReview | None = None

    @model_validator(mode="after")
    def _controls_need_a_target(self) -> Regulator:
        if "export_controls" in self.roles and self.controls_target in (None, self.country):
            raise ValueError(msg("errors.world.controls_target", id=self.id))
        return self


class CastingSupplier(Strict):
    """One of the three blade and vane casters that bound turbine output (B10)."""

    id: str
    name: str
    gw_per_year: span(0.1, 1e4)  # turbines' worth of blade sets it casts a year


class Turbines(Strict):
    casting_suppliers: Annotated[list[CastingSupplier], Field(min_length=1, max_length=20)]
    booked_until: str  # B10: every caster's book is full to this month at the start
    others_order_gw_per_month: span(0.0, 1e3)
    others_growth_per_year: span(-0.5, 2.0)
    expand_above_lead_months: span(1.0, 600.0)  # a caster adds lines once booked this far ahead
    expansion_share: span(0.0, 1.0, above=True)  # ... this share of its output
    expansion_months: whole(1, 240)              # ... pouring this many months later
    months_between_expansions: whole(1, 240)
    capex_busd_per_gw: Price
    min_lead_months: Months
    max_share_of_output: Frac
    _check = field_validator("booked_until")(_ym)

    @field_validator("casting_suppliers")
    @classmethod
    def _unique(cls, suppliers: list[CastingSupplier]) -> list[CastingSupplier]:
        if len({s.id for s in suppliers}) != len(suppliers):
            raise ValueError(msg("errors.world.casting_unique"))
        return suppliers


class GridLoad(Strict):
    """B11: the grid's peak capability against its peak and average load, growing together."""

    capacity_gw: span(1.0, 1e6)
    peak_load_gw: span(0.0, 1e6)
    average_load_gw: span(0.0, 1e6)
    growth_per_year: span(-0.5, 1.0)  # load and capacity alike
    reserve_margin: Frac  # share of capability the utility keeps spare at the peak


class Power(Strict):
    grid_queue_months: Months
    grid_queue_spread_months: Months
    grid_capex_busd_per_gw: Price
    grid_max_request_gw: span(0.01, 1e4)
    grid_max_pending_gw: span(0.01, 1e4)
    grid_load: GridLoad
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
    power_news_min_share: span(0.0, 1.0)  # power arriving is news when it adds this share
    idle_chip_thresholds: Annotated[list[span(1.0, 1e10)], Field(min_length=1, max_length=12)]

    @field_validator("idle_chip_thresholds")
    @classmethod
    def _rising(cls, values: list[float]) -> list[float]:
        if any(b <= a for a, b in zip(values, values[1:], strict=False)):
            raise ValueError(msg("errors.world.idle_thresholds"))
        return values


class Fleet(Strict):
    """The firm's accelerators age out (H13) and its edge devices are bounded (B11)."""

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
    """A site for the Terafab: each trades permits and build time, labour, water, grid and
    incentives against the others (#15)."""

    id: str
    name: str
    region: RegionName
    permit_months: Months
    build_months: whole(1, 240)
    hires_per_month: span(1.0, 1e6)              # B7: the site's labour pool
    water_slip_multiplier: span(0.0, 10.0)       # A5: x the Terafab's construction slip chance
    grid_outage_chance_per_month: Frac           # A4: a grid event stops the fab this month
    local_subsidy_share: Frac                    # state and county incentives on capex
    permit_authority: str                        # the agency that grants the site's permits


class TerafabPhase(Strict):
    capex_busd: span(0.1, 1e4)
    capacity_wpm: span(100.0, 1e6)


class Terafab(Strict):
    sites: list[TerafabSite]
    phases: list[TerafabPhase]
    node: NodeName
    tool_install_months: Months
    staff_per_10k_wpm: span(1.0, 1e5)
    salary_busd_per_1000_staff_month: span(0.0, 10.0)
    yield_start: Frac
    yield_mature: Frac
    # B7: wafers run for the yield gap to close by e (a month's ramp is capped at the whole gap)
    wafers_per_yield_efold: span(1.0, 1e9)
    yield_carry_over_share: Frac
    first_output_earliest: str                   # A3: no output before this month (YYYY-MM)
    slip_chance_per_month: Frac                  # A5: construction slips in this share of months
    slip_months: whole(0, 120)
    slip_months_max: whole(0, 600)               # A5: a phase stops slipping after this many
    overrun_share_per_slip_month: span(0.0, 1.0)  # A5: capex added per month of slip
    grid_outage_output_lost_share: Frac          # A4: share of a month's wafers a grid event scraps
    tool_mod_max_gain: Frac
    tool_mod_busd_per_gain_point: span(0.001, 100.0)
    tool_mod_excursion_chance: Frac              # B6: a programme sets off a yield excursion
    tool_mod_excursion_yield_share: Frac         # B6: ... losing this share of the yield
    litho_bet_busd_per_month: span(0.001, 100.0)
    litho_bet_expected_months: span(1.0, 600.0)
    litho_bet_success_chance: Frac
    _check = field_validator("first_output_earliest")(_ym)


class PartnerOffer(Strict):
    """Intel's terms for a foundry partner (A9): from `earliest`, a dedicated line of up to
    `max_wpm` wafers a month of `node` at foundry site `site`, built in `build_months` (then the
    site's tool install and the region's slips), co-funded by the partner up front
    (`upfront_busd_per_10k_wpm`), its wafers sold at `wafer_price_usd` and ramping from
    `first_yield` toward `mature_yield`, closing `ramp_per_month` of the gap a month."""

    id: str
    name: str
    site: str
    node: NodeName
    earliest: str
    build_months: whole(1, 240)
    max_wpm: span(100.0, 1e6)
    upfront_busd_per_10k_wpm: span(0.0, 1e3)
    wafer_price_usd: span(100.0, 1e6)
    first_yield: Frac
    mature_yield: span(0.01, 1.0)
    ramp_per_month: span(0.01, 1.0)
    partner_share_of_line: span(0.05, 1.0)  # Intel keeps the rest for its own and PC chips
    _check = field_validator("earliest")(_ym)


class IntelPartner(Strict):
    """Intel as a foundry partner the player can sign with (A9): its offers."""

    offers: Annotated[list[PartnerOffer], Field(max_length=8)] = []


class Firm(Strict):
    name: str
    cash_busd: span(-1e5, 1e6)
    base_cash_flow_busd_per_month: span(-1e3, 1e3)
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


class Finance(Strict):
    """Money that bites: the market for compute (F1), running costs, the cost of money (F2),
    covenants (F3) and shares (A7)."""
    compute_price_busd_per_eflops_month: span(1e-7, 10.0)  # at the start
    world_compute_start_eflops: span(1.0, 1e9)  # installed by everyone but the player
    world_compute_service_years: span(0.5, 50.0)
    compute_price_elasticity: span(0.0, 3.0)
    compute_price_news_step: span(0.01, 0.99)  # news when the price fell this share since the last
    power_usd_per_mwh: span(0.0, 1e4)
    dc_opex_usd_per_accelerator_month: span(0.0, 1e5)
    credit_line_busd: span(0.0, 1e5)
    credit_line_rate_per_year: Frac
    max_net_debt_to_ebitda: span(0.1, 100.0)
    max_debt_to_ebitda_at_issue: span(0.0, 100.0)
    cure_months: whole(1, 120)
    forced_sale_months: whole(1, 120)
    max_forced_sales: whole(0, 100)
    forced_sale_share_per_month: Frac
    forced_sale_price_share: Frac
    shares_start_m: span(1.0, 1e6)
    valuation_ebitda_multiple: span(0.0, 1000.0)
    valuation_min_busd: span(0.1, 1e6)
    equity_issue_discount: span(0.0, 0.9)
    equity_max_share_of_value: span(0.01, 1.0)


class Memory(Strict):
    build_months: whole(1, 120)
    hbm_stacks_per_wafer: span(1.0, 1e4)
    dram_price_usd_per_wafer: span(100.0, 1e6)
    hbm_price_usd_per_stack: span(1.0, 1e5)
    # DRAM's index moves toward (demand / supply)^elasticity, the ratio capped at 4 (see
    # accelerators.price_scarcity_elasticity): above 5 it only pins the index at its ceiling
    price_elasticity: span(0.0, 5.0, above=True)
    price_adjust_per_month: Frac
    # H11: the share of DRAM demand the makers' wafers meet as the campaign opens (2026 spike)
    start_dram_fulfilment: span(0.05, 1.0)
    spike_halflife_months: span(0.1, 600.0)  # H11: the extra demand halves this often
    spike_ramp_months: whole(1, 24)  # H11: ... after coming in over this many months
    # H12: months from a maker's decision to convert lines to HBM to the converted lines running
    hbm_line_months: whole(1, 120)


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
    intel_partner: IntelPartner = IntelPartner()
    firm: Firm
    finance: Finance
    agent_rules: AgentRules
    rules: Rules
    policies: Policies
    shocks: Shocks | None = None  # S1-S7: none when the world has no `shocks:` section
    rival: Rival | None = None    # R1-R4: none when the world has no `rival:` section
    # rule ids switched off, for ablations: each agent rule checks `model.rule_on(id)` where it acts
    rules_off: Annotated[list[str], Field(max_length=64)] = []

    @field_validator("rules_off")
    @classmethod
    def _known_rules(cls, ids: list[str]) -> list[str]:
        unknown = [i for i in ids if i not in RULES]
        if unknown:
            raise ValueError(msg("errors.world.unknown_rules", ids=", ".join(map(str, unknown)),
                                 known=", ".join(RULES)))
        return ids

    @model_validator(mode="after")
    def _cross_references(self) -> World:
        ids = [f.id for f in self.foundries]
        if len(set(ids)) != len(ids):
            raise ValueError(msg("errors.world.foundry_unique"))
        for cm in self.chipmakers:
            for site in cm.foundry_weights:
                if site not in ids:
                    raise ValueError(msg("errors.world.chipmaker_foundry", id=cm.id, site=site))
        for site in self.rival.foundry_weights if self.rival is not None else ():
            if site not in ids:
                raise ValueError(msg("errors.world.rival_foundry", id=self.rival.id, site=site))
        for f in self.foundries:
            if f.region not in self.regions:
                raise ValueError(msg("errors.world.foundry_region", id=f.id, region=f.region))
            for node in f.capacity_wpm:
                if node not in self.nodes:
                    raise ValueError(msg("errors.world.foundry_node", id=f.id, node=node))
        gens = {g.name for g in self.chip_generations}
        for g in self.chip_generations:
            if g.requires is not None and g.requires not in gens:
                raise ValueError(msg("errors.world.generation", name=g.name,
                                     requires=g.requires))
        for site in self.terafab.sites:
            if site.region not in self.regions:
                raise ValueError(msg("errors.world.site_region", id=site.id,
                                     region=site.region))
        for offer in self.intel_partner.offers:
            site = next((f for f in self.foundries if f.id == offer.site), None)
            if site is None or offer.node not in site.capacity_wpm:
                raise ValueError(msg("errors.world.intel_offer", id=offer.id, site=offer.site,
                                     node=offer.node))
        if not self.terafab.sites or not self.terafab.phases:
            raise ValueError(msg("errors.world.terafab_sites"))
        firm, kw = self.firm, self.accelerators.kw_per_accelerator
        need_gw = firm.initial_accelerators * kw / 1e6
        if need_gw > firm.initial_power_gw + POWER_TOLERANCE_GW:
            raise ValueError(msg("errors.world.initial_power", n=firm.initial_accelerators,
                                 kw=kw, need_gw=need_gw, have_gw=firm.initial_power_gw))
        return self
