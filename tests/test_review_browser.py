"""The review page in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

It starts ``checker review`` on the example report, marks findings by keyboard, checks the baseline file, and saves
the screenshot the README shows (docs/review.png). Without a browser it fails saying how to install one, except
outside CI (``CI`` unset), where it skips.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver; pip install selenium (the dev extra)"
SCREENSHOT = ROOT / "docs" / "review.png"

pytestmark = pytest.mark.slow


def _need_browser():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    if missing:
        message = f"the browser test needs {', '.join(missing)}: {INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"checker review exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def _wait_for(check, seconds: float = 20):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = check()
        except (NoSuchElementException, StaleElementReferenceException):  # the page is between two loads
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def _verdicts(baseline: Path) -> dict[str, str]:
    if not baseline.exists():
        return {}
    try:
        doc = json.loads(baseline.read_text())
    except json.JSONDecodeError:
        return {}
    return {e["id"]: e.get("verdict") for e in doc["accepted"] if e.get("verdict")}


def _press(driver, key: str, seconds: float = 15.0) -> None:
    """Send ``key`` to the page's body, waiting out a page that is still loading (a verdict navigates)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By

    deadline = time.time() + seconds
    while True:
        try:
            driver.find_element(By.TAG_NAME, "body").send_keys(key)
            return
        except (NoSuchElementException, StaleElementReferenceException):
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def _attr(driver, element_id: str, name: str) -> str | None:
    """An element's attribute, or None while the page is between two loads."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        return driver.find_element(By.ID, element_id).get_attribute(name)
    except (NoSuchElementException, StaleElementReferenceException):
        return None


def test_review_by_keyboard_in_headless_chromium(demo_report, tmp_path):
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    report = tmp_path / "report"
    shutil.copytree(demo_report, report)
    findings = json.loads((report / "findings.json").read_text())["findings"]
    assert len(findings) >= 2
    baseline = tmp_path / "baseline.json"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "review", str(report), "--baseline", str(baseline), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,820"):
        options.add_argument(arg)
    driver = None
    try:
        _wait_up(url, proc)
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        driver.get(url)
        root = driver.find_element(By.ID, "review")
        first = root.get_attribute("data-id")
        assert first == findings[0]["id"]
        assert f"{len(findings)} of {len(findings)} left to review" in driver.find_element(By.ID, "counter").text
        assert driver.find_elements(By.CSS_SELECTOR, "#side-a mark, #side-b mark")  # differing words highlighted
        SCREENSHOT.parent.mkdir(exist_ok=True)
        driver.save_screenshot(str(SCREENSHOT))

        _press(driver, "f")  # false alarm, by keyboard
        assert _wait_for(lambda: _verdicts(baseline).get(first)) == "false_alarm"
        second = _wait_for(lambda: driver.find_element(By.ID, "review").get_attribute("data-id") != first)
        assert second
        now = _wait_for(lambda: _attr(driver, "review", "data-id"))
        assert now == findings[1]["id"]  # the next finding not reviewed yet
        assert f"{len(findings) - 1} of {len(findings)} left" in driver.find_element(By.ID, "counter").text

        driver.find_element(By.ID, "reason").send_keys("checked against the wire copy")
        _press(driver, "c")  # confirmed, with the reason typed
        assert _wait_for(lambda: _verdicts(baseline).get(now)) == "confirmed"
        doc = json.loads(baseline.read_text())
        entry = next(e for e in doc["accepted"] if e["id"] == now)
        assert entry["reason"] == "checked against the wire copy" and doc["schema"] == "checker.baseline/1"

        _wait_for(lambda: _attr(driver, "review", "data-id") not in (None, now))  # the page moved on after "c"
        _press(driver, "k")  # back to the one before (j/k move)
        _wait_for(lambda: "i=" in driver.current_url)
        assert _wait_for(lambda: _attr(driver, "review", "data-id"))
    finally:
        if driver is not None:
            driver.quit()
        proc.terminate()
        proc.wait(timeout=20)
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
