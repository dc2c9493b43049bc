"""What a report or a class ranking reads: one run (a series file, a save, or a student's command
log) with its scenario and seed when known, and the built-in policies replayed beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.agents.policies import POLICIES
from game.domain.errors import UsageError
from game.i18n import msg, t, t_or
from game.io.saves import load_session
from game.io.scenarios import load_scenario
from game.io.series import read_events, read_series
from game.sim.config import Scenario
from game.sim.session import Session


@dataclass
class RunRecord:
    """One played campaign as the teaching tools see it."""

    label: str
    series: list[dict]
    events: list[dict] | None = None
    summary: dict | None = None
    scenario: Scenario | None = None
    seed: int | None = None
    policy: str | None = None
    memory_shares: list[dict[str, float]] | None = None  # month by month: country -> share


def memory_shares(session: Session) -> dict[str, float]:
    """Each country's share of memory wafer capacity now (what the A8 answer looks at)."""
    makers = session.view().memory_makers
    total = sum(m.wafers_kwpm for m in makers) or 1.0
    shares: dict[str, float] = {}
    for m in makers:
        shares[m.country] = shares.get(m.country, 0.0) + m.wafers_kwpm / total
    return shares


def play_recording(session: Session, months: int, logged: list | None = None) -> list[dict]:
    """Step `session` to month `months`, submitting logged (month, source, command) entries at
    their months, and record the memory market's shares after every month."""
    shares = []
    pending = list(logged or [])
    while session.month < months and not session.done:
        while pending and pending[0][0] <= session.month:
            _month, source, command = pending.pop(0)
            session.submit(command, source)
        session.step()
        shares.append(memory_shares(session))
    return shares


def event_rows(events: list) -> list[dict]:
    return [e.as_row() for e in events]


def from_session(session: Session, label: str,
                 shares: list[dict[str, float]] | None = None) -> RunRecord:
    return RunRecord(label, list(session.series), event_rows(session.events), session.summary(),
                     session.scenario, session.seed, session.policy, shares)


def replay_save_recording(session: Session) -> list[dict[str, float]] | None:
    """The memory shares month by month of a loaded save, by replaying its log in a fresh
    session (no policy: the log holds the policy's commands too); None if it does not match."""
    fresh = Session(session.scenario, session.seed, None)
    logged = [(c.month, c.source, c.command) for c in session.command_log]
    shares = play_recording(fresh, session.month, logged)
    return shares if fresh.series == session.series else None


def load_run(path: str | Path, scenario: str | None = None, seed: int | None = None,
             events: str | None = None) -> RunRecord:
    """A save (.json: carries its scenario, seed and log) or a series file (.csv/.parquet: the
    scenario and seed come from the options, the decision log from --events)."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        if scenario is not None or seed is not None or events is not None:
            raise UsageError(msg("errors.report.save_options", path=p))
        session = load_session(p)
        who = (t_or(f"pages.policy.{session.policy}", session.policy) if session.policy
               else t("pages.report.player"))
        return from_session(session, f"{p.stem} ({who})",
                            replay_save_recording(session))
    if p.suffix.lower() not in (".csv", ".parquet"):
        raise UsageError(msg("errors.report.what", path=p))
    record = RunRecord(p.stem, read_series(p))
    if events is not None:
        record.events = read_events(events)
    if scenario is not None:
        record.scenario = load_scenario(scenario)
        record.seed = 1 if seed is None else seed
    elif seed is not None:
        raise UsageError(msg("errors.report.seed_needs_scenario"))
    return record


def policy_runs(scenario: Scenario, seed: int, months: int,
                skip: str | None = None) -> list[RunRecord]:
    """The built-in policies on the same scenario and seed, for as many months as the run."""
    out = []
    for name in POLICIES:
        if name == skip:
            continue
        session = Session(scenario, seed, name)
        shares = play_recording(session, months)
        out.append(from_session(session, name, shares))
    return out


def outcomes(record: RunRecord) -> dict[str, object]:
    """Outcomes computed from the series alone, so a CSV, a save and a policy compare alike."""
    rows = record.series
    last = rows[-1]
    factors: dict[str, int] = {}
    for r in rows:
        factors[str(r["limiting_factor"])] = factors.get(str(r["limiting_factor"]), 0) + 1
    first = next((int(r["month"]) for r in rows if float(r["terafab_output_wpm"]) > 0), None)
    return {
        "run": record.label,
        "compute_eflops": float(last["player_compute_eflops"]),
        "delivered_eflops_months": sum(float(r["player_compute_eflops"]) for r in rows),
        "net_worth_busd": float(last["player_cash_busd"]) - float(last["player_debt_busd"]),
        "first_terafab_month": "never" if first is None else first,
        "main_wall": max(factors, key=factors.get),
        "score": record.summary["score"] if record.summary else None,
    }
