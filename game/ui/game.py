"""A game in the window: the session, its clock, autosave, quick save and what the player did.

No pygame here: scenes call these methods, tests can drive a Game directly. `signals` records what
the player has done (opened a panel, booked a contract, unpaused) for the tutorial, which may hold
the clock (`hold`) while it waits for the player. After each month the alert watch speaks; an
alert pauses the game when its kind is set to (at any speed: MAX never runs past one), and MAX
stops at each new year. Saves are written by a background SaveWriter: the yearly autosave (one
file a game year, all kept) returns at once and its notice comes from `poll_saves()` on a later
frame; a save the player asks for waits for its file.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field

from game.domain.commands import Command
from game.io import userdata
from game.io.saves import load_session
from game.io.savewriter import SaveResult, SaveWriter
from game.sim.invariants import WorldBroke
from game.sim.session import CommandResult, Session
from game.ui.alerts import Alert, AlertWatch, pauses
from game.ui.clock import MAX_SPEED, SimClock
from game.ui.i18n import error_text, t
from game.ui.i18n import text as i18n_text

MAX_NOTICES = 3  # toasts shown at once over the map


@dataclass
class Notice:
    """A short message for the player (saved, refused, autosaved...)."""

    text: str
    ok: bool = True
    age_s: float = 0.0
    kind: str = ""  # the alert kind, or "" for a plain notice


@dataclass
class Game:
    session: Session
    tutorial: bool = False
    signals: set[str] = field(default_factory=set)
    notices: list[Notice] = field(default_factory=list)
    last_autosave_year: int = 0
    broken: str | None = None  # why the world stopped (WorldBroke's line), if it did
    hold: str = ""  # why the clock may not run now (the tutorial waits for the player), or ""
    alert_pause: dict = field(default_factory=dict)  # the player's per-kind pause settings

    def __post_init__(self) -> None:
        self.clock = SimClock(self.step, lambda: self.session.done)
        self.last_autosave_year = self.session.month // 12
        self.writer = SaveWriter()
        self.watch = AlertWatch(self.session)
        self.alert_log: list[Alert] = []  # every alert of this game, oldest first

    # ------------------------------------------------------------------ time
    def step(self) -> None:
        """Play a month. If the world breaks (WorldBroke) the game goes back to the month before,
        pauses, and says why; it stays there (a broken month cannot be drawn or played on)."""
        if self.broken is not None:
            self.clock.set_speed(0)
            self.notify(self.broken, False)
            return
        try:
            self.session.step()
        except WorldBroke as exc:
            self.broken = error_text(exc)
            self.session = _replayed_to(self.session, exc.month)
            self.watch = AlertWatch(self.session)
            self.clock.set_speed(0)
            self.notify(self.broken, False)
            return
        for alert in self.watch.scan(self.session):
            self.alert(alert.kind, alert.text)
        year = self.session.month // 12
        if year > self.last_autosave_year:
            self.last_autosave_year = year
            self.autosave()
            if self.clock.speed == MAX_SPEED:
                self.clock.set_speed(0)  # MAX runs to the end of the year at most

    def alert(self, kind: str, text: str) -> None:
        """Tell the player; pause, at any speed, if this kind pauses (a notice otherwise)."""
        self.alert_log.append(Alert(kind, text, self.session.month))
        self.notify(text, False, kind)
        if pauses(kind, self.alert_pause):
            self.clock.set_speed(0)

    def advance(self, dt_s: float) -> int:
        """Months due after `dt_s` real seconds (none while the clock is held)."""
        return 0 if self.hold else self.clock.advance(dt_s)

    def set_speed(self, speed: int) -> None:
        if speed and self.hold:
            self.notify(self.hold, False)
            return
        self.clock.set_speed(speed)
        if speed:
            self.signals.add("unpaused")

    def toggle_pause(self) -> None:
        self.set_speed(self.clock.resume_speed if self.clock.paused else 0)

    # ------------------------------------------------------------------ commands
    def submit(self, command: Command) -> CommandResult:
        result = self.session.submit(command)
        if result.accepted:
            self.signals.add(f"command:{command.name}")
            self.signals.add(f"group:{command.group}")
            self.notify(i18n_text(result.message), True)
        else:
            self.alert("refusal", i18n_text(result.message))
        return result

    def notify(self, text: str, ok: bool = True, kind: str = "") -> None:
        self.notices.append(Notice(i18n_text(text), ok, kind=kind))  # a Message: in the language
        del self.notices[:-MAX_NOTICES]

    # ------------------------------------------------------------------ saves
    def save(self, slot: str) -> str | None:
        """Save to a slot and wait for the file (after any autosave still being written);
        returns None, or the message saying why it failed."""
        return self._queue_save(slot).result().problem

    def autosave(self) -> None:
        """Start writing this game year's autosave (a file of its own, kept for the campaign);
        `poll_saves()` tells the player how it went."""
        year = int(self.session.date[:4])
        self._queue_save(userdata.autosave_slot(self.session.scenario.name, year))

    def _queue_save(self, slot: str) -> Future[SaveResult]:
        # the record is taken here, on the game's thread, so it is this month's state exactly
        return self.writer.submit(slot, self.session.to_record(), lambda: userdata.slot_path(slot))

    def poll_saves(self) -> None:
        """Once a frame: a notice for each background autosave that has finished."""
        for result in self.writer.finished():
            self._notify_autosave(result)

    def wait_for_saves(self) -> None:
        """Block until every queued save is on disk (before reading the save files)."""
        for result in self.writer.wait():
            self._notify_autosave(result)

    def close(self) -> list[str]:
        """Finish the pending writes when the game is left; the problems of those that failed."""
        return [r.problem for r in self.writer.close() if r.problem]

    def _notify_autosave(self, result: SaveResult) -> None:
        if result.slot.startswith(userdata.AUTOSAVE_PREFIX):
            self.notify(result.problem or t("notice.autosaved", slot=result.slot),
                        result.problem is None)


def _replayed_to(session: Session, month: int) -> Session:
    """The session as it stood at the start of `month`, rebuilt from its scenario, seed and
    command log (the broken one's agents hold NaN, which no screen can draw)."""
    fresh = Session(session.scenario, session.seed, session.policy)
    fresh.replay([c for c in session.command_log if c.month <= month], month)
    return fresh


def load_game(slot_or_path: str, tutorial: bool = False) -> Game:
    """A game from a slot name or a save path; TerafabError carries the engine's message."""
    path = (
        userdata.slot_path(slot_or_path)
        if "/" not in slot_or_path and not slot_or_path.endswith(".json")
        else slot_or_path
    )
    return Game(load_session(path), tutorial=tutorial)
