"""`make readout`: the limiting factor against counterfactual reliefs at full size (every lesson
scenario, the four policies and passive play, five seeds, ten months each), by factor named."""

from __future__ import annotations

import collections
import zlib

from game.io.scenarios import load_scenario
from game.sim.readout_check import random_months, sample_months

SCENARIOS = ("terafab", "tutorial", "bottleneck-migration", "build-vs-buy", "memory-cycle",
             "bullwhip", "export-controls", "japan-1986")
POLICIES = (None, "passive", "buyer", "integrator", "balanced")


def main() -> None:
    samples = []
    for name in SCENARIOS:
        scenario = load_scenario(name)
        for policy in POLICIES:
            for seed in range(1, 6):
                months = random_months(zlib.crc32(f"{name}/{policy}/{seed}".encode()),
                                       scenario.world.calendar.months, 10)
                samples += sample_months(scenario, name, seed, policy, months)
    by_factor = collections.defaultdict(lambda: [0, 0])
    for s in samples:
        by_factor[s.named][0] += 1
        by_factor[s.named][1] += s.agrees
    agree = sum(s.agrees for s in samples)
    print(f"{len(samples)} months sampled; the named factor was the best relief in "
          f"{agree} ({agree / len(samples):.1%})")
    for factor, (n, ok) in sorted(by_factor.items(), key=lambda kv: -kv[1][0]):
        print(f"  {factor:<8} named {n:>5} times, agreed {ok:>5} ({ok / n:.0%})")


if __name__ == "__main__":
    main()
