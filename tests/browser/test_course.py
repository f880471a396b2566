"""A course in two browsers: the therapist starts it, books, records and signs session 1 on a
desktop; the patient, invited on the spot, does the pre-session screen, signs the treatment
consent and answers the 24 h check-in on a phone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PATIENT = "Priya Shah"
PASSWORD = "priya-demo-password-2"
# What the worker does 24 h after the session: send the check-in's first question. Run through
# the service with the moment it falls due, against the served app's database, so the test
# does not wait a day.
# The check-in opens 24 h after the session, so its times move a day back first: the test
# stands in for the day that passed.
ASK_NOW = """
from datetime import timedelta
from knotwork.courses.checkins import process_check_in
from knotwork.courses.models import CheckIn
check_in = CheckIn.objects.get(session__course__patient__given_name="Priya", session__number=1)
day = timedelta(hours=24)
for name in ("session_end", "ask_at", "remind_at", "closes_at"):
    setattr(check_in, name, getattr(check_in, name) - day)
check_in.save()
print(process_check_in(check_in.pk, now=check_in.ask_at))
"""


def served_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data directory of the session's `knotwork serve` (made by the server_url fixture)."""
    # pytest also keeps a "...current" symlink beside each numbered directory it makes.
    base = tmp_path_factory.getbasetemp()
    found = [path for path in sorted(base.glob("knotwork-serve*")) if not path.is_symlink()]
    assert len(found) == 1, f"expected one served data directory, found {found}"
    return found[0]


def ask_check_in_now(data_dir: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["KNOTWORK_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "knotwork", "manage", "--data-dir", str(data_dir)]
    done = subprocess.run(
        [*command, "shell", "-c", ASK_NOW],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def invite_patient(desk: Page, phone: Page, mailed_link) -> None:
    """The therapist invites the patient; the patient sets a password from the one-time link,
    which reaches them by mail only (the therapist's page never shows it)."""
    desk.get_by_label("Invite by email").fill("priya@example.com")
    desk.get_by_role("button", name="Send invitation").click()
    message = desk.get_by_text(re.compile("went to their mailbox only")).inner_text()
    assert "/invite/" not in message
    phone.goto(mailed_link("priya@example.com", r"/invite/\S+/"))
    phone.get_by_label("Password", exact=True).fill(PASSWORD)
    phone.get_by_label("Password again").fill(PASSWORD)
    phone.get_by_role("button", name="Set password and continue").click()
    expect(phone.get_by_text("Your password is set.")).to_be_visible()


def pre_session_screen(phone: Page) -> None:
    """The patient answers today's safety questions, every one no."""
    phone.goto("/me/")
    phone.get_by_role("link", name="Safety questions before a session").click()
    groups = phone.locator("fieldset.yesno")
    expect(groups.first).to_be_visible()
    for index in range(groups.count()):
        groups.nth(index).locator("label.option", has_text=re.compile("^No$")).click()
    phone.get_by_role("button", name="Send answers").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()


def sign_consent(phone: Page) -> None:
    """The patient reads the clinic's treatment consent on the phone and signs it."""
    phone.goto("/me/")
    phone.get_by_role("link", name="read and sign the treatment consent").click()
    expect(phone.get_by_text("What to expect afterwards")).to_be_visible()
    phone.get_by_label("I have read this and I consent to the treatment").check()
    phone.get_by_label("Type your full name to sign").fill(PATIENT)
    phone.get_by_role("button", name="Sign").click()
    expect(phone.get_by_text("Thank you: your consent is on file.")).to_be_visible()


def record_session_one(desk: Page) -> None:
    desk.locator("#session-1").get_by_role("link", name="Record").click()
    expect(desk.get_by_text("Safety gate open")).to_be_visible()
    desk.get_by_label("Pain today before the session (NPRS 0-10)").fill("6")
    target = desk.locator('select[name="points-0-target"]')
    first_candidate = target.locator("optgroup").first.locator("option").first
    target.select_option(first_candidate.get_attribute("value"))
    point = desk.locator("fieldset.point").first
    point.get_by_label("Pressure grade 1-5").fill("3")
    point.get_by_label("Hold (s)").fill("60")
    point.get_by_label("Repetitions").fill("2")
    point.get_by_label("Discomfort 0-10").fill("6")
    point.get_by_label("Release felt").check()
    desk.get_by_label("Subjective").fill("Neck stiff at the laptop; temple headache most days.")
    desk.get_by_label("Objective").fill("Taut band in the right upper trapezius; referral felt.")
    desk.get_by_label("Assessment").fill("Findings fit the trigger points examined today.")
    desk.get_by_label("Plan", exact=True).fill("Session 2 as booked; home stretches.")
    desk.get_by_label("Pain after the session (NPRS 0-10)").fill("4")
    desk.get_by_role("button", name="Save record").click()
    expect(desk.get_by_text("Session 1 recorded. Check it, then sign it.")).to_be_visible()
    desk.get_by_role("button", name="Sign").click()
    expect(desk.get_by_text("Session 1 signed.")).to_be_visible()


def test_a_course_runs_from_start_to_the_first_check_in(
    desktop_page: Page,
    phone_page: Page,
    login,
    screenshot,
    mailed_link,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    desk, phone = desktop_page, phone_page
    login(desk, "maria@example.com")
    desk.get_by_role("link", name=re.compile(PATIENT)).click()
    patient_url = desk.url
    invite_patient(desk, phone, mailed_link)
    pre_session_screen(phone)
    sign_consent(phone)

    desk.goto(patient_url)
    desk.get_by_role("link", name="Start a course").click()
    expect(desk.get_by_text("Safety gate open")).to_be_visible()
    desk.get_by_role("button", name="Start course").click()
    expect(desk.get_by_text("Course started.")).to_be_visible()
    expect(desk.locator("#session-1")).to_contain_text("Booked")

    # Session 2's field holds the plan's suggested day (an opening day) at 10:00, inside the
    # clinic's hours: booked. The same day at 20:00 is after closing: refused, saying why.
    row = desk.locator("#session-2")
    suggested = row.get_by_label("Date and time for session 2").input_value()
    assert suggested.endswith("T10:00")
    row.get_by_label("Date and time for session 2").fill(suggested[:11] + "20:00")
    row.get_by_role("button", name="Book").click()
    expect(
        desk.get_by_text(re.compile(r"Session 2 not booked: The clinic is open"))
    ).to_be_visible()
    row = desk.locator("#session-2")
    row.get_by_label("Date and time for session 2").fill(suggested)
    row.get_by_role("button", name="Book").click()
    expect(desk.get_by_text(re.compile(r"Session 2 booked for"))).to_be_visible()
    expect(desk.locator("#session-2")).to_contain_text("Booked")

    record_session_one(desk)
    expect(desk.locator(".sessions-done")).to_have_text("1")
    expect(desk.locator("#session-1")).to_contain_text("Signed")
    expect(desk.locator("#session-1")).to_contain_text("6 / 4")
    chart = desk.locator(".charts svg").first
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("Pain (NPRS 0-10)")
    assert suggested, "the plan suggested a date for session 2"
    screenshot(desk, "course-desktop")

    assert ask_check_in_now(served_data_dir(tmp_path_factory)) == "ask"
    phone.goto("/me/")
    expect(phone.get_by_text("How are you after session 1?")).to_be_visible()
    phone.get_by_role("link", name="Answer (soreness and pain)").click()
    soreness = phone.get_by_role("group", name="Soreness since the session (0 none - 10 worst)")
    soreness.get_by_label("3", exact=True).check()
    pain = phone.get_by_role("group", name="Your pain now (0 none - 10 worst)")
    pain.get_by_label("4", exact=True).check()
    screenshot(phone, "checkin-phone")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("Thank you. Your therapist will see your answer.")).to_be_visible()

    desk.reload()
    expect(desk.locator("#session-1")).to_contain_text("soreness 3, pain 4")
    expect(desk.locator("#session-1")).to_contain_text("Answered")

    # Session 2 the same day: sooner than the plan's 3-day gap, refused until a reason is given.
    desk.locator("#session-2").get_by_role("link", name="Record").click()
    desk.get_by_label("Pain today before the session (NPRS 0-10)").fill("5")
    desk.get_by_role("button", name="Save record").click()
    summary = desk.locator("#error-summary")
    expect(summary).to_contain_text("the plan asks for at least 3 days")
    reason = "The patient travels next week; agreed to come in again today."
    desk.get_by_label("Why sooner than the plan's minimum gap").fill(reason)
    desk.get_by_role("button", name="Save record").click()
    expect(desk.get_by_text("Session 2 recorded. Check it, then sign it.")).to_be_visible()
    # The session page's heading links back to the course.
    desk.get_by_role("link", name=PATIENT).first.click()
    expect(desk.locator("#session-2")).to_contain_text("Sooner than the 3-day gap: " + reason)
