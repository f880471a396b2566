"""Writers for courses: start, book, record, sign, amend, review, decide, end.

Every writer owns its transaction and writes its audit entry in it; the check-in nudges it
schedules are enqueued on commit. Safety: a course starts, and a session is recorded, only while
the intake's gate is open for that day (`intake_link.gate_for`, which audits every decision).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.courses import intake_link
from knotwork.courses.checkins import schedule_check_in
from knotwork.courses.closing import run_review
from knotwork.courses.errors import CourseError, GateClosed
from knotwork.courses.models import (
    RECORD_FIELDS,
    Course,
    CourseSettings,
    CourseStatus,
    SessionAmendment,
    SessionStatus,
    TreatedPoint,
    TreatmentSession,
)
from knotwork.domain.protocol import (
    course_end,
)
from knotwork.domain.safety import GateDecision

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


def _check_gate(
    *, actor: User, patient: Patient, action: str, on: date, request: HttpRequest | None
) -> GateDecision:
    """The intake's gate for `action` on `on` (it audits the decision); GateClosed when shut."""
    decision = intake_link.gate_for(patient, action, on=on, actor=actor, request=request)
    if not decision.open:
        raise GateClosed(decision)
    return decision


def start_course(
    *,
    actor: User,
    patient: Patient,
    start_date: date,
    disability_instrument: str | None = None,
    baseline_nprs: float | None = None,
    baseline_disability: float | None = None,
    today: date | None = None,
    request: HttpRequest | None = None,
) -> Course:
    """Start a course with the clinic's plan; refused while the gate is shut for `today`."""
    today = today or timezone.localdate()
    if patient.courses.filter(status=CourseStatus.ACTIVE).exists():
        raise CourseError("This patient already has an active course. End it first.")
    if start_date < today:
        raise CourseError("The first session cannot be in the past.")
    _check_gate(actor=actor, patient=patient, action="start_course", on=today, request=request)
    return _create_course(
        actor=actor,
        patient=patient,
        start_date=start_date,
        disability_instrument=disability_instrument,
        baseline_nprs=baseline_nprs,
        baseline_disability=baseline_disability,
        request=request,
    )


@transaction.atomic
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
    pain_type = intake_link.dominant_pain_type(patient)
    instrument = disability_instrument or intake_link.disability_instrument_for(pain_type)
    if instrument not in intake_link.DISABILITY_INSTRUMENTS:
        raise CourseError(f"Unknown disability instrument {instrument!r}.")
    notes: list[str] = []
    nprs = intake_link.latest_score(patient, "nprs")
    disability = intake_link.latest_score(patient, instrument)
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
        stress=intake_link.stress_rating(patient),
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


@transaction.atomic
def book_session(
    *, actor: User, session: TreatmentSession, on: date, request: HttpRequest | None = None
) -> TreatmentSession:
    """Book a planned session on a day inside the course, after the sessions before it."""
    course = session.course
    if not course.is_active:
        raise CourseError("This course has ended; no more sessions can be booked.")
    if session.is_held:
        raise CourseError("This session has already been held.")
    end = course_end(course.start_date, course.plan())
    if not course.start_date <= on <= end:
        raise CourseError(f"Book between {course.start_date} and the course end, {end}.")
    earlier = course.treatment_sessions.filter(number__lt=session.number)
    for other in earlier:
        day = other.held_at.date() if other.held_at else other.scheduled_for
        if day is not None and day >= on:
            raise CourseError(f"Session {session.number} must come after session {other.number}.")
    session.scheduled_for = on
    session.status = SessionStatus.BOOKED
    session.save(update_fields=["scheduled_for", "status"])
    record(
        actor=actor,
        patient=course.patient,
        action=AuditAction.CHANGE,
        subject="session",
        subject_id=session.pk,
        detail=f"session {session.number} booked for {on}",
        request=request,
    )
    return session


def _check_recordable(session: TreatmentSession) -> None:
    course = session.course
    if not course.is_active:
        raise CourseError("This course has ended; sessions can no longer be recorded.")
    if session.is_signed:
        raise CourseError("This session is signed: change it with an amendment.")
    waiting = course.reviews.filter(decision_required=True, decision="").first()
    if waiting is not None:
        raise CourseError(
            f"The review after session {waiting.after_session} needs your decision first."
        )
    missing = course.treatment_sessions.filter(number__lt=session.number, signed_at=None)
    if missing.exists():
        raise CourseError("Record and sign the earlier sessions first.")


def record_session(
    *,
    actor: User,
    session: TreatmentSession,
    held_at: datetime,
    fields: Mapping[str, Any],
    points: Iterable[Mapping[str, Any]],
    request: HttpRequest | None = None,
) -> TreatmentSession:
    """Record a held session; refused while the gate is shut for that day (pre-session screen)."""
    _check_recordable(session)
    day = timezone.localdate(held_at)
    decision = _check_gate(
        actor=actor,
        patient=session.course.patient,
        action="record_session",
        on=day,
        request=request,
    )
    return _save_record(
        actor=actor,
        session=session,
        held_at=held_at,
        fields=fields,
        points=points,
        decision=decision,
        request=request,
    )


@transaction.atomic
def _save_record(
    *,
    actor: User,
    session: TreatmentSession,
    held_at: datetime,
    fields: Mapping[str, Any],
    points: Iterable[Mapping[str, Any]],
    decision: GateDecision,
    request: HttpRequest | None,
) -> TreatmentSession:
    for name in RECORD_FIELDS:
        if name in fields:
            setattr(session, name, fields[name])
    session.held_at = held_at
    session.scheduled_for = session.scheduled_for or timezone.localdate(held_at)
    session.status = SessionStatus.RECORDED
    session.recorded_by = actor
    session.gate_reasons = list(decision.plan_notes)
    session.save()
    _replace_points(session, points)
    schedule_check_in(session)
    record(
        actor=actor,
        patient=session.course.patient,
        action=AuditAction.CHANGE,
        subject="session",
        subject_id=session.pk,
        detail=f"session {session.number} recorded (gate open on {decision.decided_on})",
        request=request,
    )
    return session


def _replace_points(session: TreatmentSession, points: Iterable[Mapping[str, Any]]) -> None:
    session.points.all().delete()
    TreatedPoint.objects.bulk_create(TreatedPoint(session=session, **dict(p)) for p in points)


@transaction.atomic
def sign_session(
    *, actor: User, session: TreatmentSession, request: HttpRequest | None = None
) -> TreatmentSession:
    """Sign a recorded session; signing the review session runs the review automatically."""
    if not session.is_held:
        raise CourseError("Record the session before signing it.")
    if session.is_signed:
        raise CourseError("This session is already signed.")
    session.signed_at = timezone.now()
    session.signed_by = actor
    session.status = SessionStatus.SIGNED
    session.save(update_fields=["signed_at", "signed_by", "status"])
    course = session.course
    record(
        actor=actor,
        patient=course.patient,
        action=AuditAction.CHANGE,
        subject="session",
        subject_id=session.pk,
        detail=f"session {session.number} signed",
        request=request,
    )
    if session.number == course.review_after:
        run_review(course=course, after_session=session.number)
    if session.number >= course.sessions:
        course.status = CourseStatus.COMPLETED
        course.ended_at = timezone.now()
        course.save(update_fields=["status", "ended_at"])
    return session


@transaction.atomic
def amend_session(
    *,
    actor: User,
    session: TreatmentSession,
    fields: Mapping[str, Any],
    points: Iterable[Mapping[str, Any]] | None,
    reason: str,
    request: HttpRequest | None = None,
) -> SessionAmendment:
    """Change a signed record; the values before and after are kept with who, when and why."""
    if not session.is_signed:
        raise CourseError("Only a signed session is amended; edit the record instead.")
    if not reason.strip():
        raise CourseError("An amendment needs a reason.")
    before = session.snapshot()
    for name in RECORD_FIELDS:
        if name in fields:
            setattr(session, name, fields[name])
    session.save()
    if points is not None:
        _replace_points(session, points)
    session.refresh_from_db()
    after = session.snapshot()
    if after == before:
        raise CourseError("Nothing was changed.")
    amendment = SessionAmendment.objects.create(
        session=session,
        amended_by=actor,
        amended_at=timezone.now(),
        reason=reason.strip(),
        before=before,
        after=after,
    )
    record(
        actor=actor,
        patient=session.course.patient,
        action=AuditAction.CHANGE,
        subject="session_amendment",
        subject_id=amendment.pk,
        detail=f"session {session.number}: {', '.join(amendment.changed_fields)}",
        request=request,
    )
    return amendment


@transaction.atomic
def report_tightness(
    *, actor: User, session: TreatmentSession, on: date, request: HttpRequest | None = None
) -> TreatmentSession:
    """The patient reports the day tightness returned after a session (the relief window)."""
    if not session.is_held:
        raise CourseError("This session has not taken place yet.")
    held = timezone.localdate(session.held_at)
    if on < held:
        raise CourseError("Tightness cannot return before the session.")
    if on > timezone.localdate():
        raise CourseError("That day has not come yet.")
    session.tightness_returned_on = on
    session.save(update_fields=["tightness_returned_on"])
    record(
        actor=actor,
        patient=session.course.patient,
        action=AuditAction.CHANGE,
        subject="relief_window",
        subject_id=session.pk,
        detail=f"tightness returned on {on} after session {session.number}",
        request=request,
    )
    return session
