"""Every rule id acts somewhere and every logged id is in the table: over every scenario and the
four policies, the decision log cites each rule of game/domain/rules.py, and nothing else."""

from game.agents.policies import POLICIES
from game.domain.commands import COMMANDS
from game.domain.rules import RULES
from game.io.scenarios import list_scenario_names, load_scenario
from game.sim.config import apply_overrides
from game.sim.session import Session
from tests.test_money import play_reckless


def test_every_command_acts_under_a_rule_of_the_table():
    assert {name: cmd.rule for name, cmd in COMMANDS.items() if cmd.rule not in RULES} == {}


def test_every_rule_is_cited_by_some_decision_and_every_citation_is_a_rule():
    cited: set[str] = set()
    for name in list_scenario_names():
        if name == "large-world":
            continue  # the same rules as the campaign, ten times the agents
        scenario = load_scenario(name)
        for policy in POLICIES:
            session = Session(scenario, 3, None if policy == "passive" else policy)
            session.run()
            cited |= {e.rule for e in session.events}
    # the world's chance events (S1-S7) are rare: one seed need not meet each, so they are also
    # played in the campaign's world where each comes every year
    campaign = load_scenario("terafab")
    every_year = {f"world.shocks.{kind}.chance_per_year": 1.0
                  for kind in type(campaign.world.shocks).model_fields
                  if kind != "enabled"}
    session = Session(apply_overrides(campaign, every_year), 3, "balanced")
    session.run()
    cited |= {e.rule for e in session.events}
    # the covenants (F3) act on a firm that breaches them, and the built-in policies borrow well
    # inside them (tests/test_money.py): a reckless spender meets them
    cited |= {e.rule for e in play_reckless(campaign, 3).events}
    assert sorted(cited - set(RULES)) == [], "decisions cite rule ids the table does not have"
    assert sorted(set(RULES) - cited) == [], "rules no decision cites in any scenario"
