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
