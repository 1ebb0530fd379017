"""The agency page in a real headless Chromium against the real server (fixtures in conftest.py).

An agency uploads a CSV with a safe row, an unsafe row (a tourist visa and a placement fee in a zero-cost
occupation) and a row with a bad currency code: it must see each row's verdict, the unsafe row's reasons in
Indonesian with their sources, the bad row's row number and column, and the English reasons after switching.
Then it checks one listing typed into the form, first with a wrong value (named next to its field).
"""

from __future__ import annotations

import csv
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from features.listings import LISTING_COLUMNS, TEMPLATE_EXAMPLE
from matching.screening.catalogue import RULES
from tests.api.browser_support import (
    RESULTS_TIMEOUT_S,
    SIZES,
    api_request,
    artifacts_dir,
    full_page_png,
    label,
    low_contrast,
    no_horizontal_scroll,
    open_page,
    text,
    wait,
)

G2G_LICENCE = "G2G-KP2MI"  # the government channel: always in the licence registry, also in the demo store


def _upload_csv(path: Path) -> Path:
    today = date.today()
    safe = {**TEMPLATE_EXAMPLE, "listing_ref": "AG-SAFE-1", "agency_licence": G2G_LICENCE,
            "agency_name": "KP2MI G to G",
            "posted_at": today.isoformat(), "expires_at": date(today.year + 1, 1, 31).isoformat()}
    unsafe = {**safe, "listing_ref": "AG-UNSAFE-2", "visa_type": "tourist", "worker_fee_amount": "30000000"}
    bad = {**safe, "listing_ref": "AG-BAD-3", "salary_currency": "XYZ"}
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=LISTING_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows([safe, unsafe, bad])
    return path


def _row(driver: Any, n: int | str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'#verdicts tr[data-row="{n}"]')


def _reason(row: Any, rule_id: str) -> str:
    from selenium.webdriver.common.by import By

    return str(row.find_element(By.CSS_SELECTOR, f'li[data-rule="{rule_id}"]').text)


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_agency_checks_a_csv_and_one_listing_with_reasons_and_sources(server: str, browser: Any, tmp_path: Path,
                                                                      width: int, height: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    shots = artifacts_dir()
    driver = browser(width, height)
    open_page(driver, server + "/agency")

    # Indonesian by default, every input labelled, the template downloadable, no sideways scrolling.
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert text(driver, "h1") == "Periksa lowongan sebelum dipasang"
    assert text(driver, 'nav a[aria-current="page"]') == "Agensi"
    assert label(driver, "csv-file") == "File CSV lowongan"
    assert label(driver, "f-salary_currency") == "Mata uang gaji"
    for control in driver.find_elements(By.CSS_SELECTOR, "main input, main select, main textarea"):
        assert driver.find_elements(By.CSS_SELECTOR, f'label[for="{control.get_attribute("id")}"]'), \
            f"no label for #{control.get_attribute('id')}"
    template = driver.find_element(By.ID, "template-link")
    assert template.get_attribute("href").endswith("/api/v1/listings/template.csv")
    with urllib.request.urlopen(api_request(template.get_attribute("href"), "agency"), timeout=30) as resp:
        assert resp.read().decode("utf-8").startswith(",".join(LISTING_COLUMNS[:3]))
    no_horizontal_scroll(driver, width)
    driver.save_screenshot(str(shots / f"agency-{width}-form-id.png"))

    # Upload: one verdict per row; the unsafe row's reasons in Indonesian, each with its source.
    driver.find_element(By.ID, "csv-file").send_keys(str(_upload_csv(tmp_path / "lowongan.csv")))
    driver.find_element(By.ID, "csv-submit").click()
    wait(driver, lambda d: d.find_elements(By.ID, "verdicts") or d.find_elements(By.CSS_SELECTOR, "#results .notice"),
         timeout=RESULTS_TIMEOUT_S, message="no verdict table appeared")
    assert not driver.find_elements(By.CSS_SELECTOR, "#results .notice")
    safe, unsafe, bad = _row(driver, 1), _row(driver, 2), _row(driver, 3)
    assert safe.get_attribute("data-status") == "verified", safe.text
    assert "Terverifikasi: aman" in safe.text and "Tidak ada masalah yang ditemukan." in safe.text
    assert unsafe.get_attribute("data-status") == "rejected" and "Ditolak: tidak aman" in unsafe.text
    assert unsafe.find_element(By.CSS_SELECTOR, ".verdict svg")  # an icon, not colour alone
    for rule_id in ("VISA_NOT_WORK", "FEE_ZERO_COST"):
        shown = _reason(unsafe, rule_id)
        assert RULES[rule_id].reason_id in shown and "Sumber: " + RULES[rule_id].source in shown, shown
    assert "Perban BP2MI 9/2020" in _reason(unsafe, "FEE_ZERO_COST")
    assert bad.get_attribute("data-status") == "error" and "Isian salah" in bad.text
    assert "Kolom Mata uang gaji (salary_currency)" in bad.text and "XYZ" in bad.text
    assert "Kode 3 huruf. Contoh: HKD" in bad.text  # what to write instead, in the chosen language
    assert "AG-BAD-3" in bad.text
    no_horizontal_scroll(driver, width)
    assert not low_contrast(driver), low_contrast(driver)
    full_page_png(driver, shots / f"agency-{width}-csv-id.png")

    # English: the same verdicts, reasons in English.
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en",
         message="html lang did not switch to en")
    unsafe = _row(driver, 2)
    assert "Rejected: not safe" in unsafe.text
    for rule_id in ("VISA_NOT_WORK", "FEE_ZERO_COST"):
        shown = _reason(unsafe, rule_id)
        assert RULES[rule_id].reason_en in shown and "Source: " + RULES[rule_id].source in shown, shown
        assert RULES[rule_id].reason_id not in shown
    assert "Column Pay currency (salary_currency)" in _row(driver, 3).text
    assert text(driver, 'nav a[aria-current="page"]') == "Agencies"
    no_horizontal_scroll(driver, width)
    full_page_png(driver, shots / f"agency-{width}-csv-en.png")

    # One listing: a wrong value is named next to its field, then the verdict with its reasons.
    for name, value in (("listing_ref", "AG-ONE-1"), ("title", "Caregiver for grandmother"), ("min_age", "150"),
                        ("salary_amount", "20000"), ("salary_currency", "TWD")):
        driver.find_element(By.ID, "f-" + name).send_keys(value)
    Select(driver.find_element(By.ID, "f-country")).select_by_value("TW")
    Select(driver.find_element(By.ID, "f-passport_held_by")).select_by_value("employer")
    driver.find_element(By.ID, "listing-submit").click()
    summary = wait(driver, lambda d: d.find_element(By.ID, "form-errors") if d.find_element(
        By.ID, "form-errors").is_displayed() else False, timeout=RESULTS_TIMEOUT_S, message="no error summary")
    assert "Youngest age" in summary.text and "100" in summary.text, summary.text
    assert driver.find_element(By.ID, "f-min_age").get_attribute("aria-invalid") == "true"
    assert "100" in text(driver, "#f-min_age-error")
    no_horizontal_scroll(driver, width)
    driver.find_element(By.ID, "f-min_age").clear()
    driver.find_element(By.ID, "f-min_age").send_keys("21")
    driver.find_element(By.ID, "listing-submit").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '#verdicts tr[data-row="one"]'), timeout=RESULTS_TIMEOUT_S,
         message="no verdict for the one listing")
    one = _row(driver, "one")
    assert one.get_attribute("data-status") == "rejected"
    passport = RULES["PASSPORT_RETAINED"]
    assert passport.reason_en in one.text and passport.source in one.text, one.text
    assert not driver.find_element(By.ID, "form-errors").is_displayed()
    no_horizontal_scroll(driver, width)
    full_page_png(driver, shots / f"agency-{width}-one-en.png")

    # A file without a required column: one line naming it, next to the file field.
    missing = tmp_path / "tanpa-kolom.csv"
    missing.write_text("title,country\nPerawat,TW\n", encoding="utf-8")
    driver.find_element(By.ID, "csv-file").send_keys(str(missing))
    driver.find_element(By.ID, "csv-submit").click()
    wait(driver, lambda d: d.find_element(By.ID, "csv-file-error").is_displayed(), timeout=RESULTS_TIMEOUT_S,
         message="no error for a file without a required column")
    file_error = text(driver, "#csv-file-error")
    assert "This file cannot be read" in file_error and "listing_ref" in file_error
    assert driver.find_element(By.ID, "csv-file").get_attribute("aria-invalid") == "true"
