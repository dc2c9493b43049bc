"""Run an experiment into a folder: expand, skip what is done, run chunks, write, consolidate.

This is the one entry point behind `terafab batch` and the notebook API. The folder is locked for
the whole sweep (game.batch.lock) and must hold nothing a sweep did not write. Finished chunks are
on disk as soon as they finish; on Ctrl-C (or any error) the folder is consolidated before the
interrupt goes on, so every finished run is kept and `resume=True` plays only the rest.
"""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import yaml

from game.batch.dask_engine import (
    SCHEDULER_TIMEOUT_S,
    SchedulerLost,
    cluster_slots,
    dask_client,
    run_dask,
)
from game.batch.engines import run_pool, run_serial
from game.batch.experiment import Experiment
from game.batch.lock import LOCK_NAME, sweep_lock
from game.batch.manifest import (
    EXPERIMENT_COPY,
    MANIFEST,
    build_manifest,
    config_digest,
    read_manifest,
    write_manifest,
)
from game.batch.plan import RunSpec, base_config, check_policies, chunk_size, chunked, expand
from game.batch.progress import Progress
from game.batch.store import PARTS, RUNS, SERIES, Store, has_results, write_file
from game.batch.worker import RunFn, RunResult
from game.domain.errors import UsageError
from game.i18n import t
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
    force: bool = False,
    scheduler_timeout_s: float = SCHEDULER_TIMEOUT_S,
    progress: bool = True,
    run_fn: RunFn | None = None,
    command: list[str] | None = None,
) -> BatchOutcome:
    """Play every run of `exp` not yet in `out`. `run_fn` replaces run_campaign (tests only).

    `out` is held for the whole call (a second sweep into it is refused); `force` starts again in
    a folder that holds other files or an earlier sweep's results, replacing the sweep's own files
    (runs.parquet, series.parquet, manifest.json, experiment.yaml) and leaving the others."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}' (known: {', '.join(ENGINES)})")
    if resume and force:
        raise UsageError("--resume keeps the folder's runs and --force replaces them: give one")
    if not scheduler_timeout_s > 0:
        raise UsageError(f"the scheduler timeout must be above 0 s, got {scheduler_timeout_s}")
    workers = 1 if engine == "serial" else (workers or default_workers())
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a folder")
    base = base_config(exp, load_scenario(exp.scenario))
    specs = expand(exp, base)
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{out}: cannot create the folder ({exc.strerror})") from None
    try:
        with sweep_lock(out, command):
            return _sweep(exp, out, base, specs, workers, engine, scheduler, client, resume,
                          force, scheduler_timeout_s, progress, run_fn, command)
    except BaseException:
        if created:  # e.g. an unreachable scheduler: a folder this call made and left empty goes
            try:
                out.rmdir()
            except OSError:
                pass
        raise


def _sweep(exp: Experiment, out: Path, base: Scenario, specs: list[RunSpec], workers: int,
           engine: str, scheduler: str | None, client: object | None, resume: bool, force: bool,
           scheduler_timeout_s: float, progress: bool, run_fn: RunFn | None,
           command: list[str] | None) -> BatchOutcome:
    """The sweep itself, with the folder locked."""
    config = base.model_dump(by_alias=True, mode="json")
    param_keys = [*exp.sweep, *(sorted(exp.sample.ranges) if exp.sample else [])]
    _check_folder(out, exp, config, resume, force)
    with ExitStack() as stack:
        # connect to a cluster before writing anything: an unreachable scheduler changes nothing
        dc = None
        if engine == "dask":
            dc = stack.enter_context(dask_client(scheduler, workers, client))
            workers = cluster_slots(dc, workers)
        size = chunk_size(len(specs), workers)
        if force:
            _clear_results(out)
        store = Store(out)
        if resume:  # finish a merge that was cut short, so the tables say what is really done
            store.consolidate(param_keys)
        if not (resume and store.has_results()):
            execution = {"engine": engine, "workers": workers, "chunk_size": size}
            _write_manifest(out, exp, base, config, specs, command, execution)
        done = store.done_ids(with_series=exp.series) if resume else set()
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
        try:
            if engine == "serial":
                run_serial(base, chunks, exp.months, exp.series, run_fn, on_chunk)
            elif engine == "local":
                run_pool(base, chunks, exp.months, exp.series, run_fn, on_chunk, workers)
            else:
                run_dask(base, chunks, exp.months, exp.series, run_fn, on_chunk, dc,
                         scheduler_timeout_s)
        except BaseException as exc:
            kept = store.consolidate(param_keys)
            bar.close()
            stopped = f"{kept} of {len(specs)} runs kept in {out}; add --resume to finish"
            if isinstance(exc, SchedulerLost):  # one line: what happened, and what is kept
                raise SchedulerLost(f"{exc}; {stopped}") from None
            if progress:
                print(t("cli.batch.stopped", kept=kept, total=len(specs), out=out),
                      file=sys.stderr)
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


# What a sweep writes in its folder (and `terafab plot DIR` beside it); all else is someone else's.
SWEEP_OUTPUTS = (MANIFEST, EXPERIMENT_COPY, RUNS, SERIES, PARTS)
SWEEP_FILES = (*SWEEP_OUTPUTS, "plots")


def _ours(name: str) -> bool:
    """A name the sweep writes, or a temporary file of one left by an interrupted write."""
    if name in SWEEP_FILES:
        return True
    return name.endswith(".tmp") and any(name.startswith(f".{n}.") for n in SWEEP_FILES)


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _check_folder(out: Path, exp: Experiment, config: dict, resume: bool, force: bool) -> None:
    """Never mix sweeps, nor overwrite files another tool (or person) put in the folder: a new
    sweep needs an empty folder (or --force), a resume one of the same experiment."""
    names = sorted(p.name for p in out.iterdir() if p.name != LOCK_NAME)
    if not names or force:
        return
    manifest = read_manifest(out)
    store_has_results = has_results(out)
    # without a sweep's manifest nothing here is a sweep's, whatever its name
    foreign = [n for n in names if manifest is None or not _ours(n)]
    if resume:
        clash = [n for n in foreign if n in SWEEP_OUTPUTS]  # files a resume would overwrite
        if clash:
            raise UsageError(
                f"{out / clash[0]} was not written by a terafab sweep (no manifest.json of one "
                "here); choose a new --out, or add --force to replace it"
            )
        if store_has_results:
            _check_same_sweep(out, exp, config, manifest)
        return
    if manifest is not None and store_has_results:
        raise UsageError(
            f"{out} already holds results; add --resume to finish them, --force to replace them, "
            "or choose a new --out"
        )
    if foreign:
        raise UsageError(
            f"{out} holds files a sweep did not write ({_listing(foreign)}); choose an empty "
            "folder for --out, or add --force to write beside them"
        )


def _check_same_sweep(out: Path, exp: Experiment, config: dict, old: dict) -> None:
    """A resume must play the same experiment on the same scenario config."""
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


def _clear_results(out: Path) -> None:
    """--force: remove the results a sweep keeps here (its tables and parts), nothing else."""
    for name in (RUNS, SERIES):
        if (out / name).is_file() or (out / name).is_symlink():
            (out / name).unlink()
    parts = out / PARTS
    if parts.is_dir():
        for path in parts.glob("*.parquet"):
            if path.name.startswith(("runs-", "series-")):
                path.unlink()
        try:
            parts.rmdir()
        except OSError:
            pass  # something else is in there: leave it


def _api_command(exp: Experiment, out: Path) -> list[str]:
    """For runs started from Python: the command line that plays the same experiment."""
    return ["terafab", "batch", str(out / EXPERIMENT_COPY), "--out", str(out)]
