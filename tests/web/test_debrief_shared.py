"""The debrief from hand-in files through `terafab class` is the live class's debrief: the same
games (each seat's log as downloaded from the class) give the same page and the same grades CSV,
byte for byte. With 30 seats the page reads at 1280x720 in a real browser (small multiples, no
overflow), served live and opened from the hand-in folder alike."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from game.cli import main
from tests.web.test_browser_class import assert_projectable, driver

SAFE = (  # commands the rules accept in the tutorial's first months
    lambda r: ("raise_capital", {"kind": "debt", "busd": round(r.uniform(0.5, 5), 1)}),
    lambda r: ("request_grid", {"gw": round(r.uniform(0.1, 1.0), 2)}),
    lambda r: ("buy_accelerators", {"units": r.randrange(1000, 20_000, 1000)}),
)


def join(server, students: int, teams: tuple[str, ...]) -> list:
    """Students join, teams in turn; returns their HTTP clients (their seat cookies)."""
    clients = []
    for i in range(students):
        client = server.student()
        r = client.post("/api/join", json={"name": f"Student {i + 1:02d}",
                                           "team": teams[i % len(teams)]})
        assert r.status_code == 200, r.text
        clients.append(client)
    return clients


def play_rounds(server, clients: list, rounds: list[int], seed: int = 7) -> None:
    """Each student decides at each round's month, then the teacher moves the class."""
    rng = random.Random(seed)
    with server.teacher() as teacher:
        for month in rounds:
            for client in clients:
                for _ in range(rng.choice((0, 1, 2))):
                    name, fields = rng.choice(SAFE)(rng)
                    answer = client.post("/api/command", json={"command": name,
                                                               "fields": fields}).json()
                    assert answer["accepted"], answer
            assert teacher.post("/api/teacher/pace", json={"cap": month}).status_code == 200


def play_class(server, students: int, rounds: list[int], teams: tuple[str, ...],
               seed: int = 7) -> list:
    """Students join and play the rounds; returns their HTTP clients."""
    clients = join(server, students, teams)
    play_rounds(server, clients, rounds, seed)
    return clients


def hand_in(clients: list, folder: Path) -> list[str]:
    """Each seat's log as its student downloads it, saved under a file name of its own."""
    folder.mkdir()
    files = []
    for i, client in enumerate(clients):
        r = client.get("/api/log.jsonl")
        assert r.status_code == 200
        path = folder / f"handin-{i}.jsonl"
        path.write_bytes(r.content)
        files.append(str(path))
    return files


def refuse(client) -> str:
    """A command the rules refuse (repaying more than the firm owes): its reason."""
    answer = client.post("/api/command", json={"command": "repay_debt",
                                               "fields": {"busd": 10_000.0}}).json()
    assert not answer["accepted"] and answer["message"], answer
    return answer["message"]


def same_page(server, clients: list, tmp_path: Path, capsys) -> tuple[str, str, list[str]]:
    """Hand in every seat's log, run `terafab class` on them at month 5, and check its page and
    grades CSV are the live debrief's, byte for byte; returns them and the files."""
    files = hand_in(clients, tmp_path / "handins")
    for client in clients:
        client.close()
    out = tmp_path / "class"
    code = main(["class", *files, "--scenario", "tutorial", "--seed", "1", "--months", "5",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    with server.teacher() as teacher:
        live = teacher.get("/debrief").text
        live_grades = teacher.get("/debrief/grades.csv").text
        assert teacher.get("/grades.csv").text == live_grades  # the page's own link
    page = (out / "class.html").read_text(encoding="utf-8")
    assert page == live
    assert (out / "grades.csv").read_text(encoding="utf-8") == live_grades
    return page, live_grades, files


def test_terafab_class_on_the_seats_logs_gives_the_live_debrief_page(class_server, tmp_path,
                                                                     capsys):
    server = class_server(pace="rounds", months=60)  # the tutorial's own length
    clients = play_class(server, 4, [2, 5], teams=("red", "blue"))
    reason = refuse(clients[2])
    page, live_grades, _files = same_page(server, clients, tmp_path, capsys)
    # what the page holds: the seats' names (from the logs, not the file names), a card per
    # game beside the four policies, the teams compared, the score's terms, the refusal
    assert f"refused in 2026-06: repay_debt: {reason}".replace("<", "&lt;") in page
    assert "Student 01" in page and "handin-0" not in page
    assert page.count("<figure") == 4 + 4 and "Teams compared" in page
    assert "Compute delivered" in page and "What it teaches" in page
    rows = list(csv.DictReader(io.StringIO(live_grades)))
    assert sorted(r["name"] for r in rows) == [f"Student {i:02d}" for i in range(1, 5)]
    assert {r["team"] for r in rows} == {"red", "blue"}
    assert all(r["month"] == "5" for r in rows)


def test_a_treatment_and_a_refusal_travel_in_the_logs_to_the_same_page(class_server, tmp_path,
                                                                       capsys):
    """Group B gets a treatment and a student's command is refused: the hand-ins carry both,
    so the page `terafab class` writes is the live debrief, groups compared and refusal listed;
    without the logs' treatment lines it is not."""
    server = class_server(pace="rounds", months=60)
    clients = join(server, 4, teams=("red", "blue"))
    with server.teacher() as teacher:
        seats = teacher.get("/api/teacher/state").json()["seats"]
        for i, seat in enumerate(seats):
            r = teacher.post(f"/api/teacher/seat/{seat['id']}/group", json={"group": "AB"[i % 2]})
            assert r.status_code == 200
        assert teacher.post("/api/teacher/treatment", json={
            "group": "B", "from_month": 2, "lever": "tariff_on_imports",
            "value": 2.0}).status_code == 200
    play_rounds(server, clients, [2])
    reason = refuse(clients[1])
    for client in clients:  # every seat buys chips after the treatment
        answer = client.post("/api/command", json={"command": "buy_accelerators",
                                                   "fields": {"units": 20_000}}).json()
        assert answer["accepted"], answer
    play_rounds(server, clients, [5], seed=8)
    log = clients[1].get("/api/log.jsonl").text
    assert "# treatment " in log and "# refused " in log
    page, live_grades, files = same_page(server, clients, tmp_path, capsys)
    assert "Groups compared" in page and "US tariff on imported chips" in page
    assert f"repay_debt: {reason}".replace("<", "&lt;") in page
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(live_grades))}
    assert rows["Student 02"]["refusals"] == "1"
    assert reason in rows["Student 02"]["notes"]

    for path in files:  # the same logs without their treatment lines give another page
        text = Path(path).read_text(encoding="utf-8")
        Path(path).write_text("".join(x for x in text.splitlines(keepends=True)
                                      if not x.startswith("# treatment")), encoding="utf-8")
    assert main(["class", *files, "--scenario", "tutorial", "--seed", "1", "--months", "5",
                 "--out", str(tmp_path / "untreated")]) == 0
    untreated = (tmp_path / "untreated" / "class.html").read_text(encoding="utf-8")
    assert untreated != page and "US tariff on imported chips" not in untreated


def test_thirty_seats_read_at_1280x720_live_and_from_the_hand_ins(class_server, tmp_path,
                                                                  capsys):
    server = class_server(pace="rounds", months=60)
    clients = play_class(server, 30, [3, 6, 12, 18], teams=("red", "blue", "green"), seed=3)
    with server.teacher() as teacher:  # group B gets export controls at level 4 from month 18
        for seat in teacher.get("/api/teacher/state").json()["seats"][::2]:
            teacher.post(f"/api/teacher/seat/{seat['id']}/group", json={"group": "B"})
        teacher.post("/api/teacher/treatment", json={"group": "B", "from_month": 18,
                                                     "lever": "export_control_level",
                                                     "value": 4})
        teacher.post("/api/teacher/pace", json={"cap": 24})
    out = tmp_path / "class"
    files = hand_in(clients, tmp_path / "handins")
    for client in clients:
        client.close()
    assert main(["class", *files, "--scenario", "tutorial", "--seed", "1", "--months", "24",
                 "--out", str(out)]) == 0, capsys.readouterr()
    d = driver()
    try:
        d.get(f"{server.url}/teacher?token={server.token}")
        d.get(server.url + "/debrief")
        assert "Groups compared" in d.page_source and "export controls level" in d.page_source
        assert len(d.find_elements("css selector", ".grid figure")) == 30 + 4
        assert_projectable(d, 30 + 4 + 1, "debrief-30-live")
        d.get((out / "class.html").as_uri())  # the hand-ins' page, from the folder
        assert len(d.find_elements("css selector", ".grid figure")) == 30 + 4
        assert "Groups compared" in d.page_source  # the logs carry the groups, treatments
        assert "export controls level" in d.page_source
        assert_projectable(d, 30 + 4 + 1, "debrief-30-handins")
    finally:
        d.quit()
