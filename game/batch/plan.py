"""From an experiment to the list of runs: one per (parameter point, policy, seed), each with an id.

A run id is a hash of (seed, policy, parameter point) only, so it is the same in every process,
on every worker count and after a restart; `--resume` and the final sort both rely on it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass

from game.agents.policies import POLICIES
from game.batch.experiment import Experiment
from game.batch.sampling import latin_hypercube
from game.domain.errors import ConfigError, UsageError, reason
from game.i18n import msg
from game.io.untrusted import MAX_BATCH_ROWS
from game.sim.config import Scenario, apply_overrides


@dataclass(frozen=True)
class RunSpec:
    """One campaign: the seed, the policy and the values that differ from the base config."""

    run_id: str
    seed: int
    policy: str
    params: tuple[tuple[str, object], ...]  # (dotted path, value), in the experiment's key order

    @property
    def overrides(self) -> dict[str, object]:
        return dict(self.params)


def run_id(seed: int, policy: str, params: dict[str, object]) -> str:
    """12 hex digits of SHA-256 over the canonical JSON of (seed, policy, sorted params)."""
    text = json.dumps(
        {"seed": seed, "policy": policy, "params": sorted(params.items())},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def parameter_points(exp: Experiment) -> list[dict[str, object]]:
    """Every point: the full factorial of `sweep`, crossed with the Latin-hypercube `sample`."""
    keys = list(exp.sweep)
    grid = [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*exp.sweep.values())]
    if exp.sample is None:
        return grid
    sampled = latin_hypercube(dict(exp.sample.ranges), exp.sample.n, exp.sample.seed)
    return [{**g, **s} for g in grid for s in sampled]


def check_policies(exp: Experiment, scenario: Scenario) -> list[str]:
    """The experiment's policies, else the scenario's default, else balanced; unknown refused."""
    policies = list(exp.policies) or [scenario.default_policy or "balanced"]
    for name in policies:
        if name not in POLICIES:
            raise UsageError(msg("errors.usage.unknown_policy", name=name,
                                   known=", ".join(POLICIES)))
    if len(set(policies)) != len(policies):
        raise UsageError(msg("errors.batch.policy_twice"))
    return policies


def base_config(exp: Experiment, scenario: Scenario) -> Scenario:
    """The scenario with the experiment's fixed `set` values applied (validated)."""
    return _apply(scenario, dict(exp.set_), "--set")


def _apply(cfg: Scenario, overrides: dict[str, object], what: str) -> Scenario:
    try:
        return apply_overrides(cfg, overrides)
    except ConfigError as exc:
        raise ConfigError(msg("errors.file.problem", path=what, problem=reason(exc))) from None


def check_series_size(exp: Experiment, base: Scenario) -> None:
    """Refuse, before any run, a sweep whose series table would hold more rows than a batch
    folder's table may (game.io.untrusted.MAX_BATCH_ROWS): it could not be read back. The
    experiment bounds its runs itself (Experiment.run_count)."""
    if not exp.series:
        return
    runs, sizes = exp.run_count()
    months = min(exp.months or base.world.calendar.months, base.world.calendar.months)
    if runs * months > MAX_BATCH_ROWS:
        raise UsageError(msg("errors.batch.series_rows", rows=runs * months, sizes=sizes,
                             months=months, limit=MAX_BATCH_ROWS))


def expand(exp: Experiment, base: Scenario) -> list[RunSpec]:
    """All runs, grouped by point then policy then seed; every point is validated up front."""
    check_series_size(exp, base)
    policies = check_policies(exp, base)
    if exp.sample is not None:
        for key, (lo, hi) in exp.sample.ranges.items():
            _apply(base, {key: lo}, f"--sample {key}")
            _apply(base, {key: hi}, f"--sample {key}")
    specs: list[RunSpec] = []
    seen: set[str] = set()
    for point in parameter_points(exp):
        _apply(base, point, "--sweep" if exp.sample is None else "--sweep/--sample")
        for policy in policies:
            for seed in exp.seed_list():
                rid = run_id(seed, policy, point)
                if rid in seen:
                    continue  # an LHS point repeated by rounding to whole numbers
                seen.add(rid)
                specs.append(RunSpec(rid, seed, policy, tuple(point.items())))
    return specs


def chunked(specs: list[RunSpec], size: int) -> list[list[RunSpec]]:
    """Consecutive runs share a parameter point, so a worker builds each config once."""
    return [specs[i : i + size] for i in range(0, len(specs), size)]


def chunk_size(n_runs: int, workers: int) -> int:
    """Several runs per task (a task costs about a millisecond to send), yet about 8 tasks per
    worker, so that when the queue runs dry no worker is left with a long chunk while others idle
    (runs differ in length: the last chunk sets the end of the sweep)."""
    return max(1, min(64, -(-n_runs // (8 * max(1, workers)))))
