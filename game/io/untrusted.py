"""Reading files from other people: a student's save or command log, a series or decision log
handed in, a batch folder copied from a colleague.

Such a file is bounded before it is parsed (bytes, lines, nesting depth, the length of a number),
and every way it can fail ends in a TerafabError whose one line names the file and the problem:
never a traceback, never a hang (a FIFO or a device is refused unopened), never gigabytes of
memory. Text that came from a file (or a file's name) is made safe with `display_text` before it
reaches a terminal or a page. The limits are far above anything the game writes (a whole
large-world campaign saves in 75 kB, nested 7 deep, its numbers at most 20 characters long).
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from game.domain.errors import TerafabError, UsageError
from game.i18n import msg

MIB = 1024 * 1024
MAX_SAVE_BYTES = 8 * MIB          # a save: the scenario and the command log
MAX_LOG_BYTES = 8 * MIB           # a command log (.jsonl)
MAX_LOG_LINES = 100_000           # lines of a command log, comments and blank lines included
MAX_COMMANDS = 20_000             # commands in one save or log (over 100 a month for 180 months)
MAX_TABLE_BYTES = 32 * MIB        # a series (.csv/.parquet) or a decision log of one run
MAX_SERIES_MONTHS = 600           # rows of a series: the longest campaign a scenario may set
MAX_EVENT_LINES = 1_000_000       # rows of a decision log
MAX_TABLE_COLUMNS = 1_000         # columns of any table (a series has 31; pandas needs minutes
                                  # and gigabytes for a CSV header of a million names)
MAX_MANIFEST_BYTES = 16 * MIB     # a batch folder's manifest.json
MAX_BATCH_TABLE_BYTES = 2048 * MIB  # a batch folder's runs.parquet or series.parquet
MAX_BATCH_ROWS = 20_000_000       # rows of one of those tables
PARQUET_EXPANSION = 8             # a Parquet table's decoded data: at most this times its bytes
MAX_JSON_DEPTH = 32               # lists and objects inside each other
MAX_NUMBER_CHARS = 32             # characters of one number ("-1.7976931348623157e+308" is 24)
MAX_WHOLE_NUMBER = 2**63 - 1      # the largest whole number a file may hold


Failure = type[TerafabError]  # the error a reader raises: SaveError for saves and logs


def read_bounded(path: str | Path, max_bytes: int, what: str = "file",
                 error: Failure = UsageError) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; `error` naming it otherwise.

    Opened without blocking and checked to be a regular file before any byte is read, so a FIFO
    or a device (/dev/zero) cannot hang or flood the reader; at most `max_bytes + 1` bytes are
    ever read, whatever size the file claims."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(msg("errors.file.not_found", path=p)) from None
    except IsADirectoryError:
        raise error(msg("errors.file.is_folder", path=p, what=_a(what))) from None
    except OSError as exc:
        raise error(msg("errors.file.cannot_read", path=p, reason=exc.strerror or exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(msg("errors.file.is_folder", path=p, what=_a(what)))
        if not stat.S_ISREG(info.st_mode):
            raise error(msg("errors.file.not_regular", path=p, what=_a(what)))
        if info.st_size > max_bytes:
            raise error(msg("errors.file.too_large", path=p, size=_size(info.st_size),
                            what=_a(what), limit=_size(max_bytes)))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise error(msg("errors.file.cannot_read", path=p, reason=exc.strerror or exc)) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew, or its size was not told (a /proc file)
        raise error(msg("errors.file.grew", path=p, what=_a(what), limit=_size(max_bytes)))
    return data


# the kinds of file a reader names: with their article ("a save", "an experiment file"), and
# without ("runs table")
NOUNS = {name: (f"errors.noun.{key}", f"errors.kind.{key}") for name, key in (
    ("file", "file"), ("config file", "config_file"), ("save", "save"),
    ("command log", "command_log"), ("series", "series"), ("decision log", "decision_log"),
    ("table", "table"), ("manifest", "manifest"), ("experiment file", "experiment_file"),
    ("runs table", "runs_table"), ("series table", "series_table"), ("report", "report"),
    ("class results", "class_results"))}


def _a(noun: str) -> str:
    if noun in NOUNS:
        return msg(NOUNS[noun][0])
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def bare_noun(noun: str) -> str:
    """The kind of file without its article ("runs table"), in the player's language."""
    return msg(NOUNS[noun][1]) if noun in NOUNS else noun


def _size(n: int) -> str:
    return msg("errors.size.mb", mb=n / MIB) if n >= MIB else msg("errors.size.bytes", n=n)


def decode_text(data: bytes, path: str | Path, max_lines: int | None = None,
                error: Failure = UsageError) -> str:
    """UTF-8 text with at most `max_lines` lines (counted before decoding); `error` if not."""
    if max_lines is not None:
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
        if lines > max_lines:
            raise error(msg("errors.file.too_many_lines", path=path, lines=lines, limit=max_lines))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(msg("errors.file.not_utf8", path=path, byte=exc.start + 1)) from None


def check_csv_width(text: str, path: str | Path, what: str = "table",
                    error: Failure = UsageError) -> None:
    """Refuse a CSV whose header has more than MAX_TABLE_COLUMNS names, before a parser builds
    a column (or a dictionary entry a row) for each. Quoted commas count too: only an absurd
    header can reach the limit."""
    names = text.count(",", 0, text.find("\n") if "\n" in text else len(text)) + 1
    if names > MAX_TABLE_COLUMNS:
        raise error(msg("errors.file.too_wide", path=path, columns=names, what=_a(what),
                        limit=MAX_TABLE_COLUMNS))


class BadJSON(ValueError):
    """JSON that is malformed (`syntax`) or breaks a limit; `problem` says how, in a few words."""

    def __init__(self, problem: str, syntax: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.syntax = syntax


def _whole_number(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise BadJSON(msg("errors.json.long_number", chars=len(text), limit=MAX_NUMBER_CHARS))
    value = int(text)
    if abs(value) > MAX_WHOLE_NUMBER:
        raise BadJSON(msg("errors.json.large_number", number=text))
    return value


def _real_number(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise BadJSON(msg("errors.json.long_number", chars=len(text), limit=MAX_NUMBER_CHARS))
    value = float(text)
    if not math.isfinite(value):
        raise BadJSON(msg("errors.json.large_number", number=text))
    return value


def _constant(name: str) -> float:
    raise BadJSON(msg("errors.json.not_a_number", name=name))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json(text: str, max_depth: int = MAX_JSON_DEPTH) -> object:
    """JSON text as plain values, or BadJSON: numbers bounded and finite, nesting at most
    `max_depth` deep, every text valid Unicode (no lone surrogate from a `\\ud800` escape)."""
    try:
        value = json.loads(text, parse_int=_whole_number, parse_float=_real_number,
                           parse_constant=_constant)
    except BadJSON:
        raise
    except json.JSONDecodeError as exc:
        raise BadJSON(msg("errors.json.syntax_at", problem=exc.msg, line=exc.lineno,
                          column=exc.colno), syntax=True) from None
    except RecursionError:
        raise BadJSON(msg("errors.json.too_deep", depth=max_depth)) from None
    except ValueError as exc:  # what the decoder itself refuses
        raise BadJSON(msg("errors.json.syntax", problem=str(exc)), syntax=True) from None
    problem = _tree_problem(value, max_depth)
    if problem:
        raise BadJSON(problem)
    return value


def _tree_problem(value: object, max_depth: int) -> str:
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                return msg("errors.json.surrogate")
            continue
        if isinstance(item, dict):
            children = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= max_depth:
            return msg("errors.json.too_deep", depth=max_depth)
        stack.extend((child, depth + 1) for child in children)
    return ""


def read_json_file(path: str | Path, max_bytes: int, what: str = "file",
                   error: Failure = UsageError) -> object:
    """A whole file of JSON, bounded; `error` naming the file and the problem."""
    text = decode_text(read_bounded(path, max_bytes, what, error), path, error=error)
    if not text.strip():
        raise error(msg("errors.file.empty", path=path))
    try:
        return parse_json(text)
    except BadJSON as exc:
        raise error(msg("errors.file.problem", path=path, problem=exc.problem)) from None


def read_parquet_table(path: str | Path, max_bytes: int, max_rows: int, what: str = "table",
                       error: Failure = UsageError, columns: list[str] | None = None,
                       check_schema: Callable[[object], None] | None = None):
    """A Parquet file as a pyarrow Table (only `columns`, if given): its size, then its row
    count and decoded size (from the footer) checked before any data is decoded, as a small
    file may expand a thousandfold, and its whole schema by `check_schema` (which may raise a
    TerafabError); `error` naming the file when it is damaged or too large."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = read_bounded(path, max_bytes, what, error)
    try:
        handle = pq.ParquetFile(pa.BufferReader(data))
        meta = handle.metadata
        if meta.num_columns > MAX_TABLE_COLUMNS:
            raise error(msg("errors.file.too_wide", path=path, columns=meta.num_columns,
                            what=_a(what), limit=MAX_TABLE_COLUMNS))
        if meta.num_rows > max_rows:
            raise error(msg("errors.file.too_long", path=path, rows=meta.num_rows, what=_a(what),
                            limit=max_rows))
        decoded = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if decoded > PARQUET_EXPANSION * max_bytes:
            raise error(msg("errors.file.expands", path=path, size=_size(decoded), what=_a(what),
                            limit=_size(PARQUET_EXPANSION * max_bytes)))
        if check_schema is not None:
            check_schema(handle.schema_arrow)
        if columns is not None:
            columns = [c for c in columns if c in handle.schema_arrow.names]
        return handle.read(columns=columns)
    except TerafabError:
        raise
    except Exception as exc:  # pyarrow raises many kinds for a damaged file
        raise error(msg("errors.file.bad_parquet", path=path, what=bare_noun(what),
                        problem=_first_line(exc))) from None


def _first_line(exc: BaseException) -> str:
    first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return display_text(first)[:120]


def read_parquet_frame(path: str | Path, max_bytes: int, max_rows: int, what: str = "table",
                       error: Failure = UsageError):
    """A Parquet file as a pandas DataFrame, read by `read_parquet_table`."""
    return parquet_frame(read_parquet_table(path, max_bytes, max_rows, what, error), path, what,
                         error)


def parquet_frame(table, path: str | Path, what: str = "table", error: Failure = UsageError):
    """A pyarrow Table read from `path` as a pandas DataFrame; `error` naming the file if the
    conversion fails."""
    try:
        return table.to_pandas()
    except Exception as exc:  # e.g. pandas metadata in the file that does not fit its columns
        raise error(msg("errors.file.bad_parquet", path=path, what=bare_noun(what),
                        problem=_first_line(exc))) from None


# Characters that must not reach a terminal or a page raw: C0 and C1 controls (escape codes),
# line and paragraph separators, bidirectional overrides (they reorder what is shown), and lone
# surrogates (a file name that is not UTF-8, or a `\ud800` escape: they cannot be encoded).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_text(text: object) -> str:
    """`text` on one line with every control character, bidirectional override and lone
    surrogate written as a visible escape (`\\x1b`): safe to print, to encode and to put on a
    page (which still escapes HTML)."""
    return _UNSAFE.sub(_escaped, str(text))


def chart_text(text: object) -> str:
    """`display_text` for a chart label: a `$` is shown as itself, not read as mathtext."""
    return display_text(text).replace("$", r"\$")

