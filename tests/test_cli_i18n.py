"""The listing commands speak the player's language: `terafab scenarios`, `policies` and
`validate` in Chinese print Chinese words (the ids, rule ids and names stay Latin)."""

import re
from pathlib import Path

import pytest

from game.cli import main

# a run of three or more Latin letters that is not an id, a rule id or a name kept in Latin
ENGLISH_WORD = re.compile(
    r"\b(?!GPU\b|HBM\b|DRAM\b|EUV\b|EBITDA\b|Terafab\b|AI\d?\b)[A-Za-z]{3,}\b")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_scenarios_and_policies_list_in_chinese(capsys, lang):
    assert main(["--lang", lang, "scenarios"]) == 0
    for line in capsys.readouterr().out.splitlines():
        name, words = line.split(maxsplit=1)
        assert not ENGLISH_WORD.search(words), line
    assert main(["--lang", lang, "policies"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["passive", "buyer", "integrator", "balanced"]
    for line in out:
        assert not ENGLISH_WORD.search(line.split(maxsplit=1)[1]), line


def test_validate_says_valid_in_the_language(capsys):
    world = str(Path(__file__).resolve().parents[1] / "configs" / "world.yaml")
    assert main(["--lang", "zh-Hant", "validate", world]) == 0
    assert capsys.readouterr().out.strip() == f"{world}：有效的世界檔案"
    assert main(["validate", world]) == 0
    assert capsys.readouterr().out.strip() == f"{world}: a valid world"


def test_policies_in_english_are_the_policies_own_words(capsys):
    from game.agents.policies import DESCRIPTIONS

    assert main(["--lang", "en", "policies"]) == 0
    out = capsys.readouterr().out
    assert all(text in out for text in DESCRIPTIONS.values())


def test_run_prints_the_score_term_by_term_in_traditional_chinese(capsys, tmp_path):
    out_csv = tmp_path / "run.csv"
    assert main(["--lang", "zh-Hant", "run", "--scenario", "tutorial", "--months", "3",
                 "--out", str(out_csv)]) == 0
    lines = capsys.readouterr().out.splitlines()
    score = lines[lines.index("  得分明細：") + 1:]
    assert score[0].split()[0] == "交付算力" and score[-1].split()[0] == "得分"
    assert "目標：" in score[-1] and "（未通過）" in score[-1]
    for line in score:
        assert not ENGLISH_WORD.search(line), line


def test_the_score_table_lines_up_in_chinese(capsys, tmp_path):
    """A Chinese label takes two terminal columns a character: every term's points end in the
    same column, as they do in English."""
    from unicodedata import east_asian_width

    def columns(text: str) -> int:
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)

    assert main(["--lang", "zh-Hant", "run", "--scenario", "tutorial", "--months", "6",
                 "--out", str(tmp_path / "o.csv")]) == 0
    ends = []
    for line in capsys.readouterr().out.splitlines():
        points = re.search(r" [+-]?[\d,]+\.\d(?=\s|（|$)", line)
        if line.startswith("    ") and points:
            ends.append(columns(line[:points.end()]))
    assert len(ends) >= 7 and len(set(ends)) == 1, ends


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_lesson_cards_wrap_as_chinese_is_set(capsys, lang):
    """Every card wraps within 88 terminal columns (a Chinese character fills two), and no line
    opens with closing punctuation (、，。) or splits a Latin word or a number."""
    from unicodedata import east_asian_width

    from game.io.scenarios import list_scenario_names

    for name in list_scenario_names():
        assert main(["--lang", lang, "scenarios", name]) == 0
        for line in capsys.readouterr().out.splitlines():
            if line.startswith("      terafab "):
                continue  # a command to copy, kept whole
            assert sum(2 if east_asian_width(c) in "WF" else 1 for c in line) <= 88, line
            assert not re.match(r"\s*[、，。；：？！）」』]", line), line
