"""A sweep killed outright (kill -9, the OOM killer) leaves no worker process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]
GONE_WITHIN_S = 60  # they go at once (a watchdog polls every 0.5 s); only a survivor waits this

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[1] == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has ended: only its entry is left


def _wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + GONE_WITHIN_S
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [p for p in pids if _alive(p)]


def _kill(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def test_workers_end_when_the_sweep_is_killed_with_sigkill(tmp_path):
    cmd = [sys.executable, "-m", "game", "batch", "--seeds", "400", "--policy", "balanced",
           "--workers", "2", "--quiet", "--out", str(tmp_path / "d")]
    sweep = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        wait_until(lambda: len(_children(sweep.pid)) >= 2, sweep, "two workers started")
        workers = _children(sweep.pid)
        sweep.kill()
        sweep.wait()
        assert _wait_gone(workers) == []
    finally:
        sweep.kill()
        sweep.wait()
        _kill(workers)


# A process that forks one child, which calls die_with_parent without the kernel's help (as on
# macOS), prints the child's pid and sleeps.
FORKS_A_WATCHED_CHILD = """
import os, time
from game.batch.lifeline import die_with_parent
parent = os.getpid()
child = os.fork()
if child == 0:
    die_with_parent(parent, use_kernel=False)
    time.sleep(120)
    os._exit(0)
print(child, flush=True)
time.sleep(120)
"""


def test_without_the_kernel_a_watchdog_ends_a_worker_whose_parent_died():
    parent = subprocess.Popen([sys.executable, "-c", FORKS_A_WATCHED_CHILD], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    child = None
    try:
        child = int(parent.stdout.readline())
        time.sleep(0.3)
        assert _alive(child)  # the watchdog leaves a child with a live parent alone
        parent.kill()
        parent.wait()
        assert _wait_gone([child]) == []
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
        if child:
            _kill([child])
