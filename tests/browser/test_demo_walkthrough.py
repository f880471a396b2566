"""A person trying the demo: log in, find a patient, log out; a patient on their phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_it_lets_the_demo_therapist_open_a_patient_and_log_out(
    desktop_page: Page, login, screenshot
) -> None:
    page = desktop_page
    login(page, "maria@example.com")

    expect(page).to_have_url(re.compile(r"/patients/$"))
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    jordan = page.get_by_role("link", name=re.compile("Jordan Reyes"))
    expect(jordan).to_be_visible()
    screenshot(page, "dashboard-desktop")

    jordan.click()
    expect(page).to_have_url(re.compile(r"/patients/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jordan Reyes")
    expect(page.get_by_text("Warehouse picker")).to_be_visible()
    # The heavier panels follow the page (htmx): each place fills in with its panel.
    expect(page.get_by_role("heading", name="Treatment course")).to_be_visible()
    expect(page.get_by_role("heading", name="Questionnaires and outcomes")).to_be_visible()
    expect(page.locator(".lazy-panel")).to_have_count(0)
    screenshot(page, "patient-desktop")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    # Logged out for real: the patient list now sends the browser back to the login page.
    page.goto("/patients/")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_it_keeps_a_wrong_password_on_the_login_page_with_an_error(
    desktop_page: Page, login
) -> None:
    page = desktop_page
    login(page, "admin@example.com", password="not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("do not match")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_it_shows_the_demo_patient_their_own_page_on_a_phone(
    phone_page: Page, login, screenshot
) -> None:
    page = phone_page
    login(page, "jordan@example.com")

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("link", name="My page")).to_be_visible()
    expect(page.get_by_role("heading", name="Hello Jordan")).to_be_visible()
    # A patient gets no way into the clinic's patient list.
    expect(page.get_by_role("link", name="Patients")).to_have_count(0)
    screenshot(page, "patient-phone")


def test_it_fits_the_patient_list_on_a_phone_without_sideways_scrolling(
    phone_page: Page, login, screenshot
) -> None:
    page = phone_page
    login(page, "maria@example.com")

    expect(page.get_by_role("link", name=re.compile("Jordan Reyes"))).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than a 390px phone screen"
    screenshot(page, "dashboard-phone")
