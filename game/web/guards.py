"""What keeps a class server safe on a school network: a bound on every request's body, a rate
limit per seat (and per address for joining), and headers that keep pages from loading anything
but their own files. Written as plain ASGI / small classes so they run before any handler.
"""

from __future__ import annotations

import json
import time

from game.debrief.page import CSS_HASH as DEBRIEF_CSS_HASH
from game.debrief.page import font_style_hashes
from game.i18n import t

MAX_BODY_BYTES = 16 * 1024


def _refuse(status: int, message: str):
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    return ({"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: a request whose body passes MAX_BODY_BYTES gets 413, announced or not."""

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = True
                if too_big:
                    await self._send_413(send)
                    return
        # read the whole body first (it is small): past the limit, the app never sees it
        chunks, seen, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.max_bytes:
                await self._send_413(send)
                return
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _send_413(self, send) -> None:
        start, body = _refuse(413, t("cli.web.body_over", bytes=self.max_bytes))
        await send(start)
        await send(body)


class SecurityHeaders:
    """ASGI middleware: every answer says what it is and may load only this server's files (and
    the debrief's own inline styles, known by their hashes, and the CJK font a Chinese debrief
    carries: the page is self-contained, so `terafab class` writes the same one)."""

    HEADERS = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),  # the teacher's token never leaves in a Referer
        (b"content-security-policy",
         b"default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' '"
         + "' '".join([DEBRIEF_CSS_HASH, *font_style_hashes()]).encode()
         + b"'; script-src 'self'; "
         b"frame-ancestors 'none'; form-action 'self'"),
        (b"cache-control", b"no-store"),
    ]

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Durable:
    """ASGI middleware: no answer leaves before every change queued so far is on disk (the
    store's group commit), whichever handler queued it."""

    def __init__(self, app, store) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_when_durable(message):
            if message["type"] == "http.response.start":
                await self.store.durable()
            await send(message)

        await self.app(scope, receive, send_when_durable)


class RateLimit:
    """A token bucket per key: `burst` requests at once, then `per_second` on average."""

    def __init__(self, per_second: float, burst: float, max_keys: int = 10_000) -> None:
        self.per_second = per_second
        self.burst = burst
        self.max_keys = max_keys
        self.buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last time)

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens, last = self.buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        if len(self.buckets) >= self.max_keys and key not in self.buckets:
            self.buckets.clear()  # bounded memory: forgetting buckets only forgives
        if tokens < 1.0:
            self.buckets[key] = (tokens, now)
            return False
        self.buckets[key] = (tokens - 1.0, now)
        return True
