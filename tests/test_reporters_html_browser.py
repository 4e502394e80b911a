"""The HTML report in a real headless Chromium (Debian's package, driven by Playwright): it
renders, its filters work, it logs no console error, it requests nothing but itself, its
Content-Security-Policy is in force, hostile manifest text stays text, and it prints.

Also makes the screenshot the README shows (docs/images/html-report-failing.png): set
AI_SECURITY_GATE_UPDATE_SCREENSHOTS=1 to write it there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.results import Status
from browser_support import launch, open_page
from conftest import EXAMPLES, ROOT, TODAY
from reporters_support import auditor_decision

pytestmark = pytest.mark.slow
GATE = str(Path(sys.executable).with_name("ai-security-gate"))
SCREENSHOT = ROOT / "docs" / "images" / "html-report-failing.png"


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    decision = auditor_decision()
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(get_renderer("html")(decision, ReportOptions()), encoding="utf-8")
    return decision, path


def shown(page) -> int:
    count = int(page.locator("#shown-count").text_content())
    assert page.locator(".prov:visible").count() == count
    return count


def test_renders_with_no_console_errors_and_no_requests(browser, hostile_report):
    _decision, path = hostile_report
    page, seen = open_page(browser, path.as_uri())
    assert page.title().endswith("EN 304 223 report")
    assert page.locator(".prov").count() == 72
    assert shown(page) == 72
    assert page.locator("#filters").is_visible()  # the script ran (CSP hash accepted)
    assert seen.errors == []
    assert [m for m in seen.console if m[0] in ("error", "warning")] == []
    assert seen.requests == [path.as_uri()]


def test_status_and_role_filters(browser, hostile_report):
    decision, path = hostile_report
    page, seen = open_page(browser, path.as_uri())
    counts = decision.counts()
    page.uncheck("input[value=not_assessed]")
    assert shown(page) == 72 - counts["not_assessed"]
    for status in ("pass", "waived", "attested", "not_applicable"):
        page.uncheck(f"input[value={status}]")
    assert shown(page) == counts["fail"]
    assert (
        page.locator(".prov:visible").evaluate_all("els => els.map(e => e.dataset.status)")
        == ["fail"] * counts["fail"]
    )
    page.check("input[value=not_assessed]")
    page.select_option("#role-filter", "end_user")
    expected = [
        r.provision.id
        for r in decision.results
        if r.status in (Status.FAIL, Status.NOT_ASSESSED) and "end_user" in r.provision.roles
    ]
    assert expected and shown(page) == len(expected)
    ids = page.locator(".prov:visible").evaluate_all("els => els.map(e => e.id)")
    assert ids == [f"p-{pid}" for pid in expected]
    page.select_option("#role-filter", "")
    for status in ("pass", "waived", "attested", "not_applicable"):
        page.check(f"input[value={status}]")
    assert shown(page) == 72
    assert seen.errors == [] and seen.requests == [path.as_uri()]


def test_hostile_text_is_inert_and_the_csp_blocks_injected_script(browser, hostile_report):
    _decision, path = hostile_report
    page, seen = open_page(browser, path.as_uri())
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.locator("img, svg, iframe, link, object, embed").count() == 0
    body = page.locator("body").inner_text()
    assert "<script>window.__pwned=1</script>" in body
    assert "{{ 7*7 }}" in body
    # were an attacker's script to reach the DOM, the policy still stops it
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__pwned = 5'; document.body.append(s); }"
    )
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert any("Content Security Policy" in text for _, text in seen.console)
    assert seen.requests == [path.as_uri()]


def test_prints_without_the_filters(browser, hostile_report):
    _, path = hostile_report
    page, _ = open_page(browser, path.as_uri())
    page.uncheck("input[value=pass]")
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert page.locator("#print-filter-note").is_visible()
    assert "Filtered view" in page.locator("#print-filter-note").text_content()
    pdf = page.pdf()  # the print path works end to end
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_screenshot_of_the_failing_example(browser, tmp_path):
    report = tmp_path / "failing.html"
    result = subprocess.run(
        [GATE, "check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"html:{report}"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    page, seen = open_page(browser, report.as_uri())
    assert "contract-summariser" in page.locator("h1").text_content()
    shot = page.screenshot(full_page=False)
    assert shot.startswith(b"\x89PNG") and len(shot) > 20_000
    assert seen.errors == [] and seen.requests == [report.as_uri()]
    if os.environ.get("AI_SECURITY_GATE_UPDATE_SCREENSHOTS"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(shot)
