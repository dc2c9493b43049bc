"""Class play: several students' games of one scenario and seed, replayed and ranked beside the
built-in policies.

A game is a save (it carries its scenario, seed and command log) or a plain command log. The
class's world is the teacher's scenario and seed, never a student's file: a save of any other
world (a hand-edited one included) or seed is refused before it is replayed. Every game is
replayed and then played on, with no further commands, to the same month, so all are judged on
the same horizon. A file that cannot be ranked (damaged, oversized, another world or seed, saved
past the horizon) is not fatal: it is listed with its one-line reason, and the others are ranked.
Names and reasons are made safe to print and to show on a page, whatever bytes the file had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.domain.errors import SaveError, TerafabError
from game.io.commandlog import read_command_log
from game.io.saves import load_session
from game.io.untrusted import display_text
from game.sim.config import Scenario
from game.sim.score import TERM_KEYS
from game.sim.session import Session
from game.teach.sources import RunRecord, from_session, outcomes, policy_runs


@dataclass
class ClassResult:
    scenario: Scenario
    seed: int
    months: int
    students: list[RunRecord] = field(default_factory=list)
    policies: list[RunRecord] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file, reason), printable
    notes: dict[str, str] = field(default_factory=dict)            # student -> refused commands


def replay_log(path: Path, scenario: Scenario, seed: int, months: int) -> tuple[Session, int]:
    """A command log replayed as `terafab run --commands` does; returns the refusals' count."""
    logged = read_command_log(path)
    session = Session(scenario, seed, None)
    refused = 0
    for month, _who, command in logged:
        if month >= months:
            break
        session.run(month - session.month)
        if not session.submit(command).accepted:
            refused += 1
    session.run(months - session.month)
    return session, refused


def play_class(paths: list[Path], scenario: Scenario, seed: int,
               months: int | None = None) -> ClassResult:
    """Replay every game in the class's world (`scenario` on `seed`) and rank them; a file
    that fails is listed in `rejected` and never stops the others."""
    horizon = scenario.world.calendar.months if months is None else min(
        months, scenario.world.calendar.months)
    result = ClassResult(scenario, seed, horizon)
    for path in paths:
        name = display_text(path.stem)
        try:
            session = _replay(path, scenario, seed, horizon, result, name)
        except TerafabError as exc:
            result.rejected.append((display_text(path), display_text(exc)))
            continue
        result.students.append(from_session(session, name))
    result.policies = policy_runs(scenario, seed, horizon)
    return result


def _replay(path: Path, scenario: Scenario, seed: int, horizon: int, result: ClassResult,
            name: str) -> Session:
    suffix = path.suffix.lower()
    if suffix == ".json":
        session = load_session(path, (scenario, seed))
        if session.month > horizon:
            raise SaveError(f"{path}: saved at month {session.month}, after the ranking month "
                            f"{horizon}")
        session.run(horizon - session.month)
        return session
    if suffix == ".jsonl":
        session, refused = replay_log(path, scenario, seed, horizon)
        if refused:
            result.notes[name] = f"{refused} command(s) refused on replay"
        return session
    raise SaveError(f"{path}: not a save (.json) or command log (.jsonl)")


RANK_COLUMNS = ("rank", "name", "kind", "score", "score_grade",
                *(f"score_{k}" for k in TERM_KEYS), "compute_eflops",
                "delivered_eflops_months", "net_worth_busd", "self_sufficiency",
                "first_terafab_month", "main_wall", "note")


def ranking(result: ClassResult) -> list[dict[str, object]]:
    """Students and built-in policies in one table, best score first."""
    rows = []
    for kind, records in (("student", result.students), ("built-in policy", result.policies)):
        for record in records:
            o = outcomes(record)
            terms = {f"score_{k}": round(float(record.summary[f"score_{k}"]), 1)
                     for k in TERM_KEYS}
            rows.append({"name": record.label, "kind": kind, "score": o["score"],
                         "score_grade": record.summary["score_grade"] or "-", **terms,
                         "compute_eflops": round(o["compute_eflops"], 3),
                         "delivered_eflops_months": round(o["delivered_eflops_months"], 1),
                         "net_worth_busd": round(o["net_worth_busd"], 3),
                         "self_sufficiency": record.summary["self_sufficiency"],
                         "first_terafab_month": o["first_terafab_month"],
                         "main_wall": o["main_wall"],
                         "note": result.notes.get(record.label, "")})
    rows.sort(key=lambda r: -float(r["score"]))
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    return [{c: row[c] for c in RANK_COLUMNS} for row in rows]
