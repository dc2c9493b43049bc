"""Lesson cards as text (for `terafab scenarios NAME`) and as plain data (for the report and the
game window, which read `scenario.lesson`)."""

from __future__ import annotations

import shlex
import textwrap

from game.i18n import language, t
from game.i18n.scenarios import shown
from game.sim.config import Lesson, Scenario


def card_text(scenario: Scenario, width: int = 88) -> str:
    """The scenario's goal and, when it has one, its lesson card, wrapped for a terminal, in the
    player's language (Chinese wraps at half the width: each character fills two columns)."""
    if language() != "en":
        width //= 2
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="    ")
    difficulty = t(f"difficulty.{scenario.difficulty}").lower()
    scenario = shown(scenario)
    lines = [f"{scenario.title} ({scenario.name}, {difficulty})",
             wrap.fill(t("card.goal", goal=scenario.goal)),
             wrap.fill(t("card.score", score=score_goal(scenario)))]
    lesson = scenario.lesson
    if lesson is None:
        lines.append(t("card.none"))
        return "\n".join(lines)
    lines += ["", t("card.teaches"), textwrap.fill(lesson.teaches, width, initial_indent="  ",
                                                  subsequent_indent="  ")]
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
