"""The worker web page in a real headless Chromium against a real server filled with demo data.

Browser tests are marked ``browser``. They need Debian's ``chromium`` and ``chromium-driver``
(``/usr/bin/chromium``, ``/usr/bin/chromedriver``); without them they FAIL with a clear message, unless
``LAYAK_SKIP_BROWSER=1``. Selenium Manager is never used (explicit driver path, ``SE_OFFLINE=true``).
Screenshots go to ``$LAYAK_ARTIFACTS_DIR`` (default ``artifacts/screenshots``, git-ignored).

The file also holds two quick checks without a browser: the bilingual dictionary is complete, and the
static-file route cannot be used to read files outside ``api/static``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
API_DIR = ROOT / "api"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HEALTH_TIMEOUT_S = 180
RESULTS_TIMEOUT_S = 120
SIZES = [(360, 800), (1280, 900)]

KEYS: dict[str, str] = {}  # role -> demo API key of the server under test (the page sends it as X-API-Key)

ID_HEADING = "Cari pekerjaan yang cocok dan aman"
EN_HEADING = "Find a job that fits and is safe"


def _artifacts_dir() -> Path:
    path = Path(os.environ.get("LAYAK_ARTIFACTS_DIR") or ROOT / "artifacts" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _skip_browser() -> bool:
    return os.environ.get("LAYAK_SKIP_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def _require_browser() -> None:
    """Fail (not skip) when the browser is missing, unless LAYAK_SKIP_BROWSER=1."""
    if _skip_browser():
        pytest.skip("LAYAK_SKIP_BROWSER=1: browser tests skipped on request")
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).is_file() and os.access(p, os.X_OK))]
    if missing:
        pytest.fail(f"browser test needs {', '.join(missing)}: install Debian's packages with "
                    "`apt-get install -y chromium chromium-driver` (or set LAYAK_SKIP_BROWSER=1 to skip)",
                    pytrace=False)
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.fail("browser test needs the Python package selenium (pip install -e '.[test]')", pytrace=False)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path, n: int = 4000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-n:]
    except OSError:
        return ""


# ---------------------------------------------------------------- checks without a browser

def test_every_string_has_both_languages_and_every_key_used_exists() -> None:
    strings = json.loads((API_DIR / "static" / "i18n.json").read_text(encoding="utf-8"))
    for key, entry in strings.items():
        assert set(entry) == {"id", "en"}, f"{key}: expected exactly 'id' and 'en', got {sorted(entry)}"
        assert entry["id"].strip() and entry["en"].strip(), f"{key}: empty translation"
    used: set[str] = set()
    for tpl in (API_DIR / "templates").glob("*.html"):
        text = tpl.read_text(encoding="utf-8")
        used |= set(re.findall(r"data-i18n(?:-[a-z-]+)?=\"([a-z0-9_.]+)\"", text))
        used |= set(re.findall(r"t\('([a-z0-9_.]+)'\)", text))
    js = (API_DIR / "static" / "worker.js").read_text(encoding="utf-8")
    used |= set(re.findall(r"\bt\('([a-z0-9_.]+)'", js))
    missing = sorted(k for k in used if k not in strings and not k.endswith("."))  # "x." + id: built keys
    assert not missing, f"keys used but not in i18n.json: {missing}"


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


# ---------------------------------------------------------------- server and browser fixtures

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Demo data in a temp dir, then ``uvicorn api.main:create_app`` on a free port; yields the base URL."""
    _require_browser()
    work = tmp_path_factory.mktemp("layak-web")
    data_dir = work / "data"
    data_dir.mkdir()
    env = dict(os.environ, LAYAK_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    demo = subprocess.run([sys.executable, "-m", "api.cli", "demo", "--listings", "1500", "--workers", "100",
                           "--seed", "3"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if demo.returncode != 0:
        pytest.fail(f"`python -m api.cli demo` failed (exit {demo.returncode}):\n{demo.stderr[-4000:]}", pytrace=False)
    from matching.demo_keys import read_demo_keys

    KEYS.update(read_demo_keys(data_dir / "demo-keys.txt"))

    port = _free_port()
    log_path = work / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
                                 "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited with {proc.returncode}:\n{_tail(log_path)}", pytrace=False)
            try:
                with urllib.request.urlopen(base + "/health", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not answer /health with 200 within {HEALTH_TIMEOUT_S} s:\n"
                            f"{_tail(log_path)}", pytrace=False)
            time.sleep(1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int, int], Any]]:
    """A factory for headless Chromium drivers with a given viewport; each gets a fresh profile directory."""
    _require_browser()
    monkeypatch.setenv("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers: list[Any] = []
    dirs: list[str] = []

    def make(width: int, height: int) -> Any:
        profile_dir = tempfile.mkdtemp(prefix="layak-chromium-")
        dirs.append(profile_dir)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", f"--user-data-dir={profile_dir}", f"--window-size={width},{height}"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        drivers.append(driver)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        driver.set_page_load_timeout(60)
        return driver

    yield make
    for d in drivers:
        try:
            d.quit()
        except Exception:  # noqa: BLE001 - a crashed browser must not hide the test's own failure
            pass
    for p in dirs:
        shutil.rmtree(p, ignore_errors=True)


# ---------------------------------------------------------------- helpers

def _wait(driver: Any, condition: Callable[[Any], Any], timeout: float = 20, message: str = "") -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition, message)


def _open(driver: Any, url: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url)
    _wait(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true",
          message="page script did not start (body[data-ready])")
    field = driver.find_element(By.ID, "api-key")
    if not field.get_attribute("value") and KEYS:
        field.send_keys(KEYS["admin"])


def _text(driver: Any, css: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def _label(driver: Any, for_id: str) -> str:
    return _text(driver, f'label[for="{for_id}"]')


def _full_page_png(driver: Any, path: Path) -> None:
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def _no_horizontal_scroll(driver: Any, width: int) -> None:
    scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll_width <= width, f"page is {scroll_width} px wide at a {width} px viewport (horizontal scroll)"


def _fill_indonesian_profile(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "gender")).select_by_value("female")
    driver.find_element(By.ID, "birth_year").send_keys("1995")
    Select(driver.find_element(By.ID, "province")).select_by_visible_text("Jawa Timur")
    Select(driver.find_element(By.ID, "education_level")).select_by_value("SMP")
    driver.find_element(By.ID, "skills").send_keys("merawat lansia, memasak, menyetrika, merangkai bunga")
    Select(driver.find_element(By.ID, "lang-0-language")).select_by_value("Mandarin")
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
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results .card")
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

    shots = _artifacts_dir()
    driver = browser(width, height)
    _open(driver, server + "/")

    # Indonesian by default.
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert _text(driver, "h1") == ID_HEADING
    assert _label(driver, "skills") == "Keahlian"
    assert _label(driver, "birth_year") == "Tahun lahir"
    assert "merawat lansia" in _text(driver, "#skills-hint")
    _no_horizontal_scroll(driver, width)
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
    assert first.find_elements(By.CSS_SELECTOR, '[data-section="training"]'), "no training-path slot"
    assert "Taiwan" in first.text
    assert re.search(r"Rumah tangga|Perusahaan", first.text)
    assert "Belum dikenali: merangkai bunga" in _text(driver, '#results [data-section="unknown"]')
    assert driver.find_element(By.ID, "results").get_attribute("aria-live") == "polite"
    _no_horizontal_scroll(driver, width)
    _full_page_png(driver, shots / f"worker-{width}-results-id.png")

    # English: labels, headings and the cards change; the choice is remembered.
    driver.find_element(By.ID, "lang-switch").click()
    _wait(driver, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en",
          message="html lang did not switch to en")
    assert _text(driver, "h1") == EN_HEADING
    assert _label(driver, "skills") == "Skills"
    assert _label(driver, "birth_year") == "Year of birth"
    assert _text(driver, "#profile-submit") == "Find matching jobs"
    first = driver.find_elements(By.CSS_SELECTOR, "#results .card")[0]
    assert "a month" in first.find_element(By.CSS_SELECTOR, '[data-section="pay"]').text
    assert first.find_element(By.CSS_SELECTOR, '[data-section="safety"] h4').text == "Safety"
    assert "Not recognised: merangkai bunga" in _text(driver, '#results [data-section="unknown"]')
    assert driver.execute_script("return localStorage.getItem('layak.lang')") == "en"
    first.screenshot(str(shots / f"worker-{width}-card-en.png"))
    _no_horizontal_scroll(driver, width)

    _open(driver, server + "/")  # no ?lang: the stored choice wins
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert _text(driver, "h1") == EN_HEADING

    # A bad birth year: the API's 422 is shown next to the form, naming the field.
    driver.find_element(By.ID, "birth_year").send_keys("1800")
    driver.find_element(By.ID, "profile-submit").click()
    summary = _wait(driver, lambda d: d.find_element(By.ID, "form-errors") if d.find_element(
        By.ID, "form-errors").is_displayed() else False, timeout=RESULTS_TIMEOUT_S, message="no error summary")
    assert "Year of birth" in summary.text and "1940" in summary.text, summary.text
    assert driver.find_element(By.ID, "birth_year").get_attribute("aria-invalid") == "true"
    assert "1940" in _text(driver, "#birth_year-error")
    driver.save_screenshot(str(shots / f"worker-{width}-error-en.png"))
    driver.find_element(By.ID, "lang-switch").click()
    _wait(driver, lambda d: "Tahun lahir" in d.find_element(By.ID, "form-errors").text,
          message="the error did not switch to Indonesian")
    _no_horizontal_scroll(driver, width)


@pytest.mark.browser
def test_registered_worker_lookup(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    driver = browser(360, 800)
    _open(driver, server + "/?lang=id")
    field = driver.find_element(By.ID, "worker_ref")
    field.send_keys("W999999")
    driver.find_element(By.ID, "lookup-submit").click()
    _wait(driver, lambda d: d.find_element(By.ID, "worker_ref-error").is_displayed(), timeout=RESULTS_TIMEOUT_S,
          message="no error for an unknown registration number")
    assert "W999999" in _text(driver, "#worker_ref-error") and "tidak ditemukan" in _text(driver, "#worker_ref-error")

    field.clear()
    field.send_keys("W000001")
    driver.find_element(By.ID, "lookup-submit").click()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results .card")
          or d.find_elements(By.CSS_SELECTOR, "#results .summary"), timeout=RESULTS_TIMEOUT_S,
          message="no results for a registered worker")
    assert "W000001" in _text(driver, "#results .summary")
    assert not driver.find_element(By.ID, "worker_ref-error").is_displayed()
