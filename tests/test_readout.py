"""The limiting factor tells the truth: copies of the game given a standard relief of each input
(power, memory, chips, cash, and the Terafab's permits, tools and talent) and played on, a month or
as long as the named factor's relief needs to reach deployed compute, show the named input's own
relief adds the most compute (tests/test_readout_factors.py: each rarer factor where it binds).

CI plays a sample of at least 200 months across the policies, several seeds and the lesson
scenarios; `make readout` plays a larger one and prints the agreement."""

import collections
import zlib

import pytest

from game.io.scenarios import load_scenario
from game.sim.readout_check import random_months, sample_months

SCENARIOS = ("terafab", "bottleneck-migration", "tutorial", "memory-cycle", "build-vs-buy")
POLICIES = (None, "buyer", "integrator", "balanced")
SEEDS = (3, 4)
MONTHS_EACH = 5  # 5 scenarios x 4 policies x 2 seeds x 5 months = 200 months


@pytest.fixture(scope="module")
def samples():
    out = []
    for name in SCENARIOS:
        scenario = load_scenario(name)
        for policy in POLICIES:
            for seed in SEEDS:
                months = random_months(zlib.crc32(f"{name}/{policy}/{seed}".encode()),
                                       scenario.world.calendar.months, MONTHS_EACH)
                out += sample_months(scenario, name, seed, policy, months)
    return out


def test_the_named_factor_is_the_best_relief_in_at_least_90_percent_of_months(samples):
    assert len(samples) >= 200
    wrong = [s for s in samples if not s.agrees]
    share = 1 - len(wrong) / len(samples)
    assert share >= 0.9, [(s.scenario, s.policy, s.seed, s.month, s.named, s.gains)
                          for s in wrong[:5]]


def test_every_measured_input_is_named_somewhere_and_agrees_there(samples):
    named = collections.Counter(s.named for s in samples if s.agrees)
    assert {"power", "memory", "chips"} <= set(named), named


def test_when_no_input_alone_helps_the_readout_names_the_pair_that_would(campaign):
    """Months where every single relief adds nothing (nothing waits, no power to spare): the
    readout names power with chips, and the copies agree that no single relief helps."""
    from game.sim.session import Session

    s = Session(campaign, 1, "balanced")
    s.run(24)
    months = [r["month"] for r in s.series
              if r["limiting_factor"] == "power" and r["limiting_co_factor"] == "chips"][:3]
    assert months
    checked = sample_months(campaign, "terafab", 1, "balanced", months)
    assert all(max(x.gains.values()) <= 1e-6 for x in checked)
