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


BILLION_LAUGHS = """set:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_a_billion_laughs_is_refused_before_any_alias_is_expanded(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)
    assert path.stat().st_size < 500
    with pytest.raises(ConfigError) as err:
        load_experiment(path)
    message = str(err.value)
    assert "aliases (*a) are not allowed at line 3" in message and str(path) in message
    assert "\n" not in message


def test_a_billion_laughs_on_the_command_line_ends_at_once_with_one_line(tmp_path):
    """The whole `terafab batch` in a process with 1 GB of address space: it used 5.5 GB."""
    import resource
    import subprocess
    import sys

    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)

    def one_gigabyte() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-m", "game", "batch", str(path), "--out",
                           str(tmp_path / "d")], capture_output=True, text=True, timeout=60,
                          preexec_fn=one_gigabyte)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "aliases (*a) are not allowed" in done.stderr
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("text, words", [
    ("set: {k: " + "[" * 100_000 + "]" * 100_000 + "}\n", "nested deeper than 32 levels"),
    ("seeds: " + "7" * 100_001 + "\n", "not valid YAML (ValueError)"),
    ("sample: {n: 4, ranges: {x: [0, .inf]}}\n", "finite numbers"),
    ("# a comment\n" * 100_000, "larger than an experiment file may be (1.0 MB)"),
])
def test_hostile_experiment_files_are_one_line_each(tmp_path, text, words):
    path = tmp_path / "x.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_experiment(path)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_an_alias_on_the_command_line_is_taken_as_plain_text():
    assert parse_set(["k=[&a [1, 2], *a]"]) == {"k": "[&a [1, 2], *a]"}
