"""The batch face: sweeps of headless campaigns over seeds, policies and parameters.

`terafab batch` (game.cli.batch) and notebooks (game.batch.api) share one runner
(game.batch.runner.run_batch); results are identical whatever the worker count or engine.
Names are imported on first use, so workers and the CLI do not pay for pandas.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "BatchResult": "game.batch.api", "load_results": "game.batch.api",
    "run_experiment": "game.batch.api", "sweep": "game.batch.api",
    "Experiment": "game.batch.experiment", "load_experiment": "game.batch.experiment",
    "BatchOutcome": "game.batch.runner", "run_batch": "game.batch.runner",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'game.batch' has no attribute '{name}'")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
