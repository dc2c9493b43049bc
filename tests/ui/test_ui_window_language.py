"""The window's last English on a Chinese screen (#18): the end screen's score terms, their
reasons, the grade and the goal; a form's field help and units."""

from __future__ import annotations

import pytest

from game import i18n
from game.domain.commands import COMMANDS
from game.io.scenarios import load_scenario
from game.sim.score import TERM_LABELS
from game.sim.session import Session
from game.ui.game import Game
from game.ui.scenes import report
from game.ui.scenes.action import ActionDialog
from game.ui.scenes.title import start_game


class NoRivals:
    """The end screen's rival runs, left out: this test reads the score beside them."""

    results: dict = {}
    done = True

    def snapshot(self):
        return {}

    def wait(self, timeout_s: float = 0.0) -> None:
        pass


@pytest.fixture
def drawn(app, monkeypatch):
    texts: list[str] = []
    render = app.fonts.text
    monkeypatch.setattr(app.fonts, "text", lambda s, *a, **k: texts.append(s) or render(s, *a, **k))
    yield texts
    i18n.set_language("en")


@pytest.fixture(scope="module")
def finished():
    session = Session.new(load_scenario("tutorial"), 1, "balanced")
    session.run()
    return session


def test_the_end_screen_reads_its_score_in_chinese(app, drawn, finished, monkeypatch):
    monkeypatch.setattr(report, "Rivals", lambda *args: NoRivals())
    i18n.set_language("zh-Hans")
    start_game(app, Game(finished))
    app.frame(0.0, [])  # the finished game opens the end screen
    assert isinstance(app.top, report.ReportScene)
    app.frame(0.0, [])
    shown = "\n".join(drawn)
    english = [w for w in (*TERM_LABELS.values(), "points for every tenfold", "no medal",
                           "goal:", "pass at a score") if w in shown]
    assert english == []
    assert "交付算力" in shown and "目标：得分达到 50 即通过" in shown
    assert ("通过" in shown) or ("未通过" in shown)


def test_the_score_reasons_keep_their_english_text(finished):
    """The reasons are catalog messages now; the CLI and the saves read the same English."""
    terms = {t.key: t.explanation for t in finished.score().terms}
    assert terms["compute"].startswith("100 points for every tenfold of compute delivered to "
                                       "users over doing nothing (x")
    assert finished.score().goal == "pass at a score of 50"
    assert i18n.text(terms["idle"], "zh-Hant").startswith("持有算力每比運轉中算力多十倍扣 ")


@pytest.mark.parametrize("lang, help_text, unit", [
    ("zh-Hans", "现有产能早已被预订到几年后；你只能拿到剩下的。", "片/月"),
    ("zh-Hant", "現有產能早已被預訂到幾年後；你只能拿到剩下的。", "片/月"),
], ids=["zh-Hans", "zh-Hant"])
def test_a_form_shows_its_help_and_units_in_chinese(app, drawn, lang, help_text, unit):
    i18n.set_language(lang)
    start_game(app, Game(Session.new(load_scenario("terafab"), 1)))
    dialog = ActionDialog(app, COMMANDS["book_foundry"])
    app.push(dialog)
    app.frame(0.0, [])
    assert dialog.button("field:site").tip == help_text
    assert dialog.button("field:wafers_per_month").label.endswith(unit)
    assert dialog.button("field:months").label.endswith("月")
