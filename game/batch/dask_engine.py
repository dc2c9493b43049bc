"""The same chunks on a Dask cluster (`pip install ".[cluster]"`): `--engine dask --scheduler ADDR`.

Workers need the project installed (same version: the manifest records it). Dask itself re-runs a
task whose worker died; a chunk that still fails is split and each run tried alone, so one bad run
is recorded as failed and the rest finish. Without a scheduler address a local cluster is started.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from game.batch.engines import OnChunk
from game.batch.plan import RunSpec
from game.batch.worker import RunFn, RunResult, run_chunk
from game.domain.errors import UsageError
from game.sim.config import Scenario


def _distributed():
    try:
        import distributed
    except ImportError:
        raise UsageError(
            "the dask engine needs the cluster extra: pip install '.[cluster]'"
        ) from None
    return distributed


@contextmanager
def dask_client(
    scheduler: str | None, workers: int, client: object | None = None
) -> Iterator[object]:
    """The caller's client, a client of the cluster at `scheduler`, or a new local cluster."""
    if client is not None:
        yield client
        return
    distributed = _distributed()
    if scheduler:
        try:
            own = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc.__class__.__name__})"
            ) from None
    else:
        own = distributed.Client(n_workers=workers, threads_per_worker=1, dashboard_address=None)
    try:
        yield own
    finally:
        own.close()


def cluster_slots(client: object, fallback: int) -> int:
    """Threads across the cluster's workers (to size chunks), or `fallback` if none have joined."""
    try:
        workers = client.scheduler_info().get("workers", {})
        return sum(int(w.get("nthreads", 1)) for w in workers.values()) or fallback
    except Exception:  # an old or unusual scheduler: chunk for the local core count instead
        return fallback


def run_dask(
    base: Scenario,
    chunks: list[list[RunSpec]],
    months: int | None,
    record_series: bool,
    run_fn: RunFn | None,
    on_chunk: OnChunk,
    client: object,
) -> None:
    """Submit every chunk, write each as it finishes; on Ctrl-C cancel what is left."""
    distributed = _distributed()
    base_ref = client.scatter(base, broadcast=True)
    futures = {
        client.submit(run_chunk, base_ref, chunk, months, record_series, run_fn, pure=False): chunk
        for chunk in chunks
    }
    try:
        for fut in distributed.as_completed(list(futures)):
            chunk = futures.pop(fut)
            try:
                results = fut.result()
            except Exception:  # KilledWorker and the like: try each run alone
                results = [
                    _alone(client, base_ref, spec, months, record_series, run_fn) for spec in chunk
                ]
            on_chunk(results)
    finally:
        if futures:
            client.cancel(list(futures))


def _alone(
    client: object,
    base_ref: object,
    spec: RunSpec,
    months: int | None,
    record_series: bool,
    run_fn: RunFn | None,
) -> RunResult:
    try:
        return client.submit(
            run_chunk, base_ref, [spec], months, record_series, run_fn, pure=False
        ).result()[0]
    except Exception as exc:
        return RunResult(spec, False, f"{type(exc).__name__}: {exc}".replace("\n", " "), 2)
