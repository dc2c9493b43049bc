"""Run an experiment into a folder: expand, skip what is done, run chunks, write, consolidate.

This is the one entry point behind `terafab batch` and the notebook API. Finished chunks are on
disk as soon as they finish; on Ctrl-C (or any error) the folder is consolidated before the
interrupt goes on, so every finished run is kept and `resume=True` plays only the rest.
"""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import yaml

from game.batch.dask_engine import cluster_slots, dask_client, run_dask
from game.batch.engines import run_pool, run_serial
from game.batch.experiment import Experiment
from game.batch.manifest import (
    EXPERIMENT_COPY,
    build_manifest,
    config_digest,
    read_manifest,
    write_manifest,
)
from game.batch.plan import RunSpec, base_config, check_policies, chunk_size, chunked, expand
from game.batch.progress import Progress
from game.batch.store import Store, write_file
from game.batch.worker import RunFn, RunResult
from game.domain.errors import UsageError
from game.io.scenarios import load_scenario
from game.sim.config import Scenario

ENGINES = ("local", "serial", "dask")


@dataclass(frozen=True)
class BatchOutcome:
    out: Path
    total: int  # runs in the experiment
    skipped: int  # already done before this call (resume)
    ran: int  # finished in this call
    failed: int  # of those, recorded as failed


def default_workers() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


def run_batch(
    exp: Experiment,
    out: str | Path,
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    client: object | None = None,
    resume: bool = False,
    progress: bool = True,
    run_fn: RunFn | None = None,
    command: list[str] | None = None,
) -> BatchOutcome:
    """Play every run of `exp` not yet in `out`. `run_fn` replaces run_campaign (tests only)."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}' (known: {', '.join(ENGINES)})")
    workers = 1 if engine == "serial" else (workers or default_workers())
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a folder")
    base = base_config(exp, load_scenario(exp.scenario))
    specs = expand(exp, base)
    config = base.model_dump(by_alias=True, mode="json")
    _check_folder(out, exp, config, resume)
    with ExitStack() as stack:
        # connect to a cluster before writing anything: an unreachable scheduler leaves no folder
        dc = None
        if engine == "dask":
            dc = stack.enter_context(dask_client(scheduler, workers, client))
            workers = cluster_slots(dc, workers)
        size = chunk_size(len(specs), workers)
        store = Store(out)
        if not resume or read_manifest(out) is None:
            execution = {"engine": engine, "workers": workers, "chunk_size": size}
            _write_manifest(out, exp, base, config, specs, command, execution)
        done = store.done_ids() if resume else set()
        todo = [s for s in specs if s.run_id not in done]
        bar = Progress(len(specs), len(specs) - len(todo), enabled=progress)
        counts = {"ran": 0, "failed": 0}

        def on_chunk(results: list[RunResult]) -> None:
            store.write_chunk(results)
            failed = sum(not r.ok for r in results)
            counts["ran"] += len(results)
            counts["failed"] += failed
            bar.advance(len(results), failed)

        chunks = chunked(todo, size)
        param_keys = [*exp.sweep, *(sorted(exp.sample.ranges) if exp.sample else [])]
        try:
            if engine == "serial":
                run_serial(base, chunks, exp.months, exp.series, run_fn, on_chunk)
            elif engine == "local":
                run_pool(base, chunks, exp.months, exp.series, run_fn, on_chunk, workers)
            else:
                run_dask(base, chunks, exp.months, exp.series, run_fn, on_chunk, dc)
        except BaseException:
            kept = store.consolidate(param_keys)
            bar.close()
            if progress:
                print(f"stopped: {kept} of {len(specs)} runs kept in {out}; "
                      "add --resume to finish", file=sys.stderr)
            raise
        store.consolidate(param_keys)
        bar.close()
    return BatchOutcome(out, len(specs), len(specs) - len(todo), counts["ran"], counts["failed"])


def _write_manifest(out: Path, exp: Experiment, base: Scenario, config: dict,
                    specs: list[RunSpec], command: list[str] | None, execution: dict) -> None:
    points = list(dict.fromkeys(s.params for s in specs))  # each point once, in run order
    manifest = build_manifest(
        command=command or _api_command(exp, out), experiment=exp.to_data(), config=config,
        seeds=exp.seed_list(), policies=check_policies(exp, base),
        points=[dict(p) for p in points], n_runs=len(specs), out=out, execution=execution)
    write_manifest(out, manifest)
    data = yaml.safe_dump(exp.to_data(), sort_keys=False).encode("utf-8")
    write_file(out / EXPERIMENT_COPY, data)


def _check_folder(out: Path, exp: Experiment, config: dict, resume: bool) -> None:
    """Never mix sweeps: new results need an empty folder, a resume the same experiment."""
    if not out.exists():
        return
    has_results = (out / "runs.parquet").exists() or any((out / "parts").glob("runs-*.parquet"))
    if not has_results:
        return
    if not resume:
        raise UsageError(
            f"{out} already holds results; add --resume to finish them or choose a new --out"
        )
    old = read_manifest(out)
    if old is None:
        raise UsageError(
            f"{out}: results without a readable manifest.json; cannot check they match"
        )
    if old.get("experiment") != exp.to_data():
        diff = sorted(
            k
            for k in set(old.get("experiment", {})) | set(exp.to_data())
            if old.get("experiment", {}).get(k) != exp.to_data().get(k)
        )
        raise UsageError(
            f"{out} holds a different experiment (differs in: {', '.join(diff)}); "
            "resume with the same settings or choose a new --out"
        )
    if old.get("config_sha256") != config_digest(config):
        raise UsageError(
            f"{out} was run with a different scenario config (the scenario file changed?); "
            "choose a new --out"
        )


def _api_command(exp: Experiment, out: Path) -> list[str]:
    """For runs started from Python: the command line that plays the same experiment."""
    return ["terafab", "batch", str(out / EXPERIMENT_COPY), "--out", str(out)]
