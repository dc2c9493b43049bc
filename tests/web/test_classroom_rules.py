"""The class's rules without the web server: pacing (free pace capped at the teacher's month,
rounds, the timer), seats handed to a built-in policy, treatments for one group, reset, and a
class file reopened (the same world continues; another world is refused in one line)."""

from __future__ import annotations

import pytest

from game.cli import main
from game.domain.commands import BuyAccelerators, command_from_dict
from game.domain.errors import UsageError
from game.io.scenarios import load_scenario
from game.sim.config import apply_overrides
from game.sim.session import Session
from game.web.classroom import ClassError, Classroom
from game.web.server import open_class
from game.web.store import ClassStore

MONTHS = 8


@pytest.fixture(scope="module")
def world():
    return apply_overrides(load_scenario("tutorial"), {"calendar.months": MONTHS})


def reopen(path, world, **kwargs) -> Classroom:
    return Classroom(ClassStore(path), world, "tutorial", 1, **kwargs)


def test_a_seat_given_to_a_policy_plays_exactly_as_that_policy_on_the_same_world(world, tmp_path):
    room = reopen(tmp_path / "c.sqlite", world)
    seat, _ = room.join("absent", "")
    room.set_policy(seat, "balanced")
    for _ in range(MONTHS):
        room.advance_class()
    alone = Session(world, 1, "balanced")
    alone.run(MONTHS)
    assert seat.session.series == alone.series
    assert [c.command for c in seat.session.command_log] == [
        c.command for c in alone.command_log]
    room.store.flush()
    again = reopen(tmp_path / "c.sqlite", world)  # replayed from the file: the same game
    assert again.seats[seat.id].session.series == alone.series


def test_free_pace_stops_each_seat_at_the_teachers_month(world, tmp_path):
    room = reopen(tmp_path / "c.sqlite", world, pace="free", cap=2)
    seat, _ = room.join("ana", "")
    robot, _ = room.join("robot", "")
    room.set_policy(robot, "buyer")
    room.advance_seat(seat)
    room.advance_seat(seat)
    with pytest.raises(ClassError, match="month 2"):
        room.advance_seat(seat)
    assert seat.month == 2 and robot.month == 2  # a policy seat follows the teacher's month
    room.set_pace(cap=5)
    assert robot.month == 5 and seat.month == 2
    room.set_pace(paused=True)
    with pytest.raises(ClassError, match="paused"):
        room.advance_seat(seat)
    with pytest.raises(ClassError, match="paused"):
        room.submit(seat, BuyAccelerators(), None)


def test_rounds_move_when_all_are_ready_or_the_timer_runs_out(world, tmp_path):
    room = reopen(tmp_path / "c.sqlite", world)
    a, _ = room.join("a", "")
    b, _ = room.join("b", "")
    room.set_ready(a, True)
    assert (a.month, b.month) == (0, 0)
    room.set_ready(b, True)
    assert (a.month, b.month) == (1, 1) and not a.ready
    room.set_pace(step=3, timer_s=60)
    assert not room.tick(room.pace.deadline - 1)
    assert room.tick(room.pace.deadline + 1)
    assert (a.month, b.month) == (4, 4)
    room.set_pace(paused=True)
    assert not room.tick(room.pace.deadline + 1)
    with pytest.raises(ClassError, match="rounds"):
        room.advance_seat(a)


def test_a_treatment_changes_only_its_group_and_is_replayed(world, tmp_path):
    room = reopen(tmp_path / "c.sqlite", world)
    a, _ = room.join("a", "")
    b, _ = room.join("b", "")
    room.set_group(b, "B")
    room.add_treatment("B", 2, "export_control_level", 4)
    with pytest.raises(ClassError, match="outside"):
        room.add_treatment("B", 2, "export_control_level", 9)
    for _ in range(4):
        room.advance_class()
    levels = [[r["export_control_level"] for r in s.session.series] for s in (a, b)]
    assert levels[1][2:] == [4, 4] and levels[0] != levels[1]
    assert levels[0][:2] == levels[1][:2]  # the same world until the treatment's month
    assert any(e.kind == "treatment" for e in b.session.events)
    assert not any(e.kind == "treatment" for e in a.session.events)
    room.store.flush()
    again = reopen(tmp_path / "c.sqlite", world)
    assert again.seats[b.id].session.series == b.session.series
    assert again.seats[a.id].session.series == a.session.series


def test_a_reset_seat_starts_again_and_stays_reset_after_a_restart(world, tmp_path):
    room = reopen(tmp_path / "c.sqlite", world, pace="free", cap=4)
    seat, _ = room.join("a", "")
    room.submit(seat, BuyAccelerators(units=20_000), "n1")
    room.advance_seat(seat)
    room.reset_seat(seat)
    fresh = room.seats[seat.id]
    assert fresh.month == 0 and not fresh.session.command_log
    room.store.flush()
    again = reopen(tmp_path / "c.sqlite", world, pace="free", cap=4)
    assert again.seats[seat.id].month == 0 and not again.seats[seat.id].session.command_log


def test_a_class_file_of_another_world_is_refused_in_one_line(world, tmp_path, capsys):
    reopen(tmp_path / "c.sqlite", world).store.flush()
    with pytest.raises(UsageError, match="seed 1, not"):
        open_class(tmp_path / "c.sqlite", world, "tutorial", 2)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    assert main(["classroom", "serve", "--scenario", "tutorial", "--db",
                 str(tmp_path / "junk.sqlite"), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "junk.sqlite" in err


def test_a_treatment_for_a_group_with_no_seats_is_listed_in_the_debrief(world, tmp_path):
    """The teacher gave group B export controls, but nobody sits in group B: the debrief still
    lists what B was given, and says it has no seats (not silently dropped)."""
    from game.web import debrief

    room = reopen(tmp_path / "c.sqlite", world)
    room.join("ana", "")
    room.join("bo", "")
    room.add_treatment("B", 2, "export_control_level", 4)
    for _ in range(3):
        room.advance_class()
    page = debrief.page(room)
    assert ("<td class='name'>B</td><td class='num'>0</td><td></td><td></td>"
            "<td>US export controls level (0-4) = 4 from month 2 — no seats in this group</td>"
            in page)
    assert "<td class='name'>A</td><td class='num'>2</td>" in page  # the seated group as before


def test_terafab_class_at_the_class_month_keeps_the_commands_given_at_that_month(tmp_path,
                                                                               capsys):
    """The teacher's month is 3 and a student raised debt at month 3: the live debrief counts it
    (the seat holds it), so `terafab class --months 3` on the seat's log must too, and write the
    same page (it used to drop commands logged at month 3 as "after the ranking month")."""
    from game.io.commandlog import seat_line, world_line
    from game.web import debrief
    from game.web.seats import log_lines

    tutorial = load_scenario("tutorial")
    room = Classroom(ClassStore(tmp_path / "c.sqlite"), tutorial, "tutorial", 1)
    seat, _ = room.join("ana", "")
    for _ in range(3):
        room.advance_class()
    answer = room.submit(seat, command_from_dict({"command": "raise_capital", "kind": "debt",
                                                  "busd": 5.0}), None)
    assert answer["accepted"] and answer["month"] == 3
    log = tmp_path / "ana.jsonl"
    log.write_text("\n".join([world_line("tutorial", 1), seat_line("ana", "", "A"),
                              *log_lines(seat)]) + "\n")
    out = tmp_path / "out"
    assert main(["class", str(log), "--scenario", "tutorial", "--months", "3",
                 "--out", str(out)]) == 0
    assert "not played" not in capsys.readouterr().out
    assert (out / "class.html").read_text(encoding="utf-8") == debrief.page(room)
