"""What a ranking factor means for the worker, in words that read the right way round.

A factor is one pair feature (features/pairs.py) with its contribution to a listing's score: the score minus the
score with that feature set to its typical value (the ranker's training median). A label alone cannot say which
way it went: "Employer's complaints (moves it up)" reads as if complaints pushed a job up, when what pushed it
up was *fewer* complaints than usual. So each factor is described by its value against the typical one
(``higher``/``lower``), in a phrase of its own, and by its effect on the list (``up``/``down``):

    "Fewer complaints about the employer than usual" - raised it in your list.

Without a typical value to compare with (the transparent v0 score, or a missing value), the plain label is used.

A factor whose effect runs against what its words mean for the worker ("more complaints about the employer than
usual - raised it") is not shown to her (``reads_against_the_worker``): a learned model can pick up such a
pattern from sparse track records, but a card would read it as advice. It stays a model property to inspect
(docs/learned-ranking.md), not a reason on a card.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from features.pairs import FEATURE_LABELS

Side = Literal["higher", "lower"]

# feature -> ((higher: English, Indonesian), (lower: English, Indonesian))
FACTOR_PHRASES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "similarity": (("Your profile and this job are described alike", "Profil Anda dan lowongan ini mirip"),
                   ("Your profile and this job are described differently",
                    "Profil Anda dan lowongan ini kurang mirip")),
    "skill_coverage": (("You have many of the skills it asks for", "Anda punya banyak keahlian yang diminta"),
                       ("You have few of the skills it asks for", "Anda baru punya sedikit keahlian yang diminta")),
    "skills_missing": (("More of the skills it asks for are missing than usual",
                        "Lebih banyak keahlian yang diminta belum Anda punya"),
                       ("Few of the skills it asks for are missing",
                        "Hanya sedikit keahlian yang diminta belum Anda punya")),
    "certificates_missing": (("Certificates it asks for are missing",
                              "Ada sertifikat yang diminta yang belum Anda punya"),
                             ("You have the certificates it asks for", "Anda punya sertifikat yang diminta")),
    "language_gap": (("Your language level is further below what it asks",
                      "Tingkat bahasa Anda masih jauh di bawah yang diminta"),
                     ("Your language level is close to what it asks",
                      "Tingkat bahasa Anda dekat dengan yang diminta")),
    "experience_years": (("More relevant experience than usual",
                          "Pengalaman Anda yang sesuai lebih banyak dari biasanya"),
                         ("Little relevant experience", "Pengalaman Anda yang sesuai masih sedikit")),
    "experience_margin": (("Your experience is above what it asks", "Pengalaman Anda di atas syaratnya"),
                          ("Your experience is below what it asks", "Pengalaman Anda di bawah syaratnya")),
    "occupation_match": (("It is the job you have done", "Pekerjaan ini sama dengan pekerjaan Anda"),
                         ("It is not the job you have done", "Pekerjaan ini berbeda dari pekerjaan Anda")),
    "age_margin": (("Your age is well inside its age limits", "Usia Anda jauh di dalam batas usianya"),
                   ("Your age is close to its age limits", "Usia Anda dekat batas usianya")),
    "gender_restricted": (("It is open to your gender only", "Lowongan ini hanya untuk jenis kelamin Anda"),
                          ("It is open to women and men", "Lowongan ini terbuka untuk perempuan dan laki-laki")),
    "education_margin": (("Your schooling is above what it asks", "Pendidikan Anda di atas syaratnya"),
                         ("Your schooling just meets what it asks", "Pendidikan Anda pas dengan syaratnya")),
    "net_pay_idr_m": (("Higher pay after fees than usual", "Gaji bersih lebih tinggi dari biasanya"),
                      ("Lower pay after fees than usual", "Gaji bersih lebih rendah dari biasanya")),
    "net_pay_vs_wish": (("Pay further above the amount you asked for", "Gaji lebih jauh di atas gaji yang Anda minta"),
                        ("Pay closer to, or below, the amount you asked for",
                         "Gaji dekat atau di bawah gaji yang Anda minta")),
    "pay_vs_floor": (("Pay well above the legal minimum", "Gaji jauh di atas upah minimum"),
                     ("Pay close to the legal minimum", "Gaji dekat upah minimum")),
    "pay_vs_market": (("Pay above similar jobs", "Gaji di atas lowongan serupa"),
                      ("Pay below similar jobs", "Gaji di bawah lowongan serupa")),
    "fee_months": (("A placement fee to pay", "Ada biaya penempatan yang harus dibayar"),
                   ("Little or no placement fee", "Biaya penempatan kecil atau tidak ada")),
    "country_preferred": (("In a country you chose", "Di negara pilihan Anda"),
                          ("Not in a country you chose", "Bukan di negara pilihan Anda")),
    "sector_preferred": (("In a kind of work you chose", "Di bidang kerja pilihan Anda"),
                         ("Not in a kind of work you chose", "Bukan di bidang kerja pilihan Anda")),
    "training_weeks": (("Needs longer training than usual", "Butuh pelatihan lebih lama dari biasanya"),
                       ("Needs little or no training", "Butuh sedikit atau tanpa pelatihan")),
    "gaps_without_course": (("Some of what it asks no course can teach",
                             "Ada syarat yang tidak bisa dipenuhi lewat kursus"),
                            ("A course can close everything it asks", "Semua syaratnya bisa dipenuhi lewat kursus")),
    "agency_completion_rate": (("The agency's placements are completed more often than usual",
                                "Penempatan oleh agensi ini lebih sering selesai dengan baik dari biasanya"),
                               ("The agency's placements are completed less often than usual",
                                "Penempatan oleh agensi ini lebih jarang selesai dengan baik dari biasanya")),
    "agency_complaint_rate": (("More complaints about the agency than usual",
                               "Pengaduan tentang agensi ini lebih banyak dari biasanya"),
                              ("Fewer complaints about the agency than usual",
                               "Pengaduan tentang agensi ini lebih sedikit dari biasanya")),
    "agency_placements_log": (("The agency has placed many workers", "Agensi ini sudah menempatkan banyak pekerja"),
                              ("The agency has placed few workers so far",
                               "Agensi ini baru menempatkan sedikit pekerja")),
    "employer_completion_rate": (("The employer's placements are completed more often than usual",
                                  "Penempatan pada pemberi kerja ini lebih sering selesai dengan baik dari biasanya"),
                                 ("The employer's placements are completed less often than usual",
                                  "Penempatan pada pemberi kerja ini lebih jarang selesai dengan baik dari biasanya")),
    "employer_complaint_rate": (("More complaints about the employer than usual",
                                 "Pengaduan tentang pemberi kerja ini lebih banyak dari biasanya"),
                                ("Fewer complaints about the employer than usual",
                                 "Pengaduan tentang pemberi kerja ini lebih sedikit dari biasanya")),
    "employer_placements_log": (("The employer has taken on many workers",
                                 "Pemberi kerja ini sudah mempekerjakan banyak pekerja"),
                                ("The employer has taken on few workers so far",
                                 "Pemberi kerja ini baru mempekerjakan sedikit pekerja")),
    "listing_age_days": (("Posted a while ago", "Sudah lama dipasang"), ("Posted recently", "Baru saja dipasang")),
}


# The side of each feature that is better for the worker (features with no such side are left out).
GOOD_SIDE: dict[str, Side] = {
    **dict.fromkeys(("similarity", "skill_coverage", "experience_years", "experience_margin", "occupation_match",
                     "net_pay_idr_m", "net_pay_vs_wish", "pay_vs_floor", "pay_vs_market", "country_preferred",
                     "sector_preferred", "agency_completion_rate", "employer_completion_rate"), "higher"),
    **dict.fromkeys(("skills_missing", "certificates_missing", "language_gap", "fee_months", "training_weeks",
                     "gaps_without_course", "agency_complaint_rate", "employer_complaint_rate"), "lower"),
}


def reads_against_the_worker(factor: dict[str, Any]) -> bool:
    """True for a factor (``describe_factor``) that raised a listing for being worse for her, or lowered it for
    being better: e.g. more complaints than usual that raised it."""
    good = GOOD_SIDE.get(str(factor.get("feature")))
    side = factor.get("side")
    if good is None or side is None:
        return False
    return (side == good) != (factor.get("effect") == "up")


def _number(x: Any) -> float | None:
    if x is None:
        return None
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def factor_side(value: Any, reference: Any) -> Side | None:
    """``higher`` or ``lower`` than the typical value; None when either is unknown or they are equal."""
    v, r = _number(value), _number(reference)
    if v is None or r is None or v == r:
        return None
    return "higher" if v > r else "lower"


def describe_factor(feature: str, value: Any, contribution: float, reference: Any = None) -> dict[str, Any]:
    """One factor for a match card: its label, the phrase that says which way the value lies, and its effect.

    Returns ``{feature, label_en, label_id, phrase_en, phrase_id, side, effect, value, reference, contribution}``
    where ``effect`` is ``up`` (raised the listing in the worker's list) or ``down``.
    """
    en, id_ = FEATURE_LABELS[feature]
    side = factor_side(value, reference)
    phrase_en, phrase_id = en, id_
    if side is not None and feature in FACTOR_PHRASES:
        higher, lower = FACTOR_PHRASES[feature]
        phrase_en, phrase_id = higher if side == "higher" else lower
    shown = _number(value)
    ref = _number(reference)
    return {"feature": feature, "label_en": en, "label_id": id_, "phrase_en": phrase_en, "phrase_id": phrase_id,
            "side": side, "effect": "up" if contribution > 0 else "down",
            "value": None if shown is None else round(shown, 4), "reference": None if ref is None else round(ref, 4),
            "contribution": round(float(contribution), 4)}


__all__ = ["FACTOR_PHRASES", "GOOD_SIDE", "Side", "describe_factor", "factor_side", "reads_against_the_worker"]
