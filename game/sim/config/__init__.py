"""The typed, validated shape of a world and a scenario (pydantic v2, frozen, unknown keys refused).

Units are in the names: _wpm wafers per month, _busd billions of USD, _gw gigawatts, _months months.
Reading YAML files is game.io.scenarios' job; this module only validates data already in memory.

Every number has a range (`span`, `whole`): wide enough for any world a lesson or a sweep may ask
for (from a tenth to a thousand times today's figure, most of them), narrow enough that every rule
stays numerically sound for a whole campaign: no overflow, no NaN, no division by a near-zero.
Where a limit comes from the arithmetic rather than the physics, the field's comment says why.
tests/test_world_bounds.py plays random worlds drawn within these ranges and checks they stay so.
"""

from game.sim.config.agent_rules import AgentRules
from game.sim.config.command_rules import Policies, Rules
from game.sim.config.scenario import (
    Lesson,
    Scenario,
    Scoring,
    ThingToTry,
    _set_path,
    apply_overrides,
    format_validation_error,
    validate_scenario,
)
from game.sim.config.types import POWER_TOLERANCE_GW, span, whole
from game.sim.config.world import World

__all__ = [
    "POWER_TOLERANCE_GW", "AgentRules", "Lesson", "Policies", "Rules", "Scenario", "Scoring",
    "ThingToTry", "World", "_set_path", "apply_overrides", "format_validation_error", "span",
    "validate_scenario", "whole",
]
