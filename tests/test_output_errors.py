"""Errors on output (issue 19, finding 7): a read-only folder is refused in one line before the
campaign runs; a full disk at the end gives one line and exit code 2 and leaves the old file
whole; two options naming one file are refused; `terafab ... | head` ends quietly.

Tests run as root here, where a chmod-ed folder stays writable: a read-only folder is simulated
by making the OS refuse to create files in it (PermissionError from mkstemp), a full disk by
fsync failing with ENOSPC, which is what the OS does in those cases."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile

import pytest

import game
from game.cli import main
from game.sim.session import Session

RUN = ["run", "--scenario", "tutorial", "--seed", "2", "--months", "3"]


def one_line(argv: list[str], capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.fixture
def months_played(monkeypatch):
    """Counts the months the engine plays, to tell a check made before the campaign."""
    played: list[int] = []
    step = Session.step

    def counting(self):
        played.append(self.month)
        step(self)

    monkeypatch.setattr(Session, "step", counting)
    return played


@pytest.fixture
def read_only(monkeypatch, tmp_path):
    """The folder `ro` inside tmp_path, where no file can be made (as on a read-only mount)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    make = tempfile.mkstemp

    def refuse(*args, dir=None, **kwargs):  # noqa: A002 - mkstemp's own name
        if dir is not None and os.path.realpath(dir) == os.path.realpath(folder):
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        return make(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    return folder


@pytest.mark.parametrize("option, name", [("--out", "s.csv"), ("--out", "s.parquet"),
                                          ("--events", "e.csv"), ("--save", "g.json")])
def test_a_read_only_folder_is_refused_before_the_campaign(option, name, read_only, tmp_path,
                                                           months_played, capsys):
    # the last --out given wins, so each case names one output in the read-only folder
    err = one_line([*RUN, "--out", str(tmp_path / "s.csv"), option, str(read_only / name)],
                   capsys)
    assert f"{read_only / name}: cannot write in folder {read_only} (Permission denied)" in err
    assert months_played == []


def test_read_only_outputs_of_report_and_class(read_only, tmp_path, months_played, capsys):
    log = tmp_path / "ana.jsonl"
    log.write_text('{"month": 0, "command": "request_grid", "gw": 2.0}\n')
    err = one_line(["class", str(log), "--scenario", "tutorial", "--out", str(read_only)], capsys)
    assert "cannot write in folder" in err and months_played == []
    err = one_line(["class", str(log), "--scenario", "tutorial", "--out",
                    str(read_only / "class")], capsys)
    assert "cannot write in folder" in err and months_played == []
    assert main([*RUN, "--out", str(tmp_path / "s.csv")]) == 0
    months_played.clear()
    err = one_line(["report", str(tmp_path / "s.csv"), "--scenario", "tutorial", "--out",
                    str(read_only / "r.html")], capsys)
    assert f"{read_only / 'r.html'}: cannot write in folder" in err and months_played == []


@pytest.fixture
def full_disk(monkeypatch):
    """Every file written from now on fails as on a full disk (at fsync, after the data)."""
    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


def no_space(fd):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("option, name", [("--out", "s.csv"), ("--out", "s.parquet"),
                                          ("--events", "e.jsonl")])
def test_a_full_disk_is_one_line_and_the_old_file_survives(option, name, tmp_path, monkeypatch,
                                                           capsys):
    target = tmp_path / name
    target.write_bytes(b"the old file")
    written = []  # the series is written first, then the decision log or the save
    fails_from = 0 if option == "--out" else 1
    sync = os.fsync

    def fills(fd):
        written.append(fd)
        (no_space if len(written) > fails_from else sync)(fd)

    monkeypatch.setattr(os, "fsync", fills)
    err = one_line([*RUN, "--out", str(tmp_path / "s.csv"), option, str(target)], capsys)
    assert f"{target}: cannot write the " in err and "(No space left on device)" in err
    assert target.read_bytes() == b"the old file"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_a_full_disk_for_report_and_class(tmp_path, capsys, monkeypatch):
    assert main([*RUN, "--out", str(tmp_path / "s.csv")]) == 0
    log = tmp_path / "ana.jsonl"
    log.write_text('{"month": 0, "command": "request_grid", "gw": 2.0}\n')
    monkeypatch.setattr(os, "fsync", no_space)
    err = one_line(["report", str(tmp_path / "s.csv"), "--out", str(tmp_path / "r.html")], capsys)
    assert "r.html: cannot write the report (No space left on device)" in err
    err = one_line(["class", str(log), "--scenario", "tutorial", "--months", "3",
                    "--out", str(tmp_path / "class")], capsys)
    assert "ranking.csv: cannot write the class results (No space left on device)" in err


@pytest.mark.parametrize("first, second, link", [("--out", "--events", False),
                                                 ("--commands", "--events", False),
                                                 ("--out", "--events", True)])
def test_two_options_naming_one_file_are_refused(first, second, link, tmp_path, months_played,
                                                 capsys):
    """`run --out a.csv --events a.csv` replaced the series with the event log; a log being
    replayed could be replaced by the decision log; a symbolic link is the same file too."""
    suffix = ".jsonl" if first == "--commands" else ".csv"
    one = tmp_path / f"a{suffix}"
    one.write_text('{"month": 0, "command": "request_grid", "gw": 2.0}\n')
    other = one
    if link:
        other = tmp_path / f"b{suffix}"
        other.symlink_to(one)
    before = one.read_bytes()
    err = one_line([*RUN, "--out", str(tmp_path / "s.csv"), first, str(one), second, str(other)],
                   capsys)
    assert f"{other}: given to both {first} and {second}; one file would replace the other" in err
    assert months_played == [] and one.read_bytes() == before


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`terafab scenarios | head -1`: the reader is gone before the first line."""
    read, write = os.pipe()
    os.close(read)
    source = os.path.dirname(os.path.dirname(game.__file__))  # this checkout's game package
    try:
        done = subprocess.run([sys.executable, "-m", "game", "scenarios"], stdout=write,
                              stderr=subprocess.PIPE, timeout=120, cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": source})
    finally:
        os.close(write)
    assert done.returncode == 0
    assert done.stderr == b""


def test_a_save_to_a_full_disk_keeps_the_previous_save(tmp_path, monkeypatch, capsys):
    """The previous save stays loadable (the promise that held, kept)."""
    save = tmp_path / "g.json"
    assert main([*RUN, "--out", str(tmp_path / "s.csv"), "--save", str(save)]) == 0
    before = json.loads(save.read_text())
    monkeypatch.setattr(os, "fsync", no_space)
    assert main(["run", "--load", str(save), "--months", "2", "--out", str(tmp_path / "t.csv"),
                 "--save", str(save)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert json.loads(save.read_text()) == before


def test_plot_into_a_read_only_folder(read_only, tmp_path, capsys):
    from game.batch import sweep

    sweep("tutorial", seeds=1, policies=["buyer"], months=3, out=tmp_path / "sweep", workers=1)
    err = one_line(["plot", str(tmp_path / "sweep"), "--out", str(read_only)], capsys)
    assert "cannot write in folder" in err and not list(read_only.iterdir())
