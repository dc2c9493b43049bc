"""A batch folder's tables with columns of the wrong types (issue 19): a colleague's folder whose
runs.parquet or series.parquet holds lists, text, timestamps, records or empty keys where the
engine writes numbers and text. `plot`, `report` and `batch --resume` each refuse it in one line
naming the file and the column, exit 2 (before: tracebacks from matplotlib, pandas or pyarrow,
or a resume that went on as if nothing were wrong)."""

from __future__ import annotations

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from game.batch.api import load_results, sweep
from game.cli import main
from game.sim.metrics import SERIES_COLUMNS


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    folder = tmp_path_factory.mktemp("honest") / "sweep"
    sweep("tutorial", seeds=2, policies=["passive", "balanced"], months=3, series=True,
          out=folder, engine="serial", sweep={"world.demand.growth_per_year": [0.3, 0.6]})
    return folder


def _copy(honest, tmp_path, name, change):
    folder = tmp_path / "sweep"
    shutil.copytree(honest, folder)
    pq.write_table(change(pq.read_table(folder / name)), folder / name)
    return folder


def _set(column, values):
    def change(table):
        return table.set_column(table.column_names.index(column), column, values(table.num_rows))
    return change


WRONG = {
    "list": lambda n: pa.array([[1, 2]] * n, pa.list_(pa.int64())),
    "text": lambda n: pa.array(["12.5"] * n),
    "timestamp": lambda n: pa.array([10**18] * n, pa.timestamp("ns")),
    "record": lambda n: pa.array([{"a": 1}] * n),
    "nothing": pa.nulls,
}
CASES = [
    ("runs.parquet", "score", "list", "lists"),
    ("runs.parquet", "score", "text", "text"),
    ("runs.parquet", "score", "timestamp", "dates or times"),
    ("runs.parquet", "status", "list", "lists"),
    ("runs.parquet", "final_date", "record", "records"),
    ("runs.parquet", "final_cash_busd", "nothing", "nothing"),
    ("series.parquet", "player_cash_busd", "list", "lists"),
    ("series.parquet", "player_cash_busd", "text", "text"),
    ("series.parquet", "player_compute_eflops", "timestamp", "dates or times"),
    ("series.parquet", "month", "text", "text"),
]
COMMANDS = {
    "plot": lambda folder, tmp: ["plot", str(folder)],
    "report": lambda folder, tmp: ["report", str(folder), "--out", str(tmp / "r.html")],
    "resume": lambda folder, tmp: ["batch", "--resume", "--out", str(folder), "--engine",
                                   "serial", "--quiet"],
}


def _refused(argv, capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name, column, wrong, holds", CASES)
def test_a_column_of_the_wrong_type_is_one_line_naming_the_file_and_column(
        honest, tmp_path, capsys, command, name, column, wrong, holds):
    folder = _copy(honest, tmp_path, name, _set(column, WRONG[wrong]))
    before = (folder / name).read_bytes()
    err = _refused(COMMANDS[command](folder, tmp_path), capsys)
    assert f"{folder / name}: column '{column}' holds {holds}" in err
    assert (folder / name).read_bytes() == before  # the resume left the table as it was
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("name, column, problem", [
    ("runs.parquet", "run_id", "is empty in row 2"),
    ("runs.parquet", "policy", "is empty in row 2"),
    ("series.parquet", "limiting_factor", "is empty in row 2"),
    ("runs.parquet", "score", "holds nan in row 2, not a finite number"),
    ("series.parquet", "player_cash_busd", "holds inf in row 2, not a finite number"),
])
def test_an_empty_key_or_a_number_that_is_not_finite_is_one_line(honest, tmp_path, capsys,
                                                                   name, column, problem):
    def change(table):
        i = table.column_names.index(column)
        values = table.column(i).to_pylist()
        values[1] = {"score": float("nan"), "player_cash_busd": float("inf")}.get(column)
        return table.set_column(i, column, pa.array(values, table.column(i).type))

    folder = _copy(honest, tmp_path, name, change)
    for command in COMMANDS.values():
        err = _refused(command(folder, tmp_path), capsys)
        assert f"{folder / name}: column '{column}' {problem}" in err


def test_an_extra_column_of_dates_is_refused_one_of_numbers_is_read(honest, tmp_path, capsys):
    """Only the kinds the engine writes: a column added by hand as numbers is kept, one of
    timestamps is refused."""
    stamps = _copy(honest, tmp_path, "runs.parquet", lambda t: t.append_column(
        "when", pa.array([10**18] * t.num_rows, pa.timestamp("ns"))))
    err = _refused(["plot", str(stamps)], capsys)
    assert "column 'when' holds dates or times" in err
    shutil.rmtree(stamps)
    numbers = _copy(honest, tmp_path, "runs.parquet", lambda t: t.append_column(
        "grade", pa.array([1.5] * t.num_rows)))
    assert load_results(numbers).runs["grade"].tolist() == [1.5] * 8
    assert main(["plot", str(numbers)]) == 0


def test_a_column_named_twice_is_one_line(honest, tmp_path, capsys):
    folder = _copy(honest, tmp_path, "runs.parquet", lambda t: t.rename_columns(
        ["seed" if n == "error" else n for n in t.column_names]))
    err = _refused(["report", str(folder), "--out", str(tmp_path / "r.html")], capsys)
    assert "runs.parquet: column 'seed' appears twice" in err


def test_a_file_s_pandas_metadata_is_not_obeyed(honest, tmp_path):
    """A file may carry pandas metadata that makes a column the index (so 'run_id' vanishes
    from the frame): the engine writes none, and a folder's own is dropped unread."""
    import json

    def index_by_run_id(table):
        meta = {"index_columns": ["run_id"], "column_indexes": [], "columns": [
            {"name": n, "field_name": n, "pandas_type": "unicode" if n == "run_id" else "float64",
             "numpy_type": "object", "metadata": None} for n in table.column_names]}
        return table.replace_schema_metadata({b"pandas": json.dumps(meta).encode()})

    folder = _copy(honest, tmp_path, "runs.parquet", index_by_run_id)
    assert "run_id" in pq.read_table(folder / "runs.parquet").to_pandas().index.names
    assert list(load_results(folder).runs["run_id"]) == list(load_results(honest).runs["run_id"])


def test_a_sweep_where_every_run_failed_loads_without_scores(tmp_path):
    """A failed run has no outcomes: when every run failed, runs.parquet has no score column,
    and the folder is still read (it used to be refused as not a batch table)."""
    def broken(*args, **kwargs):
        raise RuntimeError("the engine broke")

    res = sweep("tutorial", seeds=2, policies=["passive"], months=3, out=tmp_path / "s",
                engine="serial", run_fn=broken)
    assert list(res.runs["status"]) == ["failed", "failed"]
    assert "score" not in res.runs.columns
    assert res.runs["error"].str.contains("the engine broke").all()


def test_a_table_whose_column_changed_kind_is_refused_when_merged(honest, tmp_path, capsys):
    """A swept value rewritten as text in runs.parquet is a kind the engine may write, but not
    the kind of the new runs: the merge after the resume is one line, and the new runs' part
    files stay for a resume after the table is moved away."""
    key = "world.demand.growth_per_year"

    def text_and_one_run_less(table):
        table = table.set_column(table.column_names.index(key), key,
                                 pa.array([str(v) for v in table[key].to_pylist()]))
        return table.slice(1)

    folder = _copy(honest, tmp_path, "runs.parquet", text_and_one_run_less)
    err = _refused(COMMANDS["resume"](folder, tmp_path), capsys)
    assert "runs.parquet: cannot be merged with the new runs" in err and key in err
    assert len(list((folder / "parts").glob("runs-*.parquet"))) == 1  # the run just played
    assert len(pq.read_table(folder / "series.parquet")) == 8 * 3  # series kept as it was


def test_the_honest_tables_have_every_series_column(honest):
    """The check knows every series column the engine writes; the honest sweep passes it."""
    res = load_results(honest)
    assert set(SERIES_COLUMNS) <= set(res.series.columns)
    assert len(res.runs) == 8 and len(res.series) == 8 * 3


def test_a_sweep_where_no_run_finished_is_nothing_to_draw_in_one_line(tmp_path, capsys):
    """plot and report on a sweep whose every run failed, or on an emptied runs table: one line
    saying there is nothing to draw (before: a boxplot ValueError, or 'no column score')."""
    def broken(*args, **kwargs):
        raise RuntimeError("the engine broke")

    failed = tmp_path / "failed"
    sweep("tutorial", seeds=2, policies=["passive"], months=3, series=True, out=failed,
          engine="serial", run_fn=broken)
    empty = tmp_path / "empty"
    sweep("tutorial", seeds=2, policies=["passive"], months=3, series=True, out=empty,
          engine="serial")
    for name in ("runs.parquet", "series.parquet"):
        pq.write_table(pq.read_table(empty / name).slice(0, 0), empty / name)
    for folder, says in ((failed, "no run finished (all 2 failed: their errors are in the error "
                                  "column of runs.parquet)"),
                         (empty, "runs.parquet lists no run")):
        for argv in (["plot", str(folder)], ["report", str(folder), "--out",
                                             str(tmp_path / "r.html")]):
            err = _refused(argv, capsys)
            assert f"{folder}: {says}, so there is nothing to draw" in err
        assert not (folder / "plots").exists() and not (tmp_path / "r.html").exists()


def test_a_swept_value_left_empty_in_every_run_is_not_drawn(honest, tmp_path, capsys):
    """A swept column emptied by hand: the charts by that value are left out, the rest drawn
    (before: a boxplot ValueError)."""
    key = "world.demand.growth_per_year"
    folder = _copy(honest, tmp_path, "runs.parquet", _set(key, lambda n: pa.array(
        [None] * n, pa.float64())))
    assert main(["plot", str(folder)]) == 0
    drawn = sorted(p.name for p in (folder / "plots").iterdir())
    assert "outcomes_by_policy.png" in drawn and f"outcomes_by_{key}.png" not in drawn
