"""`terafab fuzz --files`: damaged files of every kind fed to every reader (issue 19). A CI-sized
run finds nothing; the harness itself catches a traceback, a hang and a memory blow-up in a
reader; the same seed gives the same files. Then what the fuzzer found, each fixed (the batch
folder's columns of the wrong types: tests/batch/test_batch_tables.py)."""

from __future__ import annotations

import os
import re
import time

import pytest

from game.cli import fuzz_files as ff
from game.cli import main


def test_a_ci_sized_run_finds_no_failure_in_any_reader(tmp_path, capsys):
    """Every kind, the batch folder too (its tables' columns are type-checked before plot,
    report and resume read them). The time limit is generous: CI machines are shared, and a
    reader that draws charts takes seconds; a hang is a reading that never ends."""
    assert main(["fuzz", "--files", "6", "--seed", "7", "--time-limit", "120",
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "no traceback, no hang, no memory over the bound" in out
    for kind in ff.KIND_NAMES:
        assert re.search(rf"^  {kind} +6 files +\d+ readings: +\d+ refused in one line, +\d+ "
                         r"read, 0 failed$", out, re.MULTILINE), kind
    readers = out.split("readers (readings, seconds): ")[1].split("\n")[0]
    for reader in ff.READERS:
        assert f"{reader.name} " in readers
    assert not list(tmp_path.iterdir())  # nothing kept, the scratch folder removed


def test_a_relative_out_folder_works(tmp_path, monkeypatch, capsys):
    """`make fuzz-files` runs with `--out .`: the world readers' scenario names its base world
    by a path that must not be taken relative to the scratch folder a second time."""
    monkeypatch.chdir(tmp_path)
    assert main(["fuzz", "--files", "1", "--seed", "0", "--kind", "world", "--time-limit", "120",
                 "--out", "."]) == 0
    assert "no traceback, no hang" in capsys.readouterr().out


def test_the_same_seed_gives_the_same_files_and_another_seed_others(tmp_path):
    honest = ff.honest_files(tmp_path)
    for kind in ff.KINDS:
        first = [kind.damage(honest[kind.name], ff.file_rng(3, kind.name, i)) for i in range(4)]
        again = [kind.damage(honest[kind.name], ff.file_rng(3, kind.name, i)) for i in range(4)]
        other = [kind.damage(honest[kind.name], ff.file_rng(4, kind.name, i)) for i in range(4)]
        assert first == again, kind.name
        assert first != other, kind.name
        assert all(f != honest[kind.name] for f in first), kind.name  # every file is damaged


def _fail_after_warm_up(monkeypatch, failure):
    """Make the window's settings reader (the only reader of the `settings` kind) do `failure`
    on every file after the honest one it reads first."""
    from game.io import userdata

    original = userdata.load_settings
    calls = []

    def reader():
        calls.append(1)
        if len(calls) > 1:
            failure()
        return original()

    monkeypatch.setattr(userdata, "load_settings", reader)
    return calls


def test_a_traceback_in_a_reader_fails_the_run_and_keeps_the_file(tmp_path, capsys, monkeypatch):
    def crash():
        raise KeyError("boom")

    _fail_after_warm_up(monkeypatch, crash)
    assert main(["fuzz", "--files", "2", "--seed", "5", "--kind", "settings",
                 "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAILED: 2 readings" in out and "settings #0 with `load_settings`: KeyError" in out
    kept = tmp_path / "fuzz-file-settings-00000.yaml"
    honest = ff.honest_files(tmp_path / "honest")
    assert kept.read_bytes() == ff.KINDS[ff.KIND_NAMES.index("settings")].damage(
        honest["settings"], ff.file_rng(5, "settings", 0))  # the very file that was read
    note = (tmp_path / "fuzz-file-settings-00000.load-settings.txt").read_text()
    assert "Traceback" in note and "KeyError: 'boom'" in note
    assert "terafab fuzz --files 1 --seed 5 --kind settings" in note


def test_a_reader_that_loops_is_reported_as_a_hang_not_waited_for(tmp_path, capsys, monkeypatch):
    looped = []

    def spin():
        ends = time.process_time() + 120
        while time.process_time() < ends:  # works for ever, as a reader stuck in a loop would
            pass
        looped.append(1)

    _fail_after_warm_up(monkeypatch, spin)
    assert main(["fuzz", "--files", "1", "--kind", "settings", "--time-limit", "0.5",
                 "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert looped == []  # the loop was cut short, not sat out
    assert ("settings #0 with `load_settings`: a hang: still reading after 0.5 s of CPU time"
            in out)
    assert (tmp_path / "fuzz-file-settings-00000.yaml").is_file()


def test_a_reader_that_waits_without_working_is_a_hang_too(tmp_path, capsys, monkeypatch):
    slept = []

    def stall():
        time.sleep(120)  # blocked, as on a file that never ends
        slept.append(1)

    _fail_after_warm_up(monkeypatch, stall)
    assert main(["fuzz", "--files", "1", "--kind", "settings", "--time-limit", "0.2",
                 "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert slept == []
    assert "settings #0 with `load_settings`: a hang: still reading after 1.2 s on the clock" in out


def test_a_busy_machine_does_not_make_a_slow_reading_a_hang(tmp_path, capsys, monkeypatch):
    """On a machine loaded by other work a reading takes longer on the clock than its CPU time:
    a reading that waits past the limit but works far less is not a hang (a fuzz run under
    load used to report the charts' readers as hangs)."""
    def slow_clock():
        time.sleep(0.8)  # the clock passes the 0.5 s limit; the CPU time does not

    _fail_after_warm_up(monkeypatch, slow_clock)
    assert main(["fuzz", "--files", "1", "--kind", "settings", "--time-limit", "0.5",
                 "--out", str(tmp_path)]) == 0
    assert "no traceback, no hang" in capsys.readouterr().out


def test_a_reading_that_takes_much_memory_is_reported(tmp_path, capsys, monkeypatch):
    def hog():
        block = bytearray(160 * 1024 * 1024)  # zero-filled: every page touched
        time.sleep(0.2)  # long enough for the watchdog to see it
        del block

    _fail_after_warm_up(monkeypatch, hog)
    assert main(["fuzz", "--files", "1", "--kind", "settings", "--memory-limit-mb", "64",
                 "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "settings #0 with `load_settings`: memory: the reading grew the process by" in out


@pytest.mark.parametrize("argv, message", [
    (["--games", "3", "--files", "2"], "give --games or --files, not both"),
    (["--kind", "save"], "--kind, --time-limit and --memory-limit-mb go with --files"),
    (["--files", "1", "--time-limit", "0"], "expected a number of seconds above 0"),
])
def test_wrong_fuzz_flags_are_one_line(argv, message, tmp_path, capsys):
    try:
        code = main(["fuzz", *argv, "--out", str(tmp_path)])
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------ what the fuzzer found
@pytest.mark.parametrize("value", ["!!int 1.5", "!!float x", "1" + "0" * 5000, "[" * 5000])
def test_a_damaged_settings_file_gives_the_default_settings(value, tmp_path, monkeypatch):
    """The window reads its settings before anything is shown: a damaged file must not stop it."""
    from game.io.userdata import Settings, load_settings

    (tmp_path / "settings.yaml").write_text(f"width: {value}\nheight: 800\n")
    monkeypatch.setenv("TERAFAB_CONFIG_DIR", str(tmp_path))
    assert load_settings() == Settings()


def test_a_ten_thousand_character_key_is_named_in_a_short_line(tmp_path, capsys):
    """A save whose scenario holds an unknown key of 10,000 characters: one short line."""
    import json

    from game.io.saves import save_session
    from game.io.scenarios import load_scenario
    from game.sim.session import Session

    save_session(Session(load_scenario("tutorial"), 1, None), tmp_path / "g.json")
    record = json.loads((tmp_path / "g.json").read_text())
    record["scenario"]["scoring"]["k" * 10_000] = 1
    (tmp_path / "g.json").write_text(json.dumps(record))
    assert main(["run", "--load", str(tmp_path / "g.json"), "--out", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert "scoring.kkkk" in err and "unknown key" in err and len(err) < 400


def test_a_batch_folder_with_a_hostile_name_is_resumed_plotted_and_reported(tmp_path, capsys):
    """A colleague's folder named with an escape code, then with a byte that is not UTF-8:
    nothing is printed raw to the terminal, and the report page is written."""
    from game.batch.api import sweep

    sweep("tutorial", seeds=2, policies=["passive"], months=3, series=True,
          out=tmp_path / "sweep", engine="serial")
    folder = (tmp_path / "sweep").rename(tmp_path / "\x1b[31mred")  # copied in under that name
    assert main(["batch", "--resume", "--out", str(folder), "--engine", "serial",
                 "--quiet"]) == 0
    assert main(["plot", str(folder)]) == 0
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err
    assert printed.out.count("\\x1b[31mred") == 2  # both name the folder, escaped
    # Linux file systems take any bytes in a name (CI runs there)
    folder = folder.rename(tmp_path / os.fsdecode(b"red\xff"))
    (folder / "manifest.json").unlink()  # copied without it: the page is titled by the folder
    assert main(["report", str(folder), "--out", str(tmp_path / "r.html")]) == 0
    assert "red\\xff" in (tmp_path / "r.html").read_text(encoding="utf-8")


# Found by `terafab fuzz --files 100 --seed 1 --kind batch-folder`: each gave a traceback before
# load_results checked a folder's tables (game/batch/api.py).
def _batch_folder(tmp_path, runs=None, series=None):
    import pyarrow.parquet as pq

    from game.batch.api import sweep

    folder = tmp_path / "sweep"
    sweep("tutorial", seeds=2, policies=["passive"], months=3, series=True, out=folder,
          engine="serial")
    for name, change in (("runs.parquet", runs), ("series.parquet", series)):
        if change is not None:
            pq.write_table(change(pq.read_table(folder / name)), folder / name)
    return folder


def _one_line_or_done(argv, capsys) -> None:
    """The command ends (exit 0) or refuses in one line (exit 2): no traceback."""
    assert main(argv) in (0, 2)
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) <= 1


@pytest.mark.parametrize("command", ["plot", "report"])
def test_a_runs_table_with_a_repeated_run_id_is_refused_in_one_line(command, tmp_path, capsys):
    import pyarrow as pa

    folder = _batch_folder(tmp_path, runs=lambda t: pa.concat_tables([t, t]))
    out = ["--out", str(tmp_path / "r.html")] if command == "report" else []
    _one_line_or_done([command, str(folder), *out], capsys)


def test_a_runs_table_without_outcomes_is_plotted_or_refused_in_one_line(tmp_path, capsys):
    keep = ("run_id", "seed", "policy", "status", "error")
    folder = _batch_folder(tmp_path, runs=lambda t: t.select([c for c in t.column_names
                                                               if c in keep]))
    _one_line_or_done(["plot", str(folder)], capsys)


def test_a_series_table_without_run_ids_is_plotted_or_refused_in_one_line(tmp_path, capsys):
    folder = _batch_folder(tmp_path, series=lambda t: t.drop_columns(["run_id"]))
    _one_line_or_done(["plot", str(folder)], capsys)
