"""Run expansion: stable ids, full factorial sweeps, Latin hypercubes, up-front validation."""

from __future__ import annotations

import pytest

from game.batch.experiment import Experiment, Sample
from game.batch.plan import base_config, expand, run_id
from game.batch.sampling import latin_hypercube
from game.domain.errors import ConfigError, UsageError


def test_latin_hypercube_puts_one_point_in_each_stratum_of_each_range():
    pts = latin_hypercube({"a": (0.0, 1.0), "b": (10.0, 20.0)}, 10, seed=3)
    assert sorted(int(p["a"] * 10) for p in pts) == list(range(10))
    assert sorted(int(p["b"] - 10) for p in pts) == list(range(10))


def test_latin_hypercube_is_seeded_and_independent_of_key_order():
    one = latin_hypercube({"a": (0.0, 1.0), "b": (0, 100)}, 6, seed=1)
    two = latin_hypercube({"b": (0, 100), "a": (0.0, 1.0)}, 6, seed=1)
    assert one == two
    assert latin_hypercube({"a": (0.0, 1.0)}, 6, seed=2) != latin_hypercube({"a": (0.0, 1.0)}, 6, 1)
    assert all(isinstance(p["b"], int) and 0 <= p["b"] <= 100 for p in one)


def test_run_ids_depend_only_on_seed_policy_and_point():
    assert run_id(1, "buyer", {"x": 1, "y": 2}) == run_id(1, "buyer", {"y": 2, "x": 1})
    ids = {run_id(s, p, {"x": v}) for s in (1, 2) for p in ("buyer", "balanced") for v in (1, 2)}
    assert len(ids) == 8


def test_expansion_is_seeds_times_policies_times_points(campaign):
    exp = Experiment(seeds=3, seed_start=5, policies=["buyer", "balanced"],
                     sweep={"world.demand.growth_per_year": [0.3, 0.5],
                            "power.grid_queue_months": [24, 36]},
                     sample=Sample(n=2, ranges={"world.memory.build_months": (12, 30)}))
    specs = expand(exp, base_config(exp, campaign))
    assert len(specs) == 3 * 2 * 4 * 2
    assert {s.seed for s in specs} == {5, 6, 7}
    assert len({s.run_id for s in specs}) == len(specs)
    assert all(len(s.params) == 3 for s in specs)


def test_unknown_key_paths_and_bad_values_fail_before_any_run(campaign):
    with pytest.raises(ConfigError, match="world.demand.nope"):
        expand(Experiment(sweep={"world.demand.nope": [1, 2]}), campaign)
    with pytest.raises(ConfigError, match="world.demand.growth_per_year"):
        base_config(Experiment(set={"world.demand.growth_per_year": "fast"}), campaign)
    with pytest.raises(ConfigError, match="--sample world.demand.growth_per_year"):
        expand(Experiment(sample=Sample(n=2, ranges={"world.demand.growth_per_year": (0, 50)})),
               campaign)
    with pytest.raises(UsageError, match="unknown policy 'greedy'"):
        expand(Experiment(policies=["greedy"]), campaign)
