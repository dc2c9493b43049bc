"""An experiment: what to run (scenario, seeds, policies, fixed values, sweeps, samples).

The same object comes from a YAML file under configs/experiments/ (like NetLogo's BehaviorSpace)
or from `terafab batch` flags, so a command line and a file describe exactly the same sweep.
Keys of `set`, `sweep` and `sample.ranges` are dotted config paths (`world.demand.growth_per_year`);
they are checked against the scenario later, in game.batch.plan, where the scenario is known.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from game.domain.errors import ConfigError, UsageError
from game.i18n import msg
from game.io.paths import CONFIGS
from game.io.untrusted import read_bounded
from game.io.yamlsafe import load_yaml, parse_yaml
from game.sim.config import format_validation_error

EXPERIMENTS = CONFIGS / "experiments"
EXPERIMENT_MAX_BYTES = 1 << 20  # a sweep is a screenful; 1 MiB still lists 100,000 seeds
MAX_RUNS = 200_000  # runs in one sweep: its plan takes seconds, its runs table loads in one
Scalar = bool | int | float | str
Number = int | float


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Sample(_Strict):
    """A Latin hypercube over numeric ranges: `n` points, drawn from its own seed."""

    method: Literal["lhs"] = "lhs"
    n: Annotated[int, Field(ge=1, le=100_000)]
    seed: Annotated[int, Field(ge=0)] = 0
    ranges: dict[str, tuple[Number, Number]]

    @field_validator("ranges")
    @classmethod
    def _ordered(cls, ranges: dict[str, tuple[Number, Number]]) -> dict[str, tuple[Number, Number]]:
        if not ranges:
            raise ValueError(msg("errors.batch.sample_empty"))
        for key, (lo, hi) in ranges.items():
            if not (math.isfinite(lo) and math.isfinite(hi)):
                raise ValueError(msg("errors.batch.range_finite", key=key, lo=lo, hi=hi))
            if not lo < hi:
                raise ValueError(msg("errors.batch.range_order", key=key, lo=lo, hi=hi))
        return ranges


class Experiment(_Strict):
    """Everything that decides which runs exist (not where they go or how many workers)."""

    name: str = "adhoc"
    description: str = ""
    scenario: str = "terafab"
    seeds: Annotated[int, Field(ge=1, le=1_000_000)] | list[Annotated[int, Field(ge=0)]] = 10
    seed_start: Annotated[int, Field(ge=0)] = 1
    policies: list[str] = []
    months: Annotated[int, Field(ge=1, le=600)] | None = None
    series: bool = False
    set_: dict[str, Scalar | list] = Field(default={}, alias="set")
    sweep: dict[str, Annotated[list[Scalar], Field(min_length=1)]] = {}
    sample: Sample | None = None

    @model_validator(mode="after")
    def _disjoint(self) -> Experiment:
        seen: dict[str, str] = {}
        groups = [
            ("set", self.set_),
            ("sweep", self.sweep),
            ("sample", self.sample.ranges if self.sample else {}),
        ]
        for label, keys in groups:
            for key in keys:
                if key in seen:
                    raise ValueError(msg("errors.batch.in_both", key=key, first=seen[key],
                                         second=label))
                seen[key] = label
        if isinstance(self.seeds, list) and len(set(self.seeds)) != len(self.seeds):
            raise ValueError(msg("errors.batch.seed_repeated"))
        runs, sizes = self.run_count()
        if runs > MAX_RUNS:  # counted, not listed: a million seeds is refused in microseconds
            raise ValueError(msg("errors.batch.too_many_runs", runs=runs, sizes=sizes,
                                 limit=MAX_RUNS))
        return self

    def run_count(self) -> tuple[int, str]:
        """The number of runs at most (an LHS point rounded onto another is one run fewer),
        counted without listing them, and its factors in words; no policy means one (the
        scenario's default)."""
        points = math.prod(len(values) for values in self.sweep.values())
        points *= self.sample.n if self.sample else 1
        seeds = len(self.seeds) if isinstance(self.seeds, list) else self.seeds
        policies = max(1, len(self.policies))
        return points * policies * seeds, msg(
            "errors.batch.sizes",
            points=_count(points, "errors.batch.point", "errors.batch.points"),
            policies=_count(policies, "errors.batch.policy", "errors.batch.policies"),
            seeds=_count(seeds, "errors.batch.seed", "errors.batch.seeds"))

    def seed_list(self) -> list[int]:
        if isinstance(self.seeds, list):
            return list(self.seeds)
        return list(range(self.seed_start, self.seed_start + self.seeds))

    def to_data(self) -> dict:
        """Plain data that load_experiment reads back into an equal Experiment."""
        return self.model_dump(by_alias=True, mode="json")


def _count(n: int, one: str, many: str) -> str:
    """`n` things in words: the message `one` for one, `many` for any other number."""
    return msg(one if n == 1 else many, n=n)


def experiment_from_data(data: object, source: str) -> Experiment:
    """Validate plain data; every bad key is reported at once with its path."""
    if not isinstance(data, dict):
        raise ConfigError(msg("errors.config.not_mapping", path=source))
    try:
        return Experiment.model_validate(data)
    except ValidationError as err:
        raise ConfigError(format_validation_error(source, err)) from None


def resolve_experiment_path(name_or_path: str | Path) -> Path:
    """A named experiment under configs/experiments/ or a path to a YAML file."""
    text = str(name_or_path)
    path = Path(text)
    if path.is_file():
        return path
    named = EXPERIMENTS / f"{text}.yaml"
    if "/" not in text and named.is_file():
        return named
    known = ", ".join(sorted(p.stem for p in EXPERIMENTS.glob("*.yaml")))
    raise UsageError(msg("errors.batch.no_experiment", path=text, known=known)
                     if known else msg("errors.batch.no_experiment_none", path=text))


def load_experiment(name_or_path: str | Path) -> Experiment:
    """Read and validate an experiment file (anyone's: bounded in size, no YAML aliases); YAML
    syntax errors name the line."""
    path = resolve_experiment_path(name_or_path)
    data = read_bounded(path, EXPERIMENT_MAX_BYTES, "experiment file", ConfigError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(msg("errors.config.not_utf8", path=path)) from None
    return experiment_from_data(load_yaml(text, str(path)), str(path))


# ---------------------------------------------------------------- command-line strings
def parse_value(text: str) -> Scalar | list:
    """A value as YAML reads it: 0.5 or 1e12 → float, 3 → int, true → bool, else a string."""
    try:
        value = parse_yaml(text)
    except (yaml.YAMLError, ValueError):  # not YAML (or an alias): the text is the value
        return text
    if value is None or isinstance(value, dict):
        raise UsageError(msg("errors.batch.not_a_value", text=text))
    return value


def split_assignment(text: str, flag: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise UsageError(msg("errors.batch.key_value", flag=flag, text=text))
    return key.strip(), value.strip()


def parse_set(items: list[str]) -> dict[str, Scalar | list]:
    """`--set KEY=VALUE` items into a mapping."""
    out: dict[str, Scalar | list] = {}
    for item in items:
        key, value = split_assignment(item, "--set")
        out[key] = parse_value(value)
    return out


def parse_sweep(items: list[str]) -> dict[str, list[Scalar]]:
    """`--sweep KEY=V1,V2,...` items into KEY → list of values."""
    out: dict[str, list[Scalar]] = {}
    for item in items:
        key, values = split_assignment(item, "--sweep")
        parsed = [parse_value(v.strip()) for v in values.split(",") if v.strip()]
        if len(set(map(repr, parsed))) != len(parsed):
            raise UsageError(msg("errors.batch.sweep_repeated", key=key))
        out[key] = parsed
    return out


def parse_sample(words: list[str], seed: int = 0) -> Sample:
    """`--sample lhs:N KEY=LO..HI ...` into a Sample, refusing bad methods and ranges."""
    if not words:
        raise UsageError(msg("errors.batch.sample_usage"))
    method, _, count = words[0].partition(":")
    if method != "lhs" or not count.isdigit() or int(count) < 1:
        raise UsageError(msg("errors.batch.sample_count", got=words[0]))
    ranges: dict[str, tuple[Number, Number]] = {}
    for item in words[1:]:
        key, span = split_assignment(item, "--sample")
        lo_text, dots, hi_text = span.partition("..")
        lo, hi = _number(lo_text), _number(hi_text)
        if not dots or lo is None or hi is None or not lo < hi:
            raise UsageError(msg("errors.batch.sample_range", key=key, got=span))
        ranges[key] = (lo, hi)
    if not ranges:
        raise UsageError(msg("errors.batch.sample_keys"))
    return Sample(n=int(count), seed=seed, ranges=ranges)


def _number(text: str) -> Number | None:
    """An int if written as one (so the sample stays whole), a finite float, or None."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None
