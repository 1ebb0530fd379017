"""The FastAPI application: heavy parts are built once in the lifespan, routes only translate HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import register_exception_handlers
from api.routes import agencies, health, listings, planning, recommendations, training, understand, web
from matching.service import Services
from matching.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """Build the app. ``services`` may be injected (tests); otherwise built from ``settings``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        svc = services or Services(settings or get_settings())
        # load the encoder, the index (rebuilt if out of step), the champion ranker and its listing facts once,
        # before taking traffic
        rec = svc.recommender
        if rec.ranker is not None:
            _ = rec.ranking_data
        app.state.services = svc
        logger.info("ready: %d listings indexed; ranking with %s%s", svc.index.ntotal, rec.scorer,
                    f" ({svc.ranker_status})" if svc.ranker_status else "")
        yield

    app = FastAPI(title="Layak", version="0.1.0", lifespan=lifespan,
                  description="Safe, verified overseas job matching for Indonesian migrant workers (PMI).")
    register_exception_handlers(app)
    app.include_router(health.router)
    app.include_router(recommendations.router)
    app.include_router(understand.router)
    app.include_router(listings.router)
    app.include_router(agencies.router)
    app.include_router(training.router)
    app.include_router(planning.router)
    app.include_router(web.router)
    return app
