"""Worker profiles: the input schema (validated) and its normalised, canonical form.

A profile arrives as JSON (API, ``--profile FILE.json``) or from the store, in Indonesian or English.
``WorkerProfile`` validates shapes and types and names the offending field; ``normalise_profile``
turns the free text into canonical taxonomy ids through ``features.text`` and ``features.levels``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from features.levels import parse_education, parse_language
from features.occupations import code_occupation
from features.reference import Reference, load_reference
from features.skill_reader import read_skills
from features.story import occupation_from_skills, read_story
from features.text import fold, read_item, sector_id
from features.validation import no_lone_surrogates

_GENDER_WORDS = {
    "female": "female", "f": "female", "perempuan": "female", "wanita": "female", "woman": "female", "p": "female",
    "male": "male", "m": "male", "laki laki": "male", "lakilaki": "male", "pria": "male", "man": "male", "l": "male",
}


def canonical_gender(value: Any) -> Any:
    """Indonesian or English gender words -> ``female``/``male``; anything else is left for validation."""
    if isinstance(value, str):
        return _GENDER_WORDS.get(fold(value), value)
    return value


class _Checked(BaseModel):
    """Refuses text that is not valid Unicode (a lone surrogate) in any field, naming the field."""

    @field_validator("*", mode="before")
    @classmethod
    def _valid_text(cls, value: Any) -> Any:
        return no_lone_surrogates(value)


class LanguageIn(_Checked):
    """One language with a level, e.g. ``{"language": "Jepang", "level": "N4"}``."""

    model_config = ConfigDict(extra="forbid")
    language: str = Field(min_length=1, max_length=80)
    level: str | None = Field(default=None, max_length=80)


class ExperienceIn(_Checked):
    """Past work: occupation (free text), years, and the country (alpha-2 or name) if abroad."""

    model_config = ConfigDict(extra="forbid")
    occupation: str = Field(min_length=1, max_length=200)
    years: float = Field(ge=0, le=60)
    country: str | None = Field(default=None, max_length=80)
    informal: bool = Field(default=False, description="unpaid or for one's own family (e.g. caring for parents)")


def country_code(text: str, ref: Reference | None = None) -> str | None:
    """``"Taiwan"``, ``"tw"`` or ``"Hongkong"`` -> alpha-2 code; None when not a known destination."""
    ref = ref or load_reference()
    value = text.strip()
    if value.upper() in ref.countries.index:
        return value.upper()
    hits = read_item(value, ("country",), ref)
    return hits.matches[0].id if hits.matches else None


def _valid_country(value: str) -> str:
    code = country_code(value)
    if code is None:
        known = ", ".join(sorted(load_reference().countries.index))
        raise PydanticCustomError("unknown_country",
                                  "'{value}' is not a destination Layak knows; expected one of {known}",
                                  {"value": value, "known": known})
    return code


def _valid_sector(value: str) -> str:
    sid = sector_id(value)
    if sid is None:
        known = ", ".join(load_reference().sectors.index)
        raise PydanticCustomError("unknown_sector", "'{value}' is not a sector; expected one of {known}",
                                  {"value": value, "known": known})
    return sid


Country = Annotated[str, Field(max_length=80), AfterValidator(_valid_country)]
Sector = Annotated[str, Field(max_length=80), AfterValidator(_valid_sector)]


class PreferencesIn(_Checked):
    """What the worker wants: destination countries, sectors, and the lowest monthly pay in IDR."""

    model_config = ConfigDict(extra="forbid")
    countries: list[Country] = Field(default_factory=list, max_length=30)
    sectors: list[Sector] = Field(default_factory=list, max_length=20)
    min_monthly_salary_idr: int | None = Field(default=None, ge=0, le=1_000_000_000)


class WorkerProfile(_Checked):
    """A worker profile as submitted (docs/contracts.md, "Worker profile"). All text may be Indonesian or English."""

    model_config = ConfigDict(extra="forbid")
    worker_ref: str | None = Field(default=None, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    gender: Literal["female", "male"] | None = None
    birth_year: int | None = Field(default=None, ge=1940, le=2100)
    province: str | None = Field(default=None, max_length=80)
    education_level: str | None = Field(default=None, max_length=120)
    skills: list[str] = Field(default_factory=list, max_length=100)
    certificates: list[str] = Field(default_factory=list, max_length=50)
    languages: list[LanguageIn] = Field(default_factory=list, max_length=20)
    experience: list[ExperienceIn] = Field(default_factory=list, max_length=30)
    preferences: PreferencesIn = Field(default_factory=PreferencesIn)
    summary: str | None = Field(default=None, max_length=5000)

    @field_validator("gender", mode="before")
    @classmethod
    def _gender(cls, value: Any) -> Any:
        return canonical_gender(value)

    @field_validator("skills", "certificates")
    @classmethod
    def _items(cls, value: list[str]) -> list[str]:
        for i, item in enumerate(value):
            if len(item) > 200:
                raise PydanticCustomError(
                    "item_too_long", "item {number} is {length} characters long; at most {max_length} expected",
                    {"index": i, "number": i + 1, "length": len(item), "max_length": 200})
        return [v.strip() for v in value if v.strip()]


@dataclass
class NormalisedProfile:
    """A profile in canonical ids. Lists are sorted and unique; ``languages`` maps ISO 639-1 -> rank 0–6."""

    worker_ref: str | None
    gender: str | None
    birth_year: int | None
    age: int | None
    province: str | None
    education_level: str | None
    education_rank: int | None
    skills: list[str]
    unknown_skills: list[str]
    certificates: list[str]
    unknown_certificates: list[str]
    languages: dict[str, int]
    occupations: list[str]
    experience_years: dict[str, float]
    total_experience_years: float
    preferred_countries: list[str]
    preferred_sectors: list[str]
    min_monthly_salary_idr: int | None
    unknown: list[str] = field(default_factory=list)
    # Years per occupation that came from informal experience (also counted in experience_years).
    informal_experience_years: dict[str, float] = field(default_factory=dict)
    # English labels of ESCO skills / ISCO-08 groups read from text Layak's own taxonomy did not know:
    # they reach the embedding text, so a worker's own words still count.
    other_terms: list[str] = field(default_factory=list)
    # Clauses of the summary nothing could read: kept (and embedded as written) rather than dropped.
    summary_unread: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalise_profile(profile: WorkerProfile, as_of: date | None = None,
                      ref: Reference | None = None) -> NormalisedProfile:
    """Read a validated profile into canonical ids (countries and sectors are already canonical)."""
    ref = ref or load_reference()
    as_of = as_of or date.today()
    skills: set[str] = set()
    certs: set[str] = set()
    occupations: set[str] = set()
    languages: dict[str, int] = {}
    unknown_skills: list[str] = []
    unknown_certs: list[str] = []

    other_terms: list[str] = []
    for item in profile.skills:
        reading = read_item(item, ("skill", "occupation", "certificate"), ref)
        if not reading.known:
            found, read = _read_unknown_skill(item, ref, other_terms)
            skills.update(found)
            if not read:
                unknown_skills.append(item)
            continue
        hits = [(m.kind, m.id) for m in reading.matches]
        if not hits and reading.fuzzy is not None:
            hits = [reading.fuzzy]
        for kind, ident in hits:
            {"skill": skills, "occupation": occupations, "certificate": certs}[kind].add(ident)
            if kind == "occupation":
                # A job written in the skills list ("operator mesin", "tukang las") says what she can do: the
                # job's main skill counts too, as its English translation ("machine operation") would.
                core = ref.row("occupations", ident)
                if core and core["core_skills"]:
                    skills.add(str(core["core_skills"][0]))

    for item in profile.certificates:
        reading = read_item(item, ("certificate", "language"), ref)
        cert_ids = [m.id for m in reading.matches if m.kind == "certificate"]
        if not cert_ids and reading.fuzzy and reading.fuzzy[0] == "certificate":
            cert_ids = [reading.fuzzy[1]]
        if not cert_ids:
            unknown_certs.append(item)
            continue
        certs.update(cert_ids)
        _language_from_certificate(item, cert_ids, ref, languages)

    for lang in profile.languages:
        parsed = parse_language(lang.language, lang.level, ref)
        if parsed is not None:
            languages[parsed.lang] = max(languages.get(parsed.lang, 0), parsed.rank)
        else:
            unknown_skills.append(f"{lang.language} {lang.level or ''}".strip())

    experience_years: dict[str, float] = {}
    informal_years: dict[str, float] = {}
    for exp in profile.experience:
        reading = read_item(exp.occupation, ("occupation", "skill"), ref)
        occ = [m.id for m in reading.matches if m.kind == "occupation"]
        if not occ and reading.fuzzy and reading.fuzzy[0] == "occupation":
            occ = [reading.fuzzy[1]]
        skills.update(m.id for m in reading.matches if m.kind == "skill")
        if not occ:
            occ = _code_unknown_occupation(exp.occupation, ref, other_terms)
        for occ_id in occ[:1]:
            occupations.add(occ_id)
            experience_years[occ_id] = experience_years.get(occ_id, 0.0) + exp.years
            if exp.informal:
                informal_years[occ_id] = informal_years.get(occ_id, 0.0) + exp.years
        if not reading.known and not occ:
            unknown_skills.append(exp.occupation)

    summary_unread: list[str] = []
    if profile.summary:
        summary_unread = _read_summary(profile.summary, ref, skills, occupations, experience_years, informal_years)

    edu = parse_education(profile.education_level, ref)
    age = as_of.year - profile.birth_year if profile.birth_year else None
    return NormalisedProfile(
        worker_ref=profile.worker_ref,
        gender=profile.gender,
        birth_year=profile.birth_year,
        age=age,
        province=profile.province,
        education_level=edu[0] if edu else None,
        education_rank=edu[1] if edu else None,
        skills=sorted(skills),
        unknown_skills=unknown_skills,
        certificates=sorted(certs),
        unknown_certificates=unknown_certs,
        languages=dict(sorted(languages.items())),
        occupations=sorted(occupations),
        experience_years=experience_years,
        total_experience_years=float(sum(e.years for e in profile.experience)),
        preferred_countries=sorted(set(profile.preferences.countries)),
        preferred_sectors=sorted(set(profile.preferences.sectors)),
        min_monthly_salary_idr=profile.preferences.min_monthly_salary_idr,
        unknown=unknown_skills + unknown_certs,
        informal_experience_years=informal_years,
        other_terms=other_terms,
        summary_unread=summary_unread,
    )


def _read_unknown_skill(item: str, ref: Reference, other_terms: list[str]) -> tuple[set[str], bool]:
    """A skill item the taxonomy's phrases missed, read by the vocabulary's skill reader.

    Returns the Layak skill ids read and whether anything was read at all: an ESCO skill Layak has no id
    for adds its English label to ``other_terms`` instead (so it still reaches the embedding).
    """
    ids: set[str] = set()
    readings = read_skills(item)
    for r in readings:
        if r.skill_id in ref.skills.index:
            ids.add(r.skill_id)
        elif r.label not in other_terms:
            other_terms.append(r.label)
    return ids, bool(readings)


def _code_unknown_occupation(text: str, ref: Reference, other_terms: list[str]) -> list[str]:
    """An experience occupation the taxonomy's phrases missed, coded to ISCO-08.

    A sure reading of a group Layak places workers in gives its occupation id; a sure reading of another
    group adds the group's English title to ``other_terms`` (it still reaches the embedding). With no sure
    reading, a skill the text names can still imply the job ("caring for my elderly parents").
    """
    best = code_occupation(text).best
    if best is None:
        implied = occupation_from_skills([r.skill_id for r in read_skills(text)], ref)
        return [implied] if implied else []
    if best.occupation_id:
        return [best.occupation_id]
    if best.label_en and best.label_en not in other_terms:
        other_terms.append(best.label_en)
    return []


def _read_summary(summary: str, ref: Reference, skills: set[str], occupations: set[str],
                  experience_years: dict[str, float], informal_years: dict[str, float]) -> list[str]:
    """The worker's own words: skills, occupations, and experience for occupations not already listed
    (so a summary that repeats the experience field does not count the same years twice).

    Returns the clauses nothing could read."""
    for m in read_item(summary, ("skill", "occupation"), ref).matches:
        (skills if m.kind == "skill" else occupations).add(m.id)
    listed = set(experience_years)
    story = read_story(summary, ref)
    for r in story.readings:
        if r.field == "skill":
            skills.add(str(r.value))
        elif r.field == "occupation":
            occupations.add(str(r.value))
        elif r.field == "experience":
            occ_id = str(r.value["occupation_id"])
            occupations.add(occ_id)
            if occ_id not in listed:
                experience_years[occ_id] = experience_years.get(occ_id, 0.0) + float(r.value["years"])
                if r.informal:
                    informal_years[occ_id] = informal_years.get(occ_id, 0.0) + float(r.value["years"])
    return story.unknown


def _language_from_certificate(text: str, cert_ids: list[str], ref: Reference, languages: dict[str, int]) -> None:
    """A language certificate ("JLPT N4", "EPS-TOPIK lulus") also proves a language level."""
    from features.levels import parse_level

    for cert_id in cert_ids:
        row = ref.certificates.loc[cert_id]
        lang = row.get("lang_code", "")
        if row.get("kind") != "language" or not lang:
            continue
        parsed = parse_level(text, ref)
        rank = parsed[0] if parsed else 2  # a named test with no level: its entry level (A2 for JFT/EPS)
        languages[lang] = max(languages.get(lang, 0), rank)


def profile_from_json(data: Any) -> WorkerProfile:
    """Validate a JSON object as a WorkerProfile (raises pydantic.ValidationError)."""
    return WorkerProfile.model_validate(data)


__all__ = ["WorkerProfile", "NormalisedProfile", "normalise_profile", "country_code", "sector_id"]
