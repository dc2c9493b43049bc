"""`terafab class` with hostile hand-ins (issue 19, findings 3 and 5): one odd file never stops
the class — it is listed with its one-line problem on the terminal and in class.html, and
ranking.csv and class.html are still written for the others — and the class's world is the
teacher's --scenario/--seed, never a student's file."""

from __future__ import annotations

import csv
import json
import os

import pytest

from game.cli import main

SCENARIO, SEED, MONTHS = "tutorial", 3, 12


def ranked_names(out) -> set[str]:
    with open(out / "ranking.csv", newline="", encoding="utf-8") as handle:
        return {r["name"] for r in csv.DictReader(handle) if r["kind"] == "student"}


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    """Two honest saves of the class's world (months 6 and 0) and one honest command log."""
    folder = tmp_path_factory.mktemp("class")
    assert main(["run", "--scenario", SCENARIO, "--seed", str(SEED), "--months", "6",
                 "--out", str(folder / "ana.csv"), "--save", str(folder / "ana.json")]) == 0
    from game.io.saves import save_session
    from game.io.scenarios import load_scenario
    from game.sim.session import Session

    save_session(Session(load_scenario(SCENARIO), SEED), folder / "ben.json")
    (folder / "cleo.jsonl").write_text('{"month": 0, "command": "request_grid", "gw": 2.0}\n')
    return folder


def hostile(folder, honest_record: dict) -> dict[str, str]:
    """file name -> text of each odd hand-in of the issue."""
    text = json.dumps(honest_record)
    accelerators = '"initial_accelerators": '
    return {
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "digits.json": '{"format": "terafab-save", "version": 1, "seed": ' + "9" * 100_001 + "}",
        "cmdlist.json": json.dumps({**honest_record,
                                    "commands": [{"month": 0, "command": [1]}]}),
        "policy.json": json.dumps({**honest_record, "policy": {}}),
        "huge.json": text.replace(accelerators, accelerators + "1" + "0" * 4000 + ", \"x\": ", 1),
        "surrogate.jsonl": '{"month": 0, "command": "buy_accelerators", "vendor": "\\ud800"}\n',
        "deep.jsonl": "[" * 100_000 + "]" * 100_000 + "\n",
        "cmdlist.jsonl": '{"month": 0, "command": [1]}\n',
        "policy.jsonl": '{"month": 0, "command": {}}\n',
    }


def test_odd_files_are_listed_and_the_rest_ranked(honest, tmp_path, capsys):
    record = json.loads((honest / "ana.json").read_text())
    bad = []
    for name, text in hostile(tmp_path, record).items():
        (tmp_path / name).write_text(text)
        bad.append(str(tmp_path / name))
    out = tmp_path / "out"
    good = [str(honest / "ana.json"), str(honest / "ben.json"), str(honest / "cleo.jsonl")]
    code = main(["class", *good, *bad, "--scenario", SCENARIO, "--seed", str(SEED),
                 "--months", str(MONTHS), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1, captured.err
    assert "Traceback" not in captured.err
    refusals = [line for line in captured.err.splitlines() if line.startswith("not ranked: ")]
    assert len(refusals) == len(bad)  # one line each
    for path in bad:
        assert any(line.startswith(f"not ranked: {path}: ") for line in refusals), path
    assert ranked_names(out) == {"ana", "ben", "cleo"}
    page = (out / "class.html").read_text(encoding="utf-8")
    assert "Not ranked" in page and "deep.jsonl" in page and "lone surrogate" in page


def test_a_file_name_that_is_not_utf8(honest, tmp_path, capsys):
    """Its name goes to the terminal, the CSV, the page and the charts' labels, escaped."""
    name = os.fsdecode(b"d\xe9nise$\\alpha$.jsonl")  # Latin-1 é, and mathtext
    (tmp_path / name).write_text('{"month": 0, "command": "request_grid", "gw": 1.0}\n')
    out = tmp_path / "out"
    code = main(["class", str(tmp_path / name), str(honest / "cleo.jsonl"), "--scenario",
                 SCENARIO, "--seed", str(SEED), "--months", str(MONTHS), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert ranked_names(out) == {"d\\xe9nise$\\alpha$", "cleo"}
    assert "d\\xe9nise$\\alpha$" in captured.out
    assert "d\\xe9nise$\\alpha$" in (out / "class.html").read_text(encoding="utf-8")
    assert "d\\xe9nise$\\alpha$" in (out / "grades.csv").read_text(encoding="utf-8")


def cheat_from(folder, tmp_path, month: int) -> str:
    """An honest save of the class's world with the firm's starting cash edited to 1e6."""
    source = folder / ("ben.json" if month == 0 else "ana.json")
    record = json.loads(source.read_text())
    assert record["month"] == month
    record["scenario"]["world"]["firm"]["cash_busd"] = 1e6
    path = tmp_path / f"cheat{month}.json"
    path.write_text(json.dumps(record))
    return str(path)


def test_the_class_world_never_comes_from_a_students_file(honest, tmp_path, capsys):
    cheat = cheat_from(honest, tmp_path, 0)
    good = [str(honest / "ana.json"), str(honest / "ben.json")]
    with pytest.raises(SystemExit) as exc:  # without --scenario the class has no world
        main(["class", cheat, *good, "--out", str(tmp_path / "none")])
    assert exc.value.code == 2 and not (tmp_path / "none").exists()
    capsys.readouterr()
    out = tmp_path / "out"
    code = main(["class", cheat, cheat_from(honest, tmp_path, 6), *good, "--scenario", SCENARIO,
                 "--seed", str(SEED), "--months", str(MONTHS), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert ranked_names(out) == {"ana", "ben"}  # the honest ones are accepted
    for month in (0, 6):
        assert (f"not ranked: {tmp_path / f'cheat{month}.json'}: its world is not the class's "
                "'tutorial': world.firm.cash_busd is 1000000.0 in the file, 60.0 in the class's"
                ) in err


def test_a_hand_made_world_is_refused_before_it_is_replayed(honest, tmp_path, capsys):
    """A save whose own world would overflow the rules' arithmetic is only compared with the
    class's world, never replayed; `run --load` refuses its world in one line."""
    save = tmp_path / "long.json"
    assert main(["run", "--scenario", SCENARIO, "--seed", str(SEED), "--months", "24",
                 "--out", str(tmp_path / "long.csv"), "--save", str(save)]) == 0
    record = json.loads(save.read_text())
    record["scenario"]["world"]["memory"]["price_elasticity"] = 1.0e4
    path = tmp_path / "overflow.json"
    path.write_text(json.dumps(record))
    out = tmp_path / "out"
    code = main(["class", str(path), str(honest / "ben.json"), "--scenario", SCENARIO,
                 "--seed", str(SEED), "--months", str(MONTHS), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "its world is not the class's 'tutorial': world.memory.price_elasticity is 10000.0 " \
           "in the file" in err
    assert ranked_names(out) == {"ben"}
    assert main(["run", "--load", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err  # its world is out of the config's bounds: refused as such
    assert "overflow.json" in err
    assert "price_elasticity: Input should be less than or equal to 5" in err
