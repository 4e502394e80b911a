"""A real headless Chromium for the HTML report's tests: Debian's `chromium` package driven by
Playwright (PyPI `playwright`; its own browser download is never used). scripts/test.sh
installs chromium where it is missing; the tests skip, saying why, only where it cannot be
had."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

# No background traffic of the browser's own: every request the tests see comes from the page.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch() -> Iterator[Any]:
    """Yields a launched browser, or skips the test with the reason."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "chromium is not installed and scripts/test.sh could not install it "
            "(it needs apt-get as root); the HTML report's browser tests cannot run"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Recorded:
    """What a page did: console messages, uncaught errors, and every request it made."""

    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_page(browser: Any, url: str) -> tuple[Any, Recorded]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = Recorded()
    page.on("console", lambda m: seen.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, seen
