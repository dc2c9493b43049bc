"""Idle is idle: a paused window draws nothing new until something changes, and its loop sleeps
until an event comes instead of spinning at 60 frames a second."""

from __future__ import annotations

import threading

import pygame

from tests.ui.conftest import start


def _settle(app) -> None:
    for _ in range(3):
        app.frame(0.0, [])
    app.top.game.notices.clear()  # no toast fading


def test_a_paused_window_draws_nothing_until_something_changes(app, campaign):
    start(app, campaign)
    _settle(app)
    drawn = app.draws
    for _ in range(30):
        app.frame(1 / 60, [])
    assert app.draws == drawn  # half a second paused: not one redraw
    move = pygame.event.Event(pygame.MOUSEMOTION, pos=(300, 300), rel=(1, 1), buttons=(0, 0, 0))
    app.frame(1 / 60, [move])
    assert app.draws == drawn + 1  # the mouse moved: the hover may have changed
    app.top.game.set_speed(1)
    for _ in range(5):
        app.frame(1 / 60, [])
    assert app.draws == drawn + 6  # a running clock redraws every frame


def test_an_idle_window_still_redraws_once_a_second(app, campaign):
    start(app, campaign)
    _settle(app)
    drawn = app.draws
    for _ in range(4):
        app.frame(0.25, [])
    assert app.draws == drawn + 1


def test_the_paused_loop_sleeps_until_an_event_comes(app, campaign):
    start(app, campaign)
    _settle(app)
    frames = []
    real = app.frame
    app.frame = lambda dt, events: (frames.append(dt), real(dt, events))
    timer = threading.Timer(0.6, lambda: pygame.event.post(pygame.event.Event(pygame.QUIT)))
    timer.start()
    app.run()  # returns at the QUIT, after closing the game and the display
    timer.join()
    # at 60 frames a second 0.6 s would be about 36 frames; asleep it wakes every quarter second
    assert 1 <= len(frames) <= 5
