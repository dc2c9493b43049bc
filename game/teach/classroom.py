"""Class play: several students' games of one scenario and seed, replayed and ranked beside the
built-in policies.

A game is a save (it carries its scenario, seed and command log) or a plain command log (the
scenario and seed are the teacher's). Every game is replayed and then played on, with no further
commands, to the same month, so all are judged on the same horizon. A file that cannot be ranked
(damaged, another scenario or seed, saved past the horizon) is not fatal: it is listed with its
reason, and the others are ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.domain.errors import TerafabError
from game.io.commandlog import read_command_log
from game.io.saves import load_session
from game.sim.config import Scenario
from game.sim.session import Session
from game.teach.sources import RunRecord, from_session, outcomes, policy_runs


@dataclass
class ClassResult:
    scenario: Scenario
    seed: int
    months: int
    students: list[RunRecord] = field(default_factory=list)
    policies: list[RunRecord] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    notes: dict[str, str] = field(default_factory=dict)            # student -> refused commands


def _same_world(a: Scenario, b: Scenario) -> bool:
    return a.model_dump(by_alias=True) == b.model_dump(by_alias=True)


def replay_log(path: Path, scenario: Scenario, seed: int, months: int) -> tuple[Session, int]:
    """A command log replayed as `terafab run --commands` does; returns the refusals' count."""
    logged = read_command_log(str(path))
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


def play_class(paths: list[Path], scenario: Scenario | None, seed: int | None,
               months: int | None = None) -> ClassResult:
    """Replay every game; `scenario`/`seed` default to the first save's."""
    saves: dict[Path, Session] = {}
    rejected: list[tuple[str, str]] = []
    for path in paths:
        if path.suffix.lower() == ".json":
            try:
                saves[path] = load_session(path)
            except TerafabError as exc:
                rejected.append((str(path), str(exc)))
    if scenario is None or seed is None:
        if not saves:
            raise_usage("command logs need --scenario and --seed (the logs do not say them)")
        first = next(iter(saves.values()))
        scenario = first.scenario if scenario is None else scenario
        seed = first.seed if seed is None else seed
    horizon = scenario.world.calendar.months if months is None else min(
        months, scenario.world.calendar.months)
    result = ClassResult(scenario, seed, horizon, rejected=rejected)
    for path in paths:
        name = path.stem
        if path.suffix.lower() == ".json":
            session = saves.get(path)
            if session is None:
                continue
            reason = _mismatch(session, scenario, seed, horizon)
            if reason:
                result.rejected.append((str(path), f"{path}: {reason}"))
                continue
            session.run(horizon - session.month)
        elif path.suffix.lower() == ".jsonl":
            try:
                session, refused = replay_log(path, scenario, seed, horizon)
            except TerafabError as exc:
                result.rejected.append((str(path), str(exc)))
                continue
            if refused:
                result.notes[name] = f"{refused} command(s) refused on replay"
        else:
            result.rejected.append((str(path),
                                    f"{path}: not a save (.json) or command log (.jsonl)"))
            continue
        result.students.append(from_session(session, name))
    result.policies = policy_runs(scenario, seed, horizon)
    return result


def _mismatch(session: Session, scenario: Scenario, seed: int, horizon: int) -> str:
    if session.scenario.name != scenario.name or not _same_world(session.scenario, scenario):
        return (f"a game of scenario '{session.scenario.name}' with other settings, "
                f"not '{scenario.name}'")
    if session.seed != seed:
        return f"played on seed {session.seed}, the class on seed {seed}"
    if session.month > horizon:
        return f"saved at month {session.month}, after the ranking month {horizon}"
    return ""


def raise_usage(message: str) -> None:
    from game.domain.errors import UsageError

    raise UsageError(message)


RANK_COLUMNS = ("rank", "name", "kind", "score", "compute_eflops", "delivered_eflops_months",
                "net_worth_busd", "self_sufficiency", "first_terafab_month", "main_wall", "note")


def ranking(result: ClassResult) -> list[dict[str, object]]:
    """Students and built-in policies in one table, best score first."""
    rows = []
    for kind, records in (("student", result.students), ("built-in policy", result.policies)):
        for record in records:
            o = outcomes(record)
            rows.append({"name": record.label, "kind": kind, "score": o["score"],
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
