"""The demo generator: shapes, determinism, the invariants of clean listings, one flaw per unsafe listing,
privacy of worker profiles and the consistency of the SIMULATED outcome funnel."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from features.listings import LISTING_COLUMNS, listing_row_errors, monthly_salary
from features.profiles import WorkerProfile
from features.reference import load_reference
from matching.demo.generate import FLAWS, G2G_AGENCY, G2G_LICENCE, IMPRESSIONS, OUTCOME_EVENTS, generate_demo

AS_OF = date(2026, 1, 15)
N_LISTINGS, N_WORKERS = 2_000, 300
CLOSED = {"AE", "QA", "KW", "OM", "BH", "JO"}
HOTSPOTS = {"KH", "MM", "LA", "TH", "PH"}
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ref():
    return load_reference()


@pytest.fixture(scope="module")
def demo():
    return generate_demo(N_LISTINGS, N_WORKERS, seed=7, as_of=AS_OF)


@pytest.fixture(scope="module")
def occ_by_label(ref):
    """Occupation column text (English or Indonesian label) -> occupation_id."""
    out = {}
    for oid, row in ref.occupations.iterrows():
        out[row["label_en"]] = oid
        out[row["label_id"]] = oid
    return out


def _num(cell: str) -> float | None:
    return float(cell) if cell != "" else None


def _floor_monthly(ref, row: pd.Series, on: date) -> float | None:
    """The dated legal floor as a monthly amount in the listing's currency (hourly/daily floors use its hours)."""
    category = "domestic" if row["employer_type"] == "household" else \
        ref.occupations.loc[row["_occ"], "wage_category"]
    floor = ref.wage_floor(row["country"], category, on)
    if floor is None:
        return None
    amount = floor["amount"]
    if floor["currency"] != row["salary_currency"]:
        amount = amount * ref.fx[floor["currency"]] / ref.fx[row["salary_currency"]]
    if floor["period"] == "month":
        return amount
    return monthly_salary(amount, floor["period"], _num(row["hours_per_week"]))


def _violations(ref, row: pd.Series, agencies: pd.DataFrame) -> set[str]:
    """Which of the clean-listing invariants this listing breaks."""
    out = set()
    reg = agencies.set_index("licence_no")
    lic = row["agency_licence"]
    if lic not in reg.index:
        out.add("agency")
    else:
        a = reg.loc[lic]
        if a["status"] != "active" or not (a["valid_from"] <= AS_OF.isoformat() <= a["valid_until"]) \
                or a["agency_name"] != row["agency_name"]:
            out.add("agency")
    fee = _num(row["worker_fee_amount"]) or 0.0
    occ = ref.occupations.loc[row["_occ"]]
    category = "domestic" if row["employer_type"] == "household" else occ["wage_category"]
    cap = ref.fee_cap_idr(row["country"], category)
    if (occ["zero_cost"] and fee > 0) or (cap is not None and fee > cap["max_idr"]) \
            or row["worker_fee_currency"] != "IDR":
        out.add("fee")
    if row["visa_type"] != "work":
        out.add("visa")
    pay = monthly_salary(_num(row["salary_amount"]), row["salary_period"], _num(row["hours_per_week"]))
    for on in (date.fromisoformat(row["posted_at"]), AS_OF):
        floor = _floor_monthly(ref, row, on)
        if floor is not None and pay < floor - 1e-6:
            out.add("floor")
    if row["job_order_verified"] != "true" or not row["job_order_ref"]:
        out.add("job_order")
    placement = ref.countries.loc[row["country"], "household_placement"]
    if row["employer_type"] == "household" and placement != "open":
        out.add("household_country")
    if row["passport_held_by"] != "worker":
        out.add("passport")
    if _num(row["rest_days_per_month"]) is None or _num(row["rest_days_per_month"]) < 4:
        out.add("rest")
    if row["contract_months"] == "":
        out.add("contract")
    if _num(row["min_age"]) is None or _num(row["min_age"]) < 18:
        out.add("age")
    if re.search(r"\bWA\b|whatsapp|telegram|@gmail", row["contact"], re.I):
        out.add("contact")
    return out


_EXPECTED = {
    "": set(), "fee_in_zero_cost": {"fee"}, "excessive_fee": {"fee"}, "visit_visa": {"visa"},
    "below_floor": {"floor"}, "unlicensed_agency": {"agency"}, "expired_licence": {"agency"},
    "suspended_agency": {"agency"}, "job_order_unverified": {"job_order"},
    "household_closed_country": {"household_country"}, "passport_held": {"passport"}, "no_rest_day": {"rest"},
    "no_contract": {"contract"}, "underage": {"age"}, "wa_only_fee_upfront": {"contact"}, "salary_deduction": set(),
}


@pytest.fixture(scope="module")
def listings(demo, occ_by_label):
    df = demo.listings.copy()
    df["_occ"] = df["occupation"].map(occ_by_label)
    return df


# --- shapes -------------------------------------------------------------------------------------------

def test_columns_and_counts(demo):
    assert list(demo.listings.columns) == [*LISTING_COLUMNS, "flaw"]
    assert len(demo.listings) == N_LISTINGS
    assert demo.listings["listing_ref"].is_unique
    assert len(demo.workers) == N_WORKERS
    assert [w["worker_ref"] for w in demo.workers[:2]] == ["W000001", "W000002"]
    assert list(demo.agencies.columns) == ["agency_name", "licence_no", "valid_from", "valid_until", "status"]
    assert len(demo.agencies) == 122  # 120 private P3MI, the G-to-G channel, the CSV template's example agency
    assert demo.agencies["licence_no"].is_unique and demo.agencies["agency_name"].is_unique
    assert list(demo.outcomes.columns) == ["worker_ref", "listing_ref", "event", "occurred_at"]
    assert set(demo.listings["flaw"]) <= {"", *FLAWS}


def test_cells_are_csv_strings(demo):
    df = demo.listings
    assert all(df[c].map(type).eq(str).all() for c in df.columns)
    assert set(df["job_order_verified"]) <= {"true", "false", ""}
    assert set(df["accommodation_provided"]) <= {"true", "false", ""}
    for col in ("posted_at", "expires_at"):
        assert df[col].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_every_row_passes_the_listing_schema(demo):
    for i, row in enumerate(demo.listings.to_dict("records"), start=1):
        assert listing_row_errors(row, i) == [], row["listing_ref"]


def test_agency_registry(demo):
    ag = demo.agencies
    g2g = ag[ag["agency_name"] == G2G_AGENCY]
    assert list(g2g["licence_no"]) == [G2G_LICENCE] and list(g2g["status"]) == ["active"]
    assert g2g["valid_until"].iloc[0] > AS_OF.isoformat()
    private = ag[ag["agency_name"] != G2G_AGENCY]
    assert private["agency_name"].str.startswith("PT ").all()
    valid = (private["valid_from"] <= AS_OF.isoformat()) & (private["valid_until"] >= AS_OF.isoformat())
    expired = private["valid_until"] < AS_OF.isoformat()
    assert 0.8 <= ((private["status"] == "active") & valid).mean() <= 0.9
    assert expired.sum() >= 1
    assert (private["status"] == "suspended").sum() >= 1 and (private["status"] == "revoked").sum() >= 1
    spans = pd.to_datetime(private["valid_until"]) - pd.to_datetime(private["valid_from"])
    assert (spans.dt.days == 364).all()  # SIP3MI: one year


# --- determinism --------------------------------------------------------------------------------------

def test_same_seed_same_data_and_other_seed_differs(demo):
    again = generate_demo(N_LISTINGS, N_WORKERS, seed=7, as_of=AS_OF)
    pd.testing.assert_frame_equal(demo.listings, again.listings)
    pd.testing.assert_frame_equal(demo.agencies, again.agencies)
    pd.testing.assert_frame_equal(demo.outcomes, again.outcomes)
    assert demo.workers == again.workers
    other = generate_demo(N_LISTINGS, N_WORKERS, seed=8, as_of=AS_OF)
    assert not demo.listings.equals(other.listings)
    assert demo.workers != other.workers


def test_listings_do_not_depend_on_the_number_of_workers(demo):
    fewer = generate_demo(N_LISTINGS, 10, seed=7, as_of=AS_OF)
    pd.testing.assert_frame_equal(demo.listings, fewer.listings)


def test_independent_of_hash_seed():
    code = ("import hashlib, json; from datetime import date; from matching.demo.generate import generate_demo; "
            "d = generate_demo(300, 40, seed=3, as_of=date(2026, 1, 15)); "
            "print(hashlib.sha256((d.listings.to_csv() + d.outcomes.to_csv() + d.agencies.to_csv() "
            "+ json.dumps(d.workers)).encode()).hexdigest())")
    digests = set()
    for hash_seed in ("1", "2"):
        res = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                             env={"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin"})
        digests.add(res.stdout.strip())
    assert len(digests) == 1


def test_dates_are_relative_to_as_of():
    d = generate_demo(200, 20, seed=1)
    posted = pd.to_datetime(d.listings["posted_at"]).dt.date
    assert posted.max() <= date.today() and (date.today() - posted.min()).days <= 120


# --- listings: corridors, clean invariants, flaws -----------------------------------------------------

def test_corridor_volumes(demo, listings):
    top = listings["country"].value_counts().index[:3]
    assert set(top) == {"HK", "TW", "MY"}
    assert listings["_occ"].notna().all()
    kr = listings[listings["country"] == "KR"]
    assert (kr.loc[kr["flaw"] == "", "agency_name"] == G2G_AGENCY).all()
    de_nurses = listings[(listings["country"] == "DE") & (listings["_occ"] == "nurse") & (listings["flaw"] == "")]
    assert (de_nurses["agency_name"] == G2G_AGENCY).all()
    assert (listings.loc[listings["flaw"] == "scam_lure", "country"].isin(HOTSPOTS)).all()
    assert not listings.loc[listings["flaw"] != "scam_lure", "country"].isin(HOTSPOTS).any()


def test_flaw_share_and_every_flaw_present(demo):
    flaws = demo.listings["flaw"]
    assert 0.10 <= (flaws != "").mean() <= 0.30
    assert set(flaws[flaws != ""]) == set(FLAWS)


def test_expired_share(demo):
    expired = (demo.listings["expires_at"] < AS_OF.isoformat()).mean()
    assert 0.04 <= expired <= 0.12
    posted = pd.to_datetime(demo.listings["posted_at"]).dt.date
    assert posted.max() <= AS_OF and (AS_OF - posted.min()).days <= 120
    gap = (pd.to_datetime(demo.listings["expires_at"]) - pd.to_datetime(demo.listings["posted_at"])).dt.days
    assert gap.between(30, 180).all()


def test_clean_listings_break_no_invariant(ref, demo, listings):
    clean = listings[listings["flaw"] == ""]
    bad = {r["listing_ref"]: v for _, r in clean.iterrows() if (v := _violations(ref, r, demo.agencies))}
    assert bad == {}


def test_each_flaw_is_the_only_thing_wrong(ref, demo, listings):
    wrong = {}
    for _, r in listings[~listings["flaw"].isin(["", "scam_lure"])].iterrows():
        got = _violations(ref, r, demo.agencies)
        if got != _EXPECTED[r["flaw"]]:
            wrong[r["listing_ref"]] = (r["flaw"], got)
    assert wrong == {}


def test_flaws_look_like_reality(ref, demo, listings):
    ag = demo.agencies.set_index("licence_no")
    by = {f: listings[listings["flaw"] == f] for f in FLAWS}
    assert by["fee_in_zero_cost"]["_occ"].map(ref.occupations["zero_cost"]).all()
    assert by["fee_in_zero_cost"]["worker_fee_amount"].astype(float).between(25e6, 45e6).all()
    assert not by["excessive_fee"]["_occ"].map(ref.occupations["zero_cost"]).any()
    assert set(by["visit_visa"]["visa_type"]) <= {"visit", "tourist", "pilgrimage"}
    assert by["visit_visa"]["description"].str.contains(
        r"visa (?:kunjungan|turis|umrah|ziarah)|visit visa|tourist visa|umrah visa", case=False).all()
    unlicensed = by["unlicensed_agency"]
    assert (~unlicensed["agency_licence"].isin(ag.index)).all()
    assert unlicensed["agency_name"].str.contains(r"\(sponsor\)").any()
    assert (by["expired_licence"]["agency_licence"].map(ag["valid_until"]) < AS_OF.isoformat()).all()
    assert by["suspended_agency"]["agency_licence"].map(ag["status"]).isin(["suspended", "revoked"]).all()
    closed = by["household_closed_country"]
    assert (closed["employer_type"] == "household").all()
    assert closed["country"].isin(CLOSED | {"SA"}).all()
    assert by["passport_held"]["passport_held_by"].isin(["employer", "agency"]).all()
    assert by["no_rest_day"]["rest_days_per_month"].astype(int).between(0, 2).all()
    assert by["underage"]["min_age"].astype(int).isin([16, 17]).all()
    assert by["wa_only_fee_upfront"]["description"].str.contains("rekening|personal", case=False).all()
    assert by["salary_deduction"]["description"].str.contains("potong|deduction", case=False).all()
    scam = by["scam_lure"]
    assert (scam["salary_currency"] == "USD").all()
    assert scam["salary_amount"].astype(float).between(1000, 1500).all()
    assert (scam["agency_licence"] == "").all() and (scam["job_order_ref"] == "").all()
    assert scam["visa_type"].isin(["tourist", ""]).all()
    assert scam["contact"].str.contains(r"WA|Telegram|gmail").all()


def test_household_employers_only_for_domestic_and_care(listings):
    household = listings[listings["employer_type"] == "household"]
    assert household["sector"].isin(["domestic", "care"]).all()
    assert not (household["_occ"] == "care_worker").any()
    in_closed = household["country"].isin(CLOSED | {"SA"})
    assert (household.loc[in_closed, "flaw"] == "household_closed_country").all()
    spsk = listings[(listings["country"] == "SA") & listings["sector"].isin(["domestic", "care"])
                    & (listings["flaw"] == "")]
    assert len(spsk) and (spsk["employer_type"] == "company").all()
    assert spsk["description"].str.contains("SPSK").all()


def test_clean_listing_details(ref, listings):
    clean = listings[listings["flaw"] == ""]
    zero = clean["_occ"].map(ref.occupations["zero_cost"])
    assert (clean.loc[zero, "worker_fee_amount"].astype(float) == 0).all()
    assert clean["min_age"].astype(int).ge(18).all()
    sg_dom = clean[(clean["country"] == "SG") & (clean["employer_type"] == "household")]
    assert (sg_dom["min_age"] == "23").all() and (sg_dom["max_age"] == "49").all()
    kr = clean[clean["country"] == "KR"]
    assert (kr["max_age"] == "39").all() and kr["required_languages"].str.contains("ko:eps-topik").all()
    fishing = clean[clean["_occ"] == "fishing_vessel_crew"]
    assert (fishing["gender"] == "male").all() and fishing["contract_months"].astype(int).between(10, 24).all()
    helpers = clean[clean["country"].isin(["HK", "SG"]) & (clean["employer_type"] == "household")
                    & clean["_occ"].isin(["housekeeper", "elderly_caretaker", "babysitter", "child_care_worker"])]
    assert (helpers["gender"] == "female").mean() >= 0.9 and (helpers["gender"] != "male").all()
    assert set(clean["salary_period"]) == {"month", "hour", "day"}
    assert clean["required_skills"].str.split(";").map(len).between(2, 5).all()
    assert not clean["contact"].str.contains("gmail|WA ", regex=True).any()


def test_descriptions_mix_languages_and_carry_negations(listings):
    indonesian = listings["description"].str.contains(r"\b(?:Gaji|Syarat|membutuhkan|membuka lowongan)\b")
    english = listings["description"].str.contains(r"\b(?:Salary|Requirements|looking for|is hiring)\b")
    assert 0.3 <= indonesian.mean() <= 0.8 and 0.3 <= english.mean() <= 0.8
    clean = listings[listings["flaw"] == ""]
    negations = clean["description"].str.contains(
        r"tanpa potongan|no salary deduction|paspor dipegang pekerja|passport stays|bukan visa turis|"
        r"not a tourist|no registration fee|tanpa biaya|no placement fee", case=False)
    assert negations.mean() >= 0.3


# --- workers ------------------------------------------------------------------------------------------

def test_workers_validate_and_keep_no_personal_data(demo):
    for w in demo.workers:
        WorkerProfile.model_validate(w)
        assert set(w) == {"worker_ref", "gender", "birth_year", "province", "education_level", "skills",
                          "certificates", "languages", "experience", "preferences", "summary"}
        free_text = json.dumps([w["summary"], w["skills"], w["certificates"], w["experience"], w["languages"]])
        assert not re.search(r"\d{8,}|\+62|\b08\d{2}|@|\b(?:nama|name|alamat|address|telp|phone)\b", free_text, re.I)
        assert 1 <= len(w["preferences"]["countries"]) <= 3 and 1 <= len(w["preferences"]["sectors"]) <= 2


def test_worker_distributions(demo):
    ws = demo.workers
    female = sum(w["gender"] == "female" for w in ws) / len(ws)
    assert 0.64 <= female <= 0.80
    ages = pd.Series([AS_OF.year - w["birth_year"] for w in ws])
    assert ages.min() >= 18 and ages.between(19, 45).mean() >= 0.85
    provinces = pd.Series([w["province"] for w in ws]).value_counts()
    assert set(provinces.index[:3]) <= {"Jawa Timur", "Jawa Tengah", "Jawa Barat", "Nusa Tenggara Barat"}
    id_words = re.compile(r"\b(?:saya|pernah|kerja|bisa|dan|lulusan|belum|siap|mau|pengalaman)\b", re.I)
    en_words = re.compile(r"\b(?:I|worked|years|can|speak|graduate|looking|ready|with|the)\b")
    idn = sum(len(id_words.findall(w["summary"])) > len(en_words.findall(w["summary"])) for w in ws) / len(ws)
    eng = sum(len(en_words.findall(w["summary"])) > len(id_words.findall(w["summary"])) for w in ws) / len(ws)
    assert idn >= 0.30 and eng >= 0.20
    unknown = {"merangkai bunga", "karaoke", "main gitar", "bermain voli", "menari jaipong", "fotografi", "mengaji",
               "sulam pita", "desain Canva", "live TikTok", "public speaking", "origami", "rias pengantin",
               "main catur"}
    with_unknown = sum(bool(unknown & set(w["skills"])) for w in ws) / len(ws)
    assert 0.2 <= with_unknown <= 0.7
    assert max(sum(s in unknown for s in w["skills"]) for w in ws) <= 2


# --- outcomes (SIMULATED) -----------------------------------------------------------------------------

def test_outcome_funnel_is_consistent(demo):
    out = demo.outcomes
    assert set(out["event"]) <= set(OUTCOME_EVENTS)
    assert {"recommended", "viewed", "applied", "hired"} <= set(out["event"])
    stage = {e: i for i, e in enumerate(OUTCOME_EVENTS)}
    for (_, _), g in out.groupby(["worker_ref", "listing_ref"], sort=False):
        events = list(g["event"])
        assert events[0] == "recommended"
        core = [e for e in events if e not in ("completed", "complaint")]
        assert core == list(OUTCOME_EVENTS[:len(core)])  # hired => applied => viewed => recommended
        ends = [e for e in events if e in ("completed", "complaint")]
        assert len(ends) <= 1 and (not ends or "hired" in core)
        times = [datetime.fromisoformat(t) for t in g["occurred_at"]]
        assert times == sorted(times) and times[-1] < datetime(AS_OF.year, AS_OF.month, AS_OF.day)
        assert [stage[e] for e in events] == sorted(stage[e] for e in events)
    counts = out.groupby(["worker_ref"])["listing_ref"].nunique()
    assert counts.between(1, IMPRESSIONS[1]).all() and counts.median() >= IMPRESSIONS[0]


def test_outcomes_only_on_clean_open_listings(demo):
    lst = demo.listings.set_index("listing_ref")
    refs = demo.outcomes["listing_ref"].unique()
    assert (lst.loc[refs, "flaw"] == "").all()
    assert (lst.loc[refs, "expires_at"] >= AS_OF.isoformat()).all()
    assert set(demo.outcomes["worker_ref"]) <= {w["worker_ref"] for w in demo.workers}


def test_outcomes_follow_observable_fit(demo):
    """Hires happen more often where the listing's country is one the worker asked for (a fit signal)."""
    prefs = {w["worker_ref"]: set(w["preferences"]["countries"]) for w in demo.workers}
    country = demo.listings.set_index("listing_ref")["country"]
    rec = demo.outcomes[demo.outcomes["event"] == "recommended"].copy()
    rec["pref"] = [country[lr] in prefs[wr] for wr, lr in zip(rec["worker_ref"], rec["listing_ref"], strict=True)]
    hired = set(map(tuple, demo.outcomes.loc[demo.outcomes["event"] == "hired", ["worker_ref", "listing_ref"]].values))
    rec["hired"] = [(wr, lr) in hired for wr, lr in zip(rec["worker_ref"], rec["listing_ref"], strict=True)]
    rates = rec.groupby("pref")["hired"].mean()
    assert rates[True] > rates[False]


def test_employer_quality_is_not_exported(demo):
    assert "quality" not in " ".join(demo.listings.columns) + " ".join(demo.outcomes.columns)
    import matching.demo.generate as module
    assert not hasattr(module, "employer_quality")


def test_one_placement_per_worker(demo):
    hires = demo.outcomes[demo.outcomes["event"] == "hired"].groupby("worker_ref").size()
    assert len(hires) and (hires == 1).all()


def test_applications_follow_pay_against_the_wish(ref, demo):
    """Workers apply more often where the pay meets the monthly wage they asked for (an observable factor)."""
    wish = {w["worker_ref"]: w["preferences"].get("min_monthly_salary_idr") or 0 for w in demo.workers}
    lst = demo.listings.set_index("listing_ref")
    monthly = {r: monthly_salary(_num(a), p, _num(h)) for r, a, p, h in
               zip(lst.index, lst["salary_amount"], lst["salary_period"], lst["hours_per_week"], strict=True)}
    idr = {r: ref.to_idr(m, c) if m else None
           for (r, m), c in zip(monthly.items(), lst["salary_currency"], strict=True)}
    viewed = demo.outcomes[demo.outcomes["event"] == "viewed"]
    applied = set(map(tuple, demo.outcomes.loc[demo.outcomes["event"] == "applied",
                                               ["worker_ref", "listing_ref"]].values))
    pairs = list(zip(viewed["worker_ref"], viewed["listing_ref"], strict=True))
    meets = [bool(idr[lr] and idr[lr] >= wish[wr]) for wr, lr in pairs]
    did = [(wr, lr) in applied for wr, lr in pairs]
    stats = pd.DataFrame({"meets": meets, "applied": did}).groupby("meets")["applied"].agg(["mean", "size"])
    (p0, n0), (p1, n1) = stats.loc[False], stats.loc[True]
    pooled = (p0 * n0 + p1 * n1) / (n0 + n1)
    z = (p1 - p0) / (pooled * (1 - pooled) * (1 / n0 + 1 / n1)) ** 0.5
    assert p1 > 1.3 * p0 and z > 4, (p0, p1, z)


def test_hidden_agency_quality_shows_only_through_outcomes():
    """Agencies differ in how their placements end far more than chance would give (the hidden agency quality),
    and nothing about that quality is exported. Few agencies, many workers: enough placements per agency."""
    # Only placements whose end is on record (completed or complaint) are compared. Most hires are recent (the
    # demo's listings are posted within 120 days and a placement ends 14-90 days after the hire), so most have no
    # end yet; counting those as "not completed" added censoring noise unrelated to the agency and hid the quality
    # signal (the test passed or failed with the seed: after issue 18 shifted the random stream it failed at seed 7,
    # and it failed at seeds 8-11 before that too). 4000 workers give every agency enough ended placements.
    demo = generate_demo(N_LISTINGS, 4000, seed=7, as_of=AS_OF, n_agencies=8)
    out = demo.outcomes
    agency = demo.listings.set_index("listing_ref")["agency_licence"]
    ended = out[out["event"].isin(["completed", "complaint"])]
    ended = ended.assign(agency=agency.loc[ended["listing_ref"]].to_numpy(), good=ended["event"] == "completed")
    per = ended.groupby("agency")["good"].agg(["mean", "size"])
    per = per[per["size"] >= 30]
    assert len(per) >= 5
    p = ended["good"].mean()
    binomial_var = (p * (1 - p) / per["size"]).mean()
    assert per["mean"].var() > 1.5 * binomial_var
    assert not any("quality" in c for c in demo.listings.columns)
