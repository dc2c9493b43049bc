"""Before the first month has run, no limiting factor has been read: the top bar said NONE
("Nothing binds") while the tutorial's first step said "Power is what limits you now"."""

from __future__ import annotations

from game import i18n
from game.io.scenarios import load_scenario
from game.sim.session import Session
from game.ui import theme
from game.ui.draw import topbar


def factor_stat(session: Session) -> topbar.Stat:
    return topbar.stats(session.view())[-1]


def test_the_top_bar_reads_no_factor_before_the_first_month():
    session = Session.new(load_scenario("tutorial"), 1)
    stat = factor_stat(session)
    assert stat.value != i18n.t("factor.none")
    assert stat.value == i18n.t("top.factor_unread")
    assert stat.colour == theme.MUTED
    assert stat.tip == i18n.t("tip.factor_unread")


def test_the_top_bar_names_the_factor_once_a_month_has_run():
    session = Session.new(load_scenario("tutorial"), 1)
    session.run(1)
    factor = session.view().firm.limiting_factor
    assert factor_stat(session).value == i18n.t(f"factor.{factor}")
