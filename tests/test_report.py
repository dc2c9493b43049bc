"""`terafab report`: a debrief page from a save, a series file and a batch folder, with its charts
embedded, the lesson card, the policies beside the run and the decision log; bad input is one
line and exit code 2."""

from __future__ import annotations

import base64
import json
import re

import pytest

from game.cli import main

PNG = re.compile(r'<img alt="([^"]*)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def images(page: str) -> list[str]:
    found = PNG.findall(page)
    for _alt, data in found:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    return [alt for alt, _ in found]


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """A short bullwhip run written three ways: a save, a series CSV and its decision log."""
    folder = tmp_path_factory.mktemp("played")
    assert main(["run", "--scenario", "bullwhip", "--seed", "2", "--months", "30",
                 "--policy", "buyer",
                 "--out", str(folder / "run.csv"), "--events", str(folder / "events.csv"),
                 "--save", str(folder / "game.json")]) == 0
    return folder


def test_report_on_a_save(played, capsys):
    out = played / "save.html"
    assert main(["report", str(played / "game.json"), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    alts = images(page)
    assert len(alts) >= 4
    for chart in ("limiting factor timeline", "price indexes", "bullwhip chart",
                  "compute of this run and the policies"):
        assert chart in alts
    assert "What it teaches" in page and "Questions for discussion" in page  # the lesson card
    # the three other built-in policies were replayed beside the buyer on the same seed
    for policy in ("passive", "integrator", "balanced"):
        assert f"<td>{policy}</td>" in page
    assert "H6 Ordering rule" in page and "padded its orders" in page  # the decision log
    assert "Chipmakers&#x27; wafer orders" in page and "DRAM: " in page  # the measured claims
    assert "http://" not in page and "https://" not in page  # nothing external


def test_report_on_a_series_file(played):
    out = played / "csv.html"
    assert main(["report", str(played / "run.csv"), "--scenario", "bullwhip", "--seed", "2",
                 "--events", str(played / "events.csv"), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert len(images(page)) >= 5 and "H6 Ordering rule" in page
    alone = played / "alone.html"
    assert main(["report", str(played / "run.csv"), "--out", str(alone)]) == 0
    page = alone.read_text(encoding="utf-8")
    assert len(images(page)) >= 4
    assert "pass --scenario NAME --seed N" in page and "No decision log was given" in page


def test_report_on_a_batch_folder(tmp_path):
    folder = tmp_path / "sweep"
    assert main(["batch", "--scenario", "bullwhip", "--seeds", "2", "--months", "24", "--policy",
                 "passive", "buyer", "--sweep", "world.behaviour.beta_supply_line=0.34,1.0",
                 "--series", "--engine", "serial", "--quiet", "--out", str(folder)]) == 0
    out = tmp_path / "batch.html"
    assert main(["report", str(folder), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    alts = images(page)
    assert len(alts) >= 6
    assert "outcomes by world.behaviour.beta_supply_line" in alts
    assert "limiting factor shares" in alts and "bullwhip per group" in alts
    assert "8 runs" in page and "What it teaches" in page


@pytest.mark.parametrize("make",
                         ["missing", "foreign-json", "foreign-csv", "empty-folder", "suffix"])
def test_bad_input_is_one_line(make, tmp_path, capsys):
    target = {"missing": tmp_path / "nope.csv", "foreign-json": tmp_path / "x.json",
              "foreign-csv": tmp_path / "x.csv", "empty-folder": tmp_path / "dir",
              "suffix": tmp_path / "x.txt"}[make]
    if make == "foreign-json":
        target.write_text(json.dumps({"hello": 1}))
    elif make == "foreign-csv":
        target.write_text("a,b\n1,2\n")
    elif make == "empty-folder":
        target.mkdir()
    elif make == "suffix":
        target.write_text("text")
    code = main(["report", str(target), "--out", str(tmp_path / "r.html")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and str(target.name) in err[0]
    assert not (tmp_path / "r.html").exists()


def test_memory_market_chart_from_a_save(tmp_path):
    """A save's log is replayed to chart the memory market month by month (japan-1986, A8)."""
    save = tmp_path / "japan.json"
    assert main(["run", "--scenario", "japan-1986", "--seed", "1", "--months", "20",
                 "--commands", str(_log(tmp_path)), "--out", str(tmp_path / "j.csv"),
                 "--save", str(save)]) == 0
    out = tmp_path / "japan.html"
    assert main(["report", str(save), "--out", str(out), "--no-policies"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "memory market shares" in images(page) and "The memory market by country" in page


def _log(folder):
    path = folder / "player.jsonl"
    path.write_text('{"month": 2, "command": "request_grid", "gw": 1.0}\n')
    return path
