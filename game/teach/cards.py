"""Lesson cards as text (for `terafab scenarios NAME`) and as plain data (for the report and the
game window, which read `scenario.lesson`)."""

from __future__ import annotations

import shlex
import textwrap

from game.sim.config import Lesson, Scenario
from game.sim.score import goal_text


def card_text(scenario: Scenario, width: int = 88) -> str:
    """The scenario's goal and, when it has one, its lesson card, wrapped for a terminal."""
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="    ")
    lines = [f"{scenario.title} ({scenario.name}, {scenario.difficulty})",
             wrap.fill(f"Goal: {scenario.goal}"), wrap.fill(f"Score: {score_goal(scenario)}")]
    lesson = scenario.lesson
    if lesson is None:
        lines.append("(no lesson card)")
        return "\n".join(lines)
    lines += ["", "What it teaches:", textwrap.fill(lesson.teaches, width, initial_indent="  ",
                                                    subsequent_indent="  ")]
    lines += ["", "What to watch:"] + [wrap.fill(f"  - {w}") for w in lesson.watch]
    lines += ["", "Questions for discussion:"]
    lines += [wrap.fill(f"  {i}. {q}") for i, q in enumerate(lesson.questions, 1)]
    lines += ["", "Things to try:"]
    for item in lesson.things_to_try:
        lines += [wrap.fill(f"  - {item.label}"), f"      {item.command}"]
    return "\n".join(lines)


def score_goal(scenario: Scenario) -> str:
    """The scenario's thresholds and what the score counts, in one line."""
    return (f"{goal_text(scenario.scoring)} (compute delivered dominates; your own fab's share, "
            "value per share, and costs of idle chips, stranded capex and unused memory adjust it)")


def command_argv(command: str) -> list[str]:
    """A card's ready command as the argument list `terafab` receives (without 'terafab')."""
    words = shlex.split(command)
    return words[1:]


def lesson_of(scenario: Scenario) -> Lesson | None:
    return getattr(scenario, "lesson", None)
