"""Gaps and readiness of one hand-built worker for one hand-built listing, checked exactly."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from features.profiles import NormalisedProfile, WorkerProfile, normalise_profile
from features.reference import Reference
from matching.eligibility.courses import Catalogue
from matching.eligibility.gaps import find_gaps, holdings, requirements
from matching.eligibility.readiness import assess
from matching.storage.tables import Listing

AS_OF = date(2026, 1, 15)


@pytest.fixture(scope="module")
def catalogue(ref: Reference) -> Catalogue:
    return Catalogue.from_reference(ref)


def worker(**fields: Any) -> NormalisedProfile:
    return normalise_profile(WorkerProfile.model_validate(fields), as_of=AS_OF)


def listing(**fields: Any) -> Listing:
    base: dict[str, Any] = {"status": "verified", "country": "JP", "employer_type": "company", "gender": "any",
                            "skill_ids": [], "certificate_ids": [], "language_ranks": {}, "required_languages": [],
                            "min_experience_years": None, "min_age": None, "max_age": None, "contract_months": 24,
                            "occupation_id": None, "sector_id": None}
    return Listing(**{**base, **fields})


SITI = {"gender": "female", "birth_year": 1996, "skills": ["mengoperasikan mesin produksi", "assembly line"],
        "languages": [{"language": "Jepang", "level": "N5"}], "certificates": ["paspor"],
        "experience": [{"occupation": "operator produksi", "years": 2, "country": "ID"}]}
FACTORY_JP = {"occupation_id": "production_operator", "sector_id": "manufacturing", "country": "JP",
              "skill_ids": ["machine_operation", "quality_inspection", "five_s"],
              "certificate_ids": ["ssw_manufacturing"], "language_ranks": {"ja": 2}, "required_languages": ["ja:N4"],
              "min_experience_years": 1, "min_age": 18, "max_age": 35, "contract_months": 36}


def test_known_answer_gaps_courses_weeks_and_cost(ref: Reference, catalogue: Catalogue) -> None:
    r = assess(worker(**SITI), listing(**FACTORY_JP), catalogue, ref, AS_OF)
    assert [(g.kind, g.id, g.closed_by) for g in r.gaps] == [
        ("skill", "skill:quality_inspection", "course"),
        ("skill", "skill:five_s", "course"),
        ("certificate", "cert:ssw_manufacturing", "course"),
        ("language", "lang:ja:2", "course"),
        ("document", "competency:production_operator", "course"),
        ("document", "cert:medical_certificate", "process"),
        ("document", "cert:bpjs_ketenagakerjaan", "process"),
    ]  # she has 2 years in manufacturing (min 1), is 30 (18-35) and holds a passport: none of those is a gap
    lang = next(g for g in r.gaps if g.kind == "language")
    assert (lang.required, lang.current) == ("N4", "N5")  # on the listing's own scale
    # The LSP assessment lists the production-operator course as its prerequisite, but her 2 years as a production
    # operator show its outcome (issue 18): she may sit the assessment without it; she still takes the course for
    # the two skills the job asks. The SSW test preparation needs N4, which she reaches with the N4 course alone
    # because she already reads N5.
    assert set(r.path.course_ids) == {"lpk_production_operator", "lsp_production_operator", "lpk_ja_n4",
                                      "lpk_ssw_manufacturing"}
    ids = r.path.course_ids
    assert ids.index("lpk_ja_n4") < ids.index("lpk_ssw_manufacturing")
    assert (r.path.total_weeks, r.path.total_cost_idr) == (21, 9_250_000)  # 4+1+12+4 weeks; 2M+0.75M+4.5M+2M
    assert r.worker_cost() == 9_250_000 and r.to_dict()["paid_by"] == "worker"  # not a zero-cost occupation
    assert (r.ready, r.ready_in_weeks) == (False, 21)
    # cheapest: the free BLK electronics course teaches quality inspection, and her experience admits her to the
    # assessment, so the paid LPK course is not needed at all
    assert set(r.cheapest.course_ids) == {"kemnaker_online_japanese", "blk_electronics",
                                          "lsp_production_operator", "lpk_ssw_manufacturing"}
    assert (r.cheapest.total_weeks, r.cheapest.total_cost_idr) == (29, 2_750_000)
    docs = {d.gap.id: (d.cost_idr, d.worker_cost_idr) for d in r.documents}
    assert docs == {"cert:medical_certificate": (None, None),  # no sourced tariff: not made up
                    "cert:bpjs_ketenagakerjaan": (532_000, 532_000)}  # 37,500 + 332,500 + 12 x 13,500 (36 months)


def test_prerequisite_chain_when_the_listing_wants_the_certificate(ref: Reference, catalogue: Catalogue) -> None:
    beginner = worker(gender="female", birth_year=2000, certificates=["paspor", "BPJS Ketenagakerjaan", "MCU",
                                                                      "sertifikat BNSP PRT"])
    job = listing(occupation_id="housekeeper", sector_id="domestic", country="TW", employer_type="household",
                  certificate_ids=["jlpt_n4"], language_ranks={"ja": 2}, required_languages=["ja:N4"])
    r = assess(beginner, job, catalogue, ref, AS_OF)
    assert [g.id for g in r.gaps] == ["cert:jlpt_n4", "lang:ja:2"]  # her BNSP housekeeper certificate counts
    assert r.path.course_ids == ("lpk_ja_n5", "lpk_ja_n4")  # only the N4 course issues JLPT N4; N5 comes first
    assert (r.path.total_weeks, r.path.total_cost_idr) == (24, 8_500_000)
    assert r.ready_in_weeks == 24


def test_gaps_no_course_closes_block_readiness(ref: Reference, catalogue: Catalogue) -> None:
    young = worker(gender="female", birth_year=2006, skills=["wound care"], certificates=["paspor"])  # age 20
    job = listing(occupation_id="nurse", sector_id="nursing", country="MY", min_age=25,
                  certificate_ids=["str_nurse"], language_ranks={"ms": 1}, required_languages=["ms:basic"],
                  skill_ids=["wound_care"], min_experience_years=2)
    r = assess(young, job, catalogue, ref, AS_OF)
    blocked = {g.id: g for g in r.blocked_by}
    assert set(blocked) == {"below_min_age", "experience", "cert:str_nurse", "lang:ms:1"}
    assert blocked["below_min_age"].why_not_en == "Age cannot be trained; you reach 25 in 5 year(s)"
    assert blocked["experience"].why_not_en == "Experience comes from work, not from a course"
    assert "KKI" in (blocked["cert:str_nurse"].why_not_en or "")  # a registration: who issues it
    assert blocked["lang:ms:1"].why_not_en == "No course in the catalogue reaches Malay basic"
    assert all(not g.closable and g.closed_by is None and not g.courses for g in blocked.values())
    assert (r.ready, r.ready_in_weeks) == (False, None)
    assert r.to_dict()["blocked_by"] == [g.id for g in r.gaps if not g.closable]
    # The nurse occupation has no BNSP scheme in the catalogue: the competency certificate is a process.
    competency = next(g for g in r.gaps if g.id == "competency:nurse")
    assert (competency.closable, competency.closed_by) == (True, "process")


def test_zero_cost_occupation_worker_pays_nothing_but_the_price_stays_visible(ref: Reference,
                                                                              catalogue: Catalogue) -> None:
    maid = worker(gender="female", birth_year=1995, skills=["menyetrika"], certificates=["paspor"])
    job = listing(occupation_id="housekeeper", sector_id="domestic", country="HK", employer_type="household",
                  skill_ids=["ironing", "housekeeping"])
    out = assess(maid, job, catalogue, ref, AS_OF).to_dict()
    assert [c["course_id"] for c in out["courses"]] == ["lpk_housekeeper", "lsp_housekeeper"]
    assert (out["total_cost_idr"], out["worker_cost_idr"], out["paid_by"]) == (4_250_000, 0,
                                                                             "employer_or_government")
    assert "Perban BP2MI 9/2020" in out["cost_rule"]["source"]
    assert out["cheapest"]["total_cost_idr"] == 750_000 and out["cheapest"]["worker_cost_idr"] == 0
    bpjs = next(d for d in out["documents"] if d["id"] == "cert:bpjs_ketenagakerjaan")
    assert (bpjs["cost_idr"], bpjs["worker_cost_idr"]) == (370_000, 0)  # 24 months, Permenaker 4/2023
    in_taiwan = listing(occupation_id="housekeeper", sector_id="domestic", country="TW", employer_type="household",
                        skill_ids=["ironing", "housekeeping"])
    taiwan = assess(maid, in_taiwan, catalogue, ref, AS_OF).to_dict()
    # the Taiwan exemption is a warning of its own, in both languages, never English inside the Indonesian rule
    warning = taiwan["cost_rule"]["warning"]
    assert "Taiwan" in warning["en"] and "Taiwan dikecualikan" in warning["id"] and warning["source"]
    assert "Taiwan" not in taiwan["cost_rule"]["id"] and taiwan["worker_cost_idr"] == 0
    assert out["cost_rule"]["warning"] is None  # not in Hong Kong


def test_ready_now_when_only_documents_remain(ref: Reference, catalogue: Catalogue) -> None:
    ready = worker(gender="female", birth_year=1990, skills=["menyetrika", "bersih-bersih rumah"],
                   certificates=["sertifikat BNSP PRT"])
    job = listing(occupation_id="housekeeper", sector_id="domestic", country="HK", employer_type="household",
                  skill_ids=["ironing", "housekeeping"], certificate_ids=["bnsp_housekeeper"])
    r = assess(ready, job, catalogue, ref, AS_OF)
    assert (r.ready, r.ready_in_weeks, r.path.courses) == (True, 0, ())
    assert [g.id for g in r.gaps] == ["cert:passport", "cert:medical_certificate", "cert:bpjs_ketenagakerjaan"]
    passport = next(d for d in r.documents if d.gap.id == "cert:passport")
    assert (passport.cost_idr, passport.worker_cost_idr) == (350_000, 0) and "PP 45/2024" in passport.source
    assert r.to_dict()["paid_by"] is None and r.to_dict()["cheapest"] is None


def test_requirements_name_the_competency_certificate_once(ref: Reference) -> None:
    named = listing(occupation_id="elderly_caretaker", certificate_ids=["bnsp_caregiver"])
    assert requirements(named, ref, universal_documents=False) == ["cert:bnsp_caregiver"]
    generic = listing(occupation_id="welder", certificate_ids=["competency_certificate"])
    assert requirements(generic, ref, universal_documents=False) == ["competency:welder"]
    unknown_occupation = listing(skill_ids=["welding_general"], language_ranks={"ko": 2, "en": 0})
    assert requirements(unknown_occupation, ref) == ["skill:welding_general", "lang:ko:2", "competency:any",
                                                     "cert:passport", "cert:medical_certificate",
                                                     "cert:bpjs_ketenagakerjaan"]


def test_holdings(ref: Reference) -> None:
    held = holdings(worker(certificates=["sertifikat BNSP PRT", "JLPT N4"], skills=["menyetrika"]), ref)
    assert {"skill:ironing", "cert:bnsp_housekeeper", "cert:jlpt_n4", "lang:ja:1", "lang:ja:2",
            "competency:housekeeper", "competency:nurse", "competency:any"} <= held
    assert "competency:welder" not in held  # a housekeeping certificate is not a welder's
    assert "lang:ja:3" not in held


def test_eligibility_gaps_name_the_rule(ref: Reference, catalogue: Catalogue) -> None:
    man = worker(gender="male", birth_year=1970, education_level="SD")
    job = listing(occupation_id="housekeeper", country="SG", employer_type="household", gender="female")
    gaps = {g.id: g for g in find_gaps(man, job, catalogue, ref, AS_OF) if g.kind == "eligibility"}
    assert set(gaps) == {"gender", "legal_age", "legal_gender", "legal_education"}
    assert "MOM FDW" in gaps["legal_age"].label_en and gaps["legal_age"].required == "23-49"
    assert gaps["legal_education"].why_not_en == "Formal schooling is not in the course catalogue"


def test_language_levels_read_on_the_listing_scale(ref: Reference, catalogue: Catalogue) -> None:
    none = worker(birth_year=1995)
    job = listing(country="KR", language_ranks={"ko": 2}, required_languages=["ko:eps-topik"])
    gap = next(g for g in find_gaps(none, job, catalogue, ref, AS_OF) if g.kind == "language")
    assert (gap.required, gap.current, gap.detail["scale"]) == ("pass", "none", "eps_topik")
    assert gap.courses[0] == "bp3mi_eps_topik"  # free and as short as the LPK course
