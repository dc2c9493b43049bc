"""A lesson card longer than the side panel (a teacher's own scenario with many things to try)
scrolls with the mouse wheel over the panel and with the arrow and page keys, says that more is
below, and every line of it can be read; before, the rows that did not fit were left out."""

from __future__ import annotations

import pygame

from game.io.scenarios import load_scenario
from tests.ui.conftest import start


def _long_lesson_scenario():
    base = load_scenario("bottleneck-migration")
    lesson = base.lesson
    extra = [lesson.things_to_try[0].model_copy(update={"label": f"Try idea {i}"})
             for i in range(1, 16)]
    longer = lesson.model_copy(update={"things_to_try": [*lesson.things_to_try, *extra]})
    return base.model_copy(update={"lesson": longer})


def _shown(main) -> list[str]:
    return [row.label for row, _rect in main.placed_rows]


def _event(kind, **fields):
    return pygame.event.Event(kind, **fields)


def test_a_long_lesson_card_scrolls_by_wheel_and_keys_to_its_last_line(app):
    start(app, _long_lesson_scenario())
    main = app.top
    main.open_tab("lesson")
    app.frame(0.0, [])
    first, last = _shown(main)[0], "• Try idea 15"
    assert last not in _shown(main), "the card is longer than the panel"
    assert main.panel_more == (False, True)
    over = main.side_rect.center
    for _ in range(20):  # the wheel over the side panel scrolls it down to the end
        app.frame(0.0, [_event(pygame.MOUSEMOTION, pos=over, rel=(0, 0), buttons=(0, 0, 0)),
                        _event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False)])
    assert _shown(main)[-1] == last
    assert main.panel_more == (True, False)
    for _ in range(10):  # Page Up back to the top
        app.frame(0.0, [_event(pygame.KEYDOWN, key=pygame.K_PAGEUP, unicode="", mod=0,
                               scancode=0)])
    assert _shown(main)[0] == first
    for _ in range(40):  # and the down arrow to the end again
        app.frame(0.0, [_event(pygame.KEYDOWN, key=pygame.K_DOWN, unicode="", mod=0,
                               scancode=0)])
    assert _shown(main)[-1] == last
    for _row, rect in main.placed_rows:  # every shown line inside the panel
        assert main.side_rect.contains(rect)
