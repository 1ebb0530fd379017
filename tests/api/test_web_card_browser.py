"""The worker's match cards in a real headless Chromium against the real server (issue 18; fixtures in conftest.py).

Each card is compared with the API's own answer for the same profile: every gap it returns is on the card, grouped
(skills, certificates, language, documents); the card has one "you pay" figure, equal to what the API says she
pays, with the catalogue price and who pays each part; the cheaper path is there when the API has one; the
countries she named come first and the others only in a labelled part; the Taiwan fee warning is text a phone
shows; factors read the right way round; the rule sources are those of the card's own job. Also: a refused
look-up clears the previous worker's cards and shows the server's reason, and /docs draws the API offline.
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest

from tests.api.browser_support import KEYS, RESULTS_TIMEOUT_S, artifacts_dir, full_page_png, open_page, wait
from tests.api.page_checks import english_words

WELDER = {"gender": "male", "birth_year": 1992, "education_level": "sma", "skills": ["las SMAW", "pengelasan"],
          "experience": [{"occupation": "tukang las", "years": 5, "country": "ID"}],
          "preferences": {"countries": ["JP", "KR"]}}
CAREGIVER = {"gender": "female", "birth_year": 1996, "skills": ["merawat lansia", "memasak"],
             "experience": [{"occupation": "pengasuh lansia", "years": 2, "country": "TW"}],
             "preferences": {"countries": ["TW"], "sectors": ["care"]}}


def _api(server: str, profile: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(server + "/api/v1/recommendations", method="POST",
                                     data=json.dumps({"profile": profile, "k": 10}).encode(),
                                     headers={"X-API-Key": KEYS["admin"], "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=RESULTS_TIMEOUT_S) as resp:
        return dict(json.loads(resp.read()))


def _fill(driver: Any, profile: dict[str, Any]) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "gender")).select_by_value(profile["gender"])
    driver.find_element("id", "birth_year").send_keys(str(profile["birth_year"]))
    if "education_level" in profile:
        Select(driver.find_element("id", "education_level")).select_by_value(profile["education_level"])
    driver.find_element("id", "skills").send_keys(", ".join(profile["skills"]))
    exp = profile["experience"][0]
    driver.find_element("id", "exp-0-occupation").send_keys(exp["occupation"])
    driver.find_element("id", "exp-0-years").send_keys(str(exp["years"]))
    Select(driver.find_element("id", "exp-0-country")).select_by_value(exp["country"])
    for country in profile["preferences"].get("countries", []):
        driver.find_element("css selector", f'label[for="country-{country}"]').click()
    for sector in profile["preferences"].get("sectors", []):
        driver.find_element("css selector", f'label[for="sector-{sector}"]').click()
    driver.find_element("id", "profile-submit").click()
    wait(driver, lambda d: d.find_elements("css selector", "#results .card, #results .notice"),
         timeout=RESULTS_TIMEOUT_S, message="no cards")


def _you_pay(match: dict[str, Any]) -> int:
    e = match["explanation"]
    training = e.get("training") or {}
    total = int(e["pay"].get("worker_fee_idr") or 0) + int(training.get("worker_cost_idr") or 0)
    return total + sum(int(d["worker_cost_idr"]) for d in training.get("documents", [])
                       if d["worker_cost_idr"] is not None)


@pytest.mark.browser
def test_every_card_has_all_its_gaps_grouped_one_you_pay_and_the_cheaper_path(server: str, browser: Any) -> None:
    driver = browser(360, 800)
    open_page(driver, server + "/?lang=id")
    _fill(driver, WELDER)
    api = _api(server, WELDER)
    main = driver.find_elements("css selector", "#results-body > ol.cards > li.card")
    assert [int(c.get_attribute("data-listing-id")) for c in main] == [m["listing_id"] for m in api["matches"]]
    assert {c.get_attribute("data-country") for c in main} <= {"JP", "KR"}  # the countries she named first
    also = driver.find_elements("css selector", '[data-section="also-consider"]')
    if api["also_consider"]:  # the others only in their own part, with the reason
        assert len(also) == 1 and "negara pilihan Anda" in also[0].text
        shown = also[0].find_elements("css selector", "li.card")
        assert [int(c.get_attribute("data-listing-id")) for c in shown] == [
            m["listing_id"] for m in api["also_consider"]["matches"]]
    else:
        assert not also
    cards = driver.find_elements("css selector", "#results li.card")
    matches = {m["listing_id"]: m for m in [*api["matches"], *((api["also_consider"] or {}).get("matches", []))]}
    assert cards, "no card"
    for card in cards:
        m = matches[int(card.get_attribute("data-listing-id"))]
        gaps = m["explanation"]["training"]["gaps"]
        on_card = [g.get_attribute("data-gap") for g in card.find_elements("css selector", "[data-gap]")]
        assert sorted(on_card) == sorted(g["id"] for g in gaps), (on_card, [g["id"] for g in gaps])
        documents = card.find_elements("css selector", '[data-gap-kind="document"] [data-gap]')
        assert {"cert:passport", "cert:medical_certificate", "cert:bpjs_ketenagakerjaan"} <= {
            d.get_attribute("data-gap") for d in documents} | {g["id"] for g in gaps if g["kind"] != "document"}
        pay = card.find_elements("css selector", "[data-you-pay]")
        assert len(pay) == 1 and int(pay[0].get_attribute("data-you-pay")) == _you_pay(m), card.text
        assert card.text.count("Yang Anda bayar") == 1, card.text  # one "you pay" figure, not two
        if m["explanation"]["training"]["courses"]:
            assert "harga katalog" in card.text  # the catalogue price ... and who pays it (nothing for a free course)
            who_pays = r"(Rp|dibayar pemberi kerja|tidak ada \(Rp 0\))"
            assert re.search(r"Pelatihan \(harga katalog .*\)\n" + who_pays, card.text), card.text
        cheaper = card.find_elements("css selector", '[data-path="cheapest"]')
        assert bool(cheaper) == bool(m["explanation"]["training"]["cheapest"]), card.text
        for factor in card.find_elements("css selector", "[data-factors] li"):
            assert "(menaikkan)" not in factor.text and "(menurunkan)" not in factor.text
            if factor.get_attribute("data-feature").endswith("complaint_rate") and \
                    factor.get_attribute("data-effect") == "up":
                assert "lebih sedikit" in factor.text, factor.text  # fewer complaints raised it, never "complaints"
    full_page_png(driver, artifacts_dir() / "cards-360-welder-id.png")


@pytest.mark.browser
def test_taiwan_warning_is_text_a_phone_shows_in_indonesian(server: str, browser: Any) -> None:
    driver = browser(360, 800)
    open_page(driver, server + "/?lang=id")
    _fill(driver, CAREGIVER)
    taiwan = [c for c in driver.find_elements("css selector", '#results li.card[data-country="TW"]')
              if c.find_elements("css selector", '[data-paid-by="employer_or_government"]')]
    assert taiwan, "no zero-cost Taiwan card for the caregiver"
    for card in taiwan:
        warning = card.find_element("css selector", '[data-warning="taiwan-fee"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", warning)
        assert warning.is_displayed() and warning.size["width"] <= 360 and warning.size["height"] > 20
        assert "Taiwan dikecualikan" in warning.text and "tanda tangan" in warning.text
        assert not warning.get_attribute("title"), "a tooltip cannot be read on a phone"
    found = english_words(driver)
    assert not found, found
    sources = " ".join(s.text for s in driver.find_elements("css selector", "[data-sources]"))
    assert "UNCERTAIN" not in driver.find_element("id", "results").get_attribute("textContent")
    assert "Malaysia" not in sources  # no Malaysia MoU on Taiwan and Hong Kong jobs
    full_page_png(driver, artifacts_dir() / "cards-360-taiwan-id.png")


@pytest.mark.browser
def test_a_refused_lookup_clears_the_previous_workers_cards_and_shows_the_reason(server: str, browser: Any) -> None:
    driver = browser(1280, 900)
    open_page(driver, server + "/?lang=id")
    driver.find_element("id", "worker_ref").send_keys("W000002")
    driver.find_element("id", "lookup-submit").click()
    wait(driver, lambda d: d.find_elements("css selector", "#results .card"), timeout=RESULTS_TIMEOUT_S,
         message="no cards for W000002 with the admin key")
    key = driver.find_element("id", "api-key")
    key.clear()
    key.send_keys(KEYS["worker"])  # W000001's own key
    driver.find_element("id", "lookup-submit").click()  # W000002 again: refused
    wait(driver, lambda d: d.find_elements("css selector", "#results .notice[role=alert]"),
         timeout=RESULTS_TIMEOUT_S, message="no refusal shown")
    notice = driver.find_element("css selector", "#results .notice[role=alert]").text
    assert not driver.find_elements("css selector", "#results .card"), "the other worker's cards stayed"
    assert "kode 403" in notice and "Alasan: kunci pekerja hanya boleh membaca rekomendasi" in notice, notice


@pytest.mark.browser
def test_agency_page_shows_the_servers_reason_for_a_refusal(server: str, browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    driver = browser(1280, 900)
    open_page(driver, server + "/agency?lang=id")
    key = driver.find_element("id", "api-key")
    key.clear()
    key.send_keys(KEYS["agency"])
    for name, value in (("listing_ref", "AG-403"), ("title", "Juru masak"), ("agency_licence", "G2G-KP2MI")):
        driver.find_element("id", "f-" + name).send_keys(value)
    Select(driver.find_element("id", "f-country")).select_by_value("KR")
    driver.find_element("id", "listing-submit").click()
    wait(driver, lambda d: d.find_elements("css selector", "#results .notice[role=alert]"),
         timeout=RESULTS_TIMEOUT_S, message="no refusal shown")
    notice = driver.find_element("css selector", "#results .notice[role=alert]").text
    assert "Alasan: kunci agensi hanya boleh memeriksa lowongan dengan izinnya sendiri" in notice, notice


@pytest.mark.browser
def test_the_api_documentation_draws_with_no_internet(server: str, browser: Any) -> None:
    driver = browser(1280, 900)
    driver.get(server + "/docs")
    wait(driver, lambda d: d.find_elements("css selector", ".opblock-summary-path"), timeout=60,
         message="Swagger UI drew no operation (its files did not load)")
    paths = {p.text for p in driver.find_elements("css selector", ".opblock-summary-path")}
    assert "/api/v1/recommendations" in {p.replace("\u200b", "") for p in paths}, paths
    resources = driver.execute_script("return performance.getEntriesByType('resource').map((r) => r.name)")
    assert resources and all(r.startswith(server) for r in resources), resources  # nothing from another host
