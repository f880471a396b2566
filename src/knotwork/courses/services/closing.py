"""Writers that conclude: the review after session 2, the therapist's decision, ending a course."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.courses import querysets
from knotwork.courses.models import Course, CourseReview, CourseStatus
from knotwork.courses.review import SECONDARY, course_began, review_for
from knotwork.courses.services.refusals import CourseError
from knotwork.domain.protocol import (
    Decision,
    InvalidDecision,
    ReviewOutcome,
    SessionReview,
    decide,
)
from knotwork.intake.models import InstrumentAssignment, Purpose
from knotwork.intake.services.instruments import assign_instrument

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def baseline_again(course: Course) -> list[str]:
    """The questionnaires of the course's baseline that sessions do not re-measure: the
    disability instrument, and each other instrument the patient answered before the course."""
    began = course_began(course)
    others = [
        other
        for other in SECONDARY
        if other != course.disability_instrument
        and querysets.latest_score(course.patient, other, before=began) is not None
    ]
    return [course.disability_instrument, *others]


def send_baseline_again(
    *, actor: User, course: Course, before_session: int, request: HttpRequest | None = None
) -> list[InstrumentAssignment]:
    """Send the baseline's questionnaires again before session `before_session` (the review's or
    the last), so the comparison uses the same instruments; one still waiting is not re-sent."""
    sent = [
        assign_instrument(
            actor=actor,
            patient=course.patient,
            instrument=instrument_id,
            purpose=Purpose.FOLLOW_UP,
            request=request,
        )
        for instrument_id in baseline_again(course)
    ]
    record(
        actor=actor,
        patient=course.patient,
        action=AuditAction.CREATE,
        subject="course",
        subject_id=course.pk,
        detail=f"baseline questionnaires sent again before session {before_session}: "
        + ", ".join(a.instrument for a in sent),
        request=request,
    )
    return sent


def run_review(*, course: Course, after_session: int) -> CourseReview:
    """Compare with baseline by the MCID rules (reference D.1, E.3) and store the outcome."""
    result = review_for(course, after_session)
    return CourseReview.objects.create(
        course=course,
        after_session=after_session,
        outcome=result.review.outcome.value,
        headline=result.review.headline,
        figures=result.figures,
        reasons=list(result.review.reasons),
        decision_required=result.review.decision_required,
    )


@transaction.atomic
def decide_review(
    *,
    actor: User,
    review: CourseReview,
    decision: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> CourseReview:
    """The therapist's decision: continue (with a reason when not responding), refer or end."""
    if review.decision:
        raise CourseError("This review has already been decided.")
    try:
        chosen = Decision(decision)
    except ValueError:
        raise CourseError("Choose continue, refer or end.") from None
    # The decision answers the review as it was stored, not a re-computation after later edits.
    stored = SessionReview(ReviewOutcome(review.outcome), (), (), (), (), tuple(review.reasons))
    try:
        decided = decide(stored, chosen, reason)
    except InvalidDecision as error:
        raise CourseError(str(error).capitalize() + ".") from None
    review.decision = decided.decision.value
    review.decision_reason = decided.reason
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.save()
    course = review.course
    if not decided.course_continues:
        course.status = CourseStatus.REFERRED if chosen is Decision.REFER else CourseStatus.ENDED
        course.ended_at = timezone.now()
        course.end_reason = (
            decided.reason or f"Decided at the review after session {review.after_session}."
        )
        course.save(update_fields=["status", "ended_at", "end_reason"])
    record(
        actor=actor,
        patient=course.patient,
        action=AuditAction.CHANGE,
        subject="course_review",
        subject_id=review.pk,
        detail=f"decision: {decided.decision.value}. {decided.reason}",
        request=request,
    )
    return review


@transaction.atomic
def end_course(
    *, actor: User, course: Course, reason: str, request: HttpRequest | None = None
) -> Course:
    """End an active course early, with a reason."""
    if not course.is_active:
        raise CourseError("This course has already ended.")
    if not reason.strip():
        raise CourseError("Say why the course ends.")
    course.status = CourseStatus.ENDED
    course.ended_at = timezone.now()
    course.end_reason = reason.strip()
    course.save(update_fields=["status", "ended_at", "end_reason"])
    record(
        actor=actor,
        patient=course.patient,
        action=AuditAction.CHANGE,
        subject="course",
        subject_id=course.pk,
        detail=f"ended early: {course.end_reason}",
        request=request,
    )
    return course
