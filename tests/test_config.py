"""Config files are validated: unknown keys and out-of-range values name the file and key path."""

import pytest

from game.domain.errors import ConfigError
from game.sim.config import apply_overrides


def test_overrides_reach_values_by_dotted_path_and_by_id(campaign):
    changed = apply_overrides(campaign, {"world.demand.growth_per_year": 0.2,
                                         "foundries.tsmc-arizona.project_wpm": 25000})
    assert changed.world.demand.growth_per_year == 0.2
    assert changed.world.foundries[1].project_wpm == 25000
    assert campaign.world.demand.growth_per_year != 0.2  # the original is untouched (frozen)


@pytest.mark.parametrize("overrides, needle", [
    ({"demand.growth_per_yr": 0.2}, "unknown key 'growth_per_yr'"),
    ({"foundries.nowhere.project_wpm": 1}, "no item 'nowhere'"),
    ({"demand.noise_sd": -1}, "world.demand.noise_sd"),
    ({"demand.accelerators_per_month": "lots"}, "world.demand.accelerators_per_month"),
    ({"demand.accelerators_per_month": float("nan")}, "world.demand.accelerators_per_month"),
    ({"calendar.start": "2026-13"}, "world.calendar.start"),
    ({"rules_off": ["B3", "Z9"]}, "unknown rule id"),
    ({"chipmakers.nvidia.foundry_weights": {"tsmc-mars": 1.0}}, "unknown foundry 'tsmc-mars'"),
])
def test_bad_values_are_refused_with_their_path(campaign, overrides, needle):
    with pytest.raises(ConfigError, match=needle.replace("(", r"\(")):
        apply_overrides(campaign, overrides)


def test_every_number_in_the_world_file_is_commented_with_its_source():
    from game.io.paths import CONFIGS

    text = (CONFIGS / "world.yaml").read_text(encoding="utf-8")
    assert "fab_build_time_avg" in text or "fab_total_time_exyte" in text
    assert "euv_shipments_2025" in text and "sterman_alpha_s" in text and "memory_fab_build" in text


def test_large_world_has_ten_times_the_firms_and_the_same_market():
    from game.io.scenarios import load_scenario

    small, large = load_scenario("terafab").world, load_scenario("large-world").world
    assert len(large.foundries) == 10 * len(small.foundries)
    assert len(large.chipmakers) == 10 * len(small.chipmakers)
    assert len(large.memory_makers) == 10 * len(small.memory_makers)

    def total_n3(world):
        return sum(f.capacity_wpm.get("N3", 0.0) for f in world.foundries)

    assert abs(total_n3(large) - total_n3(small)) < 1e-6
    large_total = sum(c.demand_share for c in large.chipmakers)
    small_total = sum(c.demand_share for c in small.chipmakers)
    assert abs(large_total - small_total) < 1e-9
    sites = {f.id for f in large.foundries}
    assert all(site in sites for c in large.chipmakers for site in c.foundry_weights)


def test_a_rule_switched_off_by_config_reads_off_in_the_model(campaign):
    from game.sim.model import TerafabModel

    model = TerafabModel(apply_overrides(campaign, {"rules_off": ["B3"]}), seed=1)
    assert not model.rule_on("B3") and model.rule_on("B2")
