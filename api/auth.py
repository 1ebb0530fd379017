"""Authentication: every /api/v1 call carries an API key (``X-API-Key: …`` or ``Authorization: Bearer …``).

``get_principal`` resolves the key to a ``Principal`` (role, subject) and spends one token of the key's
rate limit. What the principal may do is decided in ``matching/access.py``; routes call those checks.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.deps import ServicesDep
from matching.errors import Unauthenticated
from matching.storage.access import Principal

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                               description="an API key from `layak keys create` (or data/demo-keys.txt)")
_bearer = HTTPBearer(auto_error=False, description="the same API key as a bearer token")


def get_principal(request: Request, services: ServicesDep,
                  api_key: Annotated[str | None, Security(_api_key_header)] = None,
                  bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None) -> Principal:
    """The principal of the request's key. Raises Unauthenticated (401) or RateLimited (429)."""
    secret = api_key or (bearer.credentials if bearer else None)
    if not secret:
        raise Unauthenticated("an API key is required: send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'",
                              message_id="kunci API wajib diisi: tempel kunci Anda di kolom \"Kunci API\" (atau kirim "
                                         "sebagai 'X-API-Key: <kunci>')")
    principal = services.keys.principal(secret.strip())
    if principal is None:
        raise Unauthenticated("the API key is unknown or revoked",
                              message_id="kunci API tidak dikenal atau sudah dicabut")
    limiter = getattr(request.app.state, "rate_limiter", None)  # create_app sets it; a bare test app may not
    if limiter is not None:
        limiter.take(principal.key_id)
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
