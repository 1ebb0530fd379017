"""FastAPI dependencies: the process-wide Services built in the lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from matching.service import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    services.follow_listing_changes()  # other processes' listing changes reach this index (matching/replicas.py)
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
