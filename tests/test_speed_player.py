"""The scripted players send only what the rules take: a command a policy knows the checks would
refuse is not sent (the buyer and the integrator sent a refused repayment every month while a
sliver of debt remained)."""

from game.agents import policies
from game.agents.commands import plan
from game.domain import commands as c
from game.sim.session import Session


def _ask_with_debt(campaign, policy: str, debt_busd: float):
    """What `policy` asks in a month with plenty of cash and `debt_busd` of debt, and the model."""
    model = Session(campaign, seed=1, policy=policy).model
    model.firm.ledger.debt_busd = debt_busd
    model.firm.ledger.cash_busd = 500.0
    return policies.POLICIES[policy](model), model


def test_debt_is_repaid_but_a_sliver_that_rounds_to_nothing_is_not_asked_for(campaign):
    asked, model = _ask_with_debt(campaign, "buyer", 4.0)
    assert [cmd for cmd in asked if isinstance(cmd, c.RepayDebt)] == [c.RepayDebt(4.0)]
    for policy in ("buyer", "integrator"):
        asked, model = _ask_with_debt(campaign, policy, 0.03)
        assert not any(isinstance(cmd, c.RepayDebt) for cmd in asked), policy
        for cmd in asked:
            plan(model, cmd)  # CommandRefused if the rules say no
