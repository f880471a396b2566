"""A course run start to finish with a controlled clock: four sessions, each with its check-in."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail

from knotwork.courses.checkins import sweep
from knotwork.courses.models import CheckInNudge, CourseStatus, TreatmentSession
from knotwork.courses.services import book_session, start_course
from knotwork.domain.protocol import NOT_RESPONDING_TEXT
from tests.conftest import Personas
from tests.courses.conftest import Clock, at_ten, client_of, hold, ready_patient


def test_it_runs_a_course_through_four_sessions_with_check_ins(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas, nprs=7, odi_total=20)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    assert (course.sessions, course.weeks, course.review_after) == (4, 6, 2)
    assert (course.baseline_nprs, course.disability_instrument, course.baseline_disability) == (
        7.0,
        "odi",
        40.0,
    )
    pain_before = [7, 5, 4, 3]
    for number, pre in enumerate(pain_before, start=1):
        session = hold(personas, course, number, clock, pre=pre, post=max(pre - 2, 0))
        sent_before = len(mail.outbox)

        clock.advance(hours=23)
        assert sweep(now=clock.now) == 0, "nothing is sent before 24 h"
        clock.advance(hours=1)
        assert sweep(now=clock.now) == 1
        assert sweep(now=clock.now) == 0, "a second sweep sends nothing new"
        asked = mail.outbox[sent_before:]
        assert [m.to for m in asked] == [["pat@example.com"]]
        assert "soreness" in asked[0].body and "0 to 10" in asked[0].body

        # A fresh login: a day has passed, longer than the idle timeout.
        patient = client_of(personas.patient_user)
        my_page = patient.get("/me/").content.decode()
        assert f"How are you after session {number}?" in my_page
        check_in = session.check_in
        answered = patient.post(f"/check-ins/{check_in.pk}/", {"soreness": 2, "pain": pre - 1})
        assert answered.status_code == 302
        clock.advance(hours=13)
        assert sweep(now=clock.now) == 0, "an answered check-in gets no reminder"
        check_in.refresh_from_db()
        assert check_in.alert_reasons == []

        if number < 4:
            course.refresh_from_db()
            following = course.treatment_sessions.get(number=number + 1)
            day = clock.today() + timedelta(days=7)
            book_session(actor=personas.therapist_a, session=following, starts_at=at_ten(day))
            clock.at(clock.now.replace(year=day.year, month=day.month, day=day.day, hour=9))

    course.refresh_from_db()
    assert course.status == CourseStatus.COMPLETED
    assert CheckInNudge.objects.filter(check_in__session__course=course).count() == 4
    assert TreatmentSession.objects.filter(course=course, signed_at__isnull=False).count() == 4
    review = course.reviews.get()
    assert review.after_session == 2
    assert review.headline == "responding"
    assert not review.decision_required

    summary = client_of(personas.therapist_a).get(f"/courses/{course.pk}/summary/")
    page = summary.content.decode()
    assert summary.status_code == 200
    assert "4 of 4 sessions held" in page
    assert "responding" in page and NOT_RESPONDING_TEXT not in page
    assert "<svg" in page
