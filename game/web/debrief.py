"""The live class's debrief: the class's seats and the built-in policies on the same world,
gathered for the shared page and grades CSV (game/debrief), which `terafab class` draws from
hand-in files alike."""

from __future__ import annotations

from game.agents.policies import POLICIES
from game.debrief import page as debrief_page
from game.debrief.games import NO_DECISIONS, Debrief, GameRun, refusal_note
from game.debrief.grades import grades_csv as debrief_grades
from game.i18n import msg
from game.i18n.scenarios import shown
from game.sim.session import Session
from game.web.classroom import ClassError, Classroom


def _policy_games(classroom: Classroom, months: int) -> list[GameRun]:
    """The built-in policies on the class's world to `months` (cached per month reached)."""
    cache = classroom.policy_cache
    if months not in cache:
        runs = []
        for name in POLICIES:
            session = Session(classroom.scenario, classroom.seed, name)
            session.run(months)
            runs.append(GameRun(name, list(session.series), session.summary(), played_by=name))
        cache.clear()
        cache[months] = runs
    return cache[months]


def horizon(classroom: Classroom) -> int:
    return max([classroom.pace.cap, *(s.month for s in classroom.seats.values())])


def notes(seat) -> list[str]:
    """What the debrief says of a seat's game, as `terafab class` says it of a hand-in: no
    decision at all, and each refused command with the rules' reason."""
    out = [] if seat.session.command_log else [NO_DECISIONS]
    return out + [refusal_note(r.date, r.command, r.reason) for r in seat.refusals]


def gather(classroom: Classroom) -> Debrief:
    """The class as the debrief shows it, now."""
    months = horizon(classroom)
    games = [GameRun(seat.row.name, list(seat.session.series), seat.session.summary(),
                     team=seat.row.team, group=seat.row.group,
                     played_by=seat.row.policy or "student", notes=notes(seat))
             for seat in classroom.seats.values()]
    scenario = shown(classroom.scenario)  # its title and lesson card in the class's language
    return Debrief(scenario.title, classroom.seed, months, classroom.months_total,
                   games, _policy_games(classroom, months),
                   debrief_page.treatments_shown(classroom.given()),
                   lesson=scenario.lesson)


def page(classroom: Classroom) -> str:
    return debrief_page.render(gather(classroom))


def grades_csv(classroom: Classroom) -> str:
    return debrief_grades(gather(classroom))


def card(classroom: Classroom, seat_id: int) -> str:
    """A seat's small multiple, or a built-in policy's (negative ids: -1 for the first)."""
    debrief = gather(classroom)
    if seat_id < 0:
        if -seat_id > len(debrief.policies):
            raise ClassError(msg("cli.web.no_policy", seat=seat_id), 404)
        return debrief_page.card(debrief, debrief.policies[-seat_id - 1])
    classroom.seat(seat_id)  # 404 if there is none
    return debrief_page.card(debrief, debrief.games[list(classroom.seats).index(seat_id)])


def groups_chart(classroom: Classroom) -> str:
    return debrief_page.groups_chart(gather(classroom))
