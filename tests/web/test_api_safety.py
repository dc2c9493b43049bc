"""The class server on a school network: whatever arrives, the answer is a 4xx with one line
({"error": ...}) and never a 5xx; the teacher's pages and actions need the token; a student's
text never becomes markup or a spreadsheet formula; a flood from one seat is slowed."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.domain.commands import COMMANDS, command_fields

NAMES = sorted({f["name"] for cls in COMMANDS.values() for f in command_fields(cls)})
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
COMMAND_BODY = st.fixed_dictionaries(
    {"command": st.sampled_from(sorted(COMMANDS)) | st.text(max_size=45),
     "fields": st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=8), SCALARS,
                               max_size=5)},
    optional={"nonce": st.text(max_size=70) | st.uuids().map(lambda u: u.hex)})
SEAT = st.integers(-3, 4) | st.integers() | st.text(max_size=6)
ENDPOINTS = [
    ("GET", "/"), ("GET", "/teacher"), ("GET", "/debrief"), ("GET", "/debrief/grades.csv"),
    ("GET", "/grades.csv"),
    ("GET", "/debrief/groups.svg"), ("GET", "/api/state"), ("GET", "/api/commands"),
    ("GET", "/api/log.jsonl"), ("GET", "/api/teacher/state"), ("POST", "/api/join"),
    ("POST", "/api/preview"), ("POST", "/api/command"), ("POST", "/api/advance"),
    ("POST", "/api/ready"), ("POST", "/api/teacher/pace"), ("POST", "/api/teacher/advance"),
    ("POST", "/api/teacher/treatment"), ("GET", "/static/{x}"), ("GET", "/api/chart/{x}.svg"),
    ("GET", "/debrief/card/{x}.svg"), ("GET", "/api/teacher/strip/{x}.svg"),
    ("POST", "/api/teacher/seat/{x}/reset"), ("POST", "/api/teacher/seat/{x}/policy"),
    ("POST", "/api/teacher/seat/{x}/group"),
]
BODY = (COMMAND_BODY | JSON
        | st.fixed_dictionaries({}, optional={
            "name": st.text(max_size=50), "team": SCALARS, "ready": SCALARS, "mode": SCALARS,
            "step": SCALARS, "paused": SCALARS, "cap": SCALARS, "timer_s": SCALARS,
            "policy": SCALARS, "group": SCALARS, "from_month": SCALARS, "lever": SCALARS,
            "value": SCALARS, "all_ready": SCALARS}))


@st.composite
def requests(draw):
    method, path = draw(st.sampled_from(ENDPOINTS))
    if "{x}" in path:
        path = path.replace("{x}", quote(str(draw(SEAT)), safe=""))
    who = draw(st.sampled_from(["student", "teacher", "nobody", "forged"]))
    raw = draw(st.booleans()) and draw(st.binary(max_size=64))
    body = None if method == "GET" else (raw if raw else draw(BODY))
    return method, path, who, body


def test_fuzzed_requests_get_a_4xx_with_a_message_never_a_5xx(class_server):
    server = class_server(pace="rounds", months=6)
    student = server.student()
    assert student.post("/api/join", json={"name": "fuzz"}).status_code == 200
    teacher = server.teacher()
    nobody = server.student()
    forged = httpx.Client(base_url=server.url, cookies={"terafab_seat": "x",
                                                        "terafab_teacher": "y"})
    clients = {"student": student, "teacher": teacher, "nobody": nobody, "forged": forged}

    @settings(max_examples=400, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(requests())
    def check(request):
        method, path, who, body = request
        client = clients[who]
        if isinstance(body, bytes):
            r = client.request(method, path, content=body,
                               headers={"content-type": "application/json"})
        else:
            r = client.request(method, path, content=json.dumps(body),
                               headers={"content-type": "application/json"})
        assert r.status_code < 500, (method, path, who, body, r.text[:300])
        if r.status_code >= 400:
            assert r.json()["error"], r.text

    check()
    # and the server still serves the class
    assert student.get("/api/state").status_code == 200
    for c in clients.values():
        c.close()


def test_the_teacher_token_guards_every_teacher_page_and_action(class_server):
    server = class_server(months=6)
    with server.student() as student:
        student.post("/api/join", json={"name": "Ana"})
        for method, path in [("GET", "/teacher"), ("GET", "/debrief"),
                             ("GET", "/debrief/grades.csv"), ("GET", "/grades.csv"),
                             ("GET", "/api/teacher/state"),
                             ("POST", "/api/teacher/advance"),
                             ("POST", "/api/teacher/seat/1/reset"),
                             ("GET", "/teacher?token=wrong")]:
            r = student.request(method, path, json={} if method == "POST" else None)
            assert r.status_code == 403, (path, r.status_code)
            assert "token" in r.json()["error"]
        assert student.get("/api/state").json()["month"] == 0  # nothing moved
    with httpx.Client(base_url=server.url) as browser:
        r = browser.get(f"/teacher?token={server.token}")
        assert r.status_code == 303 and r.headers["location"] == "/teacher"
        assert browser.get("/teacher").status_code == 200  # the token is now a cookie
        assert browser.get("/debrief").status_code == 200


def test_student_text_is_escaped_everywhere_and_never_a_formula(class_server):
    server = class_server(months=6)
    evil = "<img src=x onerror=alert(1)>"
    with server.student() as a, server.student() as b, server.teacher() as teacher:
        a.post("/api/join", json={"name": evil, "team": "<b>t</b>"})
        b.post("/api/join", json={"name": "=HYPERLINK(\"http://x\")", "team": "+1"})
        page = teacher.get("/debrief").text
        assert evil not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "<b>t</b>" not in page
        card = teacher.get("/debrief/card/1.svg")
        assert card.headers["content-type"].startswith("image/svg+xml")
        rows = list(csv.DictReader(io.StringIO(teacher.get("/debrief/grades.csv").text)))
        names = {r["name"] for r in rows}
        assert "'=HYPERLINK(\"http://x\")" in names and evil in names
        assert {r["team"] for r in rows} >= {"'+1"}
        r = a.get("/")
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_bad_requests_are_answered_with_what_is_wrong(class_server):
    server = class_server(months=6)
    with server.student() as s:
        assert s.post("/api/join", json={"name": "x" * 41}).status_code == 422
        assert s.post("/api/join", json={"name": "\u202e\u0007"}).status_code == 422
        assert s.post("/api/join", json={"name": "Bo"}).status_code == 200
        r = s.post("/api/command", json={"command": "buy_accelerator", "fields": {}})
        assert r.status_code == 422 and "buy_accelerators" in r.json()["error"]
        r = s.post("/api/command", json={"command": "buy_accelerators",
                                         "fields": {"units": "many"}})
        assert r.status_code == 422 and "units" in r.json()["error"]
        r = s.post("/api/preview", json={"command": "buy_accelerators",
                                         "fields": {"units": 10}})
        assert r.status_code == 200 and r.json()["refusal"]  # the rules' refusal, in words
        big = {"command": "buy_accelerators", "fields": {}, "nonce": "a" * 20_000}
        assert s.post("/api/command", json=big).status_code == 413

        def chunks():
            for _ in range(40):
                yield b"x" * 1024

        assert s.post("/api/command", content=chunks()).status_code == 413
        r = s.post("/api/advance", json={})
        assert r.status_code == 409 and "rounds" in r.json()["error"]


async def _flood(url: str, cookies: dict, n: int) -> list[int]:
    async with httpx.AsyncClient(base_url=url, cookies=cookies, timeout=120) as client:
        answers = await asyncio.gather(*(client.get("/api/commands") for _ in range(n)))
    return [r.status_code for r in answers]


def test_one_seat_flooding_the_server_is_slowed_not_served(class_server):
    server = class_server(months=6)
    with server.student() as s, server.student() as other:
        s.post("/api/join", json={"name": "flood"})
        other.post("/api/join", json={"name": "calm"})
        codes = asyncio.run(_flood(server.url, dict(s.cookies), 300))
        assert codes.count(429) > 0 and codes.count(200) >= 40
        assert other.get("/api/state").status_code == 200  # the others play on
