"""One sweep per output folder: an OS lock on DIR/.terafab-batch.lock, held for the whole sweep.

The lock is the kernel's (flock on POSIX, a byte-range lock on Windows), so it goes with the
process however that ends (Ctrl-C, kill -9, the OOM killer) and never goes stale. The file also
says who holds it (pid, host, start time, command), so a second sweep is refused with one line
that names the first. On release the file is removed; a sweep that finds the file it locked was
removed meanwhile (it raced with a release) locks the new one instead.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from game.domain.errors import UsageError
from game.i18n import msg

LOCK_NAME = ".terafab-batch.lock"
HOLDER_MAX_BYTES = 4096  # the holder's note; a longer (foreign) file is read only this far
_WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks a byte range: one far past the note, so it reads


class FolderBusy(UsageError):
    """Another sweep holds the folder."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    """Is `path` still the file that `fd` locked (not removed or replaced by a releasing sweep)?"""
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _holder(path: Path) -> str:
    """'pid 123 on host, started 2026-01-02 10:00:00' from the lock file, as far as it says."""
    for _ in range(10):  # the holder writes its note right after locking: give it a moment
        try:
            with open(path, "rb") as handle:
                note = json.loads(handle.read(HOLDER_MAX_BYTES).decode("utf-8"))
        except (OSError, ValueError):
            note = None
        if isinstance(note, dict) and "pid" in note:
            break
        time.sleep(0.05)
    else:
        return msg("errors.batch.pid_unknown")
    if note.get("host") != socket.gethostname():
        return msg("errors.batch.holder_on", pid=note.get("pid"), host=note.get("host"),
                   started=note.get("started", "?"))
    return msg("errors.batch.holder", pid=note.get("pid"), started=note.get("started", "?"))


def _note(command: list[str] | None) -> bytes:
    note = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z"),
        "command": " ".join(command or sys.argv)[:1000],
    }
    return (json.dumps(note) + "\n").encode("utf-8")


def _open(path: Path) -> tuple[int, bool]:
    """The lock file, opened to write the note in; or (a file another user left behind when their
    sweep was killed) opened read-only, which flock accepts too. Returns (fd, writable)."""
    nofollow = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | nofollow, 0o666), True
    except PermissionError:
        try:
            return os.open(path, os.O_RDONLY | nofollow), False
        except OSError as exc:
            raise UsageError(msg("errors.batch.cannot_lock", path=path.parent,
                                   reason=exc.strerror)) from None
    except OSError as exc:
        raise UsageError(msg("errors.batch.cannot_lock", path=path.parent,
                                   reason=exc.strerror)) from None


@contextmanager
def sweep_lock(folder: Path, command: list[str] | None = None) -> Iterator[None]:
    """Hold `folder` for one sweep, or raise FolderBusy naming the sweep that holds it."""
    path = folder / LOCK_NAME
    while True:
        fd, writable = _open(path)
        if not _try_lock(fd):
            os.close(fd)
            raise FolderBusy(msg("errors.batch.busy", path=folder, holder=_holder(path)))
        if sys.platform == "win32":  # pragma: no cover - there the file stays: nothing to race
            break
        if not _same_file(fd, path):
            os.close(fd)  # locked a file that a finishing sweep had just removed: lock the new one
            continue
        if writable:
            break
        try:  # nobody holds this stale file of another user's: replace it with one of ours
            path.unlink()
        except OSError as exc:
            os.close(fd)
            raise UsageError(msg("errors.batch.cannot_lock", path=folder,
                                   reason=exc.strerror)) from None
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, _note(command))
        yield
    finally:
        if sys.platform != "win32":  # remove while still locked: the next sweep sees no stale note
            try:
                path.unlink()
            except OSError:
                pass
        os.close(fd)
