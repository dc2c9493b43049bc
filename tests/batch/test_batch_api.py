"""The notebook API: the same sweep as the CLI, returned as pandas DataFrames."""

from __future__ import annotations

import pandas as pd

from game.batch import load_results, run_experiment, sweep


def test_sweep_returns_dataframes_equal_to_the_files_it_wrote(tmp_path):
    res = sweep("terafab", seeds=3, policies=["buyer", "integrator"], months=12, series=True,
                sample={"n": 3, "seed": 7, "ranges": {"world.demand.growth_per_year": [0.2, 0.8]}},
                out=tmp_path / "d", workers=2)
    assert isinstance(res.runs, pd.DataFrame) and len(res.runs) == 18
    assert res.runs.groupby("policy")["score"].count().to_dict() == {"buyer": 9, "integrator": 9}
    assert len(res.series) == 18 * 12 and res.manifest["runs"] == 18
    again = load_results(tmp_path / "d")
    pd.testing.assert_frame_equal(again.runs, res.runs)


def test_without_an_output_folder_the_tables_are_kept_in_memory(tmp_path):
    exp = tmp_path / "e.yaml"
    exp.write_text("seeds: 2\npolicies: [passive]\nmonths: 3\n")
    res = run_experiment(exp, engine="serial")
    assert res.out is None and res.series is None
    assert sorted(res.runs["seed"]) == [1, 2] and set(res.runs["months"]) == {3}
    assert set(res.runs["status"]) == {"ok"}
