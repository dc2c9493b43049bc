"""Trade rules come from the regulators' roles in the config, not from country names in code."""

import pytest

from game.domain.errors import TerafabError
from game.sim.config import apply_overrides
from game.sim.session import Session


def china_euv(scenario, months=48) -> float:
    s = Session(scenario, 1)
    s.run(months)
    return sum(r["euv_shipped_china"] for r in s.series)


def test_without_an_export_controls_role_euv_reaches_china(campaign):
    assert china_euv(campaign) == 0.0
    no_controller = apply_overrides(campaign, {"world.regulators.us.roles": ["dominance_answer"]})
    assert china_euv(no_controller) > 0.0


def test_controls_follow_the_configured_target(campaign):
    """Aimed at Korea instead of China, the same controls bar Korea's EUV and free China's."""
    at_korea = apply_overrides(campaign, {"world.regulators.us.controls_target": "KR"})
    s = Session(at_korea, 1)
    assert not s.model.trade.euv_allowed("KR") and s.model.trade.euv_allowed("CN")
    assert china_euv(at_korea) > 0.0


def test_domestic_tools_need_the_role(campaign):
    def domestic_tools_events(scenario) -> int:
        s = Session(scenario, 1)
        s.run(120)
        return sum("domestic tools now make" in e.reason for e in s.events)

    assert domestic_tools_events(campaign) == 1
    without = apply_overrides(campaign, {"world.regulators.cn.roles": []})
    assert domestic_tools_events(without) == 0


def test_export_controls_without_a_target_are_refused(campaign):
    with pytest.raises(TerafabError, match="controls_target"):
        apply_overrides(campaign, {"world.regulators.us.controls_target": None})
