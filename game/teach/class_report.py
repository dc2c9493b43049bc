"""The class page from hand-in files: the games `terafab class` replayed, gathered for the debrief
the live class shows (game/debrief), so the same games give the same page and grades CSV; the
files that could not be ranked are listed on it with the reason."""

from __future__ import annotations

from game.debrief.games import Debrief, GameRun
from game.debrief.page import treatments_shown
from game.i18n.scenarios import shown
from game.teach.classroom import ClassResult


def gather(result: ClassResult) -> Debrief:
    """The replayed hand-ins as the debrief shows them (names already made printable)."""
    games = [GameRun(r.label, r.series, r.summary or {}, **result.seats.get(r.label, {}),
                     notes=list(result.notes.get(r.label, ())))
             for r in result.students]
    policies = [GameRun(r.label, r.series, r.summary or {}, played_by=r.label)
                for r in result.policies]
    scenario = shown(result.scenario)  # its title and lesson card in the page's language
    return Debrief(scenario.title, result.seed, result.months,
                   result.scenario.world.calendar.months, games, policies,
                   treatments_shown(result.treatments),
                   rejected=list(result.rejected), lesson=scenario.lesson)
