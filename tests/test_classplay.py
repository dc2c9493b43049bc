"""`terafab class`: three students' command logs (and a save) of one scenario and seed, replayed
and ranked beside the built-in policies; a damaged or foreign file is listed, not fatal."""

from __future__ import annotations

import csv
import json

import pytest

from game.cli import main

SCENARIO, SEED, MONTHS = "tutorial", 3, 24
STUDENTS = {
    # does nothing at all
    "ana": [],
    # lights the idle GPUs: grid power at once, then solar
    "ben": [{"month": 0, "command": "request_grid", "gw": 2.0},
            {"month": 1, "command": "build_solar", "gw": 1.0}],
    # power, then more GPUs for it, and one command the rules refuse (a fab phase with no fab)
    "cleo": [{"month": 0, "command": "request_grid", "gw": 5.0},
             {"month": 0, "command": "fund_phase"},
             {"month": 14, "command": "buy_accelerators", "vendor": "nvidia", "units": 100000}],
}


def write_logs(folder):
    paths = []
    for name, commands in STUDENTS.items():
        path = folder / f"{name}.jsonl"
        path.write_text("# student log\n" + "".join(json.dumps(c) + "\n" for c in commands))
        paths.append(str(path))
    return paths


def read_ranking(folder):
    with open(folder / "ranking.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def test_three_logs_ranked_beside_the_policies(tmp_path, capsys):
    logs = write_logs(tmp_path)
    out = tmp_path / "class"
    code = main(["class", *logs, "--scenario", SCENARIO, "--seed", str(SEED),
                 "--months", str(MONTHS), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    rows = read_ranking(out)
    students = [r for r in rows if r["kind"] == "student"]
    assert {r["name"] for r in students} == set(STUDENTS)
    assert {r["name"] for r in rows if r["kind"] == "built-in policy"} == {
        "passive", "buyer", "integrator", "balanced"}
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True) and [int(r["rank"]) for r in rows] == list(
        range(1, len(rows) + 1))
    by_name = {r["name"]: r for r in rows}
    # doing nothing is exactly the passive policy; powering the GPUs beats it
    assert float(by_name["ana"]["score"]) == float(by_name["passive"]["score"])
    assert float(by_name["ben"]["compute_eflops"]) > float(by_name["ana"]["compute_eflops"])
    # the refused command is named, with the rules' reason (issue #17: not just a count)
    assert by_name["cleo"]["note"].startswith("refused in 2026-01: fund_phase: Start the Terafab")
    page = (out / "class.html").read_text(encoding="utf-8")  # the debrief: a card a game
    assert page.count("<figure") == 3 + 4 and "What it teaches" in page
    assert "refused in 2026-01: fund_phase: Start the Terafab" in page
    grades = list(csv.DictReader((out / "grades.csv").read_text(encoding="utf-8").splitlines()))
    assert [g["name"] for g in grades] == [r["name"] for r in students]


def test_a_log_replays_like_terafab_run(tmp_path):
    """The class replays a log exactly as `terafab run --commands` does: same compute."""
    logs = write_logs(tmp_path)
    assert main(["run", "--scenario", SCENARIO, "--seed", str(SEED), "--months", str(MONTHS),
                 "--commands", logs[1], "--out", str(tmp_path / "ben.csv")]) == 0
    with open(tmp_path / "ben.csv", newline="") as handle:
        last = list(csv.DictReader(handle))[-1]
    out = tmp_path / "class"
    main(["class", logs[1], "--scenario", SCENARIO, "--seed", str(SEED), "--months", str(MONTHS),
          "--out", str(out)])
    ben = next(r for r in read_ranking(out) if r["name"] == "ben")
    assert abs(float(ben["compute_eflops"]) - float(last["player_compute_eflops"])) < 1e-3


def test_bad_files_are_listed_and_the_rest_ranked(tmp_path, capsys):
    logs = write_logs(tmp_path)
    save = tmp_path / "dora.json"
    assert main(["run", "--scenario", SCENARIO, "--seed", str(SEED), "--months", "6",
                 "--out", str(tmp_path / "d.csv"), "--save", str(save)]) == 0
    other_seed = tmp_path / "eve.json"
    main(["run", "--scenario", SCENARIO, "--seed", "9", "--months", "6",
          "--out", str(tmp_path / "e.csv"), "--save", str(other_seed)])
    broken = tmp_path / "finn.jsonl"
    broken.write_text('{"month": 0, "command": "request_grid", "gw": 2.0}\nnot json\n')
    out = tmp_path / "class"
    code = main(["class", *logs, str(save), str(other_seed), str(broken),
                 "--scenario", SCENARIO, "--seed", str(SEED), "--months", str(MONTHS),
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "eve.json: played on seed 9" in err and "finn.jsonl: line 2 is not JSON" in err
    names = {r["name"] for r in read_ranking(out) if r["kind"] == "student"}
    assert names == {"ana", "ben", "cleo", "dora"}
    page = (out / "class.html").read_text(encoding="utf-8")
    assert "Not ranked" in page and "finn.jsonl" in page


def test_no_scenario_or_nothing_rankable(tmp_path, capsys):
    logs = write_logs(tmp_path)
    with pytest.raises(SystemExit) as exc:  # the class's world is the teacher's, always named
        main(["class", *logs, "--out", str(tmp_path / "c")])
    assert exc.value.code == 2
    assert "required: --scenario" in capsys.readouterr().err
    bad = tmp_path / "x.jsonl"
    bad.write_text("nonsense\n")
    assert main(["class", str(bad), "--scenario", SCENARIO, "--out", str(tmp_path / "c")]) == 2
    assert "no game could be ranked" in capsys.readouterr().err
