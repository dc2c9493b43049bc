"""Writing the monthly series (CSV or Parquet) and the event log (CSV or JSON lines).

CSV numbers are written with a fixed format, so the same run always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from game.domain.errors import UsageError
from game.io.atomic import write_atomic
from game.sim.metrics import SERIES_COLUMNS


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
        write_atomic(p, series_csv_bytes(rows))
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(series_table(rows), buf)
        write_atomic(p, buf.getvalue())
    else:
        raise UsageError(f"{p}: the output must end in .csv or .parquet")


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
        raise UsageError(f"{p}: the event log must end in .csv or .jsonl")
    write_atomic(p, data)


def check_output_path(path: str | Path, suffixes: tuple[str, ...]) -> Path:
    """Refuse a bad output path before any work is done (wrong suffix, missing folder)."""
    p = Path(path)
    if p.suffix.lower() not in suffixes:
        raise UsageError(f"{p}: the output must end in {' or '.join(suffixes)}")
    if not (p.parent if str(p.parent) else Path(".")).is_dir():
        raise UsageError(f"{p}: folder {p.parent} does not exist")
    if p.is_dir():
        raise UsageError(f"{p}: is a folder")
    return p


def read_series(path: str | Path) -> list[dict]:
    """A series file written by `terafab run` (.csv or .parquet) as rows; UsageError naming the
    file when it is missing, unreadable or not a Terafab series."""
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise UsageError(f"{p}: file not found")
    try:
        if p.suffix.lower() == ".parquet":
            frame = pd.read_parquet(p)
        elif p.suffix.lower() == ".csv":
            frame = pd.read_csv(p, keep_default_na=False)
        else:
            raise UsageError(f"{p}: a series must end in .csv or .parquet")
    except UsageError:
        raise
    except Exception:
        raise UsageError(f"{p}: cannot be read as a series table") from None
    missing = [c for c in SERIES_COLUMNS if c not in frame.columns]
    if missing:
        raise UsageError(f"{p}: not a Terafab series (no column '{missing[0]}')")
    if frame.empty:
        raise UsageError(f"{p}: the series has no months")
    frame["limiting_factor"] = frame["limiting_factor"].astype(str)
    frame["date"] = frame["date"].astype(str)
    return frame[list(SERIES_COLUMNS)].to_dict("records")


def read_events(path: str | Path) -> list[dict]:
    """A decision log written by `terafab run --events` (.csv or .jsonl) as rows."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{p}: file not found") from None
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"{p}: cannot be read as text") from None
    fields = ("month", "date", "agent", "rule", "kind", "reason")
    if p.suffix.lower() == ".jsonl":
        try:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise UsageError(f"{p}: not a decision log (a line is not JSON)") from None
    elif p.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        raise UsageError(f"{p}: the event log must end in .csv or .jsonl")
    if any(not isinstance(r, dict) or any(f not in r for f in fields) for r in rows):
        raise UsageError(f"{p}: not a Terafab decision log (needs {', '.join(fields)})")
    try:
        return [{**{f: r[f] for f in fields}, "month": int(r["month"])} for r in rows]
    except (TypeError, ValueError):
        raise UsageError(f"{p}: not a Terafab decision log (a month is not a number)") from None
