"""Domain errors -> HTTP, in one place. 422 bodies name the field, like FastAPI's own validation errors.

Every answer says what is wrong in the caller's language (``request_lang``: a ``lang`` query parameter, else
``Accept-Language``, else English) and carries both texts, so a page can switch language without asking again:
``detail`` with ``detail_en`` and ``detail_id`` for a refusal or a missing thing; for a 422, each item's ``msg``
with ``msg_en`` and ``msg_id``. No input can make this layer fail: a value a client sent that JSON cannot carry
back (NaN, Infinity, a lone surrogate) is quoted as text.
"""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.utils import is_body_allowed_for_status_code
from starlette.exceptions import HTTPException as StarletteHTTPException

from features.contracts import ContractInputError, ContractTooLarge
from features.i18n import Lang, error_texts, negotiate
from features.validation import FieldError
from matching.errors import (
    Forbidden,
    IndexMismatchError,
    IndexNotReady,
    InputError,
    InvalidTransition,
    LayakError,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthenticated,
)


def request_lang(request: Request) -> Lang:
    """The language of this request's messages (features.i18n.negotiate)."""
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


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


def json_safe(value: Any, depth: int = 0) -> Any:
    """``value`` as plain JSON: non-finite floats (NaN, Infinity, what ``1e309`` reads as) become their text, other
    objects their ``str``; nesting is cut at 20 levels (an echoed input may be 100,000 levels deep)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if depth >= 20:
        return "…"
    if isinstance(value, dict):
        return {str(k): json_safe(v, depth + 1) for k, v in list(value.items())[:100]}
    if isinstance(value, (list, tuple)):
        return [json_safe(v, depth + 1) for v in list(value)[:100]]
    return str(value)


def validation_detail(errors: list[Any], lang: Lang) -> list[dict[str, Any]]:
    """FastAPI/pydantic errors -> the 422 ``detail``: where (``loc``), what (``msg`` in ``lang``, ``msg_en``,
    ``msg_id``), the error ``type`` and ``ctx``, and the offending ``input`` made JSON-safe."""
    out = []
    for err in errors:
        texts = error_texts(err)
        item: dict[str, Any] = {"loc": json_safe(list(err.get("loc", ()))), "msg": texts[lang], "msg_en": texts["en"],
                                "msg_id": texts["id"], "type": str(err.get("type", "value_error"))}
        if err.get("ctx"):
            item["ctx"] = json_safe(err["ctx"])
        if "input" in err:
            item["input"] = json_safe(err["input"])
        out.append(item)
    return out


def _refusal(request: Request, status: int, exc: LayakError, headers: dict[str, str] | None = None) -> JSONResponse:
    lang = request_lang(request)
    return SafeJSONResponse(status_code=status, headers=headers, content={
        "detail": exc.text(lang), "detail_en": exc.text("en"), "detail_id": exc.text("id")})


# Why a request body could not be read at all, when FastAPI only says "There was an error parsing the body".
_BODY_NOT_UTF8 = ("the request body is not UTF-8 text ({error}); send the JSON encoded as UTF-8",
                  "isi permintaan bukan teks UTF-8 ({error}); kirim JSON dengan pengodean UTF-8")
_BODY_TOO_DEEP = ("the JSON in the request body is nested too deeply to read; Layak's requests are at most a few "
                  "levels deep",
                  "JSON di isi permintaan bertingkat terlalu dalam untuk dibaca; permintaan ke Layak hanya beberapa "
                  "tingkat")
_BODY_UNREADABLE = ("the request body could not be read as JSON ({error})",
                    "isi permintaan tidak bisa dibaca sebagai JSON ({error})")


def _body_problem(exc: BaseException | None) -> tuple[str, str] | None:
    """(English, Indonesian) for why FastAPI could not parse a body, from the exception behind its 400."""
    if isinstance(exc, UnicodeDecodeError):
        error = f"byte 0x{exc.object[exc.start]:02x} at position {exc.start}" if exc.start < len(exc.object) else ""
        error_id = f"byte 0x{exc.object[exc.start]:02x} pada posisi {exc.start}" if error else ""
        return _BODY_NOT_UTF8[0].format(error=error), _BODY_NOT_UTF8[1].format(error=error_id)
    if isinstance(exc, RecursionError):
        return _BODY_TOO_DEEP
    if isinstance(exc, ValueError):
        return _BODY_UNREADABLE[0].format(error=str(exc)[:200]), _BODY_UNREADABLE[1].format(error=str(exc)[:200])
    return None


def register_exception_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return SafeJSONResponse(status_code=422, content={"detail": validation_detail(list(exc.errors()),
                                                                                      request_lang(request))})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        texts: dict[str, str] | None = getattr(exc, "texts", None)  # api.limits: a body over the size limit
        problem = _body_problem(exc.__cause__) if exc.status_code == 400 else None
        if problem is not None:
            texts = {"en": problem[0], "id": problem[1]}
        if texts is not None:
            return SafeJSONResponse(status_code=exc.status_code, content={
                "detail": texts[request_lang(request)], "detail_en": texts["en"], "detail_id": texts["id"]})
        if not is_body_allowed_for_status_code(exc.status_code):
            return Response(status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return SafeJSONResponse(status_code=exc.status_code, content={"detail": exc.detail},
                                headers=getattr(exc, "headers", None))

    @app.exception_handler(Unauthenticated)
    async def _unauthenticated(request: Request, exc: Unauthenticated) -> JSONResponse:
        return _refusal(request, 401, exc, {"WWW-Authenticate": 'Bearer realm="layak"'})

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> JSONResponse:
        return _refusal(request, 403, exc)

    @app.exception_handler(RateLimited)
    async def _rate_limited(request: Request, exc: RateLimited) -> JSONResponse:
        return _refusal(request, 429, exc, {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(TooLarge)
    async def _too_large(request: Request, exc: TooLarge) -> JSONResponse:
        return _refusal(request, 413, exc)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return _refusal(request, 404, exc)

    @app.exception_handler(InvalidTransition)
    async def _conflict(request: Request, exc: InvalidTransition) -> JSONResponse:
        return _refusal(request, 409, exc)

    @app.exception_handler(ContractInputError)
    async def _contract(request: Request, exc: ContractInputError) -> JSONResponse:
        # Answered in the caller's language with both texts, as every other refusal; a file over the limit is a 413.
        lang = request_lang(request)
        text = exc.message_id if lang == "id" else exc.message
        if isinstance(exc, ContractTooLarge):
            return SafeJSONResponse(status_code=413, content={
                "detail": text, "detail_en": exc.message, "detail_id": exc.message_id})
        return SafeJSONResponse(status_code=422, content={"detail": [
            {"loc": _field_loc(exc.field), "msg": text, "msg_en": exc.message, "msg_id": exc.message_id,
             "type": "value_error"}]})

    @app.exception_handler(FieldError)
    async def _field(request: Request, exc: FieldError) -> JSONResponse:
        lang = request_lang(request)
        return SafeJSONResponse(status_code=422, content={"detail": [
            {"loc": _field_loc(exc.field), "msg": exc.text(lang), "msg_en": exc.message, "msg_id": exc.message_id,
             "type": exc.code}]})

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        lang = request_lang(request)
        return SafeJSONResponse(status_code=422, content={"detail": [
            {"loc": _field_loc(exc.field, request), "msg": exc.text(lang), "msg_en": exc.text("en"),
             "msg_id": exc.text("id"), "type": "value_error"}]})

    @app.exception_handler(IndexNotReady)
    async def _not_ready(request: Request, exc: IndexNotReady) -> JSONResponse:
        return _refusal(request, 503, exc)

    @app.exception_handler(IndexMismatchError)
    async def _mismatch(request: Request, exc: IndexMismatchError) -> JSONResponse:
        return _refusal(request, 503, exc)
