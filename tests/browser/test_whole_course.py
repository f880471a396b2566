"""The whole course in two browsers, from the submitted intake to the end: the patient (phone)
does the pre-session screen and signs the consent; the therapist (desktop) starts the course at
the offered time, records and signs session 1, books session 2 too soon (refused, saying the
earliest time) and then with a reason, records and signs session 2 (the reason carried over),
meets the review after session 2, decides, ends the course and reads its summary.

The check-in, the gate after session one and the live trace have browser tests of their own
(test_course, test_gate_after_session, test_live_feedback); this one walks the course's spine."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_course import served_data_dir
from tests.browser.test_gate_after_session import run_shell

pytestmark = pytest.mark.browser

PATIENT = "Tom Becker"
PASSWORD = "tom-demo-password-5"
# Tom (demo) filled and submitted his intake (the demo's); he gets a login to his phone page.
# The clinic opens every day, all day, while this test runs, so that "now" and "tomorrow at
# 10:00" are inside the hours whenever it runs; the default hours come back afterwards.
LOGIN = f"""
from datetime import time
from knotwork.accounts.models import User
from knotwork.courses.services import save_opening_hours
from knotwork.patients.models import Patient
tom = Patient.objects.get(given_name="Tom", is_demo=True)
tom.user = User.objects.create_user("tom@example.com", "{PASSWORD}", display_name="Tom")
tom.save(update_fields=["user"])
admin = User.objects.get(email="admin@example.com")
# Sam is Tom's therapist; test_accounts may have reset his password on this shared server.
sam = User.objects.get(email="sam@example.com")
sam.set_password("knotwork-demo")
sam.save(update_fields=["password"])
week = {{day: (time(0), time(23, 59)) for day in range(7)}}
save_opening_hours(actor=admin, clinic=tom.clinic, week=week, session_minutes=60)
print("ready", tom.pk)
"""
DEFAULT_HOURS = """
from knotwork.courses.models import OpeningHours
from knotwork.patients.models import Patient
tom = Patient.objects.get(given_name="Tom", is_demo=True)
OpeningHours.objects.filter(clinic=tom.clinic).delete()
print("restored")
"""


def screen_and_consent(phone: Page) -> None:
    """Today's safety questions, every one no, and the treatment consent signed on the phone."""
    phone.goto("/me/")
    phone.get_by_role("link", name="Safety questions before a session").click()
    groups = phone.locator("fieldset.yesno")
    expect(groups.first).to_be_visible()
    for index in range(groups.count()):
        groups.nth(index).locator("label.option", has_text=re.compile("^No$")).click()
    phone.get_by_role("button", name="Send answers").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    phone.goto("/me/")
    phone.get_by_role("link", name="read and sign the treatment consent").click()
    phone.get_by_label("I have read this and I consent to the treatment").check()
    phone.get_by_label("Type your full name to sign").fill(PATIENT)
    phone.get_by_role("button", name="Sign").click()
    expect(phone.get_by_text("Thank you: your consent is on file.")).to_be_visible()


def record_and_sign(desk: Page, number: int, before: str, after: str) -> None:
    desk.locator(f"#session-{number}").get_by_role("link", name="Record").click()
    expect(desk.get_by_text("Safety gate open")).to_be_visible()
    desk.get_by_label("Pain today before the session (NPRS 0-10)").fill(before)
    target = desk.locator('select[name="points-0-target"]')
    target.select_option(
        target.locator("optgroup").first.locator("option").first.get_attribute("value")
    )
    point = desk.locator("fieldset.point").first
    point.get_by_label("Pressure grade 1-5").fill("3")
    point.get_by_label("Hold (s)").fill("60")
    point.get_by_label("Repetitions").fill("2")
    point.get_by_label("Discomfort 0-10").fill("6")
    desk.get_by_label("Pain after the session (NPRS 0-10)").fill(after)
    desk.get_by_role("button", name="Save record").click()
    expect(desk.get_by_text(f"Session {number} recorded. Check it, then sign it.")).to_be_visible()
    desk.get_by_role("button", name="Sign").click()
    expect(desk.get_by_text(f"Session {number} signed.")).to_be_visible()


def test_a_whole_course_from_the_intake_to_the_review_and_the_end(
    desktop_page: Page, phone_page: Page, login, tmp_path_factory: pytest.TempPathFactory
) -> None:
    desk, phone = desktop_page, phone_page
    data_dir = served_data_dir(tmp_path_factory)
    ready, patient_id = run_shell(data_dir, LOGIN).split()
    assert ready == "ready"
    try:
        walk(desk, phone, login, int(patient_id))
    finally:
        run_shell(data_dir, DEFAULT_HOURS)


def walk(desk: Page, phone: Page, login, patient_id: int) -> None:
    login(phone, "tom@example.com", PASSWORD)
    screen_and_consent(phone)

    login(desk, "sam@example.com")
    desk.goto(f"/patients/{patient_id}/")
    desk.get_by_role("link", name="Start a course").click()
    expect(desk.get_by_text("Safety gate open")).to_be_visible()
    # The first session's time is offered: the therapist's next free time in the hours.
    offered = desk.get_by_label("First session (date and time)").input_value()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", offered), offered
    desk.get_by_role("button", name="Start course").click()
    expect(desk.get_by_text("Course started.")).to_be_visible()
    expect(desk.locator("#session-1")).to_contain_text("Booked")
    course_url = desk.url

    record_and_sign(desk, 1, "6", "4")
    desk.goto(course_url)

    # Session 2 the next day is sooner than the plan's 3-day gap: refused beside the field with
    # the earliest allowed time, then booked with a reason, which the course shows.
    tomorrow = (date.fromisoformat(offered[:10]) + timedelta(days=1)).isoformat()
    row = desk.locator("#session-2")
    row.get_by_label("Date and time for session 2").fill(f"{tomorrow}T10:00")
    row.get_by_role("button", name="Book").click()
    refusal = desk.locator("#book-2-starts-at-error")
    expect(refusal).to_contain_text("the plan asks for at least 3 days between sessions")
    expect(refusal).to_contain_text("The earliest allowed is")
    desk.get_by_label("Why sooner than the plan's minimum gap").fill("Away next week; agreed.")
    desk.locator("#session-2").get_by_role("button", name="Book").click()
    expect(desk.get_by_text(re.compile(r"Session 2 booked for"))).to_be_visible()
    expect(desk.locator("#session-2")).to_contain_text("Booked sooner than the 3-day gap")

    # Recorded today too: the booking's reason stands for the record.
    record_and_sign(desk, 2, "5", "3")
    desk.goto(course_url)
    review = desk.locator("section.review").first
    expect(review).to_contain_text("Review after session 2")
    # Pain 6 at the start and 5 now is less than the NPRS's minimal important change: the
    # review asks the therapist to decide.
    decision = review.locator("form.decision")
    expect(decision).to_be_visible()
    decision.get_by_text("Continue the course").click()
    decision.get_by_label("Reason").fill("Less pain; the patient wants to go on.")
    decision.get_by_role("button", name="Record decision").click()
    expect(desk.get_by_text("Decision recorded.")).to_be_visible()
    expect(desk.locator("section.review").first).to_contain_text("Decision: continue")

    desk.get_by_label("Reason").last.fill("Pain settled; the patient stops here.")
    desk.get_by_role("button", name="End course").click()
    expect(desk.get_by_text("Course ended.")).to_be_visible()
    desk.get_by_role("link", name="Summary").click()
    expect(desk.locator("body")).to_contain_text("Pain settled; the patient stops here.")
