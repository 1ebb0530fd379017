"""The contract check on the worker and agency pages, in a real headless Chromium against the real server.

A worker gets recommendations, opens "Periksa kontrak saya" on a job, pastes a contract with lower pay, the
passport kept by the employer and fewer rest days: the three worst findings come first, with what to do and whom
to call, in Indonesian and, after the switch, in English; the page says nothing is stored, and the result is
saved only to her device on request. An agency checks a PDF of a faithful contract by listing reference, and a
photo gets a clear error in Indonesian. Fixtures are in ``conftest.py``.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.api.browser_support import (
    RESULTS_TIMEOUT_S,
    SIZES,
    api_request,
    artifacts_dir,
    full_page_png,
    low_contrast,
    no_horizontal_scroll,
    open_page,
    wait,
)
from tests.api.test_web_browser import _fill_indonesian_profile, _submit_and_wait_for_cards
from tests.features.contract_samples import render_pdf

WORST_KINDS = ("unlawful", "mismatch", "missing")


def _listing(server: str, listing_id: int | str) -> dict[str, Any]:
    with urllib.request.urlopen(api_request(f"{server}/api/v1/listings/{listing_id}"), timeout=30) as resp:
        return dict(json.loads(resp.read()))


def _contract(listing: dict[str, Any], planted: bool) -> str:
    """A Perjanjian Kerja written from the listing's job order; ``planted`` lowers the pay by a fifth, gives the
    passport to the employer and halves the rest days."""
    cur, pay = listing["salary_currency"], float(listing["salary_amount"])
    months = listing.get("contract_months") or 24
    rest = listing.get("rest_days_per_month") or 4
    paid = pay * 0.8 if planted else pay
    period = {"month": "per bulan", "day": "per hari", "hour": "per jam"}[listing.get("salary_period") or "month"]
    lines = [
        "PERJANJIAN KERJA",
        f"Nama Majikan: {listing.get('employer_name') or 'Majikan'}",
        f"Jabatan: {listing.get('occupation') or listing['title']}",
        f"1. Perjanjian kerja ini berlaku selama {months} bulan sejak Pekerja tiba di negara tujuan.",
        f"2. Majikan membayar gaji Pekerja sebesar {cur} {paid:,.0f} {period}.".replace(",", "."),
        f"3. Jam kerja Pekerja adalah {listing.get('hours_per_week') or 48:g} jam seminggu.",
        f"4. Pekerja berhak atas {(rest / 2 if planted else rest):g} hari libur per bulan.",
        "5. Pekerja berhak atas cuti tahunan 7 hari dengan upah penuh.",
        ("6. Paspor Pekerja disimpan oleh Majikan selama masa kontrak." if planted else
         "6. Paspor Pekerja dipegang sendiri oleh Pekerja."),
    ]
    return "\n\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_a_worker_checks_her_contract_from_a_match(server: str, browser: Any, width: int, height: int) -> None:
    from selenium.webdriver.common.by import By

    driver = browser(width, height)
    open_page(driver, server + "/?lang=id")
    _fill_indonesian_profile(driver)
    cards = _submit_and_wait_for_cards(driver)
    card = next(c for c in cards if _listing(server, c.get_attribute("data-listing-id")).get("salary_amount"))
    lid = card.get_attribute("data-listing-id")
    listing = _listing(server, lid)

    button = card.find_element(By.CSS_SELECTOR, "[data-contract-open]")
    assert button.text == "Periksa kontrak saya" and button.get_attribute("aria-expanded") == "false"
    button.click()
    form = card.find_element(By.CSS_SELECTOR, "[data-contract-form]")
    assert button.get_attribute("aria-expanded") == "true"
    notice = form.find_element(By.CSS_SELECTOR, "[data-not-stored]")
    assert notice.is_displayed() and "tidak disimpan" in notice.text

    form.find_element(By.CSS_SELECTOR, "[data-contract-submit]").click()  # nothing chosen: a clear error
    error = wait(driver, lambda d: form.find_element(By.CSS_SELECTOR, "[data-contract-error]"))
    assert "Pilih file kontrak atau tempel teksnya" in error.text

    form.find_element(By.CSS_SELECTOR, "[data-contract-text]").send_keys(_contract(listing, planted=True))
    form.find_element(By.CSS_SELECTOR, "[data-contract-submit]").click()
    result = wait(driver, lambda d: form.find_elements(By.CSS_SELECTOR, "[data-contract-result]"),
                  timeout=RESULTS_TIMEOUT_S, message="no contract result appeared")[0]
    worst = result.find_elements(By.CSS_SELECTOR, "[data-worst]")
    assert 1 <= len(worst) <= 3
    kinds = [w.get_attribute("data-kind") for w in worst]
    assert kinds[0] == "unlawful" and all(k in WORST_KINDS for k in kinds)
    topics = {w.get_attribute("data-finding") for w in result.find_elements(By.CSS_SELECTOR, "[data-finding]")
              if w.get_attribute("data-kind") != "ok"}
    assert {"passport", "wage", "rest_days"} <= topics, topics
    passport = next(w for w in worst if w.get_attribute("data-finding") == "passport")
    assert "Melanggar aturan" in passport.text and "Paspor" in passport.text and "ILO" in passport.text
    assert "Kontrak menulis" in passport.text and "disimpan oleh Majikan" in passport.text
    help_box = result.find_element(By.CSS_SELECTOR, "[data-contract-help]")
    assert "0800-1000" in help_box.text and "Yang harus dilakukan" in help_box.text
    assert result.find_element(By.CSS_SELECTOR, "[data-contract-money]").text.startswith("Uang Anda")

    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: "Unlawful" in form.find_element(By.CSS_SELECTOR, "[data-worst]").text)
    assert "Your contract is not stored" in form.find_element(By.CSS_SELECTOR, "[data-not-stored]").text
    assert "What to do" in form.find_element(By.CSS_SELECTOR, "[data-contract-help]").text
    # the cards were drawn again in English; the open panel and its result moved into the new card
    card = driver.find_element(By.CSS_SELECTOR, f'.card[data-listing-id="{lid}"]')
    assert card.find_element(By.CSS_SELECTOR, "[data-contract-open]").text == "Close the contract check"
    assert card.find_element(By.CSS_SELECTOR, "[data-contract-form]") == form

    form.find_element(By.CSS_SELECTOR, "[data-contract-save]").click()
    saved = wait(driver, lambda d: form.find_element(By.CSS_SELECTOR, "[data-contract-saved]"))
    assert "saved as a file on your device" in saved.text

    no_horizontal_scroll(driver, width)
    assert not low_contrast(driver, "[data-contract-form] *"), low_contrast(driver, "[data-contract-form] *")
    full_page_png(driver, artifacts_dir() / f"contract-worker-{width}.png")


def _a_verified_listing(server: str) -> dict[str, Any]:
    """The first job the demo recommends to a caregiver profile (a verified listing, as workers see them)."""
    body = json.dumps({"profile": {"skills": ["merawat lansia"], "preferences": {"countries": ["TW"]}}, "k": 5})
    request = api_request(f"{server}/api/v1/recommendations")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, data=body.encode(), timeout=RESULTS_TIMEOUT_S) as resp:
        matches = json.loads(resp.read())["matches"]
    return next(x for x in (_listing(server, m["listing_id"]) for m in matches) if x.get("salary_amount"))


@pytest.mark.browser
def test_an_agency_checks_a_pdf_before_its_workers_sign_and_a_photo_is_refused(server: str, browser: Any,
                                                                              tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    listing = _a_verified_listing(server)
    pdf = tmp_path / "kontrak.pdf"
    pdf.write_bytes(render_pdf(_contract(listing, planted=False), "plain"))
    driver = browser(1280, 900)
    open_page(driver, server + "/agency?lang=id")
    form = driver.find_element(By.CSS_SELECTOR, "#agency-contract")
    assert "tidak disimpan" in form.find_element(By.CSS_SELECTOR, "[data-not-stored]").text
    form.find_element(By.CSS_SELECTOR, "[data-contract-submit]").click()
    assert "Isi kode lowongan" in wait(driver, lambda d: form.find_element(By.CSS_SELECTOR,
                                                                            "[data-contract-error]")).text
    form.find_element(By.CSS_SELECTOR, "[data-contract-ref]").send_keys(listing["listing_ref"])
    form.find_element(By.CSS_SELECTOR, "[data-contract-file]").send_keys(str(pdf))
    form.find_element(By.CSS_SELECTOR, "[data-contract-submit]").click()
    result = wait(driver, lambda d: form.find_elements(By.CSS_SELECTOR, "[data-contract-result]"),
                  timeout=RESULTS_TIMEOUT_S, message="no contract result appeared")[0]
    summary = json.loads(result.find_element(By.CSS_SELECTOR, "[data-summary]").get_attribute("data-summary"))
    assert summary["unlawful"] == summary["mismatch"] == summary["missing"] == 0 and summary["ok"] >= 7, summary
    assert result.find_element(By.CSS_SELECTOR, "[data-contract-clean]").is_displayed()

    photo = tmp_path / "foto-kontrak.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 2048)
    form.find_element(By.CSS_SELECTOR, "[data-contract-file]").send_keys(str(photo))
    form.find_element(By.CSS_SELECTOR, "[data-contract-submit]").click()
    error = wait(driver, lambda d: form.find_elements(By.CSS_SELECTOR, "[data-contract-error]"),
                 timeout=RESULTS_TIMEOUT_S)[0]
    assert "gambar PNG" in error.text and "tempel teks" in error.text
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: "PNG image" in form.find_element(By.CSS_SELECTOR, "[data-contract-error]").text)
    full_page_png(driver, artifacts_dir() / "contract-agency-1280.png")
