"""What the browser tests share: whether Chromium is here, the real server in a subprocess, and a headless
Chromium driver. Import ``require_browser`` first and call it at module level, before importing selenium."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def require_browser() -> None:
    """Skip the calling module without Chromium, chromedriver and selenium (fail when CI asks for them)."""
    available = CHROMIUM.exists() and CHROMEDRIVER.exists()
    if available:
        try:
            import selenium  # noqa: F401
        except ImportError:
            available = False
    if available:
        return
    if os.environ.get("NEWSFUSE_REQUIRE_BROWSER") == "1":
        raise RuntimeError("NEWSFUSE_REQUIRE_BROWSER=1 but /usr/bin/chromium, /usr/bin/chromedriver or selenium "
                           "is missing")
    pytest.skip("Chromium and chromedriver are not installed", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local test server)
        return json.load(response)


@contextmanager
def serve(db: Path, log: Path, ready: str = "/api/stories") -> Iterator[str]:
    """`newsfuse serve` over the store ``db`` in a subprocess (its output in ``log``); yields its base URL once
    ``ready`` answers, and stops it after."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsfuse.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    get_json(base + ready)
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"server did not start: {log.read_text()}") from None
                    time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def chrome(profile: Path) -> Iterator[Any]:
    """A headless Chromium driver with its own profile, its console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(20)
    try:
        yield browser
    finally:
        browser.quit()
