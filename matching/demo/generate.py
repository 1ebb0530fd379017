"""Realistic demo data: the P3MI licence registry, job listings (clean and unsafe), worker profiles and
SIMULATED placement outcomes.

``generate_demo`` is pure (no store, no files) and deterministic for the same ``(seed, as_of, sizes)``:
every draw comes from ``numpy.random.default_rng`` streams spawned from ``seed`` (one stream each for
agencies, listings, workers and outcomes, so changing ``n_workers`` leaves the listings unchanged).

What is modelled on facts (the shared domain facts, cited as "domain-facts §n"; sources in ``features/data``):

* corridors and volumes: destination countries weighted by 2024 KP2MI placements (HK, TW, MY first;
  then JP, SG, KR, SA, IT, BN, TR, PL, AE, QA, KW ...; flattened by a power of 0.75 so that small
  corridors still get listings), and occupations by what each corridor really hires (households in
  HK/SG/MY/TW/BN; factories and distant-water fishing in TW; plantations in MY; EPS jobs in KR only
  through the G-to-G channel; SSW care, farming and food work in JP; Triple Win nurses in DE through
  G to G; Saudi domestic jobs only through SPSK syarikah, never a household);
* pay in local currency at or above the legal floor in force (``Reference.wage_floor``) on the posting
  date and on ``as_of``, with a market spread above it; hourly and daily pay convert with
  ``features.listings.monthly_salary``;
* the zero-cost occupations of Perban BP2MI 9/2020 never charge the worker in a clean listing; other
  jobs charge nothing or stay under the country's cost cap (``Reference.fee_cap_idr``);
* age limits per corridor (SG domestic 23-49, KR EPS 18-39, DE 18-38, IJEPA nurses <= 35, fishing 18-35).

About 18 % of listings carry exactly one flaw (column ``flaw``, labels in ``FLAWS``), made the way it
happens in reality (domain-facts §4, §7); everything else in such a listing is clean, so each rule's
effect can be tested alone. ``scam_lure`` is the exception: the online-scam lure comes as a bundle
(no agency, no job order, tourist visa, chat-app contact), exactly as reported by Kemlu and KBRI.

OUTCOMES ARE SIMULATED. No real placement history exists in this repository. For each worker the generator
samples 15-60 clean, unexpired listings plausibly relevant to them (same sector or preferred country,
compatible gender) -- the listings an earlier system "recommended" -- and walks a funnel recommended ->
viewed -> applied -> hired -> completed | complaint. The step probabilities depend on observable fit
(``_Fit``: share of required skills held, certificates, language levels missing, experience against the
requirement, age within the limits, pay against the worker's wish and against the corridor's typical pay,
the worker fee in months of pay, preferred country and sector) AND on hidden factors: a quality drawn once
per employer and once per agency (never exported; households are separate employers) and noise. Hiring
depends on fit and on both qualities; a complaint is more likely with a low-quality employer or agency, high
fees and low pay; completion the reverse. Layak can see the hidden qualities only indirectly, through the
agencies' and employers' track records in these outcomes. Each worker is placed at most once: when several
employers would hire her she takes the offer she values most (pay against her wish and the market, net of
fees, in a country she asked for) and the others stay at "applied"; so no outcome depends on the order of
her recommendations. A listing that was already open ``RECENT_DAYS`` before ``as_of`` was recommended before
then, so most funnels in the history have had time to finish, as in a long real history. Timestamps rise
along the funnel and are before ``as_of``; a step that would fall on or after ``as_of`` has not happened yet
(censored). The time scale is compressed: "completed" means the placement was completed as reported by the
simulation, not that a 24-month contract really ran its course.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd

from features.listings import LISTING_COLUMNS, monthly_salary
from features.reference import Reference, load_reference
from matching.demo.agencies import AGENCY_W1, AGENCY_W2, G2G_CONTACT, Agency, agency_frame, make_agencies
from matching.demo.money import (
    PERIOD_WORD,
    amount_str,
    cap_idr,
    ceil_to,
    convert,
    floor_to,
    listing_pay,
    money_text,
    number_text,
    wage_floor,
)
from matching.demo.sampling import Rng, Table, quotas, typo
from matching.demo.spec import AGENCY_COLUMNS, FLAWS, LISTING_DEMO_COLUMNS, OUTCOME_COLUMNS, OUTCOME_EVENTS
from matching.demo.world import (
    BNSP_DOMESTIC,
    CITIES,
    CLOSED_HOUSEHOLD,
    DOMESTIC_FOR_CLOSED,
    ESTATES,
    JOBS,
    ME,
    MISSION,
    MISSION_NAME,
    PAY,
    PAY_OCC,
    PORTS,
    SCAM_COUNTRIES,
    SSW_TEST,
    C,
    G,
    H,
    Occ,
    S,
    Tables,
    country_shares,
    job_rows,
    known_phrase,
    world_tables,
)
from matching.storage.agencies import G2G_AGENCY, G2G_LICENCE

__all__ = ["AGENCY_COLUMNS", "DemoData", "FLAWS", "G2G_AGENCY", "G2G_LICENCE", "IMPRESSIONS", "LISTING_DEMO_COLUMNS",
           "OUTCOME_COLUMNS", "OUTCOME_EVENTS", "generate_demo"]

FLAW_SHARE = 0.18
EXPIRED_SHARE = 0.08
POSTED_WITHIN_DAYS = 120
IMPRESSIONS = (15, 60)  # listings recommended to each worker in the simulated history (inclusive range)
RECENT_DAYS = 45  # a listing open before this many days ago was recommended before then (a mature history)

# Relative frequency of each flaw among flawed listings.
# flaws that need a dedicated job table (dropped when the reference cannot support them, e.g. no wage floors)
_TABLE_FLAWS = {"fee_in_zero_cost", "excessive_fee", "below_floor", "household_closed_country"}
_FLAW_WEIGHTS: dict[str, float] = {
    "scam_lure": 2.0, "fee_in_zero_cost": 1.5, "excessive_fee": 1.0, "visit_visa": 1.4, "below_floor": 1.5,
    "unlicensed_agency": 1.4, "expired_licence": 1.0, "suspended_agency": 0.8, "job_order_unverified": 1.2,
    "household_closed_country": 1.0, "passport_held": 1.0, "no_rest_day": 1.0, "no_contract": 0.8,
    "underage": 0.6, "wa_only_fee_upfront": 1.2, "salary_deduction": 1.0,
}


@dataclass(frozen=True)
class DemoData:
    """Generated demo data. ``listings`` has the listing CSV columns in order plus ``flaw``."""

    agencies: pd.DataFrame
    listings: pd.DataFrame
    workers: list[dict[str, Any]]
    outcomes: pd.DataFrame


_LANG_NAMES = {  # code -> (Indonesian, English)
    "en": ("Inggris", "English"), "zh": ("Mandarin", "Mandarin"), "yue": ("Kanton", "Cantonese"),
    "ja": ("Jepang", "Japanese"), "ko": ("Korea", "Korean"), "de": ("Jerman", "German"), "ar": ("Arab", "Arabic"),
    "ms": ("Melayu", "Malay"), "it": ("Italia", "Italian"), "tr": ("Turki", "Turkish"), "pl": ("Polandia", "Polish"),
}
# required level text -> rank (SPEC "Language codes and levels")
_LEVEL_RANK = {"basic": 1, "N5": 1, "A1": 1, "N4": 2, "A2": 2, "eps-topik": 2, "intermediate": 3, "B1": 3, "N3": 3,
               "B2": 4, "N2": 4, "fluent": 5}

# Indonesian provinces of origin, 2023 placements (domain-facts §2.3) plus smaller senders.
_PROVINCES: dict[str, float] = {
    "Jawa Timur": 68069, "Jawa Tengah": 59009, "Jawa Barat": 52961, "Nusa Tenggara Barat": 33949,
    "Lampung": 21539, "Sumatera Utara": 10550, "Bali": 9359, "Banten": 3183, "Sumatera Selatan": 2088,
    "Sulawesi Selatan": 2076, "Nusa Tenggara Timur": 1800, "DI Yogyakarta": 1500, "Kalimantan Barat": 1400,
    "Sumatera Barat": 900, "Jambi": 600, "Riau": 600, "DKI Jakarta": 800, "Bengkulu": 400, "Sulawesi Utara": 300,
}


# ---------------------------------------------------------------------------------------------------
# Names (all invented)
# ---------------------------------------------------------------------------------------------------

_SURNAMES = {
    "HK": ["Chan", "Wong", "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung", "Yip", "Tang", "Chow", "Kwok"],
    "TW": ["Lin", "Chen", "Huang", "Chang", "Wang", "Li", "Wu", "Tsai", "Liu", "Yang", "Hsu", "Cheng"],
    "SG": ["Tan", "Lim", "Lee", "Ng", "Goh", "Ong", "Teo", "Koh", "Chua", "Wong"],
    "MY": ["Tan", "Lim", "Wong", "Ahmad", "Rahman", "Ismail", "Chong", "Lee", "Yusof", "Ong"],
    "BN": ["Haji Osman", "Haji Abdul Rahman", "Haji Ismail", "Pehin Yusof", "Haji Hamid", "Awang Salleh"],
    "ME": ["Al-Harbi", "Al-Qahtani", "Al-Mutairi", "Al-Shamsi", "Al-Nuaimi", "Al-Otaibi", "Al-Dosari", "Al-Kaabi",
           "Al-Sulaiti", "Al-Rashidi", "Al-Balushi", "Al-Khalifa", "Haddad"],
}
_COMPANY_WORDS = {
    "TW": ["Lianfa", "Yongxin", "Hongtai", "Jinhua", "Shengda", "Fuyuan", "Minghao", "Taixing", "Jade Peak", "Huamei",
           "Xinlong", "Dachang", "Kuanyu", "Ruisheng"],
    "MY": ["Sri Makmur", "Bukit Harta", "Teluk Permai", "Sungai Jernih", "Permata Hijau", "Intan Jaya", "Mega Sinar",
           "Tanjung Emas", "Seri Cahaya", "Kinabatangan Hijau", "Lembah Subur"],
    "JP": ["Sakura", "Midori", "Aozora", "Hinode", "Kaede", "Tsubaki", "Minori", "Hikari", "Yamabuki", "Asahi Kogen",
           "Shirasagi", "Hoshizora"],
    "KR": ["Daeil", "Hanbit", "Seongwoo", "Mirae", "Jinyang", "Donghae", "Saerom", "Hanul", "Gukje", "Seorim",
           "Cheongsol", "Dasan"],
    "SG": ["Lion Gate", "Orchid Bay", "Harbourview", "Kallang", "Bukit Timah", "Serangoon", "Marina Crest"],
    "HK": ["Harbour View", "Kowloon Peak", "Lantau", "Victoria Bay", "Golden Bauhinia", "Shatin Garden"],
    "ME": ["Desert Rose", "Gulf Star", "Pearl Coast", "Oasis Crown", "Falcon Gate", "Al Waha", "Al Nakheel",
           "Bayt Al Amal", "Al Dana", "Sands Palm", "Najmat Al Khaleej"],
    "BN": ["Seri Mentari", "Bunga Raya", "Anggerek Desa", "Mulaut", "Kampong Ayer"],
    "IT": ["Mare Nostrum", "Stella Marina", "Azzurra", "Onda Blu", "Tirreno", "Vela Bianca"],
    "TR": ["Anatolia", "Aegean Pearl", "Bosphorus Breeze", "Lycia", "Pamukkale", "Turquoise Coast"],
    "PL": ["Wislana", "Baltica", "Polmet", "Mazowia", "Odra", "Karpaty", "Warta"],
    "DE": ["Sonnenhof", "Lindenhof", "Rosengarten", "Am Stadtpark", "Elbblick", "Waldblick", "Rheinaue"],
    "SCAM": ["Golden Fortune", "Sky Win", "Huang Long", "Lucky Star", "Royal Dragon", "Asia Bright", "Kingdom Max",
             "Grand Win", "Oriental Rise"],
}
_SECTOR_SUFFIX = {
    "TW": {"manufacturing": ["Precision Industrial Co., Ltd.", "Electronics Co., Ltd.", "Plastics Co., Ltd.",
                             "Metal Works Co., Ltd.", "Textile Co., Ltd."],
           "trades": ["Steel Structure Co., Ltd."], "construction": ["Engineering Co., Ltd."],
           "fishing": ["Fishery Co., Ltd.", "Ocean Fishing Co., Ltd."], "care": ["Senior Care Center",
                                                                              "Long-term Care Institution"],
           "agriculture": ["Agricultural Co-op"], "*": ["Co., Ltd."]},
    "MY": {"agriculture": ["Plantations Sdn Bhd", "Estates Sdn Bhd", "Agro Sdn Bhd"],
           "construction": ["Construction Sdn Bhd", "Builders Sdn Bhd"], "manufacturing": ["Industries Sdn Bhd",
                                                                                          "Manufacturing Sdn Bhd",
                                                                                          "Electronics Sdn Bhd"],
           "*": ["Sdn Bhd", "Services Sdn Bhd"]},
    "JP": {"care": ["Kaigo Home KK", "Care Service Co., Ltd."], "agriculture": ["Farm KK", "Nojo Co., Ltd."],
           "manufacturing": ["Seiki KK", "Foods Co., Ltd.", "Kogyo KK"], "cleaning": ["Building Service KK"],
           "construction": ["Kensetsu KK"], "fishing": ["Suisan KK"], "*": ["Co., Ltd."]},
    "KR": {"fishing": ["Fisheries Co., Ltd.", "Suhyup Fishing Co."], "agriculture": ["Farm Co.", "Agro Co., Ltd."],
           "construction": ["Construction Co., Ltd."], "*": ["Precision Co., Ltd.", "Industrial Co., Ltd.",
                                                             "Metal Co., Ltd."]},
    "SG": {"care": ["Nursing Home Pte Ltd"], "nursing": ["Medical Centre Pte Ltd"],
           "*": ["Catering Pte Ltd", "Facility Services Pte Ltd"]},
    "HK": {"*": ["Elderly Care Home Ltd", "Care & Attention Home Ltd"]},
    "ME": {"hospitality": ["Hotels & Resorts LLC"], "food_service": ["Catering LLC"],
           "cleaning": ["Facility Management WLL"], "construction": ["Contracting Co. WLL"],
           "nursing": ["Specialist Hospital"], "driving": ["Transport LLC"], "*": ["Manpower Services Co."]},
    "BN": {"*": ["Sdn Bhd", "Enterprise"]},
    "IT": {"hospitality": ["Cruises S.p.A."], "food_service": ["Cruises S.p.A."], "*": ["Agricola S.r.l."]},
    "TR": {"*": ["Resort & Spa A.S.", "Hotels A.S."]},
    "PL": {"*": ["Sp. z o.o."], "logistics": ["Logistics Sp. z o.o."], "manufacturing": ["Metal Sp. z o.o.",
                                                                                          "Foods Sp. z o.o."]},
    "DE": {"nursing": ["Klinikum GmbH", "Krankenhaus gGmbH"], "*": ["Seniorenresidenz GmbH", "Pflegeheim gGmbH"]},
}
# Skills that are NOT in the taxonomy (to test "unknown" handling).
_UNKNOWN_SKILLS = ["merangkai bunga", "karaoke", "main gitar", "bermain voli", "menari jaipong", "fotografi",
                   "mengaji", "sulam pita", "desain Canva", "live TikTok", "public speaking", "origami",
                   "rias pengantin", "main catur"]

_EDUCATION = [("SD", 0.08), ("SMP", 0.30), ("SMA", 0.24), ("SMK", 0.18), ("MA", 0.05), ("Paket C", 0.03),
              ("D3", 0.06), ("S1", 0.06)]


# ---------------------------------------------------------------------------------------------------
# Listings
# ---------------------------------------------------------------------------------------------------

@dataclass
class _ListingMeta:
    """What the generator knows about a listing (canonical ids; never exported as such)."""

    ref: str
    flaw: str
    expired: bool
    occupation: str
    sector: str
    country: str
    employer: str
    employer_type: str
    gender: str
    min_age: int | None
    max_age: int | None
    skills: frozenset[str]
    languages: dict[str, int]
    certs: tuple[str, ...]
    min_exp: float
    monthly_idr: float | None
    posted: date
    agency: str = ""
    fee_idr: float = 0.0
    contract_months: int | None = None


_WORKPLACE = {
    "id": {"manufacturing": ["pabrik elektronik", "pabrik komponen otomotif", "pabrik plastik", "pabrik tekstil",
                             "pabrik makanan kemasan", "pabrik logam"],
           "trades": ["bengkel fabrikasi baja", "galangan kapal", "bengkel konstruksi logam"],
           "construction": ["proyek gedung bertingkat", "proyek perumahan", "proyek jalan dan jembatan"],
           "agriculture": ["perkebunan kelapa sawit", "kebun sayur dan buah", "peternakan", "rumah kaca (greenhouse)"],
           "fishing": ["kapal penangkap ikan (longline)", "kapal tuna", "tambak dan budidaya ikan",
                       "pabrik pengolahan ikan"],
           "care": ["panti jompo", "fasilitas perawatan lansia"], "nursing": ["rumah sakit", "klinik dan panti wreda"],
           "food_service": ["restoran", "dapur katering", "restoran hotel"],
           "hospitality": ["hotel bintang 4", "resort", "hotel bintang 5"],
           "cleaning": ["perusahaan jasa kebersihan gedung (kantor dan rumah sakit)"],
           "driving": ["perusahaan transportasi", "perusahaan logistik"], "logistics": ["gudang distribusi"],
           "services": ["kantor layanan pelanggan"], "domestic": ["rumah tangga"]},
    "en": {"manufacturing": ["an electronics factory", "an auto-parts plant", "a plastics factory", "a textile mill",
                             "a packaged-food plant", "a metal works"],
           "trades": ["a steel fabrication shop", "a shipyard", "a metal construction workshop"],
           "construction": ["high-rise building projects", "a housing project", "road and bridge works"],
           "agriculture": ["an oil palm estate", "a vegetable and fruit farm", "a livestock farm", "greenhouses"],
           "fishing": ["a longline fishing vessel", "a tuna vessel", "fish farms", "a fish processing plant"],
           "care": ["a nursing home", "an elderly care facility"], "nursing": ["a hospital",
                                                                             "a clinic and care home"],
           "food_service": ["a restaurant", "a catering kitchen", "a hotel restaurant"],
           "hospitality": ["a 4-star hotel", "a resort", "a 5-star hotel"],
           "cleaning": ["a building cleaning company (offices and hospitals)"],
           "driving": ["a transport company", "a logistics company"], "logistics": ["a distribution warehouse"],
           "services": ["a customer service office"], "domestic": ["a household"]},
}
_CRUISE = {"id": "kapal pesiar (cruise ship)", "en": "a cruise ship"}
# occupation -> workplace (Indonesian, English), more specific than the sector's
_OCC_WORKPLACE = {
    "plantation_worker": ("perkebunan kelapa sawit", "an oil palm estate"),
    "crop_harvester": ("kebun buah dan sayur", "a fruit and vegetable farm"),
    "farm_worker": ("kebun sayur dan rumah kaca", "a vegetable farm with greenhouses"),
    "livestock_worker": ("peternakan sapi perah dan ayam", "a dairy and poultry farm"),
    "aquaculture_worker": ("tambak dan budidaya ikan", "a fish farm"),
    "fish_processing_worker": ("pabrik pengolahan ikan", "a fish processing plant"),
    "fishing_vessel_crew": ("kapal penangkap ikan (longline)", "a longline fishing vessel"),
    "food_processing_operator": ("pabrik makanan kemasan", "a packaged-food plant"),
    "electronics_assembler": ("pabrik elektronik", "an electronics factory"),
    "sewing_machine_operator": ("pabrik garmen", "a garment factory"),
}
# employer-name keyword -> workplace, so a "Textile Co." is a textile mill in the text as well
_NAME_WORKPLACE = [("Electronic", ("pabrik elektronik", "an electronics factory")),
                   ("Textile", ("pabrik tekstil", "a textile mill")),
                   ("Garment", ("pabrik garmen", "a garment factory")),
                   ("Plastics", ("pabrik plastik", "a plastics factory")),
                   ("Metal", ("pabrik logam", "a metal works")),
                   ("Food", ("pabrik makanan kemasan", "a packaged-food plant")),
                   ("Precision", ("pabrik komponen presisi", "a precision parts plant")),
                   ("Seiki", ("pabrik komponen presisi", "a precision parts plant")),
                   ("Kogyo", ("pabrik komponen otomotif", "an auto-parts plant"))]
# occupation -> words that its employers' names carry
_OCC_COMPANY_WORD = {"electronics_assembler": ["Electronics", "Electronic Components"],
                     "sewing_machine_operator": ["Garment", "Textile", "Apparel"],
                     "food_processing_operator": ["Foods", "Food Industries"],
                     "fish_processing_worker": ["Seafood", "Marine Foods"]}
_LEGAL_FORM = {"TW": "Co., Ltd.", "MY": "Sdn Bhd", "JP": "KK", "KR": "Co., Ltd.", "SG": "Pte Ltd", "HK": "Ltd",
               "ME": "LLC", "BN": "Sdn Bhd", "IT": "S.r.l.", "TR": "A.S.", "PL": "Sp. z o.o.", "DE": "GmbH"}

_HOUSEHOLD_TASK = {
    "housekeeper": ("bersih-bersih rumah, mencuci, setrika dan memasak sederhana",
                    "cleaning, laundry, ironing and simple cooking"),
    "elderly_caretaker": ("merawat {patient_id}", "caring for {patient_en}"),
    "babysitter": ("merawat bayi usia {m} bulan", "looking after a {m}-month-old baby"),
    "child_care_worker": ("mengasuh {k} anak usia sekolah dan antar-jemput sekolah",
                          "looking after {k_en} school-age children, school runs"),
    "family_cook": ("memasak masakan rumahan untuk keluarga {n} orang", "home cooking for a family of {n}"),
    "family_driver": ("mengantar anggota keluarga dan anak sekolah", "driving the family and the children to school"),
    "gardener": ("merawat taman dan halaman rumah", "looking after the garden and the yard"),
}
_PATIENTS = [("nenek usia 82 tahun yang masih bisa berjalan", "an 82-year-old grandmother who can still walk"),
             ("kakek usia 78 tahun pasca stroke", "a 78-year-old grandfather recovering from a stroke"),
             ("ibu lansia 85 tahun yang memakai kursi roda", "an 85-year-old lady in a wheelchair"),
             ("kakek 90 tahun dengan demensia ringan", "a 90-year-old man with mild dementia")]

_NEGATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # key: (Indonesian variants, English variants, flaws that must not get this sentence)
    "no_deduction": (("Tanpa potongan gaji.", "Tidak ada potongan gaji untuk biaya agen.",
                      "Gaji dibayar penuh, tanpa potongan."),
                     ("No salary deduction.", "Full salary paid, no deductions for agency costs."),
                     ("salary_deduction",)),
    "passport": (("Paspor dipegang pekerja sendiri.", "Paspor tidak ditahan majikan maupun agensi."),
                 ("Passport stays with the worker.", "Your passport is never held by the employer or the agency."),
                 ("passport_held",)),
    "visa": (("Menggunakan visa kerja resmi, bukan visa turis atau visa kunjungan.", "Bukan visa turis."),
             ("Work visa only, not a tourist or visit visa.", "Not a visit visa: a proper work visa."),
             ("visit_visa", "scam_lure")),
    "no_registration": (("Tidak dipungut biaya pendaftaran, tidak ada transfer ke rekening pribadi.",
                         "Tanpa biaya pendaftaran."),
                        ("No registration fee; we never ask for transfers to personal accounts.",
                         "No registration fee."),
                        ("wa_only_fee_upfront", "fee_in_zero_cost", "excessive_fee")),
}


class _Listings:
    """Builds listing rows; one instance per ``generate_demo`` call."""

    def __init__(self, rng: Rng, ref: Reference, t: Tables, as_of: date, agencies: list[Agency],
                 country_share: dict[str, float]) -> None:
        self.rng, self.ref, self.t, self.as_of = rng, ref, t, as_of
        self.g2g = next(a for a in agencies if a.kind == "g2g")
        self.by_kind: dict[str, list[Agency]] = {}
        for a in agencies:
            self.by_kind.setdefault(a.kind, []).append(a)
        ok = self.by_kind.get("ok", [])
        self.ok_by_country: dict[str, Table] = {}
        for c in JOBS:
            serving = [a for a in ok if c in a.countries]
            pool = serving or ok
            # bigger agencies get more job orders (Zipf-like weight by position)
            self.ok_by_country[c] = Table([(a, 1.0 / (1 + j) ** 0.6) for j, a in enumerate(pool)])
        self.known_numbers = {a.licence.split("/")[0] for a in agencies}
        self.jo_counter: dict[str, int] = {}
        self.employers: dict[tuple[str, str, str], list[str]] = {}
        rows = []
        for c, jobs in JOBS.items():
            total = sum(w for occ, w, _ in jobs if occ in t.occ)
            for occ, w, ch in jobs:
                if occ in t.occ:
                    rows.append(((c, occ, ch), country_share[c] * w / total))
        self.rows = rows
        self.tables: dict[str, Table] = {"": Table(rows)}
        self.tables.update(self._flaw_tables())
        self.scam_table = Table(list(SCAM_COUNTRIES.items()))

    # ---- job selection ---------------------------------------------------------------------------
    def _flaw_tables(self) -> dict[str, Table]:
        t, ref, as_of = self.t, self.ref, self.as_of

        def cat(c: str, occ: str, ch: str) -> str:
            return "domestic" if ch == H else t.occ[occ].wage_category

        preds: dict[str, Callable[[str, str, str], bool]] = {
            "fee_in_zero_cost": lambda c, o, ch: t.occ[o].zero_cost and c != "TW" and ch != G,
            "excessive_fee": lambda c, o, ch: (not t.occ[o].zero_cost and ch != G
                                               and cap_idr(t, ref, c, cat(c, o, ch)) is not None),
            "below_floor": lambda c, o, ch: wage_floor(t, ref, c, cat(c, o, ch), as_of) is not None,
            "visit_visa": lambda c, o, ch: ch != G,
            "unlicensed_agency": lambda c, o, ch: ch != G,
            "expired_licence": lambda c, o, ch: ch != G,
            "suspended_agency": lambda c, o, ch: ch != G,
        }
        out = {}
        for flaw, pred in preds.items():
            rows = [(job, w) for job, w in self.rows if pred(*job)]
            if not rows and flaw == "excessive_fee":  # no cost caps known: any fee-charging job will do
                rows = [(job, w) for job, w in self.rows if not t.occ[job[1]].zero_cost and job[2] != G]
            if rows:
                out[flaw] = Table(rows)
        closed = [((c, o, "household_closed"), wc * wo) for c, wc in CLOSED_HOUSEHOLD.items()
                  for o, wo in DOMESTIC_FOR_CLOSED if o in t.occ]
        if closed:
            out["household_closed_country"] = Table(closed)
        return out

    # ---- small pieces ----------------------------------------------------------------------------
    def _dates(self, expired: bool) -> tuple[date, date]:
        rng = self.rng
        if expired:
            age = rng.randint(31, POSTED_WITHIN_DAYS)
            dur = rng.randint(30, age - 1)
        else:
            age = rng.randint(0, POSTED_WITHIN_DAYS)
            dur = rng.randint(max(30, age), 180)
        posted = self.as_of - timedelta(days=age)
        return posted, posted + timedelta(days=dur)

    def _city(self, country: str, occ: str) -> str:
        sector = self.t.occ[occ].sector
        if sector == "fishing" and occ == "fishing_vessel_crew" and country in PORTS:
            return self.rng.pick(PORTS[country])
        if occ in ("plantation_worker", "crop_harvester") and country in ESTATES:
            return self.rng.pick(ESTATES[country])
        return self.rng.pick(CITIES[country])

    def _household_name(self, country: str, lang: str) -> str:
        rng = self.rng
        names = _SURNAMES["ME" if country in ME else country] if (country in ME or country in _SURNAMES) \
            else _SURNAMES["HK"]
        surname = rng.pick(names)
        initial = chr(ord("A") + rng.randint(0, 25))
        if country in ME:
            form = rng.pick([f"Keluarga {surname}", f"Mr. {initial}. {surname}", f"{initial}. {surname} family"])
        elif country == "SG":
            form = rng.pick([f"Mdm {initial}. {surname}", f"Mr & Mrs {initial}. {surname}", f"Keluarga {surname}"])
        elif country == "MY":
            form = rng.pick([f"Keluarga {surname}", f"En. {initial}. {surname}", f"Puan {initial}. {surname}"])
        elif country == "BN":
            form = rng.pick([f"Keluarga {surname}", f"Dk. {initial}. {surname}"])
        else:
            form = rng.pick([f"Mrs. {initial}. {surname}", f"Mr. & Mrs. {initial}. {surname}", f"Keluarga {surname}",
                             f"Mr. {initial}. {surname}"])
        return form if form.startswith("Keluarga") else f"{form} (household)"

    def _company_name(self, country: str, occ: str, channel: str) -> str:
        """Companies post many job orders: reuse names (Chinese-restaurant process per country and sector)."""
        rng = self.rng
        sector = self.t.occ[occ].sector
        key = (country, sector if channel != S else "spsk", occ if occ in _OCC_COMPANY_WORD else "")
        pool = self.employers.setdefault(key, [])
        if pool and rng.u() > 6.0 / (len(pool) + 6.0) * 1.5:
            return rng.pick(pool)
        group = "ME" if country in ME else country
        words = _COMPANY_WORDS.get(group, _COMPANY_WORDS["ME"])
        suffixes = _SECTOR_SUFFIX.get(group, _SECTOR_SUFFIX["ME"])
        if occ in _OCC_COMPANY_WORD:
            name = f"{rng.pick(words)} {rng.pick(_OCC_COMPANY_WORD[occ])} {_LEGAL_FORM.get(group, 'LLC')}"
        elif channel == S:
            name = f"{rng.pick(words)} {rng.pick(['Manpower Co.', 'Recruitment Co.', 'Domestic Services Co.'])}"
        elif country == "DE" and sector == "nursing":
            name = f"Klinikum {rng.pick(words)} {rng.pick(suffixes.get('nursing', ['GmbH']))}"
        else:
            name = f"{rng.pick(words)} {rng.pick(suffixes.get(sector, suffixes['*']))}"
        if name not in pool:
            pool.append(name)
        return name

    def _workplace(self, o: Occ, employer: str, lang: str) -> str:
        k = 0 if lang == "id" else 1
        if o.id in _OCC_WORKPLACE:
            return _OCC_WORKPLACE[o.id][k]
        if o.sector == "manufacturing":
            for word, places in _NAME_WORKPLACE:
                if word in employer:
                    return places[k]
        return self.rng.pick(_WORKPLACE[lang].get(o.sector, _WORKPLACE[lang]["manufacturing"]))

    def _job_order(self, country: str, channel: str, posted: date) -> str:
        mission = "KP2MI-" + country if channel == G else MISSION[country]
        n = self.jo_counter.get(mission, 0) + 1 + self.rng.randint(0, 3)
        self.jo_counter[mission] = n
        prefix = "G2G" if channel == G else "JO"
        return f"{prefix}/{mission}/{posted.year}/{n:05d}"

    def _gender(self, occ: str, emp_type: str, country: str) -> str:
        rng, sector = self.rng, self.t.occ[occ].sector
        if occ in ("family_driver", "truck_driver", "bus_driver", "heavy_equipment_operator", "welder", "mason",
                   "scaffolder", "fishing_vessel_crew") or sector == "construction":
            return "male"
        if occ == "gardener":
            return rng.pick(["male", "any"])
        if emp_type == "household" or (sector == "care" and country in ("HK", "SG", "TW", "MY", "SA")):
            return "female" if rng.chance(0.96) else "any"
        if occ in ("electronics_assembler", "sewing_machine_operator", "hotel_room_attendant"):
            return "female" if rng.chance(0.45) else "any"
        if occ in ("plantation_worker", "crop_harvester", "construction_worker", "livestock_worker"):
            return "male" if rng.chance(0.7) else "any"
        return "any"

    def _ages(self, occ: str, country: str, channel: str, emp_type: str) -> tuple[int, int | None]:
        rng = self.rng
        if country == "SG" and emp_type == "household":
            return 23, 49
        if country == "KR":
            return 18, 39
        if country == "DE":
            return rng.pick([18, 21]), 38
        if occ == "nurse" and country == "JP":
            return 22, 35
        if occ in ("fishing_vessel_crew",):
            return 18, 35
        lo = rng.pick([18, 18, 20, 21, 21, 23])
        hi = rng.pick([None, 35, 40, 40, 45, 45, 50])
        return lo, hi

    def _min_exp(self, occ: str, channel: str, emp_type: str, country: str) -> float | None:
        rng = self.rng
        if occ == "nurse":
            return 2.0
        if occ in ("heavy_equipment_operator", "welder", "automotive_mechanic", "truck_driver", "bus_driver"):
            return float(rng.pick([1, 2, 2, 3]))
        if emp_type == "household":
            return rng.pick([0.0, 0.0, 1.0, 2.0, None])
        return rng.pick([0.0, 0.0, 0.0, 1.0, None])

    def _rest_days(self, country: str, hours: float, emp_type: str) -> int:
        if emp_type == "household":
            return self.rng.pick([4, 4, 5]) if country == "HK" else 4
        if country in ("JP", "DE") or hours <= 40:
            return self.rng.pick([8, 9])
        if hours <= 44:
            return 6
        return 4

    def _contract(self, country: str, occ: str, channel: str) -> int:
        rng = self.rng
        if occ == "fishing_vessel_crew":
            return rng.pick([10, 12, 18, 24])
        if country == "IT":
            return rng.pick([8, 9, 10])
        if country in ("TW", "KR", "DE"):
            return 36
        if country == "JP":
            return rng.pick([36, 36, 12, 24])
        if country == "PL":
            return rng.pick([12, 24])
        return 24

    def _skills(self, occ: str, country: str) -> list[str]:
        """2-5 canonical skills: the occupation's core skills, sometimes one related skill of the same family."""
        rng, o = self.rng, self.t.occ[occ]
        core, related = o.core, o.related
        if country != "JP":  # Japanese care techniques only in Japanese job orders
            core = [s for s in core if not self.t.japan_only(s)] or core
            related = [s for s in related if not self.t.japan_only(s)]
        k = rng.randint(2, 5)
        chosen = rng.sample(core, min(k, len(core)))
        if (len(chosen) < k or rng.chance(0.3)) and related:
            chosen.append(rng.pick(related))
        return list(dict.fromkeys(chosen))[:5]

    def _skill_text(self, sid: str, lang: str) -> str:
        rng = self.rng
        forms = self.t.skill_id_text[sid] if lang == "id" else self.t.skill_en[sid]
        text = forms[0] if len(forms) == 1 or rng.chance(0.6) else rng.pick(forms[1:])
        return text[:1].upper() + text[1:] if rng.chance(0.5) else text

    def _certs(self, occ: str, country: str, channel: str, emp_type: str) -> list[str]:
        """Reference cert_ids a real job order of this kind asks for (domain-facts §3.3, §1.7)."""
        rng, sector = self.rng, self.t.occ[occ].sector
        out: list[str] = []
        if (emp_type == "household" or channel == S) and occ in BNSP_DOMESTIC:
            out.append(BNSP_DOMESTIC[occ])
        if occ == "fishing_vessel_crew":
            out += ["bst", "seaman_book"]
        if occ == "nurse":
            out.append("str_nurse")
        if occ == "forklift_operator":
            out.append("sio_forklift")
        if occ == "heavy_equipment_operator":
            out.append("sio_heavy_equipment")
        if occ == "welder" and rng.chance(0.7):
            out.append("bnsp_welder")
        if occ in ("truck_driver", "bus_driver", "delivery_driver"):
            out.append("sim_b1")
        if country == "JP":
            if channel == G:
                out.append("jlpt_n5")
            else:
                out.append(rng.pick(["jft_basic", "jlpt_n4"]))
                if occ in SSW_TEST:
                    out.append(SSW_TEST[occ])
                if occ == "care_worker":
                    out.append("nc_japanese_test")
        if country == "KR":
            out.append("eps_topik")
        if country == "DE":
            out.append("goethe_b1")
        if occ == "hotel_room_attendant" and country == "IT" and rng.chance(0.5):
            out.append("bnsp_hotel_housekeeping")
        if occ == "restaurant_cook" and rng.chance(0.3):
            out.append("bnsp_cook")
        if sector == "food_service" and rng.chance(0.3):
            out.append("food_handler_cert")
        return list(dict.fromkeys(c for c in out if c in self.t.certs))

    def _cert_text(self, cid: str, lang: str) -> str:
        lid, len_, syns = self.t.certs[cid]
        label = lid if lang == "id" else len_
        return label if not syns or self.rng.chance(0.6) else self.rng.pick(syns[:4])

    def _langs(self, occ: str, country: str, channel: str, emp_type: str) -> list[tuple[str, str]]:
        rng = self.rng
        has_yue = "yue" in self.t.lang_codes
        if country == "HK":
            if emp_type == "household":
                opts = [[("en", "basic")], [("yue", "basic")] if has_yue else [("zh", "basic")],
                        [("en", "basic"), ("yue", "basic") if has_yue else ("zh", "basic")], [("zh", "basic")]]
                return rng.pick(opts)
            return [("yue", "basic") if has_yue else ("zh", "basic")]
        if country == "TW":
            return [("zh", "basic")]
        if country == "SG":
            return [("en", "basic")]
        if country in ("MY", "BN"):
            return rng.pick([[("ms", "basic")], [], [("en", "basic")]]) if emp_type != "household" else \
                rng.pick([[("ms", "basic")], [("en", "basic")], []])
        if country == "JP":
            if channel == G:
                return [("ja", "N5")]
            return [("ja", "N4")]
        if country == "KR":
            return [("ko", "eps-topik")]
        if country == "DE":
            return [("de", "B1")]
        if country in ME:
            if self.t.occ[occ].sector in ("hospitality", "nursing"):
                return [("en", "intermediate")]
            return rng.pick([[("ar", "basic")], [("en", "basic")], [("ar", "basic"), ("en", "basic")]])
        if country == "IT":
            return [("en", "intermediate")]
        if country in ("TR", "PL"):
            return rng.pick([[("en", "basic")], []])
        return []

    def _clean_contact(self, agency: Agency, lang: str) -> str:
        rng = self.rng
        if rng.chance(0.65):
            box = rng.pick(["rekrutmen", "info", "hrd", "recruitment", "lowongan"])
            return f"{box}@{agency.domain}"
        return agency.phone

    # ---- one listing -----------------------------------------------------------------------------
    def build(self, i: int, flaw: str, expired: bool) -> tuple[dict[str, str], _ListingMeta]:
        if flaw == "scam_lure":
            return self._scam(i, expired)
        rng, t = self.rng, self.t
        country, occ, channel = self.tables.get(flaw, self.tables[""]).draw(rng)
        o = t.occ[occ]
        lang = rng.pick(["id"] * 9 + ["en"] * 9 + ["mix"] * 2)
        tl = rng.pick(["id", "en"]) if lang == "mix" else lang          # title language
        dl = ("en" if tl == "id" else "id") if lang == "mix" else lang  # description language
        posted, expires = self._dates(expired)
        emp_type = "household" if channel in (H, "household_closed") else "company"
        city = self._city(country, occ)
        employer = self._household_name(country, dl) if emp_type == "household" else \
            self._company_name(country, occ, channel)
        agency = self.g2g if channel == G else self.ok_by_country[country].draw(rng)
        amount, cur, period, hours = listing_pay(rng, t, self.ref, country, occ, channel, emp_type,
                                                 (posted, self.as_of, expires), below=flaw == "below_floor")
        min_age, max_age = self._ages(occ, country, channel, emp_type)
        skills = self._skills(occ, country)
        certs = self._certs(occ, country, channel, emp_type)
        langs = self._langs(occ, country, channel, emp_type)
        category = "domestic" if emp_type == "household" else o.wage_category
        fee = 0.0
        if not o.zero_cost and channel != G:
            cap = cap_idr(t, self.ref, country, category)
            if cap and rng.chance(0.4):
                fee = floor_to(cap * rng.uniform(0.2, 0.85), 250_000)
        row: dict[str, Any] = {
            "occupation": o.label_id if tl == "id" else o.label_en,
            "sector": o.sector, "employer_name": employer, "employer_type": emp_type, "country": country,
            "city": city, "agency_name": agency.name, "agency_licence": agency.licence,
            "job_order_ref": self._job_order(country, channel, posted), "job_order_verified": "true",
            "min_experience_years": self._min_exp(occ, channel, emp_type, country),
            "min_age": min_age, "max_age": max_age, "gender": self._gender(occ, emp_type, country),
            "salary_amount": amount, "salary_currency": cur, "salary_period": period, "hours_per_week": hours,
            "rest_days_per_month": self._rest_days(country, hours, emp_type), "worker_fee_amount": fee,
            "worker_fee_currency": "IDR", "contract_months": self._contract(country, occ, channel),
            "visa_type": "work",
            "accommodation_provided": "true" if (emp_type == "household" or country != "DE" and rng.chance(0.88))
            else "false",
            "passport_held_by": "worker", "posted_at": posted.isoformat(), "expires_at": expires.isoformat(),
        }
        contact = self._clean_contact(agency, dl) if channel != G else G2G_CONTACT
        ctx = {"agency": agency, "channel": channel, "lang": lang, "tl": tl, "dl": dl, "occ": o, "sponsor": ""}
        contact = self._apply_flaw(flaw, row, ctx, contact, country, channel)
        row["contact"] = contact
        row["required_skills"] = ";".join(self._skill_text(s, rng.pick(["id", "en"]) if lang == "mix" else dl)
                                          for s in skills)
        row["required_certificates"] = ";".join(
            self._cert_text(c, rng.pick(["id", "en"]) if lang == "mix" else dl) for c in certs)
        row["required_languages"] = ";".join(f"{c}:{lv}" for c, lv in langs)
        row["title"] = self._title(row, o, tl, channel)
        row["description"] = self._description(row, o, dl, ctx, flaw, certs, langs)
        out = {col: _cell(row.get(col)) for col in LISTING_COLUMNS}
        out["listing_ref"] = f"L{i + 1:06d}"
        out["flaw"] = flaw
        monthly = monthly_salary(amount, period, hours)
        meta = _ListingMeta(
            ref=out["listing_ref"], flaw=flaw, expired=expired, occupation=occ, sector=o.sector, country=country,
            # households are separate employers even when their names coincide ("Keluarga Lin")
            employer=employer if emp_type == "company" else f"{employer}|{city}|{out['listing_ref']}",
            employer_type=emp_type, gender=row["gender"], min_age=row["min_age"],
            max_age=max_age, skills=frozenset(skills), languages={c: _LEVEL_RANK.get(lv, 1) for c, lv in langs},
            certs=tuple(certs), min_exp=float(row["min_experience_years"] or 0),
            monthly_idr=convert(monthly, cur, "IDR", t.fx) if monthly else None, posted=posted,
            agency=row["agency_licence"] or "", fee_idr=float(row["worker_fee_amount"] or 0.0),
            contract_months=row["contract_months"])
        return out, meta

    def _apply_flaw(self, flaw: str, row: dict[str, Any], ctx: dict[str, Any], contact: str, country: str,
                    channel: str) -> str:
        """Make the one thing wrong (structured fields); the text follows in ``_description``."""
        rng, t = self.rng, self.t
        if flaw == "fee_in_zero_cost":
            row["worker_fee_amount"] = float(rng.randint(25, 45) * 1_000_000)
        elif flaw == "excessive_fee":
            o = ctx["occ"]
            cap = cap_idr(t, self.ref, country, "domestic" if row["employer_type"] == "household"
                           else o.wage_category)
            row["worker_fee_amount"] = ceil_to(cap * rng.uniform(2.2, 4.0), 500_000) if cap else \
                float(rng.randint(60, 95) * 1_000_000)
        elif flaw == "visit_visa":
            row["visa_type"] = "pilgrimage" if country == "SA" and rng.chance(0.7) else rng.pick(["visit", "tourist"])
        elif flaw == "unlicensed_agency":
            variant = rng.pick(["fake_licence", "no_licence", "sponsor", "sponsor"])
            if variant == "sponsor":
                name = rng.pick(["Pak Joko", "Bu Sri", "Pak Slamet", "Mas Anton", "Bu Yati", "Pak Haji Rohman"])
                row["agency_name"] = f"{name} (sponsor)"
                row["agency_licence"] = ""
                ctx["sponsor"] = name
                contact = f"08{rng.randint(11, 59)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
            else:
                while True:
                    words = [rng.pick(AGENCY_W1), rng.pick(AGENCY_W2)]
                    name = "PT " + " ".join(words) + " " + rng.pick(["Sentosa Abadi", "Jaya Makmur", "Indo Global"])
                    if all(a.name != name for ags in self.by_kind.values() for a in ags):
                        break
                row["agency_name"] = name
                if variant == "no_licence":
                    row["agency_licence"] = ""
                else:
                    while True:
                        num = f"KEP.{rng.randint(1000, 9999)}"
                        if num not in self.known_numbers:
                            break
                    row["agency_licence"] = f"{num}/KP2MI/{self.as_of.year}"
                contact = f"rekrutmen@{''.join(w.lower() for w in words)}.com"
        elif flaw in ("expired_licence", "suspended_agency"):
            kinds = ("expired",) if flaw == "expired_licence" else ("suspended", "revoked")
            pool = [a for k in kinds for a in self.by_kind.get(k, [])]
            serving = [a for a in pool if country in a.countries] or pool
            agency = rng.pick(serving)
            row["agency_name"], row["agency_licence"] = agency.name, agency.licence
            ctx["agency"] = agency
            contact = self._clean_contact(agency, ctx["dl"])
        elif flaw == "job_order_unverified":
            row["job_order_verified"] = "false"
            if rng.chance(0.5):
                row["job_order_ref"] = ""
        elif flaw == "passport_held":
            row["passport_held_by"] = rng.pick(["employer", "employer", "agency"])
        elif flaw == "no_rest_day":
            row["rest_days_per_month"] = rng.randint(0, 2)
        elif flaw == "no_contract":
            row["contract_months"] = None
        elif flaw == "underage":
            row["min_age"] = rng.pick([16, 17, 17])
        elif flaw == "wa_only_fee_upfront":
            contact = f"WA 08{rng.randint(11, 59)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}" + \
                rng.pick([" (WhatsApp only)", " (hanya WA)", "", " — chat WA saja"])
        return contact

    # ---- text ------------------------------------------------------------------------------------
    def _occ_text(self, o: Occ, lang: str) -> str:
        """The occupation in running text: its label without the parenthetical, or a synonym."""
        forms = [o.label_id, *o.syn_id] if lang == "id" else [o.label_en, *o.syn_en]
        if len(forms) == 1 or self.rng.chance(0.6):
            return re.sub(r"\s*\(.*?\)", "", forms[0]).strip() or forms[0]
        return self.rng.pick(forms[1:])

    def _country_name(self, country: str, lang: str) -> str:
        names = self.t.country_id if lang == "id" else self.t.country_en
        return names.get(country, country)

    def _title(self, row: dict[str, Any], o: Occ, lang: str, channel: str) -> str:
        rng = self.rng
        occ = _cap_words(self._occ_text(o, lang))
        city, country = row["city"], self._country_name(row["country"], lang)
        money = money_text(row["salary_amount"], row["salary_currency"], lang)
        pay = f"{money}/{PERIOD_WORD[lang][row['salary_period']]}"
        household = row["employer_type"] == "household"
        if lang == "id":
            if household:
                base = rng.pick([f"Dibutuhkan {occ} untuk keluarga di {city}, gaji {pay}",
                                 f"{occ} untuk majikan di {city} ({country}), gaji {pay}",
                                 f"Lowongan {occ} {country} – {city}, gaji {pay}"])
                extras = []
                if row["rest_days_per_month"] not in (None, "") and int(row["rest_days_per_month"]) >= 4:
                    extras.append(f"libur {row['rest_days_per_month']} hari/bulan")
                if row["passport_held_by"] == "worker" and rng.chance(0.5):
                    extras.append("paspor dipegang sendiri")
                if extras and rng.chance(0.6):
                    base += ", " + ", ".join(extras)
                return base
            return rng.pick([f"Dibutuhkan {occ} di {city}, {country}", f"Lowongan {occ} – {city}, gaji {pay}",
                             f"Loker {occ} {country} ({city}), gaji {pay}", f"{occ} {country}: gaji {pay}"])
        if household:
            return rng.pick([f"{occ} for a family in {city} — {pay}", f"Domestic job: {occ}, {city} ({country})",
                             f"{occ} needed in {city}, {country} — {pay}"])
        extra = rng.pick([" + overtime", "", ", accommodation provided" if row["accommodation_provided"] == "true"
                          else ""])
        return rng.pick([f"{occ} – {city}, {country}: {pay}{extra}", f"Hiring: {occ} in {city}",
                         f"{occ} ({_cap_words(o.sector.replace('_', ' '))}), {city} — {pay}{extra}"])

    def _description(self, row: dict[str, Any], o: Occ, dl: str, ctx: dict[str, Any], flaw: str,
                     certs: list[str], langs: list[tuple[str, str]]) -> str:
        rng, t = self.rng, self.t
        mixed = ctx["lang"] == "mix"

        def L() -> str:  # language of the next sentence
            return (dl if rng.chance(0.65) else ("en" if dl == "id" else "id")) if mixed else dl

        country, channel = row["country"], ctx["channel"]
        household = row["employer_type"] == "household"
        sentences: list[str] = []
        lang = L()
        occ_l = self._occ_text(o, lang).lower()
        cname = self._country_name(country, lang)
        if household:
            n, m, k = rng.randint(3, 6), rng.randint(2, 11), rng.randint(1, 3)
            pat = rng.pick(_PATIENTS)
            tid, ten = _HOUSEHOLD_TASK.get(o.id, ("pekerjaan rumah tangga", "household work"))
            k_en = {1: "one", 2: "two", 3: "three"}[k]
            task = (tid if lang == "id" else ten).format(patient_id=pat[0], patient_en=pat[1], n=n, m=m, k=k,
                                                         k_en=k_en).replace("one school-age children",
                                                                            "one school-age child")
            where = row["city"] if row["city"] == cname else (f"{row['city']} ({cname})" if lang == "id"
                                                               else f"{row['city']}, {cname}")
            sentences.append(f"Keluarga di {where} membutuhkan {occ_l} untuk {task}." if lang == "id"
                             else f"Family in {where} looking for {_a(occ_l)}: {task}.")
        elif channel == S:
            sentences.append(
                f"{row['employer_name']} (syarikah SPSK) membutuhkan {occ_l} untuk ditempatkan di rumah pengguna "
                f"jasa di {row['city']}." if lang == "id" else
                f"{row['employer_name']} (SPSK syarikah) needs {_a(occ_l)} to work in a client household in "
                f"{row['city']}.")
            lang = L()
            sentences.append("Penempatan melalui SPSK (Sistem Penempatan Satu Kanal): pemberi kerja adalah syarikah "
                             "resmi, bukan perseorangan." if lang == "id" else
                             "Placement through SPSK (one-channel system): the employer is a licensed syarikah, "
                             "not an individual.")
        else:
            if country == "IT" and o.sector in ("hospitality", "food_service"):
                place = _CRUISE[lang]
            else:
                place = self._workplace(o, row["employer_name"], lang)
            sentences.append(f"{row['employer_name']} membuka lowongan {occ_l} untuk {place} di {row['city']}, "
                             f"{cname}." if lang == "id" else
                             f"{row['employer_name']} is hiring: {occ_l} for {place} in {row['city']}, {cname}.")
            if row["city"] == cname:
                sentences[-1] = sentences[-1].replace(f"{row['city']}, {cname}", cname)
        if channel == G:
            lang = L()
            prog = {"KR": ("Program G to G KP2MI – HRD Korea (EPS, visa E-9).",
                           "G to G programme KP2MI – HRD Korea (EPS, E-9 visa)."),
                    "DE": ("Program G to G Triple Win KP2MI – Bundesagentur für Arbeit.",
                           "Triple Win G to G programme, KP2MI with the Bundesagentur für Arbeit."),
                    "JP": ("Program G to G IJEPA (KP2MI – JICWELS).", "IJEPA G to G programme (KP2MI – JICWELS).")}
            sentences.append(prog[country][0 if lang == "id" else 1])
        # pay, hours, rest, contract, accommodation
        lang = L()
        money = money_text(row["salary_amount"], row["salary_currency"], lang)
        per = PERIOD_WORD[lang][row["salary_period"]]
        hours = row["hours_per_week"]
        if lang == "id":
            s = f"Gaji {money} per {per}"
            if row["salary_period"] != "month":
                s += f" ({number_text(hours, 'id')} jam/minggu)"
            s += rng.pick([", dibayar tiap bulan lewat transfer bank.", ", lembur dibayar.", ".", " + bonus.",
                           " (belum termasuk lembur)."])
        else:
            s = f"Salary {money} per {per}"
            if row["salary_period"] != "month":
                s += f" ({number_text(hours, 'en')} hours a week)"
            s += rng.pick([", paid monthly by bank transfer.", ", overtime paid.", ".", " plus bonus.",
                           " (before overtime)."])
        sentences.append(s)
        if row["salary_period"] == "month" and rng.chance(0.55):
            lang = L()
            sentences.append(f"Jam kerja {number_text(hours, 'id')} jam/minggu." if lang == "id"
                             else f"{number_text(hours, 'en')} hours a week.")
        rest = row["rest_days_per_month"]
        if flaw == "no_rest_day" or rng.chance(0.75):
            lang = L()
            if int(rest) == 0:
                sentences.append("Tidak ada hari libur, lembur dibayar." if lang == "id"
                                 else "No day off; overtime is paid.")
            elif household and country == "HK" and int(rest) >= 4:
                sentences.append(f"Libur setiap minggu (min. {rest} hari/bulan) dan 12 hari libur nasional."
                                 if lang == "id" else
                                 f"One rest day every week ({rest} a month) and 12 statutory holidays.")
            else:
                sentences.append(f"Libur {rest} hari per bulan." if lang == "id" else f"{rest} rest days a month.")
        if row["contract_months"] is not None and rng.chance(0.8):
            lang = L()
            n = int(row["contract_months"])
            if household and country == "HK" and n == 24:
                sentences.append("Kontrak standar ID 407 selama 2 tahun." if lang == "id"
                                 else "Standard contract ID 407, 2 years.")
            else:
                sentences.append(rng.pick([f"Kontrak {n} bulan.", f"Kontrak kerja {n} bulan, bisa diperpanjang."])
                                 if lang == "id" else rng.pick([f"{n}-month contract.",
                                                                f"Contract: {n} months, renewable."]))
        if rng.chance(0.7):
            lang = L()
            if household:
                sentences.append(rng.pick(["Tinggal bersama majikan, kamar sendiri.", "Makan dan tempat tinggal "
                                           "ditanggung majikan."]) if lang == "id"
                                 else rng.pick(["Live-in, own room.", "Food and accommodation provided."]))
            elif row["accommodation_provided"] == "true":
                sentences.append(rng.pick(["Tempat tinggal dan makan disediakan.", "Mess/asrama disediakan gratis.",
                                           "Akomodasi ditanggung perusahaan."]) if lang == "id"
                                 else rng.pick(["Accommodation and meals provided.", "Free hostel.",
                                                "Dormitory provided."]))
            else:
                sentences.append("Dibantu mencari tempat tinggal (biaya sendiri)." if lang == "id"
                                 else "Help finding accommodation (at own cost).")
        # requirements
        lang = L()
        parts = []
        g = row["gender"]
        if g != "any" or rng.chance(0.3):
            parts.append({"id": {"female": "wanita", "male": "pria", "any": "pria/wanita"},
                          "en": {"female": "female", "male": "male", "any": "male or female"}}[lang][g])
        lo, hi = row["min_age"], row["max_age"]
        if lo not in (None, ""):
            if hi not in (None, ""):
                parts.append(f"usia {lo}–{hi} tahun" if lang == "id" else f"aged {lo}–{hi}")
            else:
                parts.append(f"usia min. {lo} tahun" if lang == "id" else f"at least {lo} years old")
        exp = row["min_experience_years"]
        if exp:
            parts.append(f"pengalaman min. {number_text(exp, lang)} tahun" if lang == "id"
                         else f"{number_text(exp, lang)}+ years' experience")
        for c in certs[:2]:
            label_id, label_en, _ = t.certs[c]
            parts.append(label_id if lang == "id" else label_en)
        for code, lv in langs:
            names = _LANG_NAMES.get(code, (code, code))
            if lv in ("basic", "intermediate"):
                lvw = {"basic": ("dasar", "basic"), "intermediate": ("menengah", "intermediate")}[lv]
                parts.append(f"bahasa {names[0]} {lvw[0]}" if lang == "id" else f"{lvw[1]} {names[1]}")
            elif lv == "eps-topik":
                parts.append("lulus EPS-TOPIK" if lang == "id" else "EPS-TOPIK pass")
            else:
                parts.append(f"bahasa {names[0]} {lv}" if lang == "id" else f"{names[1]} {lv}")
        if parts:
            sentences.append(("Syarat: " if lang == "id" else "Requirements: ") + ", ".join(parts) + ".")
        # fee
        fee = float(row["worker_fee_amount"] or 0)
        lang = L()
        if flaw in ("fee_in_zero_cost", "excessive_fee"):
            fee_s = money_text(fee, "IDR", lang)
            if flaw == "fee_in_zero_cost":
                sentences.append(rng.pick([f"Biaya proses {fee_s} dibayar sebelum keberangkatan.",
                                           f"Ada biaya proses {fee_s} (bisa dicicil)."]) if lang == "id"
                                 else f"Processing fee {fee_s} payable before departure.")
            else:
                sentences.append(f"Biaya penempatan {fee_s} sudah termasuk pelatihan, medical dan tiket." if lang
                                 == "id" else f"Placement fee {fee_s} (includes training, medical check and ticket).")
        elif o.zero_cost:
            sentences.append(rng.pick(["Tanpa biaya penempatan (zero cost, Perban BP2MI 9/2020).",
                                       "Bebas biaya penempatan.", "Zero cost: semua biaya ditanggung pemberi kerja."])
                             if lang == "id" else rng.pick(["No placement fee (zero cost under Perban BP2MI 9/2020).",
                                                            "Zero cost to the worker."]))
        elif fee > 0:
            sentences.append(f"Biaya penempatan {money_text(fee, 'IDR', lang)} sesuai struktur biaya resmi, dengan "
                             f"kuitansi." if lang == "id" else
                             f"Placement cost {money_text(fee, 'IDR', lang)} as per the official cost structure, "
                             f"receipt issued.")
        elif rng.chance(0.6):
            sentences.append("Biaya penempatan ditanggung pemberi kerja." if lang == "id"
                             else "Placement costs are paid by the employer.")
        # job order and agency
        lang = L()
        jo, mission = row["job_order_ref"], MISSION_NAME.get(country, MISSION.get(country, ""))
        if not jo:
            sentences.append(rng.pick(["Job order menyusul.", "Job order sedang diproses."]) if lang == "id"
                             else rng.pick(["Job order to follow.", "Job order in process."]))
        elif row["job_order_verified"] == "true" and channel != G:
            if rng.chance(0.7):
                sentences.append(f"Job order terverifikasi {mission} No. {jo}." if lang == "id"
                                 else f"Job order {jo} verified by {mission}.")
        elif row["job_order_verified"] != "true" or rng.chance(0.3):
            sentences.append(f"Job order No. {jo}." if lang == "id" else f"Job order no. {jo}.")
        lang = L()
        if ctx["sponsor"]:
            sentences.append(f"Daftar lewat sponsor {ctx['sponsor']}, proses cepat." if lang == "id"
                             else f"Register with our sponsor {ctx['sponsor']}; fast process.")
        elif channel == G:
            sentences.append("Pendaftaran resmi hanya melalui KP2MI (SIAPkerja), tanpa calo." if lang == "id"
                             else "Apply only through the official KP2MI registration (SIAPkerja), no brokers.")
        elif row["agency_licence"] and rng.chance(0.6):
            sentences.append(f"Proses resmi melalui {row['agency_name']} (izin {row['agency_licence']})."
                             if lang == "id" else
                             f"Processed by {row['agency_name']} (licence {row['agency_licence']}).")
        elif not row["agency_licence"]:
            sentences.append(f"Proses melalui {row['agency_name']}." if lang == "id"
                             else f"Processed by {row['agency_name']}.")
        # the flaw itself
        flaw_s = self._flaw_sentence(flaw, row, L())
        if flaw_s:
            sentences.insert(rng.randint(1, len(sentences)), flaw_s)
        # negations that a naive keyword rule would misread (only those true for this listing)
        if rng.chance(0.55):
            keys = [k for k, (_, _, bad) in _NEGATIONS.items() if flaw not in bad]
            if o.zero_cost or fee > 0:
                keys = [k for k in keys if k != "no_registration"] if fee > 0 else keys
            for k in rng.sample(keys, rng.randint(1, 2)):
                lang = L()
                ids, ens, _ = _NEGATIONS[k]
                sentences.append(rng.pick(ids if lang == "id" else ens))
        if rng.chance(0.4):
            lang = L()
            sentences.append(f"Info dan pendaftaran: {row['contact']}." if lang == "id"
                             else f"Contact: {row['contact']}.")
        return " ".join(sentences)

    def _flaw_sentence(self, flaw: str, row: dict[str, Any], lang: str) -> str:
        rng = self.rng
        if flaw == "visit_visa":
            if row["visa_type"] == "pilgrimage":
                return rng.pick(["Berangkat dengan visa umrah, setelah tiba langsung kerja.",
                                 "Berangkat pakai visa ziarah, izin kerja diurus di sana."]) if lang == "id" \
                    else "Depart on an umrah visa and start work on arrival."
            return rng.pick(["Berangkat pakai visa kunjungan, nanti diurus visa kerja di sana.",
                             "Proses cepat: berangkat dengan visa turis, izin kerja menyusul."]) if lang == "id" \
                else rng.pick(["Travel on a visit visa first; the work visa is arranged after arrival.",
                               "Fast departure on a tourist visa, work permit processed on site."])
        if flaw == "passport_held":
            if row["passport_held_by"] == "agency":
                return "Paspor disimpan agensi sampai kontrak selesai." if lang == "id" \
                    else "The agency keeps the passport until the contract ends."
            return "Paspor dipegang majikan untuk keamanan." if lang == "id" \
                else "Passport kept by the employer for safekeeping during the contract."
        if flaw == "no_contract":
            return rng.pick(["Kontrak kerja diberikan setelah tiba di negara tujuan.",
                             "Tidak perlu kontrak, bisa langsung kerja."]) if lang == "id" \
                else rng.pick(["The employment contract will be given after arrival.",
                               "No contract needed, start right away."])
        if flaw == "underage":
            return f"Usia {row['min_age']} tahun boleh daftar, lulusan SMP diterima." if lang == "id" \
                else f"Applicants from age {row['min_age']} welcome."
        if flaw == "wa_only_fee_upfront":
            fee = money_text(float(self.rng.randint(5, 15) * 500_000), "IDR", lang)
            bank = rng.pick(["BCA", "BRI", "Mandiri", "BNI"])
            return (f"Transfer biaya pendaftaran {fee} ke rekening {bank} a.n. pribadi, lalu kirim bukti via WA."
                    if lang == "id" else
                    f"Pay the registration fee of {fee} to our personal {bank} account and send the receipt on "
                    f"WhatsApp.")
        if flaw == "salary_deduction":
            n = rng.randint(5, 9)
            return rng.pick([f"Potongan gaji {n} bulan untuk biaya agen.",
                             f"Gaji dipotong {n} bulan pertama untuk biaya proses."]) if lang == "id" \
                else f"Salary deduction for the first {n} months to cover agency costs."
        return ""

    # ---- the online-scam lure (domain-facts §4.3) ------------------------------------------------
    def _scam(self, i: int, expired: bool) -> tuple[dict[str, str], _ListingMeta]:
        rng, t = self.rng, self.t
        country = self.scam_table.draw(rng)
        city = rng.pick(CITIES[country])
        posted, expires = self._dates(expired)
        lang = rng.pick(["id"] * 15 + ["en"] * 3 + ["mix"] * 2)
        tl = rng.pick(["id", "en"]) if lang == "mix" else lang
        dl = ("en" if tl == "id" else "id") if lang == "mix" else lang
        salary = float(rng.randint(100, 150) * 10)
        job = rng.pick(["admin online", "customer service", "marketing online", "CS online", "admin sosmed",
                        "operator komputer"])
        cname = self._country_name(country, tl)
        money = money_text(salary, "USD", tl)
        handle = rng.pick(["admin_kerja", "loker_asia", "hrd.global", "rekrut.cepat", "info.lowongan"]) + \
            str(rng.randint(10, 99))
        contact = rng.pick([f"WA +62 8{rng.randint(11, 59)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                            f"Telegram @{handle.replace('.', '_')}", f"{handle}@gmail.com",
                            f"WA 08{rng.randint(11, 59)}{rng.randint(1000000, 9999999)} / Telegram @{handle}"])
        if tl == "id":
            title = rng.pick([f"Lowongan {job} di {cname}, gaji {money}, tanpa pengalaman",
                              f"Dicari {job} {cname} – gaji {money}/bulan, tiket ditanggung",
                              f"BUTUH CEPAT!! {job} {cname} gaji {money}"])
        else:
            title = rng.pick([f"{_cap_words(job)} in {cname} — {money}/month, no experience needed",
                              f"Urgent: {job} jobs in {cname}, {money}/month, free ticket"])
        if dl == "id":
            parts = ["Tanpa pengalaman, tanpa ijazah, usia bebas.", "Tiket pesawat dan visa ditanggung perusahaan.",
                     "Cukup paspor, berangkat cepat dalam 1 minggu.", "Kerja di kantor ber-AC, mess dan makan gratis.",
                     "Bisa mengetik dan main HP sudah cukup.",
                     "Berangkat pakai visa turis (bebas visa ASEAN), nanti diurus di sana.",
                     f"Gaji {money_text(salary, 'USD', 'id')} per bulan + bonus target."]
            tail = f"Hubungi {contact}."
        else:
            parts = ["No experience, no diploma, any age.", "Flight ticket and visa paid by the company.",
                     "Only a passport needed, fly within a week.", "Air-conditioned office, free mess and meals.",
                     "If you can type and use a phone, you qualify.",
                     "Enter on a tourist visa (ASEAN visa-free), papers arranged there.",
                     f"Salary {money_text(salary, 'USD', 'en')} per month plus target bonus."]
            tail = f"Contact {contact}."
        desc = " ".join(rng.sample(parts, rng.randint(4, len(parts))) + [tail])
        o = t.occ.get("customer_service_agent")
        occ_text = (o.label_id if tl == "id" else o.label_en) if o else job
        skills = [] if not o or rng.chance(0.5) else rng.sample(o.core, min(2, len(o.core)))
        employer = rng.pick(["", "", f"{rng.pick(_COMPANY_WORDS['SCAM'])} "
                                    f"{rng.pick(['Group', 'Technology', 'Investment', 'Digital Co.'])}"])
        row: dict[str, Any] = {
            "listing_ref": f"L{i + 1:06d}", "title": title, "description": desc, "occupation": occ_text,
            "sector": "services", "employer_name": employer, "employer_type": "company", "country": country,
            "city": city, "agency_name": "", "agency_licence": "", "job_order_ref": "",
            "job_order_verified": rng.pick(["", "false"]),
            "required_skills": ";".join(self._skill_text(s, dl) for s in skills),
            "required_certificates": "", "required_languages": rng.pick(["", "", "en:basic"]),
            "min_experience_years": rng.pick(["", 0.0]), "min_age": rng.pick(["", "", 18]), "max_age": "",
            "gender": "any", "salary_amount": salary, "salary_currency": "USD", "salary_period": "month",
            "hours_per_week": rng.pick(["", 60.0, 72.0]), "rest_days_per_month": rng.pick(["", 4]),
            "worker_fee_amount": rng.pick(["", 0.0]), "worker_fee_currency": "IDR",
            "contract_months": rng.pick(["", "", 6, 12]), "visa_type": rng.pick(["tourist", "tourist", ""]),
            "accommodation_provided": "true", "passport_held_by": "", "contact": contact,
            "posted_at": posted.isoformat(), "expires_at": expires.isoformat(),
        }
        out = {col: _cell(row.get(col)) for col in LISTING_COLUMNS}
        out["flaw"] = "scam_lure"
        meta = _ListingMeta(out["listing_ref"], "scam_lure", expired, "customer_service_agent", "services", country,
                            employer, "company", "any", None, None, frozenset(skills), {}, (), 0.0,
                            convert(salary, "USD", "IDR", t.fx), posted)
        return out, meta


def _a(noun: str) -> str:
    """``noun`` with the English indefinite article."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _cap_words(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _cell(value: Any) -> str:
    """A CSV cell: '' for unknown, 'true'/'false', numbers without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return amount_str(value)
    return str(value)


def _make_listings(rng: Rng, ref: Reference, t: Tables, as_of: date, agencies: list[Agency], n: int,
                   country_share: dict[str, float]) -> tuple[pd.DataFrame, list[_ListingMeta]]:
    maker = _Listings(rng, ref, t, as_of, agencies, country_share)
    available = {f: w for f, w in _FLAW_WEIGHTS.items() if f in maker.tables or f not in _TABLE_FLAWS}
    n_flawed = int(round(FLAW_SHARE * n))
    quota = quotas(available, n_flawed)
    labels = [""] * (n - n_flawed) + [f for f in FLAWS if f in quota for _ in range(quota[f])]
    order = rng.gen.permutation(n)
    flaws = [labels[j] for j in order]
    expired = np.zeros(n, dtype=bool)
    expired[rng.gen.permutation(n)[: int(round(EXPIRED_SHARE * n))]] = True
    rows, metas = [], []
    for i in range(n):
        row, meta = maker.build(i, flaws[i], bool(expired[i]))
        rows.append(row)
        metas.append(meta)
    return pd.DataFrame(rows, columns=list(LISTING_DEMO_COLUMNS)), metas


# ---------------------------------------------------------------------------------------------------
# Workers (no names, no phone numbers, no addresses: personal-data minimisation)
# ---------------------------------------------------------------------------------------------------

@dataclass
class _WorkerMeta:
    ref: str
    gender: str
    age: int
    target: str
    skills: frozenset[str]
    languages: dict[str, int]
    certs: frozenset[str]
    exp_occ: dict[str, float]
    exp_sector: dict[str, float]
    countries: list[str]
    sectors: list[str]
    min_salary_idr: int


_FEMALE_SHARE = 0.72
_FEMALE_BY_OCC = {"housekeeper": 0.98, "elderly_caretaker": 0.95, "babysitter": 0.99, "child_care_worker": 0.98,
                  "family_cook": 0.9, "care_worker": 0.75, "nurse": 0.75, "nurse_assistant": 0.8,
                  "electronics_assembler": 0.7, "sewing_machine_operator": 0.8, "hotel_room_attendant": 0.6,
                  "quality_inspector": 0.55, "packer": 0.55, "food_processing_operator": 0.5,
                  "waiter": 0.5, "kitchen_helper": 0.45, "baker": 0.4, "hotel_receptionist": 0.6,
                  "building_cleaner": 0.45, "customer_service_agent": 0.5, "production_operator": 0.4,
                  "factory_worker": 0.35, "farm_worker": 0.3, "crop_harvester": 0.3, "plantation_worker": 0.2,
                  "restaurant_cook": 0.35, "laundry_worker": 0.7}
_MALE_ONLY_SECTORS = {"construction", "trades", "driving", "fishing"}

_LEVEL_WORDS = {  # rank -> (Indonesian, English) generic words, as in language_levels.csv
    1: (["dasar", "sedikit", "sedikit-sedikit"], ["basic", "a little", "beginner"]),
    2: (["dasar lanjutan", "percakapan dasar"], ["elementary", "basic conversation"]),
    3: (["menengah", "bisa percakapan"], ["intermediate", "conversational"]),
    4: (["baik", "cukup lancar"], ["good", "upper-intermediate"]),
    5: (["lancar", "fasih"], ["fluent"]),
    6: (["bahasa ibu"], ["native"]),
}
_JA_LEVEL = {1: ["N5", "JLPT N5"], 2: ["N4", "JFT-Basic A2", "JLPT N4"], 3: ["N3"], 4: ["N2"]}
_CEFR = {1: ["A1"], 2: ["A2"], 3: ["B1"], 4: ["B2"], 5: ["C1"]}
_KO_LEVEL = {1: ["dasar", "basic"], 2: ["EPS-TOPIK", "lulus EPS-TOPIK"], 3: ["menengah", "TOPIK 3"]}
_TARGET_LANG = {"HK": "yue", "TW": "zh", "JP": "ja", "KR": "ko", "DE": "de", "SA": "ar", "AE": "ar", "QA": "ar",
                "KW": "ar", "OM": "ar", "BH": "ar", "JO": "ar", "MY": "ms", "BN": "ms", "SG": "en", "IT": "en",
                "TR": "en", "PL": "en"}
_LANG_FORMS = {  # code -> free-text names (Indonesian first)
    "en": ["Inggris", "bahasa Inggris", "English"], "zh": ["Mandarin", "bahasa Mandarin", "Chinese (Mandarin)"],
    "yue": ["Kanton", "bahasa Kanton", "Cantonese"], "ja": ["Jepang", "bahasa Jepang", "Japanese"],
    "ko": ["Korea", "bahasa Korea", "Korean"], "de": ["Jerman", "bahasa Jerman", "German"],
    "ar": ["Arab", "bahasa Arab", "Arabic"], "ms": ["Melayu", "bahasa Melayu", "Malay"],
    "id": ["Indonesia", "Bahasa Indonesia", "Indonesian"],
}
_EDU_TEXT = {
    "SD": ["SD", "tamat SD", "Primary school"], "SMP": ["SMP", "lulusan SMP", "Junior high school", "SMP/MTs"],
    "SMA": ["SMA", "lulusan SMA", "Senior high school", "SMA IPS"],
    "SMK": ["SMK", "SMK Tata Boga", "SMK Teknik Mesin", "SMK Perhotelan", "Vocational high school (SMK)"],
    "MA": ["MA", "Madrasah Aliyah"], "Paket C": ["Paket C"], "D3": ["D3 Perhotelan", "D3 Teknik Mesin", "Diploma 3"],
    "S1": ["S1 Ekonomi", "S1 Pendidikan", "Bachelor's degree"],
}
_NURSE_EDU = ["D3 Keperawatan", "D3 Keperawatan", "S1 Keperawatan + Ners", "Bachelor of Nursing (S1 Ners)"]


class _Workers:
    def __init__(self, rng: Rng, t: Tables, as_of: date, job_rows: list[tuple[tuple[str, str, str], float]],
                 unknown_skills: list[str]) -> None:
        self.rng, self.t, self.as_of = rng, t, as_of
        occ_w: dict[str, float] = {}
        self.country_by_occ: dict[str, list[tuple[str, float]]] = {}
        country_w: dict[str, float] = {}
        for (c, occ, _), w in job_rows:
            occ_w[occ] = occ_w.get(occ, 0.0) + w
            self.country_by_occ.setdefault(occ, []).append((c, w))
            country_w[c] = country_w.get(c, 0.0) + w
        self.occ_tables = {}
        for g in ("female", "male"):
            pairs = []
            for occ in sorted(occ_w):
                f = self._female_p(occ)
                pairs.append((occ, occ_w[occ] * (f if g == "female" else 1 - f)))
            self.occ_tables[g] = Table(pairs)
        self.country_tables = {occ: Table(sorted(v)) for occ, v in self.country_by_occ.items()}
        self.country_table = Table(sorted(country_w.items()))
        self.province_table = Table(list(_PROVINCES.items()))
        self.edu_table = Table(_EDUCATION)
        self.unknown = unknown_skills
        self.sector_occs: dict[str, list[str]] = {}
        for occ in sorted(occ_w):
            self.sector_occs.setdefault(t.occ[occ].sector, []).append(occ)
        self.market_idr: dict[tuple[str, str], float] = {}

    def _female_p(self, occ: str) -> float:
        if occ in _FEMALE_BY_OCC:
            return _FEMALE_BY_OCC[occ]
        return 0.02 if self.t.occ[occ].sector in _MALE_ONLY_SECTORS or occ in ("family_driver", "gardener",
                                                                               "livestock_worker") else 0.4

    def _typical_idr(self, country: str, occ: str) -> float:
        key = (country, occ)
        if key not in self.market_idr:
            household = self.t.occ[occ].sector in ("domestic", "care") and occ != "care_worker"
            spec = PAY_OCC.get(key) or PAY[country].get(H if household else C) or PAY[country].get(S) \
                or PAY[country][C]
            cur, lo, hi = spec
            self.market_idr[key] = convert((lo + hi) / 2, cur, "IDR", self.t.fx) or 8_000_000.0
        return self.market_idr[key]

    def _skill_text(self, sid: str, lang: str) -> str:
        rng = self.rng
        forms = self.t.skill_id_text[sid] if lang == "id" else self.t.skill_en[sid]
        text = forms[0] if len(forms) == 1 or rng.chance(0.5) else rng.pick(forms[1:])
        r = rng.u()
        if r < 0.5:
            text = text.lower()
        elif r < 0.65:
            text = text[:1].upper() + text[1:]
        if rng.chance(0.07):
            text = typo(rng, text)
        return text

    def _lang_entry(self, code: str, rank: int, lang: str) -> dict[str, str]:
        rng = self.rng
        forms = _LANG_FORMS.get(code, [code])
        name = forms[-1] if lang == "en" else rng.pick(forms[:-1]) if lang == "id" else rng.pick(forms)
        if code == "ja" and rank in _JA_LEVEL:
            level = rng.pick(_JA_LEVEL[rank])
        elif code == "de" and rank in _CEFR:
            level = rng.pick(_CEFR[rank])
        elif code == "ko" and rank in _KO_LEVEL:
            level = rng.pick(_KO_LEVEL[rank])
        else:
            ids, ens = _LEVEL_WORDS[rank]
            level = rng.pick(ens if lang == "en" else ids if lang == "id" else ids + ens)
        return {"language": name, "level": level}

    def build(self, i: int) -> tuple[dict[str, Any], _WorkerMeta]:
        rng, t = self.rng, self.t
        gender = "female" if rng.chance(_FEMALE_SHARE) else "male"
        target = self.occ_tables[gender].draw(rng)
        o = t.occ[target]
        lang = rng.pick(["id"] * 5 + ["en"] * 3 + ["mix"] * 2)
        age = max(18, min(52, int(round(29 + 6.5 * rng.normal()))))
        if target == "nurse":
            age = rng.randint(23, 35)
        # experience abroad
        exp: list[tuple[str, float, str]] = []
        room = age - 19.0  # years that could have been spent working abroad
        if room >= 1 and rng.chance(0.45):
            for _ in range(1 if rng.chance(0.75) else 2):
                occ = target if rng.chance(0.7) else rng.pick(self.sector_occs[o.sector])
                country = self.country_tables[occ].draw(rng)
                years = min(float(rng.pick([1, 2, 2, 2, 3, 3, 4, 5, 6])) + (0.5 if rng.chance(0.1) else 0.0), room)
                if years < 1:
                    break
                room -= years
                exp.append((occ, years, country))
        exp_occ: dict[str, float] = {}
        exp_sector: dict[str, float] = {}
        for occ, years, _ in exp:
            exp_occ[occ] = exp_occ.get(occ, 0.0) + years
            sec = t.occ[occ].sector
            exp_sector[sec] = exp_sector.get(sec, 0.0) + years
        # skills: target occupation core, related, and from past jobs
        skills = rng.sample(o.core, max(1, int(round(len(o.core) * rng.uniform(0.5, 1.0)))))
        if o.related:
            skills += rng.sample(o.related, rng.randint(0, 2))
        for occ, _, _ in exp:
            if occ != target and t.occ[occ].core:
                skills += rng.sample(t.occ[occ].core, rng.randint(1, 2))
        skills = list(dict.fromkeys(skills))[:8]
        skill_texts = [self._skill_text(s, rng.pick(["id", "en"]) if lang == "mix" else lang) for s in skills]
        n_unknown = 0 if rng.chance(0.55) else (1 if rng.chance(0.75) else 2)
        skill_texts += rng.sample(self.unknown, n_unknown) if self.unknown else []
        skill_texts = rng.sample(skill_texts, len(skill_texts))
        # preferences
        countries = [self.country_tables[target].draw(rng)]
        for _ in range(rng.pick([0, 0, 1, 1, 2])):
            c = self.country_tables[target].draw(rng) if rng.chance(0.6) else self.country_table.draw(rng)
            if c not in countries:
                countries.append(c)
        sectors = [o.sector]
        if rng.chance(0.3):
            other = {"domestic": "care", "care": "domestic", "nursing": "care", "manufacturing": "logistics",
                     "food_service": "hospitality", "hospitality": "food_service", "agriculture": "manufacturing",
                     "construction": "trades", "trades": "construction", "fishing": "manufacturing",
                     "cleaning": "hospitality", "driving": "logistics", "logistics": "manufacturing"}.get(o.sector)
            if other:
                sectors.append(other)
        typical = self._typical_idr(countries[0], target)
        min_salary = int(round(typical * rng.uniform(0.6, 1.0) / 500_000)) * 500_000
        # languages
        langs: dict[str, int] = {}
        entries: list[dict[str, str]] = []
        if rng.chance(0.4):
            entries.append(self._lang_entry("id", 6, lang))
            langs["id"] = 6
        en_rank = 0 if rng.chance(0.35) else (1 if rng.chance(0.65) else rng.pick([2, 3, 3, 4, 5]))
        tgt = _TARGET_LANG.get(countries[0])
        lived = {c for _, _, c in exp}
        if tgt == "en":
            en_rank = max(en_rank, 1 if rng.chance(0.7) else 0)
        if tgt and tgt != "en":
            if tgt == "yue" and "yue" not in t.lang_codes:
                tgt = "zh"
            code_countries = [c for c, code in _TARGET_LANG.items() if code == tgt or (tgt == "zh" and c == "HK")]
            if lived & set(code_countries):
                rank = rng.pick([2, 3, 3, 4, 5])
            elif tgt == "ms":
                rank = rng.pick([3, 4, 5])
            elif rng.chance(0.6):
                rank = rng.pick([1, 1, 2, 2, 3]) if tgt in ("ja", "ko", "de") else rng.pick([1, 1, 2])
            else:
                rank = 0
            if tgt == "de" and target == "nurse" and rank and rng.chance(0.5):
                rank = max(rank, 3)
            if rank:
                entries.append(self._lang_entry(tgt, rank, lang))
                langs[tgt] = rank
        if en_rank:
            entries.append(self._lang_entry("en", en_rank, lang))
            langs["en"] = en_rank
        # certificates
        certs = self._certs(target, countries, langs)
        cert_texts = []
        for c in certs:
            lid, len_, syns = t.certs[c]
            text = rng.pick([lid, len_, *syns]) if lang == "mix" else \
                rng.pick([lid if lang == "id" else len_, *syns[:4]])
            if rng.chance(0.2):
                text += f" ({self.as_of.year - rng.randint(0, 4)})"
            cert_texts.append(text)
        # education
        if target == "nurse" or (target in ("care_worker", "nurse_assistant") and rng.chance(0.3)):
            edu = rng.pick(_NURSE_EDU)
        else:
            level = self.edu_table.draw(rng)
            if level in ("D3", "S1") and rng.chance(0.6):
                level = "SMA"
            edu = rng.pick(_EDU_TEXT[level])
        experience = [{"occupation": self._occ_free(occ, lang), "years": years,
                       "country": c if rng.chance(0.5) else (t.country_en if lang == "en" else t.country_id)
                       .get(c, c)} for occ, years, c in exp]
        summary = self._summary(lang, target, exp, skills, langs, countries, edu)
        profile = {
            "worker_ref": f"W{i + 1:06d}", "gender": gender, "birth_year": self.as_of.year - age,
            "province": self.province_table.draw(rng), "education_level": edu, "skills": skill_texts,
            "certificates": cert_texts, "languages": entries, "experience": experience,
            "preferences": {"countries": countries, "sectors": sectors, "min_monthly_salary_idr": min_salary},
            "summary": summary,
        }
        meta = _WorkerMeta(profile["worker_ref"], gender, age, target, frozenset(skills), langs, frozenset(certs),
                           exp_occ, exp_sector, countries, sectors, min_salary)
        return profile, meta

    def _certs(self, target: str, countries: list[str], langs: dict[str, int]) -> list[str]:
        rng, sector = self.rng, self.t.occ[target].sector
        out = []
        if target in BNSP_DOMESTIC and rng.chance(0.55):
            out.append(BNSP_DOMESTIC[target])
        if target == "care_worker" and rng.chance(0.4):
            out.append(rng.pick(["bnsp_caregiver", "careworker_certificate"]))
        if target == "nurse" and rng.chance(0.9):
            out.append("str_nurse")
        if target == "fishing_vessel_crew":
            out += [c for c, p in (("bst", 0.7), ("seaman_book", 0.65)) if rng.chance(p)]
        for occ, key, p in (("forklift_operator", "sio_forklift", 0.6),
                            ("heavy_equipment_operator", "sio_heavy_equipment", 0.6), ("welder", "bnsp_welder", 0.5),
                            ("plantation_worker", "bnsp_plantation", 0.2), ("restaurant_cook", "bnsp_cook", 0.3)):
            if target == occ and rng.chance(p):
                out.append(key)
        if sector == "driving" and rng.chance(0.8):
            out.append("sim_b1")
        if sector == "food_service" and rng.chance(0.2):
            out.append("food_handler_cert")
        if "JP" in countries:
            if langs.get("ja", 0) >= 2 and rng.chance(0.7):
                out.append(rng.pick(["jft_basic", "jlpt_n4"]))
            elif langs.get("ja", 0) == 1 and rng.chance(0.5):
                out.append("jlpt_n5")
            if target in SSW_TEST and rng.chance(0.3):
                out.append(SSW_TEST[target])
        if "KR" in countries and langs.get("ko", 0) >= 2 and rng.chance(0.8):
            out.append("eps_topik")
        if "DE" in countries and langs.get("de", 0) >= 3 and rng.chance(0.8):
            out.append("goethe_b1")
        return list(dict.fromkeys(c for c in out if c in self.t.certs))

    def _occ_free(self, occ: str, lang: str) -> str:
        o = self.t.occ[occ]
        forms = [o.label_id, *o.syn_id] if lang == "id" else [o.label_en, *o.syn_en] if lang == "en" else \
            [o.label_id, *o.syn_id, o.label_en, *o.syn_en]
        text = self.rng.pick(forms)
        return text.lower() if self.rng.chance(0.5) else text

    def _summary(self, lang: str, target: str, exp: list[tuple[str, float, str]], skills: list[str],
                 langs: dict[str, int], countries: list[str], edu: str) -> str:
        rng, t = self.rng, self.t
        sk_lang = "en" if lang == "en" else "id"
        sk_pool = skills or list(t.occ[target].core)
        sk = [self._skill_text(s, sk_lang if lang != "mix" else "en").lower() for s in rng.sample(sk_pool, 2)]
        while len(sk) < 2:
            sk.append(sk[0] if sk else ("memasak" if lang != "en" else "cooking"))
        pref = (t.country_en if lang == "en" else t.country_id).get(countries[0], countries[0])
        target_txt = self._occ_free(target, "en" if lang in ("en", "mix") else "id").lower()
        foreign = [(c, r) for c, r in langs.items() if c not in ("id",)]
        lang_bit = ""
        if foreign:
            code, rank = rng.pick(foreign)
            forms = _LANG_FORMS.get(code, [code])
            lvl_id, lvl_en = ("dasar", "basic") if rank <= 2 else ("menengah", "intermediate") if rank <= 4 \
                else ("lancar", "fluent")
            lang_bit = {"id": f"bahasa {forms[0]} {lvl_id}", "en": f"{lvl_en} {forms[-1]}",
                        "mix": f"{lvl_en} {forms[0]}"}[lang]
        if exp:
            occ, years, c = exp[0]
            cname = (t.country_en if lang == "en" else t.country_id).get(c, c)
            past = self._occ_free(occ, "en" if lang in ("en", "mix") else "id").lower()
            y = number_text(years, "en" if lang == "en" else "id")
            if lang == "id":
                s = f"Saya pernah kerja {y} tahun di {cname} sebagai {past}, bisa {sk[0]} dan {sk[1]}"
                s += f", {lang_bit}." if lang_bit else "."
                return s + rng.pick([f" Ingin kerja lagi di {pref}.",
                                     f" Siap berangkat ke {pref} sebagai {target_txt}.", ""])
            if lang == "en":
                s = f"I worked {y} years in {cname} as a {past}. I can do {sk[0]} and {sk[1]}"
                s += f", and I speak {lang_bit}." if lang_bit else "."
                return s + rng.pick([f" Looking for a {target_txt} job in {pref}.", " Ready to start soon.", ""])
            s = f"Pengalaman {y} tahun {past} di {cname}, bisa {sk[0]} dan {sk[1]}"
            s += f", {lang_bit}." if lang_bit else "."
            return s + rng.pick([f" Mau kerja di {pref}.", f" Ready kerja di {pref} sebagai {target_txt}."])
        if lang == "id":
            s = f"Lulusan {edu}, belum pernah kerja di luar negeri. Bisa {sk[0]} dan {sk[1]}"
            s += f", {lang_bit}." if lang_bit else "."
            return s + f" Siap berangkat ke {pref} sebagai {target_txt}."
        if lang == "en":
            s = f"{edu} graduate with no overseas experience yet. I can do {sk[0]} and {sk[1]}"
            s += f", and I speak {lang_bit}." if lang_bit else "."
            return s + f" Ready to work in {pref} as a {target_txt}."
        s = f"Saya fresh graduate {edu}, skill {sk[0]} dan {sk[1]}"
        s += f", {lang_bit}." if lang_bit else "."
        return s + f" Mau kerja di {pref} sebagai {target_txt}."


# ---------------------------------------------------------------------------------------------------
# Outcomes (SIMULATED; see the module docstring)
# ---------------------------------------------------------------------------------------------------

def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _make_outcomes(rng: Rng, as_of: date, listings: list[_ListingMeta], workers: list[_WorkerMeta]
                   ) -> pd.DataFrame:
    eligible = [m for m in listings if not m.flaw and not m.expired and m.posted < as_of]
    by_sc: dict[tuple[str, str], list[int]] = {}
    by_s: dict[str, list[int]] = {}
    by_c: dict[str, list[int]] = {}
    market: dict[tuple[str, str], list[float]] = {}
    for j, m in enumerate(eligible):
        by_sc.setdefault((m.sector, m.country), []).append(j)
        by_s.setdefault(m.sector, []).append(j)
        by_c.setdefault(m.country, []).append(j)
        if m.monthly_idr:
            market.setdefault((m.country, m.occupation), []).append(m.monthly_idr)
    typical = {key: float(np.median(v)) for key, v in market.items()}
    # hidden qualities, drawn once per employer and per agency in a fixed (sorted) order; never exported
    quality = {name: rng.normal() for name in sorted({m.employer for m in eligible})}
    agency_quality = {lic: rng.normal() for lic in sorted({m.agency for m in eligible})}
    end = datetime.combine(as_of, time())
    rows: list[tuple[str, str, str, str]] = []
    for w in workers:
        pools = [p for p in ([j for s in w.sectors for c in w.countries for j in by_sc.get((s, c), [])],
                             [j for s in w.sectors for j in by_s.get(s, [])],
                             [j for c in w.countries for j in by_c.get(c, [])]) if p]
        if not pools:
            continue
        k = rng.randint(IMPRESSIONS[0], IMPRESSIONS[1])
        chosen: list[int] = []
        seen: set[int] = set()
        for _ in range(k * 6):
            if len(chosen) >= k:
                break
            r = rng.u()
            pool = pools[0] if r < 0.55 or len(pools) == 1 else pools[1] if r < 0.85 or len(pools) == 2 else pools[2]
            j = rng.pick(pool)
            m = eligible[j]
            if j in seen or (m.gender != "any" and m.gender != w.gender):
                continue
            seen.add(j)
            chosen.append(j)
        # recommendation times first, then walk the worker's history in time order
        recs = []
        for j in chosen:
            m = eligible[j]
            start = datetime.combine(max(m.posted, as_of - timedelta(days=POSTED_WITHIN_DAYS)), time())
            # most of the history is old enough for its funnels to have run their course (see RECENT_DAYS)
            stop = end - timedelta(days=RECENT_DAYS) if end - timedelta(days=RECENT_DAYS) > start else end
            recs.append((start + timedelta(seconds=int(rng.u() * (stop - start).total_seconds() * 0.9)), j))
        recs.sort()
        offers: list[tuple[float, int, int, _Fit]] = []  # (worker's utility, rec index, listing, fit)
        history: list[list[tuple[str, datetime]]] = []
        for n, (ts, j) in enumerate(recs):
            m = eligible[j]
            fit = _fit(w, m, typical)
            q, qa = quality[m.employer], agency_quality.get(m.agency, 0.0)
            p_view = _sig(-0.4 + 0.9 * fit.pay_ok + 0.8 * fit.pref_country + 0.5 * fit.pref_sector
                          + 1.0 * fit.overlap + 0.5 * rng.normal())
            p_apply = _sig(
                -3.6 + 2.6 * fit.overlap + 0.5 * fit.lang_ok + 0.4 * fit.exp_ok + 0.8 * fit.pay_ok + 1.5 * fit.pay_wish
                + 1.5 * fit.pay_market + 0.5 * fit.pref_country + 0.4 * fit.pref_sector - 1.0 * fit.fee_months
                + 0.4 * rng.normal())
            p_hire = _sig(-4.3 + 3.0 * fit.overlap + 1.2 * fit.cert_ok - 0.8 * fit.lang_gap + 0.6 * fit.exp_ok
                          + 1.0 * fit.age_ok + 0.6 * q + 0.4 * qa + 0.5 * rng.normal())
            events = [("recommended", ts)]
            for event, p, (lo, hi) in (("viewed", p_view, (0.02, 3)), ("applied", p_apply, (0.1, 7)),
                                       ("hired", p_hire, (5, 35))):
                if rng.u() >= p:
                    break
                ts = ts + timedelta(seconds=int(rng.uniform(lo, hi) * 86400))
                if ts >= end:
                    break
                events.append((event, ts))
            history.append(events)
            if events[-1][0] == "hired":
                utility = fit.pay_wish + fit.pay_market - 0.3 * fit.fee_months + 0.5 * fit.pref_country
                offers.append((utility + 0.3 * rng.normal(), n, j, fit))
        # one placement per worker: she takes the offer she values most (pay against her wish and the market,
        # net of fees, in a country she wants); the other employers' offers are declined and stay at "applied"
        accepted = max(offers, key=lambda o: (o[0], -o[1])) if offers else None
        for n, ((_, j), events) in enumerate(zip(recs, history, strict=True)):
            m = eligible[j]
            if accepted is None or n != accepted[1]:
                events = [e for e in events if e[0] != "hired"]
            rows.extend((w.ref, m.ref, event, t.isoformat(timespec="seconds")) for event, t in events)
        if accepted is not None:
            _, n, j, fit = accepted
            m = eligible[j]
            q, qa = quality[m.employer], agency_quality.get(m.agency, 0.0)
            p_complaint = _sig(-2.3 - 1.1 * q - 0.9 * qa + 0.7 * fit.fee_months - 1.2 * fit.pay_market
                               - 0.5 * fit.overlap)
            p_done = _sig(0.3 + 0.8 * q + 0.6 * qa + 0.7 * fit.overlap + 0.8 * fit.pay_market - 0.4 * fit.fee_months)
            r = rng.u()
            event = "complaint" if r < p_complaint else "completed" if r < p_complaint + (1 - p_complaint) * p_done \
                else ""
            ts = history[n][-1][1] + timedelta(seconds=int(rng.uniform(14, 90) * 86400))
            if event and ts < end:
                rows.append((w.ref, m.ref, event, ts.isoformat(timespec="seconds")))
    return pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))


@dataclass(frozen=True)
class _Fit:
    """The observable fit of a worker and a listing that drives the simulated funnel (all visible to Layak)."""

    overlap: float        # share of required skills the worker has
    cert_ok: float        # share of required certificates held (1.0 when none)
    lang_gap: float       # language levels missing, summed (capped at 3)
    lang_ok: float        # 1.0 when no level is missing
    exp_ok: float         # 1.0 when relevant experience meets the requirement
    age_ok: float         # 1.0 when within the listing's age limits
    pay_ok: float         # 1.0 when pay meets the worker's wish
    pay_wish: float       # log(pay / wish), clipped to [-1, 1] (0 without a wish)
    pay_market: float     # log(pay / typical pay for the corridor and occupation), clipped to [-0.7, 0.7]
    fee_months: float     # worker fee in months of pay
    pref_country: float
    pref_sector: float


def _fit(w: _WorkerMeta, m: _ListingMeta, typical: dict[tuple[str, str], float]) -> _Fit:
    years = w.exp_occ.get(m.occupation, 0.0) + 0.5 * w.exp_sector.get(m.sector, 0.0)
    gap = sum(max(0, need - w.languages.get(code, 0)) for code, need in m.languages.items())
    pay = m.monthly_idr or 0.0
    wish = float(w.min_salary_idr or 0)
    usual = typical.get((m.country, m.occupation), pay)
    return _Fit(
        overlap=len(w.skills & m.skills) / max(1, len(m.skills)),
        cert_ok=(sum(c in w.certs for c in m.certs) / len(m.certs)) if m.certs else 1.0,
        lang_gap=float(min(gap, 3)), lang_ok=1.0 if gap == 0 else 0.0,
        exp_ok=1.0 if years >= m.min_exp else 0.0,
        age_ok=1.0 if (m.min_age is None or w.age >= m.min_age) and (m.max_age is None or w.age <= m.max_age)
        else 0.0,
        pay_ok=1.0 if pay and pay >= wish else 0.0,
        pay_wish=float(np.clip(math.log(pay / wish), -1, 1)) if pay and wish else 0.0,
        pay_market=float(np.clip(math.log(pay / usual), -0.7, 0.7)) if pay and usual else 0.0,
        fee_months=m.fee_idr / pay if pay else 0.0,
        pref_country=1.0 if m.country in w.countries else 0.0,
        pref_sector=1.0 if m.sector in w.sectors else 0.0,
    )


# ---------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------

def generate_demo(n_listings: int = 20_000, n_workers: int = 5_000, seed: int = 7, as_of: date | None = None,
                  n_agencies: int = 120, ref: Reference | None = None) -> DemoData:
    """Generate the demo registry, listings, workers and SIMULATED outcomes (see the module docstring).

    Pure and deterministic for the same ``(seed, as_of, sizes)``. ``as_of`` defaults to today; every date is
    relative to it. ``n_agencies`` private P3MI are generated, plus the G-to-G channel row. ``ref`` defaults to
    the packaged reference data (``load_reference()``).

    Raises:
        ValueError: a size out of range (at least 1 listing, 0 workers and 4 agencies).
    """
    if n_listings < 1 or n_workers < 0 or n_agencies < 4:
        raise ValueError("need n_listings >= 1, n_workers >= 0 and n_agencies >= 4")
    as_of = as_of or date.today()
    ref = ref or load_reference()
    t = world_tables(ref)
    s_agency, s_listing, s_worker, s_outcome = np.random.SeedSequence(seed).spawn(4)
    shares = country_shares()
    private = {c: w for c, w in shares.items() if c != "KR"}  # KR EPS runs only through G to G
    agencies = make_agencies(Rng(s_agency), n_agencies, as_of, Table(sorted(private.items())))
    listings, lmeta = _make_listings(Rng(s_listing), ref, t, as_of, agencies, n_listings, shares)
    wrng = Rng(s_worker)
    unknown = [s for s in _UNKNOWN_SKILLS if not known_phrase(s, t)]
    maker = _Workers(wrng, t, as_of, job_rows(t, shares), unknown)
    workers, wmeta = [], []
    for i in range(n_workers):
        profile, meta = maker.build(i)
        workers.append(profile)
        wmeta.append(meta)
    outcomes = _make_outcomes(Rng(s_outcome), as_of, lmeta, wmeta)
    return DemoData(agencies=agency_frame(agencies), listings=listings, workers=workers, outcomes=outcomes)


