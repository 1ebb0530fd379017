"""The words of a listing: its title and description, and how required skills and certificates are written.

The writer takes a ``ListingFacts`` record (the listing's structured fields and how it came about), the rng of
the listing stream and the world tables -- never the listing generator -- so text and structure stay in separate
modules without an import cycle. The description is built part by part; in a mixed-language listing each
sentence picks its language anew (``_voice``). Every function draws from the rng in a fixed order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matching.demo.money import PERIOD_WORD, money_text, number_text
from matching.demo.sampling import Rng
from matching.demo.world import MISSION, MISSION_NAME, G, Occ, S, Tables

_LANG_NAMES = {  # code -> (Indonesian, English)
    "en": ("Inggris", "English"), "zh": ("Mandarin", "Mandarin"), "yue": ("Kanton", "Cantonese"),
    "ja": ("Jepang", "Japanese"), "ko": ("Korea", "Korean"), "de": ("Jerman", "German"), "ar": ("Arab", "Arabic"),
    "ms": ("Melayu", "Malay"), "it": ("Italia", "Italian"), "tr": ("Turki", "Turkish"), "pl": ("Polandia", "Polish"),
}

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


@dataclass(frozen=True)
class ListingFacts:
    """What the text writer knows about one listing: its structured fields, settled before any text is written,
    and how the listing came about. The writer reads these and draws only wording from the rng."""

    row: Mapping[str, Any]  # the structured fields (CSV column -> value), read-only
    occ: Occ
    channel: str  # H, C, S, G or "household_closed"
    lang: str  # "id", "en" or "mix" (title in one language, description mostly in the other)
    title_lang: str
    text_lang: str
    flaw: str  # "" for a clean listing
    sponsor: str  # the individual sponsor an unlicensed_agency flaw names, else ""
    certs: tuple[str, ...]  # reference cert_ids required
    languages: tuple[tuple[str, str], ...]  # (language code, level) required


# ---- small pieces of wording ------------------------------------------------------------------------------

def cap_words(text: str) -> str:
    """Every word capitalised (the rest of each word kept as is)."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _a(noun: str) -> str:
    """``noun`` with the English indefinite article."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _occ_text(rng: Rng, o: Occ, lang: str) -> str:
    """The occupation in running text: its label without the parenthetical, or a synonym."""
    forms = [o.label_id, *o.syn_id] if lang == "id" else [o.label_en, *o.syn_en]
    if len(forms) == 1 or rng.chance(0.6):
        return re.sub(r"\s*\(.*?\)", "", forms[0]).strip() or forms[0]
    return rng.pick(forms[1:])


def country_name(t: Tables, country: str, lang: str) -> str:
    """The country's name in ``lang`` (its code when the reference has no name)."""
    names = t.country_id if lang == "id" else t.country_en
    return names.get(country, country)


def skill_text(rng: Rng, t: Tables, sid: str, lang: str) -> str:
    """A required skill as a listing writes it: its label or a synonym, sometimes capitalised."""
    forms = t.skill_id_text[sid] if lang == "id" else t.skill_en[sid]
    text = forms[0] if len(forms) == 1 or rng.chance(0.6) else rng.pick(forms[1:])
    return text[:1].upper() + text[1:] if rng.chance(0.5) else text


def cert_text(rng: Rng, t: Tables, cid: str, lang: str) -> str:
    """A required certificate as a listing writes it: its label in ``lang`` or one of its first synonyms."""
    lid, len_, syns = t.certs[cid]
    label = lid if lang == "id" else len_
    return label if not syns or rng.chance(0.6) else rng.pick(syns[:4])


def _workplace(rng: Rng, o: Occ, employer: str, lang: str) -> str:
    k = 0 if lang == "id" else 1
    if o.id in _OCC_WORKPLACE:
        return _OCC_WORKPLACE[o.id][k]
    if o.sector == "manufacturing":
        for word, places in _NAME_WORKPLACE:
            if word in employer:
                return places[k]
    return rng.pick(_WORKPLACE[lang].get(o.sector, _WORKPLACE[lang]["manufacturing"]))


def _voice(f: ListingFacts, rng: Rng) -> str:
    """The language of the next sentence: the description's, and in a mixed listing now and then the other."""
    if f.lang != "mix":
        return f.text_lang
    return f.text_lang if rng.chance(0.65) else ("en" if f.text_lang == "id" else "id")


# ---- the title ------------------------------------------------------------------------------------------

def title(f: ListingFacts, rng: Rng, t: Tables) -> str:
    """The listing's title in ``f.title_lang``: occupation, place and usually the pay."""
    row, lang = f.row, f.title_lang
    occ = cap_words(_occ_text(rng, f.occ, lang))
    city, country = row["city"], country_name(t, row["country"], lang)
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
                     f"{occ} ({cap_words(f.occ.sector.replace('_', ' '))}), {city} — {pay}{extra}"])


# ---- the description, part by part ----------------------------------------------------------------------

def description(f: ListingFacts, rng: Rng, t: Tables) -> str:
    """The listing's description, mostly in ``f.text_lang``: who hires whom for what, the pay and terms, the
    requirements, the fee, the job order and agency; then the flaw's own sentence at a random place, a few
    negations that are true for this listing, and sometimes the contact."""
    sentences = _who_hires(f, rng, t)
    sentences += _programme(f, rng)
    sentences += _pay_and_hours(f, rng)
    sentences += _rest_and_contract(f, rng)
    sentences += _lodging(f, rng)
    sentences += _requirements(f, rng, t)
    sentences += _fee(f, rng)
    sentences += _job_order_and_agency(f, rng)
    flaw_s = _flaw_sentence(rng, f.flaw, f.row, _voice(f, rng))
    if flaw_s:
        sentences.insert(rng.randint(1, len(sentences)), flaw_s)
    sentences += _negations(f, rng)
    sentences += _contact(f, rng)
    return " ".join(sentences)


def _who_hires(f: ListingFacts, rng: Rng, t: Tables) -> list[str]:
    """The opening: a family, an SPSK syarikah or a company looking for the occupation, and where."""
    row, o = f.row, f.occ
    lang = _voice(f, rng)
    occ_l = _occ_text(rng, o, lang).lower()
    cname = country_name(t, row["country"], lang)
    if row["employer_type"] == "household":
        n, m, k = rng.randint(3, 6), rng.randint(2, 11), rng.randint(1, 3)
        pat = rng.pick(_PATIENTS)
        tid, ten = _HOUSEHOLD_TASK.get(o.id, ("pekerjaan rumah tangga", "household work"))
        k_en = {1: "one", 2: "two", 3: "three"}[k]
        task = (tid if lang == "id" else ten).format(patient_id=pat[0], patient_en=pat[1], n=n, m=m, k=k,
                                                     k_en=k_en).replace("one school-age children",
                                                                        "one school-age child")
        where = row["city"] if row["city"] == cname else (f"{row['city']} ({cname})" if lang == "id"
                                                           else f"{row['city']}, {cname}")
        return [f"Keluarga di {where} membutuhkan {occ_l} untuk {task}." if lang == "id"
                else f"Family in {where} looking for {_a(occ_l)}: {task}."]
    if f.channel == S:
        first = (f"{row['employer_name']} (syarikah SPSK) membutuhkan {occ_l} untuk ditempatkan di rumah pengguna "
                 f"jasa di {row['city']}." if lang == "id" else
                 f"{row['employer_name']} (SPSK syarikah) needs {_a(occ_l)} to work in a client household in "
                 f"{row['city']}.")
        lang = _voice(f, rng)
        return [first, "Penempatan melalui SPSK (Sistem Penempatan Satu Kanal): pemberi kerja adalah syarikah "
                       "resmi, bukan perseorangan." if lang == "id" else
                       "Placement through SPSK (one-channel system): the employer is a licensed syarikah, "
                       "not an individual."]
    if row["country"] == "IT" and o.sector in ("hospitality", "food_service"):
        place = _CRUISE[lang]
    else:
        place = _workplace(rng, o, row["employer_name"], lang)
    sentence = (f"{row['employer_name']} membuka lowongan {occ_l} untuk {place} di {row['city']}, {cname}."
                if lang == "id" else
                f"{row['employer_name']} is hiring: {occ_l} for {place} in {row['city']}, {cname}.")
    if row["city"] == cname:
        sentence = sentence.replace(f"{row['city']}, {cname}", cname)
    return [sentence]


_PROGRAMMES = {"KR": ("Program G to G KP2MI – HRD Korea (EPS, visa E-9).",
                      "G to G programme KP2MI – HRD Korea (EPS, E-9 visa)."),
               "DE": ("Program G to G Triple Win KP2MI – Bundesagentur für Arbeit.",
                      "Triple Win G to G programme, KP2MI with the Bundesagentur für Arbeit."),
               "JP": ("Program G to G IJEPA (KP2MI – JICWELS).", "IJEPA G to G programme (KP2MI – JICWELS).")}


def _programme(f: ListingFacts, rng: Rng) -> list[str]:
    """The government-to-government programme, for a G-to-G listing."""
    if f.channel != G:
        return []
    lang = _voice(f, rng)
    return [_PROGRAMMES[f.row["country"]][0 if lang == "id" else 1]]


def _pay_and_hours(f: ListingFacts, rng: Rng) -> list[str]:
    """The pay per period (with the hours when paid by the hour or day), and often the weekly hours."""
    row = f.row
    lang = _voice(f, rng)
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
    sentences = [s]
    if row["salary_period"] == "month" and rng.chance(0.55):
        lang = _voice(f, rng)
        sentences.append(f"Jam kerja {number_text(hours, 'id')} jam/minggu." if lang == "id"
                         else f"{number_text(hours, 'en')} hours a week.")
    return sentences


def _rest_and_contract(f: ListingFacts, rng: Rng) -> list[str]:
    """Rest days (always for the no_rest_day flaw) and the contract length, each most of the time."""
    row, sentences = f.row, []
    hk_household = row["employer_type"] == "household" and row["country"] == "HK"
    rest = row["rest_days_per_month"]
    if f.flaw == "no_rest_day" or rng.chance(0.75):
        lang = _voice(f, rng)
        if int(rest) == 0:
            sentences.append("Tidak ada hari libur, lembur dibayar." if lang == "id"
                             else "No day off; overtime is paid.")
        elif hk_household and int(rest) >= 4:
            sentences.append(f"Libur setiap minggu (min. {rest} hari/bulan) dan 12 hari libur nasional."
                             if lang == "id" else
                             f"One rest day every week ({rest} a month) and 12 statutory holidays.")
        else:
            sentences.append(f"Libur {rest} hari per bulan." if lang == "id" else f"{rest} rest days a month.")
    if row["contract_months"] is not None and rng.chance(0.8):
        lang = _voice(f, rng)
        n = int(row["contract_months"])
        if hk_household and n == 24:
            sentences.append("Kontrak standar ID 407 selama 2 tahun." if lang == "id"
                             else "Standard contract ID 407, 2 years.")
        else:
            sentences.append(rng.pick([f"Kontrak {n} bulan.", f"Kontrak kerja {n} bulan, bisa diperpanjang."])
                             if lang == "id" else rng.pick([f"{n}-month contract.",
                                                            f"Contract: {n} months, renewable."]))
    return sentences


def _lodging(f: ListingFacts, rng: Rng) -> list[str]:
    """Where the worker lives, most of the time: live-in, accommodation provided, or at own cost."""
    if not rng.chance(0.7):
        return []
    lang = _voice(f, rng)
    if f.row["employer_type"] == "household":
        return [rng.pick(["Tinggal bersama majikan, kamar sendiri.", "Makan dan tempat tinggal ditanggung majikan."])
                if lang == "id" else rng.pick(["Live-in, own room.", "Food and accommodation provided."])]
    if f.row["accommodation_provided"] == "true":
        return [rng.pick(["Tempat tinggal dan makan disediakan.", "Mess/asrama disediakan gratis.",
                          "Akomodasi ditanggung perusahaan."]) if lang == "id"
                else rng.pick(["Accommodation and meals provided.", "Free hostel.", "Dormitory provided."])]
    return ["Dibantu mencari tempat tinggal (biaya sendiri)." if lang == "id"
            else "Help finding accommodation (at own cost)."]


def _requirements(f: ListingFacts, rng: Rng, t: Tables) -> list[str]:
    """"Requirements: ..." with gender, age, experience, up to two certificates and the languages."""
    row = f.row
    lang = _voice(f, rng)
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
    for c in f.certs[:2]:
        label_id, label_en, _ = t.certs[c]
        parts.append(label_id if lang == "id" else label_en)
    for code, lv in f.languages:
        names = _LANG_NAMES.get(code, (code, code))
        if lv in ("basic", "intermediate"):
            lvw = {"basic": ("dasar", "basic"), "intermediate": ("menengah", "intermediate")}[lv]
            parts.append(f"bahasa {names[0]} {lvw[0]}" if lang == "id" else f"{lvw[1]} {names[1]}")
        elif lv == "eps-topik":
            parts.append("lulus EPS-TOPIK" if lang == "id" else "EPS-TOPIK pass")
        else:
            parts.append(f"bahasa {names[0]} {lv}" if lang == "id" else f"{names[1]} {lv}")
    if not parts:
        return []
    return [("Syarat: " if lang == "id" else "Requirements: ") + ", ".join(parts) + "."]


def _fee(f: ListingFacts, rng: Rng) -> list[str]:
    """What the worker pays: the flawed fee, zero cost, a capped placement cost, or (often) nothing said."""
    fee = float(f.row["worker_fee_amount"] or 0)
    lang = _voice(f, rng)
    if f.flaw in ("fee_in_zero_cost", "excessive_fee"):
        fee_s = money_text(fee, "IDR", lang)
        if f.flaw == "fee_in_zero_cost":
            return [rng.pick([f"Biaya proses {fee_s} dibayar sebelum keberangkatan.",
                              f"Ada biaya proses {fee_s} (bisa dicicil)."]) if lang == "id"
                    else f"Processing fee {fee_s} payable before departure."]
        return [f"Biaya penempatan {fee_s} sudah termasuk pelatihan, medical dan tiket." if lang == "id"
                else f"Placement fee {fee_s} (includes training, medical check and ticket)."]
    if f.occ.zero_cost:
        return [rng.pick(["Tanpa biaya penempatan (zero cost, Perban BP2MI 9/2020).", "Bebas biaya penempatan.",
                          "Zero cost: semua biaya ditanggung pemberi kerja."])
                if lang == "id" else rng.pick(["No placement fee (zero cost under Perban BP2MI 9/2020).",
                                               "Zero cost to the worker."])]
    if fee > 0:
        return [f"Biaya penempatan {money_text(fee, 'IDR', lang)} sesuai struktur biaya resmi, dengan kuitansi."
                if lang == "id" else
                f"Placement cost {money_text(fee, 'IDR', lang)} as per the official cost structure, receipt issued."]
    if rng.chance(0.6):
        return ["Biaya penempatan ditanggung pemberi kerja." if lang == "id"
                else "Placement costs are paid by the employer."]
    return []


def _job_order_and_agency(f: ListingFacts, rng: Rng) -> list[str]:
    """The job order (to follow, verified by the mission, or just its number) and who processes the placement."""
    row, sentences = f.row, []
    lang = _voice(f, rng)
    jo, mission = row["job_order_ref"], MISSION_NAME.get(row["country"], MISSION.get(row["country"], ""))
    if not jo:
        sentences.append(rng.pick(["Job order menyusul.", "Job order sedang diproses."]) if lang == "id"
                         else rng.pick(["Job order to follow.", "Job order in process."]))
    elif row["job_order_verified"] == "true" and f.channel != G:
        if rng.chance(0.7):
            sentences.append(f"Job order terverifikasi {mission} No. {jo}." if lang == "id"
                             else f"Job order {jo} verified by {mission}.")
    elif row["job_order_verified"] != "true" or rng.chance(0.3):
        sentences.append(f"Job order No. {jo}." if lang == "id" else f"Job order no. {jo}.")
    lang = _voice(f, rng)
    if f.sponsor:
        sentences.append(f"Daftar lewat sponsor {f.sponsor}, proses cepat." if lang == "id"
                         else f"Register with our sponsor {f.sponsor}; fast process.")
    elif f.channel == G:
        sentences.append("Pendaftaran resmi hanya melalui KP2MI (SIAPkerja), tanpa calo." if lang == "id"
                         else "Apply only through the official KP2MI registration (SIAPkerja), no brokers.")
    elif row["agency_licence"] and rng.chance(0.6):
        sentences.append(f"Proses resmi melalui {row['agency_name']} (izin {row['agency_licence']})."
                         if lang == "id" else
                         f"Processed by {row['agency_name']} (licence {row['agency_licence']}).")
    elif not row["agency_licence"]:
        sentences.append(f"Proses melalui {row['agency_name']}." if lang == "id"
                         else f"Processed by {row['agency_name']}.")
    return sentences


def _negations(f: ListingFacts, rng: Rng) -> list[str]:
    """Now and then one or two negations a naive keyword rule would misread (only those true for the listing)."""
    if not rng.chance(0.55):
        return []
    fee = float(f.row["worker_fee_amount"] or 0)
    keys = [k for k, (_, _, bad) in _NEGATIONS.items() if f.flaw not in bad]
    if f.occ.zero_cost or fee > 0:
        keys = [k for k in keys if k != "no_registration"] if fee > 0 else keys
    sentences = []
    for k in rng.sample(keys, rng.randint(1, 2)):
        lang = _voice(f, rng)
        ids, ens, _ = _NEGATIONS[k]
        sentences.append(rng.pick(ids if lang == "id" else ens))
    return sentences


def _contact(f: ListingFacts, rng: Rng) -> list[str]:
    """Sometimes the contact, at the end."""
    if not rng.chance(0.4):
        return []
    lang = _voice(f, rng)
    return [f"Info dan pendaftaran: {f.row['contact']}." if lang == "id" else f"Contact: {f.row['contact']}."]


def _flaw_sentence(rng: Rng, flaw: str, row: Mapping[str, Any], lang: str) -> str:
    """The sentence that states the flaw in the text, for the flaws that show there ("" for the others)."""
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
        fee = money_text(float(rng.randint(5, 15) * 500_000), "IDR", lang)
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
