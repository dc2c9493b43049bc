"""Where chunks run: in this process (serial) or on a local process pool (concurrent.futures).

A worker process that dies (segfault, os._exit, out of memory) breaks the pool; the runs it had in
flight become suspects and are played again, one at a time, on a fresh pool. A suspect that crashes
alone has now crashed twice and is recorded as failed; the others simply finish. The other way
round, workers end when the sweep's process dies (game.batch.lifeline).

Each worker gets the sweep's base config and run function once, when it starts; a task carries
only its runs. A task that carried the config (28 kB a copy) filled the call queue's pipe, so the
pool's feeder thread sat blocked in a write no terminated worker would ever read, and Ctrl-C hung
for ever in the pool's shutdown (CPython joins that thread).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from game.batch.lifeline import die_with_parent
from game.batch.plan import RunSpec
from game.batch.worker import RunFn, RunResult, run_chunk
from game.sim.config import Scenario

OnChunk = Callable[[list[RunResult]], None]
CRASHED = "worker process crashed (twice) while playing this run"


def run_serial(
    base: Scenario,
    chunks: list[list[RunSpec]],
    months: int | None,
    record_series: bool,
    run_fn: RunFn | None,
    on_chunk: OnChunk,
) -> None:
    """Everything in this process: no start-up cost, easy to debug, Ctrl-C is immediate."""
    for chunk in chunks:
        on_chunk(run_chunk(base, chunk, months, record_series, run_fn))


_sweep: tuple[Scenario, RunFn | None] | None = None  # in a worker: its sweep's base and run_fn


def _worker_start(parent_pid: int, base: Scenario, run_fn: RunFn | None) -> None:
    """Workers leave Ctrl-C to the parent, which stops them and keeps every finished chunk; a
    terminate() from the parent must end them even if the parent's own SIGTERM handler (which turns
    `kill` into a clean stop) was inherited by the fork; and a parent killed outright (kill -9)
    must not leave them waiting for work for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent_pid)
    global _sweep
    _sweep = (base, run_fn)


def _run_here(specs: list[RunSpec], months: int | None, record_series: bool) -> list[RunResult]:
    """A task in a worker: its runs, played on the base the worker was started with."""
    assert _sweep is not None, "a pool task outside a pool started by _new_pool"
    base, run_fn = _sweep
    return run_chunk(base, specs, months, record_series, run_fn)


def _new_pool(workers: int, base: Scenario, run_fn: RunFn | None) -> ProcessPoolExecutor:
    # fork: workers inherit the imported engine, so a pool starts in milliseconds, not seconds
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    return ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_worker_start,
        initargs=(os.getpid(), base, run_fn),
    )


def _stop(pool: ProcessPoolExecutor, kill: bool) -> None:
    if kill:  # Ctrl-C or an error: do not wait for chunks in flight (they are not written)
        procs = list((getattr(pool, "_processes", None) or {}).values())
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():  # still starting up, or stuck: nothing of it is worth waiting for
                proc.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def run_pool(
    base: Scenario,
    chunks: list[list[RunSpec]],
    months: int | None,
    record_series: bool,
    run_fn: RunFn | None,
    on_chunk: OnChunk,
    workers: int,
) -> None:
    """Run chunks on `workers` processes, at most two chunks in flight per worker."""
    queue: deque[list[RunSpec]] = deque(chunks)
    suspects: deque[RunSpec] = deque()
    while queue or suspects:
        pool = _new_pool(workers, base, run_fn)
        clean = False
        try:
            if suspects:
                _run_suspects(pool, suspects, months, record_series, on_chunk)
            else:
                _run_queue(pool, queue, suspects, months, record_series, on_chunk, workers)
            clean = True
        finally:
            _stop(pool, kill=not clean)


def _run_queue(
    pool: ProcessPoolExecutor,
    queue: deque,
    suspects: deque,
    months: int | None,
    record_series: bool,
    on_chunk: OnChunk,
    workers: int,
) -> None:
    in_flight: dict[Future, list[RunSpec]] = {}
    while queue or in_flight:
        try:
            while queue and len(in_flight) < 2 * workers:
                fut = pool.submit(_run_here, queue[0], months, record_series)
                in_flight[fut] = queue.popleft()
        except BrokenProcessPool:
            _salvage(in_flight, suspects, on_chunk)
            return
        finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        if any(_crashed(f) for f in finished):
            _salvage(in_flight, suspects, on_chunk)
            return
        for fut in sorted(finished, key=lambda f: in_flight[f][0].run_id):
            in_flight.pop(fut)
            on_chunk(fut.result())


def _crashed(fut: Future) -> bool:
    return isinstance(fut.exception(), BrokenProcessPool)


def _salvage(in_flight: dict[Future, list[RunSpec]], suspects: deque, on_chunk: OnChunk) -> None:
    """The pool died: keep chunks that had finished, make suspects of the runs of all others."""
    wait(in_flight)  # a broken pool fails every pending future promptly
    for fut, chunk in sorted(in_flight.items(), key=lambda item: item[1][0].run_id):
        if _crashed(fut):
            suspects.extend(chunk)
        else:
            on_chunk(fut.result())
    in_flight.clear()


def _run_suspects(
    pool: ProcessPoolExecutor,
    suspects: deque,
    months: int | None,
    record_series: bool,
    on_chunk: OnChunk,
) -> None:
    """One suspect at a time; returns after a crash so the caller builds a fresh pool."""
    while suspects:
        spec = suspects.popleft()
        try:
            on_chunk(pool.submit(_run_here, [spec], months, record_series).result())
        except BrokenProcessPool:
            on_chunk([RunResult(spec, False, CRASHED, 2)])
            return
