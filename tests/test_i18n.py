"""The message catalogs: one source of ids (English), every language complete with the same
placeholders, every id the code asks for present and every id present asked for."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from game import i18n
from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
LOOKUPS = {"t", "t_or", "has", "msg"}  # the functions that take a message id first


def _placeholders(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(text) if name}


def _code_ids() -> tuple[set[str], set[str], set[str]]:
    """(ids passed literally to a lookup, every string constant, the fixed heads of f-string ids)
    over the game's source."""
    literal, constants, prefixes = set(), set(), set()
    for path in (ROOT / "game").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and "." in str(head.value):
                    prefixes.add(str(head.value))
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                first = node.args[0]
                if name in LOOKUPS and isinstance(first, ast.Constant) \
                        and isinstance(first.value, str):
                    literal.add(first.value)
    return literal, constants, prefixes


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_language_has_exactly_the_english_ids_and_placeholders(lang):
    en, other = i18n.load_catalog("en"), i18n.load_catalog(lang)
    assert other, f"no {lang} catalog shipped"
    assert sorted(set(en) - set(other)) == [], f"ids missing from {lang}"
    assert sorted(set(other) - set(en)) == [], f"ids in {lang} that English does not have"
    differ = {k: (sorted(_placeholders(en[k])), sorted(_placeholders(other[k])))
              for k in en if _placeholders(en[k]) != _placeholders(other[k])}
    assert differ == {}, f"placeholders differ between en and {lang}"


def test_every_id_the_code_asks_for_is_in_the_catalog():
    literal, _, _ = _code_ids()
    assert sorted(literal - set(i18n.load_catalog("en"))) == []


def test_every_catalog_id_is_used_by_the_code():
    _, constants, prefixes = _code_ids()
    unused = [key for key in i18n.load_catalog("en")
              if key not in constants and not any(key.startswith(p) for p in prefixes)
              and not key.startswith(DATA_IDS)]
    assert unused == []


# ids made from data rather than code: languages by code, names the engine's data give agents
DATA_IDS = ("language.", "name.", "scenario.")


def test_language_names_and_aliases():
    assert i18n.resolve("zh") == "zh-Hans"
    assert i18n.resolve("zh_TW.UTF-8") == "zh-Hant"
    assert i18n.resolve("EN") == "en"
    assert i18n.from_environment({"LANG": "zh_HK.UTF-8"}) == "zh-Hant"
    assert i18n.from_environment({"LANG": "fr_FR.UTF-8"}) == "en"
    with pytest.raises(i18n.UnknownLanguage, match="unknown language 'klingon'"):
        i18n.resolve("klingon")


def test_settings_language_zh_means_simplified():
    try:
        assert i18n.set_language("zh") == "zh-Hans"
        assert i18n.t("title.new") == i18n.load_catalog("zh-Hans")["title.new"]
    finally:
        i18n.set_language("en")


def test_unknown_language_on_the_command_line_is_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["scenarios", "--lang", "klingon"])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown language 'klingon'" in err[0]


def test_numbers_read_as_the_articles_write_them():
    try:
        i18n.set_language("zh-Hans")
        assert i18n.numbers.format_value("zh-Hans", 55.0, "usd_b") == "550 亿美元"
        assert i18n.numbers.format_value("zh-Hant", 119.0, "usd_b") == "1190 億美元"
        assert i18n.numbers.format_value("zh-Hant", 12_000_000, "count") == "1200 萬"
        assert i18n.numbers.format_value("en", 55.0, "usd_b") == "USD 55.0 B"
    finally:
        i18n.set_language("en")


# The engine's texts: news (log), refusals and previews (effect) are built from message ids only.
ENGINE_SOURCES = [*sorted((ROOT / "game" / "agents").rglob("*.py")),
                  ROOT / "game" / "sim" / "model.py", ROOT / "game" / "sim" / "session.py"]
TEXT_ARG = {"refuse": 0, "CommandRefused": 0, "announce_level": 2, "log_power_review": 2,
            "_raised": 2}


def _built_text(node) -> bool:
    """Text written in the code: a literal with words, an f-string, or text glued together."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip()
    if isinstance(node, ast.BinOp):
        return _built_text(node.left) or _built_text(node.right)
    if isinstance(node, ast.IfExp):
        return _built_text(node.body) or _built_text(node.orelse)
    return False


def test_the_engine_builds_no_text_outside_the_catalogs():
    found = []
    for path in ENGINE_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            texts = [kw.value for kw in node.keywords if kw.arg == "effect"]
            if name in ("log", "_log"):
                texts += node.args[1:3]
            elif name in TEXT_ARG and len(node.args) > TEXT_ARG[name]:
                texts.append(node.args[TEXT_ARG[name]])
            found += [f"{path.relative_to(ROOT)}:{node.lineno}" for t in texts if _built_text(t)]
    assert found == []


def test_command_titles_and_fields_have_ids_with_their_english_text():
    import dataclasses

    from game.domain.commands import COMMANDS

    en = i18n.load_catalog("en")
    for cls in COMMANDS.values():
        assert en[f"command.{cls.name}.title"] == cls.title
        for f in dataclasses.fields(cls):
            if f.metadata.get("label"):
                assert en[f"field.{cls.name}.{f.name}"] == f.metadata["label"]


def test_an_engine_message_reads_in_each_language():
    from game.domain.errors import CommandRefused

    refusal = CommandRefused(i18n.msg("refuse.core.not_enough_cash", busd=55.0, cash_busd=1.25))
    assert str(refusal) == "Not enough cash: this needs USD 55.0 B and you have USD 1.2 B " \
                           "(raise capital first)"
    assert i18n.text(refusal.args[0], "zh-Hans") == \
        "现金不足：这需要 550 亿美元，而你只有 12.5 亿美元（先融资）"
    assert "550 億美元" in i18n.text(refusal.args[0], "zh-Hant")
    news = i18n.msg("event.toolmakers.cannot_ship_us", name="ASML", buyer="Rival AI lab")
    assert i18n.text(news, "zh-Hans") == "ASML 无法向竞争对手 AI 实验室出货：美国设备管制"
    assert i18n.text(news, "zh-Hant") == "ASML 無法向競爭對手 AI 實驗室出貨：美國設備管制"


def test_every_rule_has_its_title_and_text_in_the_catalogs():
    from game.domain.rules import RULES

    en = i18n.load_catalog("en")
    for rule in RULES.values():
        assert (en[f"rule.{rule.id}.title"], en[f"rule.{rule.id}.text"]) == (rule.title, rule.text)
    try:
        i18n.set_language("zh-Hant")
        assert RULES["S1"].shown_title == "台灣的風險" and "護國神山" in RULES["S1"].shown_text
    finally:
        i18n.set_language("en")


def test_every_scenario_word_has_its_english_in_the_catalog_and_shows_translated():
    from game.i18n.scenarios import shown
    from game.io.paths import SCENARIOS
    from game.io.scenarios import load_scenario

    en = i18n.load_catalog("en")
    for path in sorted(SCENARIOS.glob("*.yaml")):
        sc = load_scenario(path.stem)
        head = f"scenario.{sc.name}."
        assert (en[head + "title"], en[head + "goal"]) == (sc.title, sc.goal)
        if sc.lesson is not None:
            assert en[head + "teaches"] == sc.lesson.teaches
            assert [en[f"{head}watch.{i}"] for i in range(len(sc.lesson.watch))] == \
                list(sc.lesson.watch)
            assert [en[f"{head}questions.{i}"] for i in range(len(sc.lesson.questions))] == \
                list(sc.lesson.questions)
            assert [en[f"{head}try.{i}"] for i in range(len(sc.lesson.things_to_try))] == \
                [item.label for item in sc.lesson.things_to_try]
        for i, step in enumerate(sc.tutorial_steps):
            assert en[f"{head}step.{i}"] == (step if isinstance(step, str) else step.text)
    card = shown(load_scenario("bullwhip"), "zh-Hans")
    assert card.title == "牛鞭效应：先是芯片短缺，然后过剩"
    assert card.lesson.things_to_try[0].command.startswith("terafab run --scenario bullwhip")
    assert shown(load_scenario("tutorial"), "zh-Hant").tutorial_steps[1].waits_for == \
        "command:request_grid"


def test_the_cli_speaks_the_language_asked_for(capsys, tmp_path):
    try:
        assert main(["run", "--lang", "zh-Hant", "--months", "3", "--policy", "balanced",
                     "--out", str(tmp_path / "run.csv")]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Terafab：15 年戰役 | 種子 1")
        assert "期末現金" in out and "億美元" in out
        assert main(["scenarios", "bullwhip", "--lang", "zh-Hans"]) == 0
        card = capsys.readouterr().out
        assert card.startswith("牛鞭效应：先是芯片短缺，然后过剩 (bullwhip, 普通)")
        assert "讨论题：" in card and "terafab run --scenario bullwhip" in card
    finally:
        i18n.set_language("en")


def test_a_chinese_report_page_declares_its_language_and_carries_its_font():
    from game.i18n.scenarios import shown
    from game.io.scenarios import load_scenario
    from game.teach.html import Page

    try:
        i18n.set_language("zh-Hant")
        page = Page("報告")
        page.card(shown(load_scenario("bullwhip")).lesson)
        out = page.render()
    finally:
        i18n.set_language("en")
    assert '<html lang="zh-Hant">' in out and "<h3>討論題</h3>" in out
    assert 'font-family:"Terafab CJK"' in out and "base64," in out
    english = Page("Report").render()
    assert '<html lang="en">' in english and "Terafab CJK" not in english


def test_a_chinese_line_never_starts_with_a_closing_mark():
    import pygame

    from game.ui import theme

    pygame.font.init()
    try:
        i18n.set_language("zh-Hant")
        fonts = theme.Fonts()
        text = i18n.load_catalog("zh-Hant")["help.step1"]
        for width in range(120, 520, 4):
            lines = fonts.wrap(text, 14, width)
            assert "".join(lines) == text
            assert not any(line[0] in theme.NO_LINE_START for line in lines[1:]), (width, lines)
    finally:
        i18n.set_language("en")


def test_an_error_carrying_a_message_reads_in_the_players_language():
    from game.domain.errors import UsageError

    error = UsageError(i18n.msg("unit_about.months", n="18"))
    assert str(error) == "about 18 months"  # logs and English keep the English line
    assert i18n.error_text(error, "zh-Hans") != str(error)
    assert "18" in i18n.error_text(error, "zh-Hans")
    assert i18n.error_text(ValueError("plain"), "zh-Hant") == "plain"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_text_uses_the_full_width_colon(lang):
    """"台积电：N2 晶圆厂…", not "台积电:N2": an ASCII colon after a Chinese character or a value
    (outside a format spec) is a slip of conversion. Addresses and YAML examples keep theirs."""
    keep = {"cli.web.cannot_listen", "errors.config.overrides_mapping"}
    slips = {}
    for key, template in i18n.load_catalog(lang).items():
        outside = re.sub(r"\{[^{}]*\}", "{}", template)  # {share:.0%} -> {}
        if key not in keep and not key.startswith("cli.argparse") and \
                re.search(r"[\u4e00-\u9fff}]:(?![\d/])", outside):
            slips[key] = template
    assert slips == {}
