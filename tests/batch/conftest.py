"""Helpers for the batch tests: small real sweeps (12 months) and stand-in run functions."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from game.batch.experiment import Experiment
from game.sim.runner import run_campaign


@pytest.fixture
def small_exp() -> Experiment:
    """2 policies x 2 demand growth values x 4 seeds = 16 runs of 12 months each."""
    return Experiment(seeds=4, policies=["buyer", "integrator"], months=12, series=True,
                      sweep={"world.demand.growth_per_year": [0.3, 0.6]})


def read(path):
    return pq.read_table(path)


class Interrupt:
    """A run function that plays `n` runs, then behaves like Ctrl-C."""

    def __init__(self, n: int) -> None:
        self.left = n

    def __call__(self, cfg, seed, policy, months=None, record_series=True):
        if self.left == 0:
            raise KeyboardInterrupt
        self.left -= 1
        return run_campaign(cfg, seed, policy, months=months, record_series=record_series)
