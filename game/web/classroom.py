"""The live class: its world (scenario and seed), its seats, and the pace the teacher sets.

Pacing. In free pace each seat runs its own clock, never past the teacher's month (`cap`); the
teacher moves the cap. In rounds every seat is at the class month: students get ready, then the
teacher, a timer or "all ready" advances everyone a month or a quarter. Seats played by a built-in
policy (an absent student) follow the class month in both.

Everything here runs on the server's one thread; every change is committed to the store before
the caller answers.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from game.agents.policies import POLICIES
from game.domain.commands import Command
from game.domain.errors import TerafabError
from game.i18n import msg, t, t_or
from game.sim.config import Scenario
from game.sim.session import Session
from game.sim.treatments import LEVERS, Treatment, lever_problem
from game.web import seats as seat_ops
from game.web.seats import Seat, replay_seat
from game.web.store import ClassStore, TreatmentRow

PACES = ("free", "rounds")
MAX_SEATS = 200


class ClassError(TerafabError):
    """A request the class refuses (the page shows the message; the server answers 4xx)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def cookie_hash(cookie: str) -> str:
    return hashlib.sha256(cookie.encode()).hexdigest()


@dataclass
class Pace:
    mode: str = "rounds"
    step: int = 1            # months per round / per student advance: 1 or 3
    cap: int = 0             # the teacher's month
    paused: bool = False
    all_ready: bool = True   # rounds: advance when every student is ready
    timer_s: int = 0         # rounds: advance after this many seconds (0: no timer)
    deadline: float = 0.0    # time.time() when the timer advances the round

    def as_settings(self) -> dict[str, object]:
        return {"mode": self.mode, "step": self.step, "cap": self.cap, "paused": self.paused,
                "all_ready": self.all_ready, "timer_s": self.timer_s}


class Classroom:
    """One class: the store, the seats in memory, the pace."""

    def __init__(self, store: ClassStore, scenario: Scenario, scenario_name: str, seed: int,
                 pace: str = "rounds", cap: int = 0) -> None:
        self.store = store
        self.scenario = scenario
        self.scenario_name = scenario_name
        self.seed = seed
        saved = store.settings()
        if saved:
            if (saved.get("scenario"), saved.get("seed")) != (scenario_name, seed):
                raise ClassError(msg("cli.web.other_class", path=str(store.path),
                                     scenario=saved.get("scenario"), seed=saved.get("seed"),
                                     asked=scenario_name, asked_seed=seed), 400)
            self.token = str(saved["token"])
            self.pace = Pace(**{k: saved[k] for k in Pace().as_settings() if k in saved})
        else:
            if pace not in PACES:
                raise ClassError(msg("cli.web.unknown_pace", pace=pace, known=", ".join(PACES)),
                                 400)
            self.token = secrets.token_urlsafe(18)
            self.pace = Pace(mode=pace, cap=cap)
            store.put_settings({"scenario": scenario_name, "seed": seed, "token": self.token,
                                **self.pace.as_settings()})
        self.months_total = Session(scenario, seed).months_total
        self.seats: dict[int, Seat] = {}
        self.by_cookie: dict[str, int] = {}
        self.treatments: list[TreatmentRow] = store.treatments()
        self.policy_cache: dict[int, dict] = {}  # the debrief's built-in policies, by month
        for row in store.seats():
            self.seats[row.id] = replay_seat(row, store.entries(row.id), scenario, seed)
            self.by_cookie[row.cookie_hash] = row.id
        self._restart_timer()
        store.flush()

    # ------------------------------------------------------------------ seats
    def join(self, name: str, team: str) -> tuple[Seat, str]:
        """A new seat in the class's world; returns it and the cookie that lets its student act."""
        if len(self.seats) >= MAX_SEATS:
            raise ClassError(msg("pages.web.error.full", seats=MAX_SEATS))
        cookie = secrets.token_urlsafe(24)
        group = "A"
        row = self.store.add_seat(name, team, group, cookie_hash(cookie))
        seat = replay_seat(row, [], self.scenario, self.seed)
        self.seats[row.id] = seat
        self.by_cookie[row.cookie_hash] = row.id
        # a seat joins at the class month in rounds (everyone is there), at month 0 in free pace
        self._move(seat, self.pace.cap if self.pace.mode == "rounds" else 0)
        return seat, cookie

    def seat_for(self, cookie: str | None) -> Seat:
        seat_id = self.by_cookie.get(cookie_hash(cookie)) if cookie else None
        if seat_id is None:
            raise ClassError(msg("pages.web.error.join_first"), 401)
        return self.seats[seat_id]

    def seat(self, seat_id: int) -> Seat:
        if seat_id not in self.seats:
            raise ClassError(msg("pages.web.error.no_seat", seat=seat_id), 404)
        return self.seats[seat_id]

    def submit(self, seat: Seat, command: Command, nonce: str | None) -> dict[str, object]:
        if seat.row.policy:
            raise ClassError(msg("pages.web.error.policy_seat", policy=seat.row.policy))
        if self.pace.paused:
            raise ClassError(msg("pages.web.error.paused"))
        return seat_ops.submit(self.store, seat, command, nonce)

    # ------------------------------------------------------------------ time
    def advance_seat(self, seat: Seat) -> None:
        """Free pace: the student's own clock moves a step, never past the teacher's month."""
        if self.pace.mode != "free":
            raise ClassError(msg("pages.web.error.rounds"))
        if self.pace.paused:
            raise ClassError(msg("pages.web.error.paused"))
        if seat.session.done:
            raise ClassError(msg("pages.web.error.over"))
        if seat.month >= self.pace.cap:
            raise ClassError(msg("pages.web.error.wait", month=self.pace.cap))
        self._move(seat, min(self.pace.cap, seat.month + self.pace.step))

    def set_ready(self, seat: Seat, ready: bool) -> None:
        if self.pace.mode != "rounds":
            raise ClassError(msg("pages.web.error.free"))
        seat.ready = ready
        self._check_all_ready()

    def advance_class(self) -> None:
        """The teacher's month moves a step; in rounds every seat moves to it."""
        if self.pace.cap >= self.months_total:
            raise ClassError(msg("pages.web.error.at_end"))
        self.pace.cap = min(self.months_total, self.pace.cap + self.pace.step)
        self.store.put_settings({"cap": self.pace.cap})
        for seat in self.seats.values():
            if self.pace.mode == "rounds" or seat.row.policy:
                self._move(seat, self.pace.cap)
            seat.ready = False
        self._restart_timer()

    def _move(self, seat: Seat, to_month: int) -> None:
        entries = seat_ops.advance_entries(seat, to_month, self.treatments)
        if entries:
            self.store.append(seat.id, entries)

    def _check_all_ready(self) -> None:
        people = [s for s in self.seats.values() if not s.row.policy and not s.session.done]
        if (self.pace.mode == "rounds" and self.pace.all_ready and not self.pace.paused and people
                and all(s.ready for s in people) and self.pace.cap < self.months_total):
            self.advance_class()

    def tick(self, now: float | None = None) -> bool:
        """The round timer: advance when it runs out (called by the server every second)."""
        now = time.time() if now is None else now
        if (self.pace.mode == "rounds" and self.pace.timer_s and not self.pace.paused
                and self.pace.deadline and now >= self.pace.deadline
                and self.pace.cap < self.months_total):
            self.advance_class()
            return True
        return False

    def _restart_timer(self) -> None:
        self.pace.deadline = time.time() + self.pace.timer_s if self.pace.timer_s else 0.0

    # ------------------------------------------------------------------ the teacher
    def set_pace(self, mode: str | None = None, step: int | None = None,
                 paused: bool | None = None, all_ready: bool | None = None,
                 timer_s: int | None = None, cap: int | None = None) -> None:
        pace = self.pace
        if mode is not None:
            if mode not in PACES:
                raise ClassError(msg("cli.web.unknown_pace", pace=mode, known=", ".join(PACES)),
                                 422)
            if mode == "rounds" and pace.mode == "free":
                # rounds start from the furthest seat: nobody goes back in time
                pace.cap = max([pace.cap, *(s.month for s in self.seats.values())])
                for seat in self.seats.values():
                    self._move(seat, pace.cap)
            pace.mode = mode
        if step is not None:
            pace.step = step
        if paused is not None:
            pace.paused = paused
        if all_ready is not None:
            pace.all_ready = all_ready
        if timer_s is not None:
            pace.timer_s = timer_s
        if cap is not None:
            if pace.mode == "rounds" and cap < pace.cap:
                raise ClassError(msg("pages.web.error.cap_back", month=pace.cap))
            pace.cap = min(cap, self.months_total)
            for seat in self.seats.values():  # policy seats follow the teacher's month
                if pace.mode == "rounds" or seat.row.policy:
                    self._move(seat, pace.cap)
        self.store.put_settings(pace.as_settings())
        self._restart_timer()

    def reset_seat(self, seat: Seat) -> None:
        """Start the seat again from month 0 (its log is cleared; rounds: back at the class
        month, with no commands)."""
        self.store.clear_log(seat.id)
        fresh = replay_seat(seat.row, [], self.scenario, self.seed)
        self.seats[seat.id] = fresh
        self._move(fresh, self.pace.cap if self.pace.mode == "rounds" else 0)

    def set_policy(self, seat: Seat, policy: str | None) -> None:
        """An absent student's seat played by a built-in policy from now on (None: give it
        back). The policy's commands are logged as the policy's."""
        if policy is not None and policy not in POLICIES:
            raise ClassError(msg("pages.web.error.unknown_policy", policy=policy[:40],
                                 known=", ".join(POLICIES)), 422)
        self.store.set_seat(seat.id, policy=policy)
        seat.row.policy = policy
        if policy is not None and seat.month < self.pace.cap:
            self._move(seat, self.pace.cap)
        self._check_all_ready()

    def add_robots(self, count: int) -> None:
        """Seats played by the built-in policies in turn (written to disk at once), named in the
        class's language (a name is the seat's data from then on, as a student's is)."""
        names = list(POLICIES)
        for i in range(count):
            policy = names[i % len(names)]
            seat, _cookie = self.join(t("robot_seat.name", policy=t(f"pages.policy.{policy}"),
                                        n=i + 1), t("robot_seat.team"))
            self.set_policy(seat, policy)
        self.store.flush()

    def set_group(self, seat: Seat, group: str) -> None:
        self.store.set_seat(seat.id, group=group)
        seat.row.group = group

    def add_treatment(self, group: str, from_month: int, lever: str, value: float) -> TreatmentRow:
        problem = lever_problem(lever, value)
        if problem:
            raise ClassError(problem, 422)
        if not 0 <= from_month <= self.months_total:
            raise ClassError(msg("pages.web.error.from_month", last=self.months_total), 422)
        row = self.store.add_treatment(group, from_month, lever, value)
        self.treatments.append(row)
        for seat in self.seats.values():  # seats already at or past the month: from now on
            entries = seat_ops.advance_entries(seat, seat.month, self.treatments)
            if entries:
                self.store.append(seat.id, entries)
        return row

    def policy_names(self) -> list[str]:
        return list(POLICIES)

    def given(self) -> list[Treatment]:
        """The teacher's treatments, in the order given."""
        return [Treatment(t.group, t.from_month, t.lever, t.value) for t in self.treatments]

    def lever_names(self) -> dict[str, str]:
        return {k: t_or(f"pages.web.lever.{k}", v.label) for k, v in LEVERS.items()}
