"""The dask engine on an in-process cluster gives the same tables as the local pool."""

from __future__ import annotations

import pyarrow.parquet as pq
from distributed import Client

from game.batch.runner import run_batch


def test_dask_engine_matches_the_local_pool(tmp_path, small_exp):
    run_batch(small_exp, tmp_path / "local", workers=2, progress=False)
    with Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None) as c:
        out = run_batch(small_exp, tmp_path / "dask", engine="dask", client=c, progress=False)
    assert out.ran == 16 and out.failed == 0
    for name in ("runs.parquet", "series.parquet"):
        dask_table = pq.read_table(tmp_path / "dask" / name)
        assert dask_table.equals(pq.read_table(tmp_path / "local" / name))
