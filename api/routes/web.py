"""Web pages (server-rendered HTML; light JavaScript calls the JSON API) and their static files.

Every user-facing string lives in one bilingual dictionary, ``api/static/i18n.json`` (``key -> {id, en}``).
The server renders the page in the requested language (``?lang=en``; Bahasa Indonesia by default) and
embeds the whole dictionary so the page can switch language in place without a reload.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from features.listings import ListingIn
from features.reference import load_reference

_API_DIR = Path(__file__).resolve().parents[1]
STATIC_DIR = _API_DIR / "static"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

# The choices the forms offer come from the reference data in features/data (one source for the API, the
# screening rules and the pages); their labels too, in both languages (``vocabulary_strings``).
_REF = load_reference()
SECTORS: tuple[str, ...] = tuple(_REF.sectors.index)
PROVINCES: tuple[str, ...] = tuple(_REF.provinces.index)
# Legal destinations: every country the reference knows except the online-scam hotspots (Kemlu warnings).
DESTINATIONS: tuple[str, ...] = tuple(c for c, scam in _REF.countries["scam_hotspot"].items() if not scam)
EXPERIENCE_COUNTRIES: tuple[str, ...] = ("ID", *DESTINATIONS)
# (value sent to the API, i18n key): the API reads level ids and language codes as well as their names.
EDUCATION: tuple[tuple[str, str], ...] = tuple((level, f"edu.{level}") for level in _REF.education_levels.index)
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = tuple((code, f"langname.{code}") for code in _REF.languages.index
                                                      if code != "id")  # the worker's own language is a given
# Level choices: plain words (translated) and test results (the same in both languages).
SIMPLE_LEVELS = (("basic", "level.basic"), ("intermediate", "level.intermediate"), ("fluent", "level.fluent"),
                 ("native", "level.native"))
TEST_LEVELS = ("JLPT N5", "JLPT N4", "JLPT N3", "JLPT N2", "JLPT N1", "JFT-Basic A2", "EPS-TOPIK pass",
               "TOPIK 1", "TOPIK 2", "TOPIK 3", "TOPIK 4", "TOPIK 5", "TOPIK 6",
               "CEFR A1", "CEFR A2", "CEFR B1", "CEFR B2", "CEFR C1", "CEFR C2")

def _is_a(annotation: Any, kinds: tuple[type, ...]) -> bool:
    """Whether a field's type is one of ``kinds``, optional or not (``float | None`` is a float)."""
    return any(a in kinds for a in (get_args(annotation) or (annotation,)) if a is not type(None))


# The navigation bar: (path, page name, i18n key of its label).
NAV_PAGES = (("/", "worker", "nav.worker"), ("/planner", "planner", "nav.planner"),
             ("/agency", "agency", "nav.agency"))
# Fields of the agency's one-listing form, grouped (ids are the listing CSV columns; labels are "col.<id>").
LISTING_FORM_GROUPS = (
    ("agency.group.job", ("listing_ref", "title", "occupation", "sector", "country", "city", "description")),
    ("agency.group.employer", ("employer_name", "employer_type", "agency_name", "agency_licence", "job_order_ref",
                               "job_order_verified")),
    ("agency.group.pay", ("salary_amount", "salary_currency", "salary_period", "worker_fee_amount",
                          "worker_fee_currency", "hours_per_week", "rest_days_per_month", "contract_months")),
    ("agency.group.needs", ("required_skills", "required_certificates", "required_languages", "min_experience_years",
                            "min_age", "max_age", "gender")),
    ("agency.group.other", ("visa_type", "passport_held_by", "accommodation_provided", "contact", "posted_at",
                            "expires_at")),
)
# Choice fields of that form: (value, i18n key); "" = not given.
LISTING_CHOICES = {
    "employer_type": (("company", "choice.company"), ("household", "choice.household")),
    "job_order_verified": (("true", "choice.yes"), ("false", "choice.no")),
    "salary_period": (("month", "choice.month"), ("day", "choice.day"), ("hour", "choice.hour")),
    "gender": (("any", "choice.any"), ("female", "gender.female"), ("male", "gender.male")),
    "visa_type": (("work", "visa.work"), ("visit", "visa.visit"), ("tourist", "visa.tourist"),
                  ("pilgrimage", "visa.pilgrimage"), ("student", "visa.student"), ("other", "visa.other")),
    "passport_held_by": (("worker", "passport.worker"), ("employer", "passport.employer"),
                         ("agency", "passport.agency")),
    "accommodation_provided": (("true", "choice.yes"), ("false", "choice.no")),
}
LISTING_NUMBERS: tuple[str, ...] = tuple(name for name, f in ListingIn.model_fields.items()
                                         if _is_a(f.annotation, (int, float)))
LISTING_DATES: tuple[str, ...] = tuple(name for name, f in ListingIn.model_fields.items()
                                       if _is_a(f.annotation, (date,)))
LISTING_REQUIRED: tuple[str, ...] = tuple(name for name, f in ListingIn.model_fields.items() if f.is_required())
LISTING_LONG_TEXT = ("description", "required_skills", "required_certificates")

# The page loads only its own files: no CDN, no inline script.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(_API_DIR / "templates"))


def vocabulary_strings() -> dict[str, dict[str, str]]:
    """Labels of the reference vocabularies the pages show (sectors, countries, education levels, languages),
    in both languages, straight from features/data: ``sector.<id>``, ``country.<code>``, ``edu.<id>``,
    ``langname.<code>``."""
    out: dict[str, dict[str, str]] = {}
    for sid, row in _REF.sectors.iterrows():
        out[f"sector.{sid}"] = {"id": str(row["label_id"]), "en": str(row["label_en"])}
    for code, row in _REF.countries.iterrows():
        out[f"country.{code}"] = {"id": str(row["name_id"]), "en": str(row["name_en"])}
    for level, row in _REF.education_levels.iterrows():
        out[f"edu.{level}"] = {"id": str(row["label_id"]), "en": str(row["label_en"])}
    for code, row in _REF.languages.iterrows():
        out[f"langname.{code}"] = {"id": str(row["label_id"]), "en": str(row["label_en"])}
    return out


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """The bilingual dictionary ``key -> {"id": ..., "en": ...}`` shared by the templates and the scripts: the
    page texts of ``api/static/i18n.json`` plus the vocabulary labels (``vocabulary_strings``)."""
    with (STATIC_DIR / "i18n.json").open(encoding="utf-8") as fh:
        data: dict[str, dict[str, str]] = json.load(fh)
    clash = sorted(set(data) & set(vocab := vocabulary_strings()))
    if clash:  # one source per label: a vocabulary label belongs in features/data, not in i18n.json
        raise ValueError(f"i18n.json repeats labels that come from features/data: {clash}")
    return {**data, **vocab}


def page_language(request: Request) -> str:
    """``?lang=en`` or ``?lang=id``; anything else gives the default, Bahasa Indonesia."""
    lang = (request.query_params.get("lang") or "").strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _context(lang: str, page: str = "worker", title_key: str = "page.title") -> dict[str, Any]:
    table = strings()

    def t(key: str) -> str:
        return table[key][lang]

    return {"lang": lang, "t": t, "strings": table, "nav_pages": NAV_PAGES, "destinations": DESTINATIONS,
            "experience_countries": EXPERIENCE_COUNTRIES, "sectors": SECTORS, "education": EDUCATION,
            "language_choices": LANGUAGE_CHOICES, "simple_levels": SIMPLE_LEVELS, "test_levels": TEST_LEVELS,
            "provinces": PROVINCES, "page": page, "title_key": title_key,
            "listing_form_groups": LISTING_FORM_GROUPS, "listing_choices": LISTING_CHOICES,
            "listing_numbers": LISTING_NUMBERS, "listing_dates": LISTING_DATES, "listing_required": LISTING_REQUIRED,
            "listing_long_text": LISTING_LONG_TEXT}


def _page(request: Request, template: str, page: str, title_key: str) -> HTMLResponse:
    response = templates.TemplateResponse(request, template, _context(page_language(request), page, title_key))
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@router.get("/", response_class=HTMLResponse)
def worker_page(request: Request) -> HTMLResponse:
    """The worker page: enter a profile (or a registration number), get safe recommendations."""
    return _page(request, "worker.html", "worker", "page.title")


@router.get("/planner", response_class=HTMLResponse)
def planner_page(request: Request) -> HTMLResponse:
    """The training planner's page: pick a cohort, see its common gaps and the courses that unlock the most."""
    return _page(request, "planner.html", "planner", "planner.title")


@router.get("/agency", response_class=HTMLResponse)
def agency_page(request: Request) -> HTMLResponse:
    """The agency page: check a listing CSV or one listing against the screening rules (nothing is stored)."""
    return _page(request, "agency.html", "agency", "agency.title")


@router.get("/static/{path:path}")
def static_file(path: str) -> FileResponse:
    """A file under ``api/static``; anything outside it (``..``, absolute paths, symlinks out) is a 404."""
    root = STATIC_DIR.resolve()
    try:
        target = (root / path).resolve()
    except (OSError, RuntimeError, ValueError):
        raise HTTPException(status_code=404, detail="not found") from None
    if not target.is_relative_to(root) or not target.is_file() or any(p.startswith(".") for p in Path(path).parts):
        raise HTTPException(status_code=404, detail="not found")
    return FileResponse(target, headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})
