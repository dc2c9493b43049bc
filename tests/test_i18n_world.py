"""What the world says to a Chinese player is Chinese: over whole campaigns of every policy, no
news line (its agent and its text, the B1 "wall moved" news' relief list too), no inspector line
and no agent's name is left in English; the regulators' dated notes, the permit agencies, the
classroom's robot seats, the charts' axis numbers (万/亿, 萬/億) and the class pages' fonts too."""

from __future__ import annotations

import asyncio
import base64
import io
import re

import httpx
import pytest
from fontTools.ttLib import TTFont

from game import i18n
from game.cli import main
from game.io.scenarios import load_scenario
from game.sim.config import apply_overrides
from game.sim.session import Session
from game.ui.scenes.inspector import state_lines

CHINESE = ("zh-Hans", "zh-Hant")
POLICIES = (None, "buyer", "integrator", "balanced")
# the headline campaign, the dated history (the regulators' notes), the 1986 memory makers and the
# large world (numbered copies of the agents: "TSMC Taiwan 3")
SCENARIOS = ("terafab", "export-controls", "japan-1986", "large-world")
# what stays in Latin letters in Chinese: units, the industry's abbreviations, the companies that
# write their own names so (AMD, ASML, SK, NEC), the game's name
ALLOWED = {"Terafab", "EFLOPS", "PFLOPS", "GW", "kW", "HBM", "DRAM", "EUV", "DUV", "GPU", "AI",
           "IPO", "USD", "EBITDA", "TSV", "DDR", "AMD", "ASML", "SK", "NEC", "BIS", "CHIPS", "FTC",
           "DOJ", "EPA", "MIIT", "US", "EU", "wpm", "EF"}


def english(text: str) -> set[str]:
    """The English words in `text`: Latin words that are not a unit, an abbreviation or an id
    (ids and names with digits or '_' are the data's own: N3, AI5, chips_act)."""
    words = {w.strip("'-") for w in re.findall(r"[A-Za-z][A-Za-z0-9_'-]*", text)
             if "_" not in w and not re.search(r"\d", w)}
    return {w for w in words if len(w) > 1 and w not in ALLOWED}


@pytest.fixture(scope="module")
def left_in_english() -> dict[str, dict[tuple[str, ...], str]]:
    """Per language: where English was left (what showed it) -> the text, over every campaign."""
    found: dict[str, dict[tuple[str, ...], str]] = {lang: {} for lang in CHINESE}
    for scenario in SCENARIOS:
        for policy in POLICIES:
            session = Session(load_scenario(scenario), 1, policy)
            session.run()
            for lang in CHINESE:
                i18n.set_language(lang)
                try:
                    seen = found[lang]
                    for e in session.model.events:
                        for what, value in (("news agent", e.agent), ("news", e.reason)):
                            shown = i18n.text(value)
                            if english(shown):
                                seen.setdefault((what, getattr(value, "key", e.agent)), shown)
                    for agent in session.agents():
                        name = i18n.text(agent.name)
                        if english(name):
                            seen.setdefault(("agent", agent.key), name)
                        for line in state_lines(agent.view()):
                            shown = f"{line.label}: {line.value or ''}"
                            if english(shown):
                                seen.setdefault(("inspector", agent.key, line.label), shown)
                finally:
                    i18n.set_language("en")
    return found


@pytest.mark.parametrize("lang", CHINESE)
def test_no_news_inspector_line_or_name_of_any_campaign_is_english(left_in_english, lang):
    assert left_in_english[lang] == {}


def b1_news(lang: str) -> list[str]:
    session = Session(load_scenario("bottleneck-migration"), 1, "integrator")
    session.run(60)
    walls = [e.reason for e in session.model.events if e.reason.key == "event.firm.wall_moved_now"]
    assert walls
    return [i18n.text(w, lang) for w in walls]


def test_the_wall_moved_news_names_each_input_in_the_language():
    simplified, traditional, english_news = b1_news("zh-Hans"), b1_news("zh-Hant"), b1_news("en")
    assert all(re.search(r"电力 [+-][\d.,]+，内存 [+-][\d.,]+，芯片 [+-]", s) for s in simplified)
    assert all(re.search(r"電力 [+-][\d.,]+，記憶體 [+-][\d.,]+，晶片 [+-]", s)
               for s in traditional)
    # English reads as it always did (the fingerprints hash it)
    assert all(re.search(r"would add EFLOPS: power [+-][\d.,]+, memory [+-][\d.,]+, chips [+-]", s)
               for s in english_news)


def test_the_regulators_dated_notes_and_permit_agencies_read_in_chinese():
    world = load_scenario("export-controls").world
    notes = [str(h.note) for r in world.regulators for h in r.history if h.note]
    agencies = [site.permit_authority for site in world.terafab.sites]
    assert len(notes) >= 5 and len(agencies) >= 3
    for lang in CHINESE:
        shown = [i18n.text(n, lang) for n in notes + agencies]
        assert [s for s in shown if english(s)] == [], lang
    assert i18n.text("Texas Commission on Environmental Quality", "zh-Hant") == "德州環境品質委員會"
    assert i18n.text("TSMC Taiwan 3", "zh-Hans") == "台积电台湾厂 3"  # a numbered copy


def test_chart_numbers_read_in_wan_and_yi():
    from game.i18n.numbers import axis_number

    assert [axis_number("zh-Hans", v) for v in (9150, 91523, 2e8, 9.99e7)] == \
        ["9,150", "9.15万", "2亿", "9,990万"]
    assert [axis_number("zh-Hant", v) for v in (2e5, 3e9)] == ["20萬", "30億"]
    assert [axis_number("en", v) for v in (91523, 2e8)] == ["91.5k", "200M"]


@pytest.mark.parametrize("lang", CHINESE)
def test_the_window_charts_ticks_read_in_wan_and_yi(lang):
    from game.ui.draw.charts import tick_text

    i18n.set_language(lang)
    try:
        assert tick_text(200000) == ("20万" if lang == "zh-Hans" else "20萬")
    finally:
        i18n.set_language("en")
    assert tick_text(200000) == "200k"


def test_the_reports_matplotlib_charts_read_in_wan_in_chinese():
    import matplotlib.pyplot as plt

    from game.batch.chart_locale import chart_fonts, number_axes

    def labels(lang: str) -> list[str]:
        with plt.rc_context(chart_fonts(lang)):  # the report's fonts: no box for 万
            fig, ax = plt.subplots()
            ax.plot([0, 1, 2], [0, 150_000, 300_000])
            number_axes(fig, lang)
            fig.canvas.draw()
            shown = [t.get_text() for t in ax.get_yticklabels()]
            plt.close(fig)
        return shown

    assert "10万" in labels("zh-Hans") and "30萬" in labels("zh-Hant")
    assert not any("万" in s or "萬" in s for s in labels("en"))


def test_the_class_debrief_carries_the_shipped_cjk_font(tmp_path):
    hand_in = tmp_path / "小明.jsonl"
    hand_in.write_text('{"month": 0, "command": "buy_accelerators", "units": 20000}\n',
                       encoding="utf-8")
    try:
        assert main(["class", str(hand_in), "--scenario", "tutorial", "--months", "3", "--out",
                     str(tmp_path / "out"), "--lang", "zh-Hant"]) == 0
    finally:
        i18n.set_language("en")
    page = (tmp_path / "out" / "class.html").read_text(encoding="utf-8")
    assert '@font-face{font-family:"Terafab CJK";src:url(data:font/otf;base64,' in page
    assert ':lang(zh-Hant) body{font-family:"Terafab CJK"' in page


async def fetch(app) -> tuple[str, httpx.Response, str]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://class") as client:
        css = (await client.get("/static/style.css")).text
        font = await client.get("/static/NotoSansSC-Subset.otf")
        csp = (await client.get("/")).headers["content-security-policy"]
    return css, font, csp


def test_the_live_class_serves_its_font_robots_in_its_language_and_allows_the_debriefs_font(
        tmp_path):
    """...and a student's chart, an SVG image (which loads no font from the page), carries the
    glyphs of its Chinese words."""
    from game.debrief.page import font_style
    from game.web.app import create_app, seat_chart
    from game.web.server import open_class

    i18n.set_language("zh-Hans")
    try:
        scenario = apply_overrides(load_scenario("tutorial"), {"calendar.months": 3})
        classroom = open_class(tmp_path / "class.db", scenario, "tutorial", 1, "rounds")
        classroom.add_robots(2)
        names = sorted((s.row.name, s.row.team) for s in classroom.seats.values())
        css, font, csp = asyncio.run(fetch(create_app(classroom)))
        chart = seat_chart(next(iter(classroom.seats.values())), "compute", 3)
    finally:
        i18n.set_language("en")
    assert [team for _name, team in names] == ["机器人", "机器人"]
    assert all(name.startswith("内置策略 · ") and not english(name) for name, _team in names)
    assert 'url("/static/NotoSansSC-Subset.otf")' in css and '"Terafab CJK SC"' in css
    assert font.status_code == 200 and font.content[:4] == b"OTTO"  # an OpenType font
    assert "font-src 'self' data:" in csp
    from game.io.fonts import style_hash
    assert style_hash(font_style("zh-Hans")[len("<style>"):-len("</style>")]) in csp
    data = re.search(r"src:url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", chart)
    assert data and "'Terafab CJK, " in chart
    with TTFont(io.BytesIO(base64.b64decode(data.group(1)))) as cut:
        glyphs = cut.getBestCmap()
    words = {c for c in re.sub(r"<style>.*?</style>", "", chart) if 0x2E80 <= ord(c) <= 0x9FFF}
    assert len(words) > 4 and sorted(c for c in words if ord(c) not in glyphs) == []


def test_the_sweeps_charts_draw_chinese_in_the_shipped_font(tmp_path):
    """`terafab plot` in Chinese: every title's glyph is in the fonts the charts use (matplotlib
    warns of a missing glyph, and the tests turn warnings into errors)."""
    out = tmp_path / "sweep"
    assert main(["batch", "--seeds", "2", "--policy", "buyer", "--months", "12", "--series",
                 "--quiet", "--engine", "serial", "--out", str(out)]) == 0
    try:
        assert main(["--lang", "zh-Hans", "plot", str(out), "--out", str(out / "plots")]) == 0
    finally:
        i18n.set_language("en")
    assert (out / "plots" / "limiting_factor.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("lang", CHINESE)
def test_the_windows_side_panels_name_the_world_in_chinese(lang):
    """The Supply, Memory, Power, Terafab and Finance tabs after three years of a campaign with
    foundry and memory contracts: every row's label, value and tip in the language."""
    from game.ui.draw import panels

    session = Session(load_scenario("terafab"), 1, "balanced")
    session.run(36)
    i18n.set_language(lang)
    try:
        view = session.view()
        rows = [row for tab in panels.TABS for row in getattr(panels, f"{tab}_rows")(view)]
    finally:
        i18n.set_language("en")
    assert len(rows) > 30
    assert [r for r in rows if english(f"{r.label} {r.value} {r.tip}")] == []
