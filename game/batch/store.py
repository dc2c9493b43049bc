"""The output folder: a part file per finished chunk, merged into runs.parquet and series.parquet.

Every finished chunk is written at once (atomically), so an interrupted sweep loses only the
chunks in flight. Consolidation reads the old tables and the parts, keeps the last record of each
run id, sorts by run id (so the tables do not depend on worker count or finishing order), writes
the tables atomically, and only then removes the parts.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from game.batch.worker import RunResult
from game.io.atomic import write_atomic

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


class Store:
    """An output folder that takes finished chunks and can say which runs are already done."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.parts = self.out / PARTS
        self.parts.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.stem.split("-")[1]) for p in self.parts.glob("*-*.parquet")]
        self._next = max(numbers, default=0) + 1

    def write_chunk(self, results: list[RunResult]) -> None:
        """Write one finished chunk: a runs part, and a series part when series were recorded."""
        n = self._next
        self._next += 1
        self.parts.mkdir(parents=True, exist_ok=True)
        rows = [s for r in results for s in series_rows(r)]
        if rows:  # series first: a runs part is the proof that its series part is complete
            write_file(
                self.parts / f"series-{n:06d}.parquet", _parquet_bytes(pa.Table.from_pylist(rows))
            )
        runs = pa.Table.from_pylist([run_row(r) for r in results])
        write_file(self.parts / f"runs-{n:06d}.parquet", _parquet_bytes(runs))

    def _sources(self) -> list[tuple[pa.Table, Path | None, Path | None]]:
        """(runs table, its part file, its series file), oldest first: the tables, then parts."""
        out = []
        if (self.out / RUNS).exists():
            series = self.out / SERIES
            out.append((pq.read_table(self.out / RUNS), None, series if series.exists() else None))
        for part in sorted(self.parts.glob("runs-*.parquet")) if self.parts.is_dir() else []:
            series = part.with_name(part.name.replace("runs-", "series-"))
            out.append((pq.read_table(part), part, series if series.exists() else None))
        return out

    def done_ids(self) -> set[str]:
        """Run ids finished successfully (failed runs are played again on --resume)."""
        done: set[str] = set()
        for table, _, _ in self._sources():
            ok = table.filter(pc.equal(table["status"], "ok"))
            done.update(ok["run_id"].to_pylist())
        return done

    def consolidate(self, param_keys: list[str]) -> int:
        """Merge everything into runs.parquet (and series.parquet); returns the number of runs."""
        sources = self._sources()
        if not sources:
            return 0
        last: dict[str, int] = {}
        for i, (table, _, _) in enumerate(sources):
            for rid in table["run_id"].to_pylist():
                last[rid] = i
        runs = [_keep(t, last, i) for i, (t, _, _) in enumerate(sources)]
        series = [_keep(pq.read_table(s), last, i) for i, (_, _, s) in enumerate(sources) if s]
        table = _ordered(pa.concat_tables(runs, promote_options="permissive"), param_keys)
        write_file(self.out / RUNS, _parquet_bytes(table.sort_by("run_id")))
        if series:
            merged = pa.concat_tables(series, promote_options="permissive")
            merged = merged.sort_by([("run_id", "ascending"), ("month", "ascending")])
            write_file(self.out / SERIES, _parquet_bytes(merged))
        for _, part, s in sources:
            if part is not None:
                if s is not None:
                    s.unlink(missing_ok=True)
                part.unlink(missing_ok=True)
        if not any(self.parts.iterdir()):
            self.parts.rmdir()
        return table.num_rows


def _keep(table: pa.Table, last: dict[str, int], source: int) -> pa.Table:
    mask = pa.array([last[rid] == source for rid in table["run_id"].to_pylist()], pa.bool_())
    return table.filter(mask)


def _ordered(table: pa.Table, param_keys: list[str]) -> pa.Table:
    head = [*ID_COLUMNS, *param_keys, "status", "error"]
    names = [c for c in head if c in table.column_names]
    names += [c for c in table.column_names if c not in names]
    return table.select(names)
