"""Each screen renders without error at 1280x720, and shows more than a blank fill."""

from __future__ import annotations

import pygame
import pytest

from game.domain.commands import COMMANDS
from game.ui.scenes.action import ActionDialog
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.dialogs import ErrorDialog
from game.ui.scenes.help import HelpScene
from game.ui.scenes.inspector import InspectorScene, WhyDialog
from game.ui.scenes.report import ReportScene
from game.ui.scenes.saves import SavesScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import GameMenu, TitleScene
from tests.ui.conftest import key, start

SCENES = {
    "charts": lambda app: ChartsScene(app),
    "help": lambda app: HelpScene(app),
    "inspector": lambda app: InspectorScene(app, "tsmc-hsinchu"),
    "why": lambda app: WhyDialog(app, app.game.session.events[-1]),
    "report": lambda app: ReportScene(app),
    "saves": lambda app: SavesScene(app),
    "settings": lambda app: SettingsScene(app),
    "menu": lambda app: GameMenu(app),
    **{
        f"action:{name}": (lambda app, c=cls: ActionDialog(app, c))
        for name, cls in COMMANDS.items()
    },
}


def colours(surf: pygame.Surface) -> int:
    small = pygame.transform.scale(surf, (160, 90))
    return len({small.get_at((x, y))[:3] for x in range(160) for y in range(90)})


def test_title_screen_renders(app):
    app.push(TitleScene(app))
    app.frame(0.0, [])
    assert app.errors == 0
    assert colours(app.screen) > 20


@pytest.mark.parametrize("size, scale", [((960, 540), 1.0), ((1280, 720), 1.5)])
def test_title_screen_fits_the_smallest_window_and_the_largest_scale(user_dirs, size, scale):
    from game.io.userdata import Settings
    from game.ui.app import App

    settings = Settings()
    settings.ui_scale = scale
    small = App(settings=settings, size=size, persist_settings=False)
    title = TitleScene(small)
    small.push(title)
    window = pygame.Rect((0, 0), size)
    menu = [b.rect for b in title.buttons if b.name.startswith("title.")]
    rows = [b.rect for b in title.buttons if b.name.startswith("scenario:")]
    seed = title.button("seed:-").rect
    assert all(window.contains(r) and not r.colliderect(title.picker) for r in menu)
    assert all(title.picker.contains(r) and r.bottom < seed.top for r in rows)
    assert not any(a.colliderect(b) for i, a in enumerate(rows) for b in rows[i + 1 :])


@pytest.mark.parametrize("name", list(SCENES))
def test_every_screen_renders_mid_campaign(app, campaign, name):
    start(app, campaign)
    app.game.session.run(14)
    app.push(SCENES[name](app))
    app.frame(0.0, [])
    assert app.errors == 0, "the screen raised and the error dialog opened"
    assert not isinstance(app.top, ErrorDialog)
    assert colours(app.screen) > 20


def test_main_screen_renders_at_large_size(user_dirs, campaign):
    from game.io.userdata import Settings
    from game.ui.app import App

    big = App(settings=Settings(), size=(1920, 1080), persist_settings=False)
    start(big, campaign)
    big.game.session.run(6)
    big.frame(0.0, [])
    assert big.errors == 0
    assert big.screen.get_size() == (1920, 1080)


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_agent_list_and_save_slots_stay_on_screen_at_every_scale(user_dirs, campaign, scale):
    from game.io.userdata import Settings
    from game.ui.app import App

    settings = Settings()
    settings.ui_scale = scale
    big = App(settings=settings, size=(1280, 720), persist_settings=False)
    start(big, campaign)
    window = pygame.Rect(0, 0, 1280, 720)
    inspector = InspectorScene(big)
    big.push(inspector)
    rows = [b for b in inspector.buttons if b.name.startswith("agent:")]
    assert len(rows) == len(inspector.agents), "every agent can be picked"
    assert all(window.contains(b.rect) for b in rows)
    big.pop()
    saves = SavesScene(big)
    big.push(saves)
    assert all(window.contains(b.rect) for b in saves.buttons)
    loads = [b for b in saves.buttons if b.name.startswith("load:")]
    assert len(loads) == len(saves.slots), "every slot, autosaves too, has its Load button"


@pytest.mark.parametrize("name", ["charts", "help", "inspector", "report", "saves", "settings"])
def test_escape_leaves_every_screen_for_the_main_screen(app, campaign, name):
    start(app, campaign)
    app.game.session.run(3)
    app.push(SCENES[name](app))
    app.frame(0.0, [])
    key(app, pygame.K_ESCAPE)
    assert app.top.name == "main"



def test_news_names_each_agent_once(app, campaign):
    """"NVIDIA booked N2 wafers ..." reads as it is, not "NVIDIA: NVIDIA booked ..."."""
    start(app, campaign)
    app.game.session.run(13)  # a year of news: bookings, memory conversions, grid requests
    app.frame(0.0, [])
    scene = app.top
    tips = {h.name: h.tip for h in scene.hots if h.name.startswith("news:")}
    assert scene.news_rows, "the news feed shows the first month's events"
    opening_with_agent = 0
    for i, (event, _rect) in enumerate(scene.news_rows):
        opening_with_agent += event.reason.startswith(event.agent)
        assert f"{event.agent}: {event.agent}" not in tips[f"news:{i}"]
    assert opening_with_agent, "some reasons open with their agent's name (the case this guards)"
