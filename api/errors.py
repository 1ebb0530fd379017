"""Domain errors -> HTTP, in one place. 422 bodies name the field, like FastAPI's own validation errors."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from features.contracts import ContractInputError, ContractTooLarge
from features.validation import FieldError
from matching.errors import (
    Forbidden,
    IndexMismatchError,
    IndexNotReady,
    InputError,
    InvalidTransition,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthenticated,
)


def _field_loc(field: str | None, request: Request | None = None) -> list[str]:
    """``loc`` as FastAPI writes it: under "query" or "path" when the field is a parameter there, else "body"."""
    parts = [p for p in (field or "").replace("[", ".").replace("]", "").split(".") if p]
    if request is not None and parts:
        if parts[0] in request.query_params:
            return ["query", *parts]
        if parts[0] in request.path_params:
            return ["path", *parts]
    return ["body", *parts]


class SafeJSONResponse(JSONResponse):
    """JSON that never fails to encode: a lone surrogate (valid in JSON text, ``"\\ud800"``, but not in UTF-8)
    that a client sent and a response echoes back becomes U+FFFD instead of a 500."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None,
                          separators=(",", ":")).encode("utf-8", errors="replace")


def register_exception_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return SafeJSONResponse(status_code=422, content={"detail": jsonable_encoder(exc.errors())})

    @app.exception_handler(Unauthenticated)
    async def _unauthenticated(_: Request, exc: Unauthenticated) -> JSONResponse:
        return JSONResponse(status_code=401, content={"detail": str(exc)},
                            headers={"WWW-Authenticate": 'Bearer realm="layak"'})

    @app.exception_handler(Forbidden)
    async def _forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return JSONResponse(status_code=403, content={"detail": str(exc)})

    @app.exception_handler(RateLimited)
    async def _rate_limited(_: Request, exc: RateLimited) -> JSONResponse:
        return JSONResponse(status_code=429, content={"detail": str(exc)},
                            headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(TooLarge)
    async def _too_large(_: Request, exc: TooLarge) -> JSONResponse:
        return JSONResponse(status_code=413, content={"detail": str(exc)})

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(InvalidTransition)
    async def _conflict(_: Request, exc: InvalidTransition) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(ContractInputError)
    async def _contract(_: Request, exc: ContractInputError) -> JSONResponse:
        # The page shows the worker the Indonesian message too (msg_id); a file over the limit is a 413.
        status = 413 if isinstance(exc, ContractTooLarge) else 422
        return JSONResponse(status_code=status, content={"detail": [
            {"loc": _field_loc(exc.field), "msg": exc.message, "msg_id": exc.message_id, "type": "value_error"}]}
            if status == 422 else {"detail": exc.message})

    @app.exception_handler(FieldError)
    async def _field(_: Request, exc: FieldError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": [
            {"loc": _field_loc(exc.field), "msg": exc.message, "type": "value_error"}]})

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": [
            {"loc": _field_loc(exc.field, request), "msg": str(exc), "type": "value_error"}]})

    @app.exception_handler(IndexNotReady)
    async def _not_ready(_: Request, exc: IndexNotReady) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    @app.exception_handler(IndexMismatchError)
    async def _mismatch(_: Request, exc: IndexMismatchError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})
