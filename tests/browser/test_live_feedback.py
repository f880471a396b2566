"""Live feedback in two browsers: the patient's phone (390x844) and the therapist's desktop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def screen_before_session(desk: Page) -> None:
    """Today's pre-session screen, every answer no: live feedback opens only through the gate."""
    patient_url = desk.url
    desk.get_by_role("link", name="Pre-session screen").click()
    groups = desk.locator("fieldset.yesno")
    expect(groups.first).to_be_visible()
    for index in range(groups.count()):
        groups.nth(index).locator("label.option", has_text=re.compile("^No$")).click()
    desk.get_by_role("button", name="Send answers").click()
    expect(desk.locator(".gate.open")).to_be_visible()
    desk.goto(patient_url)


def test_it_shows_the_therapist_the_phones_discomfort_and_its_stop(
    desktop_page: Page, phone_page: Page, login, screenshot
) -> None:
    desk = desktop_page
    login(desk, "maria@example.com")
    desk.get_by_role("link", name=re.compile("Jordan Reyes")).click()
    screen_before_session(desk)
    desk.get_by_role("button", name="Open live feedback").click()
    expect(desk).to_have_url(re.compile(r"/live/\d+/$"))
    expect(
        desk.get_by_label("QR code that opens the feedback page on the patient's phone")
    ).to_be_visible()
    join_url = desk.locator("#phone-link").get_attribute("href")
    assert join_url and "/live/join/" in join_url

    phone = phone_page
    phone.goto(join_url)
    expect(phone.locator("#phone-status")).to_have_text("Connected to your therapist")
    expect(desk.locator("#presence")).to_have_text("Patient's phone connected")
    # Every control fits the phone's screen: nothing to scroll to while lying face down.
    assert phone.evaluate("document.documentElement.scrollHeight <= window.innerHeight")

    point = desk.locator("#next-point option:checked").inner_text()
    desk.get_by_role("button", name="Next trigger point").click()
    record = desk.get_by_role("table", name="Per trigger point record")
    # The record below refreshes itself after each command, without reloading the page.
    expect(record).to_contain_text(point)
    phone.get_by_role("button", name="6", exact=True).tap()
    expect(desk.locator("#discomfort")).to_have_text("6")
    expect(desk.locator("#discomfort")).to_have_class(re.compile("in_window"))
    desk.get_by_role("button", name="Release felt").click()
    expect(record.locator("tbody tr").first).to_contain_text("release felt")
    expect(record.locator("tbody tr td").nth(2)).to_have_text("6")
    phone.get_by_role("button", name="STOP").tap()
    expect(desk.get_by_role("alert")).to_contain_text("STOP")
    expect(desk.get_by_role("alert")).to_be_visible()
    screenshot(phone, "live-feedback-phone")
    screenshot(desk, "live-feedback-therapist")

    phone.close()
    expect(desk.locator("#presence")).to_have_text("Patient disconnected")
