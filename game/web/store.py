"""The class on disk: one SQLite file (stdlib sqlite3) with the class's settings, its seats and
each seat's log. Every write is committed before the server answers, so a crash or a SIGKILL
loses nothing that a student was told had happened; a seat is rebuilt by replaying its log.

A seat's log is ordered entries: an accepted `command` (replayed), a `refused` command (kept for
the teacher and the grades, never replayed), an `advance` to a month, a `treatment` applied at a
month. A retried request carries the same `nonce`, and finds its first answer here instead of
acting twice.
"""

from __future__ import annotations

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
CREATE UNIQUE INDEX IF NOT EXISTS entries_nonce ON entries(seat, nonce) WHERE nonce IS NOT NULL;
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
    """The SQLite file of one class. Used from the server's one thread (the event loop)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)  # explicit transactions
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")  # committed means on disk
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ settings
    def settings(self) -> dict[str, object]:
        return {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM settings")}

    def put_settings(self, values: dict[str, object]) -> None:
        with self._tx():
            self.db.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                                [(k, json.dumps(v)) for k, v in values.items()])

    # ------------------------------------------------------------------ seats
    def add_seat(self, name: str, team: str, group: str, cookie_hash: str,
                 policy: str | None = None) -> int:
        with self._tx():
            cur = self.db.execute(
                "INSERT INTO seats (name, team, grp, cookie_hash, policy, joined) "
                "VALUES (?, ?, ?, ?, ?, ?)", (name, team, group, cookie_hash, policy, time.time()))
        return int(cur.lastrowid)

    def seats(self) -> list[SeatRow]:
        rows = self.db.execute(
            "SELECT id, name, team, grp, cookie_hash, policy FROM seats ORDER BY id")
        return [SeatRow(*r) for r in rows]

    def set_seat(self, seat: int, **values: object) -> None:
        columns = {"policy": "policy", "group": "grp", "name": "name", "team": "team"}
        with self._tx():
            for key, value in values.items():
                self.db.execute(f"UPDATE seats SET {columns[key]} = ? WHERE id = ?", (value, seat))

    # ------------------------------------------------------------------ logs
    def entries(self, seat: int) -> list[Entry]:
        rows = self.db.execute(
            "SELECT seq, month, kind, body, nonce, answer FROM entries WHERE seat = ? "
            "ORDER BY seq", (seat,))
        return [Entry(s, m, k, json.loads(b), n, json.loads(a) if a else None)
                for s, m, k, b, n, a in rows]

    def answer_for(self, seat: int, nonce: str) -> dict | None:
        """The answer already given to this request, if it was seen before (a retry)."""
        row = self.db.execute("SELECT answer FROM entries WHERE seat = ? AND nonce = ?",
                              (seat, nonce)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def append(self, seat: int, items: list[LogItem]) -> None:
        """Append (month, kind, body, nonce, answer) entries to a seat's log in one transaction."""
        self.append_many({seat: items})

    def append_many(self, items: dict[int, list[LogItem]]) -> None:
        """Several seats' entries in one transaction (a class-wide advance)."""
        with self._tx():
            now = time.time()
            for seat, rows in items.items():
                row = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM entries WHERE seat = ?",
                                      (seat,)).fetchone()
                seq = int(row[0])
                for month, kind, body, nonce, answer in rows:
                    seq += 1
                    self.db.execute(
                        "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (seat, seq, month, kind, json.dumps(body), nonce,
                         json.dumps(answer) if answer is not None else None, now))

    def clear_log(self, seat: int) -> None:
        with self._tx():
            self.db.execute("DELETE FROM entries WHERE seat = ?", (seat,))

    # ------------------------------------------------------------------ treatments
    def add_treatment(self, group: str, from_month: int, lever: str, value: float) -> int:
        with self._tx():
            cur = self.db.execute(
                "INSERT INTO treatments (grp, from_month, lever, value, at) VALUES (?, ?, ?, ?, ?)",
                (group, from_month, lever, value, time.time()))
        return int(cur.lastrowid)

    def treatments(self) -> list[TreatmentRow]:
        rows = self.db.execute("SELECT id, grp, from_month, lever, value FROM treatments "
                               "ORDER BY id")
        return [TreatmentRow(*r) for r in rows]

    # ------------------------------------------------------------------ helpers
    def _tx(self):
        return _Transaction(self.db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on an exception: all of it or none of it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, exc, tb) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
