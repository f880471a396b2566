"""The demo patient fills the intake on a phone with an urgent red flag; the therapist sees the
safety gate closed, records a physician clearance and sees it open."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from knotwork.domain import safety

pytestmark = pytest.mark.browser

URGENT_FLAG = "rf_weight_loss"


def save(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("networkidle")


def choose(page: Page, question: str, answer: str) -> None:
    """Tap an answer inside the question's group (a fieldset named by its legend)."""
    group = page.locator("fieldset", has=page.locator("legend", has_text=question))
    group.locator("label.option", has_text=re.compile(f"^{re.escape(answer)}$")).click()


def test_the_patient_reports_an_urgent_flag_and_only_a_clearance_opens_the_gate(
    phone_page: Page, desktop_page: Page, login, screenshot
) -> None:
    page = phone_page
    login(page, "jordan@example.com")
    # The demo seeds Jordan's first intake; a new one starts from the list of their intakes.
    page.get_by_role("link", name="Your intakes").click()
    page.get_by_role("button", name="Start the intake").click()

    expect(page.get_by_text("Step 1 of 10")).to_be_visible()
    page.get_by_label("What brings you to the clinic?").fill("Low back pain since lifting boxes")
    save(page)
    # The demo pain map already says where it hurts.
    expect(page.get_by_text("Your pain map shows pain in")).to_be_visible()
    save(page)
    # Each answer is checked as it is given (htmx), before the step is sent.
    onset = page.get_by_label("When did it start?")
    onset.fill("2999-01-01")
    expect(page.locator("#id_onset_date_error")).to_contain_text("cannot be in the future")
    onset.fill("")
    expect(page.locator("#id_onset_date_error")).to_be_empty()
    choose(page, "Or: how long have you had it?", "Less than 4 weeks")
    save(page)
    choose(page, "How did it start?", "Suddenly")
    page.get_by_label("Lifting or hauling loads").check()
    save(page)
    page.get_by_label("Pain when sitting").check()
    save(page)

    # A refused step names the question and keeps the patient on it.
    choose(page, "Sleep", "Pain disturbs my sleep some nights")
    save(page)
    expect(page.get_by_role("alert")).to_contain_text("how stressed")
    choose(page, "how stressed", "6")
    save(page)

    choose(page, safety.red_flag("rf_anticoagulant").question[:40], "No")
    save(page)
    page.get_by_label("What would you like to be able to do again?").fill("Work a full shift")
    save(page)

    expect(page.get_by_role("heading", name="Safety questions")).to_be_visible()
    groups = page.locator("fieldset.yesno")
    for index in range(groups.count()):
        groups.nth(index).locator("label.option", has_text="No").click()
    choose(page, safety.red_flag(URGENT_FLAG).question[:40], "Yes")
    screenshot(page, "intake-red-flags-phone")
    save(page)

    expect(page.get_by_role("status")).to_contain_text("a doctor needs to see you")
    page.get_by_role("button", name="Review").click()
    page.get_by_role("button", name="Send the intake").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_role("link", name="Oswestry Disability Index")).to_be_visible()

    staff = desktop_page
    login(staff, "maria@example.com")
    staff.get_by_role("link", name=re.compile("Jordan Reyes")).click()
    course_gate = staff.locator('[data-gate="start_course"]')
    expect(course_gate).to_contain_text("Safety gate closed")
    expect(course_gate).to_contain_text(
        f"Physician clearance required for: {safety.finding_label(URGENT_FLAG)}."
    )
    screenshot(staff, "intake-gate-closed-desktop")

    staff.get_by_role("link", name="Record clearance").click()
    staff.get_by_label("Cleared by").fill("Dr Ada Osei, GP (demo)")
    staff.get_by_label("Note").fill("Weight loss explained; fit for soft-tissue treatment.")
    staff.get_by_role("button", name="Record clearance").click()

    expect(staff.get_by_text("Clearance recorded.")).to_be_visible()
    expect(staff.locator('[data-gate="start_course"]')).to_contain_text("Safety gate open")
    expect(staff.get_by_text("Dr Ada Osei, GP (demo) cleared")).to_be_visible()
    screenshot(staff, "intake-gate-open-desktop")
