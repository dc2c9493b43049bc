"""Experiments from flags and YAML: values parsed as typed, bad input refused in one clear line."""

from __future__ import annotations

import pytest

from game.batch.experiment import (
    EXPERIMENTS,
    experiment_from_data,
    load_experiment,
    parse_sample,
    parse_set,
    parse_sweep,
)
from game.batch.plan import base_config, expand
from game.domain.errors import ConfigError, TerafabError, UsageError
from game.io.scenarios import load_scenario


def test_flags_parse_numbers_booleans_and_lists_of_values():
    assert parse_set(["world.demand.growth_per_year=0.5", "a.b=true", "c=3"]) == {
        "world.demand.growth_per_year": 0.5, "a.b": True, "c": 3}
    assert parse_sweep(["k=1,2.5,3"]) == {"k": [1, 2.5, 3]}
    sample = parse_sample(["lhs:8", "x=0..10", "y=0.1..0.2"], seed=4)
    assert sample.n == 8 and sample.seed == 4
    assert sample.ranges == {"x": (0, 10), "y": (0.1, 0.2)}


@pytest.mark.parametrize("words", [["lhs:0", "x=0..1"], ["mc:5", "x=0..1"], ["lhs:5"],
                                   ["lhs:5", "x=1..0"], ["lhs:5", "x=a..b"], ["lhs:5", "x=3"]])
def test_bad_sample_flags_are_refused(words):
    with pytest.raises(UsageError) as err:
        parse_sample(words)
    assert "\n" not in str(err.value)


def test_bad_assignments_are_refused():
    with pytest.raises(UsageError, match="KEY=VALUE"):
        parse_set(["novalue"])
    with pytest.raises(UsageError, match="repeated"):
        parse_sweep(["k=1,1"])


def test_unknown_and_bad_keys_in_a_file_are_all_named_with_their_path(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("seeds: 0\nsweeps: {}\nsample: {n: 4, ranges: {x: [2, 1]}}\n")
    with pytest.raises(ConfigError) as err:
        load_experiment(path)
    message = str(err.value)
    assert "seeds" in message and "sweeps: unknown key" in message and "sample.ranges" in message
    assert str(path) in message and "\n" not in message


def test_unparseable_yaml_and_missing_files_are_user_errors(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("seeds: [1, 2\n")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_experiment(path)
    with pytest.raises(TerafabError, match="no such experiment file"):
        load_experiment(tmp_path / "absent.yaml")


def test_a_key_cannot_be_both_fixed_and_swept():
    with pytest.raises(ConfigError, match="both set and sweep"):
        experiment_from_data({"set": {"k": 1}, "sweep": {"k": [1, 2]}}, "x")


def test_every_shipped_experiment_validates_against_its_scenario():
    files = sorted(EXPERIMENTS.glob("*.yaml"))
    assert len(files) >= 2
    for path in files:
        exp = load_experiment(path.stem)
        specs = expand(exp, base_config(exp, load_scenario(exp.scenario)))
        assert len(specs) >= 100, path.name  # a real sweep, not a toy
        assert len({s.run_id for s in specs}) == len(specs)
