"""`terafab play` from the command line: the headless screenshot and one-line errors."""

from __future__ import annotations

import pygame

from game.cli import main


def test_screenshot_command_writes_the_main_screen(tmp_path, user_dirs, capsys):
    out = tmp_path / "shot.png"
    code = main(["play", "--screenshot", str(out), "--months", "3", "--size", "1280x720"])
    assert code == 0
    image = pygame.image.load(str(out))
    assert image.get_size() == (1280, 720)
    assert not list((user_dirs / "saves").glob("*.json")), "a screenshot writes no saves"


def test_bad_window_size_is_one_line_exit_2(capsys):
    try:
        code = main(["play", "--size", "12x7"])
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert "window size 12x7 is out of range" in err and "Traceback" not in err


def test_damaged_save_on_the_command_line_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["play", "--load", str(bad), "--screenshot", str(tmp_path / "x.png")]) == 2
    assert "not a Terafab save" in capsys.readouterr().err


def _window_language(monkeypatch, lang_env: str, argv: list[str]) -> str:
    """The language the window opened by `terafab play ARGV` draws in, with LANG=lang_env."""
    from game import i18n
    from game.ui import launch

    for var in ("LANGUAGE", "LC_ALL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", lang_env)
    seen = {}
    monkeypatch.setattr(launch.App, "run", lambda self: seen.setdefault("lang", i18n.language()))
    try:
        assert main(["play", *argv]) == 0
    finally:
        i18n.set_language("en")
    return seen["lang"]


def test_a_first_window_speaks_the_language_lang_asks_for(user_dirs, monkeypatch):
    """README: every command's language defaults to LANG; the window opened in English on a
    Chinese desktop until its Settings were changed."""
    assert _window_language(monkeypatch, "zh_TW.UTF-8", ["--scenario", "tutorial"]) == "zh-Hant"
    assert _window_language(monkeypatch, "C.UTF-8", ["--scenario", "tutorial"]) == "en"


def test_the_language_saved_in_settings_and_lang_flag_win_over_lang(user_dirs, monkeypatch):
    from game.io import userdata

    userdata.save_settings(userdata.Settings(language="en"))
    assert _window_language(monkeypatch, "zh_CN.UTF-8", ["--scenario", "tutorial"]) == "en"
    assert _window_language(monkeypatch, "C.UTF-8",
                            ["--lang", "zh-Hans", "--scenario", "tutorial"]) == "zh-Hans"
