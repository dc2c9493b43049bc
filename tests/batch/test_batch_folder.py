"""The output folder belongs to one sweep: a second is refused, other people's files are never
overwritten, and a merge cut short anywhere is finished by --resume with nothing lost."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from game.batch.experiment import Experiment
from game.batch.plan import RunSpec
from game.batch.runner import run_batch
from game.batch.store import Store
from game.batch.worker import RunResult
from game.cli import main
from tests.batch.conftest import HANG_S, Interrupt, wait_until

ROOT = Path(__file__).resolve().parents[2]

# A sweep of six passive runs that waits at its first run until the file argv[2] appears.
GATED_SWEEP = """
import sys, time, pathlib
from game.batch.experiment import Experiment
from game.batch.runner import run_batch
from game.sim.runner import run_campaign
from tests.batch.conftest import Interrupt
gate = pathlib.Path(sys.argv[2])
def gated(cfg, seed, policy, months=None, record_series=True):
    while not gate.exists():
        time.sleep(0.02)
    return run_campaign(cfg, seed, policy, months=months, record_series=record_series)
exp = Experiment(seeds=6, policies=["passive"], months=6, series=True)
run_batch(exp, sys.argv[1], engine="serial", run_fn=gated, progress=False)
"""


def test_a_second_sweep_into_a_busy_folder_is_refused_and_the_first_loses_nothing(
        tmp_path, capsys):
    out, gate = tmp_path / "d", tmp_path / "gate"
    log = tmp_path / "first.log"
    with log.open("w") as stderr:
        first = subprocess.Popen([sys.executable, "-c", GATED_SWEEP, str(out), str(gate)],
                                 cwd=ROOT, stderr=stderr)
    try:
        # the first sweep holds the folder and waits at its first run
        wait_until((out / "manifest.json").exists, first, "folder taken by the first sweep")
        code = main(["batch", "--seeds", "5", "--seed-start", "5000", "--policy", "integrator",
                     "--months", "6", "--quiet", "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1, err
        assert f"in use by another sweep (pid {first.pid}, started 20" in err
        gate.touch()
        assert first.wait(timeout=HANG_S) == 0, log.read_text()
    finally:
        first.kill()
        first.wait()
    runs = pq.read_table(out / "runs.parquet").to_pylist()
    assert sorted(r["seed"] for r in runs) == [1, 2, 3, 4, 5, 6]
    assert {r["policy"] for r in runs} == {"passive"} and all(r["status"] == "ok" for r in runs)
    assert pq.read_table(out / "series.parquet").num_rows == 6 * 6
    assert json.loads((out / "manifest.json").read_text())["policies"] == ["passive"]
    # the lock goes with the sweep: the folder can be resumed (here: nothing left to play)
    assert main(["batch", "--resume", "--quiet", "--out", str(out)]) == 0
    assert "0 runs finished, 6 already done" in capsys.readouterr().out


def test_a_lock_left_by_another_users_killed_sweep_neither_blocks_nor_stays(tmp_path,
                                                                          monkeypatch):
    out = tmp_path / "d"
    out.mkdir()
    stale = out / ".terafab-batch.lock"  # left by a kill -9, owned by a colleague: read-only to us
    stale.write_text('{"pid": 999999, "host": "elsewhere", "started": "2020-01-01 00:00:00"}\n')
    stale_inode = stale.stat().st_ino
    real_open = os.open

    def as_another_user(path, flags, *args):
        theirs = Path(path) == stale and stale.exists() and stale.stat().st_ino == stale_inode
        if theirs and flags & (os.O_RDWR | os.O_WRONLY):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", as_another_user)
    run_batch(Experiment(seeds=2, policies=["buyer"], months=2), out, engine="serial",
              progress=False)
    assert pq.read_table(out / "runs.parquet").num_rows == 2
    assert not stale.exists()  # a finished sweep leaves no lock behind, not even the stale one


def _results(seeds: range, score: float) -> list[RunResult]:
    """Made-up finished runs with two months of series each (no campaign needed)."""
    return [RunResult(RunSpec(f"run{seed:04d}", seed, "buyer", ()), True, "", 1,
                      {"score": score}, [{"month": m, "cash": float(seed)} for m in (1, 2)])
            for seed in seeds]


def test_two_processes_writing_parts_into_one_folder_never_overwrite_each_other(tmp_path):
    a, b = Store(tmp_path), Store(tmp_path)  # as two processes numbering their chunks from 1
    a.write_chunk(_results(range(0, 3), 1.0))
    b.write_chunk(_results(range(3, 6), 2.0))
    a.write_chunk(_results(range(6, 8), 1.0))
    assert a.consolidate([]) == 8
    assert sorted(pq.read_table(tmp_path / "runs.parquet")["seed"].to_pylist()) == list(range(8))
    assert pq.read_table(tmp_path / "series.parquet").num_rows == 16


def _foreign_parquet(path: Path) -> None:
    pq.write_table(pa.table({"x": [1, 2, 3]}), path)


@pytest.mark.parametrize("name, make", [
    ("manifest.json", lambda p: p.write_text('{"tool": "someone else\'s"}\n')),
    ("experiment.yaml", lambda p: p.write_text("model: other\n")),
    ("series.parquet", _foreign_parquet),
    ("notes.txt", lambda p: p.write_text("my notes\n")),
])
def test_a_folder_with_files_a_sweep_did_not_write_is_refused_unless_forced(
        tmp_path, capsys, name, make):
    out = tmp_path / "d"
    out.mkdir()
    make(out / name)
    before = (out / name).read_bytes()
    argv = ["batch", "--seeds", "2", "--policy", "buyer", "--months", "3", "--quiet", "--out",
            str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"holds files a sweep did not write ({name})" in err
    assert (out / name).read_bytes() == before and sorted(os.listdir(out)) == [name]
    assert main([*argv, "--force"]) == 0
    assert pq.read_table(out / "runs.parquet").num_rows == 2
    if name == "notes.txt":
        assert (out / name).read_bytes() == before  # --force leaves what is not the sweep's
    assert json.loads((out / "manifest.json").read_text())["format"] == "terafab-batch"


def test_resume_refuses_to_overwrite_a_manifest_a_sweep_did_not_write(tmp_path, capsys):
    out = tmp_path / "d"
    out.mkdir()
    (out / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)  # and too deep to parse
    assert main(["batch", "--resume", "--seeds", "2", "--months", "3", "--quiet", "--out",
                 str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "manifest.json was not written by a terafab sweep" in err
    assert (out / "manifest.json").read_text().startswith("[[[")


def test_a_damaged_results_table_is_one_line_on_resume(tmp_path, capsys):
    out = tmp_path / "d"
    argv = ["batch", "--seeds", "2", "--policy", "buyer", "--months", "3", "--quiet", "--out",
            str(out)]
    assert main(argv) == 0
    (out / "runs.parquet").write_bytes(b"PAR1 not really")
    assert main([*argv, "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "runs.parquet: not a readable Parquet runs table" in err


class Crash(BaseException):
    """The process dies here (kill -9, power cut): nothing after this line runs."""


def _crash_at_file_operation(monkeypatch, at: int) -> None:
    """From now on, die just before the `at`-th file replace or removal."""
    ops = itertools.count()

    def fatal(operation):
        def wrapped(*args, **kwargs):
            if next(ops) == at:
                raise Crash
            return operation(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(os, "replace", fatal(os.replace))
    monkeypatch.setattr(Path, "unlink", fatal(Path.unlink))


MERGE_EXP = Experiment(seeds=8, policies=["buyer"], months=2, series=True)


@pytest.fixture(scope="module")
def clean_tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "d"
    run_batch(MERGE_EXP, out, engine="serial", progress=False)
    return pq.read_table(out / "runs.parquet"), pq.read_table(out / "series.parquet")


@pytest.fixture(scope="module")
def before_merge(tmp_path_factory):
    """A folder whose tables hold 4 runs, with the other 4 finished in parts/, not yet merged."""
    out = tmp_path_factory.mktemp("unmerged") / "d"
    with pytest.raises(KeyboardInterrupt):
        run_batch(MERGE_EXP, out, engine="serial", run_fn=Interrupt(4), progress=False)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(Store, "consolidate", lambda self, keys: 0)  # the process ends before merging
        run_batch(MERGE_EXP, out, engine="serial", resume=True, progress=False)
    assert len(list((out / "parts").glob("runs-*.parquet"))) == 4
    return out


# 4 parts merged into the tables: 2 table writes, then 8 part removals
@pytest.mark.parametrize("at", range(10))
def test_a_merge_cut_short_anywhere_is_finished_by_resume_with_every_series(
        tmp_path, monkeypatch, clean_tables, before_merge, at):
    out = tmp_path / "d"
    shutil.copytree(before_merge, out)
    with monkeypatch.context() as m:
        _crash_at_file_operation(m, at)
        with pytest.raises(Crash):
            Store(out).consolidate([])
    outcome = run_batch(MERGE_EXP, out, engine="serial", resume=True, progress=False)
    assert outcome.skipped + outcome.ran == 8
    runs, series = clean_tables
    assert pq.read_table(out / "runs.parquet").equals(runs)
    assert pq.read_table(out / "series.parquet").equals(series)
    assert not (out / "parts").exists()


def test_resume_plays_again_a_run_whose_series_is_missing(tmp_path, clean_tables):
    out = tmp_path / "d"
    run_batch(MERGE_EXP, out, engine="serial", progress=False)
    series = pq.read_table(out / "series.parquet")
    lost = series["run_id"][0].as_py()
    kept = series.filter(pa.compute.not_equal(series["run_id"], lost))
    pq.write_table(kept, out / "series.parquet")  # one run's monthly rows went missing
    outcome = run_batch(MERGE_EXP, out, engine="serial", resume=True, progress=False)
    assert (outcome.skipped, outcome.ran) == (7, 1)
    runs, series = clean_tables
    assert pq.read_table(out / "runs.parquet").equals(runs)
    assert pq.read_table(out / "series.parquet").equals(series)
