"""The player's commands, one path each: `plan` works a command out once (its numbers, or a refusal
in the player's words); the plan gives the preview and carries itself out. Scripted players send
the same commands, and plan within the same limits (`limits`).

Where a command lives: its family module (supply, partner, terafab, power, finance) holds its
`plan_*` function and its plan class; rule numbers come from `world.rules` in configs/world.yaml.
"""

from __future__ import annotations

from collections.abc import Callable

from game.agents.commands import finance, partner, power, supply, terafab
from game.agents.commands.core import Plan, Preview
from game.agents.commands.fields import _check_fields
from game.domain import commands as c
from game.domain.errors import CommandRefused
from game.domain.rules import RULES
from game.i18n import msg

__all__ = ["PLANNERS", "Plan", "Preview", "execute", "plan", "preview"]

# each command's one planner: the numbers, the refusal or the plan that applies itself
PLANNERS: dict[type[c.Command], Callable[..., Plan]] = {
    c.BookFoundryCapacity: supply.plan_book_foundry,
    c.BuyAccelerators: supply.plan_buy_accelerators,
    c.BookMemory: supply.plan_book_memory,
    c.FundChipGeneration: supply.plan_fund_chip,
    c.SignIntelPartnership: partner.plan_intel_partner,
    c.StartTerafab: terafab.plan_start_terafab,
    c.FundTerafabPhase: terafab.plan_fund_phase,
    c.OrderTools: terafab.plan_order_tools,
    c.HireStaff: terafab.plan_hire_staff,
    c.ModifyTools: terafab.plan_modify_tools,
    c.SetLithographyBet: terafab.plan_litho_bet,
    c.RequestGrid: power.plan_request_grid,
    c.OrderTurbines: power.plan_order_turbines,
    c.BuildSolar: power.plan_build_solar,
    c.LaunchSpaceSolar: power.plan_launch_space,
    c.SetEdgeShare: power.plan_edge_share,
    c.RaiseCapital: finance.plan_raise_capital,
    c.RepayDebt: finance.plan_repay_debt,
}

# Levers that exist only by a rule: switching the rule off (`rules_off`, an ablation) takes the
# lever out of the world, so the command is refused
LEVER_RULES: dict[type[c.Command], str] = {
    c.StartTerafab: "A1", c.FundTerafabPhase: "A1",  # the Terafab and its budget
    c.FundChipGeneration: "A2",                      # own chip designs (vertical integration)
    c.SignIntelPartnership: "A9",
    c.SetLithographyBet: "B9",
    c.LaunchSpaceSolar: "B5",
    c.SetEdgeShare: "B11",                            # edge devices off the power wall
    c.RaiseCapital: "A7",
}


def plan(model, cmd: c.Command) -> Plan:
    """The command worked out now; CommandRefused (changing nothing) when the rules say no."""
    kind = type(cmd)
    planner = PLANNERS.get(kind)
    if planner is None:
        raise CommandRefused(msg("refuse.commands.unknown_command", command=kind.__name__))
    if model.done:
        raise CommandRefused(msg("refuse.commands.campaign_over"))
    _check_fields(cmd)
    lever_rule = LEVER_RULES.get(kind)
    if lever_rule is not None and not model.rule_on(lever_rule):
        raise CommandRefused(msg("refuse.commands.rule_switched_off",
                                 lever_rule=lever_rule, title=RULES[lever_rule].title))
    return planner(model, cmd)


def preview(model, cmd: c.Command) -> Preview:
    """Cost, lead time and effect, or the refusal in words (never raises for a refusal)."""
    try:
        return plan(model, cmd).preview()
    except CommandRefused as exc:
        return Preview(0.0, 0.0, "", str(exc))


def execute(model, cmd: c.Command) -> Plan:
    """Plan then apply; raises CommandRefused (changing nothing) when the rules say no. Returns
    the plan carried out (its `effect` is what the log says), not a Preview built for nobody."""
    worked_out = plan(model, cmd)
    worked_out.apply(model)
    return worked_out
