"""The dashboard's "Needs attention now": every open item of the clinic, each linking to where
it is resolved, and gone once it is."""

from __future__ import annotations

import pytest

from knotwork.courses.checkins import answer_check_in, sweep
from knotwork.courses.services import decide_review, start_course
from knotwork.intake.services.safety import record_intake_screen
from tests.conftest import Personas
from tests.courses.conftest import Clock, client_of, hold, ready_patient
from tests.courses.test_review import two_sessions


def attention(personas: Personas, user=None) -> str:
    page = client_of(user or personas.therapist_a).get("/patients/").content.decode()
    return page.split('id="attention-title"', 1)[1] if 'id="attention-title"' in page else ""


@pytest.fixture
def check_in(personas: Personas, clock: Clock):
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    return hold(personas, course, 1, clock, pre=5, post=3).check_in


def test_an_emergency_answer_waits_on_the_dashboard_until_marked_seen(
    personas: Personas,
) -> None:
    record_intake_screen(
        actor=personas.patient_user, patient=personas.patient, answers={"rf_ces_saddle": True}
    )
    listed = attention(personas)
    assert "Emergency answer" in listed and "Pat Ient gave an emergency answer" in listed
    assert f'href="/patients/{personas.patient.pk}/"' in listed
    assert attention(personas, personas.therapist_b) == ""

    alert_id = listed.split("/alerts/", 1)[1].split("/", 1)[0]
    seen = client_of(personas.therapist_a).post(
        f"/alerts/{alert_id}/acknowledge/", {"next": "dashboard"}
    )
    assert seen["Location"] == "/patients/"
    assert attention(personas) == ""


def test_a_check_in_alert_links_to_the_course_and_leaves_once_seen_there(
    personas: Personas, clock: Clock, check_in
) -> None:
    clock.at(check_in.ask_at)
    answer_check_in(
        actor=personas.patient_user,
        check_in=check_in,
        soreness=2,
        pain=2,
        symptoms=["new_numbness"],
    )
    course_url = f"/courses/{check_in.session.course_id}/"

    listed = attention(personas)
    assert "Aftercare check-in alert" in listed and "new numbness" in listed
    assert f'href="{course_url}"' in listed
    course_page = client_of(personas.therapist_a).get(course_url).content.decode()
    assert "Mark as seen" in course_page
    alert_id = course_page.split("/alerts/", 1)[1].split("/", 1)[0]
    seen = client_of(personas.therapist_a).post(
        f"/alerts/{alert_id}/acknowledge/", {"next": "link"}
    )
    assert seen["Location"] == course_url
    assert "new numbness" not in attention(personas)


def test_rising_soreness_is_listed(personas: Personas, clock: Clock, check_in) -> None:
    clock.at(check_in.ask_at)
    answer_check_in(actor=personas.patient_user, check_in=check_in, soreness=2, pain=3)
    clock.advance(hours=4)
    answer_check_in(actor=personas.patient_user, check_in=check_in, soreness=4, pain=3)

    assert "Soreness rising: 2 then 4." in attention(personas)


def test_a_check_in_unanswered_at_72_hours_is_listed_until_seen(
    personas: Personas, clock: Clock, check_in
) -> None:
    clock.at(check_in.closes_at)
    sweep(now=clock.now)

    listed = attention(personas)
    assert "Check-in unanswered at 72 h" in listed
    assert "not answered within 72 h" in listed


def test_a_review_waiting_for_a_decision_is_listed_until_decided(
    personas: Personas, clock: Clock
) -> None:
    course = two_sessions(personas, clock, second_pain=5)
    review = course.reviews.get()

    listed = attention(personas)
    assert "Review waiting for a decision" in listed
    assert f'href="/courses/{course.pk}/#review-{review.pk}"' in listed
    decide_review(
        actor=personas.therapist_a, review=review, decision="refer", reason="Needs a GP review."
    )
    assert "Review waiting" not in attention(personas)
