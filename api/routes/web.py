"""Web pages (server-rendered HTML; light JavaScript calls the JSON API) and their static files.

Every user-facing string lives in one bilingual dictionary, ``api/static/i18n.json`` (``key -> {id, en}``).
The server renders the page in the requested language (``?lang=en``; Bahasa Indonesia by default) and
embeds the whole dictionary so the page can switch language in place without a reload.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

_API_DIR = Path(__file__).resolve().parents[1]
STATIC_DIR = _API_DIR / "static"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

# Choices offered by the worker form (ids from the shared vocabularies; labels come from i18n.json).
DESTINATIONS = ("HK", "TW", "MY", "SG", "KR", "JP", "SA", "BN", "DE", "IT", "PL", "TR")
EXPERIENCE_COUNTRIES = ("ID", *DESTINATIONS, "AE", "QA", "KW", "OM", "BH", "JO")
SECTORS = ("domestic", "care", "nursing", "food_service", "hospitality", "manufacturing", "trades", "construction",
           "agriculture", "fishing", "driving", "cleaning", "logistics", "services")
# (value sent to the API, i18n key): the API reads Indonesian and English school names.
EDUCATION = (("Tidak sekolah", "edu.none"), ("SD", "edu.sd"), ("SMP", "edu.smp"), ("SMA", "edu.sma"),
             ("D1", "edu.d1"), ("D2", "edu.d2"), ("D3", "edu.d3"), ("D4", "edu.d4"), ("S1", "edu.s1"),
             ("S2", "edu.s2"))
# (value sent to the API = the language's English name, i18n key)
LANGUAGE_CHOICES = (("English", "langname.en"), ("Mandarin", "langname.zh"), ("Cantonese", "langname.yue"),
                    ("Japanese", "langname.ja"), ("Korean", "langname.ko"), ("Arabic", "langname.ar"),
                    ("Malay", "langname.ms"), ("German", "langname.de"), ("Italian", "langname.it"),
                    ("Polish", "langname.pl"), ("Turkish", "langname.tr"))
# Level choices: plain words (translated) and test results (the same in both languages).
SIMPLE_LEVELS = (("basic", "level.basic"), ("intermediate", "level.intermediate"), ("fluent", "level.fluent"),
                 ("native", "level.native"))
TEST_LEVELS = ("JLPT N5", "JLPT N4", "JLPT N3", "JLPT N2", "JLPT N1", "JFT-Basic A2", "EPS-TOPIK pass",
               "TOPIK 1", "TOPIK 2", "TOPIK 3", "TOPIK 4", "TOPIK 5", "TOPIK 6",
               "CEFR A1", "CEFR A2", "CEFR B1", "CEFR B2", "CEFR C1", "CEFR C2")
PROVINCES = ("Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi", "Bengkulu",
             "Sumatera Selatan", "Kepulauan Bangka Belitung", "Lampung", "Banten", "DKI Jakarta", "Jawa Barat",
             "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur",
             "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara",
             "Sulawesi Utara", "Gorontalo", "Sulawesi Tengah", "Sulawesi Barat", "Sulawesi Selatan",
             "Sulawesi Tenggara", "Maluku", "Maluku Utara", "Papua", "Papua Barat", "Papua Barat Daya",
             "Papua Selatan", "Papua Tengah", "Papua Pegunungan")

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
LISTING_NUMBERS = ("salary_amount", "worker_fee_amount", "hours_per_week", "rest_days_per_month", "contract_months",
                   "min_experience_years", "min_age", "max_age")
LISTING_DATES = ("posted_at", "expires_at")
LISTING_REQUIRED = ("listing_ref", "title", "country")
LISTING_LONG_TEXT = ("description", "required_skills", "required_certificates")

# The page loads only its own files: no CDN, no inline script.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(_API_DIR / "templates"))


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """The bilingual dictionary ``key -> {"id": ..., "en": ...}`` shared by the templates and worker.js."""
    with (STATIC_DIR / "i18n.json").open(encoding="utf-8") as fh:
        data: dict[str, dict[str, str]] = json.load(fh)
    return data


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
