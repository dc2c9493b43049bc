"""The `terafab` command as a user types it: outputs, summaries, and one-line errors with exit 2."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.sim.metrics import SERIES_COLUMNS

REQUIRED = [
    "month", "date", "player_cash_busd", "player_compute_eflops", "player_chips_idle",
    "player_power_gw", "limiting_factor", "terafab_output_wpm", "dram_price_index",
    "hbm_price_index", "accelerator_price_index", "euv_shipped", "euv_backlog",
    "euv_shipped_china", "foundry_share_leader", "china_leading_edge_share",
    "export_control_level", "end_demand_accelerators", "orders_wafers", "orders_euv",
]


def read_csv(path: Path) -> list[dict]:
    with path.open() as f:
        return list(csv.DictReader(f))


def test_run_writes_all_180_months_with_the_documented_columns(tmp_path, capsys):
    out = tmp_path / "run.csv"
    assert main(["run", "--scenario", "terafab", "--seed", "1", "--policy", "integrator",
                 "--out", str(out)]) == 0
    rows = read_csv(out)
    assert len(rows) == 180
    assert set(REQUIRED) <= set(rows[0])
    assert list(rows[0]) == list(SERIES_COLUMNS)
    assert rows[0]["date"] == "2026-01" and rows[-1]["date"] == "2040-12"
    assert rows[0]["dram_price_index"] == "100"  # first month = 100
    printed = capsys.readouterr().out
    assert "final cash" in printed and "Terafab output" in printed and "bound by" in printed


def test_months_option_stops_early_and_parquet_is_written(tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "run.parquet"
    assert main(["run", "--seed", "2", "--months", "24", "--out", str(out)]) == 0
    table = pq.read_table(out)
    assert table.num_rows == 24
    assert table.column_names == list(SERIES_COLUMNS)


def test_save_then_load_continues_to_the_end_like_one_run(tmp_path):
    whole, part, rest = tmp_path / "whole.csv", tmp_path / "part.csv", tmp_path / "rest.csv"
    save = tmp_path / "s.json"
    assert main(["run", "--seed", "4", "--policy", "balanced", "--out", str(whole)]) == 0
    assert main(["run", "--seed", "4", "--policy", "balanced", "--months", "40", "--out", str(part),
                 "--save", str(save)]) == 0
    assert main(["run", "--load", str(save), "--out", str(rest)]) == 0
    assert rest.read_bytes() == whole.read_bytes()


def test_events_file_lists_decisions_with_rule_ids(tmp_path):
    events = tmp_path / "events.csv"
    assert main(["run", "--seed", "1", "--policy", "integrator", "--out", str(tmp_path / "r.csv"),
                 "--events", str(events)]) == 0
    rows = read_csv(events)
    assert rows and all(r["rule"] for r in rows) and all(r["reason"] for r in rows)
    assert {"B2", "A1", "B6"} <= {r["rule"] for r in rows}


@pytest.mark.parametrize("argv, needle", [
    (["run", "--seed", "abc", "--out", "x.csv"], "--seed"),
    (["run", "--seed", "-3", "--out", "x.csv"], "--seed"),
    (["run", "--months", "0", "--out", "x.csv"], "--months"),
    (["run", "--scenario", "atlantis", "--out", "x.csv"], "unknown scenario 'atlantis'"),
    (["run", "--policy", "yolo", "--out", "x.csv"], "unknown policy 'yolo'"),
    (["run", "--scenario", "missing/file.yaml", "--out", "x.csv"], "file not found"),
    (["run", "--out", "x.txt"], ".csv or .parquet"),
    (["run", "--load", "nothing-here.json", "--out", "x.csv"], "file not found"),
    (["validate", "nothing-here.yaml"], "file not found"),
])
def test_bad_input_gives_one_line_and_exit_code_2(argv, needle, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        code = main(argv)
        raise SystemExit(code)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert needle in err
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err


def test_bad_yaml_and_unknown_keys_name_the_file_and_key(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\n  title: [unclosed\n")
    assert main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "not valid YAML" in err
    extra = tmp_path / "extra.yaml"
    extra.write_text("name: x\ntitle: t\ngoal: g\ndifficulty: normal\nbase_world: world.yaml\n"
                     "overrides: {demand.growth_per_yr: 0.3}\n")
    assert main(["run", "--scenario", str(extra), "--out", str(tmp_path / "o.csv")]) == 2
    assert "unknown key 'growth_per_yr'" in capsys.readouterr().err
    negative = tmp_path / "neg.yaml"
    negative.write_text("name: x\ntitle: t\ngoal: g\ndifficulty: normal\nbase_world: world.yaml\n"
                        "overrides: {foundries.tsmc-arizona.project_wpm: -5}\n")
    assert main(["validate", str(negative)]) == 2
    err = capsys.readouterr().err
    assert "neg.yaml" in err and "world.foundries.1.project_wpm" in err


def test_a_failed_run_does_not_touch_existing_outputs(tmp_path):
    out = tmp_path / "keep.csv"
    out.write_text("precious\n")
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "terafab-save", "version": 1, "seed": ')
    assert main(["run", "--load", str(damaged), "--out", str(out)]) == 2
    assert out.read_text() == "precious\n"


def test_python_dash_m_game_is_the_same_command(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    args = ["run", "--seed", "3", "--months", "12", "--policy", "buyer"]
    exe = Path(sys.executable).parent / "terafab"
    subprocess.run([str(exe), *args, "--out", str(a)], check=True, capture_output=True)
    subprocess.run(
        [sys.executable, "-m", "game", *args, "--out", str(b)], check=True, capture_output=True
    )
    assert a.read_bytes() == b.read_bytes()
    bad = subprocess.run([sys.executable, "-m", "game", "run", "--seed", "x", "--out", "c.csv"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_listing_commands(capsys):
    assert main(["scenarios"]) == 0
    assert "terafab" in capsys.readouterr().out
    assert main(["policies"]) == 0
    listed = capsys.readouterr().out
    for name in ("passive", "buyer", "integrator", "balanced"):
        assert name in listed
    assert main(["validate", "configs/world.yaml"]) == 0
    assert "valid world" in capsys.readouterr().out


def test_outputs_can_be_handed_round_not_private_to_their_writer(tmp_path):
    """A student's series, decision log and save go to a teacher: umask permissions, not 0600."""
    import os

    old = os.umask(0o022)
    try:
        files = [tmp_path / n for n in ("run.csv", "events.csv", "game.json")]
        assert main(["run", "--seed", "1", "--months", "3", "--out", str(files[0]),
                     "--events", str(files[1]), "--save", str(files[2])]) == 0
    finally:
        os.umask(old)
    assert {f.stat().st_mode & 0o777 for f in files} == {0o644}
