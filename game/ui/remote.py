"""A seat in a live class, played from the window: `terafab play --join URL --name NAME`.

The class's server is the authority. The window keeps a mirror of the seat (a Session of the
class's world, which is deterministic), but every command goes to the server first and is applied
to the mirror only when the server accepted it, at the server's month; the clock asks the server
for every month (free pace: the seat's own clock, capped at the teacher's month; rounds: the
window says "ready" and follows the class when it moves). So what the window shows is what the
server holds, and the seat's log on the server is what the window did.

The window speaks the server's HTTP API (game/web/app.py) as a browser would, with the seat
cookie it was given when it joined; it never imports the server's code.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from game.domain.commands import Command
from game.domain.errors import TerafabError, UsageError
from game.i18n import error_text, msg, t, t_or
from game.i18n.scenarios import shown
from game.sim.session import CommandResult, Session
from game.sim.treatments import replay
from game.ui.alerts import AlertWatch
from game.ui.game import Game

TIMEOUT_S = 10.0
MIN_CALL_GAP_S = 0.15  # the clock asks the server at most this often (the seat's rate limit)
MAX_ANSWER_BYTES = 4_000_000  # a state is ~20 KB; anything far larger is not a Terafab class


class SeatRefused(TerafabError):
    """The server answered with a refusal (4xx): its one-line reason."""


def class_url(text: str) -> str:
    """The class's address, as the teacher printed it (http://HOST:PORT/); UsageError if it is
    not one."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(msg("cli.remote.not_an_address", url=repr(text[:80])))
    try:
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        raise UsageError(msg("cli.remote.bad_port", url=repr(text[:80]))) from None
    return f"{parts.scheme}://{parts.netloc}"


class SeatClient:
    """The seat's HTTP conversation with the class's server (the seat cookie kept in between)."""

    def __init__(self, url: str, transport: httpx.BaseTransport | None = None) -> None:
        self.url = class_url(url)
        self.http = httpx.Client(base_url=self.url, timeout=TIMEOUT_S, transport=transport,
                                 follow_redirects=False)

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        """The server's JSON answer; SeatRefused with its reason on a 4xx, UsageError when the
        server cannot be reached or does not answer as a class does."""
        try:
            r = self.http.request(method, path, json=body)
        except httpx.TimeoutException:
            raise UsageError(msg("cli.remote.timeout", url=self.url, seconds=TIMEOUT_S)) from None
        except httpx.HTTPError as exc:
            raise UsageError(msg("cli.remote.unreachable", url=self.url,
                                 problem=_reason(exc))) from None
        if len(r.content) > MAX_ANSWER_BYTES:
            raise UsageError(msg("cli.remote.too_big", url=self.url, size=len(r.content)))
        try:
            data = r.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise UsageError(msg("cli.remote.no_json", url=f"{self.url}{path}",
                                 status=r.status_code))
        if 400 <= r.status_code < 500:
            raise SeatRefused(str(data.get("error") or t("cli.remote.http", status=r.status_code))
                              [:300])
        if r.status_code != 200:
            raise UsageError(msg("cli.remote.server_failed", url=f"{self.url}{path}",
                                 status=r.status_code))
        return data

    def join(self, name: str, team: str) -> dict:
        try:
            state = self.call("POST", "/api/join", {"name": name, "team": team})
        except SeatRefused as exc:
            raise UsageError(msg("cli.remote.join_refused", url=self.url, reason=str(exc))) \
                from None
        if not {"month", "months_total", "class", "seat"} <= state.keys():
            raise UsageError(msg("cli.remote.no_seat", url=self.url))
        return state

    def state(self) -> dict:
        return self.call("GET", "/api/state")

    def command(self, command: Command, nonce: str) -> dict:
        body = command.to_dict()
        name = body.pop("command")
        return self.call("POST", "/api/command", {"command": name, "fields": body,
                                                  "nonce": nonce})

    def advance(self) -> dict:
        return self.call("POST", "/api/advance", {})

    def ready(self) -> dict:
        return self.call("POST", "/api/ready", {"ready": True})

    def log_text(self) -> str:
        """The seat's accepted commands as the server logged them (a command log)."""
        try:
            r = self.http.get("/api/log.jsonl")
        except httpx.HTTPError as exc:
            raise UsageError(msg("cli.remote.unreachable", url=self.url,
                                 problem=_reason(exc))) from None
        if r.status_code != 200 or len(r.content) > MAX_ANSWER_BYTES:
            raise SeatRefused(msg("cli.remote.no_log", status=r.status_code))
        return r.text

    def close(self) -> None:
        self.http.close()


def parse_log(text: str, header: dict[str, object] | None = None
              ) -> list[tuple[int, str, Command]]:
    """The server's log of the seat (JSON lines, `#` comments) as (month, source, command);
    given a `header`, the treatments the teacher gave the seat go there (game.io.commandlog)."""
    from game.io.commandlog import parse_command_log

    return parse_command_log(text, t("cli.remote.seat_log"), header=header)


def _reason(exc: httpx.HTTPError) -> str:
    cause = exc.__context__ or exc
    text = str(getattr(cause, "strerror", None) or cause or type(exc).__name__)
    return text.splitlines()[0][:120] if text else type(exc).__name__


def mirror_session(state: dict) -> Session:
    """A fresh Session of the class's world (scenario, seed, campaign length) as the server
    described it when the seat joined."""
    from game.io.scenarios import load_scenario
    from game.sim.config import apply_overrides

    world = state["class"]
    name, seed, months = world.get("scenario_name"), world.get("seed"), state["months_total"]
    if not isinstance(name, str) or not isinstance(seed, int) or not isinstance(months, int):
        raise UsageError(msg("cli.remote.no_world"))
    try:
        scenario = load_scenario(name)
    except TerafabError:
        raise UsageError(msg("cli.remote.unknown_scenario", name=name[:60])) from None
    if months != scenario.world.calendar.months:
        scenario = apply_overrides(scenario, {"calendar.months": months})
    return Session(scenario, seed, None)


@dataclass
class RemoteGame(Game):
    """A Game whose months and commands are the server's (see the module's docstring)."""

    seat: SeatClient | None = None
    joined: dict = field(default_factory=dict)  # the join's answer: the seat and the class
    mode: str = "rounds"
    ready_at: int = -1  # the month the window said "ready" at (rounds)
    _last_call: float = 0.0
    _diverged: bool = False  # told the player the server's seat is in another world

    def __post_init__(self) -> None:
        super().__post_init__()
        self.mode = str(self.joined.get("class", {}).get("mode", "rounds"))
        self._catch_up(self.joined)  # rounds: a seat joins at the class's month

    @property
    def seat_id(self) -> int:
        return int(self.joined["seat"]["id"])

    def step(self) -> None:
        """What the clock's tick means in a class: ask the server for the next month."""
        now = time.monotonic()
        if now - self._last_call < MIN_CALL_GAP_S:
            return
        self._last_call = now
        try:
            state = self.seat.state()
            self.mode = str(state["class"]["mode"])
            if state["month"] <= self.session.month:
                if self.mode == "free":
                    state = self.seat.advance()
                elif self.ready_at != self.session.month:
                    state = self.seat.ready()
                    self.ready_at = self.session.month
                    self.notify(t("cli.remote.ready", ready=state["class"]["ready"],
                                  seats=state["class"]["seats"]))
        except TerafabError as exc:  # the teacher's pause, the cap, a lost server
            self.clock.set_speed(0)
            self.notify(error_text(exc), False)
            return
        self._catch_up(state)

    def _catch_up(self, state: dict) -> None:
        """Play the mirror to the server's month. If the two part, the mirror is rebuilt from
        the server's log of the seat, the teacher's treatments in it (the teacher reset the seat,
        a policy played it, or a treatment changed its world); if they still part, the window
        says so once: the server's figures hold."""
        target = int(state.get("month", 0))
        self._play_to(target)
        if self._apart(state) and (not self._diverged or self.session.month > target):
            self._rebuild(target)
            if self._apart(state) and not self._diverged:
                self._diverged = True
                self.notify(t("cli.remote.diverged"), False)

    def _play_to(self, month: int) -> None:
        while self.session.month < month and not self.session.done and self.broken is None:
            Game.step(self)

    def _apart(self, state: dict) -> bool:
        if self.session.month != int(state.get("month", 0)):
            return True
        treated = sum(1 for e in self.session.events if e.kind == "treatment")
        if treated != int(state.get("treatments", 0)):  # the teacher gave the seat a treatment
            return True
        cash = float(state.get("cash_busd", 0.0))
        return abs(self.session.model.firm.ledger.cash_busd - cash) > 1e-6

    def _rebuild(self, month: int) -> None:
        """The mirror replayed from the seat's log on the server, to `month`."""
        try:
            header: dict[str, object] = {}
            logged = parse_log(self.seat.log_text(), header)
            fresh = Session(self.session.scenario, self.session.seed, None)
            replay(fresh, logged, list(header["treatments"]), month, t("cli.remote.seat_log"))
        except TerafabError as exc:
            self.notify(error_text(exc), False)
            return
        self.session = fresh
        self.watch = AlertWatch(fresh)
        self.notify(t("cli.remote.rebuilt", commands=len(logged), month=fresh.month))

    def _sync(self) -> None:
        self._catch_up(self.seat.state())

    def submit(self, command: Command) -> CommandResult:
        """The command goes to the server first; the window applies it only if the server
        accepted it, at the same month."""
        try:
            self._sync()
            answer = self.seat.command(command, uuid.uuid4().hex)
        except TerafabError as exc:
            self.alert("refusal", error_text(exc))
            return CommandResult(False, error_text(exc))
        if not answer.get("accepted"):
            message = str(answer.get("message") or t("cli.remote.refused"))
            self.alert("refusal", message)
            return CommandResult(False, message)
        if int(answer.get("month", -1)) != self.session.month:
            self._sync()
        return super().submit(command)

    def close(self) -> list[str]:
        problems = super().close()
        if self.seat is not None:
            self.seat.close()
        return problems


def join_class(url: str, name: str, team: str = "",
               transport: httpx.BaseTransport | None = None) -> RemoteGame:
    """Join the class at `url`: a seat on the server and its mirror. UsageError, one line, when
    the address is wrong, the server cannot be reached, or the class refuses the join."""
    seat = SeatClient(url, transport)
    try:
        state = seat.join(name, team)
        session = mirror_session(state)
    except BaseException:
        seat.close()
        raise
    return RemoteGame(session, tutorial=False, seat=seat, joined=state)


def main(args) -> int:
    """`terafab play --join URL --name NAME [--team T]`: join first (a refusal opens no window),
    then play the seat in the window."""
    import pygame

    from game.ui.app import App

    game = join_class(args.join, args.name, args.team or "")
    try:
        app = App(size=args.size)
    except pygame.error as exc:
        game.close()
        raise UsageError(msg("launch.no_window", problem=str(exc))) from None
    print(t("cli.remote.joined", url=game.seat.url, name=game.joined["seat"]["name"],
            seat=game.seat_id, title=shown(game.session.scenario).title,
            mode=t_or(f"cli.remote.mode.{game.mode}", game.mode)))
    app.start_game(game)
    app.run()
    return 0
