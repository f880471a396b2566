"""Booking with times: hours, double-booking, the gap reason, one rule for next due, reminders."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from knotwork.courses.models import Course, TreatmentSession
from knotwork.courses.presenters import next_session, progress
from knotwork.courses.reminders import send_reminder
from knotwork.courses.services import (
    BookingRefused,
    TooSoon,
    book_session,
    record_session,
    save_opening_hours,
    save_working_hours,
    sign_session,
    start_course,
)
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, at_ten, client_of, ready_patient, screen_today


def started(personas: Personas, clock: Clock) -> Course:
    ready_patient(personas)
    return start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )


def other_course(personas: Personas, clock: Clock) -> Course:
    """A course of another patient of the same therapist (made directly, no gate needed)."""
    course = Course.objects.create(
        patient=personas.other_patient,
        therapist=personas.therapist_a,
        start_date=clock.today(),
        sessions=4,
        weeks=6,
        review_after=2,
        min_gap_days=3,
        relief_shortest_days=4,
        relief_longest_days=14,
        ask_after_hours=24,
        remind_after_hours=36,
        close_after_hours=72,
        disability_instrument="odi",
    )
    TreatmentSession.objects.create(course=course, number=1)
    return course


def test_it_books_a_session_at_a_time_with_the_therapist(personas: Personas, clock: Clock) -> None:
    course = started(personas, clock)
    first = course.treatment_sessions.get(number=1)
    wednesday = clock.today() + timedelta(days=2)
    response = client_of(personas.therapist_a).post(
        f"/sessions/{first.pk}/book/",
        {"starts_at": f"{wednesday.isoformat()}T14:30", "therapist": personas.admin_a.pk},
        follow=True,
    )
    assert "booked for Wed 05 Mar 2031 at 14:30" in response.content.decode()
    first.refresh_from_db()
    assert first.booked_with == personas.admin_a
    assert timezone.localtime(first.starts_at).time() == time(14, 30)
    assert first.starts_at is not None and first.ends_at is not None
    assert first.ends_at - first.starts_at == timedelta(minutes=60)
    page = client_of(personas.therapist_a).get(f"/courses/{course.pk}/").content.decode()
    assert "Wed 5 Mar 2031, 14:30" in page


def test_it_refuses_a_booking_outside_the_opening_hours_the_admin_set(
    personas: Personas, clock: Clock
) -> None:
    save_opening_hours(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        week={0: (time(9), time(13)), 2: (time(9), time(17))},
        session_minutes=45,
    )
    course = started(personas, clock)
    first = course.treatment_sessions.get(number=1)
    tuesday = clock.today() + timedelta(days=1)
    with pytest.raises(BookingRefused, match=r"The clinic is closed on Tuesdays\."):
        book_session(actor=personas.therapist_a, session=first, starts_at=at_ten(tuesday))
    with pytest.raises(BookingRefused, match="open 09:00-13:00 on Mondays"):
        book_session(
            actor=personas.therapist_a,
            session=first,
            starts_at=timezone.make_aware(datetime.combine(clock.today(), time(12, 30))),
        )
    booked = book_session(
        actor=personas.therapist_a,
        session=first,
        starts_at=at_ten(clock.today() + timedelta(2)),
    )
    assert booked.starts_at is not None and booked.ends_at is not None
    assert booked.ends_at - booked.starts_at == timedelta(minutes=45)


def test_it_refuses_a_time_outside_the_therapists_own_hours(
    personas: Personas, clock: Clock
) -> None:
    membership = personas.therapist_a.memberships.get()
    save_working_hours(
        actor=personas.therapist_a, membership=membership, week={0: (time(13), time(18))}
    )
    course = started(personas, clock)
    first = course.treatment_sessions.get(number=1)
    with pytest.raises(BookingRefused, match="works 13:00-18:00 on Mondays"):
        book_session(actor=personas.therapist_a, session=first, starts_at=at_ten(clock.today()))
    with pytest.raises(BookingRefused, match="does not work on Wednesdays"):
        book_session(
            actor=personas.therapist_a,
            session=first,
            starts_at=at_ten(clock.today() + timedelta(2)),
        )


def test_a_therapist_cannot_be_double_booked(personas: Personas, clock: Clock) -> None:
    course = started(personas, clock)
    other = other_course(personas, clock)
    wednesday = clock.today() + timedelta(days=2)
    book_session(
        actor=personas.therapist_a,
        session=course.treatment_sessions.get(number=1),
        starts_at=at_ten(wednesday),
    )
    theirs = other.treatment_sessions.get(number=1)
    with pytest.raises(BookingRefused, match="already has a session 10:00-11:00"):
        book_session(
            actor=personas.therapist_a,
            session=theirs,
            starts_at=at_ten(wednesday) + timedelta(minutes=30),
        )
    # Another therapist of the clinic is free then.
    book_session(
        actor=personas.therapist_a,
        session=theirs,
        starts_at=at_ten(wednesday),
        therapist=personas.admin_a,
    )


def test_the_database_refuses_two_bookings_of_one_therapist_at_the_same_start(
    personas: Personas, clock: Clock
) -> None:
    course = started(personas, clock)
    other = other_course(personas, clock)
    moment = at_ten(clock.today() + timedelta(days=2))
    fields = {"booked_with": personas.therapist_a, "starts_at": moment, "status": "booked"}
    course.treatment_sessions.filter(number=1).update(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        other.treatment_sessions.filter(number=1).update(**fields)


def test_recording_sooner_than_the_minimum_gap_needs_a_reason_the_course_shows(
    personas: Personas, clock: Clock
) -> None:
    course = started(personas, clock)
    screen_today(personas, clock.today())
    first = course.treatment_sessions.get(number=1)
    record_session(
        actor=personas.therapist_a, session=first, held_at=clock.now, fields={}, points=[POINT]
    )
    sign_session(actor=personas.therapist_a, session=first)
    clock.advance(days=1)
    screen_today(personas, clock.today())
    second = course.treatment_sessions.get(number=2)
    therapist = client_of(personas.therapist_a)
    form = {
        "held_at": clock.now.strftime("%Y-%m-%dT%H:%M"),
        "pre_nprs": "5",
        "points-TOTAL_FORMS": "0",
        "points-INITIAL_FORMS": "0",
    }
    refused = therapist.post(f"/sessions/{second.pk}/record/", form)
    assert refused.status_code == 400
    assert "the plan asks for at least 3 days" in refused.content.decode()
    second.refresh_from_db()
    assert not second.is_held
    with pytest.raises(TooSoon):
        record_session(
            actor=personas.therapist_a, session=second, held_at=clock.now, fields={}, points=[]
        )

    reason = "Travelling abroad next week; agreed with the patient."
    accepted = therapist.post(f"/sessions/{second.pk}/record/", {**form, "early_reason": reason})
    assert accepted.status_code == 302
    page = therapist.get(f"/courses/{course.pk}/").content.decode()
    assert "Sooner than the 3-day gap: " + reason in page


def test_next_session_due_and_the_suggestion_agree_and_fall_on_opening_days(
    personas: Personas, clock: Clock
) -> None:
    course = started(personas, clock)
    screen_today(personas, clock.today())
    first = course.treatment_sessions.get(number=1)
    record_session(
        actor=personas.therapist_a, session=first, held_at=clock.now, fields={}, points=[POINT]
    )
    found = next_session(course, clock.today())
    assert found is not None
    assert progress(course, clock.today()).next_due == found[1].on
    # Stress 2: relief 12 days from Monday 3 March aims at Saturday 15; the clinic is closed.
    Course.objects.filter(pk=course.pk).update(stress=2)
    course.refresh_from_db()
    found = next_session(course, clock.today())
    assert found is not None and found[1].on is not None
    assert found[1].aim.weekday() == 5 and found[1].on == clock.today() + timedelta(days=14)
    assert progress(course, clock.today()).next_due == found[1].on
    page = client_of(personas.therapist_a).get(f"/courses/{course.pk}/").content.decode()
    due = page.split("Next session due", 1)[1].split("</dd>", 1)[0]
    assert f"{found[1].on:%a} {found[1].on.day} {found[1].on:%b %Y}" in due
    assert f"Suggested for session 2: <strong>{found[1].on:%a} {found[1].on.day}" in page


def test_the_patient_gets_a_reminder_the_day_before_once(personas: Personas, clock: Clock) -> None:
    course = started(personas, clock)
    first = course.treatment_sessions.get(number=1)
    wednesday = clock.today() + timedelta(days=2)
    book_session(actor=personas.therapist_a, session=first, starts_at=at_ten(wednesday))
    assert not send_reminder(first.pk, now=clock.now), "two days ahead: not yet"
    clock.advance(days=1)
    assert send_reminder(first.pk, now=clock.now)
    assert not send_reminder(first.pk, now=clock.now), "once per booked time"
    (sent,) = mail.outbox
    assert sent.to == ["pat@example.com"]
    assert "Wednesday 05 March at 10:00" in sent.body


def test_a_reminder_the_mail_backend_refused_is_not_marked_sent(
    personas: Personas, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knotwork.courses import reminders

    course = started(personas, clock)
    first = course.treatment_sessions.get(number=1)
    book_session(
        actor=personas.therapist_a,
        session=first,
        starts_at=at_ten(clock.today() + timedelta(days=2)),
    )
    clock.advance(days=1)

    def refuse(*args: object, **kwargs: object) -> int:
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as down:
        down.setattr(reminders, "send_mail", refuse)
        assert not send_reminder(first.pk, now=clock.now)
    first.refresh_from_db()
    assert first.reminded_for is None
    # The task run again (after the worker's timeout, or a retry) sends it, once.
    assert send_reminder(first.pk, now=clock.now)
    assert not send_reminder(first.pk, now=clock.now)
    assert len(mail.outbox) == 1


def test_the_calendar_feed_carries_the_booked_time(personas: Personas, clock: Clock) -> None:
    from knotwork.courses.calendar import session_event

    course = started(personas, clock)
    first = course.treatment_sessions.get(number=1)
    book_session(
        actor=personas.therapist_a,
        session=first,
        starts_at=at_ten(clock.today() + timedelta(2)),
    )
    first.refresh_from_db()
    event = session_event(first, for_therapist=True)
    assert event is not None
    assert event.start == timezone.localtime(at_ten(clock.today() + timedelta(2)))
    assert event.end == event.start + timedelta(minutes=60)


def test_the_day_view_lists_the_therapists_patients_with_their_gate(
    personas: Personas, clock: Clock
) -> None:
    course = started(personas, clock)
    first = course.treatment_sessions.get(number=1)
    wednesday = clock.today() + timedelta(days=2)
    book_session(actor=personas.therapist_a, session=first, starts_at=at_ten(wednesday))
    page = client_of(personas.therapist_a).get(f"/day/?on={wednesday.isoformat()}").content.decode()
    assert "10:00-11:00" in page and "Pat Ient" in page
    assert "closed" in page, "no pre-session screen on Wednesday yet"
    empty = client_of(personas.admin_a).get(f"/day/?on={wednesday.isoformat()}").content.decode()
    assert "No sessions booked this day." in empty
