"""API keys: created once, shown once, stored only as a hash; looked up on every request.

A key is ``lyk_`` + 32 random bytes (URL-safe base64). The store keeps HMAC-SHA256(pepper, key) (plain
SHA-256 when no pepper is set), its first characters to tell keys apart, the role, the subject it is
bound to (a worker_ref or a P3MI licence), a label, when it was created and when it was revoked.
A key cannot be recovered from the store; a lost key is revoked and a new one created.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from matching.errors import NotFound
from matching.storage.access import Principal, check_role_subject
from matching.storage.store import Store
from matching.storage.tables import ApiKey, utcnow

KEY_PREFIX = "lyk_"
MAX_KEY_CHARS = 200


@dataclass(frozen=True)
class NewKey:
    """A freshly created key: ``secret`` is the only copy of the key itself."""

    id: int
    secret: str
    role: str
    subject: str | None
    label: str | None


class ApiKeys:
    """Create, check, list and revoke API keys in the store."""

    def __init__(self, store: Store, pepper: str = "") -> None:
        self.store = store
        self._pepper = pepper.encode("utf-8")

    def hash(self, secret: str) -> str:
        data = secret.encode("utf-8", errors="replace")
        if self._pepper:
            return hmac.new(self._pepper, data, hashlib.sha256).hexdigest()
        return hashlib.sha256(data).hexdigest()

    def create(self, role: str, subject: str | None = None, label: str | None = None) -> NewKey:
        """A new key for ``role`` (bound to ``subject`` for worker and agency keys)."""
        check_role_subject(role, subject)
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        with self.store.transaction() as s:
            row = ApiKey(key_hash=self.hash(secret), prefix=secret[:10], role=role, subject=subject, label=label)
            s.add(row)
            s.flush()
            key_id = row.id
        return NewKey(key_id, secret, role, subject, label)

    def principal(self, secret: str) -> Principal | None:
        """The principal of a valid (known, unrevoked) key, else None."""
        if not secret or len(secret) > MAX_KEY_CHARS or not secret.startswith(KEY_PREFIX):
            return None
        digest = self.hash(secret)
        with self.store.transaction() as s:
            row = s.scalars(select(ApiKey).where(ApiKey.key_hash == digest)).first()
            if row is None or row.revoked_at is not None:
                return None
            # compare_digest: the lookup is by an index, but make the final check constant-time anyway
            if not hmac.compare_digest(row.key_hash, digest):
                return None
            return Principal(row.role, row.subject, row.id)

    def list(self, include_revoked: bool = False) -> list[dict[str, Any]]:
        """Every key's metadata (never the key or its hash), oldest first."""
        with self.store.transaction() as s:
            stmt = select(ApiKey).order_by(ApiKey.id)
            if not include_revoked:
                stmt = stmt.where(ApiKey.revoked_at.is_(None))
            return [key_view(k) for k in s.scalars(stmt)]

    def revoke(self, key_id: int) -> dict[str, Any]:
        """Revoke a key at once (the next request with it gets 401)."""
        with self.store.transaction() as s:
            row = s.get(ApiKey, key_id)
            if row is None:
                raise NotFound(f"no API key with id {key_id}")
            if row.revoked_at is None:
                row.revoked_at = utcnow()
            return key_view(row)

    def for_subject(self, role: str, subject: str) -> builtins.list[dict[str, Any]]:
        with self.store.transaction() as s:
            return [key_view(k) for k in s.scalars(select(ApiKey).where(ApiKey.role == role)
                                                   .where(ApiKey.subject == subject).order_by(ApiKey.id))]

    def delete_for_subject(self, role: str, subject: str) -> int:
        with self.store.transaction() as s:
            result = s.execute(delete(ApiKey).where(ApiKey.role == role).where(ApiKey.subject == subject))
            return int(result.rowcount or 0)  # type: ignore[attr-defined]


def key_view(key: ApiKey) -> dict[str, Any]:
    return {"id": key.id, "prefix": key.prefix, "role": key.role, "subject": key.subject, "label": key.label,
            "created_at": key.created_at.isoformat() if key.created_at else None,
            "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None}
