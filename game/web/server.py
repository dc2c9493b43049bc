"""Serving a class: the socket, the addresses to print, uvicorn. The class's file is opened (and
a class already in it continued) before the port is taken, so a wrong --db fails at once."""

from __future__ import annotations

import socket
from pathlib import Path

from game.domain.errors import UsageError
from game.i18n import msg
from game.sim.config import Scenario
from game.web.classroom import ClassError, Classroom
from game.web.store import ClassStore


def open_class(db: str | Path, scenario: Scenario, scenario_name: str, seed: int,
               pace: str = "rounds", cap: int = 0) -> Classroom:
    """The class in `db`: continued when the file holds one of this world, made otherwise."""
    try:
        store = ClassStore(db)
    except Exception as exc:  # sqlite3 errors: not a database, unreadable, a folder
        raise UsageError(msg("cli.web.cannot_open", path=str(db), problem=str(exc))) from None
    try:
        return Classroom(store, scenario, scenario_name, seed, pace, cap)
    except ClassError as exc:
        store.close()
        raise UsageError(exc.args[0]) from None  # its Message: the line in the language


def listen(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(msg("cli.web.cannot_listen", host=host, port=port,
                             problem=exc.strerror or str(exc))) from None
    sock.listen(128)
    return sock


def lan_address() -> str:
    """This machine's address on the local network (what students type); no packet is sent."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def serve(classroom: Classroom, sock: socket.socket) -> None:
    import uvicorn

    from game.web.app import create_app

    config = uvicorn.Config(create_app(classroom), log_level="warning", access_log=False,
                            limit_concurrency=1000, timeout_keep_alive=30)
    uvicorn.Server(config).run(sockets=[sock])
