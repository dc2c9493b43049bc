"""The command fuzzer: random games with random commands, valid and invalid, at random moments,
checking the invariants after every month. A failure carries the seed and the command log, so it
can be replayed with `terafab run --commands`."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, fields

from game.domain.commands import COMMANDS, Command
from game.sim import invariants
from game.sim.config import Scenario
from game.sim.session import Session

_POLICIES = (None, None, "passive", "buyer", "integrator", "balanced")


@dataclass
class FuzzReport:
    games: int = 0
    months: int = 0
    commands: int = 0
    refused: int = 0
    checks: int = 0
    failure: str | None = None
    failure_seed: int | None = None
    failure_log: list[dict] = field(default_factory=list)
    failure_replay: str = ""  # the `terafab run` arguments that replay the failing game


def _random_value(rnd: random.Random, session: Session, f) -> object:
    meta = f.metadata
    default = f.default
    if meta.get("choices"):
        options = [v for v, _ in session.choices(meta["choices"])]
        return (
            rnd.choice(options)
            if options and rnd.random() < 0.9
            else rnd.choice(["", "nowhere", "TSMC"])
        )
    if isinstance(default, bool):
        return rnd.random() < 0.5
    lo = meta.get("min") if meta.get("min") is not None else 0
    hi = meta.get("max") if meta.get("max") is not None else 1000
    roll = rnd.random()
    if isinstance(default, int):
        if roll < 0.08:
            return rnd.choice([0, -1, -10**6, 10**12])
        return rnd.randint(int(lo), int(hi))
    if roll < 0.08:
        return rnd.choice([0.0, -1.0, math.nan, math.inf, -math.inf, 1e300])
    return rnd.uniform(float(lo), float(hi))


def random_command(rnd: random.Random, session: Session) -> Command:
    cls = COMMANDS[rnd.choice(sorted(COMMANDS))]
    kwargs = {f.name: _random_value(rnd, session, f) for f in fields(cls)}
    return cls(**kwargs)


def fuzz_game(scenario: Scenario, seed: int, report: FuzzReport) -> bool:
    """Play one random game; False (and the report filled in) at the first broken invariant or
    the first exception (a crash is a failure too, reported with its seed and log)."""
    log: list[dict] = []
    try:
        return _play(scenario, seed, report, log)
    except Exception as exc:  # noqa: BLE001 - any crash is what the fuzzer is looking for
        return _fail(report, seed, log, f"crash: {exc.__class__.__name__}: {exc}")


def _play(scenario: Scenario, seed: int, report: FuzzReport, log: list[dict]) -> bool:
    rnd = random.Random(seed)
    months = rnd.choice([rnd.randint(1, 24), rnd.randint(24, 90), scenario.world.calendar.months])
    policy = rnd.choice(_POLICIES)
    session = Session(scenario, seed=seed, policy=policy)
    report.failure_replay = f"--seed {seed} --months {months}" + (
        f" --policy {policy}" if policy else ""
    )
    rate = rnd.choice([0.1, 0.5, 1.5, 4.0])  # commands per month
    for _ in range(months):
        if session.done:
            break
        cash_before = session.model.firm.ledger.cash_busd
        n = min(12, int(rnd.expovariate(1.0 / rate))) if rate else 0
        for _ in range(n):
            command = random_command(rnd, session)
            before = invariants.state_fingerprint(session)
            result = session.submit(command)
            report.commands += 1
            if result.accepted:
                log.append({"month": session.month, **command.to_dict()})
            else:
                report.refused += 1
                report.checks += 1
                if not result.message:
                    return _fail(report, seed, log, f"{command.name} was refused without a message")
                if invariants.state_fingerprint(session) != before:
                    return _fail(report, seed, log, f"refused {command.name} changed the world: "
                                                    f"{result.message}")
        session.step()
        report.months += 1
        problems = invariants.all_month_invariants(
            session.model, cash_before, session.model.firm.ledger.last_flows
        )
        report.checks += 4
        if problems:
            when = session.model.date_of(session.month - 1)
            return _fail(report, seed, log, f"{when}: {problems[0]}")
    report.games += 1
    return True


def _fail(report: FuzzReport, seed: int, log: list[dict], message: str) -> bool:
    report.failure = message
    report.failure_seed = seed
    report.failure_log = log
    return False
