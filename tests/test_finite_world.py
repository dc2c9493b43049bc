"""A world that stays finite (issue 19, finding 6): configs that would overflow or turn NaN are
refused at validation in one line; numbers written `1e12` are numbers; a run whose world breaks
all the same stops in one line naming the quantity and the month (exit 2), and a sweep records it
as a failed run with that line."""

from __future__ import annotations

import math

import pyarrow.parquet as pq
import pytest

from game.batch.experiment import Experiment, parse_set
from game.batch.runner import run_batch
from game.cli import main
from game.io.scenarios import load_scenario
from game.sim.model import TerafabModel
from game.sim.session import Session


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("terafab: error: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("setting, key", [
    ("terafab.ramp_months=1.0e-300", "terafab.ramp_months"),  # was: exit 0 and "USD nan B"
    ("accelerators.price_scarcity_elasticity=800", "accelerators.price_scarcity_elasticity"),
    ("memory.price_elasticity=1.0e+4", "memory.price_elasticity"),  # was: OverflowError
    ("firm.initial_accelerators=2000000", "firm.initial_accelerators"),  # was: 6 GW on 0.62 GW
])
def test_a_setting_the_rules_cannot_take_is_refused_before_the_run(setting, key, tmp_path, capsys):
    out = tmp_path / "series.csv"
    assert main(["run", "--set", setting, "--out", str(out)]) == 2
    assert key in one_line_error(capsys)
    assert not out.exists()


def test_a_fleet_beyond_its_power_names_what_it_needs_and_has(campaign):
    from game.domain.errors import ConfigError
    from game.sim.config import apply_overrides

    with pytest.raises(ConfigError) as err:
        apply_overrides(campaign, {"firm.initial_accelerators": 2_000_000})
    assert "6 GW" in str(err.value) and "0.62 GW" in str(err.value)
    # the same fleet with the power to run it is a world like any other
    powered = {"firm.initial_accelerators": 2_000_000, "firm.initial_power_gw": 6.5}
    assert apply_overrides(campaign, powered).world.firm.initial_accelerators == 2_000_000


def test_validate_refuses_a_scenario_file_whose_elasticity_would_overflow(tmp_path, capsys):
    path = tmp_path / "steep.yaml"
    path.write_text("name: steep\ntitle: Steep\ngoal: g\ndifficulty: normal\n"
                    "base_world: world.yaml\noverrides:\n  memory.price_elasticity: 1.0e+4\n")
    assert main(["validate", str(path)]) == 2
    assert "memory.price_elasticity" in one_line_error(capsys)


def test_numbers_in_e_notation_are_numbers_in_files_and_on_the_command_line(tmp_path):
    from game.io.yamlsafe import parse_yaml

    assert parse_set(["demand.accelerators_per_month=1e12", "x=2.5e3", "y=-1E-3"]) == {
        "demand.accelerators_per_month": 1e12, "x": 2500.0, "y": -0.001}
    assert parse_yaml("[12, 0x1f, '1e6', 2026-01, 1e]") == [12, 31, "1e6", "2026-01", "1e"]
    path = tmp_path / "big.yaml"
    path.write_text("name: big\ntitle: Big\ngoal: g\ndifficulty: normal\n"
                    "base_world: world.yaml\noverrides:\n  demand.accelerators_per_month: 1e6\n")
    assert load_scenario(path).world.demand.accelerators_per_month == 1e6


def test_1e12_on_the_command_line_is_refused_for_its_range_not_as_text(tmp_path, capsys):
    assert main(["run", "--set", "demand.accelerators_per_month=1e12",
                 "--out", str(tmp_path / "a.csv")]) == 2
    err = one_line_error(capsys)
    assert "less than or equal to" in err and "valid number" not in err


@pytest.fixture
def breaks_at(monkeypatch):
    """Make the rules break in a given month (a stand-in for a rule that goes wrong): `what` is
    "nan" (the firm's cash turns NaN) or "power" (the firm uses 10 GW more than it has)."""

    def arm(month: int, what: str, seeds: tuple[int, ...] | None = None) -> None:
        step = TerafabModel.step

        def broken_step(model) -> None:
            step(model)
            if model.month - 1 == month and (seeds is None or model._seed in seeds):
                if what == "nan":
                    model.firm.ledger.cash_busd = math.nan
                else:
                    model.firm.power.used_gw = model.firm.power.gw + 10.0

        monkeypatch.setattr(TerafabModel, "step", broken_step)

    return arm


def test_a_run_whose_world_turns_nan_stops_with_one_line_and_exit_2(breaks_at, tmp_path, capsys):
    breaks_at(14, "nan")
    out = tmp_path / "series.csv"
    assert main(["run", "--policy", "integrator", "--out", str(out)]) == 2
    err = one_line_error(capsys)
    assert "player_cash_busd is nan" in err and "2027-03 (month 14)" in err
    assert "nan" not in capsys.readouterr().out  # no summary of a broken world


def test_power_used_above_power_available_stops_the_session(breaks_at, campaign):
    from game.sim.invariants import WorldBroke

    breaks_at(3, "power")
    session = Session(campaign, 1, "buyer")
    session.run(3)
    with pytest.raises(WorldBroke) as err:
        session.step()
    assert "2026-04 (month 3)" in str(err.value)
    assert "power used 10.62 GW is above power available 0.62 GW" in str(err.value)
    assert err.value.month == 3 and len(session.series) == 3  # the broken month is not kept


def test_a_sweep_records_a_run_whose_world_broke_as_failed_with_its_line(breaks_at, tmp_path):
    breaks_at(5, "nan", seeds=(2,))
    exp = Experiment(seeds=3, policies=["passive"], months=12)
    outcome = run_batch(exp, tmp_path / "sweep", engine="serial", progress=False)
    assert outcome.failed == 1
    rows = {r["seed"]: r for r in pq.read_table(tmp_path / "sweep" / "runs.parquet").to_pylist()}
    assert [rows[s]["status"] for s in (1, 2, 3)] == ["ok", "failed", "ok"]
    assert rows[2]["error"] == "the world broke in 2026-06 (month 5): player_cash_busd is nan"
