"""`terafab play --join URL --name NAME`: the pygame window takes a seat in a running class. The
real server runs on a loopback port; the window runs headless (SDL dummy) and plays months with
commands through its normal clock and submit path; the server's log of the seat must be what the
window did, and the teacher's dashboard must list the seat."""

from __future__ import annotations

import json
import time

import pygame
import pytest

from game.cli import main as cli
from game.domain.commands import command_from_dict
from game.io.userdata import Settings
from game.ui.app import App
from game.ui.remote import join_class


@pytest.fixture
def window(tmp_path, monkeypatch):
    monkeypatch.setenv("TERAFAB_DATA_DIR", str(tmp_path / "saves"))
    monkeypatch.setenv("TERAFAB_CONFIG_DIR", str(tmp_path / "config"))
    app = App(settings=Settings(), size=(1280, 720), persist_settings=False)
    yield app
    app.close_game()
    pygame.display.quit()


def play_until(app: App, month: int, seconds: float = 60) -> None:
    """Run the window's frames (its clock at 4x) until the seat's mirror reaches `month` or the
    clock stops (the server refused the month: the last notice says why)."""
    app.game.set_speed(3)
    deadline = time.monotonic() + seconds
    while (app.game.session.month < month and not app.game.clock.paused
           and time.monotonic() < deadline):
        app.frame(0.3, [])
        time.sleep(0.05)
    app.game.set_speed(0)


def server_log(game) -> list[dict]:
    return [json.loads(line) for line in game.seat.log_text().splitlines()
            if line.strip() and not line.startswith("#")]


def command(name: str, **fields):
    return command_from_dict({"command": name, **fields})


def test_the_window_plays_a_seat_at_free_pace_and_the_server_logs_what_it_did(
        class_server, window):
    server = class_server(pace="free", months=12)
    with server.teacher() as teacher:
        assert teacher.post("/api/teacher/pace", json={"cap": 5}).status_code == 200
    game = join_class(server.url + "/", "Ada Window", "red")
    window.start_game(game)

    assert game.submit(command("raise_capital", kind="debt", busd=5.0)).accepted
    play_until(window, 2)
    refused = game.submit(command("repay_debt", busd=10_000.0))  # more than the firm owes
    assert not refused.accepted and refused.message
    assert game.submit(command("buy_accelerators", units=20_000)).accepted
    play_until(window, 8)  # the teacher's month caps the seat at 5: the clock stops there
    assert game.session.month == 5
    assert "wait for the teacher" in game.notices[-1].text

    with server.teacher() as teacher:
        teacher.post("/api/teacher/pace", json={"cap": 7})
    play_until(window, 7)
    assert game.session.month == 7
    assert game.submit(command("request_grid", gw=0.5)).accepted

    mine = [c.to_dict() for c in game.session.command_log]
    assert [(c["month"], c["command"]) for c in mine] == [
        (0, "raise_capital"), (2, "buy_accelerators"), (7, "request_grid")]
    assert server_log(game) == mine  # the server's log of the seat is what the window did
    with server.teacher() as teacher:
        seats = teacher.get("/api/teacher/state").json()["seats"]
    row = next(s for s in seats if s["name"] == "Ada Window")
    assert (row["team"], row["month"], row["refusals"]) == ("red", 7, 1)
    firm = game.session.model.firm
    assert row["cash_busd"] == pytest.approx(firm.ledger.cash_busd)
    assert row["compute_eflops"] == pytest.approx(firm.compute_eflops)
    last = game.session.command_log[-1].command.title
    assert row["last_action"] == f"{game.session.date}: {last}"

    with server.teacher() as teacher:  # the teacher starts the seat again: the window follows
        assert teacher.post(f"/api/teacher/seat/{game.seat_id}/reset").status_code == 200
    time.sleep(0.2)
    game.step()  # its clock's next tick: the server's month 1, from a log with no commands
    assert (game.session.month, game.session.command_log) == (1, [])
    assert server_log(game) == []
    assert "rebuilt from the class's log" in game.notices[-1].text


def test_in_rounds_the_window_gets_ready_and_follows_the_class(class_server, window):
    server = class_server(pace="rounds", months=12)
    student = server.student()
    assert student.post("/api/join", json={"name": "browser"}).status_code == 200
    game = join_class(server.url, "Grace Window")
    window.start_game(game)
    assert game.submit(command("raise_capital", kind="debt", busd=2.0)).accepted
    play_until(window, 1, seconds=3)  # ready, but the browser student is not: the class waits
    assert game.session.month == 0
    with server.teacher() as teacher:
        assert teacher.get("/api/teacher/state").json()["class"]["ready"] == 1
    assert student.post("/api/ready", json={"ready": True}).status_code == 200  # all ready
    play_until(window, 1)
    assert game.session.month == 1
    with server.teacher() as teacher:  # the teacher moves the class on a quarter
        teacher.post("/api/teacher/pace", json={"step": 3})
        teacher.post("/api/teacher/advance")
    assert game.submit(command("request_grid", gw=0.3)).accepted  # at the class's month
    assert game.session.month == 4
    assert server_log(game) == [c.to_dict() for c in game.session.command_log]
    assert [c.month for c in game.session.command_log] == [0, 4]
    student.close()


def test_a_treatment_the_teacher_gives_the_seat_is_replayed_in_the_window(class_server, window):
    """The window rebuilds its seat from the server's log, the treatment in it, so its figures
    stay the server's (a dearer chip under the teacher's tariff), with no notice that they part."""
    server = class_server(pace="free", months=12)
    with server.teacher() as teacher:
        assert teacher.post("/api/teacher/pace", json={"cap": 6}).status_code == 200
    game = join_class(server.url + "/", "Ada Window")
    window.start_game(game)
    assert game.submit(command("raise_capital", kind="debt", busd=5.0)).accepted
    play_until(window, 2)
    with server.teacher() as teacher:
        teacher.post(f"/api/teacher/seat/{game.seat_id}/group", json={"group": "B"})
        assert teacher.post("/api/teacher/treatment", json={
            "group": "B", "from_month": 1, "lever": "tariff_on_imports",
            "value": 2.0}).status_code == 200
    time.sleep(0.2)
    game.step()  # its clock's next tick: the server's seat now has the treatment
    assert any(e.kind == "treatment" for e in game.session.events)
    assert game.submit(command("buy_accelerators", units=20_000)).accepted
    play_until(window, 5)
    with server.teacher() as teacher:
        row = next(s for s in teacher.get("/api/teacher/state").json()["seats"]
                   if s["id"] == game.seat_id)
    assert row["month"] == game.session.month == 5
    assert row["cash_busd"] == pytest.approx(game.session.model.firm.ledger.cash_busd)
    assert not any("parts from" in n.text for n in game.notices)
    assert "# treatment " in game.seat.log_text()


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = cli(["play", *args])
    err = capsys.readouterr().err.strip()
    return code, err


def test_a_bad_address_an_unreachable_server_or_a_refused_join_is_one_line_and_exit_2(
        class_server, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TERAFAB_CONFIG_DIR", str(tmp_path / "config"))
    code, err = run_cli(capsys, "--join", "classroom.local", "--name", "Ada")
    assert code == 2 and "not a class address" in err and len(err.splitlines()) == 1
    code, err = run_cli(capsys, "--join", "http://127.0.0.1:1/", "--name", "Ada")
    assert code == 2 and "cannot reach the class's server" in err
    assert len(err.splitlines()) == 1
    code, err = run_cli(capsys, "--join", "http://127.0.0.1:1/")
    assert code == 2 and "--name" in err
    code, err = run_cli(capsys, "--join", "http://127.0.0.1:1/", "--name", "A",
                        "--scenario", "tutorial")
    assert code == 2 and "--scenario" in err

    server = class_server(pace="free", months=12)
    code, err = run_cli(capsys, "--join", server.url, "--name", "x" * 41)
    assert code == 2 and "the class refused the join" in err and "name" in err
    assert len(err.splitlines()) == 1
    with server.teacher() as teacher:  # a refused join leaves no seat behind
        assert teacher.get("/api/teacher/state").json()["seats"] == []
