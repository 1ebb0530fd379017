"""Fixtures of the browser tests: one real uvicorn server over demo data for the whole session (the worker,
planner and agency pages share it; none of their tests changes the store), and headless Chromium drivers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.api.browser_support import (
    CHROMEDRIVER,
    CHROMIUM,
    HEALTH_TIMEOUT_S,
    KEYS,
    ROOT,
    free_port,
    require_browser,
    tail,
)

# ---------------------------------------------------------------- server and browser fixtures

@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Demo data in a temp dir, then ``uvicorn api.main:create_app`` on a free port; yields the base URL."""
    require_browser()
    work = tmp_path_factory.mktemp("layak-web")
    data_dir = work / "data"
    data_dir.mkdir()
    # its own MLflow store: the demo registers a ranker and a risk model there, and other tests must not see them
    env = dict(os.environ, LAYAK_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1",
               LAYAK_MLFLOW_TRACKING_URI=f"sqlite:///{work / 'mlflow.db'}")
    demo = subprocess.run([sys.executable, "-m", "api.cli", "demo", "--listings", "1500", "--workers", "100",
                           "--seed", "3"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
                          check=False)
    if demo.returncode != 0:
        pytest.fail(f"`python -m api.cli demo` failed (exit {demo.returncode}):\n{demo.stderr[-4000:]}", pytrace=False)
    from matching.demo.keys import read_demo_keys

    KEYS.update(read_demo_keys(data_dir / "demo-keys.txt"))

    port = free_port()
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
                pytest.fail(f"server exited with {proc.returncode}:\n{tail(log_path)}", pytrace=False)
            try:
                with urllib.request.urlopen(base + "/health", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not answer /health with 200 within {HEALTH_TIMEOUT_S} s:\n"
                            f"{tail(log_path)}", pytrace=False)
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
    require_browser()
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
        except Exception:  # noqa: BLE001, S110 - a crashed browser must not hide the test's own failure
            pass
    for p in dirs:
        shutil.rmtree(p, ignore_errors=True)

