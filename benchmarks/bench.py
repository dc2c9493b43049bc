"""`make bench`: how fast Terafab is. Each figure is the median of several repeats, with its spread
(min-max). Prints one table; the README quotes it with the date and machine.

Engine rows are CPU time of this process (`time.process_time`), so other programs on a busy machine
do not inflate them; each repeat starts after a full garbage collection. Batch rows are wall time
(a speed-up across processes is what they measure)."""

from __future__ import annotations

import gc
import importlib
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import mesa  # noqa: E402

from game.io.scenarios import list_scenario_names, load_scenario  # noqa: E402
from game.sim.runner import run_campaign  # noqa: E402
from game.sim.session import Session  # noqa: E402

ROWS: list[tuple[str, str, str]] = []


def timed(fn: Callable[[], object], repeats: int) -> list[float]:
    """CPU seconds of `repeats` calls of `fn` after a warm-up; a full collection before each."""
    fn()  # warm-up: imports, caches, first-touch allocations
    out = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.process_time()
        fn()
        out.append(time.process_time() - t0)
    return out


def row(name: str, seconds: list[float], unit: str = "ms", scale: float = 1000.0) -> float:
    med = statistics.median(seconds) * scale
    spread = f"{min(seconds) * scale:.2f}-{max(seconds) * scale:.2f}"
    ROWS.append((name, f"{med:.2f} {unit}", spread))
    return med


class _BareAgent(mesa.Agent):
    def __init__(self, model) -> None:
        super().__init__(model)
        self.stock = 1.0

    def step(self) -> None:
        self.stock = self.stock * 1.001 + 0.1


def _reporter_a(model) -> float:
    return model.steps * 1.0


def _reporter_b(model) -> int:
    return len(model.agents)


def _reporter_c(model) -> float:
    return model.total


class BareModel(mesa.Model):
    """The framework's floor: the same number of agents, a trivial step, three model reporters,
    used as Mesa intends (AgentSet.do, a DataCollector collected once a step)."""

    def __init__(self, n_agents: int, seed: int = 1) -> None:
        super().__init__(seed=seed)
        self.total = 0.0
        for _ in range(n_agents):
            _BareAgent(self)
        self.datacollector = mesa.DataCollector(
            model_reporters={"a": _reporter_a, "b": _reporter_b, "c": _reporter_c})
        self.datacollector.collect(self)

    def step(self) -> None:
        self.agents.do("step")
        self.total = sum(a.stock for a in self.agents)
        self.datacollector.collect(self)


def bare_campaign(n_agents: int, steps: int = 180) -> BareModel:
    """One bare model built and stepped `steps` times: the same shape of work as a campaign."""
    model = BareModel(n_agents)
    for _ in range(steps):
        model.step()
    return model


def agent_count(scenario) -> int:
    s = Session(scenario, 1)
    return len(s.agents())


def bench_engine(repeats: int) -> None:
    scenario = load_scenario("terafab")
    n = agent_count(scenario)
    per_policy = {}
    for policy in ("passive", "buyer", "integrator", "balanced"):
        per_policy[policy] = row(f"campaign 180 months, default world, {policy}",
                                 timed(lambda p=policy: run_campaign(scenario, 1, p), repeats))
    floor = row(f"bare Mesa floor: {n} agents, 180 steps, 3 reporters",
                timed(lambda: bare_campaign(n), repeats))
    worst = max(per_policy.values())
    ROWS.append(("ratio: the world alone (passive) / bare Mesa floor",
                 f"{per_policy['passive'] / floor:.1f}x", ""))
    ROWS.append(("ratio: slowest policy / bare Mesa floor", f"{worst / floor:.1f}x", ""))
    if "large-world" in list_scenario_names():
        large = load_scenario("large-world")
        big = row(f"campaign 180 months, large-world ({agent_count(large)} agents), balanced",
                  timed(lambda: run_campaign(large, 1, "balanced"), max(3, repeats // 2)))
        ratio = big / per_policy["balanced"]
        ROWS.append(("ratio: large-world / default (balanced)", f"{ratio:.1f}x", ""))
    step_times = []
    s = Session(scenario, 1, "integrator")
    gc.collect()
    for _ in range(180):
        t0 = time.process_time()
        s.step()
        step_times.append(time.process_time() - t0)
    row("one engine step (integrator, median over a campaign)", step_times)


def ui_rows(repeats: int) -> list[tuple[str, str, str]]:
    """UI frame-time rows (the lead merges `benchmarks/bench_frame.py` from the UI branch here):
    its `run(repeats)` returns rows (what, median, spread) like `bench_batch.run`."""
    try:
        bench_frame = importlib.import_module("benchmarks.bench_frame")
    except ModuleNotFoundError as exc:
        if exc.name != "benchmarks.bench_frame":
            raise
        return [("game window: not built in this tree", "-", "")]
    return bench_frame.run(repeats)


def main(argv: list[str]) -> int:
    """All rows; `--engine-only` for the engine's rows alone (a minute, not twenty)."""
    repeats = int(os.environ.get("BENCH_REPEATS", "11"))
    started = time.perf_counter()
    bench_engine(repeats)
    if "--engine-only" not in argv:
        from benchmarks import bench_batch

        ROWS.extend(bench_batch.run(repeats))
        ROWS.extend(ui_rows(repeats))
    width = max(len(r[0]) for r in ROWS)
    machine = platform.processor() or platform.machine()
    print(f"Terafab benchmark — {time.strftime('%Y-%m-%d')}, {machine}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()} ({sys.executable}), "
          f"mesa {mesa.__version__}")
    print("engine rows: CPU time of one process; batch rows: wall time across worker processes")
    print(f"{'what':<{width}}  {'median':>12}  {'spread':>15}")
    for name, med, spread in ROWS:
        print(f"{name:<{width}}  {med:>12}  {spread:>15}")
    print(f"(bench took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main(sys.argv[1:]))
