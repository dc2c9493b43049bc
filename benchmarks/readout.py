"""`make readout`: the limiting factor against counterfactual reliefs at full size (every lesson
scenario, the four policies and passive play, five seeds, ten months each, and a reckless player's
first five years), by factor named, with how often each relief was the best."""

from __future__ import annotations

import collections
import zlib

from game.io.scenarios import load_scenario
from game.sim.readout_check import RELIEFS, random_months, reckless_opening, sample_months
from game.sim.session import Session

SCENARIOS = ("terafab", "tutorial", "bottleneck-migration", "build-vs-buy", "memory-cycle",
             "bullwhip", "export-controls", "japan-1986")
POLICIES = (None, "passive", "buyer", "integrator", "balanced")
SEEDS = range(1, 6)
MONTHS_EACH = 10
RECKLESS_MONTHS = 60


def main() -> None:
    samples = []
    for name in SCENARIOS:
        scenario = load_scenario(name)
        for policy in POLICIES:
            for seed in SEEDS:
                months = random_months(zlib.crc32(f"{name}/{policy}/{seed}".encode()),
                                       scenario.world.calendar.months, MONTHS_EACH)
                samples += sample_months(scenario, name, seed, policy, months)
    campaign = load_scenario("terafab")
    for seed in SEEDS:  # a player who spends its war chest before the Terafab is built
        opening = reckless_opening(Session(campaign, seed))
        months = random_months(zlib.crc32(f"reckless/{seed}".encode()), RECKLESS_MONTHS,
                               MONTHS_EACH)
        samples += sample_months(campaign, "terafab (reckless)", seed, None, months, opening)
    by_factor = collections.defaultdict(lambda: [0, 0, 0])
    best = collections.Counter()
    for s in samples:
        row = by_factor[s.named]
        row[0] += 1
        row[1] += s.agrees
        row[2] += s.horizon
        if max(s.gains.values()) > 1e-6:
            best.update(s.best)
    agree = sum(s.agrees for s in samples)
    print(f"{len(samples)} months sampled; the named factor was the best relief in "
          f"{agree} ({agree / len(samples):.1%})")
    print("  named     times  agreed       horizon (mean months played on)")
    for factor, (n, ok, months) in sorted(by_factor.items(), key=lambda kv: -kv[1][0]):
        print(f"  {factor:<8} {n:>6} {ok:>7} ({ok / n:4.0%})  {months / n:5.1f}")
    print("  months each relief was the best (ties counted; months where none helped left out):")
    print("  " + ", ".join(f"{kind} {best[kind]}" for kind in RELIEFS))


if __name__ == "__main__":
    main()
