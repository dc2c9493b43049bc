"""Saves: a loaded game continues exactly;
damaged or foreign files are refused with one clear line."""

import json

import pytest

from game.domain import commands as c
from game.domain.errors import SaveError, UsageError
from game.io.saves import load_session, save_session
from game.sim.session import Session


def played(campaign, months: int) -> Session:
    s = Session(campaign, seed=7)
    s.submit(c.FundChipGeneration("AI5"))
    s.submit(c.StartTerafab("grimes-county"))
    s.submit(c.FundTerafabPhase())
    s.submit(c.OrderTools("asml", 18))
    s.run(months)
    s.submit(c.HireStaff(3000))
    s.submit(c.RaiseCapital("debt", 20.0))
    return s


def test_loaded_game_continues_exactly_as_the_uninterrupted_one(campaign, tmp_path):
    path = tmp_path / "slot.json"
    a = played(campaign, 30)
    save_session(a, path)
    b = load_session(path)
    assert b.month == a.month and b.series == a.series and b.command_log == a.command_log
    a.run(24)
    b.run(24)
    assert a.series == b.series
    assert a.summary() == b.summary()
    assert [e.as_row() for e in a.events] == [e.as_row() for e in b.events]


def test_save_is_versioned_json_with_scenario_seed_and_commands(campaign, tmp_path):
    path = tmp_path / "slot.json"
    save_session(played(campaign, 3), path)
    record = json.loads(path.read_text())
    assert record["format"] == "terafab-save" and record["version"] == 1
    assert record["seed"] == 7 and record["month"] == 3
    commands = [x["command"] for x in record["commands"]]
    assert commands[:3] == ["fund_chip", "start_terafab", "fund_phase"]
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file of the atomic write is gone


@pytest.mark.parametrize("content, needle", [
    (b"", "empty"),
    (b'{"format": "terafab-save", "version": 1, "sce', "damaged or truncated"),
    (b"\x00\xff\x10binary", "damaged or truncated"),
    (b'{"hello": "world"}', "not a Terafab save"),
    (b'[1, 2, 3]', "not a Terafab save"),
])
def test_damaged_or_foreign_files_are_refused(tmp_path, content, needle):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(SaveError, match=needle):
        load_session(path)


def edited(campaign, tmp_path, change) -> SaveError:
    path = tmp_path / "slot.json"
    save_session(played(campaign, 12), path)
    record = json.loads(path.read_text())
    change(record)
    path.write_text(json.dumps(record))
    with pytest.raises(SaveError) as exc:
        load_session(path)
    return exc.value


def test_future_version_is_refused_with_the_version_named(campaign, tmp_path):
    err = edited(campaign, tmp_path, lambda r: r.update(version=99))
    assert "version 99" in str(err)


def test_tampered_saves_are_refused(campaign, tmp_path):
    assert "damaged save (missing seed)" in str(edited(campaign, tmp_path, lambda r: r.pop("seed")))
    assert "replay does not match" in str(
        edited(campaign, tmp_path, lambda r: r.update(fingerprint="0" * 16))
    )
    assert "not a known command" in str(
        edited(campaign, tmp_path, lambda r: r["commands"][0].update(command="teleport"))
    )
    assert "unknown policy" in str(edited(campaign, tmp_path, lambda r: r.update(policy="cheat")))


def test_failed_save_leaves_the_previous_save_usable(campaign, tmp_path):
    path = tmp_path / "slot.json"
    s = played(campaign, 6)
    save_session(s, path)
    before = path.read_bytes()
    with pytest.raises(UsageError, match="does not exist"):
        save_session(s, tmp_path / "no-such-folder" / "slot.json")
    assert path.read_bytes() == before
    assert load_session(path).month == 6
