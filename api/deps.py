"""FastAPI dependencies: the process-wide Services built in the lifespan."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from features.i18n import Lang, negotiate
from matching.service import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    services.follow_listing_changes()  # other processes' listing changes reach this index (matching/replicas.py)
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_lang(request: Request, lang: Annotated[Literal["id", "en"] | None, Query(
        description="language of the messages (validation, row errors, screening details, refusals): id or en; "
                    "default: the Accept-Language header, else en")] = None) -> Lang:
    """The language a route answers in: ``lang``, else ``Accept-Language``, else English (features/i18n.py)."""
    return negotiate(lang, request.headers.get("accept-language"))


LangDep = Annotated[Lang, Depends(get_lang)]
