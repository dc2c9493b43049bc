"""Hand-ins that forgive: what goes wrong in an ordinary class is named, not fatal, and never
silent. A Notepad log (byte-order mark, Windows line endings) is read; an empty log, a duplicate
file, a mistyped command name (with the name meant and the valid ones), an unknown maker id
(with the valid ids), each refused command with its reason, commands past the ranking month and
a log of another world are each named; `run --commands --months M` stops at month M."""

from __future__ import annotations

import csv
import json

import pytest

from game.cli import main
from game.io.scenarios import load_scenario
from game.teach.classroom import play_class, ranking

MONTHS = 6


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario("tutorial")


def line(month: int, command: str, **fields) -> str:
    return json.dumps({"month": month, "command": command, **fields})


def test_class_play_names_every_ordinary_problem_and_ranks_the_rest(tutorial, tmp_path):
    notepad = tmp_path / "ana.jsonl"
    notepad.write_bytes(("\ufeff" + line(0, "buy_accelerators", units=20000) + "\r\n"
                         + line(1, "request_grid", gw=1.0) + "\r\n").encode("utf-8"))
    (tmp_path / "copy.jsonl").write_bytes(notepad.read_bytes())
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "typo.jsonl").write_text("\n".join([
        line(0, "buy_accelerator", units=20000),              # mistyped: skipped, named
        line(0, "book_memory", maker="hynix"),                # an id not in this world
        line(1, "raise_capital", kind="debt", busd=200.0),    # the rules say no
        line(9, "request_grid", gw=1.0)]) + "\n")             # past the ranking month
    (tmp_path / "other.jsonl").write_text("# scenario terafab seed 7\n"
                                          + line(0, "request_grid", gw=1.0) + "\n")
    names = ["ana", "copy", "empty", "typo", "other"]
    result = play_class([tmp_path / f"{n}.jsonl" for n in names], tutorial, 1, MONTHS)
    ranked = {r.label for r in result.students}
    assert ranked == {"ana", "empty", "typo"}
    why = {f.split("/")[-1]: reason for f, reason in result.rejected}
    assert "the same game as" in why["copy.jsonl"] and "ana.jsonl" in why["copy.jsonl"]
    assert "scenario terafab seed 7, not the class's tutorial seed 1" in why["other.jsonl"]
    assert "ana" not in result.notes  # the Notepad file played cleanly
    assert result.notes["empty"] == ["empty command log: ranked as a game of no decisions"]
    typo = "; ".join(result.notes["typo"])
    assert "line 1 has an unknown command 'buy_accelerator' (did you mean " \
           "'buy_accelerators'?); valid: book_foundry" in typo
    assert "book_memory: memory maker 'hynix' is not in this world; valid: " in typo
    assert "skhynix" in typo
    assert "refused in 2026-02: raise_capital: " in typo
    assert "1 command(s) after the ranking month 6 not played (the first at month 9)" in typo
    rows = {r["name"]: r for r in ranking(result)}
    assert rows["typo"]["note"] == typo


def test_class_cli_prints_each_note_under_its_student(tutorial, tmp_path, capsys):
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "again.jsonl").write_text("")
    code = main(["class", str(tmp_path / "empty.jsonl"), str(tmp_path / "again.jsonl"),
                 "--scenario", "tutorial", "--months", str(MONTHS), "--out",
                 str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 1  # one file was not ranked
    assert "the same game as" in captured.err
    assert "empty command log" in captured.out
    with open(tmp_path / "out" / "ranking.csv") as f:
        assert sum(1 for r in csv.DictReader(f) if r["kind"] == "student") == 1


def test_run_with_a_log_stops_at_the_month_given(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text(line(2, "request_grid", gw=1.0) + "\n" + line(8, "request_grid", gw=1.0)
                   + "\n")
    out = tmp_path / "series.csv"
    assert main(["run", "--scenario", "tutorial", "--commands", str(log), "--months", "6",
                 "--out", str(out)]) == 0
    with open(out) as f:
        assert len(list(csv.DictReader(f))) == 6
    assert "1 command(s) at month 6 or later not played" in capsys.readouterr().out


def test_a_log_from_the_browser_class_names_its_player_team_and_group(tutorial, tmp_path):
    """The `# seat` line the classroom writes gives the name, team and group shown; a damaged or
    oversized one is ignored (the file's name is used) and never stops the ranking."""
    grid = line(0, "request_grid", gw=1.0)
    (tmp_path / "commands.jsonl").write_text(
        '# scenario tutorial seed 1\n# seat {"name": "Ada <b>", "team": "red", "group": "B"}\n'
        + grid + "\n")
    (tmp_path / "bad.jsonl").write_text('# seat {"name": 7, "team": "' + "x" * 300 + '"}\n'
                                        + line(1, "request_grid", gw=1.0) + "\n")
    (tmp_path / "junk.jsonl").write_text("# seat {not json\n" + line(2, "request_grid", gw=1.0)
                                         + "\n")
    result = play_class([tmp_path / f"{n}.jsonl" for n in ("commands", "bad", "junk")],
                        tutorial, 1, MONTHS)
    assert [r.label for r in result.students] == ["Ada <b>", "bad", "junk"]
    assert result.seats == {"Ada <b>": {"team": "red", "group": "B"}}
    out = tmp_path / "out"
    assert main(["class", *(str(tmp_path / f"{n}.jsonl") for n in ("commands", "bad", "junk")),
                 "--scenario", "tutorial", "--months", str(MONTHS), "--out", str(out)]) == 0
    page = (out / "class.html").read_text(encoding="utf-8")
    assert "Ada &lt;b&gt;" in page and "Ada <b>" not in page
    grades = {r["name"]: r for r in csv.DictReader(
        (out / "grades.csv").read_text(encoding="utf-8").splitlines())}
    assert (grades["Ada <b>"]["team"], grades["Ada <b>"]["group"]) == ("red", "B")
    assert grades["bad"]["team"] == "" and grades["junk"]["group"] == ""


def treatment(month: int, group: str = "B", lever: str = "export_control_level",
              value: float = 4.0, from_month: int | None = None) -> str:
    return "# treatment " + json.dumps({"group": group, "lever": lever, "value": value,
                                        "from_month": month if from_month is None else from_month,
                                        "month": month})


def test_a_treatment_in_a_hand_in_is_replayed_by_class_and_run(tutorial, tmp_path, capsys):
    """A log from the browser class carries the teacher's treatment: `terafab class` replays it
    (the game differs from the same commands without it) and names it beside its group;
    `terafab run --commands` replays it and says so."""
    commands = [line(0, "raise_capital", kind="debt", busd=5.0),
                line(3, "buy_accelerators", units=20_000)]
    seat = '# seat {"name": "Ada", "team": "", "group": "B"}\n'
    (tmp_path / "treated.jsonl").write_text(
        seat + commands[0] + "\n" + treatment(2, lever="tariff_on_imports", value=2.0) + "\n"
        + commands[1] + "\n")
    (tmp_path / "plain.jsonl").write_text(
        seat.replace("Ada", "Bo").replace('"B"', '"A"') + "\n".join(commands) + "\n")
    result = play_class([tmp_path / "treated.jsonl", tmp_path / "plain.jsonl"], tutorial, 1,
                        MONTHS)
    treated, plain = result.students
    assert treated.series[1] == plain.series[1]  # the same world before the treatment
    assert treated.series[-1]["player_cash_busd"] != plain.series[-1]["player_cash_busd"]
    out = tmp_path / "out"
    assert main(["class", str(tmp_path / "treated.jsonl"), str(tmp_path / "plain.jsonl"),
                 "--scenario", "tutorial", "--months", str(MONTHS), "--out", str(out)]) == 0
    page = (out / "class.html").read_text(encoding="utf-8")
    assert "Groups compared" in page and "US tariff on imported chips" in page
    capsys.readouterr()
    series = {}
    for name in ("treated", "plain"):
        series[name] = tmp_path / f"{name}.csv"
        assert main(["run", "--scenario", "tutorial", "--commands", str(tmp_path / f"{name}.jsonl"),
                     "--months", str(MONTHS), "--out", str(series[name])]) == 0
    printed = capsys.readouterr().out
    assert printed.count("treatment in 2026-03 (group B): US tariff on imported chips") == 1
    rows = {n: list(csv.DictReader(p.read_text().splitlines())) for n, p in series.items()}
    assert [float(r["player_cash_busd"]) for r in rows["treated"]] == pytest.approx(
        [r["player_cash_busd"] for r in treated.series])
    assert rows["treated"][-1]["player_cash_busd"] != rows["plain"][-1]["player_cash_busd"]


def test_a_treatment_of_a_group_no_hand_in_is_in_is_listed_on_the_page(tutorial, tmp_path):
    """A seat treated in group B and then moved to group A by the teacher: its log carries B's
    treatment, and no hand-in is in group B. The class page lists B's treatment, with no seats,
    instead of dropping it."""
    (tmp_path / "moved.jsonl").write_text(
        '# seat {"name": "Ada", "team": "", "group": "A"}\n' + line(0, "request_grid", gw=1.0)
        + "\n" + treatment(2) + "\n")
    out = tmp_path / "out"
    assert main(["class", str(tmp_path / "moved.jsonl"), "--scenario", "tutorial", "--months",
                 str(MONTHS), "--out", str(out)]) == 0
    page = (out / "class.html").read_text(encoding="utf-8")
    assert ("<td class='name'>B</td><td class='num'>0</td><td></td><td></td>"
            "<td>US export controls level (0-4) = 4 from month 2 — no seats in this group</td>"
            in page)


@pytest.mark.parametrize("remark, problem", [
    (treatment(2, lever="gravity"), "unknown lever 'gravity'"),
    (treatment(2, value=9.0), "outside 0-4"),
    (treatment(2, from_month=3), "'from_month' should be"),
    (treatment(0), "'month' should be a whole number 1-10000"),  # before the command above it
    ('# treatment {"group": "B", "lever": "export_control_level"', "not valid JSON"),
    ("# treatment " + json.dumps({"group": "B" * 900}), "longer than 800 characters"),
    ('# treatment {"group": "B", "from_month": 2, "lever": "subsidy_share", "value": 0.1, '
     '"month": 2, "extra": 1}', "exactly group, from_month, lever, value, month"),
    ('# refused {"month": 2, "command": "rm -rf", "reason": "x"}', "not a command's name"),
    ('# refused {"month": 2, "command": "repay_debt", "reason": ""}', "'reason' should be"),
    ('# refused [1, 2]', "exactly month, command, reason"),
])
def test_a_damaged_remark_line_is_refused_with_a_note_never_a_traceback(
        tutorial, tmp_path, capsys, remark, problem):
    log = tmp_path / "log.jsonl"
    log.write_text(line(1, "request_grid", gw=1.0) + "\n" + remark + "\n"
                   + line(2, "request_grid", gw=0.5) + "\n")
    result = play_class([log], tutorial, 1, MONTHS)
    assert not result.rejected and not result.treatments  # ranked, the line not used
    [note] = [n for n in result.notes["log"] if "damaged" in n]
    assert note.startswith("line 2: a damaged '# ") and problem in note, note
    assert main(["run", "--scenario", "tutorial", "--commands", str(log), "--months", "4",
                 "--out", str(tmp_path / "s.csv")]) == 0
    assert problem in capsys.readouterr().out


def test_the_refusals_a_hand_in_lists_are_named_with_their_date_and_reason(tutorial, tmp_path):
    log = tmp_path / "log.jsonl"
    log.write_text(line(0, "request_grid", gw=1.0) + "\n# refused " + json.dumps(
        {"month": 2, "command": "repay_debt", "reason": "You have no debt <to repay>"}) + "\n")
    result = play_class([log], tutorial, 1, MONTHS)
    assert result.notes["log"] == ["refused in 2026-03: repay_debt: You have no debt <to repay>"]


def test_a_student_named_like_a_company_keeps_the_name_in_chinese(tutorial, tmp_path, capsys):
    """World names read in the player's language (Intel is 英特尔 in the news); a student who
    calls a game "Intel" is still Intel on the ranking and the class page."""
    (tmp_path / "Intel.jsonl").write_text(line(0, "request_grid", gw=1.0) + "\n")
    (tmp_path / "seat.jsonl").write_text('# seat {"name": "TSMC"}\n'
                                         + line(1, "request_grid", gw=1.0) + "\n")
    out = tmp_path / "out"
    assert main(["--lang", "zh-Hans", "class", str(tmp_path / "Intel.jsonl"),
                 str(tmp_path / "seat.jsonl"), "--scenario", "tutorial", "--months",
                 str(MONTHS), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    page = (out / "class.html").read_text(encoding="utf-8")
    for shown in (printed, page):
        assert "Intel" in shown and "TSMC" in shown
        assert "英特尔" not in shown and "台积电" not in shown
