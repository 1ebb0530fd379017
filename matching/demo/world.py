"""The world the demo data is drawn from: corridors (countries, their volumes, the jobs each hires and through
which channel), cities, missions, market pay, and the tables derived once per ``Reference`` (occupations with
their core and related skills, skill and country names, certificates, exchange rates).

Corridor facts follow docs/domain-facts.md (sources in ``features/data``): §1.6-1.8, §2, §3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from features.reference import Reference

# ---- corridors ---------------------------------------------------------------------------------------

# 2024 placements (KP2MI annual report; DE, OM, BH, JO estimated small corridors).
_COUNTRY_PLACEMENTS: dict[str, float] = {
    "HK": 99773, "TW": 84581, "MY": 51723, "JP": 12720, "SG": 10819, "KR": 10750, "SA": 7759, "IT": 3535,
    "BN": 3183, "TR": 2630, "PL": 1320, "AE": 1244, "QA": 783, "KW": 640, "DE": 600, "OM": 300, "BH": 200,
    "JO": 200,
}
_COUNTRY_FLATTEN = 0.75

H, C, S, G = "household", "company", "spsk", "g2g"  # recruitment channels

# country -> [(occupation_id, weight, channel)]
JOBS: dict[str, list[tuple[str, float, str]]] = {
    "HK": [("housekeeper", 48, H), ("elderly_caretaker", 20, H), ("child_care_worker", 10, H), ("babysitter", 8, H),
           ("family_cook", 5, H), ("family_driver", 1.5, H), ("gardener", 0.5, H), ("care_worker", 4, C)],
    "TW": [("elderly_caretaker", 38, H), ("housekeeper", 4, H), ("care_worker", 7, C), ("production_operator", 12, C),
           ("machine_operator", 7, C), ("electronics_assembler", 5, C), ("factory_worker", 7, C),
           ("quality_inspector", 1.5, C), ("welder", 2, C), ("construction_worker", 3, C),
           ("fishing_vessel_crew", 9, C), ("farm_worker", 1.5, C), ("food_processing_operator", 3, C)],
    "MY": [("housekeeper", 12, H), ("elderly_caretaker", 2, H), ("child_care_worker", 1, H),
           ("plantation_worker", 24, C), ("crop_harvester", 6, C), ("construction_worker", 11, C), ("mason", 2, C),
           ("scaffolder", 1, C), ("factory_worker", 10, C), ("production_operator", 9, C),
           ("electronics_assembler", 6, C), ("sewing_machine_operator", 2, C), ("food_processing_operator", 3, C),
           ("restaurant_cook", 2, C), ("waiter", 2, C), ("building_cleaner", 2, C), ("hotel_room_attendant", 1, C),
           ("packer", 2, C), ("warehouse_worker", 1, C)],
    "JP": [("care_worker", 22, C), ("care_worker", 5, G), ("nurse", 2, G), ("farm_worker", 16, C),
           ("food_processing_operator", 10, C), ("restaurant_cook", 4, C), ("kitchen_helper", 4, C), ("waiter", 3, C),
           ("production_operator", 7, C), ("machine_operator", 4, C), ("electronics_assembler", 2, C),
           ("building_cleaner", 5, C), ("construction_worker", 4, C), ("welder", 3, C),
           ("fishing_vessel_crew", 2, C), ("aquaculture_worker", 2, C), ("automotive_mechanic", 2, C),
           ("hotel_room_attendant", 2, C), ("truck_driver", 1, C)],
    "SG": [("housekeeper", 52, H), ("elderly_caretaker", 14, H), ("child_care_worker", 9, H), ("babysitter", 5, H),
           ("family_cook", 4, H), ("care_worker", 4, C), ("nurse_assistant", 3, C), ("nurse", 2, C),
           ("kitchen_helper", 2, C), ("waiter", 2, C), ("building_cleaner", 2, C)],
    "KR": [("production_operator", 22, G), ("machine_operator", 12, G), ("factory_worker", 10, G), ("welder", 4, G),
           ("electronics_assembler", 4, G), ("food_processing_operator", 4, G), ("fishing_vessel_crew", 14, G),
           ("aquaculture_worker", 4, G), ("farm_worker", 10, G), ("livestock_worker", 5, G),
           ("construction_worker", 5, G)],
    "SA": [("housekeeper", 38, S), ("family_cook", 8, S), ("babysitter", 6, S), ("elderly_caretaker", 6, S),
           ("family_driver", 10, S), ("child_care_worker", 5, S), ("nurse", 6, C), ("hotel_room_attendant", 5, C),
           ("waiter", 4, C), ("restaurant_cook", 4, C), ("building_cleaner", 4, C),
           ("heavy_equipment_operator", 2, C), ("truck_driver", 2, C)],
    "IT": [("hotel_room_attendant", 25, C), ("waiter", 25, C), ("restaurant_cook", 15, C), ("kitchen_helper", 15, C),
           ("hotel_receptionist", 5, C), ("baker", 5, C), ("farm_worker", 10, C)],
    "BN": [("housekeeper", 30, H), ("family_driver", 4, H), ("gardener", 3, H), ("child_care_worker", 3, H),
           ("construction_worker", 14, C), ("mason", 4, C), ("restaurant_cook", 6, C), ("waiter", 5, C),
           ("building_cleaner", 6, C), ("plantation_worker", 5, C), ("farm_worker", 4, C),
           ("automotive_mechanic", 3, C)],
    "TR": [("hotel_room_attendant", 30, C), ("waiter", 20, C), ("restaurant_cook", 12, C), ("kitchen_helper", 10, C),
           ("building_cleaner", 10, C), ("hotel_receptionist", 5, C)],
    "PL": [("welder", 18, C), ("production_operator", 14, C), ("warehouse_worker", 12, C), ("forklift_operator", 6, C),
           ("construction_worker", 10, C), ("food_processing_operator", 12, C), ("truck_driver", 6, C),
           ("packer", 8, C), ("fish_processing_worker", 4, C), ("farm_worker", 6, C)],
    "AE": [("hotel_room_attendant", 20, C), ("waiter", 15, C), ("restaurant_cook", 10, C), ("building_cleaner", 15, C),
           ("construction_worker", 10, C), ("nurse", 8, C), ("hotel_receptionist", 5, C), ("delivery_driver", 5, C),
           ("bus_driver", 3, C)],
    "QA": [("hotel_room_attendant", 20, C), ("waiter", 15, C), ("building_cleaner", 20, C),
           ("construction_worker", 15, C), ("restaurant_cook", 10, C), ("nurse", 5, C), ("bus_driver", 5, C)],
    "KW": [("building_cleaner", 20, C), ("hotel_room_attendant", 15, C), ("waiter", 10, C), ("restaurant_cook", 10, C),
           ("nurse", 10, C), ("construction_worker", 10, C), ("delivery_driver", 5, C)],
    "OM": [("hotel_room_attendant", 20, C), ("waiter", 15, C), ("building_cleaner", 15, C),
           ("construction_worker", 15, C), ("restaurant_cook", 10, C)],
    "BH": [("hotel_room_attendant", 20, C), ("waiter", 15, C), ("building_cleaner", 15, C), ("restaurant_cook", 10, C),
           ("nurse", 5, C)],
    "JO": [("sewing_machine_operator", 40, C), ("production_operator", 10, C), ("hotel_room_attendant", 10, C),
           ("building_cleaner", 5, C)],
    "DE": [("nurse", 70, G), ("care_worker", 25, C)],
}

CLOSED_HOUSEHOLD: dict[str, float] = {"SA": 40, "AE": 20, "KW": 12, "QA": 10, "OM": 8, "BH": 5, "JO": 5}
SCAM_COUNTRIES: dict[str, float] = {"KH": 1914, "PH": 680, "TH": 364, "MM": 332, "LA": 305}
DOMESTIC_FOR_CLOSED = [("housekeeper", 60), ("family_driver", 12), ("family_cook", 10), ("babysitter", 8),
                       ("elderly_caretaker", 6), ("child_care_worker", 4)]

CITIES: dict[str, list[str]] = {
    "HK": ["Kowloon", "Sha Tin", "Tsuen Wan", "Tuen Mun", "Yuen Long", "Tai Po", "Wan Chai", "Sai Kung",
           "Tseung Kwan O", "Causeway Bay", "Mong Kok", "Kwun Tong"],
    "TW": ["Taipei", "New Taipei", "Taoyuan", "Taichung", "Tainan", "Kaohsiung", "Hsinchu", "Changhua", "Chiayi",
           "Yunlin"],
    "MY": ["Kuala Lumpur", "Penang", "Johor Bahru", "Shah Alam", "Klang", "Ipoh", "Seremban", "Melaka", "Kuching",
           "Kota Kinabalu"],
    "SG": ["Singapore"],
    "JP": ["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Saitama", "Chiba", "Hiroshima", "Kumamoto", "Mito", "Shizuoka",
           "Sapporo", "Sendai", "Toyota", "Kagoshima"],
    "KR": ["Ansan", "Hwaseong", "Gimhae", "Changwon", "Incheon", "Cheonan", "Pyeongtaek", "Gimpo", "Siheung",
           "Gyeongju"],
    "SA": ["Riyadh", "Jeddah", "Makkah", "Madinah", "Dammam", "Dhahran", "Khobar"],
    "AE": ["Dubai", "Abu Dhabi", "Sharjah", "Ajman"],
    "QA": ["Doha", "Lusail", "Al Wakrah"],
    "KW": ["Kuwait City", "Hawalli", "Salmiya"],
    "OM": ["Muscat", "Salalah", "Sohar"],
    "BH": ["Manama", "Muharraq"],
    "JO": ["Amman", "Irbid", "Aqaba"],
    "BN": ["Bandar Seri Begawan", "Kuala Belait", "Seria", "Tutong"],
    "IT": ["Genoa", "Civitavecchia", "Trieste", "Naples", "Venice"],
    "TR": ["Antalya", "Istanbul", "Bodrum", "Izmir", "Alanya"],
    "PL": ["Warsaw", "Wroclaw", "Poznan", "Lodz", "Gdansk", "Krakow"],
    "DE": ["Berlin", "Munich", "Hamburg", "Frankfurt", "Cologne", "Stuttgart", "Dusseldorf", "Hanover"],
    "KH": ["Phnom Penh", "Sihanoukville", "Bavet", "Poipet"],
    "MM": ["Myawaddy", "Shwe Kokko"],
    "LA": ["Bokeo (Golden Triangle SEZ)", "Vientiane"],
    "TH": ["Mae Sot", "Bangkok"],
    "PH": ["Pasay", "Manila", "Clark, Pampanga"],
}
PORTS = {"TW": ["Kaohsiung", "Keelung", "Donggang", "Su'ao", "Yilan"], "KR": ["Busan", "Tongyeong", "Mokpo", "Yeosu"],
         "JP": ["Yaizu", "Kesennuma", "Choshi", "Nagasaki"]}
ESTATES = {"MY": ["Sandakan", "Tawau", "Lahad Datu", "Kota Kinabalu", "Sibu", "Kuantan", "Segamat"],
           "BN": ["Tutong", "Temburong"]}

MISSION: dict[str, str] = {
    "HK": "KJRI-HK", "TW": "KDEI-TPE", "MY": "KBRI-KL", "SG": "KBRI-SG", "JP": "KBRI-TYO", "KR": "KBRI-SEL",
    "SA": "KJRI-JED", "AE": "KBRI-AUH", "QA": "KBRI-DOH", "KW": "KBRI-KWI", "OM": "KBRI-MCT", "BH": "KBRI-BAH",
    "JO": "KBRI-AMM", "BN": "KBRI-BSB", "IT": "KBRI-ROM", "TR": "KBRI-ANK", "PL": "KBRI-WAW", "DE": "KBRI-BER",
}
MISSION_NAME = {"HK": "KJRI Hong Kong", "TW": "KDEI Taipei", "MY": "KBRI Kuala Lumpur", "SG": "KBRI Singapura",
                "JP": "KBRI Tokyo", "KR": "KBRI Seoul", "SA": "KJRI Jeddah", "AE": "KBRI Abu Dhabi",
                "QA": "KBRI Doha", "KW": "KBRI Kuwait", "OM": "KBRI Muscat", "BH": "KBRI Manama", "JO": "KBRI Amman",
                "BN": "KBRI Bandar Seri Begawan", "IT": "KBRI Roma", "TR": "KBRI Ankara", "PL": "KBRI Warsawa",
                "DE": "KBRI Berlin"}

# Market pay ranges per month in local currency (before the floor check), by channel group.
PAY: dict[str, dict[str, tuple[str, float, float]]] = {
    "HK": {H: ("HKD", 5100, 5800), C: ("HKD", 11000, 14500)},
    "TW": {H: ("TWD", 20000, 22500), C: ("TWD", 29500, 34500)},
    "MY": {H: ("MYR", 1500, 1900), C: ("MYR", 1700, 2300)},
    "SG": {H: ("SGD", 600, 780), C: ("SGD", 1400, 2000)},
    "JP": {C: ("JPY", 185000, 245000)},
    "KR": {C: ("KRW", 2160000, 2550000)},
    "SA": {S: ("SAR", 1500, 2000), C: ("SAR", 1800, 3000), H: ("SAR", 1500, 2000)},
    "AE": {C: ("AED", 1400, 2200), H: ("AED", 1300, 1800)},
    "QA": {C: ("QAR", 1500, 2300), H: ("QAR", 1300, 1800)},
    "KW": {C: ("KWD", 100, 160), H: ("KWD", 100, 130)},
    "OM": {C: ("OMR", 140, 220), H: ("OMR", 120, 160)},
    "BH": {C: ("BHD", 140, 220), H: ("BHD", 120, 160)},
    "JO": {C: ("JOD", 260, 350), H: ("JOD", 250, 300)},
    "BN": {H: ("BND", 350, 450), C: ("BND", 500, 700)},
    "IT": {C: ("EUR", 1100, 1700)},
    "TR": {C: ("TRY", 28000, 40000)},
    "PL": {C: ("PLN", 4900, 6500)},
    "DE": {C: ("EUR", 2100, 2500)},
}
PAY_OCC: dict[tuple[str, str], tuple[str, float, float]] = {
    ("TW", "fishing_vessel_crew"): ("USD", 550, 700),
    ("SG", "nurse"): ("SGD", 2800, 3800), ("SG", "nurse_assistant"): ("SGD", 1600, 2200),
    ("SA", "nurse"): ("SAR", 5000, 8000), ("AE", "nurse"): ("AED", 6000, 9000), ("QA", "nurse"): ("QAR", 6000, 9000),
    ("KW", "nurse"): ("KWD", 450, 650), ("BH", "nurse"): ("BHD", 450, 650),
    ("DE", "nurse"): ("EUR", 2300, 2900), ("JP", "nurse"): ("JPY", 200000, 260000),
    ("SA", "heavy_equipment_operator"): ("SAR", 2500, 3500),
}
OCC_PAY_MULT = {"trades": 1.12, "driving": 1.12, "construction": 1.05, "nursing": 1.3}

ME = {"SA", "AE", "QA", "KW", "OM", "BH", "JO"}  # Middle East corridors (household names, pay groups)


# ---- reference-derived tables (built once per Reference) ----------------------------------------------

@dataclass
class Occ:
    """An occupation of the reference taxonomy, with its core skills and the related skills of their families."""

    id: str
    label_en: str
    label_id: str
    syn_en: list[str]
    syn_id: list[str]
    sector: str
    wage_category: str
    zero_cost: bool
    core: list[str]
    related: list[str]


@dataclass
class Tables:
    """The reference tables the generator reads, plus caches of floor, cap and phrase lookups."""

    occ: dict[str, Occ]
    skill_en: dict[str, list[str]]       # skill_id -> [label_en, *synonyms_en]
    skill_id_text: dict[str, list[str]]  # skill_id -> [label_id, *synonyms_id]
    country_en: dict[str, str]
    country_id: dict[str, str]
    fx: dict[str, float]
    certs: dict[str, tuple[str, str, list[str]]]  # cert_id -> (label_id, label_en, synonyms)
    lang_codes: set[str]
    floors: dict[tuple[str, str, date], dict[str, Any] | None] = field(default_factory=dict)
    caps: dict[tuple[str, str], float | None] = field(default_factory=dict)
    phrases: set[str] = field(default_factory=set)
    floor_periods: dict[tuple[str, str], list[tuple[date, date | None, dict[str, Any] | None]]] = \
        field(default_factory=dict)

    def japan_only(self, skill_id: str) -> bool:
        """True for Japanese care techniques (kaigo), which only Japanese job orders ask for."""
        text = " ".join(self.skill_en[skill_id]).lower()
        return "kaigo" in skill_id or "japanese" in text or "kaigo" in text


# Certificates the generator names (reference cert_id -> Indonesian label, English label): used as-is when the
# reference has the id, so listings and profiles name certificates the taxonomy knows.
_CERT_FALLBACK: dict[str, tuple[str, str]] = {
    "bnsp_housekeeper": ("Sertifikat BNSP Pengurus Rumah Tangga", "BNSP competency certificate: Housekeeper"),
    "bnsp_caregiver": ("Sertifikat BNSP Pengasuh Lansia", "BNSP competency certificate: Elderly caregiver"),
    "bnsp_babysitter": ("Sertifikat BNSP Pengasuh Bayi", "BNSP competency certificate: Babysitter"),
    "bnsp_child_care": ("Sertifikat BNSP Penjagaan Anak Balita", "BNSP competency certificate: Child care"),
    "bnsp_family_cook": ("Sertifikat BNSP Memasak", "BNSP competency certificate: Family cooking"),
    "bnsp_cook": ("Sertifikat BNSP Juru Masak", "BNSP competency certificate: Cook"),
    "bnsp_hotel_housekeeping": ("Sertifikat BNSP Tata Graha Hotel", "BNSP certificate: Hotel housekeeping"),
    "bnsp_welder": ("Sertifikat BNSP Juru Las (SMAW)", "BNSP competency certificate: Welder (SMAW)"),
    "bnsp_plantation": ("Sertifikat BNSP Pemanen Kelapa Sawit", "BNSP certificate: Oil palm plantation worker"),
    "careworker_certificate": ("Sertifikat pelatihan careworker", "Careworker training certificate"),
    "bst": ("Pelatihan Keselamatan Dasar (BST)", "Basic Safety Training (BST)"),
    "seaman_book": ("Buku Pelaut", "Seaman's book"),
    "str_nurse": ("Surat Tanda Registrasi (STR) perawat", "Nurse registration certificate (STR)"),
    "sio_forklift": ("SIO forklift", "Forklift operator licence (SIO)"),
    "sio_heavy_equipment": ("SIO alat berat", "Heavy equipment operator licence (SIO)"),
    "sim_a": ("SIM A", "Driving licence class A"), "sim_b1": ("SIM B1", "Driving licence class B1"),
    "jft_basic": ("JFT-Basic (A2)", "JFT-Basic (A2)"), "jlpt_n4": ("JLPT N4", "JLPT N4"),
    "jlpt_n5": ("JLPT N5", "JLPT N5"), "eps_topik": ("EPS-TOPIK (lulus)", "EPS-TOPIK (pass)"),
    "nc_skills_test": ("Tes Evaluasi Keterampilan Kaigo (SSW)", "Nursing Care Skills Evaluation Test"),
    "nc_japanese_test": ("Tes Evaluasi Bahasa Jepang Kaigo", "Nursing Care Japanese Language Evaluation Test"),
    "goethe_b1": ("Sertifikat bahasa Jerman B1", "German B1 certificate (Goethe/telc/OSD)"),
    "food_handler_cert": ("Sertifikat penjamah makanan", "Food handler hygiene certificate"),
    "ssw_food_service": ("Tes keterampilan SSW: Food service", "SSW skills test: Food service"),
    "ssw_food_manufacturing": ("Tes keterampilan SSW: Pengolahan makanan", "SSW skills test: Food manufacturing"),
    "ssw_agriculture": ("Tes keterampilan SSW: Pertanian", "SSW skills test: Agriculture"),
    "ssw_manufacturing": ("Tes keterampilan SSW: Manufaktur", "SSW skills test: Industrial manufacturing"),
    "ssw_building_cleaning": ("Tes keterampilan SSW: Pembersihan gedung", "SSW skills test: Building cleaning"),
    "ssw_construction": ("Tes keterampilan SSW: Konstruksi", "SSW skills test: Construction"),
    "ssw_fishery": ("Tes keterampilan SSW: Perikanan", "SSW skills test: Fishery"),
    "ssw_accommodation": ("Tes keterampilan SSW: Perhotelan", "SSW skills test: Accommodation"),
    "ssw_auto_repair": ("Tes keterampilan SSW: Perawatan kendaraan", "SSW skills test: Automobile repair"),
    "ssw_auto_transport": ("Tes keterampilan SSW: Transportasi", "SSW skills test: Automobile transport"),
}
# Japan SSW (Tokutei Ginou) field test per occupation (domain-facts §3.2)
SSW_TEST = {
    "care_worker": "nc_skills_test", "restaurant_cook": "ssw_food_service", "kitchen_helper": "ssw_food_service",
    "waiter": "ssw_food_service", "food_processing_operator": "ssw_food_manufacturing",
    "farm_worker": "ssw_agriculture", "production_operator": "ssw_manufacturing",
    "machine_operator": "ssw_manufacturing", "electronics_assembler": "ssw_manufacturing",
    "welder": "ssw_manufacturing", "building_cleaner": "ssw_building_cleaning",
    "construction_worker": "ssw_construction", "fishing_vessel_crew": "ssw_fishery",
    "aquaculture_worker": "ssw_fishery", "hotel_room_attendant": "ssw_accommodation",
    "automotive_mechanic": "ssw_auto_repair", "truck_driver": "ssw_auto_transport",
}
# household / SPSK occupation -> its BNSP scheme
BNSP_DOMESTIC = {"housekeeper": "bnsp_housekeeper", "elderly_caretaker": "bnsp_caregiver",
                 "babysitter": "bnsp_babysitter", "child_care_worker": "bnsp_child_care",
                 "family_cook": "bnsp_family_cook", "family_driver": "sim_a"}


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", str(text).lower()).strip()


_TABLES_CACHE: dict[int, tuple[Reference, Tables]] = {}


# Skill families no occupation is built around: a skill of theirs is asked for only where an occupation names it as
# a core skill (e.g. swimming for fishing crew), never as a "related" skill of a trade.
CROSS_CUTTING_FAMILIES = frozenset({"general"})


def world_tables(ref: Reference) -> Tables:
    """The tables derived from ``ref``, built once and cached for the last Reference seen."""
    hit = _TABLES_CACHE.get(id(ref))
    if hit is not None and hit[0] is ref:
        return hit[1]
    skills = ref.skills
    family_of = {sid: str(row["family"]) for sid, row in skills.iterrows()}
    by_family: dict[str, list[str]] = {}
    for sid in sorted(family_of):
        by_family.setdefault(family_of[sid], []).append(sid)
    occ: dict[str, Occ] = {}
    for oid, row in ref.occupations.iterrows():
        core = [s for s in row["core_skills"] if s in family_of]
        # related skills come from the occupation's own trade families; the cross-cutting "general" family
        # (swimming, basic computing, first aid, ...) is never "related" to a trade (docs/demo.md)
        fams = {family_of[s] for s in core} - CROSS_CUTTING_FAMILIES
        related = [s for f in sorted(fams) for s in by_family[f] if s not in core]
        occ[str(oid)] = Occ(str(oid), str(row["label_en"]), str(row["label_id"]), list(row["synonyms_en"]),
                            list(row["synonyms_id"]), str(row["sector"]), str(row["wage_category"]),
                            bool(row["zero_cost"]), core, related)
    skill_en = {sid: [str(r["label_en"]), *r["synonyms_en"]] for sid, r in skills.iterrows()}
    skill_idt = {sid: [str(r["label_id"]), *r["synonyms_id"]] for sid, r in skills.iterrows()}
    countries = ref.countries
    certs = _resolve_certs(ref)
    tables = Tables(
        occ=occ, skill_en=skill_en, skill_id_text=skill_idt,
        country_en={c: str(r["name_en"]) for c, r in countries.iterrows()},
        country_id={c: str(r["name_id"]) for c, r in countries.iterrows()},
        fx=ref.fx, certs=certs, lang_codes=set(map(str, ref.languages.index)),
    )
    _TABLES_CACHE.clear()
    _TABLES_CACHE[id(ref)] = (ref, tables)
    return tables


def _resolve_certs(ref: Reference) -> dict[str, tuple[str, str, list[str]]]:
    """cert_id -> (Indonesian label, English label, synonyms), from the reference where it has the id."""
    out = {}
    frame = ref.certificates
    for cid, (lid, len_) in _CERT_FALLBACK.items():
        if cid in frame.index:
            row = frame.loc[cid]
            out[cid] = (str(row["label_id"]), str(row["label_en"]), [str(x) for x in row["synonyms"]])
        else:
            out[cid] = (lid, len_, [])
    return out


# ---- weights ------------------------------------------------------------------------------------------

def country_shares() -> dict[str, float]:
    """Each destination's share of listings: 2024 placements flattened by a power, so small corridors appear."""
    raw = {c: n ** _COUNTRY_FLATTEN for c, n in _COUNTRY_PLACEMENTS.items()}
    total = sum(raw.values())
    return {c: v / total for c, v in raw.items()}


def job_rows(t: Tables, shares: dict[str, float]) -> list[tuple[tuple[str, str, str], float]]:
    """``((country, occupation, channel), weight)`` for every job the reference knows, weights summing per
    country to its share."""
    rows = []
    for c, jobs in JOBS.items():
        total = sum(w for occ, w, _ in jobs if occ in t.occ)
        rows += [((c, occ, ch), shares[c] * w / total) for occ, w, ch in jobs if occ in t.occ]
    return rows


def known_phrase(text: str, t: Tables) -> bool:
    """True when some phrase of ``text`` is a taxonomy skill or occupation label (so it would not be unknown)."""
    if not t.phrases:
        for forms in (*t.skill_en.values(), *t.skill_id_text.values()):
            t.phrases.update(_fold(f) for f in forms)
        for o in t.occ.values():
            t.phrases.update(_fold(f) for f in (o.label_en, o.label_id, *o.syn_en, *o.syn_id))
        t.phrases.discard("")
    toks = _fold(text).split()
    return any(" ".join(toks[i:j]) in t.phrases for i in range(len(toks)) for j in range(i + 1, len(toks) + 1))
