"""The batch face: sweeps of headless campaigns over seeds, policies and parameters.

`terafab batch` (game.cli.batch) and notebooks (game.batch.api) share one runner
(game.batch.runner.run_batch); results are identical whatever the worker count or engine.
"""

from game.batch.api import BatchResult, load_results, run_experiment, sweep
from game.batch.experiment import Experiment, load_experiment
from game.batch.runner import BatchOutcome, run_batch

__all__ = ["BatchOutcome", "BatchResult", "Experiment", "load_experiment", "load_results",
           "run_batch", "run_experiment", "sweep"]
