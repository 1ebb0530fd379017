"""What a worker should do about a finding, and whom to call (KP2MI and the destination's labour office).

The contacts are in ``features/data/help_contacts.csv``, each row with its source; ``*`` rows apply to every
destination (KP2MI and the Indonesian mission), the others to one country.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import Any

from features.contracts.rules import MISMATCH, MISSING, OK, UNLAWFUL

# (English, Indonesian) advice per finding kind
ADVICE: dict[str, tuple[str, str]] = {
    UNLAWFUL: ("Do not sign this contract as it is. Keep a copy and report it: what it says breaks the rules "
               "that protect you.",
               "Jangan tanda tangani kontrak ini apa adanya. Simpan salinannya dan laporkan: isinya melanggar "
               "aturan yang melindungi Anda."),
    MISMATCH: ("Before you sign, ask the agency to make the contract match the job order you agreed to, and keep a "
               "copy of both. If it is not corrected, report it.",
               "Sebelum tanda tangan, minta agensi menyamakan kontrak dengan job order yang Anda setujui, dan simpan "
               "salinan keduanya. Jika tidak diperbaiki, laporkan."),
    MISSING: ("Ask for the missing clause to be written into the contract before you sign.",
              "Minta pasal yang tidak ada itu dituliskan di kontrak sebelum Anda tanda tangan."),
    OK: ("This clause matches the job order and the rules.", "Pasal ini sesuai dengan job order dan aturan."),
}


@lru_cache(maxsize=1)
def _contacts() -> tuple[dict[str, str], ...]:
    with resources.files("features").joinpath("data", "help_contacts.csv").open("r", encoding="utf-8") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh))


def contacts_for(country: str) -> list[dict[str, Any]]:
    """Whom to call for a contract in ``country`` (ISO 3166 alpha-2): the country's labour office first, then
    KP2MI and the Indonesian mission. Each has ``organisation_en/_id``, ``contact``, ``what_en/_id`` and ``source``."""
    own = [dict(r) for r in _contacts() if r["country"] == country.upper()]
    everywhere = [dict(r) for r in _contacts() if r["country"] == "*"]
    return own + everywhere


def advice_for(kind: str) -> dict[str, str]:
    """What to do about a finding of this kind, in English and Indonesian."""
    en, id_ = ADVICE.get(kind, ADVICE[OK])
    return {"en": en, "id": id_}
