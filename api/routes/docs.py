"""The API documentation page (``/docs``), working with no internet.

FastAPI's own ``/docs`` loads Swagger UI from a CDN, so it is blank offline (and ``/redoc`` likewise). Here the
page is FastAPI's Swagger UI HTML pointed at Swagger UI's files as installed by the ``fastapi-swagger`` package
(Swagger UI 5, which reads OpenAPI 3.1), served by this app under ``/docs/assets/``. Nothing comes from elsewhere.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

ASSETS = {"swagger-ui-bundle.js": "application/javascript", "swagger-ui.css": "text/css",
          "favicon-32x32.png": "image/png"}
_PACKAGE = "fastapi_swagger.resources"

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI for the app's OpenAPI document, with every file served by this app."""
    root = request.scope.get("root_path", "").rstrip("/")
    return get_swagger_ui_html(openapi_url=f"{root}{request.app.openapi_url}", title=f"{request.app.title} - API",
                               swagger_js_url=f"{root}/docs/assets/swagger-ui-bundle.js",
                               swagger_css_url=f"{root}/docs/assets/swagger-ui.css",
                               swagger_favicon_url=f"{root}/docs/assets/favicon-32x32.png")


@router.get("/docs/assets/{name}")
def swagger_asset(name: str) -> Response:
    """One of Swagger UI's files from the installed package (anything else is a 404)."""
    if name not in ASSETS:
        raise HTTPException(status_code=404, detail="not found")
    data = resources.files(_PACKAGE).joinpath(name).read_bytes()
    return Response(content=data, media_type=ASSETS[name],
                    headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})
