"""The worker web page in a real headless Chromium against a real server filled with demo data.

The server and browser fixtures are in ``conftest.py``, the helpers in ``browser_support.py``. Browser tests are
marked ``browser``. They need Debian's ``chromium`` and ``chromium-driver``
(``/usr/bin/chromium``, ``/usr/bin/chromedriver``); without them they FAIL with a clear message, unless
``LAYAK_SKIP_BROWSER=1``. Selenium Manager is never used (explicit driver path, ``SE_OFFLINE=true``).
Screenshots go to ``$LAYAK_ARTIFACTS_DIR`` (default ``artifacts/screenshots``, git-ignored).

The file also holds two quick checks without a browser: the bilingual dictionary is complete, and the
static-file route cannot be used to read files outside ``api/static``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.browser_support import (
    API_DIR,
    RESULTS_TIMEOUT_S,
    SIZES,
    artifacts_dir,
    full_page_png,
    label,
    low_contrast,
    no_horizontal_scroll,
    open_page,
    text,
    wait,
)

ID_HEADING = "Cari pekerjaan yang cocok dan aman"
EN_HEADING = "Find a job that fits and is safe"


# ---------------------------------------------------------------- checks without a browser

def test_every_string_has_both_languages_and_every_key_used_exists() -> None:
    from api.routes import web

    strings = web.strings()  # i18n.json plus the vocabulary labels from features/data
    for key, entry in strings.items():
        assert set(entry) == {"id", "en"}, f"{key}: expected exactly 'id' and 'en', got {sorted(entry)}"
        assert entry["id"].strip() and entry["en"].strip(), f"{key}: empty translation"
    used: set[str] = set()
    for tpl in (API_DIR / "templates").glob("*.html"):
        html = tpl.read_text(encoding="utf-8")
        used |= set(re.findall(r"data-i18n(?:-[a-z-]+)?=\"([a-z0-9_.]+)\"", html))
        used |= set(re.findall(r"t\('([a-z0-9_.]+)'\)", html))
        for call in re.findall(r"results_panel\(([^)]*)\)", html):  # the shared macro takes its keys as arguments
            used |= set(re.findall(r"'([a-z0-9_.]+)'", call))
    for script in (API_DIR / "static").glob("*.js"):
        js = script.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\('([a-z0-9_.]+)'", js))
        # Keys listed in tables (e.g. column headings): any 'prefix.name' literal whose prefix is a dictionary prefix.
        prefixes = {k.split(".")[0] for k in strings if "." in k}
        used |= {k for k in re.findall(r"'([a-z]+\.[a-z0-9_.]+)'", js) if k.split(".")[0] in prefixes}
    missing = sorted(k for k in used if k not in strings and not k.endswith("."))  # "x." + id: built keys
    assert not missing, f"keys used but not in i18n.json: {missing}"


def test_the_forms_offer_the_reference_vocabularies_with_their_labels_in_both_languages() -> None:
    """The pages read their choices from features/data (no second copy in the web layer)."""
    from api.routes import web
    from features.reference import load_reference

    ref = load_reference()
    strings = web.strings()
    assert web.SECTORS == tuple(ref.sectors.index) and web.PROVINCES == tuple(ref.provinces.index)
    assert len(web.PROVINCES) == 38  # the 38 provinces since the four new Papua provinces (UU 14-16/2022, 29/2022)
    assert set(web.DESTINATIONS) == {c for c in ref.countries.index if not ref.countries.loc[c, "scam_hotspot"]}
    assert "KH" not in web.DESTINATIONS and {"HK", "TW", "QA"} <= set(web.DESTINATIONS)
    assert [v for v, _ in web.EDUCATION] == list(ref.education_levels.index)
    assert strings["sector.manufacturing"] == {"id": ref.sectors.loc["manufacturing", "label_id"],
                                               "en": ref.sectors.loc["manufacturing", "label_en"]}
    for _, key in (*web.EDUCATION, *web.LANGUAGE_CHOICES):
        assert key in strings, key
    assert set(web.LISTING_REQUIRED) == {"listing_ref", "title", "country"}
    assert {"salary_amount", "contract_months", "min_age"} <= set(web.LISTING_NUMBERS)
    assert web.LISTING_DATES == ("posted_at", "expires_at")
    # what the worker form sends is read back as the level or language it names
    from features.levels import parse_education, parse_language_name

    for value, _ in web.EDUCATION:
        parsed = parse_education(value)
        assert parsed is not None and parsed[0] == value, value
    for code, _ in web.LANGUAGE_CHOICES:
        assert parse_language_name(code) == code, code


def test_static_route_serves_only_files_under_api_static() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from api.routes import web

    app = FastAPI()
    app.include_router(web.router)
    client = TestClient(app)
    ok = client.get("/static/worker.js")
    assert ok.status_code == 200 and "javascript" in ok.headers["content-type"]
    for path in ("/static/%2e%2e/routes/web.py", "/static/..%2Froutes%2Fweb.py", "/static/%2Fetc%2Fpasswd",
                 "/static/..%2F..%2Fpyproject.toml", "/static/missing.css", "/static/"):
        assert client.get(path).status_code == 404, path
    page = client.get("/?lang=en")
    assert page.status_code == 200 and '<html lang="en">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]



def test_the_three_pages_render_in_both_languages_with_one_navigation_and_shared_scripts() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from api.routes import web

    app = FastAPI()
    app.include_router(web.router)
    client = TestClient(app)
    for path, current, heading in (("/", "Pekerja", "Cari pekerjaan"), ("/planner", "Perencana pelatihan",
                                   "Pelatihan apa"), ("/agency", "Agensi", "Periksa lowongan")):
        page = client.get(path)
        assert page.status_code == 200 and '<html lang="id">' in page.text and heading in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert re.search(r'aria-current="page"\s+data-i18n="nav\.[a-z]+">' + current + "<", page.text), path
        assert page.text.count("aria-current=") == 1
        scripts = re.findall(r'<script src="([^"]+)"', page.text)
        assert scripts[:2] == ["/static/common.js", "/static/api.js"], scripts
        # then the page's own script, after the contract check it uses (worker and agency pages), and on the
        # worker page the story box's script after it
        own = {"/": ["worker", "story"], "/planner": ["planner"], "/agency": ["agency"]}[path]
        assert scripts[2:] == (["/static/contract.js"] if path in ("/", "/agency") else []) + [
            f"/static/{name}.js" for name in own], scripts
        english = client.get(path + "?lang=en")
        assert '<html lang="en">' in english.text and 'href="/planner?lang=en"' in english.text


def test_the_agency_form_covers_listing_columns_with_valid_choices_and_names_every_column() -> None:
    from api.routes import web
    from features.listings import LISTING_COLUMNS, TEMPLATE_EXAMPLE, ListingIn

    strings = web.strings()
    names = [n for _, group in web.LISTING_FORM_GROUPS for n in group]
    assert len(names) == len(set(names)) and set(names) == set(LISTING_COLUMNS), set(LISTING_COLUMNS) ^ set(names)
    assert all(f"col.{c}" in strings for c in LISTING_COLUMNS)  # a bad CSV cell is named in both languages
    for field, choices in web.LISTING_CHOICES.items():
        for value, key in choices:
            assert key in strings
            ListingIn.model_validate({**TEMPLATE_EXAMPLE, field: value})


def test_every_request_of_the_pages_goes_through_layak_fetch() -> None:
    for script in (API_DIR / "static").glob("*.js"):
        js = script.read_text(encoding="utf-8")
        calls = re.findall(r"(?<![\w.])fetch\(|window\.fetch\(|XMLHttpRequest", js)
        if script.name == "api.js":
            assert calls == ["window.fetch("], calls
        else:
            assert not calls, f"{script.name} calls fetch directly; use window.layakFetch (api.js)"


def _fill_indonesian_profile(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "gender")).select_by_value("female")
    driver.find_element(By.ID, "birth_year").send_keys("1995")
    Select(driver.find_element(By.ID, "province")).select_by_visible_text("Jawa Timur")
    Select(driver.find_element(By.ID, "education_level")).select_by_value("smp")
    driver.find_element(By.ID, "skills").send_keys("merawat lansia, memasak, menyetrika, merangkai bunga")
    Select(driver.find_element(By.ID, "lang-0-language")).select_by_value("zh")
    Select(driver.find_element(By.ID, "lang-0-level")).select_by_value("basic")
    driver.find_element(By.ID, "exp-0-occupation").send_keys("pengasuh lansia")
    driver.find_element(By.ID, "exp-0-years").send_keys("2")
    Select(driver.find_element(By.ID, "exp-0-country")).select_by_value("TW")
    driver.find_element(By.CSS_SELECTOR, 'label[for="country-TW"]').click()
    driver.find_element(By.CSS_SELECTOR, 'label[for="sector-care"]').click()
    driver.find_element(By.ID, "summary").send_keys("Saya pernah merawat nenek selama 2 tahun di Taiwan.")
    assert driver.find_element(By.ID, "country-TW").is_selected()
    assert driver.find_element(By.ID, "sector-care").is_selected()


def _submit_and_wait_for_cards(driver: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, "profile-submit").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results .card")
          or d.find_elements(By.CSS_SELECTOR, "#results .notice"),
          timeout=RESULTS_TIMEOUT_S, message="no recommendation cards appeared")
    notices = driver.find_elements(By.CSS_SELECTOR, "#results .notice")
    assert not notices, f"the page showed a notice instead of cards: {notices[0].text}"
    return list(driver.find_elements(By.CSS_SELECTOR, "#results .card"))


# ---------------------------------------------------------------- browser tests

@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_worker_page_recommends_switches_language_and_names_bad_fields(server: str, browser: Any,
                                                                       width: int, height: int) -> None:
    from selenium.webdriver.common.by import By

    shots = artifacts_dir()
    driver = browser(width, height)
    open_page(driver, server + "/")

    # Indonesian by default.
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert text(driver, "h1") == ID_HEADING
    assert label(driver, "skills") == "Keahlian"
    assert label(driver, "birth_year") == "Tahun lahir"
    assert "merawat lansia" in text(driver, "#skills-hint")
    no_horizontal_scroll(driver, width)
    driver.save_screenshot(str(shots / f"worker-{width}-form-id.png"))

    # An Indonesian profile gives cards with pay in Rupiah, safety badges and gaps.
    _fill_indonesian_profile(driver)
    cards = _submit_and_wait_for_cards(driver)
    assert len(cards) >= 1
    first = cards[0]
    assert "Rp" in first.find_element(By.CSS_SELECTOR, '[data-section="pay"]').text
    assert "per bulan" in first.find_element(By.CSS_SELECTOR, '[data-section="pay"]').text
    badges = first.find_elements(By.CSS_SELECTOR, '[data-section="safety"] [data-badge]')
    assert badges, "no safety badge on the first card"
    assert any(b.get_attribute("title") for b in badges), "safety badges carry no source in their title"
    gaps = first.find_element(By.CSS_SELECTOR, '[data-section="gaps"]')
    assert gaps.find_elements(By.CSS_SELECTOR, "ul[data-gaps] li") or "Tidak ada kekurangan" in gaps.text
    assert first.find_elements(By.CSS_SELECTOR, '[data-section="why"] li'), "no 'why it fits' bullets"
    factors = first.find_elements(By.CSS_SELECTOR, '[data-section="why"] [data-factors] li')
    # each factor says which way its value lies and which way it moved the job (issue 18: never "(menaikkan)")
    assert factors and all(re.search(r" — membuatnya (naik|turun) dalam daftar Anda$", f.text) for f in factors), \
        [f.text for f in factors]
    assert first.find_elements(By.CSS_SELECTOR, '[data-section="training"]'), "no training-path slot"
    assert "Taiwan" in first.text
    assert re.search(r"Rumah tangga|Perusahaan", first.text)
    assert "Belum dikenali: merangkai bunga" in text(driver, '#results [data-section="unknown"]')
    assert driver.find_element(By.ID, "results").get_attribute("aria-live") == "polite"
    no_horizontal_scroll(driver, width)
    assert not low_contrast(driver), low_contrast(driver)
    full_page_png(driver, shots / f"worker-{width}-results-id.png")

    # English: labels, headings and the cards change; the choice is remembered.
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en",
          message="html lang did not switch to en")
    assert text(driver, "h1") == EN_HEADING
    assert label(driver, "skills") == "Skills"
    assert label(driver, "birth_year") == "Year of birth"
    assert text(driver, "#profile-submit") == "Find matching jobs"
    first = driver.find_elements(By.CSS_SELECTOR, "#results .card")[0]
    assert "a month" in first.find_element(By.CSS_SELECTOR, '[data-section="pay"]').text
    assert first.find_element(By.CSS_SELECTOR, '[data-section="safety"] h4').text == "Safety"
    assert "What placed it here most" in first.find_element(By.CSS_SELECTOR, '[data-section="why"]').text
    assert "Not recognised: merangkai bunga" in text(driver, '#results [data-section="unknown"]')
    assert driver.execute_script("return localStorage.getItem('layak.lang')") == "en"
    first.screenshot(str(shots / f"worker-{width}-card-en.png"))
    no_horizontal_scroll(driver, width)

    open_page(driver, server + "/")  # no ?lang: the stored choice wins
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert text(driver, "h1") == EN_HEADING

    # A bad birth year: the API's 422 is shown next to the form, naming the field.
    driver.find_element(By.ID, "birth_year").send_keys("1800")
    driver.find_element(By.ID, "profile-submit").click()
    summary = wait(driver, lambda d: d.find_element(By.ID, "form-errors") if d.find_element(
        By.ID, "form-errors").is_displayed() else False, timeout=RESULTS_TIMEOUT_S, message="no error summary")
    assert "Year of birth" in summary.text and "1940" in summary.text, summary.text
    assert driver.find_element(By.ID, "birth_year").get_attribute("aria-invalid") == "true"
    assert "1940" in text(driver, "#birth_year-error")
    driver.save_screenshot(str(shots / f"worker-{width}-error-en.png"))
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: "Tahun lahir" in d.find_element(By.ID, "form-errors").text,
          message="the error did not switch to Indonesian")
    no_horizontal_scroll(driver, width)


@pytest.mark.browser
def test_registered_worker_lookup(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    driver = browser(360, 800)
    open_page(driver, server + "/?lang=id")
    field = driver.find_element(By.ID, "worker_ref")
    field.send_keys("W999999")
    driver.find_element(By.ID, "lookup-submit").click()
    wait(driver, lambda d: d.find_element(By.ID, "worker_ref-error").is_displayed(), timeout=RESULTS_TIMEOUT_S,
          message="no error for an unknown registration number")
    assert "W999999" in text(driver, "#worker_ref-error") and "tidak ditemukan" in text(driver, "#worker_ref-error")

    field.clear()
    field.send_keys("W000001")
    driver.find_element(By.ID, "lookup-submit").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results .card")
          or d.find_elements(By.CSS_SELECTOR, "#results .summary"), timeout=RESULTS_TIMEOUT_S,
          message="no results for a registered worker")
    assert "W000001" in text(driver, "#results .summary")
    assert not driver.find_element(By.ID, "worker_ref-error").is_displayed()
