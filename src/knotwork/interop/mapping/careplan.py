"""CarePlan: each course, with its plan, one activity per session (held ones point at their
Procedure), the reviews and how the course ended."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from knotwork.interop.codes import TRIGGER_POINT_THERAPY
from knotwork.interop.mapping.complaint import complaint_references
from knotwork.interop.mapping.context import ExportContext, Mapped, day, notes
from knotwork.interop.mapping.sessions import careplan_key, procedure_key

if TYPE_CHECKING:
    from knotwork.courses.models import Course, TreatmentSession

# Course status -> CarePlan.status. A course ended early or referred on was stopped before its
# plan was done: "revoked" in FHIR's words.
STATUS = {"active": "active", "completed": "completed", "referred": "revoked", "ended": "revoked"}


def _activity_status(session: TreatmentSession) -> str:
    if session.status == "cancelled":
        return "cancelled"
    if session.held_at:
        return "completed"
    return "scheduled" if session.scheduled_for else "not-started"


def _activity(ctx: ExportContext, course: Course, session: TreatmentSession) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "kind": "ServiceRequest",
        "code": TRIGGER_POINT_THERAPY,
        "status": _activity_status(session),
        "description": f"Session {session.number} of {course.sessions}",
    }
    if session.held_at:
        detail["scheduledString"] = f"Held on {timezone.localdate(session.held_at).isoformat()}"
    elif session.scheduled_for:
        detail["scheduledString"] = f"Booked for {session.scheduled_for.isoformat()}"
    activity: dict[str, Any] = {"detail": detail}
    if session.held_at:
        activity["outcomeReference"] = [ctx.ref(procedure_key(session))]
    return activity


def _review_note(review: Any) -> str:
    text = f"Review after session {review.after_session}: {review.headline}."
    if review.decision:
        text += f" Decision: {review.decision}"
        text += f" ({review.decision_reason})." if review.decision_reason else "."
    return text


def care_plans(ctx: ExportContext) -> list[Mapped]:
    found = []
    courses = ctx.patient.courses.select_related("therapist").order_by("start_date", "id")
    for course in courses:
        sessions = list(course.treatment_sessions.order_by("number"))
        period: dict[str, Any] = {"start": day(course.start_date)}
        if course.ended_at:
            period["end"] = day(timezone.localdate(course.ended_at))
        body: dict[str, Any] = {
            "status": STATUS.get(course.status, "unknown"),
            "intent": "plan",
            "title": "Neuromuscular therapy course",
            "description": (
                f"{course.sessions} sessions over {course.weeks} weeks, reviewed after session "
                f"{course.review_after}, at least {course.min_gap_days} days apart."
            ),
            "subject": ctx.subject,
            "period": period,
            "created": day(timezone.localdate(course.created_at)),
            "author": ctx.practitioner(course.therapist),
            "activity": [_activity(ctx, course, session) for session in sessions],
        }
        reasons = complaint_references(ctx)
        if reasons:
            body["addresses"] = reasons
        annotations = notes(
            course.baseline_note,
            *[_review_note(r) for r in course.reviews.order_by("after_session", "id")],
            f"Ended: {course.end_reason}" if course.end_reason else "",
        )
        if annotations:
            body["note"] = annotations
        found.append(ctx.make(careplan_key(course.pk), body))
    return found
