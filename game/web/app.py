"""The classroom's web app (FastAPI): the student's page and API, the teacher's dashboard and
actions, the debrief. Every request body is a pydantic model that forbids unknown keys and bounds
every string and number; a bad request gets a 4xx with {"error": one line}.

Students are known by their seat cookie (HttpOnly, set when they join); the teacher by the
secret token printed when the server starts (kept as a cookie after the first visit).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import time
import unicodedata
from http import HTTPStatus
from typing import Annotated, Literal

from fastapi import Cookie, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import cookie_parser

from game.agents.commands import preview as preview_command
from game.debrief import svg
from game.domain.commands import COMMANDS, command_from_dict
from game.domain.errors import TerafabError
from game.i18n import language, msg, t, t_or, text
from game.i18n.scenarios import shown
from game.io.commandlog import seat_line, world_line
from game.io.fonts import font_file, svg_font_style
from game.sim.config.scenario import validation_problem
from game.web import debrief, pages, views
from game.web.classroom import ClassError, Classroom
from game.web.guards import BodyLimit, Durable, RateLimit, SecurityHeaders
from game.web.seats import log_lines

SEAT_COOKIE = "terafab_seat"
TEACHER_COOKIE = "terafab_teacher"
CHECKPOINT_SECONDS = 2.0  # how often the class's WAL is copied into its file (game/web/store.py)
PAGES = ("student.html", "teacher.html", "student.js", "teacher.js", "style.css")

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Team = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
Nonce = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Word = Annotated[str, StringConstraints(max_length=60)]
Whole = Annotated[int, Field(strict=True, ge=-10**12, le=10**12)]
Real = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e12, le=1e12)]
FieldValue = bool | Whole | Real | Word


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JoinBody(Body):
    name: Name
    team: Team = ""


class CommandBody(Body):
    command: Annotated[str, StringConstraints(max_length=40)]
    fields: Annotated[dict[Word, FieldValue], Field(max_length=12)] = {}
    nonce: Nonce | None = None


class ReadyBody(Body):
    ready: bool = True


class PaceBody(Body):
    mode: Literal["free", "rounds"] | None = None
    step: Literal[1, 3] | None = None
    paused: bool | None = None
    all_ready: bool | None = None
    timer_s: Annotated[int, Field(ge=0, le=3600)] | None = None
    cap: Annotated[int, Field(ge=0, le=10_000)] | None = None


class PolicyBody(Body):
    policy: Annotated[str, StringConstraints(max_length=40)] | None = None


class GroupBody(Body):
    group: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,8}$")]


class TreatmentBody(Body):
    group: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,8}$")]
    from_month: Annotated[int, Field(ge=0, le=10_000)]
    lever: Annotated[str, StringConstraints(max_length=40)]
    value: Annotated[float, Field(allow_inf_nan=False, ge=-1e6, le=1e6)]


def printable(text: str) -> str:
    """A name as typed, without control or format characters (no hidden text, no bidi tricks)."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()


def create_app(classroom: Classroom, tick_seconds: float = 0.5) -> FastAPI:
    seat_limit = RateLimit(per_second=10, burst=40)  # a browser polls every 2 s
    join_limit = RateLimit(per_second=10, burst=120)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        async def timer():
            while True:
                await asyncio.sleep(tick_seconds)
                if classroom.tick():
                    await classroom.store.durable()

        async def checkpoints():
            while True:
                await asyncio.sleep(CHECKPOINT_SECONDS)
                await classroom.store.checkpoint()

        tasks = [asyncio.create_task(timer()), asyncio.create_task(checkpoints())]
        yield
        for task in tasks:
            task.cancel()

    app = FastAPI(title="Terafab classroom", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.classroom = classroom

    @app.exception_handler(ClassError)
    async def class_error(_request, exc: ClassError):
        return JSONResponse({"error": said(exc)}, status_code=exc.status)

    @app.exception_handler(TerafabError)
    async def terafab_error(_request, exc: TerafabError):
        return JSONResponse({"error": said(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = text(validation_problem(first)) if first else t("cli.web.invalid_request")
        return JSONResponse({"error": f"{where}: {message}" if where else message},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request, exc: StarletteHTTPException):
        return JSONResponse({"error": http_text(exc)}, status_code=exc.status_code)

    # ------------------------------------------------------------------ who is asking
    def seat_of(cookie: str | None):
        seat = classroom.seat_for(cookie)
        if not seat_limit.allow(f"seat:{seat.id}"):
            raise ClassError(msg("pages.web.error.too_many"), 429)
        return seat

    def teacher(request: Request, token: str | None) -> None:
        given = token or request.headers.get("x-teacher-token") or ""
        if not hmac.compare_digest(given.encode(), classroom.token.encode()):
            raise ClassError(msg("pages.web.error.teacher_only"), 403)

    # ------------------------------------------------------------------ pages
    def page(name: str) -> Response:
        text = pages.page_text(name)
        kind = {"html": "text/html", "js": "text/javascript", "css": "text/css"}
        return Response(text, media_type=f"{kind[name.rsplit('.', 1)[1]]}; charset=utf-8")

    @app.get("/", include_in_schema=False)
    async def student_page():
        return page("student.html")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str):
        font = font_file(name)  # the CJK font a Chinese page's style sheet asks for
        if font is not None:
            return Response(font, media_type="font/otf")
        if name not in PAGES:
            raise ClassError(msg("pages.web.error.no_file", name=name[:40]), 404)
        return page(name)

    @app.get("/teacher", include_in_schema=False)
    async def teacher_page(request: Request, token: str | None = None,
                           terafab_teacher: Annotated[str | None, Cookie()] = None):
        if token is not None:  # the printed link: keep the token as a cookie, drop it from the URL
            teacher(request, token)
            response = RedirectResponse("/teacher", status_code=303)
            response.set_cookie(TEACHER_COOKIE, token, httponly=True, samesite="strict")
            return response
        teacher(request, terafab_teacher)
        return page("teacher.html")

    @app.get("/debrief", include_in_schema=False)
    async def debrief_page(request: Request,
                           terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, terafab_teacher)
        return HTMLResponse(debrief.page(classroom))

    @app.get("/debrief/grades.csv", include_in_schema=False)
    @app.get("/grades.csv", include_in_schema=False)  # the debrief page's own link (relative)
    async def grades(request: Request, terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, terafab_teacher)
        return Response(debrief.grades_csv(classroom), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": "attachment; filename=grades.csv"})

    @app.get("/debrief/card/{seat_id}.svg", include_in_schema=False)
    async def debrief_card(request: Request, seat_id: int,
                           terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, terafab_teacher)
        return Response(debrief.card(classroom, seat_id), media_type="image/svg+xml")

    @app.get("/debrief/groups.svg", include_in_schema=False)
    async def debrief_groups(request: Request,
                             terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, terafab_teacher)
        return Response(debrief.groups_chart(classroom), media_type="image/svg+xml")

    # ------------------------------------------------------------------ the student
    @app.post("/api/join")
    async def join(body: JoinBody, request: Request,
                   terafab_seat: Annotated[str | None, Cookie()] = None):
        if _known(classroom, terafab_seat):
            seat = classroom.seat_for(terafab_seat)
            return state_of(seat)  # joined already (a double click, a reload): the same seat
        host = request.client.host if request.client else "?"
        if not join_limit.allow(f"join:{host}"):
            raise ClassError(msg("pages.web.error.too_many_joins"), 429)
        name = printable(body.name)
        if not name:
            raise ClassError(msg("pages.web.error.name"), 422)
        seat, cookie = classroom.join(name, printable(body.team))
        response = state_of(seat)
        response.set_cookie(SEAT_COOKIE, cookie, httponly=True, samesite="strict",
                            max_age=60 * 60 * 24 * 30)
        return response

    def state_of(seat) -> Response:
        return Response(views.seat_state_json(seat, classroom.months_total,
                                               pace_state(classroom)),
                        media_type="application/json")

    def poll(scope) -> bytes | None:
        """A state poll's answer straight from the seat's cache (StatePolls); None when the
        app must answer it (no seat for the cookie, too many requests)."""
        for name, value in scope["headers"]:
            if name == b"cookie":
                try:
                    seat = classroom.seat_for(
                        cookie_parser(value.decode("latin-1")).get(SEAT_COOKIE))
                except ClassError:
                    return None
                if not seat_limit.allow(f"seat:{seat.id}"):
                    return None
                return views.seat_state_json(seat, classroom.months_total,
                                             pace_state(classroom))
        return None

    @app.get("/api/state")
    async def state(terafab_seat: Annotated[str | None, Cookie()] = None):
        return state_of(seat_of(terafab_seat))

    @app.get("/api/commands")
    async def commands(terafab_seat: Annotated[str | None, Cookie()] = None):
        seat = seat_of(terafab_seat)
        return answer(views.cached(seat, "forms", lambda: views.command_forms(seat)))

    def parse(body: CommandBody):
        if body.command not in COMMANDS:
            raise ClassError(msg("pages.web.error.unknown_command", command=body.command[:40],
                                 known=", ".join(COMMANDS)), 422)
        return command_from_dict({"command": body.command, **body.fields})

    @app.post("/api/preview")
    async def preview(body: CommandBody, terafab_seat: Annotated[str | None, Cookie()] = None):
        seat = seat_of(terafab_seat)
        p = preview_command(seat.session.model, parse(body))
        return answer({"cost_busd": p.cost_busd, "lead_time_months": p.lead_time_months,
                       "effect": text(p.effect), "refusal": p.refusal and text(p.refusal)})

    @app.post("/api/command")
    async def command(body: CommandBody, terafab_seat: Annotated[str | None, Cookie()] = None):
        seat = seat_of(terafab_seat)
        reply = classroom.submit(seat, parse(body), body.nonce)
        return answer({**reply, "message": text(reply.get("message", ""))})

    @app.post("/api/advance")
    async def advance(terafab_seat: Annotated[str | None, Cookie()] = None):
        seat = seat_of(terafab_seat)
        classroom.advance_seat(seat)
        return state_of(seat)

    @app.post("/api/ready")
    async def ready(body: ReadyBody, terafab_seat: Annotated[str | None, Cookie()] = None):
        seat = seat_of(terafab_seat)
        classroom.set_ready(seat, body.ready)
        return state_of(classroom.seat(seat.id))

    @app.get("/api/log.jsonl")
    async def command_log(terafab_seat: Annotated[str | None, Cookie()] = None):
        """The seat's accepted commands as a command log, with the treatments it was given and
        the commands refused (comment lines): what `terafab class` and `terafab run --commands`
        read (a hand-in), and what a test compares with what it was told."""
        seat = seat_of(terafab_seat)
        lines = [world_line(classroom.scenario.name, classroom.seed),
                 seat_line(seat.row.name, seat.row.team, seat.row.group)]
        lines += log_lines(seat)
        return Response("".join(f"{line}\n" for line in lines),
                        media_type="application/x-ndjson; charset=utf-8",
                        headers={"content-disposition": "attachment; filename=commands.jsonl"})

    @app.get("/api/chart/{kind}.svg")
    async def chart(kind: Literal["compute", "cash", "factors"],
                    terafab_seat: Annotated[str | None, Cookie()] = None):
        seat = seat_of(terafab_seat)
        drawn = views.cached(seat, f"chart-{kind}",
                             lambda: seat_chart(seat, kind, classroom.months_total))
        return Response(drawn, media_type="image/svg+xml")

    # ------------------------------------------------------------------ the teacher
    @app.get("/api/teacher/state")
    async def teacher_state(request: Request, token: str | None = None,
                            terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, token or terafab_teacher)
        return answer({"class": pace_state(classroom),
                       "seats": [views.seat_row(s) for s in classroom.seats.values()],
                       "treatments": [t.__dict__ for t in classroom.treatments],
                       "levers": classroom.lever_names(), "policies": classroom.policy_names()})

    @app.post("/api/teacher/pace")
    async def pace(body: PaceBody, request: Request, token: str | None = None,
                   terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, token or terafab_teacher)
        classroom.set_pace(**body.model_dump())
        return answer(pace_state(classroom))

    @app.post("/api/teacher/advance")
    async def advance_all(request: Request, token: str | None = None,
                          terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, token or terafab_teacher)
        classroom.advance_class()
        return answer(pace_state(classroom))

    @app.post("/api/teacher/seat/{seat_id}/reset")
    async def reset(seat_id: int, request: Request, token: str | None = None,
                    terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, token or terafab_teacher)
        classroom.reset_seat(classroom.seat(seat_id))
        return answer(views.seat_row(classroom.seat(seat_id)))

    @app.post("/api/teacher/seat/{seat_id}/policy")
    async def policy(seat_id: int, body: PolicyBody, request: Request, token: str | None = None,
                     terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, token or terafab_teacher)
        classroom.set_policy(classroom.seat(seat_id), body.policy)
        return answer(views.seat_row(classroom.seat(seat_id)))

    @app.post("/api/teacher/seat/{seat_id}/group")
    async def group(seat_id: int, body: GroupBody, request: Request, token: str | None = None,
                    terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, token or terafab_teacher)
        classroom.set_group(classroom.seat(seat_id), body.group)
        return answer(views.seat_row(classroom.seat(seat_id)))

    @app.post("/api/teacher/treatment")
    async def treatment(body: TreatmentBody, request: Request, token: str | None = None,
                        terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, token or terafab_teacher)
        row = classroom.add_treatment(body.group, body.from_month, body.lever, body.value)
        return answer(row.__dict__)

    @app.get("/api/teacher/strip/{seat_id}.svg", include_in_schema=False)
    async def strip(seat_id: int, request: Request, token: str | None = None,
                    terafab_teacher: Annotated[str | None, Cookie()] = None):
        teacher(request, token or terafab_teacher)
        seat = classroom.seat(seat_id)
        drawn = views.cached(seat, "strip", lambda: svg.factor_strip(
            [str(r["limiting_factor"]) for r in seat.session.series], classroom.months_total,
            width=360, height=14, left=0, right=0))
        return Response(drawn, media_type="image/svg+xml")

    return BodyLimit(SecurityHeaders(Durable(StatePolls(app, poll), classroom.store)))


class StatePolls:
    """ASGI middleware: a student's state poll (GET /api/state: most of a class's requests, every
    browser asks every 2 s) answered from the seat's cached state without FastAPI's routing and
    parameter parsing, which cost more than the answer. A poll it cannot answer (no seat for the
    cookie, the seat's rate limit) and every other request go to the app, which answers them."""

    def __init__(self, app, poll) -> None:
        self.app = app
        self.poll = poll

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == "/api/state":
            body = self.poll(scope)
            if body is not None:
                await send({"type": "http.response.start", "status": 200, "headers": [
                    (b"content-length", str(len(body)).encode()),
                    (b"content-type", b"application/json")]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def answer(data: object) -> Response:
    """A JSON answer, written by views.to_json (not walked by FastAPI's encoder first)."""
    return Response(views.to_json(data), media_type="application/json")


def http_text(exc: StarletteHTTPException) -> str:
    """Starlette's answer for a path or method the server has none for ("Not Found"), in the
    class's language; any other detail as it was given."""
    detail = str(exc.detail)
    try:
        standard = detail == HTTPStatus(exc.status_code).phrase
    except ValueError:
        standard = False
    return t_or(f"cli.web.http.{exc.status_code}", detail) if standard else detail


def said(exc: Exception) -> str:
    """An error's one line in the class's language (an engine Message), else as it was raised."""
    return text(exc.args[0]) if len(exc.args) == 1 else str(exc)


def _known(classroom: Classroom, cookie: str | None) -> bool:
    try:
        classroom.seat_for(cookie)
    except ClassError:
        return False
    return True


def pace_state(classroom: Classroom) -> dict[str, object]:
    pace = classroom.pace
    people = [s for s in classroom.seats.values() if not s.row.policy]  # who can get ready
    left = max(0.0, pace.deadline - time.time()) if pace.deadline else None
    return {"mode": pace.mode, "step": pace.step, "cap": pace.cap, "paused": pace.paused,
            "all_ready": pace.all_ready, "timer_s": pace.timer_s, "seconds_left": left,
            "months_total": classroom.months_total,
            "scenario": shown(classroom.scenario).title,
            "scenario_name": classroom.scenario.name, "seed": classroom.seed, "seats": len(people),
            "ready": sum(1 for s in people if s.ready)}


def seat_chart(seat, kind: str, months_total: int) -> str:
    """A seat's chart as an SVG image, carrying the CJK glyphs its words need (an image loads no
    font from the page)."""
    chart = _seat_chart(seat, kind, months_total)
    style = svg_font_style(language(), chart)
    return chart.replace(">", ">" + style, 1) if style else chart


def _seat_chart(seat, kind: str, months_total: int) -> str:
    rows = seat.session.series
    if kind == "factors":
        return svg.factor_strip([str(r["limiting_factor"]) for r in rows], months_total)
    if kind == "compute":
        lines = [(t("pages.chart.compute_line"), [float(r["player_compute_eflops"]) for r in rows],
                  svg.LINE_COLOURS[0], 2.0),
                 (t("pages.chart.target_line"),
                  [float(r["player_compute_target_eflops"]) for r in rows], svg.POLICY_GREY, 1.5)]
        return svg.line_chart(lines, months_total, title=t("pages.chart.compute_chart"),
                              unit="EFLOPS")
    lines = [(t("pages.chart.cash_line"), [float(r["player_cash_busd"]) for r in rows],
              svg.LINE_COLOURS[2], 2.0),
             (t("pages.chart.debt_line"), [float(r["player_debt_busd"]) for r in rows],
              svg.LINE_COLOURS[1], 1.5)]
    return svg.line_chart(lines, months_total, title=t("pages.chart.cash_chart"),
                          unit=t("pages.chart.usd_b"))
