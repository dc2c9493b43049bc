"""What runs inside a worker: a chunk of campaigns, each captured as a result row (never raises).

A run that raises is retried once in place; if it raises again it is recorded as failed with its
seed and error, and the chunk goes on (a run whose world broke, WorldBroke, fails at once with its
one line: it would break the same way again). After every run the finished Mesa model is released
from `mesa.Agent._ids` (Mesa 3.3 keeps a counter per model there, which keeps every model alive).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

import mesa

from game.batch.plan import RunSpec
from game.sim.config import Scenario, apply_overrides
from game.sim.invariants import WorldBroke

RunFn = Callable[..., object]  # run_campaign(cfg, seed, policy, months=..., record_series=...)

# Agent._ids is one dict shared by every thread; runs in one process take turns so that releasing
# "the models this run created" never touches another thread's live model. The engine is pure
# Python, so threads would not run campaigns in parallel anyway (the GIL); processes do.
_RUN_LOCK = threading.Lock()


@dataclass
class RunResult:
    """One run's outcome: identity, status, the summary (if ok) and its monthly rows (if asked)."""

    spec: RunSpec
    ok: bool
    error: str = ""
    attempts: int = 1
    summary: dict[str, object] = field(default_factory=dict)
    series: list[dict[str, object]] = field(default_factory=list)


def _release_models(before: set[int]) -> None:
    """Drop Agent._ids entries of models created since `before` (their ids)."""
    for model in [m for m in mesa.Agent._ids if id(m) not in before]:
        mesa.Agent._ids.pop(model, None)


def _default_run_fn() -> RunFn:
    from game.sim.runner import run_campaign

    return run_campaign


def run_one(
    cfg: Scenario, spec: RunSpec, months: int | None, record_series: bool, run_fn: RunFn
) -> RunResult:
    """Play one campaign, retrying once if it raises; the error text names the exception."""
    error = ""
    for attempt in (1, 2):
        with _RUN_LOCK:
            before = {id(m) for m in mesa.Agent._ids}
            try:
                result = run_fn(
                    cfg, spec.seed, spec.policy, months=months, record_series=record_series
                )
            except WorldBroke as exc:  # the world's own numbers broke: the same on a retry
                return RunResult(spec, False, str(exc), attempt)
            except Exception as exc:  # a failing run is data, not a crash of the sweep
                last = traceback.extract_tb(exc.__traceback__)[-1:]
                where = f" ({last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
                error = f"{type(exc).__name__}: {exc}{where}".replace("\n", " ")
                continue
            finally:
                _release_models(before)
        series = list(result.series) if record_series else []
        return RunResult(spec, True, "", attempt, dict(result.summary), series)
    return RunResult(spec, False, error, 2)


def run_chunk(
    base: Scenario,
    specs: list[RunSpec],
    months: int | None,
    record_series: bool,
    run_fn: RunFn | None = None,
) -> list[RunResult]:
    """Play a chunk of runs; each parameter point's config is built once per chunk."""
    fn = run_fn or _default_run_fn()
    configs: dict[tuple, Scenario] = {}
    out = []
    for spec in specs:
        cfg = configs.get(spec.params)
        if cfg is None:
            try:
                cfg = configs[spec.params] = apply_overrides(base, spec.overrides)
            except Exception as exc:
                out.append(RunResult(spec, False, f"{type(exc).__name__}: {exc}", 1))
                continue
        out.append(run_one(cfg, spec, months, record_series, fn))
    return out
