"""Charts a player can read: years along the x axis, a log axis where compute and its target are
orders of magnitude apart, and two lines that coincide both still visible."""

from __future__ import annotations

import pygame

from game.ui import theme
from game.ui.draw import charts
from game.ui.theme import Fonts


def rows(n: int, **cols) -> list[dict]:
    out = []
    for j in range(n):
        row = {"date": f"{2026 + j // 12}-{j % 12 + 1:02d}"}
        row.update({c: f(j) for c, f in cols.items()})
        out.append(row)
    return out


def colours_in(surf: pygame.Surface, rect: pygame.Rect) -> set[tuple]:
    return {tuple(surf.get_at((x, y))[:3]) for x in range(rect.x, rect.right, 1)
            for y in range(rect.y, rect.bottom, 1)}


def test_the_x_axis_names_every_year_of_a_five_year_window():
    ticks = charts.year_ticks(rows(60), max_labels=10)
    assert [y for _j, y in ticks] == ["2026", "2027", "2028", "2029", "2030"]
    assert [j for j, _y in ticks] == [0, 12, 24, 36, 48]
    many = charts.year_ticks(rows(180), max_labels=5)  # fifteen years, room for five labels
    assert 2 <= len(many) <= 5 and all(int(y) % 5 == 0 for _j, y in many)


def test_a_line_far_under_its_target_still_shows_its_growth():
    pygame.font.init()
    fonts = Fonts(1.0)
    surf = pygame.Surface((400, 260))
    rect = surf.get_rect()
    # compute grows tenfold while the target is a thousand times larger
    data = rows(24, have=lambda j: 10.0 * 10 ** (j / 23), want=lambda j: 20_000.0 * (1 + j / 24))
    charts.draw_line_chart(surf, fonts, rect, "Compute", data, [("have", "a"), ("want", "b")],
                           log=True)
    blue = theme.SERIES_COLOURS[0]
    ys = [y for x in range(rect.w) for y in range(rect.h) if surf.get_at((x, y))[:3] == blue
          and y > fonts.px(52)]  # below the legend
    plot_h = rect.h - fonts.px(76)
    # on a linear axis the tenfold growth would rise half a percent of the plot: a flat line
    assert ys and max(ys) - min(ys) > 0.2 * plot_h


def test_two_equal_lines_both_show():
    pygame.font.init()
    fonts = Fonts(1.0)
    surf = pygame.Surface((400, 260))
    data = rows(24, have=lambda j: 1.0 + j, used=lambda j: 1.0 + j)  # in use = available
    charts.draw_line_chart(surf, fonts, surf.get_rect(), "Power", data,
                           [("have", "available"), ("used", "in use")])
    plot = pygame.Rect(fonts.px(60), fonts.px(60), 200, 150)
    seen = colours_in(surf, plot)
    assert theme.SERIES_COLOURS[0] in seen and theme.SERIES_COLOURS[1] in seen
