"""Files from other people (issue 19, findings 3 and 4): a hostile or oversized save, command log,
series, decision log, batch folder or manifest gets one line naming the file and the problem and
exit code 2 from every reader (`run --load/--commands`, `play --load`, `report`, `class`), never
a traceback; limits are checked before parsing, at the limit itself."""

from __future__ import annotations

import json
import os
import threading

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from game.cli import main
from game.domain.errors import SaveError, UsageError
from game.io import untrusted
from game.io.commandlog import read_command_log
from game.io.saves import read_record

SCENARIO, SEED = "tutorial", 3


def one_line_error(argv: list[str], capsys) -> str:
    """Run the command; it must end with exit code 2 and one line on stderr, no traceback."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    err.encode("utf-8")  # printable as it is: no lone surrogate
    assert "\x1b" not in err
    return err


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    """An honest save of six months, its record, and a series and decision log of the game."""
    folder = tmp_path_factory.mktemp("honest")
    save = folder / "honest.json"
    assert main(["run", "--scenario", SCENARIO, "--seed", str(SEED), "--months", "6",
                 "--out", str(folder / "honest.csv"), "--events", str(folder / "events.jsonl"),
                 "--save", str(save)]) == 0
    return folder, json.loads(save.read_text())


def save_text(record: dict, **changes) -> str:
    return json.dumps({**record, **changes})


def hostile_saves(record: dict) -> dict[str, tuple[str, str]]:
    """name -> (file text, what the one line must say)."""
    text = json.dumps(record)
    accelerators = '"initial_accelerators": '
    assert accelerators in text
    return {
        "deep": ("[" * 100_000 + "]" * 100_000, "nested deeper than"),
        "digits": ('{"format": "terafab-save", "version": 1, "seed": ' + "9" * 100_001 + "}",
                   "100,001 characters long"),
        "command-list": (save_text(record, commands=[{"month": 0, "command": [1]}]),
                         "'command' should be a command name, not a list"),
        "policy-object": (save_text(record, policy={}),
                          "'policy' should be a policy name or null, not an object"),
        "huge-int": (text.replace(accelerators, accelerators + "1" + "0" * 4000 + ", \"x\": ", 1),
                     "characters long"),
        "huge-float": (text.replace(accelerators, accelerators + "1e400, \"x\": ", 1),
                       "too large"),
        "nan": (text.replace(accelerators, accelerators + "NaN, \"x\": ", 1),
                "NaN is not a number"),
        "surrogate": (save_text(record, commands=[{"month": 0, "command": "buy_accelerators",
                                                   "vendor": "\ud800"}]).replace("\\\\", "\\"),
                      "lone surrogate"),
        "month-true": (save_text(record, month=True), "'month' should be a whole number"),
        "entry-month-text": (save_text(record, commands=[{"month": "0", "command": "fund_phase"}]),
                             "command 1: needs a whole 'month'"),
        # found by `terafab fuzz --files`: a 100,000-character version was echoed whole
        "long-version": (save_text(record, version="x" * 100_000), "save version 'xxx"),
    }


HOSTILE = ["deep", "digits", "command-list", "policy-object", "huge-int", "huge-float", "nan",
           "surrogate", "month-true", "entry-month-text", "long-version"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_save_is_one_line_for_run_load(name, honest, tmp_path, capsys):
    text, needle = hostile_saves(honest[1])[name]
    path = tmp_path / f"{name}.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    err = one_line_error(["run", "--load", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert f"{path}: " in err and needle in err and len(err) < 1000
    assert not (tmp_path / "o.csv").exists()


def test_a_hostile_save_is_one_line_for_play_and_report(honest, tmp_path, capsys):
    text, needle = hostile_saves(honest[1])["command-list"]
    path = tmp_path / "bad.json"
    path.write_text(text)
    err = one_line_error(["play", "--load", str(path), "--screenshot",
                          str(tmp_path / "shot.png")], capsys)
    assert needle in err
    err = one_line_error(["report", str(path), "--out", str(tmp_path / "r.html")], capsys)
    assert needle in err and not (tmp_path / "r.html").exists()


def test_a_surrogate_in_a_save_file_name_or_text_prints(honest, tmp_path, capsys):
    """A refusal that quotes a file's name that is not UTF-8 is printed, escaped."""
    name = os.fsdecode(b"caf\xe9.json")  # Latin-1 bytes: not valid UTF-8
    path = tmp_path / name
    path.write_bytes(b"{not json")
    err = one_line_error(["run", "--load", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert "caf\\xe9.json: not a Terafab save" in err


LOG_LINES = {
    "deep": ("[" * 100_000 + "]" * 100_000, "line 2 is refused: nested deeper than"),
    "digits": ('{"month": ' + "1" * 100_001 + ', "command": "fund_phase"}', "characters long"),
    "command-list": ('{"month": 0, "command": [1]}',
                     "line 2 'command' should be a command name, not a list"),
    "month-bool": ('{"month": true, "command": "fund_phase"}', "line 2 needs a whole 'month'"),
    "not-object": ("[1, 2]", "line 2 should be an object, not a list"),
    "surrogate": ('{"month": 0, "command": "buy_accelerators", "vendor": "\\ud800"}',
                  "lone surrogate"),
    "infinity": ('{"month": 0, "command": "request_grid", "gw": Infinity}', "Infinity"),
}


@pytest.mark.parametrize("name", sorted(LOG_LINES))
def test_a_hostile_command_log_line_is_one_line(name, tmp_path, capsys):
    line, needle = LOG_LINES[name]
    path = tmp_path / f"{name}.jsonl"
    path.write_text('{"month": 0, "command": "request_grid", "gw": 2.0}\n' + line + "\n")
    err = one_line_error(["run", "--scenario", SCENARIO, "--commands", str(path),
                          "--out", str(tmp_path / "o.csv")], capsys)
    assert f"{path}: " in err and needle in err


def test_escape_codes_in_a_command_are_printed_escaped(tmp_path, capsys):
    path = tmp_path / "colours.jsonl"
    path.write_text('{"month": 0, "command": "buy_accelerators", "vendor": "\\u001b[2J\\u001b]0;'
                    'pwned\\u0007", "units": 5000}\n')
    assert main(["run", "--scenario", SCENARIO, "--months", "2", "--commands", str(path),
                 "--out", str(tmp_path / "o.csv")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in out  # the refusal, with the value shown escaped


def test_display_text_makes_any_text_one_safe_line():
    shown = untrusted.display_text("a\nb\x1b[31m\u202eevil\ud800" + os.fsdecode(b"\xff"))
    assert shown == "a\\x0ab\\x1b[31m\\u202eevil\\ud800\\xff"
    assert untrusted.display_text("Ünïcödé 李 ok") == "Ünïcödé 李 ok"
    assert untrusted.chart_text("$\\frac$") == "\\$\\frac\\$"


# ---------------------------------------------------------------- the limits, tested at the limit

def log_of(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


COMMAND = '{"month": 0, "command": "fund_phase"}'


def test_a_command_log_at_the_byte_limit_is_read_and_one_byte_over_refused(tmp_path):
    path = tmp_path / "log.jsonl"
    text = log_of([COMMAND, "# padding"])
    path.write_text(text)
    assert len(read_command_log(path, max_bytes=len(text))) == 1
    path.write_text(text + "#")  # one byte more
    with pytest.raises(SaveError, match=f"larger than a command log may be \\({len(text)} bytes"):
        read_command_log(path, max_bytes=len(text))


def test_the_byte_limit_is_checked_before_parsing(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text("not json at all\n" * 10)
    with pytest.raises(SaveError, match="larger than a command log may be"):
        read_command_log(path, max_bytes=100)


def test_a_command_log_at_the_line_and_command_limits(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text(log_of([COMMAND] * 3 + ["# a comment"]))
    assert len(read_command_log(path, max_lines=4, max_commands=3)) == 3
    with pytest.raises(SaveError, match="4 lines, more than the 3 allowed"):
        read_command_log(path, max_lines=3)
    with pytest.raises(SaveError, match="more than 2 commands \\(line 3\\)"):
        read_command_log(path, max_commands=2)


def test_the_default_limits_of_a_command_log(tmp_path, capsys):
    """What the defaults are, each shown to refuse a file just over it (cheaply: a file of
    newlines for the line limit, a sparse file for the byte limit)."""
    assert untrusted.MAX_LOG_BYTES == 8 * 1024 * 1024
    assert untrusted.MAX_LOG_LINES == 100_000 and untrusted.MAX_COMMANDS == 20_000
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"\n" * untrusted.MAX_LOG_LINES)
    assert read_command_log(path) == []
    path.write_bytes(b"\n" * (untrusted.MAX_LOG_LINES + 1))
    with pytest.raises(SaveError, match="100,001 lines, more than the 100,000 allowed"):
        read_command_log(path)
    path.write_text(log_of([COMMAND] * (untrusted.MAX_COMMANDS + 1)))
    with pytest.raises(SaveError, match="more than 20,000 commands \\(line 20001\\)"):
        read_command_log(path)
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as handle:
        handle.truncate(untrusted.MAX_LOG_BYTES + 1)  # sparse: nothing is written
    err = one_line_error(["run", "--scenario", SCENARIO, "--commands", str(big),
                          "--out", str(tmp_path / "o.csv")], capsys)
    assert "8.0 MB, larger than a command log may be (8.0 MB)" in err


def test_save_limits(honest, tmp_path):
    assert untrusted.MAX_SAVE_BYTES == 8 * 1024 * 1024 and untrusted.MAX_JSON_DEPTH == 32
    path = tmp_path / "s.json"
    path.write_text(json.dumps(honest[1]))
    size = path.stat().st_size
    assert read_record(path, max_bytes=size) == honest[1]
    with pytest.raises(SaveError, match="larger than a save may be"):
        read_record(path, max_bytes=size - 1)
    with open(tmp_path / "big.json", "wb") as handle:
        handle.truncate(untrusted.MAX_SAVE_BYTES + 1)
    with pytest.raises(SaveError, match="larger than a save may be"):
        read_record(tmp_path / "big.json")
    deepest = "[" * 32 + "]" * 32
    assert untrusted.parse_json(deepest) == json.loads(deepest)
    with pytest.raises(untrusted.BadJSON, match="nested deeper than 32 levels"):
        untrusted.parse_json("[" + deepest + "]")
    assert untrusted.parse_json("9" * 18) == int("9" * 18)
    with pytest.raises(untrusted.BadJSON, match="too large"):
        untrusted.parse_json(str(2**63))
    with pytest.raises(untrusted.BadJSON, match="33 characters long"):
        untrusted.parse_json("0." + "1" * 31)


def test_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "log.jsonl"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_command_log(fifo)
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(20)
    if reader.is_alive():  # unblock the reader, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO hung")
    assert isinstance(outcome[0], SaveError) and "not a regular file" in str(outcome[0])


def test_a_month_zero_save_is_checked_like_any_other(tmp_path, capsys):
    """Its fingerprint was a constant, so a hand-edited month-0 save replayed unchecked."""
    from game.io.saves import load_session, save_session
    from game.io.scenarios import load_scenario
    from game.sim.session import Session

    path = tmp_path / "start.json"
    save_session(Session(load_scenario(SCENARIO), SEED), path)
    assert load_session(path).month == 0  # an honest one loads
    record = json.loads(path.read_text())
    record["scenario"]["world"]["firm"]["cash_busd"] = 1e6
    path.write_text(json.dumps(record))
    err = one_line_error(["run", "--load", str(path), "--out", str(tmp_path / "o.csv")], capsys)
    assert "the replay does not match the save" in err


# ---------------------------------------------------------------- report inputs

def test_a_series_with_text_in_a_number_column(honest, tmp_path, capsys):
    lines = (honest[0] / "honest.csv").read_text().splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("dram_price_index")] = "abc"
    lines[3] = ",".join(row)
    path = tmp_path / "edited.csv"
    path.write_text("\n".join(lines) + "\n")
    err = one_line_error(["report", str(path), "--out", str(tmp_path / "r.html")], capsys)
    assert "edited.csv: not a Terafab series (row 3, column dram_price_index: 'abc' is not a " \
           "finite number)" in err
    row[header.index("dram_price_index")] = "inf"
    lines[3] = ",".join(row)
    path.write_text("\n".join(lines) + "\n")
    assert "'inf' is not a finite number" in one_line_error(
        ["report", str(path), "--out", str(tmp_path / "r.html")], capsys)


@pytest.mark.parametrize("cells", [
    lambda n: pa.array([b"\xff\x00"] * n, pa.binary()),  # bytes that are not UTF-8
    lambda n: pa.array(["power"] * (n - 1) + [None]),  # an empty cell
    lambda n: pa.array([["power"]] * n),  # lists
])
def test_a_parquet_series_whose_text_column_is_not_text(cells, honest, tmp_path, capsys):
    """Found by `terafab fuzz --files` (a limiting factor of bytes gave a UnicodeDecodeError)."""
    table = pa_csv.read_csv(honest[0] / "honest.csv")
    i = table.column_names.index("limiting_factor")
    path = tmp_path / "edited.parquet"
    pq.write_table(table.set_column(i, "limiting_factor", cells(table.num_rows)), path)
    err = one_line_error(["report", str(path), "--out", str(tmp_path / "r.html")], capsys)
    assert "edited.parquet: not a Terafab series (row " in err
    assert "column limiting_factor: not text)" in err


def test_series_limits(honest, tmp_path):
    from game.io.series import read_series

    assert untrusted.MAX_SERIES_MONTHS == 600 and untrusted.MAX_TABLE_BYTES == 32 * 1024 * 1024
    path = honest[0] / "honest.csv"
    assert len(read_series(path, max_months=6)) == 6
    with pytest.raises(UsageError, match="7 lines, more than the 6 allowed"):
        read_series(path, max_months=5)


def test_a_month_zero_save_has_nothing_to_report(tmp_path, capsys):
    from game.io.saves import save_session
    from game.io.scenarios import load_scenario
    from game.sim.session import Session

    path = tmp_path / "start.json"
    save_session(Session(load_scenario(SCENARIO), SEED), path)
    err = one_line_error(["report", str(path), "--out", str(tmp_path / "r.html")], capsys)
    assert "start.json: saved at month 0" in err


@pytest.mark.parametrize("line, needle", [
    ('{"month": 0, "date": "2026-01", "agent": "x", "rule": [1], "kind": "k", "reason": "r"}',
     "has a field that is not text"),
    ('{"month": "x", "date": "2026-01", "agent": "x", "rule": "H1", "kind": "k", "reason": "r"}',
     "is not a whole number"),
    ("[" * 5000 + "]" * 5000, "nested deeper than"),
])
def test_a_hostile_decision_log(line, needle, honest, tmp_path, capsys):
    path = tmp_path / "events.jsonl"
    path.write_text(line + "\n")
    err = one_line_error(["report", str(honest[0] / "honest.csv"), "--scenario", SCENARIO,
                          "--events", str(path), "--no-policies", "--out",
                          str(tmp_path / "r.html")], capsys)
    assert needle in err


def test_a_damaged_batch_folder(tmp_path, capsys):
    folder = tmp_path / "sweep"
    folder.mkdir()
    (folder / "runs.parquet").write_bytes(b"PAR1" + os.urandom(300))
    err = one_line_error(["report", str(folder), "--out", str(tmp_path / "r.html")], capsys)
    assert "runs.parquet: not a readable Parquet runs table" in err
    err = one_line_error(["plot", str(folder)], capsys)
    assert "runs.parquet: not a readable Parquet runs table" in err


def test_a_batch_table_without_the_report_columns(tmp_path, capsys):
    import pandas as pd

    folder = tmp_path / "sweep"
    folder.mkdir()
    pd.DataFrame({"run_id": ["a"], "seed": ["one"], "policy": ["buyer"]}).to_parquet(
        folder / "runs.parquet")
    err = one_line_error(["report", str(folder), "--out", str(tmp_path / "r.html")], capsys)
    assert "sweep/runs.parquet: not a `terafab batch` table (no column 'score')" in err


def test_a_hostile_manifest_is_ignored_not_fatal(tmp_path):
    from game.batch import load_results, sweep
    from game.batch.manifest import read_manifest

    folder = tmp_path / "sweep"
    sweep("tutorial", seeds=1, policies=["buyer"], months=3, out=folder, workers=1)
    assert read_manifest(folder)["format"] == "terafab-batch"
    for text in ("[" * 100_000 + "]" * 100_000, '{"format": "terafab-batch", "runs": 1e999}',
                 '{"format": "terafab-batch", "x": ' + "7" * 100_001 + "}"):
        (folder / "manifest.json").write_text(text)
        assert read_manifest(folder) is None
        assert load_results(folder).manifest == {}


def test_a_parquet_series_that_expands_is_refused_before_decoding(tmp_path):
    """A 10 kB file holding a 1 MB text: its decoded size, from the footer, is checked."""
    from game.io.series import read_series
    from game.sim.metrics import SERIES_COLUMNS, TEXT_COLUMNS

    path = tmp_path / "bomb.parquet"
    pq.write_table(pa.table({c: ["7" * 1_000_000] if c == "date" else
                             ["power"] if c in TEXT_COLUMNS else [1.0]
                             for c in SERIES_COLUMNS}), path, compression="zstd")
    meta = pq.ParquetFile(path).metadata
    decoded = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    assert path.stat().st_size < 20_000 < 1_000_000 < decoded
    at_limit = -(-decoded // untrusted.PARQUET_EXPANSION)
    assert len(read_series(path, max_bytes=at_limit)) == 1
    with pytest.raises(UsageError, match="once decoded, more than a series may hold"):
        read_series(path, max_bytes=at_limit - 1)


def test_a_table_of_a_million_columns_is_refused_before_parsing(honest, tmp_path):
    """pandas took six minutes and 4 GB for a 21 MB CSV header of two million names."""
    from game.io.series import read_events, read_series

    assert untrusted.MAX_TABLE_COLUMNS == 1_000
    wide = ",".join(f"c{i}" for i in range(2_000_000)) + "\n"
    for name, read in (("s.csv", read_series), ("e.csv", read_events)):
        (tmp_path / name).write_text(wide)
        with pytest.raises(UsageError, match="2,000,000 columns, more than a .* may have"):
            read(tmp_path / name)
    lines = (honest[0] / "honest.csv").read_text().splitlines()
    padded = tmp_path / "padded.csv"  # the series' 31 columns and more, up to the limit
    extra = untrusted.MAX_TABLE_COLUMNS - len(lines[0].split(","))
    padded.write_text("\n".join(line + ",x" * extra for line in lines) + "\n")
    assert len(read_series(padded)) == 6
    padded.write_text("\n".join(line + ",x" * (extra + 1) for line in lines) + "\n")
    with pytest.raises(UsageError, match="1,001 columns"):
        read_series(padded)


@pytest.mark.parametrize("kind", ["world", "scenario"])
@pytest.mark.parametrize("name", ["\x1b[31mred.yaml", "\u202eevil.yaml",
                                  os.fsdecode(b"\xff\xfe-not-utf8.yaml")])
def test_validate_echoes_a_hostile_file_name_escaped(kind, name, tmp_path, capsys):
    """`terafab validate` names the file it found valid: an escape code, a right-to-left
    override or bytes that are not UTF-8 in that name are shown escaped, never sent raw to the
    terminal (found by `terafab fuzz --files 200`)."""
    from game.io.scenarios import CONFIGS, read_yaml, resolve_scenario_path

    source = resolve_scenario_path("tutorial") if kind == "scenario" else CONFIGS / "world.yaml"
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    assert read_yaml(path)  # a real file of its kind
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"a valid {kind}" in out
    out.encode("utf-8")
    assert not any(ch in out for ch in ("\x1b", "\u202e"))
