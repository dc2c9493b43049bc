"""What the debrief is drawn from: the class's games (a seat of the live class, or a hand-in file
replayed) and the built-in policies on the same world, whichever face gathered them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from game.i18n import msg
from game.sim.config import Lesson
from game.sim.session import Session

# the note on a game with no command: a blank hand-in, or a seat that never decided (a Message:
# English as a string, in the page's language on the debrief)
NO_DECISIONS = msg("pages.debrief.no_decisions")


def refusal_note(date: str, command: str, reason: str) -> str:
    """The note on a refused command, live and from a hand-in alike ("refused in DATE: ..." as a
    string, whatever language the page shows it in)."""
    return msg("pages.debrief.refused_note", date=date, command=command, reason=reason)


@dataclass
class GameRun:
    """One game as the debrief shows it: its months, its summary, who played it and what the
    rules refused (each "refused in DATE: COMMAND: reason", or another remark on the game)."""

    name: str
    series: list[dict]
    summary: dict
    team: str = ""
    group: str = ""
    played_by: str = "student"  # or the built-in policy standing in for an absent student
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return float(self.summary["score"])

    @property
    def month(self) -> int:
        return len(self.series)

    @property
    def refusals(self) -> int:
        return sum(1 for note in self.notes if note.startswith("refused in "))

    def term(self, key: str) -> float:
        return float(self.summary.get(f"score_{key}", 0.0))

    def compute(self) -> list[float]:
        """Compute deployed month by month (EFLOPS)."""
        return [float(r["player_compute_eflops"]) for r in self.series]

    def walls(self) -> list[str]:
        """The limiting factor month by month."""
        return [str(r["limiting_factor"]) for r in self.series]

    def main_wall(self) -> str:
        counts = Counter(self.walls())
        return counts.most_common(1)[0][0] if counts else ""


def game_run(session: Session, name: str, **who) -> GameRun:
    return GameRun(name, list(session.series), session.summary(), **who)


@dataclass
class Debrief:
    """A class's games at one month, beside the built-in policies played to the same month."""

    title: str
    seed: int
    month: int            # the month the class is judged at
    months_total: int     # the campaign's length (the charts' axis)
    games: list[GameRun]
    policies: list[GameRun]
    treatments: dict[str, str] = field(default_factory=dict)  # group -> what it was given
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file, why), printable
    lesson: Lesson | None = None

    def ranking(self) -> list[GameRun]:
        """The class's games, best score first (a tie keeps the order given)."""
        return sorted(self.games, key=lambda g: -g.score)

    def compared(self) -> tuple[str, dict[str, list[GameRun]]]:
        """The groups to compare, and what they are: the teacher's groups when there are
        several or any was given a treatment, else the students' teams when there are several;
        none otherwise."""
        for kind in ("group", "team"):
            out: dict[str, list[GameRun]] = {}
            for game in self.games:
                out.setdefault(getattr(game, kind), []).append(game)
            if len(out) > 1 or (kind == "group" and self.treatments):
                return kind, dict(sorted(out.items()))
        return "", {}

    def unseated(self) -> list[tuple[str, str]]:
        """The groups given a treatment that no game of the class is in, with what each was
        given, by group: the teacher gave it, so the debrief lists it (no seat was in the group,
        or its seats moved to another group or were not handed in)."""
        seated = {game.group for game in self.games}
        return sorted((group, given) for group, given in self.treatments.items()
                      if group not in seated)
