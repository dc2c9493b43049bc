"""Write a file so that a crash leaves either the old file or the new one, never half of each."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from game.domain.errors import UsageError
from game.i18n import msg
from game.io.untrusted import bare_noun


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush and fsync it, then rename it over `path`.

    The file gets the usual permissions (the umask), not the temporary file's private 0600:
    series, saves and reports are made to be handed round."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(msg("errors.file.no_folder", path=target, folder=folder))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_output(path: str | Path, data: bytes, what: str = "file") -> None:
    """`write_atomic` for a file the user asked for: an OS error (a full disk, a read-only
    folder) becomes one line naming the file (UsageError); the old file, if any, is untouched."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UsageError(msg("errors.file.cannot_write", path=path, what=bare_noun(what),
                               reason=exc.strerror or exc)) from None


def check_writable(path: str | Path) -> None:
    """Refuse, before any work, an output whose folder does not exist or cannot be written: a
    file is made there and removed at once, which is the only test that tells (permissions,
    read-only mounts, ACLs and quotas all have a say)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(msg("errors.file.no_folder", path=target, folder=folder))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".probe", dir=folder)
    except OSError as exc:
        raise UsageError(msg("errors.file.cannot_write_in", path=target, folder=folder,
                             reason=exc.strerror or exc)) from None
    os.close(fd)
    os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
