"""Every limiting factor the readout can name is named somewhere, at months where counterfactual
copies of the game agree: given at that month a standard relief of each input and played on (over
the months a Terafab relief needs to reach deployed compute), the named input's own relief adds
the most compute, and for "none" no relief of any input adds any.

Each factor on the seed its case was found on and on one it was not."""

import pytest

from game.io.scenarios import load_scenario
from game.sim.readout_check import NOTHING_EFLOPS, reckless_opening, sample_months
from game.sim.session import Session

# factor: (scenario, policy, a scripted opening or None, the seed found on, one not tuned on)
CASES = {
    "permits": ("terafab", "integrator", None, 3, 5),
    "tools": ("terafab", "integrator", None, 3, 1),
    "talent": ("terafab", "integrator", None, 3, 2),
    "capital": ("terafab", None, reckless_opening, 3, 6),
    "none": ("terafab", "passive", None, 3, 4),
}
MONTHS = 60  # the Terafab's blockers come and go in its first five years


@pytest.mark.parametrize("factor", sorted(CASES))
@pytest.mark.parametrize("which", ["found_on", "not_tuned_on"])
def test_the_factor_is_named_where_its_relief_is_the_best(factor, which):
    name, policy, opening, found_on, other = CASES[factor]
    seed = found_on if which == "found_on" else other
    scenario = load_scenario(name)
    game = Session(scenario, seed, policy)
    commands = opening(game) if opening else []
    for command in commands:
        assert game.submit(command).accepted
    game.run(MONTHS)
    named = [r["month"] for r in game.series if r["limiting_factor"] == factor]
    assert named, f"{factor} never named in {name}/{policy}/seed {seed}"
    months = sorted({named[len(named) // 2], named[-1]})  # the spell's middle and its end
    samples = sample_months(scenario, name, seed, policy, months, commands)
    if factor == "none":
        agree = [s for s in samples if max(s.gains.values()) <= NOTHING_EFLOPS]
    else:  # its own relief adds compute, and no other relief adds more
        agree = [s for s in samples if s.gains[factor] > NOTHING_EFLOPS and factor in s.best]
    assert agree, [(s.month, s.horizon, s.gains) for s in samples]
