"""The monthly series (CSV or Parquet) and the event log (CSV or JSON lines): written, checked
before a run that they can be written, and read back (bounded: they may be someone else's).

CSV numbers are written with a fixed format, so the same run always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from game.domain.errors import UsageError, either
from game.i18n import msg
from game.io.atomic import check_writable, write_output
from game.io.untrusted import (
    MAX_EVENT_LINES,
    MAX_SERIES_MONTHS,
    MAX_TABLE_BYTES,
    BadJSON,
    check_csv_width,
    decode_text,
    display_text,
    parse_json,
    read_bounded,
    read_parquet_frame,
)
from game.sim.metrics import SERIES_COLUMNS, TEXT_COLUMNS


def _cell(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.6g}"
    return value


def series_csv_bytes(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SERIES_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in SERIES_COLUMNS])
    return buf.getvalue().encode("utf-8")


def series_table(rows: list[dict]):
    """The series as a pyarrow Table with the documented column order."""
    import pyarrow as pa

    return pa.table({c: [r[c] for r in rows] for c in SERIES_COLUMNS})


def write_series(rows: list[dict], path: str | Path) -> None:
    """Write `rows` to `path`; the suffix (.csv or .parquet) chooses the format."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        write_output(p, series_csv_bytes(rows), "series")
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(series_table(rows), buf)
        write_output(p, buf.getvalue(), "series")
    else:
        raise UsageError(msg("errors.series.output_suffix", path=p,
                             suffixes=either((".csv", ".parquet"))))


def write_events(events: list, path: str | Path) -> None:
    """The decision log: .csv, or .jsonl (one JSON object a line)."""
    p = Path(path)
    rows = [e.as_row() for e in events]
    if p.suffix.lower() == ".jsonl":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    elif p.suffix.lower() == ".csv":
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf,
            fieldnames=["month", "date", "agent", "rule", "kind", "reason"],
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)
        data = buf.getvalue().encode("utf-8")
    else:
        raise UsageError(msg("errors.series.events_suffix", path=p))
    write_output(p, data, "decision log")


def check_output_path(path: str | Path, suffixes: tuple[str, ...]) -> Path:
    """Refuse a bad output path before any work is done: a wrong suffix, a missing folder, a
    folder, or a folder that cannot be written (read-only, not ours)."""
    p = Path(path)
    if p.suffix.lower() not in suffixes:
        raise UsageError(msg("errors.series.output_suffix", path=p, suffixes=either(suffixes)))
    if not (p.parent if str(p.parent) else Path(".")).is_dir():
        raise UsageError(msg("errors.file.no_folder", path=p, folder=p.parent))
    if p.is_dir():
        raise UsageError(msg("errors.file.a_folder", path=p))
    check_writable(p)
    return p


def check_distinct(paths: dict[str, str | Path | None]) -> None:
    """Refuse two options naming one file (`--out a.csv --events a.csv`): one output would
    replace the other. `paths` maps each option to its path (None when not given)."""
    seen: dict[str, str] = {}
    for option, path in paths.items():
        if path is None:
            continue
        key = os.path.realpath(path)
        if key in seen:
            raise UsageError(msg("errors.series.given_twice", path=path, first=seen[key],
                                 second=option))
        seen[key] = option


def _numeric_problem(frame, column: str) -> str:
    """Why a column of a series is not all finite numbers ("" when it is); converts it."""
    import numpy as np
    import pandas as pd

    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna().to_numpy() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        row = int(bad.argmax())
        return msg("errors.series.not_finite", row=row + 1, column=column,
                   value=format(repr(display_text(frame[column].iloc[row])), ".40"))
    frame[column] = values
    return ""


def read_series(path: str | Path, max_bytes: int = MAX_TABLE_BYTES,
                max_months: int = MAX_SERIES_MONTHS) -> list[dict]:
    """A series file written by `terafab run` (.csv or .parquet) as rows, at most `max_bytes`
    and `max_months` rows; UsageError naming the file when it is missing, unreadable, not a
    Terafab series, or holds text or a non-finite value in a number column."""
    import pandas as pd

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        frame = read_parquet_frame(p, max_bytes, max_months, "series")
    elif suffix == ".csv":
        text = decode_text(read_bounded(p, max_bytes, "series"), p, max_months + 1)
        check_csv_width(text, p, "series")
        try:
            frame = pd.read_csv(io.StringIO(text), keep_default_na=False, dtype=str)
        except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
            raise UsageError(msg("errors.series.unreadable", path=p)) from None
    else:
        raise UsageError(msg("errors.series.suffix", path=p))
    missing = [c for c in SERIES_COLUMNS if c not in frame.columns]
    if missing:
        raise UsageError(msg("errors.series.no_column", path=p, column=display_text(missing[0])))
    if frame.empty:
        raise UsageError(msg("errors.series.no_months", path=p))
    frame = frame[list(SERIES_COLUMNS)].copy()
    for column in SERIES_COLUMNS:
        if column in TEXT_COLUMNS:
            values = list(frame[column])  # at most max_months
            bad = [row for row, v in enumerate(values) if not isinstance(v, str)]
            if bad:  # bytes, a list, an empty cell: Parquet holds any type
                raise UsageError(msg("errors.series.not_text", path=p, row=bad[0] + 1,
                                     column=column))
            frame[column] = [display_text(v) for v in values]  # shown on pages
            continue
        problem = _numeric_problem(frame, column)
        if problem:
            raise UsageError(msg("errors.series.bad", path=p, problem=problem))
    return frame.to_dict("records")




def _whole_month(value: object) -> int | None:
    """A month index from a decision log (a number in JSON, text in CSV), or None."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value) if len(value) <= 9 else None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None
EVENT_FIELDS = ("month", "date", "agent", "rule", "kind", "reason")


def read_events(path: str | Path, max_bytes: int = MAX_TABLE_BYTES,
                max_lines: int = MAX_EVENT_LINES) -> list[dict]:
    """A decision log written by `terafab run --events` (.csv or .jsonl) as rows, bounded;
    UsageError naming the file and the problem."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise UsageError(msg("errors.series.events_suffix", path=p))
    text = decode_text(read_bounded(p, max_bytes, "decision log"), p, max_lines)
    if suffix == ".jsonl":
        rows = []
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                rows.append(parse_json(line))
            except BadJSON as exc:
                problem = msg("errors.events.line_not_json") if exc.syntax else exc.problem
                raise UsageError(msg("errors.events.bad_line", path=p, line=n,
                                     problem=problem)) from None
    else:
        check_csv_width(text, p, "decision log")
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as exc:
            raise UsageError(msg("errors.events.bad_csv", path=p, problem=str(exc))) from None
    out = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or any(f not in row for f in EVENT_FIELDS):
            raise UsageError(msg("errors.events.fields", path=p, fields=", ".join(EVENT_FIELDS)))
        texts = {f: row[f] for f in EVENT_FIELDS[1:]}
        if not all(isinstance(v, str) for v in texts.values()):
            raise UsageError(msg("errors.events.not_text", path=p, entry=n))
        month = _whole_month(row["month"])
        if month is None:
            raise UsageError(msg("errors.events.month", path=p, entry=n))
        out.append({"month": month, **texts})
    return out
