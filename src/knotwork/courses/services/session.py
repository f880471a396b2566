"""Sessions of a course: book, record (which schedules the check-in), sign, amend, tightness."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import diff, record
from knotwork.common.errors import Refusal
from knotwork.courses.checkins import mail_what_to_expect
from knotwork.courses.models import (
    RECORD_FIELDS,
    CheckIn,
    CourseStatus,
    SessionAmendment,
    SessionStatus,
    TreatedPoint,
    TreatmentSession,
)
from knotwork.courses.services.closing import run_review, send_baseline_again
from knotwork.courses.services.consent import consent_on_file, has_withdrawn
from knotwork.courses.services.course import check_gate
from knotwork.courses.services.refusals import CourseError
from knotwork.courses.signals import session_amended, session_signed
from knotwork.courses.tasks import queue_nudges
from knotwork.domain.protocol import check_in_window
from knotwork.domain.safety import GateDecision

if TYPE_CHECKING:
    from knotwork.accounts.models import User


class TooSoon(Refusal):
    """A session held sooner than the plan's minimum gap after the one before, with no reason
    (422 naming `early_reason`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="early_reason")


def check_gap(session: TreatmentSession, held_at: datetime, early_reason: str) -> None:
    """Sooner than the minimum gap after the previous session needs a reason; never before it."""
    course = session.course
    previous = (
        course.treatment_sessions.filter(number__lt=session.number, held_at__isnull=False)
        .order_by("-number")
        .first()
    )
    if previous is None or previous.held_at is None:
        return
    if held_at < previous.held_at:
        raise CourseError(f"Session {session.number} must come after session {previous.number}.")
    gap = (timezone.localdate(held_at) - timezone.localdate(previous.held_at)).days
    if gap < course.min_gap_days and not early_reason.strip():
        days = "the same day as" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} after"
        raise TooSoon(
            f"Session {session.number} is {days} session {previous.number}; the plan asks for "
            f"at least {course.min_gap_days} days between sessions. Say why it is held sooner."
        )


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
    _check_consent(session)


class NoConsent(CourseError):
    """No treatment consent on file where a session needs one."""


def _check_consent(session: TreatmentSession) -> None:
    """No session while the patient's consent is withdrawn; the first needs one to be signed."""
    patient = session.course.patient
    if has_withdrawn(patient):
        raise NoConsent("The patient has withdrawn their treatment consent: no further sessions.")


def record_session(
    *,
    actor: User,
    session: TreatmentSession,
    held_at: datetime,
    fields: Mapping[str, Any],
    points: Iterable[Mapping[str, Any]],
    early_reason: str = "",
    request: HttpRequest | None = None,
) -> TreatmentSession:
    """Record a held session; refused while the gate is shut for that day (pre-session screen),
    and sooner than the plan's minimum gap after the previous session without a reason."""
    _check_recordable(session)
    check_gap(session, held_at, early_reason)
    day = timezone.localdate(held_at)
    decision = check_gate(
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
        early_reason=early_reason.strip(),
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
    early_reason: str,
    request: HttpRequest | None,
) -> TreatmentSession:
    before = session.snapshot()
    session.early_reason = early_reason
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
        changes=diff(before, session.snapshot()),
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
    _check_consent(session)
    if session.number == 1 and consent_on_file(session.course.patient) is None:
        raise NoConsent(
            "The first session is signed only with the patient's treatment consent on file: "
            "the patient signs it on their page, or record a paper consent on their page."
        )
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
    session_signed.send(sender=TreatmentSession, session=session, actor=actor)
    if session.number + 1 in (course.review_after, course.sessions):
        # Before the review and before the end: the same questionnaires as the baseline.
        send_baseline_again(
            actor=actor, course=course, before_session=session.number + 1, request=request
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
        changes=diff(before, after),
        request=request,
    )
    session_amended.send(sender=TreatmentSession, session=session, amendment=amendment, actor=actor)
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


def schedule_check_in(session: TreatmentSession) -> CheckIn:
    """Create (or move, while nothing was sent) the check-in after a recorded session."""
    if session.held_at is None:
        raise ValueError("A check-in follows a session that was held; this one was not.")
    window = check_in_window(session.held_at, session.course.check_in_policy())
    check_in = CheckIn.objects.filter(session=session).first()
    if check_in is not None and check_in.nudges.exists():
        return check_in
    first = check_in is None
    check_in = check_in or CheckIn(session=session)
    check_in.session_end = window.session_end
    check_in.ask_at = window.ask_at
    check_in.remind_at = window.remind_at
    check_in.closes_at = window.closes_at
    check_in.pre_session_pain = session.pre_nprs
    check_in.save()
    moments = (window.ask_at, window.remind_at, window.closes_at)
    transaction.on_commit(lambda: queue_nudges(check_in.pk, moments))
    if first:
        # Once per session (a corrected record moves the check-in but mails nothing again); owed
        # in this transaction, sent once it committed.
        mail_what_to_expect(check_in)
    return check_in
