"""A demo therapist examines a patient's trigger points: candidates, overlay, palpation finding."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def open_jordans_candidates(page: Page, login) -> None:
    login(page, "maria@example.com")
    page.get_by_role("link", name=re.compile("Jordan Reyes")).click()
    page.get_by_role("link", name=re.compile("Trigger points to examine for the pain map")).click()
    expect(page.get_by_role("heading", name="Trigger points to examine", level=1)).to_be_visible()
    expect(page.get_by_text("not a diagnosis")).to_be_visible()


def test_it_overlays_a_chosen_candidate_and_records_a_palpation_finding(
    desktop_page: Page, login, screenshot
) -> None:
    page = desktop_page
    open_jordans_candidates(page, login)
    first = page.locator("a.finder-choose").first
    key = first.get_attribute("data-candidate")
    title = re.sub(r"^\d+\.\s*", "", first.inner_text())
    # The page stays put: htmx swaps the map panel only (a full reload would lose this marker).
    page.evaluate("window.__stayed = true")

    first.click()
    detail = page.locator("#finder-detail")
    expect(detail.get_by_role("heading", level=2)).to_have_text(title)
    expect(detail.locator(f'[data-overlay="{key}"]')).to_have_count(1)
    expect(detail.get_by_text("Essential zone (solid)")).to_be_visible()
    expect(detail.get_by_text("Spillover zone (hatched)")).to_be_visible()
    expect(page).to_have_url(re.compile(r"muscle="))
    assert page.evaluate("window.__stayed") is True
    screenshot(page, "finder-candidates-desktop")

    detail.get_by_label("Yes").check()
    detail.get_by_label("Tenderness (0-3)").select_option("2")
    detail.get_by_label("Local twitch response").check()
    detail.get_by_role("button", name="Record finding").click()
    expect(detail.get_by_text("Palpation finding recorded.")).to_be_visible()
    row = detail.locator("table.finder-findings tbody tr").first
    expect(row).to_contain_text("2 (moderate)")
    assert page.evaluate("window.__stayed") is True

    # The finding is on the patient's record: the patient page shows it in the finder panel.
    page.get_by_role("link", name=re.compile("Back to Jordan Reyes")).click()
    expect(page.locator(".finder-panel table")).to_contain_text("2 (moderate)")


def test_it_shows_the_chosen_overlay_on_a_phone(phone_page: Page, login, screenshot) -> None:
    page = phone_page
    open_jordans_candidates(page, login)
    page.locator("a.finder-choose").nth(1).click()
    detail = page.locator("#finder-detail")
    expect(detail.get_by_text("Essential zone (solid)")).to_be_in_viewport()
    screenshot(page, "finder-candidates-phone")


def test_it_finds_muscles_by_where_it_hurts(desktop_page: Page, login) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    page.get_by_role("link", name="Muscles").click()
    page.get_by_label("Where does it hurt?").select_option("temple_left")
    expect(page.get_by_role("heading", name=re.compile("refer pain to Temple"))).to_be_visible()
    page.get_by_role("link", name=re.compile("^Temporalis")).click()
    expect(page.get_by_role("heading", name=re.compile("Temporalis"), level=1)).to_be_visible()
