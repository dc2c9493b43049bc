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

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from game.debrief.games import NO_DECISIONS, refusal_note
from game.domain.errors import SaveError, TerafabError, reason
from game.i18n import Message, Verbatim, msg
from game.io.commandlog import read_command_log, unknown_choice
from game.io.saves import load_session
from game.io.untrusted import MAX_SAVE_BYTES, display_text
from game.sim.config import Scenario
from game.sim.score import TERM_KEYS
from game.sim.session import Session
from game.sim.treatments import Treatment, apply_due
from game.teach.sources import RunRecord, from_session, outcomes, policy_runs


@dataclass
class ClassResult:
    scenario: Scenario
    seed: int
    months: int
    students: list[RunRecord] = field(default_factory=list)
    policies: list[RunRecord] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file, reason), printable
    notes: dict[str, list[str]] = field(default_factory=dict)  # student -> refusals, remarks
    seats: dict[str, dict[str, str]] = field(default_factory=dict)  # student -> team, group
    treatments: list[Treatment] = field(default_factory=list)  # given to some game, in order


def replay_log(path: Path, scenario: Scenario, seed: int, months: int,
               header: dict[str, object] | None = None) -> tuple[Session, list[str]]:
    """A command log replayed as `terafab run --commands` does, the teacher's treatments it
    carries applied where they stand; returns what a teacher should know of it: an empty log,
    lines skipped or damaged, each refused command with its reason (those the class refused,
    then any the replay refuses), commands past the ranking month. A log that names another
    world (`# scenario NAME seed N`) is refused. Given a `header` dict, who played the log (its
    `# seat` line, if any) and the treatments it carries are put there."""
    skipped: list[str] = []
    header = {} if header is None else header
    logged = read_command_log(path, skipped=skipped, header=header)
    if "scenario" in header and (header["scenario"], header["seed"]) != (scenario.name, seed):
        raise SaveError(msg("errors.class.other_game", path=path, scenario=header["scenario"],
                            seed=header["seed"], ours=scenario.name, our_seed=seed))
    session = Session(scenario, seed, None)
    notes = [] if logged or skipped else [NO_DECISIONS]
    notes += skipped + header["damaged"]
    notes += [refusal_note(session.model.date_of(month), command, reason)
              for month, command, reason in header["refused"] if month <= months]
    given = list(header["treatments"])
    # ranked at month M: the commands logged at month M are given (a seat of the live class at
    # month M holds them, and its debrief counts them); month M itself is not played
    late = [entry for entry in logged if entry[0] > months]
    played = [entry for entry in logged if entry[0] <= months]
    for i, (month, _source, command) in enumerate(played):
        apply_due(session, given, i, month)
        session.run(month - session.month)
        if session.done:
            notes.append(msg("errors.class.after_end", n=len(played) - i, date=session.date,
                             cause=session.model.end_cause))
            break
        problem = unknown_choice(session, command)
        result = session.submit(command)
        if not result.accepted:
            notes.append(refusal_note(session.date, command.name, problem or result.message))
    if late:
        notes.append(msg("errors.class.after_ranking", n=len(late), month=months,
                         first=late[0][0]))
    apply_due(session, given, len(played), months)
    session.run(months - session.month)
    return session, notes


def play_class(paths: list[Path], scenario: Scenario, seed: int,
               months: int | None = None) -> ClassResult:
    """Replay every game in the class's world (`scenario` on `seed`) and rank them; a file
    that fails is listed in `rejected` and never stops the others."""
    horizon = scenario.world.calendar.months if months is None else min(
        months, scenario.world.calendar.months)
    result = ClassResult(scenario, seed, horizon)
    seen: dict[object, Path] = {}
    for path in paths:
        twin = _same_as(path, seen)
        if twin is not None:
            result.rejected.append((display_text(path), msg(
                "errors.class.same_game", path=display_text(path), twin=display_text(twin))))
            continue
        try:
            session, name = _replay(path, scenario, seed, horizon, result)
        except TerafabError as exc:
            result.rejected.append((display_text(path), printable(reason(exc))))
            continue
        result.students.append(from_session(session, name))
    result.policies = policy_runs(scenario, seed, horizon)
    return result


def printable(value: object) -> object:
    """An error's words safe to print (`display_text` on every text a file gave it), still in
    the player's language when it is a Message."""
    if isinstance(value, Message):
        return Message(value.key, {k: printable(v) for k, v in value.values.items()})
    return display_text(value) if isinstance(value, str | Path) else value


def _replay(path: Path, scenario: Scenario, seed: int, horizon: int,
            result: ClassResult) -> tuple[Session, str]:
    """The game replayed to the horizon, and its player's name: the file's, or its `# seat`
    line's (whose team and group go to `result.seats`)."""
    name = Verbatim(display_text(path.stem))  # a person's choice: never read as a world name
    suffix = path.suffix.lower()
    if suffix == ".json":
        session = load_session(path, (scenario, seed))
        if session.month > horizon:
            raise SaveError(msg("errors.class.too_late", path=path, month=session.month,
                                horizon=horizon))
        session.run(horizon - session.month)
        return session, name
    if suffix == ".jsonl":
        header: dict[str, object] = {}
        session, notes = replay_log(path, scenario, seed, horizon, header)
        seat = header.get("seat") or {}
        name = Verbatim(display_text(seat.get("name") or "")) or name
        if notes:
            result.notes[name] = [printable_note(n) for n in notes]
        result.treatments += [g.treatment for g in header["treatments"]]
        if seat.get("team") or seat.get("group"):
            result.seats[name] = {k: display_text(seat.get(k, "")) for k in ("team", "group")}
        return session, name
    raise SaveError(msg("errors.class.not_a_game", path=path))


def _same_as(path: Path, seen: dict[object, Path]) -> Path | None:
    """The file given before with the same bytes (or the same file twice), else None; records
    this one. Files too large to be a game are left to the replay to refuse."""
    try:
        if path.stat().st_size > MAX_SAVE_BYTES:
            return None
        key = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the replay names what is wrong with it
    if key in seen:
        return seen[key]
    seen[key] = path
    return None


def printable_note(note: object) -> object:
    """A note made printable (`display_text`), a Message kept as one with its values made
    printable, so the debrief can still show it in the page's language."""
    if isinstance(note, Message):
        return msg(note.key, **{k: printable_note(v) if isinstance(v, str) else v
                                for k, v in note.values.items()})
    return display_text(note)


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
                         "note": "; ".join(result.notes.get(record.label, ()))})
    rows.sort(key=lambda r: -float(r["score"]))
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    return [{c: row[c] for c in RANK_COLUMNS} for row in rows]
