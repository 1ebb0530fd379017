"""What the browser tests share: where Chromium is, where screenshots go, and small Selenium helpers.

The fixtures (a real server over demo data, headless Chromium drivers) are in ``tests/api/conftest.py``.
Browser tests are marked ``browser``. They need Debian's ``chromium`` and ``chromium-driver``
(``/usr/bin/chromium``, ``/usr/bin/chromedriver``); without them they FAIL with a clear message, unless
``LAYAK_SKIP_BROWSER=1``. Selenium Manager is never used (explicit driver path, ``SE_OFFLINE=true``).
Screenshots go to ``$LAYAK_ARTIFACTS_DIR`` (default ``artifacts/screenshots``, git-ignored).
"""

from __future__ import annotations

import base64
import os
import socket
from collections.abc import Callable
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


def artifacts_dir() -> Path:
    path = Path(os.environ.get("LAYAK_ARTIFACTS_DIR") or ROOT / "artifacts" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def skip_browser() -> bool:
    return os.environ.get("LAYAK_SKIP_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def require_browser() -> None:
    """Fail (not skip) when the browser is missing, unless LAYAK_SKIP_BROWSER=1."""
    if skip_browser():
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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tail(path: Path, n: int = 4000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-n:]
    except OSError:
        return ""


# ---------------------------------------------------------------- helpers

def wait(driver: Any, condition: Callable[[Any], Any], timeout: float = 20, message: str = "") -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition, message)


KEYS: dict[str, str] = {}  # role -> demo API key of the server under test (conftest's ``server`` fills it)


def api_request(url: str, role: str = "admin") -> Any:
    """A urllib request for an /api/v1 URL of the server under test, carrying that role's demo key."""
    import urllib.request

    return urllib.request.Request(url, headers={"X-API-Key": KEYS[role]})


def open_page(driver: Any, url: str) -> None:
    """Open a page and, if its API-key field is empty, type the demo admin key (the page sends it as X-API-Key)."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true",
          message="page script did not start (body[data-ready])")
    field = driver.find_element(By.ID, "api-key")
    if not field.get_attribute("value") and KEYS:
        field.send_keys(KEYS["admin"])


def text(driver: Any, css: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def label(driver: Any, for_id: str) -> str:
    return text(driver, f'label[for="{for_id}"]')


def full_page_png(driver: Any, path: Path) -> None:
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def no_horizontal_scroll(driver: Any, width: int) -> None:
    scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll_width <= width, f"page is {scroll_width} px wide at a {width} px viewport (horizontal scroll)"


_CONTRAST_JS = """
const lum = (c) => {
  const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const background = (el) => {
  for (; el; el = el.parentElement) {
    const m = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g);
    if (m && (m.length < 4 || Number(m[3]) > 0.5)) return getComputedStyle(el).backgroundColor;
  }
  return 'rgb(255, 255, 255)';
};
const out = [];
document.querySelectorAll(arguments[0]).forEach((el) => {
  const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own || !el.getClientRects().length) return;
  const a = lum(getComputedStyle(el).color), b = lum(background(el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) out.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 40) + '" '
                            + ratio.toFixed(2));
});
return out;
"""


def low_contrast(driver: Any, selector: str = "body *") -> list[str]:
    """Visible elements with their own text whose colour against the nearest opaque background is under 4.5:1
    (WCAG AA for body text; opacity and images are not taken into account)."""
    return list(driver.execute_script(_CONTRAST_JS, selector))


def tab_to(driver: Any, start_id: str, target_id: str, limit: int = 5) -> Any:
    """Press Tab from ``start_id`` until ``target_id`` has the focus; returns it (fails after ``limit`` presses)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.find_element(By.ID, start_id).send_keys(Keys.TAB)
    for _ in range(limit):
        active = driver.switch_to.active_element
        if active.get_attribute("id") == target_id:
            return active
        active.send_keys(Keys.TAB)
    raise AssertionError(f"#{target_id} did not get the focus by Tab from #{start_id}")


def focus_ring(driver: Any, element: Any) -> str:
    """The computed outline of ``element`` (a visible focus ring is e.g. 'rgb(29, 78, 216) solid 3px')."""
    return str(driver.execute_script(
        "const s = getComputedStyle(arguments[0]); "
        "return s.outlineColor + ' ' + s.outlineStyle + ' ' + s.outlineWidth;",
        element))
