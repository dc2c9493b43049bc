"""The batch face for notebooks: the same sweeps as `terafab batch`, returned as pandas DataFrames.

    from game.batch import sweep, load_results
    res = sweep("terafab", seeds=20, policies=["buyer", "integrator"],
                sweep={"world.demand.growth_per_year": [0.3, 0.6]}, months=60, series=True)
    res.runs.groupby("policy").score.describe()

Without `out` the folder is temporary and only the DataFrames are kept.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from game.batch.experiment import Experiment, experiment_from_data, load_experiment
from game.batch.manifest import read_manifest
from game.batch.runner import run_batch
from game.batch.store import RUNS, SERIES
from game.batch.tables import RUNS_TABLE, SERIES_TABLE, TableSpec, check_schema, check_values
from game.domain.errors import UsageError
from game.i18n import msg
from game.io.untrusted import (
    MAX_BATCH_ROWS,
    MAX_BATCH_TABLE_BYTES,
    display_text,
    parquet_frame,
    read_parquet_table,
)


@dataclass
class BatchResult:
    """runs: one row per run (sorted by run id); series: monthly rows, or None without series."""

    runs: pd.DataFrame
    series: pd.DataFrame | None
    manifest: dict
    out: Path | None


def load_results(out: str | Path) -> BatchResult:
    """Read a finished (or interrupted, then consolidated) batch folder; its tables are checked
    column by column (game.batch.tables), as the folder may be anyone's."""
    folder = Path(out)
    if not (folder / RUNS).is_file():
        raise UsageError(msg("errors.batch.no_runs", path=folder, runs=RUNS))
    runs = _read_table(folder / RUNS, RUNS_TABLE, "runs table")
    series = (_read_table(folder / SERIES, SERIES_TABLE, "series table")
              if (folder / SERIES).is_file() else None)
    repeated = runs["run_id"][runs["run_id"].duplicated()]
    if len(repeated):
        raise UsageError(msg("errors.batch.run_twice", path=folder / RUNS,
                             run=display_text(repeated.iloc[0])))
    return BatchResult(runs, series, read_manifest(folder) or {}, folder)


def _read_table(path: Path, spec: TableSpec, what: str) -> pd.DataFrame:
    """A table of the folder, bounded and checked, as a DataFrame. The engine writes no pandas
    metadata: a file's own (which may rename or re-index columns) is dropped unread."""
    table = read_parquet_table(path, MAX_BATCH_TABLE_BYTES, MAX_BATCH_ROWS, what,
                               check_schema=lambda schema: check_schema(path, schema, spec))
    check_values(path, table, spec)
    return parquet_frame(table.replace_schema_metadata(None), path, what)


def run_experiment(experiment: Experiment | str | Path, out: str | Path | None = None,
                   **options: object) -> BatchResult:
    """Run an Experiment (or an experiment file / name) and load its tables.

    `options` go to game.batch.runner.run_batch: workers, engine ("local", "serial", "dask"),
    scheduler, client (a dask.distributed Client), scheduler_timeout_s, resume, force, progress.
    """
    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    options.setdefault("progress", False)
    if out is not None:
        run_batch(exp, out, **options)
        return load_results(out)
    with tempfile.TemporaryDirectory(prefix="terafab-batch-") as tmp:
        run_batch(exp, tmp, **options)
        res = load_results(tmp)
    res.out = None
    return res


def sweep(scenario: str = "terafab", *, seeds: int | list[int] = 10, seed_start: int = 1,
          policies: list[str] | None = None, months: int | None = None, series: bool = False,
          set: dict | None = None, sweep: dict | None = None, sample: dict | None = None,
          out: str | Path | None = None, **options: object) -> BatchResult:
    """Build an experiment from keyword arguments (the names of the YAML keys) and run it.

    sample: {"n": 20, "seed": 0, "ranges": {"world.demand.growth_per_year": [0.2, 0.8]}}.
    """
    data = {"scenario": scenario, "seeds": seeds, "seed_start": seed_start,
            "policies": policies or [], "months": months, "series": series,
            "set": set or {}, "sweep": sweep or {}, "sample": sample}
    return run_experiment(experiment_from_data(data, "sweep()"), out, **options)
