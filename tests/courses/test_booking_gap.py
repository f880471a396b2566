"""Booking a session closer than the plan's minimum gap to its neighbours: refused naming the
field and the earliest (or latest) allowed time, or accepted with a reason, as recording is."""

from __future__ import annotations

from datetime import timedelta

import pytest

from knotwork.courses.models import Course
from knotwork.courses.services import (
    TooCloseToBook,
    book_session,
    record_session,
    sign_session,
    start_course,
)
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, at_ten, client_of, ready_patient, screen_today


@pytest.fixture
def course(personas: Personas, clock: Clock) -> Course:
    """A course whose session 1 was held today (Monday 3 March 2031, at 09:00)."""
    ready_patient(personas)
    found = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    screen_today(personas, clock.today())
    first = found.treatment_sessions.get(number=1)
    record_session(
        actor=personas.therapist_a, session=first, held_at=clock.now, fields={}, points=[POINT]
    )
    sign_session(actor=personas.therapist_a, session=first)
    return found


def test_booking_sooner_than_the_gap_is_refused_with_the_earliest_allowed_time(
    personas: Personas, clock: Clock, course: Course
) -> None:
    second = course.treatment_sessions.get(number=2)
    tuesday = clock.today() + timedelta(days=1)

    with pytest.raises(TooCloseToBook) as refused:
        book_session(actor=personas.therapist_a, session=second, starts_at=at_ten(tuesday))

    assert refused.value.field == "starts_at" and refused.value.status == 422
    # The plan's gap is 3 days: Thursday 6 March, the first free time of the default hours.
    assert "would be 1 day after session 1 (Mon 03 Mar)" in refused.value.message
    assert "The earliest allowed is Thu 06 Mar 2031 at 08:00" in refused.value.message
    second.refresh_from_db()
    assert second.starts_at is None and second.status != "booked"
    # On the earliest day it is booked without a word.
    book_session(
        actor=personas.therapist_a,
        session=second,
        starts_at=at_ten(clock.today() + timedelta(days=3)),
    )


def test_a_reason_lets_the_booking_through_and_stays_for_the_record(
    personas: Personas, clock: Clock, course: Course
) -> None:
    second = course.treatment_sessions.get(number=2)
    reason = "Travelling abroad next week; agreed with the patient."
    tuesday = clock.today() + timedelta(days=1)

    book_session(
        actor=personas.therapist_a, session=second, starts_at=at_ten(tuesday), early_reason=reason
    )

    second.refresh_from_db()
    assert second.early_reason == reason
    therapist = client_of(personas.therapist_a)
    assert f"Booked sooner than the 3-day gap: {reason}" in (
        therapist.get(f"/courses/{course.pk}/").content.decode()
    )
    # The record form starts from the booking's reason, so recording it is not refused again.
    assert reason in therapist.get(f"/sessions/{second.pk}/record/").content.decode()


def test_booking_closer_than_the_gap_before_the_next_booked_session_says_the_latest_day(
    personas: Personas, clock: Clock, course: Course
) -> None:
    third = course.treatment_sessions.get(number=3)
    second = course.treatment_sessions.get(number=2)
    book_session(
        actor=personas.therapist_a, session=third, starts_at=at_ten(clock.today() + timedelta(7))
    )

    with pytest.raises(
        TooCloseToBook,
        match=r"1 day before session 3 \(Mon 10 Mar\).*Book on or before Fri 07 Mar 2031",
    ):
        book_session(
            actor=personas.therapist_a,
            session=second,
            starts_at=at_ten(clock.today() + timedelta(days=6)),
        )


def test_the_course_page_shows_the_refusal_beside_the_field_and_asks_for_a_reason(
    personas: Personas, clock: Clock, course: Course
) -> None:
    second = course.treatment_sessions.get(number=2)
    therapist = client_of(personas.therapist_a)
    tuesday = (clock.today() + timedelta(days=1)).isoformat()

    refused = therapist.post(f"/sessions/{second.pk}/book/", {"starts_at": f"{tuesday}T10:00"})

    page = refused.content.decode()
    assert refused.status_code == 422
    assert 'aria-describedby="book-2-starts-at-error"' in page
    assert 'id="book-2-starts-at-error"' in page and "The earliest allowed is Thu 06 Mar" in page
    assert 'name="early_reason"' in page and f'value="{tuesday}T10:00"' in page

    accepted = therapist.post(
        f"/sessions/{second.pk}/book/",
        {"starts_at": f"{tuesday}T10:00", "early_reason": "Away next week."},
    )
    assert accepted.status_code == 302
    second.refresh_from_db()
    assert second.early_reason == "Away next week."


def test_the_api_refuses_it_naming_starts_at_and_takes_a_reason(
    personas: Personas, clock: Clock, course: Course
) -> None:
    therapist = client_of(personas.therapist_a)
    url = f"/api/v1/courses/{course.pk}/sessions/2/booking"
    tuesday = (clock.today() + timedelta(days=1)).isoformat()

    refused = therapist.post(
        url, {"starts_at": f"{tuesday}T10:00"}, content_type="application/json"
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "starts_at"
    assert "The earliest allowed is Thu 06 Mar 2031" in refused.json()["errors"][0]["message"]
    accepted = therapist.post(
        url,
        {"starts_at": f"{tuesday}T10:00", "early_reason": "Away next week."},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
