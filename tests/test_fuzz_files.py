"""Randomly damaged files fed to every reader of other people's files (issue 19): a save, a
command log, a series (CSV and Parquet), a decision log, a batch folder's table and manifest.
Whatever the damage, each reader returns or raises a TerafabError with one printable line:
never another exception."""

from __future__ import annotations

import io
import json
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.domain.errors import TerafabError
from game.io.untrusted import display_text

# pieces a hostile or broken file is made of: JSON syntax, escapes, huge numbers, bad bytes
PIECES = [b"[", b"]", b"{", b"}", b'"', b",", b":", b"\\", b"\\ud800", b"\\u001b", b"1e999",
          b"NaN", b"-", b"9" * 40, b"\x00", b"\xff", b"\xc3", b"\n", b"\r", b"null", b"true",
          b"[" * 2000, b"#", b"0", b".5", b" "]


# what a hand-edited value may become: each broke a reader (issue 19, finding 3)
VALUES = [b"[" * 3000 + b"]" * 3000, b"9" * 5000, b"1" + b"0" * 400, b"1e999", b"-Infinity",
          b"NaN", b"{}", b"[1]", b'"\\ud800"', b'"\\u001b[2J"', b"true", b"null", b"-1",
          b'"' + b"x" * 3000 + b'"', b"0.0", b"2"]
TOKEN = re.compile(rb'-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|"(?:[^"\\\n]|\\.)*"|true|false|null')


@st.composite
def damaged(draw, honest: bytes) -> bytes:
    """`honest` with a few values replaced by hostile ones, or bytes cut, inserted, replaced,
    flipped or truncated."""
    data = bytearray(honest)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["value", "value", "insert", "replace", "delete",
                                     "truncate", "flip"]))
        piece = draw(st.sampled_from(PIECES))
        tokens = list(TOKEN.finditer(data)) if kind == "value" else []
        if tokens:
            token = tokens[draw(st.integers(0, len(tokens) - 1))]
            data[token.start():token.end()] = draw(st.sampled_from(VALUES))
        elif kind == "insert":
            data[at:at] = piece
        elif kind == "replace":
            data[at:at + len(piece)] = piece
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "truncate":
            del data[at:]
        elif data:
            i = min(at, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    """Honest files of a short game, as bytes: save, log, series (CSV, Parquet), events."""
    folder = tmp_path_factory.mktemp("honest")
    assert main(["run", "--scenario", "tutorial", "--seed", "4", "--months", "4",
                 "--policy", "balanced", "--out", str(folder / "s.csv"),
                 "--events", str(folder / "e.jsonl"), "--save", str(folder / "g.json")]) == 0
    assert main(["run", "--scenario", "tutorial", "--seed", "4", "--months", "4",
                 "--out", str(folder / "s.parquet"), "--events", str(folder / "e.csv")]) == 0
    log = "".join(json.dumps({k: v for k, v in c.items() if k != "source"}) + "\n"
                  for c in json.loads((folder / "g.json").read_text())["commands"])
    files = {name: (folder / name).read_bytes()
             for name in ("g.json", "s.csv", "s.parquet", "e.jsonl", "e.csv")}
    files["l.jsonl"] = log.encode()
    return files


def only_one_line_errors(read, path, valid=None) -> None:
    """`read(path)` gives what `valid` accepts, or a TerafabError naming the file in one line."""
    try:
        value = read(path)
    except TerafabError as exc:
        line = display_text(exc)
        assert "\n" not in line and str(path) in str(exc)
        line.encode("utf-8")
    else:
        assert valid is None or valid(value)


def numeric_series(rows: list[dict]) -> bool:
    """What the report can draw: every column but the text ones (date, factors) a finite number."""
    from game.sim.metrics import SERIES_COLUMNS, TEXT_COLUMNS

    return bool(rows) and all(
        isinstance(row[c], (int, float)) and math.isfinite(row[c])
        for row in rows for c in SERIES_COLUMNS if c not in TEXT_COLUMNS)


FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def test_every_reader_gives_one_line_for_damaged_files(honest, tmp_path):
    """One behaviour over all the readers a teacher's or analyst's files go through."""
    from game.io.commandlog import read_command_log
    from game.io.saves import load_session
    from game.io.series import read_events, read_series

    readers = {"g.json": load_session, "l.jsonl": read_command_log, "s.csv": read_series,
               "s.parquet": read_series, "e.jsonl": read_events, "e.csv": read_events}
    for name, reader in readers.items():
        fuzz(reader, tmp_path / name, honest[name],
             numeric_series if name.startswith("s.") else None)


def fuzz(reader, path, honest: bytes, valid) -> None:
    @FUZZ
    @given(data=damaged(honest))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        only_one_line_errors(reader, path, valid)

    check()


def test_damaged_batch_folders_give_one_line_or_load(honest, tmp_path):
    import pandas as pd

    from game.batch.api import load_results
    from game.batch.manifest import read_manifest

    folder = tmp_path / "sweep"
    folder.mkdir()
    buf = io.BytesIO()
    pd.DataFrame({"run_id": ["a", "b"], "seed": [1, 2], "policy": ["buyer", "passive"],
                  "score": [1.0, 2.0]}).to_parquet(buf)
    manifest = json.dumps({"format": "terafab-batch", "version": 1, "command": "terafab batch",
                           "experiment": {"sweep": {"world.x": [1, 2]}}, "seeds": [1, 2]})

    @FUZZ
    @given(runs=damaged(buf.getvalue()), text=damaged(manifest.encode()))
    def check(runs: bytes, text: bytes) -> None:
        (folder / "runs.parquet").write_bytes(runs)
        (folder / "manifest.json").write_bytes(text)
        manifest = read_manifest(folder)
        assert manifest is None or isinstance(manifest, dict)
        only_one_line_errors(load_results, folder)

    check()
