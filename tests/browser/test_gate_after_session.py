"""The gate after session one, in two browsers: a fever ticked in the check-in on the phone
closes the gate, the dashboard lists the alert, live feedback is refused with the reason and a
link to the clearance form, and a clearance opens it again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_course import served_data_dir
from tests.browser.test_live_feedback import screen_before_session

pytestmark = pytest.mark.browser

PASSWORD = "lena-demo-password-3"
# Lena (demo) gets a login, a course and session 1 held 25 h ago, so its check-in is open now:
# the shell stands in for yesterday, as the other browser tests stand in for the worker.
SESSION_YESTERDAY = f"""
from datetime import timedelta
from django.utils import timezone
from knotwork.accounts.models import User
from knotwork.courses.services import (
    record_paper_consent, record_session, sign_session, start_course
)
from knotwork.domain import safety
from knotwork.intake.services.safety import record_pre_session_screen
from knotwork.patients.models import Patient

lena = Patient.objects.get(given_name="Lena", is_demo=True)
maria = User.objects.get(email="maria@example.com")
lena.user = User.objects.create_user("lena@example.com", "{PASSWORD}", display_name="Lena")
lena.save(update_fields=["user"])
held = timezone.now() - timedelta(hours=25)
day = timezone.localdate(held)
record_paper_consent(actor=maria, patient=lena, signed_on=day)
course = start_course(actor=maria, patient=lena, start_date=day, today=day)
record_pre_session_screen(
    actor=maria, patient=lena, answers=dict.fromkeys(safety.pre_session_questions(), False), on=day
)
session = course.treatment_sessions.get(number=1)
point = dict(muscle="trapezius", trigger_point="upper_fibres", side="left", chosen_from="finder",
             pressure_grade=3, hold_seconds=60, repetitions=2, discomfort=6)
record_session(actor=maria, session=session, held_at=held, fields={{"pre_nprs": 4}}, points=[point])
sign_session(actor=maria, session=session)
print("ready", session.check_in.pk)
"""


def run_shell(data_dir: Path, script: str) -> str:
    """Run `script` in `knotwork manage shell` against the served app's database; its last line."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["KNOTWORK_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "knotwork", "manage", "--data-dir", str(data_dir)]
    done = subprocess.run(
        [*command, "shell", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_a_check_in_fever_closes_the_gate_and_blocks_live_feedback_until_a_clearance(
    desktop_page: Page,
    phone_page: Page,
    login,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    assert run_shell(served_data_dir(tmp_path_factory), SESSION_YESTERDAY).startswith("ready")
    desk, phone = desktop_page, phone_page

    login(phone, "lena@example.com", PASSWORD)
    phone.goto("/me/")
    expect(phone.get_by_text("After session 1: what to expect")).to_be_visible()
    phone.get_by_role("link", name="Answer (soreness and pain)").click()
    phone.get_by_role("group", name="Soreness since the session (0 none - 10 worst)").get_by_label(
        "2", exact=True
    ).check()
    phone.get_by_role("group", name="Your pain now (0 none - 10 worst)").get_by_label(
        "3", exact=True
    ).check()
    phone.get_by_label("Fever").check()
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text(re.compile("do not have treatment today"))).to_be_visible()

    login(desk, "maria@example.com")
    desk.goto("/patients/")
    attention = desk.get_by_role("alert").filter(has_text="Needs attention now")
    expect(attention).to_contain_text("fever after the session")
    desk.locator("#patient-list").get_by_role("link", name=re.compile("Lena Novak")).click()
    desk.get_by_role("button", name="Open live feedback").click()
    expect(desk.get_by_role("heading", name="Live feedback not opened")).to_be_visible()
    expect(desk.get_by_text(re.compile("Physician clearance required for"))).to_be_visible()

    desk.get_by_role("link", name="Record a physician's clearance").click()
    desk.get_by_label("Cleared by").fill("Dr Ana Ruiz, GP")
    desk.get_by_role("button", name="Record clearance").click()
    expect(desk.get_by_text("Dr Ana Ruiz, GP")).to_be_visible()
    # With the clearance and today's screen (all no) the gate opens, and live feedback with it.
    screen_before_session(desk)
    desk.get_by_role("button", name="Open live feedback").click()
    expect(desk).to_have_url(re.compile(r"/live/\d+/$"))

    # Marking the alert seen on the dashboard resolves it: it leaves "Needs attention now".
    desk.goto("/patients/")
    item = desk.get_by_role("listitem").filter(has_text="fever after the session")
    item.get_by_role("button", name="Mark as seen").click()
    expect(desk.get_by_text("Alert marked as seen.")).to_be_visible()
    expect(desk.get_by_role("listitem").filter(has_text="fever after the session")).to_have_count(0)
