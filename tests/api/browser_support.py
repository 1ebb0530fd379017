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


def open_page(driver: Any, url: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url)
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true",
          message="page script did not start (body[data-ready])")


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
