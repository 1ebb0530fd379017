"""The FastAPI application: heavy parts are built once in the lifespan, routes only translate HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import SafeJSONResponse, register_exception_handlers
from api.limits import BodySizeLimit, TokenBucket
from api.routes import (
    agencies,
    contracts,
    docs,
    health,
    listings,
    planning,
    recommendations,
    training,
    understand,
    web,
    workers,
)
from matching.service import Services
from matching.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """Build the app. ``services`` may be injected (tests); otherwise built from ``settings``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        svc = services or Services(settings or get_settings())
        # load the encoder, the index (rebuilt if out of step), the champion ranker, its listing facts and the
        # forest's compiled kernels once, before taking traffic
        rec = svc.recommender
        rec.warm_up()
        app.state.services = svc
        logger.info("ready: %d listings indexed; ranking with %s%s", svc.index.ntotal, rec.scorer,
                    f" ({svc.ranker_status})" if svc.ranker_status else "")
        yield

    limits = settings or (services.settings if services else get_settings())
    # /docs is api/routes/docs.py (Swagger UI from the installed package: no CDN); FastAPI's own, and /redoc, are off
    app = FastAPI(title="Layak", version="0.1.0", lifespan=lifespan, default_response_class=SafeJSONResponse,
                  docs_url=None, redoc_url=None,
                  description="Safe, verified overseas job matching for Indonesian migrant workers (PMI). "
                              "Every /api/v1 call needs an API key (X-API-Key or Authorization: Bearer).")
    app.state.rate_limiter = TokenBucket(limits.rate_limit_per_minute, limits.rate_limit_burst)
    app.add_middleware(BodySizeLimit, max_body_bytes=limits.max_body_bytes,
                       max_upload_bytes=limits.max_upload_bytes)
    register_exception_handlers(app)
    app.include_router(health.router)
    app.include_router(recommendations.router)
    app.include_router(understand.router)
    app.include_router(listings.router)
    app.include_router(contracts.router)
    app.include_router(agencies.router)
    app.include_router(training.router)
    app.include_router(planning.router)
    app.include_router(workers.router)
    app.include_router(web.router)
    app.include_router(docs.router)
    return app
