"""Starting a course: the clinic's plan, the baseline from the intake, and the safety gate.

A course starts, and a session is recorded, only while the intake's gate is open for that day
(`knotwork.intake.services.act_on_gate`, which audits the decision, open or closed).

One active course per patient: the patient's row is locked while a course starts, and the
database backs the rule (the partial unique constraint `one_active_course_per_patient`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.common.errors import Refusal
from knotwork.courses import querysets
from knotwork.courses.models import (
    Course,
    CourseSettings,
    CourseStatus,
    SessionStatus,
    TreatmentSession,
)
from knotwork.courses.services.booking import book_session
from knotwork.courses.services.refusals import CourseError, GateClosed
from knotwork.domain.safety import Action, GateDecision
from knotwork.intake.services import act_on_gate
from knotwork.patients.models import Patient

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def check_gate(
    *, actor: User, patient: Patient, action: Action, on: date, request: HttpRequest | None
) -> GateDecision:
    """The intake's gate for `action` on `on`, audited in its own transaction (so a refusal
    stays on the trail); GateClosed when shut."""
    with transaction.atomic():
        decision = act_on_gate(patient, action, on=on, actor=actor, request=request)
    if not decision.open:
        raise GateClosed(decision)
    return decision


ALREADY_ACTIVE = "This patient already has an active course. End it first."


def start_course(
    *,
    actor: User,
    patient: Patient,
    start_date: date,
    disability_instrument: str | None = None,
    baseline_nprs: float | None = None,
    baseline_disability: float | None = None,
    starts_at: datetime | None = None,
    today: date | None = None,
    request: HttpRequest | None = None,
) -> Course:
    """Start a course with the clinic's plan; refused while the gate is shut for `today`.

    With `starts_at` the first session is booked then, with the starting therapist, under the
    rules of any booking (`booking.book_session`: the hours, no double booking); its day is
    `start_date`. The check for an active course, the gate's decision, the new course and that
    booking are one transaction with the patient's row locked, so two simultaneous starts cannot
    both succeed and a refused time leaves no course behind; a closed gate is audited and then
    refused."""
    today = today or timezone.localdate()
    # What is wrong whatever the patient's state comes first (422), then the state (409).
    if start_date < today:
        raise Refusal("The first session cannot be in the past.", field="start_date")
    if starts_at is not None and timezone.localdate(starts_at) != start_date:
        raise Refusal(
            f"The first session's time falls on {timezone.localdate(starts_at)}, not on the "
            f"start date {start_date}: give the same day.",
            field="starts_at",
        )
    try:
        with transaction.atomic():
            Patient.objects.select_for_update().filter(pk=patient.pk).first()
            if patient.courses.filter(status=CourseStatus.ACTIVE).exists():
                raise CourseError(ALREADY_ACTIVE)
            decision = act_on_gate(patient, "start_course", on=today, actor=actor, request=request)
            if decision.open:
                course = _create_course(
                    actor=actor,
                    patient=patient,
                    start_date=start_date,
                    disability_instrument=disability_instrument,
                    baseline_nprs=baseline_nprs,
                    baseline_disability=baseline_disability,
                    request=request,
                )
                if starts_at is not None:
                    book_session(
                        actor=actor,
                        session=course.treatment_sessions.get(number=1),
                        starts_at=starts_at,
                        therapist=actor,
                        request=request,
                    )
                return course
    except IntegrityError as error:
        # The constraint caught a start the lock did not (another writer's course committed).
        if (
            "one_active_course" in str(error)
            or Course.objects.filter(patient=patient, status=CourseStatus.ACTIVE).exists()
        ):
            raise CourseError(ALREADY_ACTIVE) from error
        raise
    raise GateClosed(decision)


def _create_course(
    *,
    actor: User,
    patient: Patient,
    start_date: date,
    disability_instrument: str | None,
    baseline_nprs: float | None,
    baseline_disability: float | None,
    request: HttpRequest | None,
) -> Course:
    defaults = CourseSettings.for_clinic(patient.clinic)
    pain_type = querysets.dominant_pain_type(patient)
    instrument = disability_instrument or querysets.disability_instrument_for(pain_type)
    if instrument not in querysets.DISABILITY_INSTRUMENTS:
        raise Refusal(
            f"Unknown disability instrument {instrument!r}.", field="disability_instrument"
        )
    notes: list[str] = []
    nprs = querysets.latest_score(patient, "nprs")
    disability = querysets.latest_score(patient, instrument)
    if nprs is not None:
        baseline_nprs = nprs.value
        notes.append("NPRS from the intake")
    elif baseline_nprs is not None:
        notes.append("NPRS entered by the therapist at the start")
    if disability is not None:
        baseline_disability = disability.value
        notes.append(f"{instrument.upper()} from the intake")
    elif baseline_disability is not None:
        notes.append(f"{instrument.upper()} entered by the therapist at the start")
    course = Course.objects.create(
        patient=patient,
        therapist=actor,
        start_date=start_date,
        sessions=defaults.sessions,
        weeks=defaults.weeks,
        review_after=defaults.review_after,
        min_gap_days=defaults.min_gap_days,
        relief_shortest_days=defaults.relief_shortest_days,
        relief_longest_days=defaults.relief_longest_days,
        ask_after_hours=defaults.ask_after_hours,
        remind_after_hours=defaults.remind_after_hours,
        close_after_hours=defaults.close_after_hours,
        pain_type=pain_type,
        baseline_nprs=baseline_nprs,
        disability_instrument=instrument,
        baseline_disability=baseline_disability,
        baseline_note="; ".join(notes),
        stress=querysets.stress_rating(patient),
    )
    # Validate the copied plan now: a clinic setting that contradicts itself fails here.
    course.plan()
    TreatmentSession.objects.bulk_create(
        TreatmentSession(
            course=course,
            number=number,
            scheduled_for=start_date if number == 1 else None,
            status=SessionStatus.BOOKED if number == 1 else SessionStatus.PLANNED,
        )
        for number in range(1, course.sessions + 1)
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="course",
        subject_id=course.pk,
        detail=f"{course.sessions} sessions over {course.weeks} weeks from {start_date}",
        request=request,
    )
    return course
