"""The same chunks on a Dask cluster (`pip install ".[cluster]"`): `--engine dask --scheduler ADDR`.

Workers need the project installed (same version: the manifest records it). Dask itself re-runs a
task whose worker died; a chunk that still fails is split and each run tried alone, so one bad run
is recorded as failed and the rest finish. Without a scheduler address a local cluster is started.
A scheduler that dies or stops answering ends the sweep within `--scheduler-timeout` seconds with
one line (SchedulerLost), after every chunk that came back has been written.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from game.batch.engines import OnChunk
from game.batch.plan import RunSpec
from game.batch.worker import RunFn, RunResult, run_chunk
from game.domain.errors import TerafabError, UsageError
from game.i18n import msg
from game.sim.config import Scenario

if TYPE_CHECKING:
    from distributed import Future

SCHEDULER_TIMEOUT_S = 30.0  # a scheduler silent this long is taken as gone
PING_EVERY_S = 2.0  # while waiting for chunks, ask the scheduler this often whether it is there
POLL_S = 0.05  # how often to look for finished chunks
CLOSE_TIMEOUT_S = 5.0
LOOPBACK_ANY_PORT = "127.0.0.1:0"


def _distributed():
    try:
        import distributed
    except ImportError:
        raise UsageError(msg("errors.batch.dask_missing")) from None
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
            raise UsageError(msg("errors.batch.dask_unreachable", address=scheduler,
                                 kind=exc.__class__.__name__)) from None
    else:
        # the scheduler always serves HTTP: on a free loopback port, not on 8787 of every address
        # (on a shared server a colleague's cluster holds 8787, and Dask would warn about it)
        own = distributed.Client(n_workers=workers, threads_per_worker=1,
                                 dashboard_address=LOOPBACK_ANY_PORT)
    lost = False
    try:
        yield own
    except SchedulerLost:
        lost = True
        raise
    finally:
        try:  # a lost scheduler cannot answer a polite goodbye: do not wait long for one
            own.close(timeout=CLOSE_TIMEOUT_S) if lost else own.close()
        except Exception:
            pass


def cluster_slots(client: object, fallback: int) -> int:
    """Threads across the cluster's workers (to size chunks), or `fallback` if none have joined."""
    try:
        workers = client.scheduler_info().get("workers", {})
        return sum(int(w.get("nthreads", 1)) for w in workers.values()) or fallback
    except Exception:  # an old or unusual scheduler: chunk for the local core count instead
        return fallback


class SchedulerLost(TerafabError):
    """The scheduler went away mid-sweep (its connection dropped, or it stopped answering)."""


class _Watch:
    """Notices a lost scheduler: a dropped connection at once, a silent one (a frozen host, a
    network cut) when a ping has had no answer for `timeout_s`."""

    def __init__(self, client: object, timeout_s: float) -> None:
        self.client = client
        self.timeout_s = timeout_s
        self._next_ping = time.monotonic() + PING_EVERY_S

    def lost(self, why: str) -> SchedulerLost:
        address = getattr(getattr(self.client, "scheduler", None), "address", None) or "?"
        return SchedulerLost(msg("errors.batch.dask_lost", address=address, why=why))

    def check(self) -> None:
        status = getattr(self.client, "status", "running")
        if status != "running":
            raise self.lost(msg("errors.batch.dask_status", status=status))
        if time.monotonic() < self._next_ping:
            return
        try:
            self.client.sync(self.client.scheduler.identity, callback_timeout=self.timeout_s)
        except Exception:  # TimeoutError, CommClosedError, OSError: no answer either way
            raise self.lost(msg("errors.batch.dask_silent", seconds=self.timeout_s)) from None
        self._next_ping = time.monotonic() + PING_EVERY_S

    def wait_any(self, pending: Iterable[Future]) -> list[Future]:
        """The futures that are done, once at least one is; checks on the scheduler meanwhile."""
        while True:
            done = [f for f in pending if f.done()]
            if done:
                return done
            self.check()
            time.sleep(POLL_S)

    def result(self, fut: Future) -> list[RunResult]:
        """A finished chunk's results; raises SchedulerLost if the work was dropped with the
        connection, or the task's own exception (a KilledWorker, say) if it failed."""
        if fut.status == "cancelled":
            raise self.lost(msg("errors.batch.dask_dropped"))
        try:
            return fut.result(timeout=self.timeout_s)
        except TimeoutError:
            raise self.lost(msg("errors.batch.dask_silent", seconds=self.timeout_s)) from None


def run_dask(
    base: Scenario,
    chunks: list[list[RunSpec]],
    months: int | None,
    record_series: bool,
    run_fn: RunFn | None,
    on_chunk: OnChunk,
    client: object,
    scheduler_timeout_s: float = SCHEDULER_TIMEOUT_S,
) -> None:
    """Submit every chunk, write each as it finishes; on Ctrl-C cancel what is left. A lost
    scheduler raises SchedulerLost within `scheduler_timeout_s` (every chunk written is kept)."""
    watch = _Watch(client, scheduler_timeout_s)
    watch.check()
    base_ref = client.scatter(base, broadcast=True)
    futures = {
        client.submit(run_chunk, base_ref, chunk, months, record_series, run_fn, pure=False): chunk
        for chunk in chunks
    }
    try:
        while futures:
            for fut in watch.wait_any(futures):
                chunk = futures.pop(fut)
                try:
                    results = watch.result(fut)
                except SchedulerLost:
                    raise
                except Exception:  # KilledWorker and the like: try each run alone
                    results = [
                        _alone(watch, base_ref, spec, months, record_series, run_fn)
                        for spec in chunk
                    ]
                on_chunk(results)
    finally:
        if futures and getattr(client, "status", "running") == "running":
            try:
                client.cancel(list(futures))
            except Exception:  # the scheduler went while we were stopping: nothing left to cancel
                pass


def _alone(
    watch: _Watch,
    base_ref: object,
    spec: RunSpec,
    months: int | None,
    record_series: bool,
    run_fn: RunFn | None,
) -> RunResult:
    fut = watch.client.submit(run_chunk, base_ref, [spec], months, record_series, run_fn,
                              pure=False)
    watch.wait_any([fut])
    try:
        return watch.result(fut)[0]
    except SchedulerLost:
        raise
    except Exception as exc:
        return RunResult(spec, False, f"{type(exc).__name__}: {exc}".replace("\n", " "), 2)
