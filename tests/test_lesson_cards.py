"""Lesson cards never go stale: every "thing to try" is a ready command that runs as written
(cut to two months and one seed here), and `terafab scenarios NAME` prints the card."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.io.scenarios import list_scenario_names, load_scenario
from game.teach.cards import command_argv

CARDS = [(name, item.command) for name in list_scenario_names()
         if (lesson := load_scenario(name).lesson) is not None for item in lesson.things_to_try]


def test_every_lesson_has_runs_and_a_batch():
    kinds = {}
    for name, command in CARDS:
        kinds.setdefault(name, set()).add(command_argv(command)[0])
    assert len(kinds) >= 8
    for name, found in kinds.items():
        assert "run" in found, name


@pytest.mark.parametrize(("name", "command"), CARDS,
                         ids=[f"{n}:{i}" for i, (n, _) in enumerate(CARDS)])
def test_thing_to_try_runs(name, command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    argv = command_argv(command)
    assert "--scenario " in command  # a card names the scenario it plays
    if argv[0] == "run":
        code = main([*argv, "--months", "2"])
    else:
        code = main([*argv, "--seeds", "1", "--months", "2", "--engine", "serial", "--quiet"])
    out = capsys.readouterr()
    assert code == 0, out.err
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written, "the command wrote nothing"


def test_scenarios_name_prints_the_card(capsys):
    assert main(["scenarios", "bullwhip"]) == 0
    text = capsys.readouterr().out
    assert "What it teaches:" in text and "Questions for discussion:" in text
    assert "terafab batch --scenario bullwhip" in text


def test_scenarios_lists_every_goal(capsys):
    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(list_scenario_names())
    assert any(line.startswith("japan-1986") and "half the market" in line for line in lines)


def test_a_save_from_before_lesson_cards_still_loads(tmp_path):
    save = tmp_path / "old.json"
    assert main(["run", "--seed", "1", "--months", "2", "--out", str(tmp_path / "a.csv"),
                 "--save", str(save)]) == 0
    record = json.loads(save.read_text())
    record["scenario"]["card"] = record["scenario"].pop("lesson")  # as main wrote it: card: null
    save.write_text(json.dumps(record))
    assert main(["run", "--load", str(save), "--months", "1",
                 "--out", str(tmp_path / "b.csv")]) == 0
