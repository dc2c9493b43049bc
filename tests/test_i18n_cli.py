"""The command line and the classroom server speak the player's language: no sentence a user reads
is written in game/cli, game/web (its Python: the pages' templates have their own test),
game/ui/remote.py or game/ui/launch.py (the shared AST scan, with a short allowlist that says why
each entry is not text to translate); and `terafab --lang zh-Hant ...` prints its help,
argparse's own errors, the ablation and balance tables and a batch's progress in Chinese."""

from __future__ import annotations

import re

import pytest

from game import i18n
from game.cli import ARGPARSE_IDS, main
from game.cli.fuzz_files import HOSTILE_STEMS, READERS
from tests.i18n_scan import ROOT, literals

FILES = [*sorted((ROOT / "game" / "cli").rglob("*.py")),
         *sorted((ROOT / "game" / "web").rglob("*.py")),
         ROOT / "game" / "ui" / "remote.py", ROOT / "game" / "ui" / "launch.py"]
# the class's SQLite schema and queries: SQL, not text
SKIPPED = {"store.py"}

# What a user may read in these files that is not in a catalog, and why.
WRITTEN_AS_IS = {
    # argument placeholders in usage lines, written like the option names they follow
    "LANG", "COMMAND", "ACTION", "ID", "NAME", "URL", "ADDRESS", "SECONDS", "MB",
    "KEY=VALUE", "KEY=V1,V2", "lhs:N KEY=LO..HI",
    # names of environment variables, signals and sysconf keys the code reads or sets
    "TERAFAB_DATA_DIR", "TERAFAB_CONFIG_DIR", "SIGALRM", "SC_PAGE_SIZE",
    "PYGAME_HIDE_SUPPORT_PROMPT", "SDL_VIDEODRIVER", "SDL_AUDIODRIVER",
    # fuzz_files: the stand-in for a file's name before a message's lines are counted; YAML it
    # writes into a scratch scenario
    "FILE", "base_world: world.yaml", "base_world: '",
    # `terafab validate`: the key path prefix taken off a bare world file's errors (after an
    # English colon or a Chinese one)
    ": world.", "：world.",
    # HTTP: methods, the teacher's link path, media types and headers, the server's API title
    # (its docs pages are off), patterns of seat cookies and ids, the unit of the API's figures
    "GET", "POST", "/teacher?token=", "text/csv; charset=utf-8", "; charset=utf-8",
    "application/x-ndjson; charset=utf-8", "attachment; filename=grades.csv",
    "attachment; filename=commands.jsonl", "Terafab classroom", "^[A-Za-z0-9_-]{1,64}$",
    "^[A-Za-z0-9]{1,8}$", "EFLOPS",
    # the page's embedded catalog: HTML around JSON
    '<script type="application/json" id="texts">', "</script>",
    # a TypeError for a value the server's own code put in an answer: a bug, never an input
    " is not JSON",
}
# argparse's English strings: the keys its gettext looks our catalog ids up by
# the fuzzer's hostile file names and its readers' names (function and command names)
ALLOWED = (WRITTEN_AS_IS | set(ARGPARSE_IDS) | set(HOSTILE_STEMS)
           | {reader.name for reader in READERS})

# a run of three or more Latin letters that is not an id, an option, a unit or a name kept Latin
ENGLISH_WORD = re.compile(
    r"(?<![-\w./])(?!GPU\b|HBM\b|DRAM\b|EUV\b|EFLOPS\b|CPU\b|Terafab\b|AI\b|Spearman\b|Intel\b|"
    r"Taiwan\b|HTTP\b|JSON\b|CSV\b|PNG\b|YAML\b)[A-Za-z]{3,}\b(?![-\w]*[=.(/])")


def cli_literals(allowed: set[str] = ALLOWED) -> list[str]:
    return literals([p for p in FILES if p.name not in SKIPPED], allowed, root=ROOT)


def test_the_command_line_and_server_write_no_text_outside_the_catalogs():
    assert cli_literals() == []


def test_every_allowlist_entry_is_still_in_the_code():
    found = {line.split(": ", 1)[1] for line in cli_literals(set())}
    assert sorted(repr(s) for s in WRITTEN_AS_IS if repr(s) not in found) == []


def _words(text: str) -> list[str]:
    """The English words left in a line once options, ids, paths and numbers are set aside."""
    clean = re.sub(r"--?[\w-]+|\S+\.(?:py|csv|parquet|yaml|json|jsonl|html)\b|\S*/\S*|"
                   r"\b[a-z]+(?:[-_][a-z0-9]+)+\b|[A-Z][A-Z0-9_]+", " ", text)
    for kept in ("passive", "buyer", "integrator", "balanced", "terafab", "tutorial", "history",
                 "rules", "local", "serial", "dask", "rounds", "free", "usage", "en", "lang"):
        clean = re.sub(rf"\b{kept}\b", " ", clean)
    return ENGLISH_WORD.findall(clean)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse's --help and errors
        code = stop.code
    out = capsys.readouterr()
    return code, out.out, out.err


# ---------------------------------------------------------------- help and argparse's errors

def test_help_is_written_in_the_language_asked_before_the_parser_is_built(capsys):
    code, out, _ = _run(capsys, "--lang", "zh-Hant", "--help")
    assert code == 0
    assert out.startswith("用法：terafab")
    assert "AI 晶片供應鏈遊戲" in out and "位置引數" in out and "顯示這份說明並結束" in out
    assert "執行一組無介面戰役的掃描" in out  # `batch`'s one line in the list of commands
    code, out, _ = _run(capsys, "batch", "--help", "--lang=zh-Hans")
    assert code == 0 and out.startswith("用法：terafab batch")
    assert "不显示进度条" in out and "情景名称或 YAML 文件" in out
    # below the usage lines every line is Chinese, but for a line naming an option alone
    english = [line for line in out.splitlines()[9:] if line.strip()
               and not re.search(r"[\u4e00-\u9fff]", line)
               and not (line.strip().startswith("-") and "  " not in line.strip())]
    assert english == []
    code, out, _ = _run(capsys, "--help")
    assert out.startswith("usage: terafab") and "Terafab: the AI-chip supply-chain game." in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["--lang", "zh-Hant", "bogus"], "terafab：錯誤：引數 COMMAND：無效的選擇：'bogus'"),
    (["--lang", "zh-Hans", "run"],
     "terafab：错误：缺少必需的参数：--out（见 `terafab run --help`）"),
    (["ablate", "--seeds", "0", "--lang", "zh-Hant"],
     "terafab：錯誤：引數 --seeds：需要 1 或更大的整數，收到的是「0」"
     "（請見 `terafab ablate --help`）"),
    (["--lang", "zh-Hans", "batch", "--out"], "terafab：错误：参数 --out：需要一个值"),
    (["--lang", "zh-Hant", "run", "--out", "x.csv", "--nope"], "無法辨識的引數：--nope"),
])
def test_a_bad_option_is_one_line_in_the_language(capsys, argv, expected):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and expected in err, err


def test_the_environment_chooses_the_language_when_no_lang_is_given(capsys, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    code, _, err = _run(capsys, "run")
    assert code == 2 and "缺少必要的引數：--out" in err
    code, _, err = _run(capsys, "run", "--lang", "en")
    assert err == "terafab: error: the following arguments are required: --out " \
                  "(see `terafab run --help`)\n"


def test_an_unknown_language_is_refused_in_the_environments_language(capsys, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "zh_CN.UTF-8")
    code, _, err = _run(capsys, "scenarios", "--lang", "klingon")
    assert code == 2 and "未知语言“klingon”" in err


def test_a_usage_error_of_a_command_is_in_the_language(capsys):
    code, _, err = _run(capsys, "--lang", "zh-Hant", "ablate", "--rules", "Z9")
    assert code == 2 and err.startswith("terafab：錯誤：規則 Z9 沒有消融實驗（已有：A1, ")


# ---------------------------------------------------------------- tables and progress

def test_the_ablation_table_in_traditional_chinese(capsys):
    code, out, _ = _run(capsys, "--lang", "zh-Hant", "ablate", "--seeds", "1", "--rules", "A7")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("| 規則 | 它驅動的結果 | 情境、策略 | 規則開啟 | 規則關閉 | 變化 | "
                        "依所述方向變化 | |")
    assert lines[2].startswith("| A7 | 公司的現金（不募資）（關閉後下降） | terafab，integrator |")
    assert lines[2].endswith("| 1/1 個種子 | 成立 |")
    assert lines[-1] == "1 項消融中有 1 項使結果依所述方向變化。"


def test_every_ablation_outcome_has_its_english_in_the_catalog():
    from game.teach.ablations import ABLATIONS

    en = i18n.load_catalog("en")
    for ab in ABLATIONS:
        assert en[f"cli.ablate.outcome.{ab.rule}"] == ab.outcome
        assert i18n.text(ab.outcome, "zh-Hans") != str(ab.outcome)


def test_the_balance_table_and_its_checks_in_simplified_chinese(capsys):
    code, out, _ = _run(capsys, "--lang", "zh-Hans", "balance", "--scenario", "tutorial",
                        "--seeds", "1", "--search", "0")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("平衡：") and "（搜索：只显示最好的 12 种）" in lines[0]
    assert lines[2] == "| 策略 | 类型 | 得分（均值） | 得分离散（标准差） | 交付算力（EFLOPS·月） |"
    checks = [line for line in lines if line.startswith("- ")]
    assert len(checks) == 4 and all(line[2:].startswith(("通过：", "未通过：")) for line in checks)
    assert "搜索出的最佳策略领先最佳内置策略不到 10%：未搜索" in out
    kinds = {line.split("|")[2].strip() for line in lines[4:] if line.startswith("| ")}
    assert kinds == {"策略", "退化策略"}
    assert [w for line in lines for w in _words(line)] == []


def test_a_batch_prints_its_progress_and_summary_in_the_language(capsys, tmp_path):
    out_dir = tmp_path / "sweep"
    code, out, err = _run(capsys, "--lang", "zh-Hant", "batch", "--scenario", "tutorial",
                          "--seeds", "2", "--months", "2", "--engine", "serial",
                          "--out", str(out_dir))
    assert code == 0
    assert out.strip() == f"完成 2 次執行；共 2 次執行，見 {out_dir}/runs.parquet"
    progress = err.strip().splitlines()
    assert progress and all(re.fullmatch(r"\[#* *\] \d/2 次執行 +\d+% +[\d.]+ 次/秒  剩餘 \S+",
                                         line) for line in progress), progress


def test_english_tables_and_lines_keep_their_words(capsys, tmp_path):
    code, out, err = _run(capsys, "batch", "--scenario", "tutorial", "--seeds", "1",
                          "--months", "1", "--engine", "serial", "--out", str(tmp_path / "b"))
    assert out.strip() == f"1 runs finished; 1 runs in {tmp_path / 'b'}/runs.parquet"
    assert re.fullmatch(r"\[#+\] 1/1 runs 100% +[\d.]+ runs/s  0:00 left", err.strip())
    from game.teach.ablations import ABLATIONS, AblationRow, table_text

    row = AblationRow(ABLATIONS[0], 2.0, 1.0, 1, 1)
    assert table_text([row]).splitlines()[2] == (
        "| A1 | the Terafab's wafer output (no Terafab without its budget) (down when off) | "
        "terafab, integrator | 2 | 1 | -50.0% | 1/1 seeds | holds |")


# ---------------------------------------------------------------- the classroom's answers

def test_the_class_files_errors_come_in_the_language(tmp_path):
    from game.domain.errors import UsageError
    from game.io.scenarios import load_scenario
    from game.web.server import open_class

    scenario = load_scenario("tutorial")
    i18n.set_language("zh-Hant")
    with pytest.raises(UsageError) as refused:
        open_class(tmp_path / "c.sqlite", scenario, "tutorial", 1, pace="bogus")
    assert i18n.error_text(refused.value) == "未知的節奏「bogus」（可選：free, rounds）"
    assert str(refused.value) == "unknown pace 'bogus' (known: free, rounds)"


def test_joining_a_class_at_a_wrong_address_says_so_in_the_language():
    from game.domain.errors import UsageError
    from game.ui.remote import class_url

    with pytest.raises(UsageError) as refused:
        class_url("ftp://example.org/")
    assert i18n.error_text(refused.value, "zh-Hans").startswith(
        "--join 'ftp://example.org/'：不是课堂地址（应为教师服务器打印出的地址")
    assert i18n.error_text(refused.value, "en").startswith(
        "--join 'ftp://example.org/': not a class address (expected the address")


def test_the_class_server_answers_bad_paths_bodies_and_requests_in_the_language(tmp_path):
    import asyncio

    import httpx

    from game.io.scenarios import load_scenario
    from game.web.app import create_app
    from game.web.guards import MAX_BODY_BYTES
    from game.web.server import open_class

    classroom = open_class(tmp_path / "c.sqlite", load_scenario("tutorial"), "tutorial", 1)
    app = create_app(classroom)  # no lifespan: no clock ticking

    async def ask() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://class") as client:
            i18n.set_language("zh-Hans")
            answers = [await client.get("/no/such/page"),
                       await client.post("/api/join", content=b"x" * (MAX_BODY_BYTES + 1)),
                       await client.post("/api/join", json={})]
            i18n.set_language("en")
            return [*answers, await client.get("/no/such/page")]

    try:
        missing, too_big, no_name, english = asyncio.run(ask())
    finally:
        classroom.store.close()
    assert (missing.status_code, missing.json()["error"]) == (404, "找不到该页面")
    assert too_big.status_code == 413
    assert too_big.json()["error"] == f"请求内容超过 {MAX_BODY_BYTES} 字节"
    assert english.json()["error"] == "Not Found"
    # a request the server's schema refuses (pydantic's "Field required") names the field in Chinese
    assert (no_name.status_code, no_name.json()["error"]) == (422, "name: 缺少必填的键")
