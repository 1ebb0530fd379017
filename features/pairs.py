"""Pair features for (worker, candidate listings): what the learned ranker sees.

Everything here is pure numpy/pandas and vectorised over a block of candidates. Listings are read once into a
``ListingTable`` (static facts as arrays, requirements as sparse matrices); a worker is read once into
``WorkerFacts``; ``pair_features`` then computes one row per candidate with the columns ``FEATURES``, in
that order. Missing facts are ``NaN`` (the ranker handles them), never guessed.

Units: money in IDR (pay per month, in millions for readability), experience and margins in years, training
time in weeks, freshness in days. Definitions are in ``FEATURE_DOCS``; the bilingual labels that explanations
show are in ``FEATURE_LABELS``.

Agency and employer track records (``TrackRecord``) are inputs, not computed from the candidate itself: the
caller decides which outcomes they may see, so training can compute them without the outcome being
predicted (see ``matching/training_data.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import sparse

from features.profiles import NormalisedProfile
from features.reference import Reference

# ---- listing table columns (input) -------------------------------------------------------------------
LISTING_ID = "listing_id"
COUNTRY = "country"
SECTOR = "sector_id"
OCCUPATION = "occupation_id"
SKILLS = "skill_ids"
CERTIFICATES = "certificate_ids"
LANGUAGES = "language_ranks"
MIN_EXPERIENCE = "min_experience_years"
MIN_AGE = "min_age"              # effective: the listing's limit and the destination scheme's, whichever is stricter
MAX_AGE = "max_age"
GENDER = "gender"                # any | female | male
MIN_EDUCATION = "min_education_rank"
PAY_IDR = "monthly_salary_idr"
FEE_IDR = "worker_fee_idr"
CONTRACT_MONTHS = "contract_months"
PAY_TO_FLOOR = "pay_to_floor"    # offered pay / the legal floor in force, in the floor's own period
POSTED_AT = "posted_at"
AGENCY = "agency_key"
EMPLOYER = "employer_key"
TABLE_COLUMNS: tuple[str, ...] = (
    LISTING_ID, COUNTRY, SECTOR, OCCUPATION, SKILLS, CERTIFICATES, LANGUAGES, MIN_EXPERIENCE, MIN_AGE, MAX_AGE,
    GENDER, MIN_EDUCATION, PAY_IDR, FEE_IDR, CONTRACT_MONTHS, PAY_TO_FLOOR, POSTED_AT, AGENCY, EMPLOYER,
)

# ---- features (output), in model order --------------------------------------------------------------------
FEATURE_DOCS: dict[str, str] = {
    "similarity": "cosine similarity of the profile and listing embeddings (the retrieval score)",
    "skill_coverage": "weighted share of required skills the worker has; the occupation's core skills weigh 2, "
                      "others 1; 1.0 when none are required",
    "skills_missing": "required skills the worker lacks",
    "certificates_missing": "required certificates the worker lacks",
    "language_gap": "language levels still missing, summed over required languages (CEFR-like steps)",
    "experience_years": "years in the listing's occupation or in occupations of its sector",
    "experience_margin": "experience_years minus the required years, clipped to [-10, 10]",
    "occupation_match": "1 if the worker names the listing's occupation, else 0",
    "age_margin": "years inside the tighter of the listing's and the scheme's age limits (NaN: age or limits "
                  "unknown)",
    "gender_restricted": "1 if the listing is open to one gender only (the worker's, or policy removes it)",
    "education_margin": "worker's education rank minus the rank required (0 if none); NaN if unknown",
    "net_pay_idr_m": "monthly pay in IDR net of the worker fee spread over the contract, in millions",
    "net_pay_vs_wish": "net monthly pay / the worker's minimum wish (NaN: no wish or unknown pay)",
    "pay_vs_floor": "offered pay / the destination's legal floor in force (NaN: no known floor)",
    "pay_vs_market": "offered pay / the median pay of the table's listings for the same occupation and country",
    "fee_months": "worker fee in months of gross pay",
    "country_preferred": "1 if the country is one the worker asked for, 0 if not, NaN if she named none",
    "sector_preferred": "1 if the sector is one the worker asked for, 0 if not, NaN if she named none",
    "training_weeks": "weeks of the shortest catalogue courses (with their prerequisites) that close the skill, "
                      "certificate and language gaps (a language: the course reaching the required level); a "
                      "course shared by several gaps counts once",
    "gaps_without_course": "gaps that no course in the catalogue closes",
    "agency_completion_rate": "agency's smoothed share of placements completed (from outcomes the model may see)",
    "agency_complaint_rate": "agency's smoothed share of placements that ended in a complaint",
    "agency_placements_log": "log(1 + placements) of the agency in those outcomes",
    "employer_completion_rate": "employer's smoothed share of placements completed",
    "employer_complaint_rate": "employer's smoothed share of placements that ended in a complaint",
    "employer_placements_log": "log(1 + placements) of the employer in those outcomes",
    "listing_age_days": "days since the listing was posted (freshness)",
}
FEATURES: tuple[str, ...] = tuple(FEATURE_DOCS)
FEATURE_LABELS: dict[str, tuple[str, str]] = {  # feature -> (English, Indonesian)
    "similarity": ("Profile and job text match", "Kecocokan profil dan lowongan"),
    "skill_coverage": ("Required skills you have", "Keahlian yang diminta yang Anda punya"),
    "skills_missing": ("Skills still missing", "Keahlian yang masih kurang"),
    "certificates_missing": ("Certificates still missing", "Sertifikat yang masih kurang"),
    "language_gap": ("Language level still missing", "Tingkat bahasa yang masih kurang"),
    "experience_years": ("Relevant experience", "Pengalaman yang relevan"),
    "experience_margin": ("Experience against the requirement", "Pengalaman dibanding syarat"),
    "occupation_match": ("Your occupation", "Pekerjaan Anda"),
    "age_margin": ("Age within the limits", "Usia dalam batas"),
    "gender_restricted": ("Job for your gender", "Lowongan untuk jenis kelamin Anda"),
    "education_margin": ("Education against the requirement", "Pendidikan dibanding syarat"),
    "net_pay_idr_m": ("Pay after fees", "Gaji setelah biaya"),
    "net_pay_vs_wish": ("Pay against your wish", "Gaji dibanding keinginan Anda"),
    "pay_vs_floor": ("Pay against the legal minimum", "Gaji dibanding upah minimum"),
    "pay_vs_market": ("Pay against similar jobs", "Gaji dibanding lowongan serupa"),
    "fee_months": ("Placement fee", "Biaya penempatan"),
    "country_preferred": ("Country you prefer", "Negara pilihan Anda"),
    "sector_preferred": ("Sector you prefer", "Bidang pilihan Anda"),
    "training_weeks": ("Training time needed", "Lama pelatihan yang dibutuhkan"),
    "gaps_without_course": ("Gaps without a course", "Kekurangan tanpa kursus"),
    "agency_completion_rate": ("Agency's completed placements", "Penempatan selesai oleh agensi"),
    "agency_complaint_rate": ("Agency's complaints", "Pengaduan terhadap agensi"),
    "agency_placements_log": ("Agency's placement record", "Rekam jejak penempatan agensi"),
    "employer_completion_rate": ("Employer's completed placements", "Penempatan selesai oleh majikan"),
    "employer_complaint_rate": ("Employer's complaints", "Pengaduan terhadap majikan"),
    "employer_placements_log": ("Employer's placement record", "Rekam jejak penempatan majikan"),
    "listing_age_days": ("Listing freshness", "Kebaruan lowongan"),
}
CORE_SKILL_WEIGHT = 2.0
EXPERIENCE_CLIP = 10.0
MAX_RANK = 6  # language ranks 0-6 (features.levels)
_GENDER_CODE = {"female": 1, "male": 2}


def _codes(values: Iterable[object]) -> tuple[np.ndarray, dict[str, int]]:
    """Strings -> int codes (0 = unknown/empty) and the vocabulary."""
    vocab: dict[str, int] = {}
    out = []
    for v in values:
        if v is None or v == "" or (isinstance(v, float) and v != v):
            out.append(0)
        else:
            out.append(vocab.setdefault(str(v), len(vocab) + 1))
    return np.asarray(out, dtype=np.int64), vocab


def _num(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _days(values: pd.Series) -> np.ndarray:
    """Dates -> days since 1970-01-01 (NaN when missing)."""
    ts = pd.to_datetime(values, errors="coerce")
    return ((ts - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)


def _multi_hot(rows: Sequence[Iterable[str]], vocab: dict[str, int], weights: Sequence[Mapping[str, float]] | None
               = None) -> sparse.csr_matrix:
    """Lists of ids -> CSR (n_rows, len(vocab)); ids missing from ``vocab`` are added to it."""
    indptr, indices, data = [0], [], []
    for i, ids in enumerate(rows):
        seen = set()
        for item in ids or ():
            col = vocab.setdefault(str(item), len(vocab))
            if col in seen:
                continue
            seen.add(col)
            indices.append(col)
            data.append(weights[i].get(str(item), 1.0) if weights is not None else 1.0)
        indptr.append(len(indices))
    shape = (len(rows), max(len(vocab), 1))
    return sparse.csr_matrix((np.asarray(data, dtype=float), np.asarray(indices, dtype=np.int64),
                              np.asarray(indptr, dtype=np.int64)), shape=shape)


@dataclass(frozen=True)
class Courses:
    """For each gap item (skill, certificate, language level) the shortest course closing it.

    ``skill``/``cert``/``lang`` are CSR matrices (n_items, n_courses) marking the chosen course and its
    prerequisites, so a course shared by several gaps is counted once; ``weeks`` is each course's length.
    """

    weeks: np.ndarray
    skill: sparse.csr_matrix
    cert: sparse.csr_matrix
    lang: sparse.csr_matrix  # rows: language index * (MAX_RANK + 1) + rank


def _course_closure(ref: Reference) -> tuple[list[str], dict[str, set[str]], np.ndarray]:
    ids = list(ref.courses.index)
    weeks = np.asarray([float(w) for w in ref.courses["weeks"]], dtype=float)
    prereq = {cid: set(p) for cid, p in zip(ids, ref.courses["prerequisites"], strict=True)}
    closure: dict[str, set[str]] = {}
    for cid in ids:
        todo, seen = [cid], set()
        while todo:
            c = todo.pop()
            if c in seen or c not in prereq:
                continue
            seen.add(c)
            todo.extend(prereq[c])
        closure[cid] = seen
    return ids, closure, weeks


def _courses(ref: Reference, skill_vocab: dict[str, int], cert_vocab: dict[str, int], lang_vocab: dict[str, int]
             ) -> Courses:
    """Shortest-course matrices aligned with the vocabularies (an empty vocabulary still gets one blank row)."""
    ids, closure, weeks = _course_closure(ref)
    pos = {c: i for i, c in enumerate(ids)}
    total = {c: float(sum(weeks[pos[p]] for p in closure[c])) for c in ids}
    best: dict[str, str] = {}  # "skill:x" / "cert:x" / "lang:ja:2" -> course id
    for cid, closes in zip(ids, ref.courses["closes"], strict=True):
        for item in closes:
            if item not in best or total[cid] < total[best[item]]:
                best[item] = cid

    def matrix(keys: list[str]) -> sparse.csr_matrix:
        keys = keys or [""]
        rows = [sorted(pos[c] for c in closure[best[k]]) if k in best else [] for k in keys]
        indptr = np.cumsum([0] + [len(r) for r in rows])
        indices = np.asarray([c for r in rows for c in r], dtype=np.int64)
        return sparse.csr_matrix((np.ones(indices.size), indices, indptr), shape=(len(keys), max(len(ids), 1)))

    skill_keys = sorted(skill_vocab, key=skill_vocab.__getitem__)
    cert_keys = sorted(cert_vocab, key=cert_vocab.__getitem__)
    lang_keys = []
    for code in sorted(lang_vocab, key=lang_vocab.__getitem__):
        for rank in range(MAX_RANK + 1):
            # a level with no course of its own is reached through the next level that has one
            upper = next((f"lang:{code}:{r}" for r in range(rank, MAX_RANK + 1) if f"lang:{code}:{r}" in best), "")
            lang_keys.append(upper if rank > 0 else "")
    lang_keys = lang_keys or [""] * (MAX_RANK + 1)
    return Courses(weeks=weeks, skill=matrix([f"skill:{k}" for k in skill_keys]),
                   cert=matrix([f"cert:{k}" for k in cert_keys]), lang=matrix(lang_keys))


class ListingTable:
    """Static facts of many listings as arrays, row-aligned; ``rows(ids)`` maps listing ids to rows.

    Build it once (service start, training) from a frame with the ``TABLE_COLUMNS``.
    """

    def __init__(self, frame: pd.DataFrame, ref: Reference) -> None:
        missing = [c for c in TABLE_COLUMNS if c not in frame.columns]
        if missing:
            raise ValueError(f"listing table is missing columns {missing}; expected {list(TABLE_COLUMNS)}")
        self.ids = frame[LISTING_ID].to_numpy(dtype=np.int64)
        order = np.argsort(self.ids, kind="stable")
        self._sorted_ids, self._sorted_rows = self.ids[order], order
        self.country, self.country_vocab = _codes(frame[COUNTRY])
        self.sector, self.sector_vocab = _codes(frame[SECTOR])
        self.occupation, self.occupation_vocab = _codes(frame[OCCUPATION])
        self.agency, self.agency_vocab = _codes(frame[AGENCY])
        self.employer, self.employer_vocab = _codes(frame[EMPLOYER])
        self.gender = np.asarray([_GENDER_CODE.get(str(g), 0) for g in frame[GENDER]], dtype=np.int64)
        self.min_exp, self.min_age, self.max_age = (_num(frame[MIN_EXPERIENCE]), _num(frame[MIN_AGE]),
                                                    _num(frame[MAX_AGE]))
        self.min_edu, self.pay, self.fee = _num(frame[MIN_EDUCATION]), _num(frame[PAY_IDR]), _num(frame[FEE_IDR])
        self.contract, self.pay_to_floor = _num(frame[CONTRACT_MONTHS]), _num(frame[PAY_TO_FLOOR])
        self.posted = _days(frame[POSTED_AT])
        paid = np.where(self.pay > 0, self.pay, np.nan)
        market = pd.DataFrame({"c": self.country, "o": self.occupation, "pay": paid})
        self.market_pay = market.groupby(["c", "o"])["pay"].transform("median").to_numpy(dtype=float)
        core = {o: set(s) for o, s in zip(ref.occupations.index, ref.occupations["core_skills"], strict=True)}
        weights = [{s: CORE_SKILL_WEIGHT for s in core.get(str(o), ())} for o in frame[OCCUPATION]]
        self.skill_vocab: dict[str, int] = {}
        self.skills = _multi_hot(list(frame[SKILLS]), self.skill_vocab, weights)
        self.skill_count = np.diff(self.skills.indptr).astype(float)
        self.skill_weight = np.asarray(self.skills.sum(axis=1)).ravel()
        self.cert_vocab: dict[str, int] = {}
        self.certs = _multi_hot(list(frame[CERTIFICATES]), self.cert_vocab)
        self.cert_count = np.diff(self.certs.indptr).astype(float)
        self.lang_vocab: dict[str, int] = {}
        lang_rows = [dict(x or {}) for x in frame[LANGUAGES]]
        for d in lang_rows:
            for code in d:
                self.lang_vocab.setdefault(str(code), len(self.lang_vocab))
        self.lang_need = np.zeros((len(frame), max(len(self.lang_vocab), 1)), dtype=np.int64)
        for i, d in enumerate(lang_rows):
            for code, rank in d.items():
                self.lang_need[i, self.lang_vocab[str(code)]] = int(rank)
        self.courses = _courses(ref, self.skill_vocab, self.cert_vocab, self.lang_vocab)
        self.sector_of_occupation = {o: str(s) for o, s in zip(ref.occupations.index, ref.occupations["sector"],
                                                               strict=True)}

    def __len__(self) -> int:
        return int(self.ids.size)

    def rows(self, listing_ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Row positions of ``listing_ids`` int ``(n,)``; -1 for ids the table does not hold."""
        ids = np.asarray(listing_ids, dtype=np.int64)
        pos = np.searchsorted(self._sorted_ids, ids)
        pos = np.clip(pos, 0, max(self._sorted_ids.size - 1, 0))
        found = self._sorted_ids.size > 0
        ok = (self._sorted_ids[pos] == ids) if found else np.zeros(ids.shape, dtype=bool)
        return np.where(ok, self._sorted_rows[pos] if found else -1, -1)


@dataclass(frozen=True)
class WorkerFacts:
    """One worker read against a ListingTable's vocabularies (build with ``worker_facts``)."""

    skills: np.ndarray        # (n_skills,) 0/1
    certs: np.ndarray         # (n_certs,) 0/1
    languages: np.ndarray     # (n_langs,) rank
    occupation_years: tuple[tuple[int, int, float], ...]  # (occupation code, sector code, years)
    occupations: np.ndarray   # occupation codes the worker names
    age: float
    gender: int
    education: float
    countries: np.ndarray     # country codes wanted (empty: no preference)
    sectors: np.ndarray       # sector codes wanted
    wish_idr: float


def worker_facts(profile: NormalisedProfile, table: ListingTable) -> WorkerFacts:
    """Read a normalised profile into vectors aligned with ``table``."""
    skills = np.zeros(table.skills.shape[1])
    skills[[table.skill_vocab[s] for s in profile.skills if s in table.skill_vocab]] = 1.0
    certs = np.zeros(table.certs.shape[1])
    certs[[table.cert_vocab[c] for c in profile.certificates if c in table.cert_vocab]] = 1.0
    langs = np.zeros(table.lang_need.shape[1], dtype=np.int64)
    for code, rank in profile.languages.items():
        if code in table.lang_vocab:
            langs[table.lang_vocab[code]] = int(rank)
    occ_years = []
    for occ, years in profile.experience_years.items():
        sector = table.sector_of_occupation.get(occ, "")
        occ_years.append((table.occupation_vocab.get(occ, -1), table.sector_vocab.get(sector, -1), float(years)))
    return WorkerFacts(
        skills=skills, certs=certs, languages=langs, occupation_years=tuple(occ_years),
        occupations=np.asarray([table.occupation_vocab[o] for o in profile.occupations
                                if o in table.occupation_vocab], dtype=np.int64),
        age=float(profile.age) if profile.age is not None else np.nan,
        gender=_GENDER_CODE.get(profile.gender or "", 0),
        education=float(profile.education_rank) if profile.education_rank is not None else np.nan,
        countries=np.asarray([table.country_vocab[c] for c in profile.preferred_countries
                              if c in table.country_vocab], dtype=np.int64),
        sectors=np.asarray([table.sector_vocab[s] for s in profile.preferred_sectors if s in table.sector_vocab],
                           dtype=np.int64),
        wish_idr=float(profile.min_monthly_salary_idr) if profile.min_monthly_salary_idr else np.nan,
    )


@dataclass(frozen=True)
class TrackRecord:
    """Smoothed agency and employer outcome rates, one value per ListingTable row (see ``track_record``)."""

    agency_completion: np.ndarray
    agency_complaint: np.ndarray
    agency_placements: np.ndarray
    employer_completion: np.ndarray
    employer_complaint: np.ndarray
    employer_placements: np.ndarray


def track_record(table: ListingTable, hired_rows: np.ndarray, completed: np.ndarray, complaint: np.ndarray,
                 strength: float = 5.0) -> TrackRecord:
    """Completion and complaint rates per agency and employer from past placements.

    Args:
        table: the listings.
        hired_rows: int ``(n_hires,)`` table rows of the listings where someone was hired.
        completed: bool ``(n_hires,)`` the placement was completed (without complaint).
        complaint: bool ``(n_hires,)`` the placement ended in a complaint.
        strength: pseudo-placements of the overall rate added to each entity (empirical-Bayes smoothing), so
            an agency with 1 placement is not rated 0 % or 100 %.
    """
    hired_rows = np.asarray(hired_rows, dtype=np.int64)
    done = np.asarray(completed, dtype=float)
    bad = np.asarray(complaint, dtype=float)
    n = max(hired_rows.size, 1)
    prior_done, prior_bad = done.sum() / n, bad.sum() / n

    def rates(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        c = codes[hired_rows]
        count = np.bincount(c, minlength=size + 1).astype(float)
        ok = np.bincount(c, weights=done, minlength=size + 1)
        ko = np.bincount(c, weights=bad, minlength=size + 1)
        count[0] = ok[0] = ko[0] = 0.0  # unknown agency/employer: only the prior
        r_ok = (ok + strength * prior_done) / (count + strength)
        r_ko = (ko + strength * prior_bad) / (count + strength)
        return r_ok[codes], r_ko[codes], np.log1p(count)[codes]

    a = rates(table.agency, len(table.agency_vocab))
    e = rates(table.employer, len(table.employer_vocab))
    return TrackRecord(*a, *e)


def pair_features(worker: WorkerFacts, table: ListingTable, rows: np.ndarray, similarity: np.ndarray,
                  as_of: date | Sequence[date], track: TrackRecord | None = None) -> pd.DataFrame:
    """Features of one worker against candidates ``rows`` (int ``(n,)`` table rows).

    Args:
        similarity: float ``(n,)`` cosine of the profile and each candidate (from retrieval).
        as_of: the day the ranking is for (freshness); one day per candidate when they differ (training on a
            history, where each listing was recommended on its own day).
        track: agency/employer track record; ``None`` leaves those features NaN.

    Returns:
        DataFrame ``(n, len(FEATURES))`` of float64 with the columns ``FEATURES``.
    """
    r = np.asarray(rows, dtype=np.int64)
    t = table
    n = r.size
    f: dict[str, np.ndarray] = {"similarity": np.asarray(similarity, dtype=float).reshape(n)}
    req = t.skills[r]
    have_w = req @ worker.skills
    f["skill_coverage"] = np.where(t.skill_weight[r] > 0, have_w / np.maximum(t.skill_weight[r], 1e-9), 1.0)
    req_bin = req.copy()
    req_bin.data[:] = 1.0
    miss_skills = sparse.csr_matrix(req_bin.multiply(1.0 - worker.skills[None, :]))
    miss_skills.eliminate_zeros()
    f["skills_missing"] = np.asarray(miss_skills.sum(axis=1)).ravel()
    miss_certs = sparse.csr_matrix(t.certs[r].multiply(1.0 - worker.certs[None, :]))
    miss_certs.eliminate_zeros()
    f["certificates_missing"] = np.asarray(miss_certs.sum(axis=1)).ravel()
    need = t.lang_need[r]
    f["language_gap"] = np.clip(need - worker.languages[None, :], 0, None).sum(axis=1).astype(float)

    years = np.zeros(n)
    for occ, sector, yrs in worker.occupation_years:
        years += yrs * ((t.occupation[r] == occ) | (t.sector[r] == sector))
    f["experience_years"] = years
    f["experience_margin"] = np.clip(years - np.nan_to_num(t.min_exp[r]), -EXPERIENCE_CLIP, EXPERIENCE_CLIP)
    f["occupation_match"] = np.isin(t.occupation[r], worker.occupations).astype(float)

    lo, hi = worker.age - t.min_age[r], t.max_age[r] - worker.age
    f["age_margin"] = np.fmin(lo, hi)  # fmin ignores a NaN side (only one limit known)
    f["gender_restricted"] = (t.gender[r] > 0).astype(float)
    f["education_margin"] = worker.education - np.nan_to_num(t.min_edu[r])

    pay, fee, months = t.pay[r], np.nan_to_num(t.fee[r]), t.contract[r]
    net = pay - np.where(months > 0, fee / np.where(months > 0, months, 1.0), fee / 12.0)
    f["net_pay_idr_m"] = net / 1e6
    f["net_pay_vs_wish"] = net / worker.wish_idr if worker.wish_idr > 0 else np.full(n, np.nan)
    f["pay_vs_floor"] = t.pay_to_floor[r]
    f["pay_vs_market"] = pay / t.market_pay[r]
    f["fee_months"] = np.where(pay > 0, fee / np.where(pay > 0, pay, 1.0), np.nan)
    f["country_preferred"] = (np.isin(t.country[r], worker.countries).astype(float) if worker.countries.size
                              else np.full(n, np.nan))
    f["sector_preferred"] = (np.isin(t.sector[r], worker.sectors).astype(float) if worker.sectors.size
                             else np.full(n, np.nan))

    weeks, no_course = _training_time(worker, t, miss_skills, miss_certs, need)
    f["training_weeks"], f["gaps_without_course"] = weeks, no_course

    names = ("agency_completion_rate", "agency_complaint_rate", "agency_placements_log",
             "employer_completion_rate", "employer_complaint_rate", "employer_placements_log")
    values = (track.agency_completion, track.agency_complaint, track.agency_placements, track.employer_completion,
              track.employer_complaint, track.employer_placements) if track is not None else (None,) * 6
    for name, arr in zip(names, values, strict=True):
        f[name] = arr[r] if arr is not None else np.full(n, np.nan)
    f["listing_age_days"] = _day_numbers(as_of, n) - t.posted[r]
    return pd.DataFrame({name: f[name] for name in FEATURES})


def _day_numbers(as_of: date | Sequence[date], n: int) -> np.ndarray:
    epoch = date(1970, 1, 1)
    if isinstance(as_of, date):
        return np.full(n, float((as_of - epoch).days))
    days = np.asarray([(d - epoch).days for d in as_of], dtype=float)
    if days.size != n:
        raise ValueError(f"as_of has {days.size} dates for {n} candidates")
    return days


def _training_time(worker: WorkerFacts, t: ListingTable, miss_skills: sparse.csr_matrix,
                   miss_certs: sparse.csr_matrix, need: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weeks of courses closing every gap (shared courses once) and the number of gaps no course closes."""
    c = t.courses
    n_levels = MAX_RANK + 1
    # one language gap item per required language not yet reached: (language, required level); the course that
    # reaches that level comes with its prerequisites (the levels below), so lower levels are not added again
    cand, lang = np.nonzero(need > worker.languages[None, :])
    cols = lang * n_levels + need[cand, lang]
    lang_gap = sparse.csr_matrix((np.ones(cand.size), (cand, cols)), shape=(need.shape[0], need.shape[1] * n_levels))
    chosen = (miss_skills @ c.skill) + (miss_certs @ c.cert) + (lang_gap @ c.lang)
    chosen = chosen.tocsr()
    chosen.eliminate_zeros()
    chosen.data[:] = 1.0
    weeks = np.asarray(chosen @ c.weeks).ravel()
    closable = [np.asarray(m.sum(axis=1)).ravel() > 0 for m in (c.skill, c.cert, c.lang)]
    no_course = (miss_skills @ (~closable[0]).astype(float) + miss_certs @ (~closable[1]).astype(float)
                 + lang_gap @ (~closable[2]).astype(float))
    return weeks, np.asarray(no_course).ravel()


__all__ = ["FEATURES", "FEATURE_DOCS", "FEATURE_LABELS", "TABLE_COLUMNS", "ListingTable", "TrackRecord",
           "WorkerFacts", "pair_features", "track_record", "worker_facts"]
