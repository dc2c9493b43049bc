"""What a sweep's two tables hold, column by column, and the check of a table read back from a
folder, which may be anyone's (copied, edited by hand or by another tool, damaged).

runs.parquet has a row per run: run_id, seed, policy, the swept values, status, error, then the
outcomes (game.sim.metrics.summary); series.parquet a row per run and month: run_id, seed,
policy, then the series (game.sim.metrics.SERIES_COLUMNS). The engine writes text, whole
numbers, finite numbers and true/false only; plot, report and `batch --resume` read a table only
after `check_schema` and `check_values` have passed it, so a column of a type they cannot use
(lists, records, timestamps, bytes, text in a number column, a key left empty) is one line
naming the file and the column, never a traceback deep in pandas, matplotlib or pyarrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from game.domain.errors import UsageError
from game.domain.factors import FACTORS
from game.i18n import msg
from game.io.untrusted import display_text
from game.sim.metrics import SERIES_COLUMNS, TEXT_COLUMNS
from game.sim.score import TERM_KEYS

TEXT, WHOLE, NUMBER = "text", "whole numbers", "numbers"


@dataclass(frozen=True)
class TableSpec:
    """The columns a table must have, those that may hold no empty cell, and the kind of the
    columns whose kind is known; any other column may hold text, numbers or true/false."""

    keys: tuple[str, ...]
    filled: tuple[str, ...]
    kinds: dict[str, str]


# the summary's outcomes are numbers but for its two dates; swept values may be of any kind
RUN_NUMBERS = ("months", "final_cash_busd", "final_debt_busd", "net_worth_busd",
               "final_compute_eflops", "compute_delivered_eflops_months", "self_sufficiency",
               "first_terafab_output_month", "chips_idle_end", "score",
               *(f"score_{key}" for key in TERM_KEYS),
               *(f"months_{factor}" for factor in FACTORS))
RUNS_TABLE = TableSpec(
    keys=("run_id", "seed", "policy", "score", "status"),
    filled=("run_id", "seed", "policy", "status"),  # a failed run has no outcomes
    kinds={"run_id": TEXT, "seed": WHOLE, "policy": TEXT, "status": TEXT, "error": TEXT,
           "final_date": TEXT, "first_terafab_output_date": TEXT, "score_grade": TEXT,
           **dict.fromkeys(RUN_NUMBERS, NUMBER)})
SERIES_TABLE = TableSpec(
    keys=("run_id", "month"),
    filled=("run_id", "seed", "policy", "month", *TEXT_COLUMNS),  # every month has them all
    kinds={"run_id": TEXT, "seed": WHOLE, "policy": TEXT, "month": WHOLE,
           **{c: TEXT if c in TEXT_COLUMNS else NUMBER for c in SERIES_COLUMNS if c != "month"}})
RUN_KEYS = RUNS_TABLE.keys  # score may be missing when every run failed (no run has outcomes)
SERIES_KEYS = SERIES_TABLE.keys


def _holds(kind: pa.DataType) -> str:
    """What a column of this Arrow type holds, in a user's words."""
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return TEXT
    if pa.types.is_integer(kind):
        return WHOLE
    if pa.types.is_float32(kind) or pa.types.is_float64(kind):
        return NUMBER
    if pa.types.is_boolean(kind):
        return "true/false"
    if pa.types.is_null(kind):
        return "nothing"
    for test, words in ((pa.types.is_dictionary, "coded values"),
                        (pa.types.is_struct, "records"), (pa.types.is_map, "mappings"),
                        (pa.types.is_binary, "bytes"), (pa.types.is_large_binary, "bytes"),
                        (pa.types.is_fixed_size_binary, "bytes"),
                        (pa.types.is_decimal, "decimals"), (pa.types.is_temporal, "dates or times"),
                        (pa.types.is_float16, "half-precision numbers")):
        if test(kind):
            return words
    return "lists" if pa.types.is_nested(kind) else "values of another kind"


ACCEPTED = {TEXT: (TEXT,), WHOLE: (WHOLE,), NUMBER: (WHOLE, NUMBER)}
# what a column holds, in the player's language
_HOLDS_IDS = {words: f"errors.table.holds_{key}" for words, key in (
    (TEXT, "text"), (WHOLE, "whole"), (NUMBER, "numbers"), ("true/false", "bool"),
    ("nothing", "nothing"), ("coded values", "coded"), ("records", "records"),
    ("mappings", "mappings"), ("bytes", "bytes"), ("decimals", "decimals"),
    ("dates or times", "dates"), ("half-precision numbers", "half"), ("lists", "lists"),
    ("values of another kind", "other"))}


def _said(words: str) -> str:
    return msg(_HOLDS_IDS[words]) if words in _HOLDS_IDS else words
SCALARS = (TEXT, WHOLE, NUMBER, "true/false")


def check_schema(path: Path, schema: pa.Schema, spec: TableSpec) -> None:
    """Refuse, in one line naming `path` and the column, a table whose columns the engine could
    not have written: a key column missing (score may be, see `check_values`), a column named
    twice, a column of a kind the engine never writes (nothing but empty cells among them: a
    run without outcomes has no outcome columns at all) or not of its known kind. Needs only
    the file's footer, so it runs before any data is decoded."""
    names = schema.names
    for name in spec.keys:
        if name not in names and not (name == "score" and "status" in names):
            raise UsageError(msg("errors.table.no_column", path=path, column=name))
    for i, name in enumerate(names):
        shown = display_text(name)[:60]
        if name in names[:i]:
            raise UsageError(msg("errors.table.twice", path=path, column=shown))
        kind = schema.field(i).type
        holds = _holds(kind)
        want = spec.kinds.get(name)
        if want is None and holds not in SCALARS:
            raise UsageError(msg("errors.table.not_scalar", path=path, column=shown,
                                 holds=_said(holds), kind=str(kind)))
        if want is not None and holds not in ACCEPTED[want]:
            raise UsageError(msg("errors.table.wrong_kind", path=path, column=shown,
                                 holds=_said(holds), kind=str(kind), want=_said(want)))


def check_values(path: Path, table: pa.Table, spec: TableSpec) -> None:
    """Refuse, in one line, a table (whose schema passed `check_schema`) with a key left empty,
    a number that is not finite, or no score although a run finished. A table read in part
    (some columns) is checked in those."""
    names = table.column_names
    if "score" in spec.keys and "score" not in names and "status" in names and pc.any(
            pc.equal(table["status"], "ok")).as_py():
        raise UsageError(msg("errors.table.no_column", path=path, column="score"))
    for i, name in enumerate(names):
        column = table.column(i)
        shown = display_text(name)[:60]
        if name in spec.filled and column.null_count:
            row = pc.index(pc.is_null(column), True).as_py()
            raise UsageError(msg("errors.table.empty_cell", path=path, column=shown, row=row + 1))
        if _holds(column.type) == NUMBER:
            finite = pc.is_finite(column)
            if pc.any(pc.invert(finite)).as_py():
                row = pc.index(finite, False).as_py()
                raise UsageError(msg("errors.table.not_finite", path=path, column=shown,
                                     value=column[row].as_py(), row=row + 1))
