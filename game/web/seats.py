"""A seat: one student's game in the class's world (a Session), its log on disk, and what the
teacher sees of it. The seat only moves through this module, so what is in memory is always what
replaying the log gives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from game.agents.policies import POLICIES
from game.domain.commands import Command, command_from_dict
from game.domain.errors import SaveError
from game.i18n import msg, t_or
from game.io.commandlog import refused_line, treatment_line
from game.sim.config import Scenario
from game.sim.session import Session
from game.sim.treatments import Treatment, apply_lever
from game.web.store import ClassStore, Entry, SeatRow


def shown_title(command: Command) -> str:
    """A command's title in the class's language (the teacher's "last action")."""
    return t_or(f"command.{command.name}.title", command.title)

@dataclass
class Refusal:
    month: int
    date: str
    command: str
    reason: str


@dataclass
class Seat:
    row: SeatRow
    session: Session
    refusals: list[Refusal] = field(default_factory=list)
    last_action: str = ""
    ready: bool = False
    treated: set[int] = field(default_factory=set)  # treatment ids applied
    answers: dict[str, dict] = field(default_factory=dict)  # nonce -> the answer given
    # the downloaded log's comment lines (a refusal, a treatment), each after how many of the
    # seat's accepted commands it came, so the hand-in replays and lists them as the class did
    remarks: list[tuple[int, str]] = field(default_factory=list)
    # what the pages read of the seat, built once per change (game/web/views.py `cached`)
    views: dict[str, tuple[tuple, object]] = field(default_factory=dict, repr=False)

    def refused(self, refusal: Refusal) -> None:
        self.refusals.append(refusal)
        self.remarks.append((len(self.session.command_log),
                             refused_line(refusal.month, refusal.command, refusal.reason)))

    def treat(self, treatment_id: int, treatment: Treatment) -> None:
        """Apply a treatment to the seat's world now, and remember it for the log."""
        model = self.session.model
        apply_lever(model, treatment.lever, treatment.value)
        self.treated.add(treatment_id)
        self.remarks.append((len(self.session.command_log), treatment_line(treatment, model.month)))

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def month(self) -> int:
        return self.session.month


def replay_seat(row: SeatRow, entries: list[Entry], scenario: Scenario, seed: int) -> Seat:
    """The seat rebuilt from its log: commands at their months, advances, treatments."""
    seat = Seat(row, Session(scenario, seed, None))
    session = seat.session
    for e in entries:
        if e.nonce is not None and e.answer is not None:
            seat.answers[e.nonce] = e.answer
        if e.kind == "advance":
            session.run(int(e.body["to"]) - session.month)
        elif e.kind == "command":
            if e.month != session.month:
                raise SaveError(msg("cli.web.replay_month", seat=row.id, seq=e.seq,
                                    month=e.month, at=session.month))
            command = command_from_dict(e.body["command"])
            result = session.submit(command, str(e.body.get("source", "player")))
            if not result.accepted:
                raise SaveError(msg("cli.web.replay_refused", seat=row.id, command=command.name,
                                    reason=result.message))
            seat.last_action = f"{session.date}: {shown_title(command)}"
        elif e.kind == "refused":
            seat.refused(Refusal(e.month, session.model.date_of(e.month),
                                 str(e.body["command"].get("command")), str(e.body["reason"])))
        elif e.kind == "treatment":
            seat.treat(int(e.body["id"]), Treatment(str(e.body.get("group", row.group)),
                                                    int(e.body.get("from_month", e.month)),
                                                    str(e.body["lever"]), float(e.body["value"])))
    return seat


def submit(store: ClassStore, seat: Seat, command: Command, nonce: str | None,
           source: str = "player") -> dict[str, object]:
    """Check and apply a command, and queue it for the disk (the server awaits the store's
    `durable()` before it answers). A retry of the same nonce gets the first answer and changes
    nothing."""
    if nonce is not None and nonce in seat.answers:
        return seat.answers[nonce]
    session = seat.session
    month = session.month
    result = session.submit(command, source)
    answer = {"accepted": result.accepted, "message": result.message, "month": month}
    if result.accepted:
        body = {"command": command.to_dict(), "source": source}
        store.append(seat.id, [(month, "command", body, nonce, answer)])
        seat.last_action = f"{session.date}: {shown_title(command)}"
    else:
        body = {"command": command.to_dict(), "reason": result.message}
        store.append(seat.id, [(month, "refused", body, nonce, answer)])
        seat.refused(Refusal(month, session.date, command.name, result.message))
    if nonce is not None:
        seat.answers[nonce] = answer
    return answer


def log_lines(seat: Seat) -> list[str]:
    """The seat's accepted commands as command-log lines, each remark (a refusal, a treatment)
    at its place among them."""
    commands = [json.dumps(c.to_dict()) for c in seat.session.command_log]
    out: list[str] = []
    done = 0
    for after, line in seat.remarks:
        out += commands[done:after]
        done = max(done, after)
        out.append(line)
    return out + commands[done:]


def advance_entries(seat: Seat, to_month: int, treatments: list) -> list[tuple]:
    """Move the seat to `to_month` (a policy seat's policy decides each month first, and a
    treatment due applies at its month) and return the log entries that replay it. Nothing is
    written here: the caller commits the entries of every seat moved together."""
    session = seat.session
    policy = POLICIES.get(seat.row.policy or "")
    out: list[tuple] = []
    while session.month < to_month and not session.done:
        out.extend(_due_treatments(seat, treatments))
        if policy is not None:
            for command in policy(session.model):
                month = session.month
                if session.submit(command, "policy").accepted:
                    out.append((month, "command",
                                {"command": command.to_dict(), "source": "policy"}, None, None))
        session.step()
        out.append((session.month, "advance", {"to": session.month}, None, None))
    out.extend(_due_treatments(seat, treatments))
    return out


def _due_treatments(seat: Seat, treatments: list) -> list[tuple]:
    out = []
    model = seat.session.model
    for t in treatments:
        if t.id in seat.treated or t.group != seat.row.group or t.from_month > model.month:
            continue
        seat.treat(t.id, Treatment(t.group, t.from_month, t.lever, t.value))
        out.append((model.month, "treatment", {"id": t.id, "lever": t.lever, "value": t.value,
                                               "group": t.group, "from_month": t.from_month},
                    None, None))
    return out
