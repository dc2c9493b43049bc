"""Running sweeps: identical tables on any worker count, failures kept as data, resume, memory."""

from __future__ import annotations

import json
import os

import mesa
import pyarrow.parquet as pq
import pytest

from game.batch.experiment import Experiment
from game.batch.runner import run_batch
from game.domain.errors import UsageError
from game.sim.runner import run_campaign
from tests.batch.conftest import HANG_S, Interrupt

FLAKY_CALLS: dict[int, int] = {}


def flaky(cfg, seed, policy, months=None, record_series=True):
    """Seed 2 fails on its first attempt only; seed 3 always fails."""
    FLAKY_CALLS[seed] = FLAKY_CALLS.get(seed, 0) + 1
    if seed == 3 or (seed == 2 and FLAKY_CALLS[seed] == 1):
        raise ValueError(f"bad luck on seed {seed}")
    return run_campaign(cfg, seed, policy, months=months, record_series=record_series)


def crashing(cfg, seed, policy, months=None, record_series=True):
    """Seed 3 kills its worker process outright, as a segfault would."""
    if seed == 3:
        os._exit(13)
    return run_campaign(cfg, seed, policy, months=months, record_series=record_series)


def test_one_worker_two_workers_and_serial_give_identical_tables(tmp_path, small_exp):
    for name, engine, workers in (("w1", "local", 1), ("w2", "local", 2), ("s", "serial", 1)):
        run_batch(small_exp, tmp_path / name, engine=engine, workers=workers, progress=False)
    runs = [pq.read_table(tmp_path / n / "runs.parquet") for n in ("w1", "w2", "s")]
    series = [pq.read_table(tmp_path / n / "series.parquet") for n in ("w1", "w2", "s")]
    assert runs[0].num_rows == 16 and series[0].num_rows == 16 * 12
    assert runs[0].equals(runs[1]) and runs[0].equals(runs[2])
    assert series[0].equals(series[1]) and series[0].equals(series[2])
    ids = runs[0]["run_id"].to_pylist()
    assert ids == sorted(ids)
    assert {"seed", "policy", "world.demand.growth_per_year", "score", "final_cash_busd",
            "self_sufficiency", "first_terafab_output_month", "months_power",
            } <= set(runs[0].column_names)


def test_the_manifest_lets_anyone_rerun_and_differs_only_in_how_it_ran(tmp_path, small_exp):
    command = ["terafab", "batch", "x"]
    run_batch(small_exp, tmp_path / "a", workers=1, progress=False, command=command)
    run_batch(small_exp, tmp_path / "b", workers=2, progress=False, command=command)
    a = json.loads((tmp_path / "a" / "manifest.json").read_text())
    b = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert a["command"] == "terafab batch x"
    assert a["seeds"] == [1, 2, 3, 4] and a["policies"] == ["buyer", "integrator"]
    assert a["config"]["world"]["calendar"]["months"] == 180 and a["runs"] == 16
    assert {"terafab", "mesa", "numpy", "python"} <= set(a["versions"])
    assert a["execution"]["workers"] == 1 and b["execution"]["workers"] == 2
    a.pop("execution"), b.pop("execution"), a.pop("rerun"), b.pop("rerun")
    assert a == b  # no timestamps, nothing else that depends on the machine's mood
    again = Experiment.model_validate(json.loads(json.dumps(a["experiment"])))
    assert again == small_exp


def test_a_run_that_raises_is_retried_once_then_recorded_with_its_seed(tmp_path):
    FLAKY_CALLS.clear()
    exp = Experiment(seeds=4, policies=["buyer"], months=6, series=True)
    out = run_batch(exp, tmp_path / "d", engine="serial", run_fn=flaky, progress=False)
    assert (out.ran, out.failed) == (4, 1)
    rows = pq.read_table(tmp_path / "d" / "runs.parquet").to_pylist()
    by_seed = {r["seed"]: r for r in rows}
    assert by_seed[2]["status"] == "ok" and FLAKY_CALLS[2] == 2  # retried, then fine
    assert by_seed[3]["status"] == "failed" and FLAKY_CALLS[3] == 2
    assert "ValueError: bad luck on seed 3" in by_seed[3]["error"] and by_seed[3]["score"] is None
    series = pq.read_table(tmp_path / "d" / "series.parquet")
    assert sorted(set(series["seed"].to_pylist())) == [1, 2, 4]


def test_a_crashed_worker_process_costs_only_its_run(tmp_path):
    exp = Experiment(seeds=8, policies=["buyer"], months=6)
    out = run_batch(exp, tmp_path / "d", workers=2, run_fn=crashing, progress=False)
    rows = {r["seed"]: r for r in pq.read_table(tmp_path / "d" / "runs.parquet").to_pylist()}
    assert out.failed == 1 and len(rows) == 8
    assert rows[3]["status"] == "failed" and "crashed" in rows[3]["error"]
    assert all(rows[s]["status"] == "ok" for s in rows if s != 3)


def test_interrupted_sweep_keeps_finished_runs_and_resume_plays_each_run_once(tmp_path):
    exp = Experiment(seeds=12, policies=["buyer", "passive"], months=6)
    with pytest.raises(KeyboardInterrupt):
        run_batch(exp, tmp_path / "d", engine="serial", workers=8, run_fn=Interrupt(10),
                  progress=False)
    kept = pq.read_table(tmp_path / "d" / "runs.parquet")
    assert 0 < kept.num_rows < 24
    with pytest.raises(UsageError, match="already holds results"):
        run_batch(exp, tmp_path / "d", progress=False)
    changed = exp.model_copy(update={"months": 7})
    with pytest.raises(UsageError, match="different experiment.*months"):
        run_batch(changed, tmp_path / "d", resume=True, progress=False)
    out = run_batch(exp, tmp_path / "d", resume=True, workers=2, progress=False)
    assert out.skipped == kept.num_rows and out.ran == 24 - kept.num_rows
    ids = pq.read_table(tmp_path / "d" / "runs.parquet")["run_id"].to_pylist()
    assert len(ids) == len(set(ids)) == 24
    fresh = run_batch(exp, tmp_path / "fresh", workers=2, progress=False)
    assert fresh.ran == 24
    assert pq.read_table(tmp_path / "d" / "runs.parquet").equals(
        pq.read_table(tmp_path / "fresh" / "runs.parquet"))


def test_finished_models_are_released_so_worker_memory_stays_flat(tmp_path):
    before = len(mesa.Agent._ids)
    run_batch(Experiment(seeds=6, policies=["buyer"], months=3), tmp_path / "d", engine="serial",
              progress=False)
    assert len(mesa.Agent._ids) == before


class Ballast:
    """A run function that weighs 256 kB when pickled (as a large sweep config does)."""

    def __init__(self) -> None:
        self.ballast = bytes(256 * 1024)

    def __call__(self, cfg, seed, policy, months=None, record_series=True):
        return run_campaign(cfg, seed, policy, months=months, record_series=record_series)


def test_ctrl_c_stops_a_worker_pool_however_large_its_config(tmp_path):
    """Ctrl-C on a pool sweep ends it: the pool's workers are stopped and the finished chunk is
    kept. When every task carried the config, a config larger than the call queue's pipe left the
    pool's feeder thread blocked in a write no stopped worker would read, and the sweep hung in
    the pool's shutdown for ever (the Ctrl-C test of `terafab batch` hung on 2 runs in 4)."""
    import threading

    from game.batch.engines import run_pool
    from game.batch.plan import chunked, expand
    from game.io.scenarios import load_scenario

    exp = Experiment(seeds=40, policies=["buyer"], months=24)
    base = load_scenario("terafab")
    kept: list = []

    def on_chunk(results) -> None:  # the sweep's process gets Ctrl-C after its first chunk
        kept.extend(results)
        raise KeyboardInterrupt

    outcome: list[BaseException] = []

    def sweep() -> None:
        try:
            run_pool(base, chunked(expand(exp, base), 2), exp.months, False, Ballast(), on_chunk,
                     workers=2)
        except BaseException as exc:  # noqa: BLE001 - the test reads what ended the sweep
            outcome.append(exc)

    thread = threading.Thread(target=sweep, daemon=True)
    thread.start()
    thread.join(timeout=HANG_S)  # not a speed limit: a stopped pool ends in seconds, a hung never
    assert not thread.is_alive(), "the sweep hung after Ctrl-C"
    assert len(outcome) == 1 and isinstance(outcome[0], KeyboardInterrupt)
    assert len(kept) == 2 and all(r.ok for r in kept)
