"""The output folder: a part file per finished chunk, merged into runs.parquet and series.parquet.

Every finished chunk is written at once (atomically), so an interrupted sweep loses only the
chunks in flight. Consolidation reads the old tables and the parts, keeps the last record of each
run id, sorts by run id (so the tables do not depend on worker count or finishing order), writes
the tables atomically, and only then removes the parts; a merge cut short anywhere is finished by
the next one (a resume starts with it).
"""

from __future__ import annotations

import io
import os
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from game.batch.tables import RUNS_TABLE, SERIES_TABLE, check_schema, check_values
from game.batch.worker import RunResult
from game.domain.errors import UsageError, reason
from game.i18n import msg
from game.io.atomic import write_atomic
from game.io.untrusted import (
    MAX_BATCH_ROWS,
    MAX_BATCH_TABLE_BYTES,
    display_text,
    read_parquet_table,
)

RUNS = "runs.parquet"
SERIES = "series.parquet"
PARTS = "parts"
ID_COLUMNS = ("run_id", "seed", "policy")


def run_row(result: RunResult) -> dict[str, object]:
    """One row of runs.parquet: identity, swept values, status and error, then the outcomes."""
    spec = result.spec
    row: dict[str, object] = {"run_id": spec.run_id, "seed": spec.seed, "policy": spec.policy}
    row.update(spec.params)
    row["status"] = "ok" if result.ok else "failed"
    row["error"] = result.error
    row.update(result.summary)
    return row


def series_rows(result: RunResult) -> list[dict[str, object]]:
    spec = result.spec
    head = {"run_id": spec.run_id, "seed": spec.seed, "policy": spec.policy}
    return [{**head, **r} for r in result.series]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _umask()


def write_file(path: Path, data: bytes) -> None:
    """Atomic write, then the usual permissions (mkstemp makes 0600; results are for sharing)."""
    write_atomic(path, data)
    os.chmod(path, 0o666 & ~UMASK)


def _parquet_bytes(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def _read(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A table the sweep wrote (a runs or series table or part), bounded and checked column by
    column (game.batch.tables; read in part, its other columns by their type only): one that
    is damaged, or someone else's, is one clear line."""
    series = path.name.startswith("series")
    spec = SERIES_TABLE if series else RUNS_TABLE
    try:
        table = read_parquet_table(path, MAX_BATCH_TABLE_BYTES, MAX_BATCH_ROWS,
                                   "series table" if series else "runs table", columns=columns,
                                   check_schema=lambda schema: check_schema(path, schema, spec))
        check_values(path, table, spec)
    except UsageError as exc:
        raise UsageError(msg("errors.batch.move_away", problem=reason(exc))) from None
    return table


def _part_token() -> str:
    """A part-file name no other process can pick: start time (so parts sort by age), then pid."""
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 1_000_000_000))
    return f"{stamp}{now % 1_000_000_000:09d}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def has_results(out: Path) -> bool:
    """Does the folder hold finished runs (merged, or parts of a sweep cut short)?"""
    return (out / RUNS).exists() or any((out / PARTS).glob("runs-*.parquet"))


class Store:
    """An output folder that takes finished chunks and can say which runs are already done.

    Part files are named by this Store's start time, pid and a random tag, then a chunk number,
    so two processes (even without the folder lock) never write the same part file.
    """

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.parts = self.out / PARTS
        self.parts.mkdir(parents=True, exist_ok=True)
        self._token = _part_token()
        self._next = 1

    def write_chunk(self, results: list[RunResult]) -> None:
        """Write one finished chunk: a runs part, and a series part when series were recorded."""
        name = f"{self._token}-{self._next:06d}.parquet"
        self._next += 1
        self.parts.mkdir(parents=True, exist_ok=True)
        rows = [s for r in results for s in series_rows(r)]
        if rows:  # series first: a runs part is the proof that its series part is complete
            write_file(self.parts / f"series-{name}", _parquet_bytes(pa.Table.from_pylist(rows)))
        runs = pa.Table.from_pylist([run_row(r) for r in results])
        write_file(self.parts / f"runs-{name}", _parquet_bytes(runs))

    def _run_parts(self) -> list[Path]:
        return sorted(self.parts.glob("runs-*.parquet")) if self.parts.is_dir() else []

    def _sources(self) -> list[tuple[pa.Table, Path | None, Path | None]]:
        """(runs table, its part file, its series file), oldest first: the tables, then parts."""
        out = []
        if (self.out / RUNS).exists():
            series = self.out / SERIES
            out.append((_read(self.out / RUNS), None, series if series.exists() else None))
        for part in self._run_parts():
            series = _series_part(part)
            out.append((_read(part), part, series if series.exists() else None))
        return out

    def has_results(self) -> bool:
        return has_results(self.out)

    def done_ids(self, with_series: bool = False) -> set[str]:
        """Run ids finished successfully (failed runs are played again on --resume); with
        `with_series`, only those whose monthly series is on disk too."""
        done: set[str] = set()
        for table, _, series in self._sources():
            ok = set(table.filter(pc.equal(table["status"], "ok"))["run_id"].to_pylist())
            if with_series:
                # all of it: the merge after the new runs reads it whole; refuse it before them
                ok &= set(_read(series)["run_id"].to_pylist()) if series else set()
            done |= ok
        return done

    def consolidate(self, param_keys: list[str]) -> int:
        """Merge everything into runs.parquet (and series.parquet); returns the number of runs.

        Crash-safe at every step: series.parquet is written before runs.parquet (a run in
        runs.parquet has its series in series.parquet), both atomically; then each runs part is
        removed before its series part, so a crash leaves at worst a series part with no runs
        part, which the next merge removes (its rows are already in series.parquet)."""
        if not self._run_parts():  # nothing to merge: the tables stand as they are
            self._tidy()
            return _read(self.out / RUNS, ["run_id"]).num_rows if (self.out / RUNS).exists() else 0
        sources = self._sources()
        last: dict[str, int] = {}
        for i, (table, _, _) in enumerate(sources):
            for rid in table["run_id"].to_pylist():
                last[rid] = i
        runs = [_keep(t, last, i) for i, (t, _, _) in enumerate(sources)]
        series = [_keep(_read(s), last, i) for i, (_, _, s) in enumerate(sources) if s]
        table = _ordered(_concat(runs, self.out / RUNS), param_keys)
        if series:
            merged = _concat(series, self.out / SERIES)
            merged = merged.sort_by([("run_id", "ascending"), ("month", "ascending")])
            write_file(self.out / SERIES, _parquet_bytes(merged))
        write_file(self.out / RUNS, _parquet_bytes(table.sort_by("run_id")))
        for _, part, s in sources:
            if part is not None:
                part.unlink(missing_ok=True)
                if s is not None:
                    s.unlink(missing_ok=True)
        self._tidy()
        return table.num_rows

    def _tidy(self) -> None:
        """Remove what an interrupted write or merge left: half-written temporary files of the
        tables and parts, series parts whose runs part is gone; then parts/ itself once empty."""
        for name in (RUNS, SERIES):
            for tmp in self.out.glob(f".{name}.*.tmp"):
                tmp.unlink(missing_ok=True)
        if not self.parts.is_dir():
            return
        for path in self.parts.iterdir():
            orphan = path.name.startswith("series-") and not _runs_part(path).exists()
            if orphan or (path.name.startswith((".runs-", ".series-")) and path.suffix == ".tmp"):
                path.unlink(missing_ok=True)
        if not any(self.parts.iterdir()):
            self.parts.rmdir()


def _series_part(runs_part: Path) -> Path:
    return runs_part.with_name("series-" + runs_part.name.removeprefix("runs-"))


def _runs_part(series_part: Path) -> Path:
    return series_part.with_name("runs-" + series_part.name.removeprefix("series-"))


def _concat(tables: list[pa.Table], path: Path) -> pa.Table:
    """The table and its parts as one; a column of one kind in one and of another in another
    (text and numbers: the table was changed by hand) is one line."""
    try:
        return pa.concat_tables(tables, promote_options="permissive")
    except (pa.ArrowException, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(msg("errors.batch.cannot_merge", path=path,
                             problem=display_text(first)[:160])) from None


def _keep(table: pa.Table, last: dict[str, int], source: int) -> pa.Table:
    mask = pa.array([last.get(rid) == source for rid in table["run_id"].to_pylist()], pa.bool_())
    return table.filter(mask)


def _ordered(table: pa.Table, param_keys: list[str]) -> pa.Table:
    head = [*ID_COLUMNS, *param_keys, "status", "error"]
    names = [c for c in head if c in table.column_names]
    names += [c for c in table.column_names if c not in names]
    return table.select(names)
