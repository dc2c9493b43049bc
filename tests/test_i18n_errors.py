"""The readers' and the session's errors speak the player's language: no English sentence in a
`raise` of the file readers, the session, the config, the engine, the sweeps and the reports
outside the catalogs (an AST scan with a short allowlist), pydantic's validation messages
translated by their error type, and a bad scenario, a damaged save, a bad command log, a bad
config value and a bad experiment file each printed as one Chinese line (exit 2) under
`--lang zh-Hans|zh-Hant`, and byte for byte the old English under en."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from game import i18n
from game.cli import main
from tests.i18n_scan import ROOT, literals

PACKAGES = ("io", "sim", "domain", "agents", "batch", "teach")
# What a `raise` in those packages may say that is not in a catalog. Each entry says why.
ALLOWED = {
    # game/io/paths.py: the installation is broken; the catalogs live in the missing package
    " is missing: install terafab (`pip install -e .` or `make setup` in a checkout)",
    " is not a folder (", "): install terafab unzipped",
    # game/agents/base.py: a bug in the engine (code writing to the config), never a user's input
    " is a read-only copy of the config",
    # game/sim/state.py: a bug in the engine (the state's own shape), never a user's input
    "state nests deeper than 12 levels",
    # game/batch/__init__.py: Python's own AttributeError of a module, for a programmer
    "module 'game.batch' has no attribute '",
}


def error_literals() -> list[str]:
    files = [p for name in PACKAGES for p in (ROOT / "game" / name).rglob("*.py")]
    return literals(files, ALLOWED, only_raised=True)


def test_the_readers_and_the_session_raise_no_text_outside_the_catalogs():
    assert error_literals() == []


def test_the_scan_finds_an_english_error(tmp_path):
    (tmp_path / "reader.py").write_text(
        'def read(p):\n    raise SaveError(f"{p}: damaged save")\n'
        'label = "not an error: another test covers it"\n')
    found = literals([tmp_path / "reader.py"], set(), only_raised=True, root=tmp_path)
    assert [line.split(": ", 1)[1] for line in found] == ["': damaged save'"]


# ---------------------------------------------------------------- pydantic's messages

def _schema_error_types(schema: object, lax: bool, out: set[str]) -> set[str]:
    """The pydantic error types a core schema can produce for a file's data."""
    if isinstance(schema, list):
        for item in schema:
            _schema_error_types(item, lax, out)
        return out
    if not isinstance(schema, dict):
        return out
    kind = schema.get("type")
    strict = not lax or schema.get("strict")
    bounds = {"ge": "greater_than_equal", "gt": "greater_than", "le": "less_than_equal",
              "lt": "less_than", "min_length": "too_short", "max_length": "too_long",
              "pattern": "string_pattern_mismatch"}
    out |= {error for key, error in bounds.items() if key in schema}
    out |= {
        "model-fields": {"missing", "extra_forbidden"}, "model": {"model_type"},
        "dict": {"dict_type"}, "list": {"list_type"}, "tuple": {"tuple_type"},
        "str": {"string_type"}, "literal": {"literal_error"},
        "bool": {"bool_type"} if strict else {"bool_type", "bool_parsing"},
        "int": {"int_type"} if strict else {"int_type", "int_parsing", "int_parsing_size",
                                            "int_from_float"},
        "float": {"float_type", "finite_number"} if strict else
        {"float_type", "float_parsing", "finite_number"},
        "function-after": {"value_error"}, "function-before": {"value_error"},
    }.get(kind, set())
    if kind == "model" and not strict:
        out.add("model_attributes_type")
    for value in schema.values():
        _schema_error_types(value, lax, out)
    return out


def test_every_error_type_of_the_config_schemas_has_a_message_id():
    from game.batch.experiment import Experiment
    from game.sim.config.scenario import PYDANTIC_ERRORS, Scenario

    kinds = (_schema_error_types(Scenario.__pydantic_core_schema__, False, set())
             | _schema_error_types(Experiment.__pydantic_core_schema__, True, set()))
    assert {"missing", "greater_than_equal", "literal_error", "int_parsing"} <= kinds
    handled = set(PYDANTIC_ERRORS) | {"value_error", "too_short", "too_long", "missing",
                                      "extra_forbidden"}  # own words, own ids
    assert sorted(kinds - handled) == []
    catalog = i18n.load_catalog("en")
    assert [key for key in PYDANTIC_ERRORS.values() if key not in catalog] == []


class _Sample(BaseModel):
    model_config = {"extra": "forbid", "strict": True, "allow_inf_nan": False}
    share: float = 0.5
    count: int = 1
    mode: str = "a"


@pytest.mark.parametrize("data,zh_hans", [
    ({"share": -1.0}, "应大于或等于 0"),
    ({"share": 1.5}, "应小于或等于 1"),
    ({"count": "x"}, "应为整数"),
    ({"share": float("inf")}, "应为有限数值"),
])
def test_pydantic_messages_keep_their_english_and_read_in_chinese(data, zh_hans):
    from typing import Annotated

    from pydantic import Field, ValidationError

    from game.sim.config.scenario import validation_problem

    class Bounded(_Sample):
        share: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5

    with pytest.raises(ValidationError) as caught:
        Bounded.model_validate(data)
    item = caught.value.errors()[0]
    problem = validation_problem(item)
    assert problem == item["msg"]  # English: pydantic's own words, byte for byte
    assert i18n.text(problem, "zh-Hans") == zh_hans


# ---------------------------------------------------------------- through the command line

def _run(capsys, argv: list[str]) -> str:
    try:
        code = main(argv)
    finally:
        i18n.set_language("en")
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def _has_chinese(line: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in line)


@pytest.fixture
def bad_scenario(tmp_path):
    path = tmp_path / "mine.yaml"
    text = (ROOT / "configs" / "scenarios" / "tutorial.yaml").read_text("utf-8")
    path.write_text(text.replace("difficulty: ", "difficulty: impossible\nold_difficulty: ", 1),
                    encoding="utf-8")
    return path


def test_a_bad_scenario_file_reads_in_each_language(capsys, bad_scenario):
    en = _run(capsys, ["validate", str(bad_scenario)])
    assert "difficulty: Input should be 'tutorial', 'easy', 'normal' or 'hard'" in en
    assert "old_difficulty: unknown key" in en
    hant = _run(capsys, ["--lang", "zh-Hant", "validate", str(bad_scenario)])
    assert "difficulty：應為 'tutorial', 'easy', 'normal' or 'hard' 之一" in hant
    assert "old_difficulty：未知的鍵" in hant and str(bad_scenario) in hant
    hans = _run(capsys, ["--lang", "zh-Hans", "validate", str(bad_scenario)])
    assert "old_difficulty：未知的键" in hans


def test_a_bad_config_value_reads_in_chinese(capsys, tmp_path):
    path = tmp_path / "cheap.yaml"
    text = (ROOT / "configs" / "scenarios" / "tutorial.yaml").read_text("utf-8")
    path.write_text(text.replace("  pass_score: 50", "  pass_score: 50\n  bust_score: -1.0e+9", 1),
                    encoding="utf-8")
    en = _run(capsys, ["validate", str(path)])
    assert en.endswith("scoring.bust_score: Input should be greater than or equal to -1000000")
    hans = _run(capsys, ["--lang", "zh-Hans", "validate", str(path)])
    assert hans.endswith("scoring.bust_score：应大于或等于 -1000000")


def test_a_missing_scenario_file_reads_in_chinese(capsys, tmp_path):
    path = tmp_path / "nowhere.yaml"
    args = ["run", "--scenario", str(path), "--months", "1", "--out", str(tmp_path / "s.csv")]
    assert _run(capsys, args).endswith(f"{path}: file not found")
    assert _run(capsys, ["--lang", "zh-Hant", *args]).endswith(f"{path}：找不到檔案")


def test_a_damaged_save_reads_in_chinese(capsys, tmp_path):
    save = tmp_path / "game.json"
    save.write_text('{"format": "terafab-save", "version": ', encoding="utf-8")
    args = ["run", "--load", str(save), "--months", "1", "--out", str(tmp_path / "s.csv")]
    assert _run(capsys, args).endswith(f"{save}: not a Terafab save (damaged or truncated)")
    assert _run(capsys, ["--lang", "zh-Hant", *args]) \
        .endswith(f"{save}：不是 Terafab 存檔（已損壞或不完整）")
    assert _run(capsys, ["--lang", "zh-Hans", *args]) \
        .endswith(f"{save}：不是 Terafab 存档（已损坏或不完整）")


def test_a_save_from_another_version_reads_in_chinese(capsys, tmp_path):
    save = tmp_path / "old.json"
    save.write_text(json.dumps({"format": "terafab-save", "version": 999}), encoding="utf-8")
    args = ["--lang", "zh-Hans", "run", "--load", str(save), "--months", "1",
            "--out", str(tmp_path / "s.csv")]
    line = _run(capsys, args)
    assert "不支持存档版本 999" in line and _has_chinese(line)


def test_a_bad_command_log_reads_in_each_language(capsys, tmp_path):
    log = tmp_path / "moves.jsonl"
    log.write_text('{"month": 0, "command": "book_foundryy"}\n', encoding="utf-8")
    args = ["run", "--scenario", "tutorial", "--seed", "4", "--months", "2", "--commands",
            str(log), "--out", str(tmp_path / "s.csv")]
    en = _run(capsys, args)
    assert en.startswith(f"terafab: error: {log}: line 1 has an unknown command 'book_foundryy'")
    hant = _run(capsys, ["--lang", "zh-Hant", *args])
    assert f"{log}：第 1 行有未知指令「book_foundryy」" in hant
    log.write_text('\n{"month": 1, ', encoding="utf-8")
    hans = _run(capsys, ["--lang", "zh-Hans", *args])
    assert hans.endswith(f"{log}：第 2 行不是 JSON")


def test_a_bad_experiment_file_reads_in_chinese(capsys, tmp_path):
    """An experiment file is read leniently (lax pydantic): its own error types translate too."""
    path = tmp_path / "sweep.yaml"
    path.write_text("seeds: many\npolicies: [balanced, balanced]\nseries: maybe\n",
                    encoding="utf-8")
    args = ["batch", str(path), "--out", str(tmp_path / "out")]
    en = _run(capsys, args)
    assert "series: Input should be a valid boolean, unable to interpret input" in en
    hant = _run(capsys, ["--lang", "zh-Hant", *args])
    assert "series：應為布林值，無法識別輸入" in hant and _has_chinese(hant.split("seeds")[1])


def test_a_class_names_a_rejected_game_in_chinese(capsys, tmp_path):
    """`terafab class` ranks the rest and lists each file it could not read: the reason is the
    reader's error, in the teacher's language."""
    good = tmp_path / "ana.jsonl"
    good.write_text('{"month": 0, "command": "request_grid", "gw": 1.0}\n', encoding="utf-8")
    bad = tmp_path / "ben.json"
    bad.write_text("{", encoding="utf-8")
    args = ["class", str(good), str(bad), "--scenario", "tutorial", "--months", "3",
            "--out", str(tmp_path / "out")]
    try:
        main(["--lang", "zh-Hans", *args])
    finally:
        i18n.set_language("en")
    err = capsys.readouterr().err
    assert f"{bad}：不是 Terafab 存档（已损坏或不完整）" in err
