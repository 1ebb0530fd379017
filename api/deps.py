"""FastAPI dependencies: the process-wide Services built in the lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from matching.service import Services


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(get_services)]
