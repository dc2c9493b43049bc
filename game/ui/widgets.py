"""Small hand-written widgets: buttons, panels, tooltips, bars. Drawing only reads their fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.ui import theme
from game.ui.theme import Fonts


@dataclass
class Button:
    rect: pygame.Rect
    label: str
    action: Callable[[], None]
    tip: str = ""
    enabled: bool = True
    selected: bool = False
    name: str = ""  # a stable id for tests ("action:book_foundry", "speed:2")
    size: int = 15
    colour: tuple | None = None


@dataclass
class Hot:
    """A hover region with a tooltip (numbers and terms); `action` makes it clickable too."""

    rect: pygame.Rect
    tip: str
    action: Callable[[], None] | None = None
    name: str = ""


def centred(size: tuple[int, int], width: int, height: int) -> pygame.Rect:
    """A dialog box of at most width x height, centred in a window of `size`."""
    w, h = min(width, size[0] - 40), min(height, size[1] - 40)
    return pygame.Rect((size[0] - w) // 2, (size[1] - h) // 2, w, h)


def draw_button(surf: pygame.Surface, fonts: Fonts, b: Button, hover: bool) -> None:
    base = theme.PANEL_HI if b.enabled else theme.PANEL
    if b.selected:
        base = (44, 86, 124)
    if hover and b.enabled:
        base = tuple(min(255, c + 22) for c in base)
    pygame.draw.rect(surf, base, b.rect, border_radius=6)
    edge = b.colour or (theme.ACCENT if b.selected else theme.EDGE)
    pygame.draw.rect(surf, edge, b.rect, width=1, border_radius=6)
    colour = theme.TEXT if b.enabled else theme.MUTED
    label = fonts.text(b.label, b.size, colour, bold=b.selected)
    if label_cut(fonts, b):
        label = fit_text(fonts, b.label, b.size, colour, b.rect.w - 8, bold=b.selected)
    surf.blit(label, label.get_rect(center=b.rect.center))


def label_cut(fonts: Fonts, b: Button) -> bool:
    """The button's label is too wide for it and is drawn shortened."""
    return fonts.text(b.label, b.size, bold=b.selected).get_width() > b.rect.w - 8


def fit_text(fonts: Fonts, text: str, size: int, colour: tuple, width: int, bold: bool = False):
    """The text, shortened with an ellipsis until it fits `width` pixels."""
    surf = fonts.text(text, size, colour, bold)
    while surf.get_width() > width and len(text) > 2:
        text = text[:-2]
        surf = fonts.text(text + "…", size, colour, bold)
    return surf


def draw_panel(surf: pygame.Surface, fonts: Fonts, rect: pygame.Rect, title: str = "") -> int:
    """A panel with an optional title; returns the y where content starts."""
    pygame.draw.rect(surf, theme.PANEL, rect, border_radius=8)
    pygame.draw.rect(surf, theme.EDGE, rect, width=1, border_radius=8)
    if not title:
        return rect.y + 8
    label = fonts.text(title, 15, theme.ACCENT, bold=True)
    surf.blit(label, (rect.x + 12, rect.y + 8))
    return rect.y + 14 + label.get_height()


def draw_tooltip(surf: pygame.Surface, fonts: Fonts, pos: tuple[int, int], text: str) -> None:
    width = min(380, surf.get_width() - 20)
    lines = fonts.wrap(text, 14, width - 16)
    lh = fonts.line_height(14)
    w = max(fonts.text(line, 14).get_width() for line in lines) + 16
    h = lh * len(lines) + 12
    x = min(pos[0] + 16, surf.get_width() - w - 4)
    y = pos[1] + 20 if pos[1] + 20 + h < surf.get_height() else pos[1] - h - 6
    box = pygame.Rect(x, y, w, h)
    pygame.draw.rect(surf, (8, 12, 18), box, border_radius=6)
    pygame.draw.rect(surf, theme.ACCENT, box, width=1, border_radius=6)
    for i, line in enumerate(lines):
        surf.blit(fonts.text(line, 14), (x + 8, y + 6 + i * lh))


def draw_bar(surf: pygame.Surface, rect: pygame.Rect, share: float, colour: tuple) -> None:
    pygame.draw.rect(surf, theme.BG, rect, border_radius=3)
    fill = rect.copy()
    fill.w = max(0, int(rect.w * max(0.0, min(1.0, share))))
    if fill.w:
        pygame.draw.rect(surf, colour, fill, border_radius=3)


def draw_lines(
    surf: pygame.Surface,
    fonts: Fonts,
    x: int,
    y: int,
    lines: list[str],
    size: int = 14,
    colour: tuple = theme.TEXT,
    width: int | None = None,
) -> int:
    """Wrapped paragraphs from (x, y); returns the y below them."""
    lh = fonts.line_height(size)
    for text in lines:
        for line in fonts.wrap(text, size, width) if width else [text]:
            surf.blit(fonts.text(line, size, colour), (x, y))
            y += lh
    return y
