"""Forty students play a class at once, in rounds and at free pace, against the real server: each
seat's log holds exactly the commands its student was told were accepted (none lost, none
doubled by a retried request), every seat ends at the campaign's end, and the grades count every
refusal a student was shown."""

from __future__ import annotations

import asyncio
import csv
import io
import random

import httpx
import pytest

from tests.web.students import Student, p95, play_free, play_rounds, same_commands

STUDENTS = 40
MONTHS = 12


async def _class(url: str, token: str, pace: str) -> list[Student]:
    limits = httpx.Limits(max_connections=4)
    students = [Student(f"student {i:02d}", httpx.AsyncClient(base_url=url, timeout=60,
                                                              limits=limits),
                        random.Random(i)) for i in range(STUDENTS)]
    try:
        await asyncio.gather(*(s.join() for s in students))
        async with httpx.AsyncClient(base_url=url, headers={"x-teacher-token": token},
                                     timeout=60) as teacher:
            if pace == "free":
                r = await teacher.post("/api/teacher/pace", json={"cap": MONTHS})
                assert r.status_code == 200, r.text
            play = play_rounds if pace == "rounds" else play_free
            await asyncio.gather(*(play(s, MONTHS) for s in students))
        for s in students:
            s.final_log = await s.log()
            s.final_state = await s.state()
        return students
    finally:
        await asyncio.gather(*(s.client.aclose() for s in students))


@pytest.mark.parametrize("pace", ["rounds", "free"])
def test_forty_students_play_a_campaign_and_lose_no_command(class_server, pace):
    server = class_server(pace=pace, months=MONTHS)
    students = asyncio.run(_class(server.url, server.token, pace))
    for s in students:
        assert s.final_state["month"] == MONTHS and s.final_state["done"]
        assert same_commands(s.accepted, s.final_log), s.name
    assert sum(len(s.accepted) for s in students) > STUDENTS  # they really played
    assert any(s.refused for s in students)                   # and the rules said no sometimes
    with server.teacher() as teacher:
        grades = list(csv.DictReader(io.StringIO(teacher.get("/debrief/grades.csv").text)))
        board = teacher.get("/api/teacher/state").json()
    assert len(grades) == STUDENTS
    refused = {s.name: len(s.refused) for s in students}
    assert {g["name"]: int(g["refusals"]) for g in grades} == refused
    assert all(seat["month"] == MONTHS for seat in board["seats"])
    latencies = [x for s in students for x in s.latencies]
    print(f"\n{pace}: {len(latencies)} commands, p95 {1000 * p95(latencies):.1f} ms")
