"""A sweep's size is counted before its plan is built (issue 19): a tampered experiment.yaml that
asks for a million seeds, or a huge cross product of swept values, is refused in one line before
a single run id is made (it used to plan every run, seconds and hundreds of MB, then refuse)."""

from __future__ import annotations

import pytest
import yaml

from game.batch import plan
from game.batch.experiment import MAX_RUNS, Experiment
from game.cli import main
from game.domain.errors import ConfigError
from game.io.untrusted import MAX_BATCH_ROWS


def _no_plan(monkeypatch) -> None:
    """Making a run id is the first step of listing runs: a refusal must come before it."""
    def listed(*args, **kwargs):
        raise AssertionError("the plan was built")

    monkeypatch.setattr(plan, "run_id", listed)


def _tampered(tmp_path, capsys, change) -> tuple[str, object]:
    out = tmp_path / "sweep"
    assert main(["batch", "--scenario", "tutorial", "--seeds", "2", "--policy", "passive",
                 "--months", "2", "--engine", "serial", "--quiet", "--out", str(out)]) == 0
    capsys.readouterr()
    data = yaml.safe_load((out / "experiment.yaml").read_text())
    change(data)
    (out / "experiment.yaml").write_text(yaml.safe_dump(data))
    return str(out), (out / "runs.parquet").read_bytes()


def _one_line(argv, capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_a_tampered_experiment_of_a_million_seeds_is_refused_before_planning(tmp_path, capsys,
                                                                            monkeypatch):
    out, before = _tampered(tmp_path, capsys, lambda d: d.update(seeds=1_000_000))
    _no_plan(monkeypatch)
    err = _one_line(["batch", "--resume", "--out", out, "--engine", "serial", "--quiet"], capsys)
    assert "experiment.yaml" in err and "asks for 1,000,000 runs" in err
    assert f"more than a sweep may have ({MAX_RUNS:,})" in err
    assert (tmp_path / "sweep" / "runs.parquet").read_bytes() == before


def test_a_huge_cross_product_of_swept_values_is_refused_before_planning(tmp_path, capsys,
                                                                        monkeypatch):
    keys = ["world.demand.growth_per_year", "firm.initial_cash_busd", "terafab.ramp_months"]
    out, _ = _tampered(tmp_path, capsys, lambda d: d.update(
        sweep={k: [1 + i / 1000 for i in range(100)] for k in keys}, policies=["passive", "buyer"]))
    _no_plan(monkeypatch)
    err = _one_line(["batch", "--resume", "--out", out, "--engine", "serial", "--quiet"], capsys)
    assert "asks for 4,000,000 runs (1,000,000 points x 2 policies x 2 seeds)" in err


def test_a_series_too_long_to_read_back_is_refused_before_planning(tmp_path, capsys,
                                                                  monkeypatch):
    _no_plan(monkeypatch)
    runs = MAX_BATCH_ROWS // 180 + 1  # of 180 months each, one run too many
    assert runs <= MAX_RUNS
    err = _one_line(["batch", "--scenario", "terafab", "--seeds", str(runs), "--series",
                     "--quiet", "--out", str(tmp_path / "s")], capsys)
    assert f"asks for {runs * 180:,} monthly rows" in err
    # the same with --months 60 fits: the months asked for count, not the scenario's
    monkeypatch.undo()
    exp = Experiment(seeds=runs, months=60, series=True)
    from game.io.scenarios import load_scenario

    plan.check_series_size(exp, load_scenario("terafab"))
    assert not (tmp_path / "s").exists()


def test_the_limit_itself():
    assert Experiment(seeds=MAX_RUNS).run_count()[0] == MAX_RUNS
    assert Experiment(seeds=MAX_RUNS // 4, policies=["passive", "buyer"],
                      sweep={"k": [1, 2]}).run_count()[0] == MAX_RUNS
    from game.batch.experiment import experiment_from_data

    with pytest.raises(ConfigError, match="asks for 200,001 runs"):
        experiment_from_data({"seeds": MAX_RUNS + 1}, "x.yaml")
    with pytest.raises(ConfigError, match=r"asks for 400,000 runs \(4 points x 1 policy x "):
        experiment_from_data({"seeds": MAX_RUNS // 2, "sample": {"n": 2, "ranges": {
            "k": [0, 1]}}, "sweep": {"j": [1, 2]}}, "x.yaml")
