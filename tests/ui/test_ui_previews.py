"""Previews say what is true: a launch that takes days reads "under a month of launches", never
"about 0 months" (#16), in every language."""

from __future__ import annotations

import pytest

from game import i18n
from game.domain.commands import COMMANDS
from game.io.scenarios import load_scenario
from game.sim.session import Session
from game.ui.game import Game
from game.ui.scenes.action import ActionDialog
from game.ui.scenes.title import start_game


@pytest.fixture(scope="module")
def launches_open():
    """Five years in: the launch ramp carries tens of thousands of tonnes a month."""
    session = Session.new(load_scenario("terafab"), 1)
    session.run(60)
    return session


@pytest.mark.parametrize("lang, under, zero", [
    ("en", "under a month of launches", "0 months"),
    ("zh-Hans", "发射需不到一个月", "0 个月"),
    ("zh-Hant", "發射需不到一個月", "0 個月"),
])
def test_a_small_space_launch_reads_under_a_month(app, launches_open, monkeypatch, lang, under,
                                                   zero):
    texts: list[str] = []
    render = app.fonts.text
    monkeypatch.setattr(app.fonts, "text", lambda s, *a, **k: texts.append(s) or render(s, *a, **k))
    try:
        i18n.set_language(lang)
        start_game(app, Game(launches_open))
        dialog = ActionDialog(app, COMMANDS["launch_space"])
        app.push(dialog)
        dialog.set_value("gw", 0.1)
        assert dialog.preview.refusal is None and dialog.preview.lead_time_months < 0.5
        app.frame(0.0, [])
    finally:
        i18n.set_language("en")
    shown = "\n".join(texts)
    assert under in shown
    assert zero not in shown


def test_a_launch_of_one_month_is_singular():
    m = i18n.msg("preview.power.gw_orbit_t", gw=1.0, tons=10_000.0, per_month=9_000.0,
                 months=1.1)
    assert m.endswith("about 1 month of launches")
    assert i18n.text(m, "zh-Hans").endswith("发射需约 1 个月")
    long = i18n.msg("preview.power.gw_orbit_t", gw=50.0, tons=5e5, per_month=3e4, months=16.7)
    assert long.endswith("about 17 months of launches")
