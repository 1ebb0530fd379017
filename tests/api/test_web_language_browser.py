"""Each page, used as a person would, in Indonesian and in English, at 360 and 1280 px (issue 18).

The crawl fills the forms, gets results, makes the server refuse and correct something, and after each step
checks the page: no English word in the Indonesian page (page_checks.english_words: the pages' dictionary, the
server's messages, screening details, validation and CSV row errors, refusals), no Indonesian function word in
the English page, and nothing narrower than its content (page_checks.layout_problems: selects that cannot show
their choices, squeezed rows, cut-off placeholders). Fixtures: conftest.py (a real server over demo data, headless
Chromium); browser tests are marked ``browser``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from features.listings import LISTING_COLUMNS, template_example
from tests.api.browser_support import KEYS, RESULTS_TIMEOUT_S, SIZES, artifacts_dir, full_page_png, open_page, wait
from tests.api.page_checks import english_words, indonesian_words, layout_problems, scheme_words_out_of_place

G2G_LICENCE = "G2G-KP2MI"


def _check(driver: Any, lang: str, step: str) -> None:
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang, step
    if lang == "id":
        found = english_words(driver)
        assert not found, f"{step}: English on the Indonesian page: {found}"
    else:
        found = indonesian_words(driver)
        assert not found, f"{step}: Indonesian on the English page: {found}"
    misplaced = scheme_words_out_of_place(driver)
    assert not misplaced, f"{step}: a scheme's word on another country's card: {misplaced}"
    problems = layout_problems(driver)
    assert not problems, f"{step}: {problems}"


def _switch(driver: Any, lang: str) -> None:
    if driver.find_element("tag name", "html").get_attribute("lang") != lang:
        driver.find_element("id", "lang-switch").click()
        wait(driver, lambda d: d.find_element("tag name", "html").get_attribute("lang") == lang,
             message=f"the page did not switch to {lang}")


def _key(driver: Any, key: str) -> None:
    field = driver.find_element("id", "api-key")
    field.clear()
    field.send_keys(key)


def _results(driver: Any) -> None:
    wait(driver, lambda d: d.find_elements("css selector", "#results .summary, #results .notice, #results .card")
         and d.find_element("id", "results").get_attribute("aria-busy") == "false",
         timeout=RESULTS_TIMEOUT_S, message="no results appeared")


# ---------------------------------------------------------------- the worker page

def _welder(driver: Any) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "gender")).select_by_value("male")
    driver.find_element("id", "birth_year").send_keys("1992")
    Select(driver.find_element("id", "education_level")).select_by_value("sma")
    driver.find_element("id", "skills").send_keys("las SMAW, membaca gambar teknik")
    driver.find_element("id", "exp-0-occupation").send_keys("tukang las")
    driver.find_element("id", "exp-0-years").send_keys("3.5")
    Select(driver.find_element("id", "exp-0-country")).select_by_value("ID")
    driver.find_element("css selector", '[data-add-row="experience"]').click()
    driver.find_element("id", "exp-1-occupation").send_keys("pengasuh lansia")
    driver.find_element("id", "exp-1-years").send_keys("1")
    Select(driver.find_element("id", "exp-1-country")).select_by_value("TW")
    for country in ("JP", "KR"):
        driver.find_element("css selector", f'label[for="country-{country}"]').click()


def _caregiver(driver: Any) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "gender")).select_by_value("female")
    driver.find_element("id", "birth_year").send_keys("1996")
    driver.find_element("id", "skills").send_keys("merawat lansia, memasak, menyetrika, merangkai bunga")
    Select(driver.find_element("id", "lang-0-language")).select_by_value("zh")
    Select(driver.find_element("id", "lang-0-level")).select_by_value("basic")
    driver.find_element("id", "exp-0-occupation").send_keys("pengasuh lansia")
    driver.find_element("id", "exp-0-years").send_keys("2")
    Select(driver.find_element("id", "exp-0-country")).select_by_value("TW")
    for country in ("TW", "HK"):
        driver.find_element("css selector", f'label[for="country-{country}"]').click()


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_worker_page_speaks_one_language_and_fits(server: str, browser: Any, width: int, height: int) -> None:
    driver = browser(width, height)
    shots = artifacts_dir()
    for lang in ("id", "en"):
        open_page(driver, f"{server}/?lang={lang}")
        driver.find_element("css selector", '[data-add-row="language"]').click()
        _check(driver, lang, "the empty form")

        for name, fill in (("welder", _welder), ("caregiver", _caregiver)):
            open_page(driver, f"{server}/?lang={lang}")
            fill(driver)
            driver.find_element("id", "profile-submit").click()
            _results(driver)
            assert driver.find_elements("css selector", "#results .card"), f"{name}: no cards"
            _check(driver, lang, f"the {name}'s recommendations")
            shown = driver.find_element("id", "results").text
            if name == "welder":  # 3.5 years as a welder, written as the page's language writes numbers
                assert ("3,5 tahun" if lang == "id" else "3.5 years") in shown, shown[:2000]
            # "41 weeks" is right: only a lone 1 with a plural is wrong
            assert "3.5 tahun" not in shown and not re.search(r"(?<![\d.,])1 (weeks|years)\b", shown), shown[:2000]
            full_page_png(driver, shots / f"language-worker-{name}-{width}-{lang}.png")

        # bad answers: the server's messages, next to the fields, in the page's language
        open_page(driver, f"{server}/?lang={lang}")
        driver.find_element("id", "birth_year").send_keys("1800")
        driver.find_element("id", "exp-0-occupation").send_keys("juru masak")
        driver.find_element("id", "exp-0-years").send_keys("99")
        driver.find_element("id", "profile-submit").click()
        wait(driver, lambda d: d.find_element("id", "form-errors").is_displayed(), timeout=RESULTS_TIMEOUT_S,
             message="no error summary")
        _check(driver, lang, "the profile's errors")

        # another worker's registration number with a worker key: refused, with the server's reason
        open_page(driver, f"{server}/?lang={lang}")
        _key(driver, KEYS["worker"])
        driver.find_element("id", "worker_ref").send_keys("W000002")
        driver.find_element("id", "lookup-submit").click()
        _results(driver)
        _check(driver, lang, "a refused look-up")
        _key(driver, KEYS["admin"])


# ---------------------------------------------------------------- the planner page

@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_planner_page_speaks_one_language_and_fits(server: str, browser: Any, width: int, height: int) -> None:
    from selenium.webdriver.support.ui import Select

    driver = browser(width, height)
    for lang in ("id", "en"):
        open_page(driver, f"{server}/planner?lang={lang}")
        _check(driver, lang, "the planner's form")
        for country, province in (("TW", ""), ("HK", ""), ("", "Papua Pegunungan")):
            Select(driver.find_element("id", "country")).select_by_value(country)
            if province:
                Select(driver.find_element("id", "province")).select_by_visible_text(province)
            driver.find_element("id", "planner-submit").click()
            _results(driver)
            body = driver.find_element("id", "results-body").text
            assert "null" not in body.split(), f"'null' printed in the planner's results ({country or province})"
            _check(driver, lang, f"the planner's view of {country or province}")
        _key(driver, KEYS["worker"])  # a worker key may not see the planner view: the reason is shown
        driver.find_element("id", "planner-submit").click()
        _results(driver)
        assert not driver.find_elements("css selector", "#results [data-part]"), "figures left under a refusal"
        _check(driver, lang, "a refused planner view")
        _key(driver, KEYS["admin"])


# ---------------------------------------------------------------- the agency page

def _agency_csv(path: Path) -> Path:
    good = template_example()
    rejected = {**good, "listing_ref": "AG-2", "visa_type": "tourist", "worker_fee_amount": "30000000",
                "passport_held_by": "employer", "employer_name": "", "agency_licence": "", "rest_days_per_month": "",
                "job_order_verified": ""}
    bad = {**good, "listing_ref": "AG-3", "salary_currency": "XYZ", "salary_amount": "banyak", "min_age": "150",
           "posted_at": "31/12/2026", "gender": "robot"}
    short = ",".join(["AG-4", "Juru masak"])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=LISTING_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows([good, rejected, bad])
        fh.write(short + "\n")  # a row with 2 values instead of one per column
    return path


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_agency_page_speaks_one_language_and_fits(server: str, browser: Any, tmp_path: Path, width: int,
                                                  height: int) -> None:
    from selenium.webdriver.support.ui import Select

    driver = browser(width, height)
    upload = _agency_csv(tmp_path / "lowongan.csv")
    for lang in ("id", "en"):
        open_page(driver, f"{server}/agency?lang={lang}")
        _check(driver, lang, "the agency's forms")
        driver.find_element("id", "csv-file").send_keys(str(upload))
        driver.find_element("id", "csv-submit").click()
        wait(driver, lambda d: d.find_elements("id", "verdicts"), timeout=RESULTS_TIMEOUT_S, message="no verdicts")
        statuses = [r.get_attribute("data-status") for r in driver.find_elements("css selector", "#verdicts tbody tr")]
        assert statuses[:1] == ["verified"], statuses  # the template's own example row passes on the demo
        assert "rejected" in statuses and statuses.count("error") == 2, statuses
        _check(driver, lang, "the CSV's verdicts and row errors")

        for name, value in (("listing_ref", "AG-ONE"), ("title", "Juru masak restoran"), ("min_age", "150")):
            driver.find_element("id", "f-" + name).send_keys(value)
        Select(driver.find_element("id", "f-country")).select_by_value("TW")
        driver.find_element("id", "listing-submit").click()
        wait(driver, lambda d: d.find_element("id", "form-errors").is_displayed(), timeout=RESULTS_TIMEOUT_S,
             message="no error summary")
        _check(driver, lang, "the one listing's errors")

        # an agency key screening a listing under another licence: refused, with the server's reason
        _key(driver, KEYS["agency"])
        driver.find_element("id", "f-min_age").clear()
        driver.find_element("id", "f-agency_licence").send_keys(G2G_LICENCE)
        driver.find_element("id", "listing-submit").click()
        _results(driver)
        notice = driver.find_element("css selector", "#results .notice")
        assert notice.get_attribute("data-status-code") == "403", notice.text
        assert not driver.find_elements("id", "verdicts"), "the earlier verdicts stayed under the refusal"
        _check(driver, lang, "a refused screening")
        _key(driver, KEYS["admin"])
