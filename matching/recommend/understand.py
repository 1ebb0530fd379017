"""How Layak read an input: canonical skills, ISCO-08 occupation, levels, and what stayed unknown.

Workers and agencies use this to check the reading; tests use it to check normalisation.
"""

from __future__ import annotations

import re
from typing import Any

from features.embed_text import profile_embed_text
from features.levels import RANK_LABELS
from features.listings import ListingIn, normalise_listing
from features.occupations import code_occupation
from features.profiles import WorkerProfile, normalise_profile
from features.reference import Reference, load_reference
from features.skill_reader import read_skills
from features.story import read_story
from features.text import find, fold
from matching.eligibility.explain import labelled
from matching.screening.ingest import listing_embed_text

_SEGMENT = re.compile(r"[,;.\n/()]+|\s+(?:dan|and|serta|atau|or)\s+")


def _occupations(ref: Reference, ids: list[str]) -> list[dict[str, str]]:
    out = labelled(ref, "occupations", ids)
    for item in out:
        if item["id"] in ref.occupations.index:
            item["isco08"] = str(ref.occupations.loc[item["id"], "isco08"])
    return out


def _languages(ref: Reference, langs: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for code, rank in langs.items():
        row = ref.languages.loc[code] if code in ref.languages.index else None
        out.append({"lang": code, "label_en": row["label_en"] if row is not None else code,
                    "label_id": row["label_id"] if row is not None else code,
                    "rank": rank, "level": RANK_LABELS.get(rank, str(rank))})
    return out


def understand_profile(profile: WorkerProfile, ref: Reference | None = None) -> dict[str, Any]:
    """The canonical reading of a worker profile."""
    ref = ref or load_reference()
    p = normalise_profile(profile, ref=ref)
    edu = None
    if p.education_level:
        row = ref.education_levels.loc[p.education_level]
        edu = {"level_id": p.education_level, "rank": p.education_rank, "label_en": row["label_en"],
               "label_id": row["label_id"]}
    return {
        "kind": "profile",
        "skills": labelled(ref, "skills", p.skills),
        "occupations": _occupations(ref, p.occupations),
        "certificates": labelled(ref, "certificates", p.certificates),
        "languages": _languages(ref, p.languages),
        "education": edu,
        "preferred_countries": p.preferred_countries,
        "preferred_sectors": labelled(ref, "sectors", p.preferred_sectors),
        "experience_years": p.experience_years,
        "informal_experience_years": p.informal_experience_years,
        "other_terms": p.other_terms,
        "summary_readings": read_story(profile.summary, ref).to_dict()["readings"] if profile.summary else [],
        "unknown": p.unknown,
        "embedding_text": profile_embed_text(p, ref),
    }


def understand_listing(listing: ListingIn, ref: Reference | None = None) -> dict[str, Any]:
    """The canonical reading of a job listing."""
    ref = ref or load_reference()
    n = normalise_listing(listing, ref)
    return {
        "kind": "listing",
        "occupation": _occupations(ref, [n.occupation_id])[0] if n.occupation_id else None,
        "sector": labelled(ref, "sectors", [n.sector])[0] if n.sector else None,
        "skills": labelled(ref, "skills", n.skills),
        "certificates": labelled(ref, "certificates", n.certificates),
        "languages": _languages(ref, n.languages),
        "monthly_salary_local": n.monthly_salary_local,
        "monthly_salary_idr": n.monthly_salary_idr,
        "worker_fee_idr": n.worker_fee_idr,
        "unknown": n.unknown_skills + n.unknown_certificates + n.unknown_languages,
        "embedding_text": listing_embed_text(listing, n, ref),
    }


def understand_text(text: str, ref: Reference | None = None) -> dict[str, Any]:
    """Every taxonomy term found in free text, and the phrases that named nothing Layak knows."""
    ref = ref or load_reference()
    matches = find(text, ref=ref)
    by_kind: dict[str, list[str]] = {}
    for m in matches:
        by_kind.setdefault(m.kind, [])
        if m.id not in by_kind[m.kind]:
            by_kind[m.kind].append(m.id)
    coding = code_occupation(text)
    occupations = _occupations(ref, by_kind.get("occupation", []))
    best = coding.best
    if best is not None and best.isco08 not in {o.get("isco08") for o in occupations}:
        # The vocabulary's sure reading, when the phrase list found nothing of that group ("Staff Gudang").
        if best.occupation_id:
            occupations += [{**o, "via": "coder"} for o in _occupations(ref, [best.occupation_id])]
        else:
            occupations.append({"id": f"isco08:{best.isco08}", "isco08": best.isco08, "label_en": best.label_en,
                                "label_id": best.label_id or best.label_en, "via": "coder"})
    read_skill_ids = [r.skill_id for r in read_skills(text) if r.skill_id in ref.skills.index]
    skills = list(dict.fromkeys(by_kind.get("skill", []) + read_skill_ids))
    unknown = [seg.strip() for seg in _SEGMENT.split(text)
               if fold(seg) and not find(seg, ref=ref) and not code_occupation(seg).sure and not read_skills(seg)]
    return {
        "kind": "text",
        "skills": labelled(ref, "skills", skills),
        "occupations": occupations,
        "occupation_coding": coding.to_dict(),
        "certificates": labelled(ref, "certificates", by_kind.get("certificate", [])),
        "languages": [{"lang": c, "label_en": ref.languages.loc[c, "label_en"],
                       "label_id": ref.languages.loc[c, "label_id"]} for c in by_kind.get("language", [])],
        "countries": [{"country": c, "name_en": ref.countries.loc[c, "name_en"],
                       "name_id": ref.countries.loc[c, "name_id"]} for c in by_kind.get("country", [])],
        "unknown": unknown,
    }


def understand_story(text: str, ref: Reference | None = None) -> dict[str, Any]:
    """A worker's story read into readings she confirms, the profile draft they make, and what stayed unread."""
    ref = ref or load_reference()
    return {"kind": "story", **read_story(text, ref).to_dict()}
