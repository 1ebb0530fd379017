"""The training planner page in a real headless Chromium against the real server (fixtures in conftest.py).

A planner picks a cohort, sees the most common gaps and the courses that would make the most workers ready as
bar charts and as tables with the same numbers as the API, downloads them as CSV, and sees a cohort too small to
show (fewer than k workers) marked as hidden with a plain explanation, in Indonesian and in English.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from typing import Any

import pytest

from tests.api.browser_support import (
    RESULTS_TIMEOUT_S,
    SIZES,
    api_request,
    artifacts_dir,
    focus_ring,
    full_page_png,
    label,
    low_contrast,
    no_horizontal_scroll,
    open_page,
    tab_to,
    text,
    wait,
)

COUNTRY = "HK"  # a filter that keeps enough of the demo's 100 workers to publish gaps and courses
EMPTY_PROVINCE = "Papua Pegunungan"  # no demo worker comes from there: 0 < k, so everything is suppressed


def _get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(api_request(url, "planner"), timeout=120) as resp:
        return resp.read().decode("utf-8"), resp.headers.get("Content-Type", "")


def _submit(driver: Any, keyboard: bool = False) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    if keyboard:
        driver.switch_to.active_element.send_keys(Keys.ENTER)
    else:
        driver.find_element(By.ID, "planner-submit").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results .summary")
         or d.find_elements(By.CSS_SELECTOR, "#results .notice[role=alert]"),
         timeout=RESULTS_TIMEOUT_S, message="no planner results appeared")
    alerts = driver.find_elements(By.CSS_SELECTOR, "#results .notice[role=alert]")
    assert not alerts, alerts[0].text if alerts else ""


def _cells(driver: Any, table_id: str, column: int) -> list[str]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr")
    return [r.find_elements(By.CSS_SELECTOR, "th, td")[column].text for r in rows]


def _number(s: str) -> int:
    return int(s.replace(".", "").replace(",", "").strip())


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_planner_filters_charts_tables_csv_and_suppression(server: str, browser: Any, width: int, height: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    shots = artifacts_dir()
    driver = browser(width, height)
    open_page(driver, server + "/planner")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert text(driver, "h1") == "Pelatihan apa yang paling dibutuhkan?"
    assert text(driver, 'nav a[aria-current="page"]') == "Perencana pelatihan"
    assert label(driver, "province") == "Provinsi asal" and label(driver, "sector") == "Bidang kerja yang dicari"
    no_horizontal_scroll(driver, width)
    driver.save_screenshot(str(shots / f"planner-{width}-form-id.png"))

    # A cohort filter: figures, charts and tables with the API's numbers.
    Select(driver.find_element(By.ID, "country")).select_by_value(COUNTRY)
    button = tab_to(driver, "top", "planner-submit")  # by keyboard: Tab to the button, a visible ring, Enter
    assert "solid" in focus_ring(driver, button), focus_ring(driver, button)
    _submit(driver, keyboard=True)
    view = json.loads(_get(f"{server}/api/v1/planning/skill-gaps?country={COUNTRY}&top=10")[0])
    assert not view["suppressed"] and view["top_gaps"] and view["courses"], view["cohort"]
    assert "Hong Kong" in text(driver, "#results [data-scope]")
    assert _number(text(driver, '[data-figure="workers"] dd')) == view["cohort"]["workers"]
    assert _cells(driver, "table-gaps", 0) == [g["label_id"] for g in view["top_gaps"]]
    assert [_number(x) for x in _cells(driver, "table-gaps", 2)] == [g["workers"] for g in view["top_gaps"]]
    bars = driver.find_elements(By.CSS_SELECTOR, "#chart-gaps .bars__row")
    assert len(bars) == len(view["top_gaps"])
    widths = [b.find_element(By.CSS_SELECTOR, ".bars__bar").size["width"] for b in bars]
    top = view["top_gaps"][0]["workers"]
    # bar lengths in proportion to the numbers (within a pixel)
    for w, g in zip(widths, view["top_gaps"], strict=True):
        assert abs(w - widths[0] * g["workers"] / top) <= 1.5, (widths, [g["workers"] for g in view["top_gaps"]])
    assert _cells(driver, "table-courses", 0)[0].startswith(view["courses"][0]["title_id"])
    assert [_number(x) for x in _cells(driver, "table-courses", 1)] == [c["workers_unlocked"] for c in view["courses"]]
    assert len(driver.find_elements(By.CSS_SELECTOR, "#chart-courses .bars__row")) == len(view["courses"])
    no_horizontal_scroll(driver, width)
    assert not low_contrast(driver), low_contrast(driver)
    full_page_png(driver, shots / f"planner-{width}-results-id.png")

    # The CSV download: the link carries the filters, its file holds the same figures, the page fetches it.
    link = driver.find_element(By.ID, "csv-download")
    href = link.get_attribute("href")
    assert href.startswith(server + "/api/v1/planning/skill-gaps.csv?") and f"country={COUNTRY}" in href
    body, content_type = _get(href)
    assert content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert [int(r["workers"]) for r in rows if r["table"] == "gap"] == [g["workers"] for g in view["top_gaps"]]
    link.click()
    wait(driver, lambda d: d.find_element(By.ID, "csv-download").get_attribute("data-state") in ("done", "failed"),
         message="the download did not finish")
    assert link.get_attribute("data-state") == "done"
    assert text(driver, "#csv-status") == "File CSV sudah diunduh."

    # A cohort narrower than k: every worker figure hidden, with the reason in plain words.
    Select(driver.find_element(By.ID, "country")).select_by_value("")
    Select(driver.find_element(By.ID, "province")).select_by_visible_text(EMPTY_PROVINCE)
    _submit(driver)
    notice = driver.find_element(By.CSS_SELECTOR, "[data-suppressed-cohort]")
    assert "Angka pekerja disembunyikan" in notice.text and "kurang dari 10 pekerja" in notice.text, notice.text
    assert text(driver, '[data-figure="workers"] dd') == "disembunyikan"
    assert not driver.find_elements(By.ID, "table-gaps")
    assert "Disembunyikan" in text(driver, '[data-part="gaps"]')
    assert driver.find_elements(By.CSS_SELECTOR, "#table-demand-country tbody tr"), "demand is never suppressed"
    no_horizontal_scroll(driver, width)
    assert not low_contrast(driver), low_contrast(driver)
    full_page_png(driver, shots / f"planner-{width}-suppressed-id.png")

    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en",
         message="html lang did not switch to en")
    notice = driver.find_element(By.CSS_SELECTOR, "[data-suppressed-cohort]")
    assert "Worker numbers are hidden" in notice.text and "fewer than 10 workers" in notice.text
    assert text(driver, '[data-figure="workers"] dd') == "hidden"
    assert label(driver, "province") == "Home province"
    no_horizontal_scroll(driver, width)
    full_page_png(driver, shots / f"planner-{width}-suppressed-en.png")
