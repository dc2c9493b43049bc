"""The class on disk: one SQLite file (stdlib sqlite3) with the class's settings, its seats and
each seat's log. A seat is rebuilt after a restart by replaying its log.

Durability: a change is queued in memory, in order; the server awaits `durable()` before it
answers, and one transaction commits everything queued so far (forty students' commands in the
same instant cost one commit). The file is in WAL mode with synchronous=NORMAL: a commit is
written to the operating system before the student is told "done", without waiting for the disk
(an fsync took 25-50 ms on a busy machine, and every command waited for one). So a crash of the
server, a SIGKILL or a restart loses nothing that was acknowledged; only a power cut or an
operating-system crash may lose the last seconds' commits (never the file: SQLite's WAL stays
consistent). The WAL is copied into the database file (a checkpoint, with its fsyncs) off the
server's thread, every few seconds (`checkpoint()`), so no answer waits for that either.

A seat's log is ordered entries: an accepted `command` (replayed), a `refused` command (kept for
the teacher and the grades, never replayed), an `advance` to a month, a `treatment` applied at a
month. A request retried with the same `nonce` finds its first answer instead of acting twice.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seats (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    team TEXT NOT NULL DEFAULT '',
    grp TEXT NOT NULL DEFAULT 'A',
    cookie_hash TEXT NOT NULL UNIQUE,
    policy TEXT,
    joined REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
    seat INTEGER NOT NULL REFERENCES seats(id),
    seq INTEGER NOT NULL,
    month INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    nonce TEXT,
    answer TEXT,
    at REAL NOT NULL,
    PRIMARY KEY (seat, seq)
);
CREATE TABLE IF NOT EXISTS treatments (
    id INTEGER PRIMARY KEY,
    grp TEXT NOT NULL,
    from_month INTEGER NOT NULL,
    lever TEXT NOT NULL,
    value REAL NOT NULL,
    at REAL NOT NULL
);
"""

LogItem = tuple[int, str, dict, str | None, dict | None]  # month, kind, body, nonce, answer


@dataclass
class SeatRow:
    id: int
    name: str
    team: str
    group: str
    cookie_hash: str
    policy: str | None


@dataclass
class Entry:
    seq: int
    month: int
    kind: str
    body: dict
    nonce: str | None
    answer: dict | None


@dataclass
class TreatmentRow:
    id: int
    group: str
    from_month: int
    lever: str
    value: float


class ClassStore:
    """The SQLite file of one class. Reads happen at start-up; afterwards every change is queued
    (ids and sequence numbers are kept here) and written by `durable()` or `flush()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # committed means written to the OS: safe from any crash of this process (see above)
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA wal_autocheckpoint=0")  # checkpoint() does it, off the thread
        self.db.executescript(SCHEMA)
        self.pending: list[tuple[str, tuple]] = []
        self.queued = 0      # changes queued since start
        self.written = 0     # of which on disk
        self._checkpointed = 0  # `written` when the last checkpoint started
        self._checkpointing = False
        self._next_seat = 1 + self._scalar("SELECT COALESCE(MAX(id), 0) FROM seats")
        self._next_treatment = 1 + self._scalar("SELECT COALESCE(MAX(id), 0) FROM treatments")
        self._seq: dict[int, int] = dict(
            self.db.execute("SELECT seat, MAX(seq) FROM entries GROUP BY seat").fetchall())

    def _scalar(self, sql: str) -> int:
        return int(self.db.execute(sql).fetchone()[0])

    def close(self) -> None:
        self.flush()
        self.db.close()  # the last connection closed checkpoints the WAL into the file

    # ------------------------------------------------------------------ writing
    def _queue(self, sql: str, params: tuple) -> None:
        self.pending.append((sql, params))
        self.queued += 1

    def _write(self, ops: list[tuple[str, tuple]]) -> None:
        """All of `ops` in one transaction, or none of them."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for sql, params in ops:
                self.db.execute(sql, params)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def flush(self) -> None:
        """Write everything queued, now, on this thread (start-up, tests, shutdown)."""
        ops, self.pending = self.pending, []
        target = self.queued
        if ops:
            self._write(ops)
        self.written = target

    async def durable(self) -> None:
        """Return once every change queued before the call is committed: everything queued so
        far goes in one transaction (a fraction of a millisecond: no fsync, see above)."""
        if self.written < self.queued:
            self.flush()

    async def checkpoint(self) -> None:
        """Copy what was committed since the last checkpoint from the WAL into the database file,
        on a worker thread with a connection of its own (the server goes on answering)."""
        if self._checkpointing or self._checkpointed == self.written:
            return
        self._checkpointing = True
        self._checkpointed = self.written
        try:
            await asyncio.to_thread(self._checkpoint_now)
        finally:
            self._checkpointing = False

    def _checkpoint_now(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            db.close()

    # ------------------------------------------------------------------ settings
    def settings(self) -> dict[str, object]:
        return {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM settings")}

    def put_settings(self, values: dict[str, object]) -> None:
        for k, v in values.items():
            self._queue("INSERT OR REPLACE INTO settings VALUES (?, ?)", (k, json.dumps(v)))

    # ------------------------------------------------------------------ seats
    def add_seat(self, name: str, team: str, group: str, cookie_hash: str,
                 policy: str | None = None) -> SeatRow:
        seat_id = self._next_seat
        self._next_seat += 1
        self._queue("INSERT INTO seats (id, name, team, grp, cookie_hash, policy, joined) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (seat_id, name, team, group, cookie_hash, policy, time.time()))
        return SeatRow(seat_id, name, team, group, cookie_hash, policy)

    def seats(self) -> list[SeatRow]:
        rows = self.db.execute(
            "SELECT id, name, team, grp, cookie_hash, policy FROM seats ORDER BY id")
        return [SeatRow(*r) for r in rows]

    def set_seat(self, seat: int, **values: object) -> None:
        columns = {"policy": "policy", "group": "grp", "name": "name", "team": "team"}
        for key, value in values.items():
            self._queue(f"UPDATE seats SET {columns[key]} = ? WHERE id = ?", (value, seat))

    # ------------------------------------------------------------------ logs
    def entries(self, seat: int) -> list[Entry]:
        rows = self.db.execute(
            "SELECT seq, month, kind, body, nonce, answer FROM entries WHERE seat = ? "
            "ORDER BY seq", (seat,))
        return [Entry(s, m, k, json.loads(b), n, json.loads(a) if a else None)
                for s, m, k, b, n, a in rows]

    def append(self, seat: int, items: list[LogItem]) -> None:
        """Queue (month, kind, body, nonce, answer) entries at the end of a seat's log."""
        now = time.time()
        for month, kind, body, nonce, answer in items:
            seq = self._seq.get(seat, 0) + 1
            self._seq[seat] = seq
            self._queue("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (seat, seq, month, kind, json.dumps(body), nonce,
                         json.dumps(answer) if answer is not None else None, now))

    def clear_log(self, seat: int) -> None:
        self._queue("DELETE FROM entries WHERE seat = ?", (seat,))

    # ------------------------------------------------------------------ treatments
    def add_treatment(self, group: str, from_month: int, lever: str, value: float
                      ) -> TreatmentRow:
        tid = self._next_treatment
        self._next_treatment += 1
        self._queue("INSERT INTO treatments (id, grp, from_month, lever, value, at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (tid, group, from_month, lever, value, time.time()))
        return TreatmentRow(tid, group, from_month, lever, value)

    def treatments(self) -> list[TreatmentRow]:
        rows = self.db.execute("SELECT id, grp, from_month, lever, value FROM treatments "
                               "ORDER BY id")
        return [TreatmentRow(*r) for r in rows]
