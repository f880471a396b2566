"""A patient draws through a one-time link on a phone; a therapist compares maps over time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from knotwork.domain import anatomy

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+/draw/[^/\s]+/")


@pytest.fixture
def stranger_phone(browser: Browser, server_url: str) -> Iterator[Page]:
    """A phone that has never logged in: the patient opening the clinic's link."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=server_url,
    )
    yield context.new_page()
    context.close()


def view_button(page: Page, name: str):
    """A button of the phone's "Front | Back | Both" switch (its name may add a count)."""
    switch = page.get_by_role("group", name="Show the front, the back or both")
    return switch.get_by_role("button", name=re.compile(f"^{name}"))


def patient_id_from(page: Page, name: str) -> int:
    href = page.get_by_role("link", name=re.compile(name)).first.get_attribute("href")
    found = re.search(r"/patients/(\d+)/", href or "")
    assert found, f"no patient id in {href!r}"
    return int(found.group(1))


def stored_maps(page: Page, patient_id: int) -> list[dict[str, Any]]:
    response = page.request.get(f"/api/v1/patients/{patient_id}/pain-maps")
    assert response.status == 200, response.text()
    maps: list[dict[str, Any]] = response.json()["items"]
    return maps


def post_map(page: Page, patient_id: int, marks: dict[str, int]) -> None:
    """Store a map through the API as the logged-in user (the session's CSRF token included)."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"/api/v1/patients/{patient_id}/pain-maps",
        data={"marks": [{"region": r, "intensity": i} for r, i in marks.items()]},
        headers={"X-CSRFToken": token},
    )
    assert response.status == 201, response.text()


def test_it_takes_one_map_through_a_one_time_link_on_a_phone_and_no_second(
    desktop_page: Page, stranger_phone: Page, login, screenshot
) -> None:
    clinic = desktop_page
    login(clinic, "maria@example.com")
    patient_id = patient_id_from(clinic, "Jordan Reyes")
    before = len(stored_maps(clinic, patient_id))
    clinic.goto(f"/patients/{patient_id}/pain-maps/")
    clinic.get_by_role("button", name="Create a one-time link for the patient").click()
    message = clinic.get_by_role("status").filter(has_text="One-time drawing link")
    expect(message).to_be_visible()
    found = LINK.search(message.inner_text())
    assert found, message.inner_text()
    link = found.group(0)

    patient = stranger_phone
    patient.goto(link)
    expect(patient.get_by_role("heading", name="Where does it hurt today?")).to_be_visible()
    expect(patient.get_by_text("This link works once.")).to_be_visible()
    # Nobody is logged in: the page offers no earlier map to copy and no way into the clinic.
    expect(patient.get_by_role("button", name="Copy my last map")).to_be_disabled()
    expect(patient.get_by_role("link", name="Patients")).to_have_count(0)

    view_button(patient, "Back").tap()
    low_back = patient.locator('.bodymap-region[data-region="low_back_right"]:visible')
    low_back.tap()
    sheet = patient.get_by_role("dialog")
    sheet.get_by_role("button", name="Intensity 6").tap()
    sheet.get_by_role("button", name="aching").tap()
    sheet.get_by_role("button", name="Done").tap()
    patient.locator('.bodymap-region[data-region="buttock_upper_right"]:visible').tap()
    sheet.get_by_role("button", name="Intensity 4").tap()
    sheet.get_by_role("button", name="Done").tap()
    patient.get_by_label("Anything else to tell your therapist? (optional)").fill(
        "Worse after the night shift."
    )
    screenshot(patient, "pain-map-link-phone")
    patient.get_by_role("button", name="Save pain map").tap()
    expect(patient.get_by_role("heading", name="Thank you")).to_be_visible()

    # The link is used up: opening it again draws nothing and says so.
    patient.goto(link)
    expect(patient.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    expect(patient.locator("[data-bodymap]")).to_have_count(0)

    maps = stored_maps(clinic, patient_id)
    assert len(maps) == before + 1
    newest = maps[0]
    assert newest["drawn_via"] == "link" and newest["drawn_by"] is None
    assert {m["region"]: (m["intensity"], m["quality"]) for m in newest["marks"]} == {
        "low_back_right": (6, "aching"),
        "buttock_upper_right": (4, None),
    }
    assert newest["note"] == "Worse after the night shift."


def test_it_shows_a_therapist_what_changed_between_two_maps_and_the_trend(
    desktop_page: Page, login, screenshot
) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    patient_id = patient_id_from(page, "Priya Shah")
    post_map(page, patient_id, {"neck_back_upper_right": 6, "shoulder_top_right": 5})
    post_map(page, patient_id, {"neck_back_upper_right": 3, "temple_right": 4})

    page.goto(f"/patients/{patient_id}/pain-maps/")
    expect(page.get_by_role("img", name="Worst pain (0-10)")).to_be_visible()
    expect(page.get_by_role("img", name="Pain extent (% of body surface)")).to_be_visible()
    newest = page.locator(".map-card").first
    newest.locator("details.change summary").click()
    expect(newest.locator("details.change summary")).to_contain_text("1 of 3 painful regions")
    change = newest.locator(".change")
    expect(change).to_contain_text(f"New: {anatomy.region('temple_right').full_label}.")
    expect(change).to_contain_text(f"Gone: {anatomy.region('shoulder_top_right').full_label}.")
    expect(change).to_contain_text("worst pain -2")
    # The two maps side by side, newest first, each with its own figures.
    expect(page.locator(".map-card")).to_have_count(len(stored_maps(page, patient_id)))
    screenshot(page, "pain-map-history-desktop")
