"""A refused command must change nothing: the check compares the whole world at full precision,
so it sees what no screen shows (a chipmaker's open order for the player, a dollar of cash)."""

from game.domain import commands as c
from game.sim import invariants
from game.sim.session import Session


def test_the_state_check_sees_a_single_dollar_and_fields_no_screen_shows(campaign):
    s = Session(campaign, 2, "balanced")
    s.run(30)
    before = invariants.state_fingerprint(s)
    s.model.firm.ledger.cash_busd += 1e-9  # one US dollar
    assert invariants.state_fingerprint(s) != before
    s.model.firm.ledger.cash_busd -= 1e-9
    s.model.chipmakers[0].player_order += 1.0
    assert invariants.state_fingerprint(s) != before


def test_refused_commands_leave_the_whole_world_as_it_was(campaign):
    s = Session(campaign, 3, "integrator")
    s.run(24)
    before = invariants.state_fingerprint(s)
    refused = [c.BookFoundryCapacity("no-such-site", 1000, 12, False),
               c.RepayDebt(10_000.0), c.RaiseCapital("equity", 200.0),
               c.StartTerafab("no-such-site"), c.SignIntelPartnership("14a-ohio", 100_000)]
    for command in refused:
        assert not s.submit(command).accepted
        assert invariants.state_fingerprint(s) == before, command
