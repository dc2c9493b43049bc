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

SAFE = (  # commands the rules accept in the tutorial's first months (a refusal is not in a log)
    lambda r: ("raise_capital", {"kind": "debt", "busd": round(r.uniform(0.5, 5), 1)}),
    lambda r: ("request_grid", {"gw": round(r.uniform(0.1, 1.0), 2)}),
    lambda r: ("buy_accelerators", {"units": r.randrange(1000, 20_000, 1000)}),
)


def play_class(server, students: int, rounds: list[int], teams: tuple[str, ...],
               seed: int = 7) -> list:
    """Students join (teams in turn), decide at each round's month, the teacher moves the
    class; returns the students' HTTP clients (their seat cookies)."""
    rng = random.Random(seed)
    clients = []
    for i in range(students):
        client = server.student()
        r = client.post("/api/join", json={"name": f"Student {i + 1:02d}",
                                           "team": teams[i % len(teams)]})
        assert r.status_code == 200, r.text
        clients.append(client)
    with server.teacher() as teacher:
        for month in rounds:
            for client in clients:
                for _ in range(rng.choice((0, 1, 2))):
                    name, fields = rng.choice(SAFE)(rng)
                    answer = client.post("/api/command", json={"command": name,
                                                               "fields": fields}).json()
                    assert answer["accepted"], answer
            assert teacher.post("/api/teacher/pace", json={"cap": month}).status_code == 200
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


def test_terafab_class_on_the_seats_logs_gives_the_live_debrief_page(class_server, tmp_path,
                                                                     capsys):
    server = class_server(pace="rounds", months=60)  # the tutorial's own length
    clients = play_class(server, 4, [2, 5], teams=("red", "blue"))
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
    # what the page holds: the seats' names (from the logs, not the file names), a card per
    # game beside the four policies, the teams compared, the score's terms
    assert "Student 01" in page and "handin-0" not in page
    assert page.count("<figure") == 4 + 4 and "Teams compared" in page
    assert "Compute delivered" in page and "What it teaches" in page
    rows = list(csv.DictReader(io.StringIO(live_grades)))
    assert sorted(r["name"] for r in rows) == [f"Student {i:02d}" for i in range(1, 5)]
    assert {r["team"] for r in rows} == {"red", "blue"}
    assert all(r["month"] == "5" for r in rows)


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
        assert "Groups compared" in d.page_source  # the logs carry the groups
        assert_projectable(d, 30 + 4 + 1, "debrief-30-handins")
    finally:
        d.quit()
