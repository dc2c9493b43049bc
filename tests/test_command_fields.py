"""Command fields are checked against their declared type and bounds before any rule: a value of
the wrong kind, NaN or infinity is refused in words, and a whole number where a decimal is asked
is fine."""

import math

import pytest

from game.domain import commands as c
from game.sim.session import Session


@pytest.fixture
def session(campaign):
    return Session(campaign, seed=1)


@pytest.mark.parametrize("command, message", [
    (c.RequestGrid(math.nan), "Power must be a finite number"),
    (c.RequestGrid(math.inf), "Power must be a finite number"),
    (c.RequestGrid(-math.inf), "Power must be a finite number"),
    (c.RequestGrid(25.0), "Power must be between 0.1 and 20 GW"),
    (c.RequestGrid("1"), "Power must be a number"),
    (c.RequestGrid(True), "Power must be a number"),
    (c.HireStaff(100.0), "People must be a whole number"),
    (c.HireStaff(True), "People must be a whole number"),
    (c.HireStaff(5), "People must be between 10 and 100,000 staff"),
    (c.SetLithographyBet(1), "Fund it must be yes or no"),
    (c.StartTerafab(7), "Site must be a name"),
    (c.SetEdgeShare(-0.1), "Share of own chips must be between 0 and 1 0-1"),
])
def test_bad_field_values_are_refused_in_words(session, command, message):
    assert session.preview(command).refusal == message
    result = session.submit(command)
    assert not result.accepted and result.message == message
    assert session.command_log == []


def test_a_whole_number_is_fine_where_a_decimal_is_asked(session):
    result = session.submit(c.RaiseCapital("debt", 5))
    assert result.accepted, result.message
    assert session.model.firm.ledger.debt_busd == pytest.approx(5.0)
