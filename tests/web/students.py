"""Simulated students for the class tests and the benchmark: each joins, then every month sends
a command or two (some refused by the rules, some sent twice as a flaky network would), and
either gets ready (rounds) or advances its own clock (free pace). Each remembers every answer it
was given, so a test can hold the server to them."""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

CHOICES = (
    lambda r: ("buy_accelerators", {"units": r.randrange(1000, 400_000, 1000)}),
    lambda r: ("raise_capital", {"kind": "debt", "busd": round(r.uniform(0.5, 30), 1)}),
    lambda r: ("request_grid", {"gw": round(r.uniform(0.1, 3), 2)}),
    lambda r: ("order_turbines", {"gw": round(r.uniform(0.1, 3), 2)}),
    lambda r: ("book_memory", {"stacks_per_month": r.randrange(1000, 400_000, 1000)}),
    lambda r: ("repay_debt", {"busd": round(r.uniform(0.1, 50), 1)}),
)


class LightResponse:
    """What the students read of an answer (the part of httpx.Response they use)."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.content)


class LightClient:
    """One student's HTTP/1.1 keep-alive connection on asyncio streams, with its cookies: what
    the benchmark's forty students use, so that what it measures is the server. httpx (pure-Python
    HTTP/1.1 underneath) cost the students' process more CPU a request than the server spent
    answering it, and on two cores that queued the answers on the students' side. Just what the
    class's API needs: JSON bodies, cookies, answers with a Content-Length."""

    def __init__(self, base_url: str) -> None:
        url = urlsplit(base_url)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, json: object = None) -> LightResponse:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        body = b"" if json is None else _json_bytes(json)
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                f"Content-Length: {len(body)}"]
        if json is not None:
            head.append("Content-Type: application/json")
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return LightResponse(status, await self.reader.readexactly(length))

    async def aclose(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _json_bytes(value: object) -> bytes:
    return json.dumps(value).encode()


@dataclass
class Student:
    name: str
    client: Any  # an httpx.AsyncClient (the tests) or a LightClient (the benchmark)
    rng: random.Random
    accepted: list[tuple[int, str, dict]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    calls: int = 0

    async def call(self, method: str, path: str, body: dict | None = None):
        """A request, retried after a 429 (the same body: a command keeps its nonce)."""
        for _ in range(50):
            t0 = time.perf_counter()
            self.calls += 1
            r = await self.client.request(method, path, json=body)
            if path == "/api/command":
                self.latencies.append(time.perf_counter() - t0)
            if r.status_code != 429:
                return r
            await asyncio.sleep(0.2)
        raise AssertionError(f"{self.name}: rate-limited for ten seconds on {path}")

    async def join(self) -> None:
        r = await self.call("POST", "/api/join", {"name": self.name, "team": "t"})
        assert r.status_code == 200, r.text

    async def state(self) -> dict:
        r = await self.call("GET", "/api/state")
        assert r.status_code == 200, r.text
        return r.json()

    async def decide(self, month: int) -> None:
        for _ in range(self.rng.choice((0, 1, 1, 2))):
            name, fields = self.rng.choice(CHOICES)(self.rng)
            body = {"command": name, "fields": fields, "nonce": uuid.uuid4().hex}
            r = await self.call("POST", "/api/command", body)
            assert r.status_code == 200, r.text
            answer = r.json()
            assert answer["month"] == month
            if self.rng.random() < 0.2:  # the network delivered it twice: the same answer
                again = await self.call("POST", "/api/command", body)
                assert again.json() == answer
            if answer["accepted"]:
                self.accepted.append((month, name, fields))
            else:
                self.refused.append(answer["message"])

    async def log(self) -> list[dict]:
        r = await self.call("GET", "/api/log.jsonl")
        assert r.status_code == 200, r.text
        return [json.loads(line) for line in r.text.splitlines()
                if line.strip() and not line.startswith("#")]


async def play_rounds(student: Student, months: int) -> None:
    """Decide, get ready, wait for the class to move; until the campaign's end."""
    while True:
        state = await student.state()
        month = state["month"]
        if month >= months:
            return
        await student.decide(month)
        r = await student.call("POST", "/api/ready", {"ready": True})
        assert r.status_code == 200, r.text
        while (await student.state())["month"] == month:
            await asyncio.sleep(0.25)


async def play_free(student: Student, months: int) -> None:
    """Decide and advance one's own clock to the teacher's month."""
    while True:
        state = await student.state()
        month = state["month"]
        if month >= months:
            return
        if month >= state["class"]["cap"]:
            await asyncio.sleep(0.25)
            continue
        await student.decide(month)
        r = await student.call("POST", "/api/advance", {})
        assert r.status_code == 200, r.text


def logged_commands(log: list[dict]) -> list[tuple[int, str, dict]]:
    """A seat's log as (month, command, the fields a student sends) to compare with answers."""
    out = []
    for entry in log:
        out.append((entry["month"], entry["command"], entry))
    return out


def same_commands(accepted: list[tuple[int, str, dict]], log: list[dict]) -> bool:
    if len(accepted) != len(log):
        return False
    for (month, name, fields), entry in zip(accepted, log, strict=True):
        if entry["month"] != month or entry["command"] != name:
            return False
        if any(entry[k] != v for k, v in fields.items()):
            return False
    return True


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0
