"""The server is killed with SIGKILL in the middle of a class and started again on the same file:
every seat continues exactly where it was (month, cash, compute, score, log, refusals), the
students' cookies and the teacher's link still work, and every command a student was told was
accepted is there, even those acknowledged an instant before the kill."""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
import uuid

import httpx

from tests.web.students import Student, play_free

SEATS = 6


def _snapshot(client: httpx.Client) -> dict:
    state = client.get("/api/state").json()
    keep = ("month", "date", "cash_busd", "debt_busd", "compute_eflops", "chips_idle",
            "limiting_factor", "score", "score_parts", "refusals", "panel")
    return {k: state[k] for k in keep} | {"log": client.get("/api/log.jsonl").text}


async def _play(url: str, token: str, months: int) -> list[dict]:
    students = [Student(f"s{i}", httpx.AsyncClient(base_url=url, timeout=60), random.Random(i))
                for i in range(SEATS)]
    await asyncio.gather(*(s.join() for s in students))
    async with httpx.AsyncClient(base_url=url, headers={"x-teacher-token": token}) as teacher:
        await teacher.post("/api/teacher/pace", json={"cap": months})
    await asyncio.gather(*(play_free(s, months) for s in students))
    cookies = [dict(s.client.cookies) for s in students]
    await asyncio.gather(*(s.client.aclose() for s in students))
    return cookies


def test_sigkill_mid_class_then_restart_continues_every_seat(class_server, tmp_path):
    server = class_server(pace="free", months=24)
    cookies = asyncio.run(_play(server.url, server.token, 5))
    seat_ids = [httpx.get(server.url + "/api/state", cookies=c).json()["seat"]["id"]
                for c in cookies]
    cookies = [c for _, c in sorted(zip(seat_ids, cookies, strict=True), key=lambda p: p[0])]
    with server.teacher() as teacher:  # a policy seat and a treatment are replayed too
        assert teacher.post("/api/teacher/seat/1/policy", json={"policy": "balanced"}).is_success
        assert teacher.post("/api/teacher/treatment", json={
            "group": "A", "from_month": 3, "lever": "export_control_level", "value": 4}).is_success
        assert teacher.post("/api/teacher/pace", json={"cap": 8}).is_success
    clients = [httpx.Client(base_url=server.url, cookies=c, timeout=60) for c in cookies]
    before = [_snapshot(c) for c in clients]
    assert before[0]["month"] == 8 and before[1]["month"] == 5

    # commands keep arriving while the server is killed: keep what was acknowledged
    acknowledged: list[list[dict]] = [[] for _ in clients]
    stop = threading.Event()

    def keep_sending(i: int) -> None:
        with httpx.Client(base_url=server.url, cookies=cookies[i], timeout=5) as client:
            while not stop.is_set():
                body = {"command": "buy_accelerators", "fields": {"units": 1000 + i},
                        "nonce": uuid.uuid4().hex}
                try:
                    r = client.post("/api/command", json=body)
                except httpx.TransportError:
                    return
                if r.status_code == 200 and r.json()["accepted"]:
                    acknowledged[i].append(r.json())

    threads = [threading.Thread(target=keep_sending, args=(i,)) for i in range(2, SEATS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 120
    # killed once every sender has been told "done" at least once (a command takes the server
    # about a millisecond: one thread may send twenty before another has sent one)
    while ((sum(len(a) for a in acknowledged) < 20 or not all(acknowledged[2:]))
           and time.monotonic() < deadline):
        time.sleep(0.01)
    server.kill()
    stop.set()
    for t in threads:
        t.join()

    again = class_server(pace="free", months=24, db=server.db)
    assert again.token == server.token  # the teacher's link still works
    for c in clients:
        c.base_url = again.url
    after = [_snapshot(c) for c in clients]
    assert after[:2] == before[:2]  # quiet seats: exactly as they were
    for i in range(2, SEATS):
        lines = [line for line in after[i]["log"].splitlines() if not line.startswith("#")]
        logged = [entry for entry in map(json.loads, lines) if entry.get("units") == 1000 + i]
        assert len(logged) >= len(acknowledged[i]) > 0  # nothing acknowledged is lost
        assert after[i]["month"] == before[i]["month"]
    # and the class goes on: the seats play to the teacher's month
    for c in clients[2:]:
        assert c.post("/api/advance", json={}).status_code == 200
        assert c.get("/api/state").json()["month"] == 6
    with again.teacher() as teacher:
        board = teacher.get("/api/teacher/state").json()
    assert [s["policy"] for s in board["seats"]][:2] == ["balanced", None]
    assert board["treatments"][0]["lever"] == "export_control_level"
    for c in clients:
        c.close()
