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
