"""A scenario (a world with a title, goal, lesson card and scoring), its validation into one
readable line per problem, and dotted-path overrides."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from game.domain.errors import ConfigError
from game.i18n import Message, msg
from game.sim.config.types import (
    Strict,
    span,
)
from game.sim.config.world import World


class ThingToTry(Strict):
    label: str
    command: str

    @field_validator("command")
    @classmethod
    def _ready_command(cls, value: str) -> str:
        if not value.startswith(("terafab run ", "terafab batch ")):
            raise ValueError(msg("errors.config.ready_command"))
        return value


class Lesson(Strict):
    """A lesson card: what the scenario teaches, what to watch, three questions, things to try."""

    teaches: str
    watch: Annotated[list[str], Field(min_length=1)]
    questions: Annotated[list[str], Field(min_length=3, max_length=3)]
    things_to_try: Annotated[list[ThingToTry], Field(min_length=1)]


# what a tutorial step waits for: "ok" (the player reads and clicks Next), "time" (the clock runs
# until the step's check holds), a panel ("tab:power"), a command accepted ("command:request_grid"),
# or a screen opened ("why", "charts")
STEP_WAITS = r"^(ok|time|why|charts|tab:[a-z_]+|command:[a-z_]+)$"
# a step's check: "<fact> <op> <number or fact>", the facts named in game/ui/tutorial.py
STEP_CHECK = r"^$|^[a-z_]+ (<=|>=|<|>|==|!=) ([a-z_]+|-?[0-9]+(\.[0-9]+)?)$"


class TutorialStep(Strict):
    """One step of a scenario's guided tutorial: what to tell, what to wait for, what must hold
    for it to count (and what to say when it does not yet)."""

    text: str
    waits_for: Annotated[str, Field(pattern=STEP_WAITS)] = "ok"
    check: Annotated[str, Field(pattern=STEP_CHECK)] = ""
    hint: str = ""


class Medals(Strict):
    """Score thresholds of a campaign's medals (game choice per scenario, each above the last)."""

    bronze: span(-1e6, 1e6)
    silver: span(-1e6, 1e6)
    gold: span(-1e6, 1e6)

    @model_validator(mode="after")
    def _ordered(self) -> Medals:
        if not self.bronze <= self.silver <= self.gold:
            raise ValueError(msg("errors.config.medals"))
        return self


# keys of the score before issue #15 (saves of that time hold them): read and dropped
_OLD_SCORING_KEYS = ("compute_weight", "self_sufficiency_weight", "net_worth_weight")


class Scoring(Strict):
    """The score's weights (game/sim/score.py) and the scenario's goal: medals, or a pass mark
    for a lesson. Every weight is a game choice: compute delivered dominates (a tenfold is worth
    more than any cost can take away); the costs bite a careless player by tens of points."""

    compute_points_per_decade: span(0.0, 1e4) = 100.0
    own_fab_bonus_share: span(0.0, 10.0) = 0.3
    value_points_per_decade: span(0.0, 1e4) = 40.0
    idle_points_per_decade: span(0.0, 1e4) = 100.0
    stranded_cost_points: span(0.0, 1e4) = 40.0
    unused_cost_points: span(0.0, 1e4) = 20.0
    bust_score: span(-1e6, 1e6) = -100.0
    medals: Medals = Medals(bronze=100.0, silver=150.0, gold=200.0)
    pass_score: span(-1e6, 1e6) | None = None  # a lesson: pass or fail instead of medals

    @model_validator(mode="before")
    @classmethod
    def _drop_old_keys(cls, data: object) -> object:
        if isinstance(data, dict) and any(k in data for k in _OLD_SCORING_KEYS):
            data = {k: v for k, v in data.items() if k not in _OLD_SCORING_KEYS}
        return data


class Scenario(Strict):
    name: str
    title: str
    goal: str
    difficulty: Literal["tutorial", "easy", "normal", "hard"]
    default_policy: str | None = None
    regulator_mode: Literal["history", "rules", "world"] = "world"
    lesson: Lesson | None = None
    tutorial_steps: list[TutorialStep | str] = []
    scoring: Scoring = Scoring()
    world: World

    @model_validator(mode="before")
    @classmethod
    def _drop_empty_card(cls, data: object) -> object:
        """Saves written before lesson cards hold `card: null`: read them as they were."""
        if isinstance(data, dict) and "card" in data and data["card"] is None:
            data = {k: v for k, v in data.items() if k != "card"}
        return data


# pydantic's error types our schemas can produce (tests/test_i18n_errors.py walks the schemas),
# each with its message id: the English is pydantic's own text, the values its `ctx`
PYDANTIC_ERRORS = {kind: f"errors.pydantic.{kind}" for kind in (
    "model_type", "model_attributes_type", "dict_type",
    "list_type", "tuple_type", "string_type", "string_pattern_mismatch", "bool_type",
    "bool_parsing", "int_type", "int_parsing", "int_parsing_size", "int_from_float",
    "float_type", "float_parsing", "finite_number", "greater_than", "greater_than_equal",
    "less_than", "less_than_equal", "literal_error", "none_required")}
# the lengths of lists and tuples: pydantic says "1 item", "3 items"
_LENGTH_ERRORS = {("too_short", True): "errors.pydantic.too_short_one",
                  ("too_short", False): "errors.pydantic.too_short",
                  ("too_long", True): "errors.pydantic.too_long_one",
                  ("too_long", False): "errors.pydantic.too_long"}


def _plain_number(value: object) -> object:
    """A bound as pydantic writes it: 0.0 as 0, 1.5 as 1.5."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return int(value)
    return value


def validation_problem(item: dict) -> str:
    """One pydantic error (`ValidationError.errors()` item) as a Message in the player's
    language: by its type and ctx; pydantic's own English where the catalog has no id for it
    (or words it otherwise)."""
    kind, ctx, english = item["type"], item.get("ctx") or {}, item["msg"]
    if kind == "extra_forbidden":
        return msg("errors.config.unknown_key")
    if kind == "missing":
        return msg("errors.config.missing_key")
    if kind == "value_error":  # our own checks: their message, else their text without prefix
        error = ctx.get("error")
        first = error.args[0] if isinstance(error, Exception) and error.args else None
        if isinstance(first, Message):
            return first
        return english.removeprefix("Value error, ")
    values = {key: _plain_number(value) for key, value in ctx.items()}
    if kind in ("too_short", "too_long"):
        bound = values.get("min_length" if kind == "too_short" else "max_length")
        key = _LENGTH_ERRORS[(kind, bound == 1)]
    else:
        key = PYDANTIC_ERRORS.get(kind)
    if key is None:
        return english
    try:
        translated = msg(key, **values)
    except (KeyError, IndexError, ValueError):  # a ctx this pydantic names otherwise
        return english
    return translated if translated == english else english


def format_validation_error(source: str, err: ValidationError) -> str:
    """One line naming the file and every bad key path (foundries.1.capacity_wpm: ...)."""
    parts = []
    for item in err.errors():
        path = ".".join(str(p) for p in item["loc"])[:80]  # a key may be long
        parts.append(msg("errors.config.problem", key=path or msg("errors.config.top_level"),
                         problem=validation_problem(item)))
    shown = parts[0] if parts else ""
    for part in parts[1:4]:
        shown = msg("errors.config.and", first=shown, second=part)
    if len(parts) > 4:
        return msg("errors.config.invalid_more", path=source, problems=shown, more=len(parts) - 4)
    return msg("errors.file.problem", path=source, problem=shown)


def validate_scenario(data: object, source: str) -> Scenario:
    """Validate plain data (from YAML) into a Scenario,
    or raise ConfigError naming source and keys."""
    if not isinstance(data, dict):
        raise ConfigError(msg("errors.config.not_mapping", path=source))
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
                    where = ".".join(keys[:i]) or msg("errors.config.top")
                    raise ConfigError(msg("errors.config.override_no_item", path=path, key=key,
                                           where=where))
                key = str(match[0])
            idx = int(key)
            if last:
                node[idx] = value
            else:
                node = node[idx]
        elif isinstance(node, dict):
            if key not in node:
                raise ConfigError(msg("errors.config.override_unknown", path=path, key=key))
            if last:
                node[key] = value
            else:
                node = node[key]
        else:
            raise ConfigError(msg("errors.config.override_value", path=path, key=keys[i - 1]))


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
