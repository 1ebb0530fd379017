"""Integrity tests for the reference data shipped in features/data (taxonomy, corridors, courses)."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parents[2] / "features" / "data"

FILES = [
    "occupations.csv",
    "skills.csv",
    "sectors.csv",
    "countries.csv",
    "wage_floors.csv",
    "fx_rates.csv",
    "fee_caps.csv",
    "languages.csv",
    "language_levels.csv",
    "education_levels.csv",
    "certificates.csv",
    "courses.csv",
    "competency_schemes.csv",
    "placement_documents.csv",
    "bpjs_contributions.csv",
    "provinces.csv",
]

SECTORS = {
    "domestic", "care", "nursing", "food_service", "hospitality", "manufacturing", "trades",
    "construction", "agriculture", "fishing", "driving", "cleaning", "logistics", "services",
}

# occupation_id -> (sector, wage_category, zero_cost) as fixed in the design (docs/design.md)
OCCUPATIONS = {
    "housekeeper": ("domestic", "general", True),
    "family_cook": ("domestic", "general", True),
    "family_driver": ("domestic", "general", True),
    "gardener": ("domestic", "general", True),
    "laundry_worker": ("domestic", "general", False),
    "babysitter": ("care", "general", True),
    "child_care_worker": ("care", "general", True),
    "elderly_caretaker": ("care", "general", True),
    "care_worker": ("care", "general", False),
    "nurse": ("nursing", "general", False),
    "nurse_assistant": ("nursing", "general", False),
    "restaurant_cook": ("food_service", "general", False),
    "kitchen_helper": ("food_service", "general", False),
    "waiter": ("food_service", "general", False),
    "baker": ("food_service", "general", False),
    "hotel_room_attendant": ("hospitality", "general", False),
    "hotel_receptionist": ("hospitality", "general", False),
    "production_operator": ("manufacturing", "general", False),
    "machine_operator": ("manufacturing", "general", False),
    "electronics_assembler": ("manufacturing", "general", False),
    "sewing_machine_operator": ("manufacturing", "general", False),
    "food_processing_operator": ("manufacturing", "general", False),
    "packer": ("manufacturing", "general", False),
    "quality_inspector": ("manufacturing", "general", False),
    "factory_worker": ("manufacturing", "general", False),
    "welder": ("trades", "general", False),
    "electrician": ("trades", "general", False),
    "plumber": ("trades", "general", False),
    "automotive_mechanic": ("trades", "general", False),
    "carpenter": ("trades", "general", False),
    "construction_worker": ("construction", "general", False),
    "mason": ("construction", "general", False),
    "scaffolder": ("construction", "general", False),
    "heavy_equipment_operator": ("construction", "general", False),
    "painter": ("construction", "general", False),
    "plantation_worker": ("agriculture", "general", True),
    "farm_worker": ("agriculture", "general", False),
    "livestock_worker": ("agriculture", "general", False),
    "crop_harvester": ("agriculture", "general", False),
    "fishing_vessel_crew": ("fishing", "fishing", True),
    "aquaculture_worker": ("fishing", "general", False),
    "fish_processing_worker": ("fishing", "general", False),
    "truck_driver": ("driving", "general", False),
    "bus_driver": ("driving", "general", False),
    "delivery_driver": ("driving", "general", False),
    "building_cleaner": ("cleaning", "general", True),
    "warehouse_worker": ("logistics", "general", False),
    "forklift_operator": ("logistics", "general", False),
    "customer_service_agent": ("services", "general", False),
}

# country -> (currency, household_placement)
COUNTRIES = {
    "HK": ("HKD", "open"), "TW": ("TWD", "open"), "MY": ("MYR", "open"), "SG": ("SGD", "open"),
    "KR": ("KRW", "open"), "JP": ("JPY", "open"), "BN": ("BND", "open"), "SA": ("SAR", "spsk_only"),
    "AE": ("AED", "closed"), "QA": ("QAR", "closed"), "KW": ("KWD", "closed"), "OM": ("OMR", "closed"),
    "BH": ("BHD", "closed"), "JO": ("JOD", "closed"), "DE": ("EUR", "open"), "IT": ("EUR", "open"),
    "PL": ("PLN", "open"), "TR": ("TRY", "open"), "KH": ("USD", "open"), "MM": ("USD", "open"),
    "LA": ("USD", "open"), "TH": ("THB", "open"), "PH": ("PHP", "open"),
}
SCAM_HOTSPOTS = {"KH", "MM", "LA", "TH", "PH"}

EDUCATION_RANKS = {"none": 0, "sd": 1, "smp": 2, "sma": 3, "d1": 4, "d2": 5, "d3": 6, "d4": 7, "s1": 7, "s2": 8}

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


def items(value: str) -> list[str]:
    return [x for x in value.split("|")] if value else []


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return {name.removesuffix(".csv"): load(name) for name in FILES}


# ---------------------------------------------------------------- generic checks


@pytest.mark.parametrize("name", FILES)
def test_every_row_has_a_source(name):
    df = load(name)
    assert len(df) > 0
    assert "source" in df.columns
    empty = df[df["source"].str.strip() == ""]
    assert empty.empty, f"{name}: rows without source: {empty.index.tolist()}"


@pytest.mark.parametrize("name", FILES)
def test_multivalued_fields_are_clean(name):
    df = load(name)
    for col in df.columns:
        if col in {"synonyms", "synonyms_en", "synonyms_id", "core_skills", "closes", "prerequisites", "cert_ids"}:
            for value in df[col]:
                for item in items(value):
                    assert item and item == item.strip(), f"{name}.{col}: bad item {item!r} in {value!r}"


@pytest.mark.parametrize(
    "name,key",
    [
        ("occupations", ["occupation_id"]),
        ("skills", ["skill_id"]),
        ("sectors", ["sector_id"]),
        ("countries", ["country"]),
        ("fx_rates", ["currency"]),
        ("fee_caps", ["country", "wage_category"]),
        ("languages", ["lang_code"]),
        ("language_levels", ["scale", "level"]),
        ("education_levels", ["level_id"]),
        ("certificates", ["cert_id"]),
        ("courses", ["course_id"]),
        ("wage_floors", ["country", "wage_category", "effective_from"]),
        ("competency_schemes", ["occupation_id"]),
        ("placement_documents", ["cert_id"]),
        ("bpjs_contributions", ["component", "months"]),
        ("provinces", ["province"]),
    ],
)
def test_unique_keys(t, name, key):
    df = t[name]
    dup = df[df.duplicated(subset=key, keep=False)]
    assert dup.empty, f"{name}: duplicate {key}: {dup[key].values.tolist()}"


@pytest.mark.parametrize(
    "name,col",
    [
        ("occupations", "occupation_id"),
        ("skills", "skill_id"),
        ("sectors", "sector_id"),
        ("certificates", "cert_id"),
        ("courses", "course_id"),
        ("education_levels", "level_id"),
    ],
)
def test_ids_are_snake_case_ascii(t, name, col):
    bad = [v for v in t[name][col] if not ID_RE.match(v)]
    assert not bad, f"{name}.{col}: {bad}"


# ---------------------------------------------------------------- sectors and occupations


def test_sectors_match_spec(t):
    assert set(t["sectors"]["sector_id"]) == SECTORS


def test_occupations_match_spec(t):
    occ = t["occupations"]
    assert len(occ) >= 40
    assert set(occ["occupation_id"]) == set(OCCUPATIONS)
    for row in occ.itertuples():
        sector, wage_category, zero_cost = OCCUPATIONS[row.occupation_id]
        assert row.sector == sector, row.occupation_id
        assert row.wage_category == wage_category, row.occupation_id
        assert row.zero_cost in {"true", "false"}
        assert (row.zero_cost == "true") == zero_cost, row.occupation_id


def test_exactly_ten_zero_cost_occupations(t):
    occ = t["occupations"]
    zero = set(occ.loc[occ["zero_cost"] == "true", "occupation_id"])
    assert zero == {k for k, v in OCCUPATIONS.items() if v[2]}
    assert len(zero) == 10


def test_isco_codes_are_four_digits(t):
    bad = [(r.occupation_id, r.isco08) for r in t["occupations"].itertuples() if not re.fullmatch(r"\d{4}", r.isco08)]
    assert not bad


def test_core_skills_exist(t):
    skills = set(t["skills"]["skill_id"])
    for row in t["occupations"].itertuples():
        core = items(row.core_skills)
        assert 3 <= len(core) <= 6, row.occupation_id
        missing = set(core) - skills
        assert not missing, f"{row.occupation_id}: unknown core skills {missing}"


def test_occupation_terms_are_unambiguous(t):
    owner: dict[str, str] = {}
    for row in t["occupations"].itertuples():
        terms = {row.label_en, row.label_id, *items(row.synonyms_en), *items(row.synonyms_id)}
        for term in {x.lower() for x in terms}:
            assert owner.setdefault(term, row.occupation_id) == row.occupation_id, (
                f"{term!r} used by {owner[term]} and {row.occupation_id}"
            )


# ---------------------------------------------------------------- skills


def test_skill_count_and_families(t):
    sk = t["skills"]
    assert len(sk) >= 150
    assert set(sk["family"]) <= SECTORS | {"general"}
    counts = sk["family"].value_counts()
    for sector in SECTORS:
        assert counts.get(sector, 0) >= 8, f"sector {sector} has only {counts.get(sector, 0)} skills"


def skill_terms(row) -> set[str]:
    return {x.lower() for x in {row.label_en, row.label_id, *items(row.synonyms_en), *items(row.synonyms_id)}}


def test_skill_synonyms_not_shared_across_skills(t):
    owner: dict[str, str] = {}
    for row in t["skills"].itertuples():
        for term in skill_terms(row):
            assert owner.setdefault(term, row.skill_id) == row.skill_id, (
                f"{term!r} used by {owner[term]} and {row.skill_id}"
            )


def test_skill_terms_do_not_collide_with_occupation_terms(t):
    occ_terms: set[str] = set()
    for row in t["occupations"].itertuples():
        names = {row.label_en, row.label_id, *items(row.synonyms_en), *items(row.synonyms_id)}
        occ_terms |= {x.lower() for x in names}
    clashes = {(term, row.skill_id) for row in t["skills"].itertuples() for term in skill_terms(row)
               if term in occ_terms}
    assert not clashes


# ---------------------------------------------------------------- countries, wages, money


def test_countries_match_spec(t):
    c = t["countries"]
    assert set(c["country"]) == set(COUNTRIES)
    for row in c.itertuples():
        assert (row.currency, row.household_placement) == COUNTRIES[row.country], row.country
        assert row.scam_hotspot in {"true", "false"}
        assert (row.scam_hotspot == "true") == (row.country in SCAM_HOTSPOTS), row.country
        assert row.country in items(row.synonyms) or row.name_en in items(row.synonyms)
    closed = c[c["household_placement"] != "open"]
    assert all("260/2015" in note for note in closed["household_note"])


def test_every_currency_has_an_fx_rate(t):
    fx = t["fx_rates"].set_index("currency")
    needed = set(t["countries"]["currency"]) | {"USD", "IDR"} | set(t["wage_floors"]["currency"])
    assert needed <= set(fx.index), needed - set(fx.index)
    assert float(fx.loc["IDR", "idr_per_unit"]) == 1.0
    assert all(float(v) > 0 for v in fx["idr_per_unit"])
    assert all(DATE_RE.match(v) for v in fx["as_of"])


def test_wage_floors_are_consistent(t):
    wf = t["wage_floors"]
    countries = t["countries"].set_index("country")
    assert set(wf["wage_category"]) <= {"domestic", "general", "fishing"}
    assert set(wf["period"]) <= {"month", "hour", "day"}
    for row in wf.itertuples():
        assert row.country in countries.index
        assert float(row.amount) > 0
        assert row.uncertain in {"true", "false"}
        if row.wage_category != "fishing":
            assert row.currency == countries.loc[row.country, "currency"], row
        start = date.fromisoformat(row.effective_from)
        if row.effective_until:
            assert date.fromisoformat(row.effective_until) > start, row
        if row.period in {"hour", "day"}:
            assert float(row.hours_basis_per_month) > 0, row
        else:
            assert row.hours_basis_per_month == "", row
    # levels of one series do not overlap and chain into each other
    for _, grp in wf.groupby(["country", "wage_category"]):
        grp = grp.sort_values("effective_from")
        rows = list(grp.itertuples())
        for prev, nxt in pairwise(rows):
            assert prev.effective_until == nxt.effective_from, (prev, nxt)
        assert rows[-1].effective_until == ""


def test_known_wage_levels(t):
    wf = t["wage_floors"]

    def amount(country, cat, start):
        sel = wf[(wf.country == country) & (wf.wage_category == cat) & (wf.effective_from == start)]
        assert len(sel) == 1, (country, cat, start)
        return float(sel.iloc[0]["amount"])

    assert amount("HK", "domestic", "2025-09-30") == 5100
    assert amount("TW", "domestic", "2022-08-10") == 20000
    assert amount("TW", "general", "2026-01-01") == 29500
    assert amount("TW", "fishing", "2022-07-01") == 550
    assert amount("MY", "general", "2025-08-01") == 1700
    assert amount("KR", "general", "2025-01-01") == 2096270
    assert amount("JP", "general", "2025-10-01") == 1023


def test_fee_caps(t):
    fc = t["fee_caps"]
    assert set(fc["country"]) <= set(COUNTRIES)
    assert set(fc["wage_category"]) <= {"domestic", "general", "fishing"}
    for row in fc.itertuples():
        assert int(row.max_worker_fee_idr) >= 0
        if row.wage_category == "fishing" or row.country in SCAM_HOTSPOTS:
            assert int(row.max_worker_fee_idr) == 0, row
        if int(row.max_worker_fee_idr) > 0:
            assert "[UNCERTAIN]" in row.note, row


# ---------------------------------------------------------------- languages and education


def test_language_levels(t):
    ll = t["language_levels"]
    ranks = ll["rank"].astype(int)
    assert ranks.between(0, 6).all()
    assert set(ll["scale"]) == {"cefr", "jlpt", "jft_basic", "eps_topik", "topik", "generic"}
    rank = {(r.scale, r.level): int(r.rank) for r in ll.itertuples()}
    expected = {
        ("jlpt", "N5"): 1, ("jlpt", "N4"): 2, ("jlpt", "N3"): 3, ("jlpt", "N2"): 4, ("jlpt", "N1"): 5,
        ("cefr", "A1"): 1, ("cefr", "A2"): 2, ("cefr", "B1"): 3, ("cefr", "B2"): 4, ("cefr", "C1"): 5,
        ("cefr", "C2"): 6, ("jft_basic", "A2"): 2, ("eps_topik", "pass"): 2, ("generic", "none"): 0,
        ("generic", "basic"): 1, ("generic", "intermediate"): 3, ("generic", "fluent"): 5, ("generic", "native"): 6,
    }
    for key, value in expected.items():
        assert rank[key] == value, key
    for n in range(1, 7):
        assert ("topik", str(n)) in rank
    # a synonym identifies one level within its scale
    for scale, grp in ll.groupby("scale"):
        owner: dict[str, str] = {}
        for row in grp.itertuples():
            for syn in {x.lower() for x in items(row.synonyms) + [row.level]}:
                assert owner.setdefault(syn, row.level) == row.level, (scale, syn)


def test_languages(t):
    langs = set(t["languages"]["lang_code"])
    assert {"en", "ja", "ko", "zh", "de", "ar", "ms", "id"} <= langs


def test_education_levels(t):
    ed = t["education_levels"]
    assert {r.level_id: int(r.rank) for r in ed.itertuples()} == EDUCATION_RANKS
    owner: dict[str, str] = {}
    for row in ed.itertuples():
        for syn in {x.lower() for x in items(row.synonyms)}:
            assert owner.setdefault(syn, row.level_id) == row.level_id, syn


# ---------------------------------------------------------------- certificates and courses


def test_certificates(t):
    ce = t["certificates"]
    langs = set(t["languages"]["lang_code"])
    levels = {(r.scale, r.level) for r in t["language_levels"].itertuples()}
    scales = {s for s, _ in levels}
    assert set(ce["kind"]) <= {"competency", "language", "safety", "registration", "document", "health"}
    assert (ce["kind"] == "competency").sum() >= 12
    for row in ce.itertuples():
        if row.kind == "language":
            assert row.lang_code in langs, row.cert_id
        if row.scale:
            assert row.scale in scales, row.cert_id
        if row.level:
            assert (row.scale, row.level) in levels, row.cert_id
    required = {"passport", "medical_certificate", "bpjs_ketenagakerjaan", "skck", "ak1", "str_nurse", "bst",
                "bstf_ii", "seaman_book", "sim_a", "sim_b1", "sim_b2", "jlpt_n4", "jft_basic", "eps_topik",
                "goethe_b1", "goethe_b2", "nc_skills_test", "nc_japanese_test", "bnsp_housekeeper",
                "bnsp_babysitter", "bnsp_carpenter", "sio_forklift"}
    assert required <= set(ce["cert_id"])


def parse_closes(value: str):
    for item in items(value):
        kind, _, rest = item.partition(":")
        yield kind, rest


def test_course_references_exist(t):
    co = t["courses"]
    skills = set(t["skills"]["skill_id"])
    certs = set(t["certificates"]["cert_id"])
    langs = set(t["languages"]["lang_code"])
    assert len(co) >= 60
    assert set(co["provider_type"]) <= {"BLK/BPVP", "LPK", "LSP", "BP3MI", "other"}
    for row in co.itertuples():
        assert items(row.closes), row.course_id
        for kind, ref in parse_closes(row.closes):
            if kind == "skill":
                assert ref in skills, (row.course_id, ref)
            elif kind == "cert":
                assert ref in certs, (row.course_id, ref)
            elif kind == "lang":
                code, _, rank = ref.partition(":")
                assert code in langs and 0 <= int(rank) <= 6, (row.course_id, ref)
            else:
                pytest.fail(f"{row.course_id}: unknown closes item {kind}:{ref}")
        assert float(row.weeks) > 0
        assert int(row.cost_idr) >= 0 and str(int(row.cost_idr)) == row.cost_idr
        if row.provider_type in {"BLK/BPVP", "BP3MI"}:
            assert int(row.cost_idr) == 0, row.course_id


def test_prerequisites_exist_and_are_acyclic(t):
    co = t["courses"]
    prereq = {r.course_id: items(r.prerequisites) for r in co.itertuples()}
    for course, deps in prereq.items():
        for dep in deps:
            assert dep in prereq, (course, dep)
            assert dep != course
    state: dict[str, int] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        if state.get(node) == 2:
            return
        assert state.get(node) != 1, f"prerequisite cycle: {' -> '.join(path + (node,))}"
        state[node] = 1
        for dep in prereq[node]:
            visit(dep, path + (node,))
        state[node] = 2

    for course in prereq:
        visit(course, ())


def test_every_skill_is_closed_by_a_course(t):
    closed = {ref for v in t["courses"]["closes"] for kind, ref in parse_closes(v) if kind == "skill"}
    missing = set(t["skills"]["skill_id"]) - closed
    assert not missing


def test_certificates_closable_by_courses(t):
    ce = t["certificates"]
    closed = {ref for v in t["courses"]["closes"] for kind, ref in parse_closes(v) if kind == "cert"}
    obtainable = set(ce.loc[ce["kind"].isin(["competency", "safety", "registration"]), "cert_id"]) - {"str_nurse"}
    assert obtainable <= closed, obtainable - closed
    documents = set(ce.loc[ce["kind"].isin(["document", "health"]), "cert_id"]) | {"str_nurse"}
    assert not documents & closed, documents & closed


def test_language_course_chains(t):
    co = t["courses"].set_index("course_id")
    assert "lpk_ja_n5" in items(co.loc["lpk_ja_n4", "prerequisites"])
    assert "lpk_ja_n4" in items(co.loc["lpk_jft_basic_prep", "prerequisites"])
    assert "lpk_de_a2" in items(co.loc["lpk_de_b1", "prerequisites"])
    german_to_b1 = sum(float(co.loc[c, "weeks"]) for c in ("lpk_de_a1", "lpk_de_a2", "lpk_de_b1"))
    assert 30 <= german_to_b1 <= 38  # about 8 months (datiak.com)
    eps = [r for r in co.itertuples()
           if "cert:eps_topik" in items(r.closes) and r.provider_type in {"BP3MI", "BLK/BPVP"}]
    assert eps and all(int(r.cost_idr) == 0 for r in eps)


# ---------------------------------------------------------------- training gaps: schemes, documents, BPJS


def test_competency_schemes_name_competency_certificates_a_course_issues(t):
    occupations = set(t["occupations"]["occupation_id"])
    ce = t["certificates"].set_index("cert_id")
    issued = {ref for v in t["courses"]["closes"] for kind, ref in parse_closes(v) if kind == "cert"}
    for row in t["competency_schemes"].itertuples():
        assert row.occupation_id in occupations, row.occupation_id
        for cert in items(row.cert_ids):
            assert ce.loc[cert, "kind"] == "competency", (row.occupation_id, cert)
            assert cert in issued, (row.occupation_id, cert)
    zero_cost = set(t["occupations"].loc[t["occupations"]["zero_cost"] == "true", "occupation_id"])
    unmapped = zero_cost - set(t["competency_schemes"]["occupation_id"])
    assert unmapped == {"gardener", "fishing_vessel_crew"}  # no BNSP scheme in the catalogue for these two


def test_placement_documents_are_the_pasal_13_ones(t):
    docs = t["placement_documents"]
    assert set(docs["cert_id"]) == {"passport", "medical_certificate", "bpjs_ketenagakerjaan",
                                    "competency_certificate"}
    assert set(docs["cert_id"]) <= set(t["certificates"]["cert_id"])
    assert docs.set_index("cert_id").loc["passport", "cost_idr"] == "350000"
    assert all("UU 18/2017" in s or "PP 45/2024" in s for s in docs["source"])


def test_bpjs_contributions_give_rp370000_for_24_months(t):
    from features.reference import load_reference

    ref = load_reference()
    assert ref.bpjs_contribution_idr(24) == ref.bpjs_contribution_idr(None) == 370_000  # Permenaker 4/2023
    assert ref.bpjs_contribution_idr(12) == 37_500 + 189_000
    assert ref.bpjs_contribution_idr(30) == 37_500 + 332_500 + 6 * 13_500


def test_provinces_are_the_38_and_read_any_spelling(t):
    from features.regions import province_name

    assert len(t["provinces"]) == 38
    assert province_name("Jatim") == province_name("east java") == province_name("JAWA TIMUR") == "Jawa Timur"
    assert province_name("Provinsi NTB") == "Nusa Tenggara Barat"
    assert province_name("Atlantis") is None and province_name("") is None


def test_convert_goes_through_idr_and_says_none_for_an_unknown_currency(ref):
    # fx_rates.csv: 1 HKD = 2,130 IDR, 1 TWD = 520 IDR
    assert ref.convert(100.0, "HKD", "TWD") == pytest.approx(100 * 2130 / 520)
    assert ref.convert(5_100.0, "HKD", "HKD") == 5_100.0
    assert ref.convert(1.0, "IDR", "HKD") == pytest.approx(1 / 2130)
    assert ref.convert(1.0, "XXX", "IDR") is None and ref.convert(1.0, "IDR", "XXX") is None
