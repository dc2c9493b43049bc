"""The numbers of the player's commands (`world.rules`, game/agents/commands/) and of the scripted
players (`world.policies`, game/agents/policies.py)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from game.sim.config.types import (
    Busd,
    ContractMonths,
    EveryMonths,
    Frac,
    Gw,
    Months,
    StoryFactor,
    Strict,
    span,
)


class SupplyRules(Strict):
    accelerator_order_cash_share: Frac
    hbm_max_share_of_maker: Frac
    hbm_contract_premium: Frac
    design_after_predecessor_months: Months


class TerafabCommandRules(Strict):
    permit_filing_busd: Busd
    phase_upfront_share: Frac
    tool_mod_months: Months


class PowerRules(Strict):
    turbine_deposit_share: Frac
    space_min_launch_tons_per_year: span(0.0, 1e7)


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
    terafab: TerafabCommandRules
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
    max_debt_to_ebitda: span(0.0, 100.0)
    repay_above_floor_multiple: span(1.0, 100.0)


class FoundryHabits(Strict):
    renew_within_months: Months
    min_wafers_per_month: span(0.0, 1e6)
    wafers_step: Annotated[int, Field(ge=1, le=100000)]
    contract_months: ContractMonths


class MemoryHabits(Strict):
    cover_after_months: Months
    min_cover_share: Frac
    min_block_stacks: span(0.0, 1e8)
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
    # the policy's own habits where they differ from the shared sections (None: the shared one)
    power: PowerHabits | None = None
    memory: MemoryHabits | None = None
    capital: CapitalHabits | None = None


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
    max_phases: Annotated[int, Field(ge=0, le=20)] = 20  # a save from before: every phase
    # the policy's own habits where they differ from the shared sections (None: the shared one)
    power: PowerHabits | None = None
    memory: MemoryHabits | None = None
    capital: CapitalHabits | None = None


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
    # the policy's own habits where they differ from the shared sections (None: the shared one)
    power: PowerHabits | None = None
    memory: MemoryHabits | None = None
    capital: CapitalHabits | None = None


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
