"""Request limits: body size (413) as ASGI middleware, and a per-key token bucket (429 with Retry-After).

The token bucket lives in the process: with several server processes each one allows the configured rate,
so the effective limit is the rate times the number of processes (docs/operations.md, "Limits").
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from features.i18n import fmt_number, negotiate
from matching.errors import RateLimited

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class TokenBucket:
    """``rate_per_minute`` requests per minute per key, at most ``burst`` at once. Thread-safe."""

    def __init__(self, rate_per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._state: dict[Any, tuple[float, float]] = {}  # key -> (tokens, last refill time)
        self._lock = threading.Lock()

    def take(self, key: Any) -> None:
        """Spend one token of ``key`` or raise RateLimited with the seconds until the next one."""
        now = self.clock()
        with self._lock:
            tokens, last = self._state.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._state[key] = (tokens, now)
                wait = max(1, math.ceil((1.0 - tokens) / self.rate))
                raise RateLimited(f"rate limit of {self.rate * 60:g} requests per minute per API key exceeded; "
                                  f"retry after {wait} s", retry_after=wait,
                                  message_id=f"batas {self.rate * 60:g} permintaan per menit untuk satu kunci API "
                                             f"terlampaui; coba lagi setelah {wait} detik")
            self._state[key] = (tokens - 1.0, now)


# The routes that take a multipart file upload; only these get the (larger) upload limit.
UPLOAD_PATHS = frozenset({"/api/v1/listings/bulk", "/api/v1/screening/bulk", "/api/v1/agencies/import",
                          "/api/v1/contracts/check"})


class BodySizeLimit:
    """Answers 413 to a request whose body is larger than its limit, before the app reads it.

    Multipart uploads to the upload routes (``UPLOAD_PATHS``: listing CSVs, the registry) get
    ``max_upload_bytes``; every other body ``max_body_bytes``, whatever Content-Type the client declares. A
    declared Content-Length over the limit is refused at once; a body without one (chunked) is counted
    while it streams in and refused as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, max_upload_bytes: int,
                 upload_paths: frozenset[str] = UPLOAD_PATHS) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.upload_paths = upload_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        multipart = headers.get("content-type", "").lower().startswith("multipart/")
        upload = multipart and scope.get("path", "").rstrip("/") in self.upload_paths
        limit = self.max_upload_bytes if upload else self.max_body_bytes
        declared = headers.get("content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False
            if too_big:
                await _too_large(send, limit, headers.get("accept-language"))
                return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(send, limit, headers.get("accept-language"))


def too_large_texts(limit: int) -> dict[str, str]:
    """The 413 message in both languages (``en``, ``id``)."""
    return {"en": f"request body larger than the limit of {limit:,} bytes",
            "id": f"isi permintaan lebih besar dari batas {fmt_number(limit, 'id')} byte"}


class _BodyTooLarge(HTTPException):
    """Raised from ``receive``: FastAPI re-raises HTTPExceptions met while reading a body, so it becomes a 413."""

    def __init__(self, limit: int) -> None:
        self.texts = too_large_texts(limit)  # api/errors.py answers in the request's language
        super().__init__(status_code=413, detail=self.texts["en"])


async def _too_large(send: Send, limit: int, accept_language: str | None = None) -> None:
    texts = too_large_texts(limit)
    body = json.dumps({"detail": texts[negotiate(None, accept_language)], "detail_en": texts["en"],
                       "detail_id": texts["id"]}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
