"""Worker processes end when the sweep that started them dies, however it dies.

A worker forked by the local pool waits for work on a pipe whose other end its sibling workers
also hold, so if the sweep is killed outright (kill -9, the OOM killer) nothing ever closes it and
the workers would wait forever. On Linux the kernel kills a worker when its parent dies
(prctl PR_SET_PDEATHSIG); on other POSIX systems (macOS), and as a second line on Linux, a
watchdog thread in each worker ends it within `poll_s` once it has been handed to a new parent.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_INTERVAL_S = 0.5


def _ask_kernel() -> bool:
    """Linux only: SIGKILL this process when its parent ends. False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int, poll_s: float) -> None:
    event = threading.Event()
    while not event.wait(poll_s):
        if os.getppid() != parent_pid:
            os._exit(1)  # nothing to save: a worker's results go through its parent


def die_with_parent(parent_pid: int, *, use_kernel: bool = True,
                    poll_s: float = WATCH_INTERVAL_S) -> None:
    """Call first thing in a worker: from now on it ends when `parent_pid` is no longer its
    parent. If the parent died before this call, end at once."""
    if use_kernel:
        _ask_kernel()
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid, poll_s), name="lifeline",
                     daemon=True).start()
