"""The real class server, started as `terafab classroom serve` in a child process on a loopback
port, with a short campaign so the class tests stay quick."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

# the teacher's link as the server prints it, in any language ("Teacher's link: URL")
LINK = re.compile(r"(http://[^/\s]+)/teacher\?token=([A-Za-z0-9_-]+)")


@dataclass
class ClassServer:
    url: str
    token: str
    proc: subprocess.Popen
    db: Path

    def teacher(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"x-teacher-token": self.token},
                            timeout=30)

    def student(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what is on disk is all there is."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(db: Path, *, scenario: str = "tutorial", seed: int = 1, months: int = 12,
                 pace: str = "rounds", port: int = 0) -> ClassServer:
    cmd = [sys.executable, "-m", "game", "classroom", "serve", "--scenario", scenario,
           "--seed", str(seed), "--months", str(months), "--pace", pace, "--host", "127.0.0.1",
           "--port", str(port), "--db", str(db)]
    log = db.with_suffix(".log")
    with open(log, "w") as out:  # a file, not a pipe: a chatty server never blocks on it
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        found = LINK.search(log.read_text())
        if found:
            server = ClassServer(found.group(1), found.group(2), proc, db)
            _wait_until_up(server)
            return server
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("the class server did not start:\n" + log.read_text())


def _wait_until_up(server: ClassServer) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(server.url + "/", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the class server never answered")


@pytest.fixture
def class_server(tmp_path):
    """Start servers (any number, e.g. again after a kill) and stop them all at the end."""
    started: list[ClassServer] = []

    def start(**kwargs) -> ClassServer:
        server = start_server(kwargs.pop("db", tmp_path / "class.sqlite"), **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
