"""Every screen readable at 1280x720 (UI scale 1) and 2560x1440 (UI scale 2): each label drawn
inside the box it is drawn in (the panel, button or card under it), never cut by the screen's
edge, never hidden under a button, shortened with an ellipsis only where hovering shows the whole
text, and every character in the font that draws it (the shipped fonts: a machine without a CJK
font draws the same), in every shipped language (en, zh-Hans, zh-Hant).

The screen is a Surface that records what is drawn on it: the filled rectangles (panels, buttons,
cards, boxes) and each text blit, in order. A text's box is the smallest filled rectangle drawn
before it under its top-left corner.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pygame
import pytest
from fontTools.ttLib import TTFont

from game import i18n
from game.domain.commands import COMMANDS
from game.io.scenarios import load_scenario
from game.io.userdata import Settings
from game.sim.session import Session
from game.ui import theme
from game.ui.app import App
from game.ui.game import Game
from game.ui.scene import Scene
from game.ui.scenes.action import ActionDialog
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.dialogs import ErrorDialog, MessageDialog
from game.ui.scenes.help import HelpScene
from game.ui.scenes.inspector import InspectorScene, WhyDialog
from game.ui.scenes.main import MainScene
from game.ui.scenes.report import ReportScene
from game.ui.scenes.saves import SavesScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import GameMenu, TitleScene, start_game

SIZES = [((1280, 720), 1.0), ((2560, 1440), 2.0)]


@pytest.fixture(autouse=True)
def no_system_fonts(monkeypatch):
    """No system CJK font (fontconfig's or a known path): the shipped fonts draw everything."""
    monkeypatch.setattr(theme, "find_cjk_font", lambda: None)


@pytest.fixture(autouse=True, params=i18n.LANGUAGES)
def language(request):
    """Each check in each shipped language (the window's language is the settings')."""
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


class Recording(pygame.Surface):
    """A screen that remembers its filled rectangles and its text blits."""

    def __init__(self, size, texts: dict[int, str]) -> None:
        super().__init__(size)
        self.texts = texts  # id(rendered surface) -> its text
        self.drawn: list[tuple[str, pygame.Rect, str]] = []

    def blit(self, source, dest, area=None, special_flags=0):
        text = self.texts.get(id(source))
        if text is not None:
            pos = dest.topleft if isinstance(dest, pygame.Rect) else dest
            rect = pygame.Rect(round(pos[0]), round(pos[1]), *source.get_size())
            self.drawn.append(("text", rect, text))
        return super().blit(source, dest, area, special_flags)


@pytest.fixture
def recorded(monkeypatch):
    """The text of every rendered surface, and every filled rectangle on a Recording surface."""
    texts: dict[int, str] = {}
    render = theme.Fonts.text

    def text(self, s, size=15, colour=theme.TEXT, bold=False):
        surf = render(self, s, size, colour, bold)
        texts[id(surf)] = s
        asked.add(s)
        return surf

    asked: set[str] = set()
    texts["asked"] = asked  # every text asked for: a shortened one was asked for whole first

    monkeypatch.setattr(theme.Fonts, "text", text)
    draw_rect = pygame.draw.rect

    def rect(surface, colour, r, width=0, *args, **kwargs):
        out = draw_rect(surface, colour, r, width, *args, **kwargs)
        if isinstance(surface, Recording) and width == 0:
            surface.drawn.append(("box", pygame.Rect(r), ""))
        return out

    monkeypatch.setattr(pygame.draw, "rect", rect)
    return texts


def draw_top(app: App, texts: dict[int, str]) -> Recording:
    """The top scene drawn alone on a Recording screen (the main screen without its cache)."""
    app.frame(0.0, [])
    surf = Recording(app.size, texts)
    surf.fill(theme.BG)
    scene = app.top
    if isinstance(scene, MainScene):
        scene.draw_base(surf)
        scene.draw_notices(surf)
        Scene.draw(scene, surf)
    else:
        scene.draw(surf)
    return surf


def problems(app: App, surf: Recording) -> list[str]:
    out = []
    screen = surf.get_rect()
    boxes: list[pygame.Rect] = []
    fonts = app.fonts
    for kind, rect, text in surf.drawn:
        if kind == "box":
            boxes.append(rect)
            continue
        if not text.strip():
            continue
        ink = rect.inflate(-2, -2)  # anti-aliasing may touch the box's edge
        if not screen.contains(ink):
            out.append(f"{text!r} runs off the screen at {rect}")
            continue
        corner = (rect.x + 1, rect.y + 1)
        under = [b for b in boxes if b.collidepoint(corner)]
        box = min(under, key=lambda b: b.w * b.h) if under else screen
        if not box.inflate(2, 2).contains(ink):
            out.append(f"{text!r} at {rect} runs out of its box {box}")
        if cut_short(text, surf.texts["asked"]) and text[:-1].strip() not in hover(app, rect):
            out.append(f"{text!r} is cut short and no hover shows the whole text")
        under = [b for b in app.top.buttons if b.rect.colliderect(ink) and not (
            b.rect.inflate(2, 2).contains(ink) and b.label.startswith(text.rstrip("…")))]
        if under:
            out.append(f"{text!r} at {rect} is drawn under the button {under[0].label!r}")
        missing = [c for c in set(text) if not glyph(fonts, c)]
        if missing:
            out.append(f"{text!r}: no glyph for {missing}")
    return out


def cut_short(text: str, asked: set[str]) -> bool:
    """An ellipsis that shortened a longer text (not one the text ends with)."""
    return text.endswith("…") and any(
        len(other) >= len(text) and other.startswith(text[:-1]) and other != text
        for other in asked
    )


def hover(app: App, rect: pygame.Rect) -> str:
    """The tooltip the mouse shows over the middle of `rect`."""
    app.top.mouse = rect.center
    return app.top.tooltip()


@cache
def cmap(name: str) -> frozenset[int]:
    with TTFont(theme.FONT_DIR / name, lazy=True) as font:
        return frozenset(font.getBestCmap())


def glyph(fonts: theme.Fonts, ch: str) -> bool:
    """The character is in the character map of the shipped font file that draws it (DejaVu
    Sans; CJK in the Noto Sans CJK subset of the language's script), so no system font is
    needed (Latin in both DejaVu faces: a label may be bold)."""
    if ch in " \n":
        return True
    if theme.is_cjk(ch):
        return ord(ch) in cmap(Path(theme.shipped_cjk_font(i18n.language())).name)
    return ord(ch) in cmap("DejaVuSans.ttf") and ord(ch) in cmap("DejaVuSans-Bold.ttf")


def new_app(user_dirs, size, scale, language: str = "") -> App:
    settings = Settings(ui_scale=1.0, language=language or i18n.language())
    return App(settings=settings, size=size, persist_settings=False)


@pytest.fixture(scope="module")
def played_session():
    session = Session.new(load_scenario("terafab"), 1, "balanced")
    session.run(40)
    return session


SCREENS = {
    "charts": lambda app: ChartsScene(app),
    "help": lambda app: HelpScene(app),
    "inspector": lambda app: InspectorScene(app, "player"),
    # one agent of each kind: their labels, units and lists differ
    **{f"inspector:{key}": (lambda app, k=key: InspectorScene(app, k)) for key in (
        "tsmc-hsinchu", "nvidia", "asml", "skhynix", "us", "rival-lab", "amat")},
    "why": lambda app: WhyDialog(app, app.game.session.events[-1]),
    "report": lambda app: ReportScene(app),
    "saves": lambda app: SavesScene(app),
    "settings": lambda app: SettingsScene(app),
    "menu": lambda app: GameMenu(app),
    **{f"action:{name}": (lambda app, c=cls: ActionDialog(app, c)) for name, cls in
       COMMANDS.items()},
}


@pytest.fixture(scope="module")
def finished_session():
    """The tutorial's five years played to the end: the end screen's session."""
    session = Session.new(load_scenario("tutorial"), 1, "balanced")
    session.run()
    assert session.done
    return session


@pytest.fixture(scope="module")
def rivals_of_finished(finished_session):
    """The built-in policies' summaries on the finished session's scenario and seed (the end
    screen's table), computed once for every size and language."""
    from game.agents.policies import POLICIES
    from game.sim.runner import run_campaign

    s = finished_session
    return {name: run_campaign(s.scenario, s.seed, name, months=s.month,
                               record_series=False).summary for name in POLICIES}


class DoneRivals:
    """The end screen's rival runs, already finished (computed once by the fixture above)."""

    def __init__(self, results) -> None:
        self.results, self.done = results, True

    def snapshot(self):
        return dict(self.results)

    def wait(self, timeout_s: float = 0.0) -> None:
        pass


def check(app: App, texts) -> None:
    found = problems(app, draw_top(app, texts))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size, scale", SIZES)
@pytest.mark.parametrize("tab", ["supply", "memory", "power", "terafab", "finance"])
def test_the_main_screen_reads_whole(user_dirs, recorded, played_session, size, scale, tab):
    app = new_app(user_dirs, size, scale)
    assert app.fonts.scale == scale
    start_game(app, Game(played_session))
    app.top.open_tab(tab)
    check(app, recorded)


@pytest.fixture(scope="module")
def many_generations():
    """Seven years of the balanced policy: seven chip generations funded (AI5 to AI11)."""
    session = Session.new(load_scenario("terafab"), 1, "balanced")
    session.run(84)
    assert len(session.view().firm.generations) >= 7
    return session


@pytest.mark.parametrize("size, scale", SIZES)
def test_the_supply_panel_reads_whole_with_many_generations(user_dirs, recorded,
                                                            many_generations, size, scale):
    """#16: the "Chip generations" line ran out of the panel at 1280x720 with 4 generations."""
    app = new_app(user_dirs, size, scale)
    start_game(app, Game(many_generations))
    app.top.open_tab("supply")
    check(app, recorded)
    shown = [row.label for row, _r in app.top.placed_rows] + \
        [row.value for row, _r in app.top.placed_rows]
    assert "AI11" in shown  # the newest generation is listed by name


@pytest.mark.parametrize("size, scale", SIZES)
def test_the_lesson_tab_reads_whole(user_dirs, recorded, size, scale):
    app = new_app(user_dirs, size, scale)
    session = Session.new(load_scenario("bottleneck-migration"), 1, "balanced")
    session.run(12)
    start_game(app, Game(session))
    app.top.open_tab("lesson")
    check(app, recorded)


@pytest.mark.parametrize("size, scale", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_every_screen_reads_whole(user_dirs, recorded, played_session, size, scale, name):
    app = new_app(user_dirs, size, scale)
    start_game(app, Game(played_session))
    app.push(SCREENS[name](app))
    check(app, recorded)


@pytest.fixture(scope="module")
def bust_session():
    """A firm that starts USD 60 B in the red: the lenders take it early (F3), game over."""
    from game.sim.config import apply_overrides

    session = Session(apply_overrides(load_scenario("tutorial"), {"firm.cash_busd": -60}), 1)
    session.run()
    assert session.model.end_cause
    return session


@pytest.mark.parametrize("size, scale", SIZES)
@pytest.mark.parametrize("ending", ["finished", "bust"])
def test_the_end_screen_reads_whole(user_dirs, recorded, finished_session, rivals_of_finished,
                                    bust_session, monkeypatch, size, scale, ending):
    from game.ui.scenes import report

    monkeypatch.setattr(report, "Rivals", lambda *args: DoneRivals(rivals_of_finished))
    app = new_app(user_dirs, size, scale)
    start_game(app, Game(finished_session if ending == "finished" else bust_session))
    app.frame(0.0, [])  # the main screen opens the end screen when the session is done
    assert isinstance(app.top, ReportScene)
    check(app, recorded)


@pytest.mark.parametrize("size, scale", SIZES)
def test_the_tutorial_reads_whole(user_dirs, recorded, size, scale):
    app = new_app(user_dirs, size, scale)
    start_game(app, Game(Session.new(load_scenario("tutorial"), 1), tutorial=True))
    scene = app.top
    for _ in scene.tutorial.steps:  # every step of the scenario's own tutorial, in turn
        check(app, recorded)
        scene.tutorial.advance()
        scene.layout(app.size)


@pytest.mark.parametrize("size, scale", SIZES)
@pytest.mark.parametrize("dialog", ["message", "error"])
def test_the_message_dialogs_read_whole(user_dirs, recorded, played_session, size, scale,
                                        dialog):
    app = new_app(user_dirs, size, scale)
    start_game(app, Game(played_session))
    if dialog == "message":
        app.push(MessageDialog(app, i18n.t("saves.load_failed"),
                               i18n.t("saves.where", path="/home/player/.local/share/terafab")))
    else:
        app.push(ErrorDialog(app, "ValueError: a number the window could not draw"))
    check(app, recorded)


@pytest.mark.parametrize("size, scale", SIZES)
def test_the_title_screen_reads_whole(user_dirs, recorded, size, scale):
    app = new_app(user_dirs, size, scale)
    app.push(TitleScene(app))
    check(app, recorded)


@pytest.mark.parametrize("size, scale", SIZES)
def test_an_alert_reads_whole_beside_the_news(user_dirs, recorded, played_session, size, scale):
    app = new_app(user_dirs, size, scale)
    start_game(app, Game(played_session))
    app.game.notify(i18n.t("alert.limiting", before=i18n.t("factor.power"),
                           now=i18n.t("factor.memory")), False)
    check(app, recorded)


def test_notices_never_cover_the_map(user_dirs, played_session):
    app = new_app(user_dirs, (1280, 720), 1.0)
    start_game(app, Game(played_session))
    app.frame(0.0, [])
    scene = app.top
    before = pygame.Surface.copy(app.screen.subsurface(scene.map_rect))
    for i in range(4):  # four at once: saved, refused, autosaved...
        app.game.notify(f"Notice number {i}: something the player should read", i % 2 == 0)
    app.frame(0.0, [])
    after = app.screen.subsurface(scene.map_rect)
    assert pygame.image.tobytes(before, "RGB") == pygame.image.tobytes(after, "RGB")
    box = scene.notice_rect()
    assert box is not None and scene.news_rect.contains(box)
    assert "Notice number 3" in hover(app, box)


@pytest.mark.parametrize("size, scale", SIZES)
@pytest.mark.parametrize("tab", ["supply", "memory", "power", "terafab", "finance"])
def test_the_main_screen_reads_whole_before_the_first_month(user_dirs, recorded, size, scale,
                                                            tab):
    """A new game, month 0: the Terafab tab's hint ("Start it below: pick a site, file permits,
    fund phases, order tools, hire staff.") ran past the side panel's edge at 1280x720."""
    app = new_app(user_dirs, size, scale)
    start_game(app, Game(Session.new(load_scenario("terafab"), 1)))
    app.top.open_tab(tab)
    check(app, recorded)
