"""A game in the window: the session, its clock, autosave, quick save and what the player did.

No pygame here: scenes call these methods, tests can drive a Game directly. `signals` records what
the player has done (opened a panel, booked a contract, unpaused) for the tutorial. Saves are
written by a background SaveWriter: the yearly autosave returns at once and its notice comes from
`poll_saves()` on a later frame; a save the player asks for waits for its file.
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
from game.ui.clock import SimClock
from game.ui.i18n import t


@dataclass
class Notice:
    """A short message for the player (saved, refused, autosaved...)."""

    text: str
    ok: bool = True
    age_s: float = 0.0


@dataclass
class Game:
    session: Session
    tutorial: bool = False
    signals: set[str] = field(default_factory=set)
    notices: list[Notice] = field(default_factory=list)
    last_autosave_year: int = 0
    broken: str | None = None  # why the world stopped (WorldBroke's line), if it did

    def __post_init__(self) -> None:
        self.clock = SimClock(self.step, lambda: self.session.done)
        self.last_autosave_year = self.session.month // 12
        self.writer = SaveWriter()

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
            self.broken = str(exc)
            self.session = _replayed_to(self.session, exc.month)
            self.clock.set_speed(0)
            self.notify(self.broken, False)
            return
        year = self.session.month // 12
        if year > self.last_autosave_year:
            self.last_autosave_year = year
            self.autosave()

    def set_speed(self, speed: int) -> None:
        self.clock.set_speed(speed)
        if speed:
            self.signals.add("unpaused")

    def toggle_pause(self) -> None:
        self.clock.toggle_pause()
        if not self.clock.paused:
            self.signals.add("unpaused")

    # ------------------------------------------------------------------ commands
    def submit(self, command: Command) -> CommandResult:
        result = self.session.submit(command)
        if result.accepted:
            self.signals.add(f"command:{command.name}")
            self.signals.add(f"group:{command.group}")
        self.notify(result.message, result.accepted)
        return result

    def notify(self, text: str, ok: bool = True) -> None:
        self.notices.append(Notice(text, ok))
        del self.notices[:-4]

    # ------------------------------------------------------------------ saves
    def save(self, slot: str) -> str | None:
        """Save to a slot and wait for the file (after any autosave still being written);
        returns None, or the message saying why it failed."""
        return self._queue_save(slot).result().problem

    def autosave(self) -> None:
        """Start writing this year's autosave; `poll_saves()` tells the player how it went."""
        self._queue_save(userdata.autosave_slot(self.session.month // 12))

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
        if result.slot.startswith("autosave"):
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
