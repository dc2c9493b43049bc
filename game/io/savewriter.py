"""Save files written on one background thread, so a yearly autosave does not stall a frame.

The caller takes the record (`Session.to_record()`) on its own thread, so the save is a consistent
snapshot of that month; encoding it and the atomic write (with fsync) happen on a single worker
thread. One worker means writes happen in the order they were asked for and two writes to the
same file never race. The worker touches only files: results come back through `finished()`,
which the game polls once a frame, and `wait()` blocks until every pending write is on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from game.domain.errors import TerafabError, reason
from game.i18n import msg
from game.io.saves import write_record


@dataclass(frozen=True)
class SaveResult:
    """How one write ended: `problem` is None when the file is on disk, else one line saying why."""

    slot: str
    problem: str | None


class SaveWriter:
    """Writes save records in order on one worker thread; not itself thread-safe (one owner)."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[SaveResult]] = []

    def submit(self, slot: str, record: object, path: Callable[[], Path]) -> Future[SaveResult]:
        """Queue `record` for the file `path()` names (resolved on the worker, as it may create
        the saves folder); the returned future never raises for a file problem."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="terafab-save")
        future = self._pool.submit(_write, slot, record, path)
        self._pending.append(future)
        return future

    @property
    def pending(self) -> int:
        """Writes queued or running, plus finished ones not yet collected by `finished()`."""
        return len(self._pending)

    def finished(self) -> list[SaveResult]:
        """The results of the writes that are done, in the order they were submitted."""
        done = []
        while self._pending and self._pending[0].done():
            done.append(self._pending.pop(0).result())
        return done

    def wait(self) -> list[SaveResult]:
        """Block until every queued write is done; their results, in order."""
        results = [f.result() for f in self._pending]
        self._pending.clear()
        return results

    def close(self) -> list[SaveResult]:
        """Finish every pending write and stop the worker thread; the results not yet collected."""
        results = self.wait()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        return results


def _write(slot: str, record: object, path: Callable[[], Path]) -> SaveResult:
    try:
        target = path()
    except OSError as exc:  # the saves folder cannot be made
        return SaveResult(slot, msg("errors.file.no_saves_folder", path=exc.filename,
                                       reason=exc.strerror))
    try:
        write_record(record, target)
    except (TerafabError, OSError) as exc:
        return SaveResult(slot, reason(exc))
    return SaveResult(slot, None)
