"""Helpers for the batch tests: small real sweeps (12 months) and stand-in run functions."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

import pyarrow.parquet as pq
import pytest

from game.batch.experiment import Experiment
from game.sim.runner import run_campaign

# Longer than any of these tests' commands takes on a loaded machine: only a hang reaches it. A
# test waits for what it needs to see (a chunk written, a folder taken), never for a fixed time.
HANG_S = 600


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen, what: str) -> None:
    """Wait until `ready()` while `proc` runs, however slow this machine is today."""
    hang = time.monotonic() + HANG_S
    while not ready():
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise AssertionError(f"the process ended (exit {proc.returncode}) before {what}: "
                                 f"{err}")
        assert time.monotonic() < hang, f"no {what} in {HANG_S} s"
        time.sleep(0.05)


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
