"""The HTML faces in Chinese: the run report (`terafab report --lang`) and the class debrief
(`terafab class --lang`) speak the chosen language through the catalogs, with `lang` on <html>;
no English is left on them outside an explicit list of names, units and ids; and the report renders
in headless Chromium with every character in the font it embeds."""

from __future__ import annotations

import html
import json
import re
import string
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from game import i18n
from game.cli import main
from game.io.paths import ASSETS
from game.sim.score import TERM_KEYS
from game.teach.signals import TIERS
from game.web import pages
from tests.test_report_browser import chromium

ROOT = Path(__file__).resolve().parents[1]
PAGE_SOURCES = ["game/teach/report.py", "game/teach/charts.py", "game/teach/html.py",
                "game/teach/sources.py", "game/teach/batch_report.py", "game/batch/plots.py",
                "game/debrief/page.py", "game/debrief/svg.py", "game/debrief/grades.py",
                "game/debrief/games.py", "game/web/app.py", "game/web/classroom.py",
                "game/web/views.py", "game/web/pages.py"]
CHINESE = ("zh-Hans", "zh-Hant")
TEMPLATES = ("student.html", "teacher.html")

# What may stay in Latin letters on a Chinese page: units, the industry's abbreviations, the
# game's and companies' names, and what the player types (file names, commands in <code>)
ALLOWED = {"Terafab", "EFLOPS", "EFLOPS-months", "GW", "HBM", "DRAM", "EUV", "GPU", "GPUs", "CSV",
           "AI", "IPO", "USD", "EBITDA", "TSMC", "ASML", "Intel", "Samsung", "SK", "hynix",
           "Micron", "Nvidia", "NVIDIA", "AMD", "CXMT", "SMIC", "YMTC", "Rapidus", "US", "KR",
           "TW", "CN", "JP", "NL", "EU", "wpm", "EF", "PFLOPS", "MIIT", "BIS", "CHIPS", "FTC",
           "DOJ", "EPA", "DDR", "TSV", "DUV"}


def english_words(page: str, names: set[str] = frozenset()) -> set[str]:
    """The Latin words a reader sees: tags, scripts, styles and <code> (commands) removed, and
    the agents' proper `names` (TSMC Arizona) and ids (raise_capital, memory_fab_build_months)
    left out."""
    body = re.sub(r"<(script|style|code)\b.*?</\1>", " ", page, flags=re.S | re.I)
    body = html.unescape(re.sub(r"<[^>]+>", " ", body))
    for name in sorted(names, key=len, reverse=True):
        body = body.replace(name, " ")
    # Latin letters only: "HBM的" is the abbreviation HBM before a Chinese word
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9_'-]*", body)
    words = {t.strip("'-") for t in tokens if "_" not in t and not re.search(r"\d", t)}
    return {w for w in words if len(w) > 1 and w not in ALLOWED}


@cache
def world_names(scenario: str, lang: str) -> frozenset[str]:
    """What a page quotes from the world as it is written there, proper names the catalog keeps
    as they are: its agents' names (TSMC Arizona, Texas Commission on Environmental Quality) and
    the regulators' dated decisions, each named by its document (BIS rule on ..., 7 Oct 2022)."""
    from game.io.scenarios import load_scenario
    from game.sim.session import Session

    world = load_scenario(scenario)
    names = {a.name for a in Session(world, 1, None).model.agents}
    names |= {site.permit_authority for site in world.world.terafab.sites}  # a state's agency
    names |= {str(h.note) for r in world.world.regulators for h in r.history if h.note}
    return frozenset(n for n in names if i18n.text(n, lang) == n)


def catalog_ids_in(path: Path) -> set[str]:
    ids = re.findall(r"""["'](pages\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""", path.read_text())
    return {i for i in ids if i.count(".") > 2 or not i.startswith("pages.web.")}


def fields_of(template: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(template) if f)


def test_every_page_id_is_in_every_catalog_with_the_same_placeholders():
    used = set().union(*(catalog_ids_in(ROOT / p) for p in PAGE_SOURCES))
    used |= {f"pages.term.{k}" for k in TERM_KEYS} | {f"pages.tier.{c}" for c, _ in TIERS}
    static = ROOT / "game" / "web" / "static"
    marks = set().union(*(pages.MARK.findall((static / n).read_text()) for n in TEMPLATES))
    assert len(marks) > 40  # the classroom's templates speak through the catalogs too
    used |= {f"pages.web.{m}" for m in marks - {"lang", "texts"}}
    assert len(used) > 150  # the pages speak through the catalogs
    catalogs = {lang: i18n.load_catalog(lang) for lang in i18n.LANGUAGES}
    missing = {lang: sorted(used - set(c)) for lang, c in catalogs.items()}
    assert missing == {lang: [] for lang in i18n.LANGUAGES}
    english = catalogs["en"]
    differ = [(lang, key) for lang in CHINESE for key in english if key.startswith("pages.")
              and fields_of(catalogs[lang].get(key, "")) != fields_of(english[key])]
    assert differ == []


def test_every_word_the_pages_scripts_ask_for_is_handed_to_them():
    """tr("key") in student.js / teacher.js reads the JSON the server puts in the page."""
    static = ROOT / "game" / "web" / "static"
    asked = set()
    for name in ("student.js", "teacher.js"):
        asked |= set(re.findall(r'\btr\("([a-z_]+)"[,)]', (static / name).read_text()))
    assert len(asked) > 30
    for lang in i18n.LANGUAGES:
        assert sorted(asked - set(pages.script_texts(lang))) == [], lang


@pytest.fixture(scope="module")
def save(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("zhreport")
    assert main(["run", "--scenario", "bottleneck-migration", "--seed", "1", "--months", "12",
                 "--save", str(folder / "对局.json"), "--out", str(folder / "run.csv")]) == 0
    return folder / "对局.json"


@pytest.fixture(scope="module")
def reports(save) -> dict[str, str]:
    pages = {}
    for lang in CHINESE:
        out = save.with_name(f"report-{lang}.html")
        assert main(["report", str(save), "--out", str(out), "--lang", lang]) == 0
        pages[lang] = out.read_text(encoding="utf-8")
    i18n.set_language("en")
    return pages


@pytest.mark.parametrize("lang", CHINESE)
def test_the_report_is_in_chinese_with_no_english_left(reports, lang):
    page = reports[lang]
    assert f'<html lang="{lang}">' in page
    assert "Terafab CJK" in page  # the embedded font leads the stack
    heading = "限制因素：每个月是哪堵墙卡住了增长" if lang == "zh-Hans" else \
        "限制因素：每個月是哪堵牆卡住了增長"
    assert heading in page
    assert english_words(page, world_names("bottleneck-migration", lang)) == set()


def test_the_batch_report_is_in_chinese_with_no_english_left(tmp_path):
    folder = tmp_path / "sweep"
    assert main(["batch", "--scenario", "memory-cycle", "--seeds", "2", "--months", "12",
                 "--policy", "passive", "balanced", "--sweep", "world.memory.build_months=10,19",
                 "--series", "--engine", "serial", "--quiet", "--out", str(folder)]) == 0
    out = tmp_path / "batch.html"
    assert main(["report", str(folder), "--out", str(out), "--lang", "zh-Hans"]) == 0
    i18n.set_language("en")
    page = out.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in page and "各组结果的中位数" in page
    swept = {"world.memory.build_months", "world", "memory", "build_months"}  # a config key
    assert english_words(page) - swept == set()


def test_the_report_in_english_is_unchanged_in_its_words(save, tmp_path):
    out = tmp_path / "en.html"
    assert main(["report", str(save), "--out", str(out), "--lang", "en"]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Terafab CJK" not in page
    assert "The limiting factor: which wall bound growth each month" in page
    assert "Decision log: every agent decision and the rule behind it" in page


def line(month: int, command: str, **fields) -> str:
    return json.dumps({"month": month, "command": command, **fields})


@pytest.fixture(scope="module")
def class_pages(tmp_path_factory) -> dict[str, tuple[str, str]]:
    """`terafab class` of three hand-ins (one refused command, one empty log) per language."""
    folder = tmp_path_factory.mktemp("zhclass")
    (folder / "小明.jsonl").write_text(line(0, "buy_accelerators", units=20000) + "\n"
                                     + line(1, "request_grid", gw=1.0) + "\n", encoding="utf-8")
    (folder / "小红.jsonl").write_text("", encoding="utf-8")
    (folder / "阿华.jsonl").write_text(line(1, "raise_capital", kind="debt", busd=200.0) + "\n",
                                     encoding="utf-8")
    games = [str(folder / f"{n}.jsonl") for n in ("小明", "小红", "阿华")]
    pages = {}
    for lang in CHINESE:
        out = folder / lang
        assert main(["class", *games, "--scenario", "tutorial", "--months", "6", "--out",
                     str(out), "--lang", lang]) == 0
        pages[lang] = ((out / "class.html").read_text(encoding="utf-8"),
                       (out / "grades.csv").read_text(encoding="utf-8"))
    i18n.set_language("en")
    return pages


@pytest.mark.parametrize("lang", CHINESE)
def test_the_class_debrief_is_in_chinese_with_no_english_left(class_pages, lang):
    page, _grades = class_pages[lang]
    assert f"<html lang='{lang}'>" in page
    assert ("内置策略" if lang == "zh-Hans" else "內建策略") in page
    assert ("被拒" in page) and "refused in" not in page  # the refusal note, in the language
    assert english_words(page) == set()


def test_the_grades_csv_keeps_its_english_columns_and_translates_its_notes(class_pages):
    _page, grades = class_pages["zh-Hant"]
    head, *rows = grades.splitlines()
    assert head.startswith("rank,name,team,group,played_by,month,score,grade,score_compute")
    assert any("命令紀錄為空" in r or "指令紀錄為空" in r for r in rows), rows
    assert any("被拒：raise_capital：" in r for r in rows), rows


@cache
def cmap(name: str) -> frozenset[int]:
    with TTFont(ASSETS / "fonts" / name, lazy=True) as font:
        return frozenset(font.getBestCmap())


def test_the_traditional_report_renders_in_chromium_with_every_glyph(reports, tmp_path):
    """Chromium lays the page out (its text, as the browser reads it); every CJK character of
    that text is in the Noto Sans TC subset the page embeds, so no machine shows a box."""
    import subprocess

    page = tmp_path / "report.html"
    page.write_text(reports["zh-Hant"], encoding="utf-8")
    done = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,720",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    dom = done.stdout
    assert '<html lang="zh-Hant">' in dom, done.stderr[-500:]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    shown = html.unescape(re.sub(r"<[^>]+>", " ", body))
    cjk = {c for c in shown if 0x2E80 <= ord(c) <= 0x9FFF or 0xFF00 <= ord(c) <= 0xFFEF}
    assert len(cjk) > 100
    assert sorted(c for c in cjk if ord(c) not in cmap("NotoSansTC-Subset.otf")) == []
