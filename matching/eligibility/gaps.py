"""What stands between a worker and one listing: gaps, each closable by a course, by a process, or not at all.

Pure: ``find_gaps(NormalisedProfile, listing)`` -> ``list[Gap]``. The listing is a ``matching.storage.store.Listing``
or any object with the same attributes (tests build them by hand).

What a listing asks (``requirements``), as items of the vocabulary in matching/training.py:

- its required skills, certificates and language levels;
- the work competency certificate for its occupation (UU 18/2017 Pasal 5 and 13) as
  ``competency:<occupation_id>``, unless the listing already names a certificate of that occupation's
  scheme (the named certificate is then the gap, not twice);
- the documents every placement needs (UU 18/2017 Pasal 5 and 13): ``cert:passport``,
  ``cert:medical_certificate`` and ``cert:bpjs_ketenagakerjaan``.

What a worker holds (``holdings``): her skills and certificates, every language rank up to hers, and
``competency:<occ>`` for each occupation whose scheme certificate she holds; for an occupation with no scheme
in competency_schemes.csv any competency certificate counts.

Each gap says how it closes: by catalogue courses (``closed_by="course"``, with the course ids, fastest first),
by a process that is not a course (documents: passport, health certificate, BPJS, or a competency
assessment the catalogue has no course for), or not at all (``closable=False`` with ``why_not``): experience,
eligibility (age, gender, schooling: matching/policy.py), and skills, certificates or language levels no
course in the catalogue teaches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal, Protocol

from features.levels import level_label, level_names, parse_requirement
from features.profiles import NormalisedProfile
from features.reference import Reference
from matching.eligibility.courses import Catalogue, expand, experience_item, lang_item, schemes
from matching.eligibility.policy import LEGAL_REQUIREMENTS, MIN_WORKER_AGE, exclusion_reasons

GapKind = Literal["skill", "certificate", "language", "document", "experience", "eligibility"]
UNIVERSAL_DOCUMENTS = ("cert:passport", "cert:medical_certificate", "cert:bpjs_ketenagakerjaan")
GENERIC_COMPETENCY = "competency_certificate"
PROCESS_CERT_KINDS = frozenset({"document", "health"})
LISTING_STATES = frozenset({"not_verified", "expired", "not_yet_open"})  # about the listing, not the worker


class ListingLike(Protocol):
    occupation_id: str | None
    sector_id: str | None
    country: str
    employer_type: str | None
    skill_ids: list[str]
    certificate_ids: list[str]
    language_ranks: dict[str, int]
    required_languages: list[str]
    min_experience_years: float | None
    min_age: int | None
    max_age: int | None
    gender: str


@dataclass(frozen=True)
class Gap:
    """One thing the worker lacks for one listing. ``id`` is the item (``skill:ironing``, ``lang:ja:2``, …)."""

    kind: GapKind
    id: str
    label_en: str
    label_id: str
    closable: bool
    closed_by: Literal["course", "process"] | None
    courses: tuple[str, ...] = ()
    required: str | None = None
    current: str | None = None
    why_not_en: str | None = None
    why_not_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "label_en": self.label_en, "label_id": self.label_id,
                "required": self.required, "current": self.current, "closable": self.closable,
                "closed_by": self.closed_by, "courses": list(self.courses),
                "why_not": None if self.why_not_en is None else {"en": self.why_not_en, "id": self.why_not_id},
                **self.detail}


@lru_cache(maxsize=8)
def _competency_kind(ref: Reference) -> frozenset[str]:
    certs = ref.certificates
    return frozenset(str(c) for c in certs.index[certs["kind"] == "competency"])


@lru_cache(maxsize=8)
def _schemes(ref: Reference) -> dict[str, frozenset[str]]:
    return schemes(ref)


def competency_item(occupation_id: str | None) -> str:
    """The item for "a work competency certificate valid for this occupation" (``competency:any`` if unknown)."""
    return f"competency:{occupation_id or 'any'}"


def requirements(listing: ListingLike, ref: Reference, universal_documents: bool = True) -> list[str]:
    """Every item the listing asks of a worker, in a stable order (see the module docstring)."""
    occ = listing.occupation_id
    scheme = _schemes(ref).get(occ or "")
    accepted = scheme if scheme is not None else _competency_kind(ref)
    items = [f"skill:{s}" for s in listing.skill_ids or []]
    names_scheme_cert = False
    for cert in listing.certificate_ids or []:
        if cert == GENERIC_COMPETENCY:
            continue  # "a competency certificate": the occupation's one, added below
        items.append(f"cert:{cert}")
        names_scheme_cert = names_scheme_cert or cert in accepted
    items += [lang_item(code, rank) for code, rank in sorted((listing.language_ranks or {}).items()) if rank > 0]
    if not names_scheme_cert:
        items.append(competency_item(occ))
    if universal_documents:
        items += [d for d in UNIVERSAL_DOCUMENTS if d not in items]
    return list(dict.fromkeys(items))


def holdings(profile: NormalisedProfile, ref: Reference) -> frozenset[str]:
    """Every item the worker holds (see the module docstring)."""
    certs = set(profile.certificates)
    held = {f"skill:{s}" for s in profile.skills} | {f"cert:{c}" for c in certs}
    for code, rank in profile.languages.items():
        if rank > 0:
            held |= expand(lang_item(code, rank))
    by_cert, unmapped = _competency_index(ref)
    if certs & _competency_kind(ref):
        held |= {f"cert:{GENERIC_COMPETENCY}", competency_item(None)} | unmapped
    for cert in certs:
        held |= by_cert.get(cert, frozenset())
    for occ, years in profile.experience_years.items():  # work shows a course's outcome (courses.py)
        if years >= 1:
            held |= expand(experience_item(occ, years))
    return frozenset(held)


@lru_cache(maxsize=8)
def _competency_index(ref: Reference) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """(scheme certificate -> the competency items it gives, items of occupations with no scheme)."""
    known = _schemes(ref)
    by_cert: dict[str, set[str]] = {}
    for occ, certs in known.items():
        for cert in certs:
            by_cert.setdefault(cert, set()).add(competency_item(occ))
    unmapped = frozenset(competency_item(str(o)) for o in ref.occupations.index if str(o) not in known)
    return {c: frozenset(v) for c, v in by_cert.items()}, unmapped


def find_gaps(profile: NormalisedProfile, listing: ListingLike, catalogue: Catalogue, ref: Reference,
              as_of: date, held: frozenset[str] | None = None) -> list[Gap]:
    """Every gap between ``profile`` and ``listing``: eligibility, experience, then each missing item."""
    held = holdings(profile, ref) if held is None else held
    gaps = eligibility_gaps(profile, listing, as_of)
    exp = experience_gap(profile, listing, ref)
    if exp is not None:
        gaps.append(exp)
    scales = _listing_scales(tuple(listing.required_languages or ()), ref)
    for item in requirements(listing, ref):
        if item not in held:
            gaps.append(item_gap(item, profile, catalogue, ref, scales, listing.country))
    return gaps


def item_gap(item: str, profile: NormalisedProfile, catalogue: Catalogue, ref: Reference,
             scales: dict[str, str] | None = None, country: str | None = None) -> Gap:
    """The gap for one missing item, labelled in both languages, with how it can be closed (by the courses that
    prepare for a job in ``country``; None: any course)."""
    prefix, _, rest = item.partition(":")
    courses = catalogue.closers(item, country)
    if prefix == "skill":
        row = ref.row("skills", rest)
        en, id_ = (str(row["label_en"]), str(row["label_id"])) if row else (rest, rest)
        return _gap("skill", item, en, id_, courses, ("No course in the catalogue teaches this skill yet",
                                                      "Belum ada kursus di katalog yang mengajarkan keahlian ini"))
    if prefix == "lang":
        return _language_gap(item, profile, courses, ref, scales or {})
    if prefix == "competency":
        occ = ref.row("occupations", rest)
        en = "Work competency certificate" + (f": {occ['label_en']}" if occ else "")
        id_ = "Sertifikat kompetensi kerja" + (f": {occ['label_id']}" if occ else "")
        return Gap("document", item, en, id_, True, "course" if courses else "process", courses,
                   detail={"source": "UU 18/2017 Pasal 5 and 13"})
    row = ref.row("certificates", rest) or {}
    en, id_ = str(row.get("label_en", rest)), str(row.get("label_id", rest))
    if row.get("kind") in PROCESS_CERT_KINDS:
        return Gap("document", item, en, id_, True, "process", courses, detail={"issuer": row.get("issuer", "")})
    issuer = str(row.get("issuer", ""))
    return _gap("certificate", item, en, id_, courses, (
        f"No course in the catalogue leads to this certificate; it is issued by {issuer or 'the issuing body'}",
        f"Belum ada kursus di katalog untuk sertifikat ini; diterbitkan oleh {issuer or 'lembaga penerbitnya'}"))


def _gap(kind: GapKind, item: str, en: str, id_: str, courses: tuple[str, ...], why_not: tuple[str, str]) -> Gap:
    if courses:
        return Gap(kind, item, en, id_, True, "course", courses)
    return Gap(kind, item, en, id_, False, None, (), why_not_en=why_not[0], why_not_id=why_not[1])


def _language_gap(item: str, profile: NormalisedProfile, courses: tuple[str, ...], ref: Reference,
                  scales: dict[str, str]) -> Gap:
    _, code, rank_text = item.split(":")
    need, have = int(rank_text), profile.languages.get(code, 0)
    scale = scales.get(code, "generic")
    row = ref.row("languages", code)
    name_en, name_id = (str(row["label_en"]), str(row["label_id"])) if row else (code, code)
    required, current = level_label(scale, need, ref), level_label(scale, have, ref)
    detail = {"lang": code, "scale": scale, "required_rank": need, "current_rank": have}
    if courses:
        return Gap("language", item, name_en, name_id, True, "course", courses, required, current, detail=detail)
    return Gap("language", item, name_en, name_id, False, None, (), required, current,
               f"No course in the catalogue reaches {name_en} {required}",
               f"Belum ada kursus di katalog sampai {name_id} {required}", detail)


@lru_cache(maxsize=4096)
def _listing_scales(specs: tuple[str, ...], ref: Reference) -> dict[str, str]:
    """language code -> the scale the listing wrote its requirement in (``"ja:N4"`` -> jlpt)."""
    out = {}
    for spec in specs:
        parsed = parse_requirement(spec, ref)
        if parsed is not None:
            out[parsed.lang] = parsed.scale
    return out


def relevant_years(profile: NormalisedProfile, sector: str | None, ref: Reference) -> float:
    """Years of experience in occupations of ``sector`` (all experience when the sector is unknown)."""
    if not sector:
        return profile.total_experience_years
    total = 0.0
    for occ, years in profile.experience_years.items():
        row = ref.row("occupations", occ)
        if row is not None and row["sector"] == sector:
            total += years
    return total


def experience_gap(profile: NormalisedProfile, listing: ListingLike, ref: Reference) -> Gap | None:
    """Experience in the listing's sector below its minimum: no course can close it."""
    need = float(listing.min_experience_years or 0.0)
    have = relevant_years(profile, listing.sector_id, ref)
    if need <= 0 or have >= need:
        return None
    sector = ref.row("sectors", listing.sector_id or "")
    en = "Work experience" + (f" in {sector['label_en'].lower()}" if sector else "")
    id_ = "Pengalaman kerja" + (f" di bidang {sector['label_id'].lower()}" if sector else "")
    return Gap("experience", "experience", en, id_, False, None, (), _years(need), _years(have),
               "Experience comes from work, not from a course", "Pengalaman didapat dari bekerja, bukan dari kursus",
               {"required_years": need, "current_years": have, "sector": listing.sector_id})


def _years(x: float) -> str:
    return f"{x:g} year" if x == 1 else f"{x:g} years"


def eligibility_gaps(profile: NormalisedProfile, listing: ListingLike, as_of: date) -> list[Gap]:
    """The hard policy's worker rules this pair fails (age, gender, schooling): none can be trained away."""
    out = []
    for code in exclusion_reasons(listing, profile, as_of):  # type: ignore[arg-type]
        if code not in LISTING_STATES:
            out.append(_eligibility_gap(code, profile, listing))
    return out


def _eligibility_gap(code: str, profile: NormalisedProfile, listing: ListingLike) -> Gap:
    age = profile.age
    legal = next((r for (c, t), r in LEGAL_REQUIREMENTS.items()
                  if c == listing.country and t in (None, listing.employer_type)), None)
    source = legal.source if legal else "UU 18/2017 Pasal 5"
    age_why = ("Age cannot be trained", "Usia tidak bisa dilatih")
    table: dict[str, tuple[str, str, str | None, tuple[str, str]]] = {
        "worker_under_18": ("Minimum age 18 (UU 18/2017 Pasal 5)", "Usia minimal 18 tahun (UU 18/2017 Pasal 5)",
                            f"{MIN_WORKER_AGE}+", _wait(MIN_WORKER_AGE, age)),
        "below_min_age": ("Minimum age of this job", "Usia minimal pekerjaan ini", f"{listing.min_age}+",
                          _wait(listing.min_age, age)),
        "above_max_age": ("Maximum age of this job", "Usia maksimal pekerjaan ini", f"<= {listing.max_age}", age_why),
        "gender": ("This job is for one gender only", "Pekerjaan ini hanya untuk satu jenis kelamin",
                   listing.gender, ("Not something training can change", "Bukan hal yang bisa diubah pelatihan")),
        "legal_age": (f"Legal age limit of the scheme ({source})", f"Batas usia menurut aturan ({source})",
                      f"{legal.min_age}-{legal.max_age}" if legal else None, age_why),
        "legal_gender": (f"The scheme is for one gender only ({source})",
                         f"Skema ini hanya untuk satu jenis kelamin ({source})", legal.gender if legal else None,
                         ("Not something training can change", "Bukan hal yang bisa diubah pelatihan")),
        "legal_education": (f"Minimum schooling of the scheme ({source})",
                            f"Pendidikan minimal menurut aturan ({source})", "SMP",
                            ("Formal schooling is not in the course catalogue",
                             "Pendidikan formal tidak ada di katalog kursus")),
    }
    en, id_, required, why = table[code]
    current = {"gender": profile.gender, "legal_gender": profile.gender,
               "legal_education": profile.education_level}.get(code, None if age is None else str(age))
    return Gap("eligibility", code, en, id_, False, None, (), required, current, why[0], why[1])


def _wait(min_age: int | None, age: int | None) -> tuple[str, str]:
    if min_age is None or age is None:
        return "Age cannot be trained", "Usia tidak bisa dilatih"
    years = min_age - age
    return (f"Age cannot be trained; you reach {min_age} in {years} year(s)",
            f"Usia tidak bisa dilatih; Anda berusia {min_age} dalam {years} tahun")


__all__ = ["Gap", "GapKind", "find_gaps", "requirements", "holdings", "item_gap", "competency_item",
           "experience_gap", "eligibility_gaps", "relevant_years", "level_label", "level_names",
           "UNIVERSAL_DOCUMENTS"]
