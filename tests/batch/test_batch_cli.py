"""`terafab batch` and `terafab plot` as a user types them: outputs, one-line errors, Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from game.cli import main
from tests.batch.conftest import HANG_S, wait_until

ROOT = Path(__file__).resolve().parents[2]


def test_batch_from_flags_writes_runs_series_and_manifest(tmp_path, capsys):
    out = tmp_path / "d"
    code = main(["batch", "--scenario", "terafab", "--seeds", "3", "--policy", "buyer", "balanced",
                 "--set", "world.demand.noise_sd=0.05", "--sweep", "power.grid_queue_months=24,48",
                 "--months", "12", "--series", "--workers", "2", "--out", str(out)])
    assert code == 0
    runs = pq.read_table(out / "runs.parquet").to_pandas()
    assert len(runs) == 12 and set(runs["policy"]) == {"buyer", "balanced"}
    assert sorted(runs["power.grid_queue_months"].unique()) == [24, 48]
    assert pq.read_table(out / "series.parquet").num_rows == 12 * 12
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["world"]["demand"]["noise_sd"] == 0.05
    assert "12 runs finished" in capsys.readouterr().out


def test_batch_from_an_experiment_file_with_a_flag_overriding_it(tmp_path):
    exp = tmp_path / "exp.yaml"
    exp.write_text("name: t\nseeds: 2\npolicies: [passive]\nmonths: 24\n"
                   "sample: {n: 3, seed: 1, ranges: {world.demand.growth_per_year: [0.2, 0.8]}}\n")
    out = tmp_path / "d"
    assert main(["batch", str(exp), "--months", "6", "--quiet", "--out", str(out)]) == 0
    runs = pq.read_table(out / "runs.parquet").to_pandas()
    assert len(runs) == 6 and set(runs["months"]) == {6}
    assert runs["world.demand.growth_per_year"].nunique() == 3


@pytest.mark.parametrize("argv, words", [
    (["--set", "world.demand.nope=1"], "world.demand.nope"),
    (["--sweep", "demand.growth_per_year=fast,0.3"], "world.demand.growth_per_year"),
    (["--sample", "lhs:4", "demand.growth_per_year=0.9..0.1"], "LO < HI"),
    (["--policy", "greedy"], "unknown policy 'greedy'"),
    (["missing-experiment.yaml"], "no such experiment file"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
])
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, capsys, argv, words):
    assert main(["batch", *argv, "--quiet", "--out", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and len(err.splitlines()) == 1
    assert not (tmp_path / "d" / "runs.parquet").exists()


def test_unparseable_experiment_yaml_is_refused(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("seeds: [1,\n  policies: {\n")
    assert main(["batch", str(bad), "--out", str(tmp_path / "d")]) == 2
    assert "not valid YAML" in capsys.readouterr().err


def test_ctrl_c_keeps_finished_runs_and_resume_finishes_each_run_once(tmp_path):
    """Ctrl-C once the first chunk is written, however long this machine takes to write it; the
    time limits only catch a hang (the pool's shutdown once hung for ever, game.batch.engines)."""
    out = tmp_path / "d"
    cmd = [sys.executable, "-m", "game", "batch", "--seeds", "150", "--policy", "balanced",
           "--months", "24", "--workers", "2", "--out", str(out)]
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as proc:
        try:
            wait_until(lambda: any((out / "parts").glob("runs-*.parquet")), proc,
                       "a chunk written")
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=HANG_S)
        finally:  # never leave the batch running into the next test
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode == 130, err
    kept = pq.read_table(out / "runs.parquet").num_rows
    assert 0 < kept < 150 and "add --resume" in err
    resumed = subprocess.run([*cmd, "--resume", "--quiet"], cwd=ROOT, capture_output=True,
                             text=True, timeout=HANG_S)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{kept} already done" in resumed.stdout
    ids = pq.read_table(out / "runs.parquet")["run_id"].to_pylist()
    assert len(ids) == len(set(ids)) == 150
    assert not (out / "parts").exists()


def test_plot_draws_fan_charts_and_outcome_spreads(tmp_path, capsys):
    out = tmp_path / "d"
    assert main(["batch", "--seeds", "4", "--policy", "buyer", "integrator", "--months", "12",
                 "--sweep", "demand.growth_per_year=0.3,0.6", "--series", "--quiet",
                 "--engine", "serial", "--out", str(out)]) == 0
    assert main(["plot", str(out), "--out", str(out / "plots")]) == 0
    pngs = {p.name for p in (out / "plots").glob("*.png")}
    assert {"fan_player_compute_eflops.png", "limiting_factor.png", "outcomes_by_policy.png",
            "outcomes_by_demand.growth_per_year.png"} <= pngs
    assert all((out / "plots" / name).read_bytes()[:4] == b"\x89PNG" for name in pngs)
    assert main(["plot", str(tmp_path / "nowhere")]) == 2
    assert "no runs.parquet" in capsys.readouterr().err


def test_a_bare_resume_finishes_the_experiment_stored_in_the_folder(tmp_path, capsys):
    from game.batch.experiment import Experiment
    from game.batch.runner import run_batch
    from game.sim.runner import run_campaign

    calls = []

    def stop_after_three(cfg, seed, policy, months=None, record_series=True):
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(seed)
        return run_campaign(cfg, seed, policy, months=months, record_series=record_series)

    exp = Experiment(seeds=8, policies=["buyer"], months=4)
    with pytest.raises(KeyboardInterrupt):
        run_batch(exp, tmp_path / "d", engine="serial", workers=8, run_fn=stop_after_three,
                  progress=False)
    kept = pq.read_table(tmp_path / "d" / "runs.parquet").num_rows
    assert 0 < kept <= 3  # whole chunks are kept; the chunk in flight is played again
    assert main(["batch", "--resume", "--quiet", "--out", str(tmp_path / "d")]) == 0
    assert f"{8 - kept} runs finished, {kept} already done" in capsys.readouterr().out
    seeds = pq.read_table(tmp_path / "d" / "runs.parquet")["seed"].to_pylist()
    assert sorted(seeds) == list(range(1, 9))
