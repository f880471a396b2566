"""Starting a course books its first session at a time: the next free time is offered, and the
time is refused, with nothing saved, where any booking would be."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from knotwork.courses.models import Course
from knotwork.courses.services import book_session, save_working_hours
from tests.conftest import Personas
from tests.courses.conftest import Clock, at_ten, client_of, hold, ready_patient
from tests.courses.test_booking import other_course


def start_form(personas: Personas, **fields: str):
    return client_of(personas.therapist_a).post(
        f"/patients/{personas.patient.pk}/course/new/", {"disability_instrument": "odi", **fields}
    )


def test_the_start_form_offers_the_next_free_time_and_books_session_one_then(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    therapist = client_of(personas.therapist_a)

    page = therapist.get(f"/patients/{personas.patient.pk}/course/new/").content.decode()

    # Monday 09:00 now: the default hours (Monday-Friday 08:00-18:00) have 09:30 free next.
    assert 'name="starts_at" value="2031-03-03T09:30"' in page
    assert "First session (date and time)" in page
    started = start_form(personas, starts_at="2031-03-04T14:00")
    assert started.status_code == 302
    first = Course.objects.get().treatment_sessions.get(number=1)
    assert first.status == "booked" and first.booked_with == personas.therapist_a
    assert first.starts_at is not None
    assert timezone.localtime(first.starts_at).strftime("%a %H:%M") == "Tue 14:00"
    assert first.scheduled_for == clock.today() + timedelta(days=1)


def test_the_offer_skips_times_the_therapist_does_not_work_or_has_booked(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    save_working_hours(
        actor=personas.therapist_a,
        membership=personas.therapist_a.memberships.get(),
        week={2: (time(10), time(12))},
    )
    other = other_course(personas, clock)
    wednesday = clock.today() + timedelta(days=2)
    book_session(
        actor=personas.therapist_a,
        session=other.treatment_sessions.get(number=1),
        starts_at=at_ten(wednesday),
    )

    page = client_of(personas.therapist_a).get(f"/patients/{personas.patient.pk}/course/new/")

    assert 'name="starts_at" value="2031-03-05T11:00"' in page.content.decode()


def test_a_time_outside_the_hours_or_over_a_booking_is_refused_and_no_course_is_left(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    other = other_course(personas, clock)
    book_session(
        actor=personas.therapist_a,
        session=other.treatment_sessions.get(number=1),
        starts_at=at_ten(clock.today() + timedelta(days=1)),
    )

    evening = start_form(personas, starts_at="2031-03-04T19:00")
    assert "The clinic is open 08:00-18:00 on Tuesdays." in evening.content.decode()
    assert 'aria-invalid="true"' in evening.content.decode()
    taken = start_form(personas, starts_at="2031-03-04T10:30")
    assert "already has a session 10:00-11:00" in taken.content.decode()
    sunday = start_form(personas, starts_at="2031-03-09T10:00")
    assert "The clinic is closed on Sundays." in sunday.content.decode()
    passed = start_form(personas, starts_at="2031-03-03T08:00")
    assert "Book a time that has not passed yet." in passed.content.decode()

    assert {evening.status_code, taken.status_code, sunday.status_code} == {400}
    assert not Course.objects.filter(patient=personas.patient).exists()


def test_the_api_books_the_first_session_or_refuses_the_time_naming_starts_at(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    therapist = client_of(personas.therapist_a)
    url = f"/api/v1/patients/{personas.patient.pk}/courses"
    body = {"start_date": "2031-03-04"}

    refused = therapist.post(
        url, {**body, "starts_at": "2031-03-04T07:00"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "starts_at"
    assert "open 08:00-18:00" in refused.json()["errors"][0]["message"]
    other_day = therapist.post(
        url, {**body, "starts_at": "2031-03-05T10:00"}, content_type="application/json"
    )
    assert other_day.status_code == 422 and other_day.json()["errors"][0]["field"] == "starts_at"
    assert not Course.objects.exists()

    started = therapist.post(
        url, {**body, "starts_at": "2031-03-04T10:00"}, content_type="application/json"
    )
    assert started.status_code == 201, started.content
    first = Course.objects.get().treatment_sessions.get(number=1)
    assert first.starts_at == at_ten(clock.today() + timedelta(days=1))


def test_a_first_session_held_before_the_booked_day_still_gets_its_next_suggestion(
    personas: Personas, clock: Clock
) -> None:
    # After hours the offered time is tomorrow, so the course starts tomorrow; the therapist
    # then records session 1 at once, today (the course page answered 500 here).
    ready_patient(personas)
    assert start_form(personas, starts_at="2031-03-04T14:00").status_code == 302
    course = Course.objects.get()
    assert course.start_date == clock.today() + timedelta(days=1)
    hold(personas, course, 1, clock, pre=6, post=4)

    page = client_of(personas.therapist_a).get(f"/courses/{course.pk}/")
    assert page.status_code == 200
    assert "Suggested for session 2" in page.content.decode()
