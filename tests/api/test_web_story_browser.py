"""The worker page's "Tell us in your own words" box in a real headless Chromium (fixtures: ``conftest.py``).

A worker writes her story; each reading comes back as a ticked line she can untick; the ticked ones fill the
profile form (where she can still correct them) and the form then finds jobs. Informal experience is shown as
informal in the story's readings and in the reading of the profile beside the results.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.browser_support import (
    RESULTS_TIMEOUT_S,
    SIZES,
    artifacts_dir,
    full_page_png,
    no_horizontal_scroll,
    open_page,
    text,
    wait,
)

STORY_ID = "Saya lulusan SMA, 3 thn jaga lansia, bisa sedikit Mandarin, mau ke Taiwan, suka menyanyi"
STORY_EN = "I finished high school. 3 years caring for my elderly parents. I want to work in Taiwan."


def _read_story(driver: Any, story: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, "story")
    box.clear()
    box.send_keys(story)
    driver.find_element(By.ID, "story-submit").click()
    return list(wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#story-readings [data-reading]"),
                     timeout=RESULTS_TIMEOUT_S, message="no readings of the story"))


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_a_story_becomes_readings_she_confirms_then_a_filled_form_then_jobs(server: str, browser: Any,
                                                                           width: int, height: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    shots = artifacts_dir()
    driver = browser(width, height)
    open_page(driver, server + "/?lang=id")
    assert text(driver, "#story-heading") == "Ceritakan dengan kata-kata Anda sendiri"

    # An empty story is refused next to the box, without a request.
    driver.find_element(By.ID, "story-submit").click()
    assert "Tulis cerita Anda dulu" in text(driver, "#story-error")

    readings = _read_story(driver, STORY_ID)
    kinds = [r.get_attribute("data-reading") for r in readings]
    assert {"education_level", "experience", "language", "preferred_country"} <= set(kinds), kinds
    listed = text(driver, "#story-readings")
    assert "Pengalaman: Pengasuh lansia, 3 tahun" in listed and "“3 thn jaga lansia”" in listed
    assert "Mandarin" in listed and "Taiwan" in listed
    assert "Belum dipahami: suka menyanyi" in text(driver, '[data-section="story-unknown"]')
    no_horizontal_scroll(driver, width)
    full_page_png(driver, shots / f"story-{width}-readings-id.png")

    # She unticks the language, then puts the rest in the form.
    language = [r for r in readings if r.get_attribute("data-reading") == "language"][0]
    language.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    driver.find_element(By.ID, "story-apply").click()
    wait(driver, lambda d: d.find_element(By.ID, "story-applied").is_displayed(), message="no 'filled in' note")
    assert Select(driver.find_element(By.ID, "education_level")).first_selected_option.get_attribute("value") == "sma"
    assert driver.find_element(By.ID, "exp-0-occupation").get_attribute("value") == "Pengasuh lansia"
    assert driver.find_element(By.ID, "exp-0-years").get_attribute("value") == "3"
    assert not driver.find_element(By.ID, "exp-0-informal").is_selected()
    assert driver.find_element(By.ID, "country-TW").is_selected()
    assert Select(driver.find_element(By.ID, "lang-0-language")).first_selected_option.get_attribute("value") == ""
    assert driver.find_element(By.ID, "summary").get_attribute("value") == STORY_ID

    # The filled form finds jobs; the reading beside them names the elderly-care experience.
    driver.find_element(By.ID, "profile-submit").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results .card"), timeout=RESULTS_TIMEOUT_S,
         message="no recommendation cards after the story")
    reading = driver.find_element(By.CSS_SELECTOR, '#results [data-section="reading"]')
    driver.execute_script("arguments[0].open = true", reading)
    assert "Pengasuh lansia" in reading.text, reading.text
    full_page_png(driver, shots / f"story-{width}-results-id.png")

    # In English, caring for her own parents is experience that counts and is marked informal.
    open_page(driver, server + "/?lang=en")
    readings = _read_story(driver, STORY_EN)
    experience = [r for r in readings if r.get_attribute("data-reading") == "experience"][0]
    assert "Elderly caretaker, 3 years" in experience.text
    assert experience.find_elements(By.CSS_SELECTOR, "[data-informal]"), "informal experience not marked"
    driver.find_element(By.ID, "story-apply").click()
    wait(driver, lambda d: d.find_element(By.ID, "story-applied").is_displayed(), message="no 'filled in' note")
    assert driver.find_element(By.ID, "exp-0-informal").is_selected()
    driver.find_element(By.ID, "profile-submit").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results .card"), timeout=RESULTS_TIMEOUT_S,
         message="no recommendation cards for the English story")
    reading = driver.find_element(By.CSS_SELECTOR, '#results [data-section="reading"]')
    driver.execute_script("arguments[0].open = true", reading)
    assert "Informal experience" in reading.text and "Elderly caretaker: 3 years" in reading.text, reading.text
    no_horizontal_scroll(driver, width)
    driver.save_screenshot(str(shots / f"story-{width}-informal-en.png"))
