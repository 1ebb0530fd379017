"""The canonical English strings fed to the encoder.

Both sides are rendered from canonical ids with their English labels, so an Indonesian profile and its
English translation produce the same text (the bundled model is English-only). Terms the taxonomy did
not know are appended as written, so they still carry some signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from features.levels import RANK_LABELS
from features.reference import Reference, load_reference

if TYPE_CHECKING:
    from features.profiles import NormalisedProfile


@lru_cache(maxsize=64)
def _column(ref: Reference, table: str, column: str) -> dict[str, str]:
    """id -> English label of one reference table, built once per reference (rendering a profile converted six
    whole columns to dicts on every call: 3.5 ms of each recommendation in the batch profile)."""
    return {str(k): v for k, v in getattr(ref, table)[column].to_dict().items()}


def _labels(frame_labels: Mapping[str, str], ids: Iterable[str]) -> str:
    return ", ".join(frame_labels.get(i, i) for i in ids)


def _languages(ref: Reference, languages: Mapping[str, int]) -> str:
    names = _column(ref, "languages", "label_en")
    return ", ".join(f"{names.get(code, code)} {RANK_LABELS.get(rank, rank)}" for code, rank in languages.items())


def render(*, occupations: Iterable[str], sectors: Iterable[str], countries: Iterable[str], skills: Iterable[str],
           certificates: Iterable[str], languages: Mapping[str, int], employer_type: str | None = None,
           unknown: Iterable[str] = (), ref: Reference | None = None) -> str:
    """One canonical sentence per profile or listing; empty parts are left out."""
    ref = ref or load_reference()
    parts = []
    occ = _labels(_column(ref, "occupations", "label_en"), occupations)
    if occ:
        parts.append(f"Job: {occ}.")
    sec = _labels(_column(ref, "sectors", "label_en"), sectors)
    if sec:
        parts.append(f"Sector: {sec}.")
    ctry = _labels(_column(ref, "countries", "name_en"), countries)
    if ctry:
        parts.append(f"Country: {ctry}.")
    if employer_type:
        parts.append(f"Employer: {employer_type}.")
    sk = _labels(_column(ref, "skills", "label_en"), skills)
    if sk:
        parts.append(f"Skills: {sk}.")
    ce = _labels(_column(ref, "certificates", "label_en"), certificates)
    if ce:
        parts.append(f"Certificates: {ce}.")
    la = _languages(ref, languages)
    if la:
        parts.append(f"Languages: {la}.")
    other = ", ".join(u for u in unknown if u)
    if other:
        parts.append(f"Other: {other}.")
    return " ".join(parts)


def profile_embed_text(p: NormalisedProfile, ref: Reference) -> str:
    """The canonical English text a profile is embedded as (its sectors: the ones she prefers, else those of her
    occupations)."""
    sectors = list(p.preferred_sectors) or sorted({str(row["sector"]) for o in p.occupations
                                                   if (row := ref.row("occupations", o))})
    return render(occupations=p.occupations, sectors=sectors, countries=p.preferred_countries, skills=p.skills,
                  certificates=p.certificates, languages=p.languages,
                  # ESCO/ISCO English labels of what Layak's own taxonomy missed. The summary's unread clauses
                  # are not embedded as written: the bundled encoder is English-only, and Indonesian text in
                  # the query moved ID/EN profile pairs apart (top-10 overlap 9.5 -> 7.2, docs/language.md).
                  unknown=[*p.unknown_skills, *p.other_terms], ref=ref)
