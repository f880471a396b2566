"""Demo data for courses: Jordan's course three weeks in, and Priya ready to start one.

Written through the same services a clinic uses, with explicit dates, so the demo shows a course
as it would look after three weeks of real use: two sessions signed, the review after session 2
(responding), both check-ins answered and the next session suggested by the relief window.
Every step is guarded, so seeding twice, or after the intake demo data, duplicates nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from knotwork.accounts.models import User
from knotwork.clinics.models import Clinic
from knotwork.courses import presenters
from knotwork.courses.checkins import answer_check_in
from knotwork.courses.models import Course, TreatmentSession
from knotwork.courses.services import (
    CourseError,
    book_session,
    consent_on_file,
    record_paper_consent,
    record_session,
    sign_session,
    slots_on,
    start_course,
)
from knotwork.domain import safety
from knotwork.intake.models import InstrumentResponse
from knotwork.intake.services.instruments import assign_instrument, record_response
from knotwork.intake.services.safety import record_intake_screen, record_pre_session_screen
from knotwork.patients.models import Patient

log = logging.getLogger(__name__)

COURSE_WEEKS_AGO = 3
SECOND_SESSION_AFTER_DAYS = 14
# Jordan's intake figures, used only when the intake demo data has none of its own.
BASELINE_ANSWERS: dict[str, list[int]] = {
    "nprs": [7],
    # Ten ODI items, 0-5 each: 18 of 50, an ODI of 36 %.
    "odi": [2, 2, 2, 2, 2, 2, 2, 2, 1, 1],
    "stress": [6],
}

QL_RIGHT = {
    "muscle": "quadratus_lumborum",
    "trigger_point": "superficial",
    "side": "right",
    "chosen_from": "finder",
    "pressure_grade": 3,
    "hold_seconds": 60,
    "repetitions": 2,
    "discomfort": 6,
    "release_felt": True,
    "referred_pain_reproduced": True,
}
GLUTEUS_MEDIUS_RIGHT = {
    "muscle": "gluteus_medius",
    "trigger_point": "main",
    "side": "right",
    "chosen_from": "finder",
    "pressure_grade": 2,
    "hold_seconds": 45,
    "repetitions": 2,
    "discomfort": 5,
    "release_felt": False,
    "referred_pain_reproduced": True,
}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _all_no(questions: Iterable[str]) -> dict[str, bool | None]:
    return dict.fromkeys(questions, False)


def ensure_screened_intake(*, actor: User, patient: Patient, on: date) -> None:
    """A red-flag screen with every answer no, unless the patient already has a screen."""
    if patient.red_flag_screens.exists():
        return
    record_intake_screen(actor=actor, patient=patient, answers=_all_no(safety.red_flags()), on=on)


def ensure_baseline(*, actor: User, patient: Patient, on: date) -> None:
    """NPRS, ODI and stress from the intake, for each instrument the patient has no score of."""
    for instrument, answers in BASELINE_ANSWERS.items():
        if not patient.instrument_responses.filter(instrument=instrument).exists():
            _answer_on(
                actor=actor, patient=patient, instrument=instrument, answers=answers, at=_at(on, 18)
            )


def _answer_on(
    *, actor: User, patient: Patient, instrument: str, answers: list[int], at: datetime
) -> None:
    """The patient answers an instrument through the intake's services, dated `at`."""
    assignment = assign_instrument(actor=actor, patient=patient, instrument=instrument)
    response = record_response(actor=patient.user or actor, assignment=assignment, answers=answers)
    # The service stamps the moment of answering; the demo's history happened on earlier days,
    # so the stored moment is moved to the day it belongs to.
    InstrumentResponse.objects.filter(pk=response.pk).update(answered_at=at)


def _hold_session(
    *,
    therapist: User,
    session: TreatmentSession,
    day: date,
    pre: int,
    post: int,
    soreness: int | None,
    notes: dict[str, str],
) -> TreatmentSession:
    """The day's pre-session screen (all no), then the record and the signature."""
    patient = session.course.patient
    record_pre_session_screen(
        actor=therapist,
        patient=patient,
        answers=_all_no(safety.pre_session_questions()),
        on=day,
    )
    record_session(
        actor=therapist,
        session=session,
        held_at=_at(day, 10, 50),
        fields={
            "pre_nprs": pre,
            "post_nprs": post,
            "soreness_since_last": soreness,
            "techniques": "Ischaemic compression; stripping along the muscle.",
            "stretches": "Side-lying quadratus lumborum stretch.",
            "home_care": ["quadratus_lumborum", "gluteus_medius"],
            **notes,
        },
        points=[QL_RIGHT, GLUTEUS_MEDIUS_RIGHT],
    )
    return sign_session(actor=therapist, session=session)


def _answer_check_in(session: TreatmentSession, *, soreness: int, pain: int) -> None:
    session.refresh_from_db()
    check_in = session.check_in
    answered = check_in.ask_at + timedelta(hours=2)
    actor = session.course.patient.user
    answer_check_in(actor=actor, check_in=check_in, soreness=soreness, pain=pain, now=answered)


def seed_jordan_course(*, therapist: User, patient: Patient, today: date) -> Course | None:
    """Jordan's course from three weeks ago; None if Jordan has one already or the gate is shut."""
    if patient.courses.exists():
        return None
    start = today - timedelta(weeks=COURSE_WEEKS_AGO)
    ensure_screened_intake(actor=therapist, patient=patient, on=start - timedelta(days=3))
    ensure_baseline(actor=therapist, patient=patient, on=start - timedelta(days=3))
    if consent_on_file(patient) is None:
        record_paper_consent(actor=therapist, patient=patient, signed_on=start)
    try:
        course = start_course(actor=therapist, patient=patient, start_date=start, today=start)
    except CourseError as refused:
        # The intake demo data may hold a finding that keeps the gate shut on that day.
        log.warning("demo course for %s not seeded: %s", patient, refused)
        return None
    first = course.treatment_sessions.get(number=1)
    _hold_session(
        therapist=therapist,
        session=first,
        day=start,
        pre=7,
        post=5,
        soreness=None,
        notes={
            "subjective": "Right low back pain 3 weeks after lifting; worse rising from a seat.",
            "objective": "Taut band in right quadratus lumborum; pressure reproduces the pain.",
            "assessment": "Findings fit quadratus lumborum trigger points; no red flags today.",
            "plan": "Session 2 in about two weeks; home care sheet given.",
        },
    )
    _answer_check_in(first, soreness=4, pain=5)
    second = course.treatment_sessions.get(number=2)
    day_two = start + timedelta(days=SECOND_SESSION_AFTER_DAYS)
    _hold_session(
        therapist=therapist,
        session=second,
        day=day_two,
        pre=3,
        post=2,
        soreness=2,
        notes={
            "subjective": "Mornings easier; sore for a day after session 1.",
            "objective": "Less tenderness over right quadratus lumborum.",
            "assessment": "Pain down since the start; mornings easier.",
            "plan": "Continue; next session when tightness returns.",
        },
    )
    _answer_check_in(second, soreness=2, pain=3)
    _book_next(therapist=therapist, course=course, today=today)
    return course


def _book_next(*, therapist: User, course: Course, today: date) -> None:
    """Book the next session at the first free time on the day the course page suggests."""
    found = presenters.next_session(course, today)
    if found is None or found[1].on is None:
        return
    session, suggestion = found[0], found[1].on
    slots = slots_on(course.patient.clinic, therapist, suggestion)
    if slots:
        book_session(actor=therapist, session=session, starts_at=slots[0])


def seed_demo_courses(clinic: Clinic, *, today: date | None = None) -> Course | None:
    """Jordan's course three weeks in, and Priya screened and ready for one to start."""
    today = today or timezone.localdate()
    patients = {p.given_name: p for p in Patient.objects.filter(clinic=clinic, is_demo=True)}
    jordan, priya = patients.get("Jordan"), patients.get("Priya")
    course = None
    with transaction.atomic():
        if jordan is not None:
            therapist = jordan.therapists.first()
            if therapist is not None:
                course = seed_jordan_course(therapist=therapist, patient=jordan, today=today)
        if priya is not None:
            therapist = priya.therapists.first() or (jordan.therapists.first() if jordan else None)
            if therapist is not None:
                ensure_screened_intake(actor=therapist, patient=priya, on=today - timedelta(days=2))
    return course
