"""Every news line the engine writes over whole campaigns is a catalog message, so the window,
the pages and the command line can show it in the player's language (a plain English string
would show as English on a Chinese screen, as the turbine makers' casting-lines news once did)."""

import pytest

from game.i18n import Message
from game.io.scenarios import load_scenario
from game.sim.session import Session


@pytest.mark.parametrize("policy", [None, "buyer", "integrator", "balanced"])
def test_every_event_of_a_campaign_is_a_catalog_message(policy):
    plain = set()
    for seed in (1, 2):
        session = Session(load_scenario("terafab"), seed, policy)
        session.run(180)
        plain |= {(e.rule, str(e.reason)[:80]) for e in session.model.events
                  if not isinstance(e.reason, Message)}
    assert plain == set()
