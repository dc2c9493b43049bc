"""The grades CSV a teacher pastes into a gradebook: one row per game, best first, with the
score's breakdown and what the rules refused (with the reasons).

Its header and its coded columns (played_by, main_wall, grade) stay the same in every language:
a gradebook's import, a teacher's spreadsheet formulas and scripts find columns by these names,
and a class run in Chinese one term and English the next gives files that line up. The notes,
written for a person to read, are in the class's language."""

from __future__ import annotations

import csv
import io

from game.debrief.games import Debrief
from game.i18n import t, text
from game.sim.score import TERM_KEYS

HEAD = ("rank", "name", "team", "group", "played_by", "month", "score", "grade",
        *(f"score_{k}" for k in TERM_KEYS), "compute_eflops", "cash_busd", "main_wall",
        "refusals", "notes")


def safe_cell(value: object) -> object:
    """A spreadsheet never runs a student's name as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def grades_csv(debrief: Debrief) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEAD)
    for rank, g in enumerate(debrief.ranking(), 1):
        writer.writerow([safe_cell(x) for x in (
            rank, g.name, g.team, g.group, g.played_by, g.month, round(g.score, 2),
            g.summary.get("score_grade") or "-", *(round(g.term(k), 2) for k in TERM_KEYS),
            round(float(g.summary["final_compute_eflops"]), 3),
            round(float(g.summary["final_cash_busd"]), 2), g.main_wall(), g.refusals,
            t("pages.list_sep").join(text(n) for n in g.notes))])
    return buf.getvalue()
