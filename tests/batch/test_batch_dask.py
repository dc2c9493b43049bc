"""The dask engine gives the same tables as the local pool, and a lost scheduler never hangs it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from distributed import Client

from game.batch.dask_engine import LOOPBACK_ANY_PORT
from game.batch.runner import run_batch
from tests.batch.conftest import HANG_S, wait_until

ROOT = Path(__file__).resolve().parents[2]


def test_dask_engine_matches_the_local_pool(tmp_path, small_exp):
    run_batch(small_exp, tmp_path / "local", workers=2, progress=False)
    with Client(processes=False, n_workers=2, threads_per_worker=1,
                dashboard_address=LOOPBACK_ANY_PORT) as c:
        out = run_batch(small_exp, tmp_path / "dask", engine="dask", client=c, progress=False)
    assert out.ran == 16 and out.failed == 0
    for name in ("runs.parquet", "series.parquet"):
        dask_table = pq.read_table(tmp_path / "dask" / name)
        assert dask_table.equals(pq.read_table(tmp_path / "local" / name))


# A scheduler on loopback port argv[1] with one worker thread, in one process; waits to be killed.
CLUSTER = """
import sys, time
import game.batch.worker  # what the first task would import: the sweep's first chunk comes sooner
from distributed import LocalCluster
cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                       host="127.0.0.1", scheduler_port=int(sys.argv[1]),
                       dashboard_address="127.0.0.1:0")
time.sleep(600)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A frozen scheduler is given up after this long without an answer. A live one in this test
# shares its process with the worker playing the runs; on a loaded machine its answer took over
# 2 s, so the sweep gave it up before its first chunk.
SILENT_S = 20


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("fault", [signal.SIGKILL, signal.SIGSTOP], ids=["killed", "frozen"])
def test_a_lost_scheduler_ends_the_sweep_with_one_line_keeping_finished_runs(tmp_path, fault):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    port, out = _free_port(), tmp_path / "d"
    address = f"tcp://127.0.0.1:{port}"
    cluster = subprocess.Popen([sys.executable, "-c", CLUSTER, str(port)], cwd=ROOT, env=env,
                               stderr=subprocess.DEVNULL)
    sweep = None
    try:
        # the sweep starts once the scheduler listens (its client waits only 10 s for one, and a
        # loaded machine can take longer than that to start a scheduler)
        wait_until(lambda: _listening(port), cluster, "scheduler listening")
        sweep = subprocess.Popen(
            [sys.executable, "-m", "game", "batch", "--seeds", "2000", "--policy", "balanced",
             "--months", "2", "--engine", "dask", "--scheduler", address, "--scheduler-timeout",
             str(SILENT_S), "--quiet", "--out", str(out)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # the scheduler fails once a chunk is kept, however long this machine takes to keep one
        wait_until(lambda: any((out / "parts").glob("runs-*.parquet")), sweep, "a chunk written")
        os.kill(cluster.pid, fault)
        _, err = sweep.communicate(timeout=HANG_S)  # it hung here for ever
    finally:
        if sweep is not None:
            sweep.kill()
            sweep.communicate()  # and its pipes closed, so nothing leaks into the next test
        cluster.kill()
        cluster.wait()
    assert sweep.returncode == 2, err
    assert err.count("\n") == 1 and f"lost the Dask scheduler at {address}" in err
    kept = pq.read_table(out / "runs.parquet").num_rows
    assert 0 < kept < 2000 and f"{kept} of 2000 runs kept in {out}; add --resume" in err
    assert not (out / "parts").exists()
