"""The clock, the catalog, the tutorial and the settings file, without a window where possible."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game import i18n as catalogs
from game.io import userdata
from game.ui import i18n
from game.ui.clock import SimClock
from game.ui.tutorial import check_holds, steps_of


def test_fixed_speed_clock_is_steady_whatever_the_frame_rate():
    steps = []
    clock = SimClock(lambda: steps.append(1), lambda: False)
    clock.set_speed(2)  # two months a second
    for _ in range(120):
        clock.advance(1 / 60)
    assert len(steps) == 4  # 2 s
    clock.advance(5.0)  # a hitch does not make the game race
    assert len(steps) <= 4 + 4


def test_max_speed_stops_at_the_frame_budget():
    now = [0.0]
    steps = []

    def step():
        steps.append(1)
        now[0] += 0.004  # each month takes 4 ms

    clock = SimClock(step, lambda: len(steps) >= 1000, budget_s=0.010, now=lambda: now[0])
    clock.set_speed(4)
    assert clock.advance(1 / 60) == 3  # 3 x 4 ms crosses the 10 ms budget, then it yields


def test_every_catalog_key_used_by_the_screens_exists():
    used = set()
    for path in Path("game/ui").rglob("*.py"):
        used |= set(re.findall(r'\bt\(\s*"([a-z_0-9.]+)"', path.read_text()))
    catalog = i18n.load_catalog("en")
    missing = sorted(k for k in used if k not in catalog)
    assert not missing, missing
    assert len(used) > 100


def test_a_translation_falls_back_to_english(tmp_path, monkeypatch):
    (tmp_path / "en.yaml").write_text('a: {b: "Hello {name}"}\nc: "Only English"\n')
    (tmp_path / "zh-Hans.yaml").write_text('a: {b: "你好 {name}"}\n')
    monkeypatch.setattr(catalogs, "I18N_DIR", tmp_path)
    monkeypatch.setattr(catalogs, "_catalogs", {})
    i18n.set_language("zh")
    try:
        assert i18n.t("a.b", name="Ada") == "你好 Ada"
        assert i18n.t("c") == "Only English"
    finally:
        i18n.set_language("en")


def test_a_tutorial_check_reads_the_facts_and_names_an_unknown_one():
    facts = {"power_short_gw": 0.18, "power_coming_gw": 0.1}
    assert not check_holds("power_short_gw <= 0", facts)
    assert check_holds("power_coming_gw < power_short_gw", facts)
    assert check_holds("", facts)
    with pytest.raises(ValueError, match="unknown fact 'gpus'"):
        check_holds("gpus > 3", facts)


def test_a_scenario_step_must_say_what_it_waits_for_in_known_words():
    from game.domain.errors import ConfigError
    from game.io.scenarios import load_scenario
    from game.sim.config import validate_scenario

    data = load_scenario("tutorial").model_dump(by_alias=True)
    data["tutorial_steps"] = [{"text": "Do it", "waits_for": "someday"}]
    with pytest.raises(ConfigError, match="tutorial_steps.0"):
        validate_scenario(data, "tutorial.yaml")
    data["tutorial_steps"] = ["A plain step of an older file"]
    (step,) = steps_of(validate_scenario(data, "tutorial.yaml"))
    assert step.waits_for == "ok"


def test_a_step_that_pauses_the_clock_ends_max_at_once():
    steps = []
    clock = SimClock(lambda: (steps.append(1), len(steps) == 3 and clock.set_speed(0)),
                     lambda: False, budget_s=10.0)
    clock.set_speed(4)
    assert clock.advance(1 / 60) == 3 and clock.paused


def test_settings_round_trip_and_damaged_file(user_dirs):
    s = userdata.Settings(width=1600, height=900, ui_scale=1.3, sound=False)
    userdata.save_settings(s)
    assert userdata.load_settings() == s
    userdata.settings_path().write_text("width: [broken")
    assert userdata.load_settings() == userdata.Settings()
    userdata.settings_path().write_text("width: 5\nui_scale: 99\n")
    loaded = userdata.load_settings()
    assert loaded.width == 960 and loaded.ui_scale == 2.0


@pytest.mark.parametrize("size, scale", [((1280, 720), 1.0), ((2560, 1440), 2.0)])
def test_map_labels_stay_on_the_map_and_never_cover_one_another(campaign, size, scale):
    import pygame

    from game.sim.session import Session
    from game.ui.draw import worldmap
    from game.ui.theme import Fonts

    pygame.font.init()
    session = Session.new(campaign, 1, "balanced")
    session.run(36)
    fonts = Fonts(scale)
    # the main screen's map at this size
    area = pygame.Rect(8, round(110 * scale), round(820 * scale), round(380 * scale))
    layout = worldmap.map_layout(area, worldmap.places(session.agents()), fonts, session.view())
    assert len(layout) >= 18
    boxes = [box for _p, box in layout]
    for place, box in layout:
        assert area.contains(box), (place.name, box)
        assert box.collidelist([b for b in boxes if b is not box]) < 0, place.name


def test_every_facility_is_drawn_on_land_at_its_real_place(campaign):
    import pygame

    from game.sim.session import Session
    from game.ui import theme
    from game.ui.draw import worldmap

    session = Session.new(campaign, 1)
    area = pygame.Rect(0, 0, 1640, 760)
    surf = pygame.Surface(area.size)
    surf.fill(theme.SEA)
    proj = worldmap.Projection(area)
    worldmap.draw_land(surf, proj)
    view = session.view()
    for place in worldmap.places(session.agents()):
        assert place.key in worldmap.SITES or place.key == "player:terafab", place.key
        x, y = proj.point(*worldmap.where(place, view))
        near = [surf.get_at((round(x) + dx, round(y) + dy))[:3]
                for dx in (-3, 0, 3) for dy in (-3, 0, 3)]
        assert theme.LAND in near, f"{place.name} is drawn at sea"
    # west to east and north to south as on a globe: Veldhoven, Hsinchu, Icheon, Tokyo, Phoenix
    asml, tsmc, hynix, tel, tsmc_az = (
        proj.point(*worldmap.SITES[k]) for k in ("asml", "tsmc-hsinchu", "skhynix", "tel",
                                                  "tsmc-arizona")
    )
    assert asml[0] < tsmc[0] < hynix[0] < tel[0] < tsmc_az[0]
    assert asml[1] < hynix[1] < tsmc[1]


def test_idle_chips_in_the_top_bar_add_up_what_waits_for_power_and_for_memory(campaign):
    from game.sim.session import Session
    from game.ui.draw.topbar import stats

    session = Session.new(campaign, 1)
    firm = session.model.firm
    firm.fleet.idle_units, firm.fleet.nohbm_units = 500.0, 1000.0  # waiting for power, for HBM
    idle = next(s for s in stats(session.view()) if s.label == i18n.t("top.idle"))
    assert idle.value == "1.5 k"  # not 2.5 k: the chips waiting for memory count once
    assert "500 wait for power" in idle.tip and "1.0 k wait for HBM" in idle.tip
