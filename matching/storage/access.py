"""Who may do what: roles, the principal behind an API key, and the ownership rules.

The rules live here, not in the routes, so the HTTP layer and any other caller enforce the same ones:

- a **worker** key reads and deletes only its own profile, recommendations and training plan;
- an **agency** key screens, submits, reads and withdraws only listings under its own P3MI licence;
- a **planner** key sees only the k-anonymous cohort view;
- only a **reviewer** key decides on a listing that needs review;
- an **admin** key may do everything except change a verdict, and alone imports the licence registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from matching.errors import Forbidden, InputError

ROLES = ("worker", "planner", "agency", "reviewer", "admin")
SUBJECT_ROLES = {"worker": "worker_ref", "agency": "licence"}  # roles whose key is bound to one subject
# Refusals are read on the pages too: the roles and what a key tried to do, in Indonesian.
ROLE_ID = {"worker": "pekerja", "planner": "perencana", "agency": "agensi", "reviewer": "pemeriksa", "admin": "admin"}
WHAT_ID = {
    "ask for recommendations": "meminta rekomendasi", "read the recommendations": "membaca rekomendasi",
    "read the training plan": "membaca rencana pelatihan", "export the data": "mengunduh data",
    "delete the data": "menghapus data", "screen listings": "memeriksa lowongan",
    "submit listings": "mengirim lowongan",
    "upload listings": "mengunggah lowongan", "read listings": "membaca lowongan",
    "withdraw listings": "menarik lowongan", "change a verdict": "mengubah hasil pemeriksaan",
    "read the planner view": "membuka tampilan perencana", "import the licence registry": "mengimpor daftar izin P3MI",
}


@dataclass(frozen=True)
class Principal:
    """The holder of a valid API key: its role and, for worker and agency keys, whom it is bound to."""

    role: str
    subject: str | None = None
    key_id: int | None = None

    @property
    def actor(self) -> str:
        """How this principal is named in the audit trail (no personal data: a role, a subject id, a key id)."""
        who = f"{self.role}:{self.subject}" if self.subject else self.role
        return f"{who}#key{self.key_id}" if self.key_id is not None else who


def check_role_subject(role: str, subject: str | None) -> None:
    """Raises InputError unless the role exists and the subject is given exactly when the role needs one."""
    if role not in ROLES:
        raise InputError(f"'{role}' is not a role; expected one of {', '.join(ROLES)}", field="role")
    needs = SUBJECT_ROLES.get(role)
    if needs and not subject:
        raise InputError(f"{_article(role)} {role} key must be bound to a {needs}", field=needs)
    if not needs and subject:
        raise InputError(f"{_article(role)} {role} key is not bound to a worker or a licence", field="subject")


def require_role(principal: Principal, roles: Iterable[str], what: str) -> None:
    """Raises Forbidden unless the principal has one of ``roles``."""
    allowed = tuple(roles)
    if principal.role not in allowed:
        raise Forbidden(f"a {principal.role} key may not {what} (allowed: {', '.join(allowed)})",
                        message_id=f"kunci {ROLE_ID.get(principal.role, principal.role)} tidak boleh "
                                   f"{WHAT_ID.get(what, what)} (yang boleh: "
                                   f"{', '.join(ROLE_ID.get(r, r) for r in allowed)})")


def require_worker(principal: Principal, worker_ref: str, what: str) -> None:
    """A worker's own data: that worker's key, or an admin key."""
    require_role(principal, ("worker", "admin"), what)
    if principal.role == "worker" and principal.subject != worker_ref:
        raise Forbidden(f"a worker key may only {what} of its own worker",
                        message_id=f"kunci pekerja hanya boleh {WHAT_ID.get(what, what)} milik pekerja itu sendiri")


def require_licence(principal: Principal, licence: str | None, what: str,
                    roles: Iterable[str] = ("agency", "admin")) -> None:
    """A listing under a licence: an agency key for that licence, or one of the other ``roles``."""
    require_role(principal, roles, what)
    if principal.role == "agency" and (licence or "") != principal.subject:
        raise Forbidden(f"an agency key may only {what} under its own licence ({principal.subject})",
                        message_id=f"kunci agensi hanya boleh {WHAT_ID.get(what, what)} dengan izinnya sendiri "
                                   f"({principal.subject})")


def licence_error(principal: Principal, licence: str | None) -> tuple[str, str] | None:
    """For a row of a bulk upload: why an agency key may not submit it (English, Indonesian), or None if it may."""
    if principal.role == "agency" and (licence or "") != principal.subject:
        return (f"an agency key may only submit listings under its own licence ({principal.subject}); got "
                f"{licence or 'no licence'}",
                f"kunci agensi hanya boleh mengirim lowongan dengan izinnya sendiri ({principal.subject}); "
                f"isian: {licence or 'tanpa izin'}")
    return None


def _article(word: str) -> str:
    return "An" if word[:1] in "aeiou" else "A"
