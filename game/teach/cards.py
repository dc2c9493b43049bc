"""Lesson cards as text (for `terafab scenarios NAME`) and as plain data (for the report and the
game window, which read `scenario.lesson`)."""

from __future__ import annotations

import re
import shlex
import textwrap

from game.i18n import language, t, terminal_columns
from game.i18n.scenarios import shown
from game.sim.config import Lesson, Scenario


class _ChineseWrapper:
    """textwrap for Chinese: a line breaks between any two characters, measured in terminal
    columns (a Chinese character fills two), never before closing punctuation (、，。) and never
    inside a Latin word or a number."""

    CLOSING = set("、，。；：？！）」』》〉】…·%％")
    UNIT = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff"
                      r"\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+")

    def __init__(self, width: int, initial_indent: str = "", subsequent_indent: str = "") -> None:
        self.width, self.initial, self.subsequent = width, initial_indent, subsequent_indent

    def fill(self, text: str) -> str:
        units: list[str] = []
        for unit in self.UNIT.findall(text):
            if units and unit[0] in self.CLOSING:
                units[-1] += unit  # punctuation stays with what it closes
            else:
                units.append(unit)
        lines, line = [], self.initial
        for unit in units:
            wide = terminal_columns(line) + terminal_columns(unit.rstrip())
            if line.strip() and wide > self.width:
                lines.append(line.rstrip())
                line = self.subsequent
                if unit.isspace():
                    continue
            line += unit
        lines.append(line.rstrip())
        return "\n".join(lines)


def card_text(scenario: Scenario, width: int = 88) -> str:
    """The scenario's goal and, when it has one, its lesson card, wrapped for a terminal, in the
    player's language (Chinese by terminal columns: each character fills two)."""
    wrapper = textwrap.TextWrapper if language() == "en" else _ChineseWrapper
    wrap = wrapper(width=width, subsequent_indent="    ")
    difficulty = t(f"difficulty.{scenario.difficulty}").lower()
    scenario = shown(scenario)
    lines = [f"{scenario.title} ({scenario.name}, {difficulty})",
             wrap.fill(t("card.goal", goal=scenario.goal)),
             wrap.fill(t("card.score", score=score_goal(scenario)))]
    lesson = scenario.lesson
    if lesson is None:
        lines.append(t("card.none"))
        return "\n".join(lines)
    lines += ["", t("card.teaches"), wrapper(width=width, initial_indent="  ",
                                             subsequent_indent="  ").fill(lesson.teaches)]
    lines += ["", t("card.watch")] + [wrap.fill(f"  - {w}") for w in lesson.watch]
    lines += ["", t("card.questions")]
    lines += [wrap.fill(f"  {i}. {q}") for i, q in enumerate(lesson.questions, 1)]
    lines += ["", t("card.try")]
    for item in lesson.things_to_try:
        lines += [wrap.fill(f"  - {item.label}"), f"      {item.command}"]
    return "\n".join(lines)


def score_goal(scenario: Scenario) -> str:
    """The scenario's thresholds and what the score counts, in one line."""
    scoring = scenario.scoring
    if scoring.pass_score is not None:
        return t("card.pass_at", score=scoring.pass_score)
    m = scoring.medals
    return t("card.medals", bronze=m.bronze, silver=m.silver, gold=m.gold)


def command_argv(command: str) -> list[str]:
    """A card's ready command as the argument list `terafab` receives (without 'terafab')."""
    words = shlex.split(command)
    return words[1:]


def lesson_of(scenario: Scenario) -> Lesson | None:
    return getattr(scenario, "lesson", None)
