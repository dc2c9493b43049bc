"""Batch speed and worker memory: runs per second on one worker and on all cores, and how much a
worker's resident memory grows per 1000 runs (with finished models released, and without).

    .venv/bin/python benchmarks/bench_batch.py          # prints a small table
`benchmarks/bench.py` calls run(repeats) and adds the rows to the main table.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.batch.experiment import Experiment  # noqa: E402
from game.batch.runner import default_workers, run_batch  # noqa: E402

Row = tuple[str, str, str]
SPEED_RUNS = int(os.environ.get("BENCH_BATCH_RUNS", "96"))  # full 180-month campaigns
MEMORY_RUNS = int(os.environ.get("BENCH_BATCH_MEMORY_RUNS", "1000"))
MEMORY_MONTHS = 24  # memory is held per model, not per month: short runs measure it faster


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers, once joined)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def runs_per_second(workers: int, runs: int) -> tuple[float, float]:
    """One sweep of `runs` full campaigns (balanced policy) through the real batch path: runs a
    second, and the cores it kept busy (CPU seconds / wall seconds). On a machine shared with other
    work the second figure shows how many cores the sweep actually got."""
    exp = Experiment(seeds=runs, policies=["balanced"])
    with tempfile.TemporaryDirectory() as tmp:
        cpu0, t0 = _cpu_seconds(), time.perf_counter()
        run_batch(exp, Path(tmp) / "out", workers=workers, progress=False)
        wall = time.perf_counter() - t0
        return runs / wall, (_cpu_seconds() - cpu0) / wall


def _spin(seconds: float) -> int:
    """Count loop turns for `seconds` of wall time: pure CPU, no engine, no I/O."""
    end, turns = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        turns += 1
    return turns


def machine_ceiling(workers: int, seconds: float = 1.5) -> float:
    """The speed-up `workers` busy processes get over one right now: the ceiling for any sweep's
    speed-up while other programs share the machine (the same number on an idle one)."""
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        one = sum(pool.map(_spin, [seconds]))
        many = sum(pool.map(_spin, [seconds] * workers))
    return many / one


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _memory_child(runs: int, release: bool, queue: multiprocessing.Queue) -> None:
    """In a fresh worker: warm up, then play `runs` runs in chunks as a batch worker does."""
    import game.batch.worker as worker
    from game.batch.plan import RunSpec
    from game.io.scenarios import load_scenario

    if not release:
        worker._release_models = lambda before: None
    base = load_scenario("terafab")
    specs = [RunSpec(f"r{i}", i, "balanced", ()) for i in range(runs + 100)]
    for i in range(0, 100, 25):
        worker.run_chunk(base, specs[i : i + 25], MEMORY_MONTHS, False)
    start = _rss_mb()
    for i in range(100, runs + 100, 25):
        worker.run_chunk(base, specs[i : i + 25], MEMORY_MONTHS, False)
    queue.put(_rss_mb() - start)


def memory_growth_per_1000(runs: int, release: bool = True) -> float:
    """RSS growth (MB) of one worker process per 1000 runs, after 100 warm-up runs."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_memory_child, args=(runs, release, queue))
    proc.start()
    grown = queue.get()
    proc.join()
    return grown * 1000.0 / runs


def run(repeats: int = 3) -> list[Row]:
    """Rows (what, median, spread) for the main benchmark table."""
    cores = default_workers()
    n = max(1, min(repeats, 3))
    one_busy, many_busy = [], []
    one, many = [], []
    for _ in range(n):  # alternate, so a burst of other work on the machine hits both alike
        speed, busy = runs_per_second(1, SPEED_RUNS)
        one.append(speed)
        one_busy.append(busy)
        speed, busy = runs_per_second(cores, SPEED_RUNS)
        many.append(speed)
        many_busy.append(busy)
    rows = [
        (
            f"batch: runs/s, 1 worker ({SPEED_RUNS} full campaigns)",
            f"{statistics.median(one):.2f}",
            f"{min(one):.2f}-{max(one):.2f}",
        ),
        (
            f"batch: runs/s, {cores} workers",
            f"{statistics.median(many):.2f}",
            f"{min(many):.2f}-{max(many):.2f}",
        ),
        (
            f"batch: speed-up, {cores} workers / 1",
            f"{statistics.median(many) / statistics.median(one):.2f}x",
            "",
        ),
        (
            f"batch: ceiling now, {cores} busy-loop processes / 1 (machine shared?)",
            f"{machine_ceiling(cores):.2f}x",
            "",
        ),
        (
            f"batch: cores kept busy, 1 worker / {cores} workers (CPU s / wall s)",
            f"{statistics.median(one_busy):.2f} / {statistics.median(many_busy):.2f}",
            "",
        ),
    ]
    kept = memory_growth_per_1000(MEMORY_RUNS, release=True)
    rows.append(
        (
            f"batch: worker RSS growth per 1000 runs ({MEMORY_MONTHS}-month runs)",
            f"{kept:.1f} MB",
            "",
        )
    )
    leak = memory_growth_per_1000(max(100, MEMORY_RUNS // 5), release=False)
    rows.append(("batch: same, without releasing Agent._ids (for contrast)", f"{leak:.1f} MB", ""))
    return rows


def main() -> int:
    rows = run(int(os.environ.get("BENCH_REPEATS", "3")))
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'median':>10}  {'spread':>13}")
    for name, med, spread in rows:
        print(f"{name:<{width}}  {med:>10}  {spread:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
