"""The pages work under the server's Content-Security-Policy: scripts and styles from the site
only, none inline without the response's nonce. (Every other browser test fails on a violation
too: tests/browser/conftest.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_clinic_pages_run_under_the_policy(desktop_page: Page, login, browser) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    answer = page.goto("/patients/")
    assert answer is not None
    assert "script-src 'self' 'nonce-" in answer.headers["content-security-policy"]
    assert answer.headers["cache-control"] == "no-store"

    # Search runs through htmx (its indicator style carries the nonce).
    page.get_by_role("searchbox").fill("Jordan")
    expect(page.locator("#patient-list")).to_contain_text("Jordan Reyes")
    page.get_by_role("link", name=re.compile("Jordan Reyes")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jordan Reyes")
    patient_url = page.url
    for path in ("pain-maps/", "pain-maps/new/"):
        page.goto(patient_url + path)
        page.wait_for_load_state("networkidle")
    page.goto("/muscles/")
    page.wait_for_load_state("networkidle")
    page.goto("/account/")
    page.wait_for_load_state("networkidle")

    # A script injected as the policy forbids is refused, and the page reports it.
    with page.expect_console_message(lambda m: "CSP violation" in m.text) as reported:
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.append(script);
            }"""
        )
    assert "script-src" in reported.value.text
    assert page.evaluate("window.injected === undefined")
    # That violation was on purpose (the browser's own message about it came first).
    browser.violations.clear()
