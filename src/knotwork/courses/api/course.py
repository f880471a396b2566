"""API of treatment courses: list and read courses, start one, read a session's record, and
the patient's answer to a check-in.

Reads and the start are for the clinic's staff only, like the course pages: the record holds
the therapist's SOAP notes. A check-in is answered by its patient only, as on their page.
Starting a course the rules refuse answers 409 Conflict, not 422: the request itself is well
formed, but the patient's present state forbids it (the safety gate is shut, or a course is
already running); the answer, in the one error shape, names the
reasons (`gate`) and, for the gate, the findings awaiting a clearance (`clearances.<key>`).
422 stays for input that is wrong whatever the patient's state (a first session in the past,
an unknown instrument, a score out of range).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from knotwork.audit.services import record_read
from knotwork.common.errors import ErrorOut, responses
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses import presenters
from knotwork.courses.checkins import answer_check_in, red_flag_message
from knotwork.courses.models import Course, CourseReview, TreatmentSession
from knotwork.courses.querysets import (
    courses_with_therapist,
    get_course_for_staff,
    get_own_check_in,
)
from knotwork.courses.schemas import (
    AmendmentOut,
    BaselineOut,
    CheckInAnswerIn,
    CheckInAnswerOut,
    CheckInOut,
    CourseBriefOut,
    CourseOut,
    LiveOut,
    NextSessionOut,
    PlanOut,
    PointOut,
    ProgressOut,
    ReviewOut,
    SessionBriefOut,
    SessionOut,
    StartCourseIn,
    TraceOut,
)
from knotwork.courses.services import start_course
from knotwork.domain.protocol import course_end
from knotwork.live.services import summary_of
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff

router = Router(tags=["treatment courses"])


def _progress(course: Course) -> ProgressOut:
    found = presenters.progress(course, timezone.localdate())
    return ProgressOut(
        sessions_done=found.sessions_done,
        sessions_planned=found.sessions_planned,
        weeks_elapsed=found.weeks_elapsed,
        next_due=found.next_due,
        next_due_is_booked=found.next_due_is_booked,
        overdue=found.overdue,
    )


def course_brief(course: Course) -> CourseBriefOut:
    done = course.treatment_sessions.filter(held_at__isnull=False).count()
    return CourseBriefOut(
        id=course.pk,
        patient_id=course.patient_id,
        therapist=str(course.therapist),
        status=course.status,
        start_date=course.start_date,
        ended_at=course.ended_at,
        sessions_done=done,
        sessions_planned=course.sessions,
    )


def _review(review: CourseReview) -> ReviewOut:
    return ReviewOut(
        after_session=review.after_session,
        outcome=review.outcome,
        headline=review.headline,
        reasons=list(review.reasons),
        figures=list(review.figures),
        decision_required=review.decision_required,
        decision=review.decision,
        decision_reason=review.decision_reason,
        decided_at=review.decided_at,
    )


def _session_brief(row: presenters.SessionRow) -> dict[str, Any]:
    session = row.session
    return {
        "number": session.number,
        "status": session.status,
        "scheduled_for": session.scheduled_for,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "booked_with": str(session.booked_with) if session.booked_with else None,
        "suggested": row.suggested,
        "held_at": session.held_at,
        "signed_at": session.signed_at,
        "pre_nprs": session.pre_nprs,
        "post_nprs": session.post_nprs,
        "check_in_status": row.check_in.status if row.check_in else None,
    }


def course_out(course: Course) -> CourseOut:
    brief = course_brief(course)
    found = presenters.next_session(course, timezone.localdate())
    following = None
    if found is not None:
        session, suggestion = found
        following = NextSessionOut(
            session_number=session.number,
            on=suggestion.on,
            basis=str(suggestion.basis),
            relief_days=suggestion.relief_days,
            earliest=suggestion.earliest,
            latest=suggestion.latest,
            explanation=suggestion.explanation,
        )
    return CourseOut(
        **brief.model_dump(),
        end_reason=course.end_reason,
        plan=PlanOut(
            sessions=course.sessions,
            weeks=course.weeks,
            review_after=course.review_after,
            min_gap_days=course.min_gap_days,
            relief_shortest_days=course.relief_shortest_days,
            relief_longest_days=course.relief_longest_days,
            course_end=course_end(course.start_date, course.plan()),
        ),
        baseline=BaselineOut(
            pain_type=course.pain_type,
            nprs=course.baseline_nprs,
            disability_instrument=course.disability_instrument,
            disability=course.baseline_disability,
            note=course.baseline_note,
            stress=course.stress,
        ),
        progress=_progress(course),
        sessions=[SessionBriefOut(**_session_brief(r)) for r in presenters.session_rows(course)],
        reviews=[_review(review) for review in course.reviews.all()],
        next_session=following,
    )


def _live_feedback(session: TreatmentSession) -> list[LiveOut]:
    """The live sessions linked to this treatment session, with their per-point traces."""
    found = []
    for live in session.live_sessions.order_by("started_at", "id"):
        # An ended session's summary is stored with it; an open one is summarised from its events.
        traces = live.summary if not live.is_open else summary_of(live)
        found.append(
            LiveOut(
                id=live.pk,
                started_at=live.started_at,
                ended_at=live.ended_at,
                trigger_points=[TraceOut(**trace) for trace in traces],
            )
        )
    return found


def _check_in(session: TreatmentSession) -> CheckInOut | None:
    check_in = getattr(session, "check_in", None) if session.is_held else None
    if check_in is None:
        return None
    return CheckInOut(
        status=check_in.status,
        ask_at=check_in.ask_at,
        closes_at=check_in.closes_at,
        answers=[
            {
                "answered_at": answer.answered_at.isoformat(),
                "soreness": answer.soreness,
                "pain": answer.pain,
                "symptoms": list(answer.symptoms),
            }
            for answer in check_in.answers.all()
        ],
        alert_reasons=list(check_in.alert_reasons),
    )


def session_out(session: TreatmentSession, row: presenters.SessionRow) -> SessionOut:
    return SessionOut(
        **_session_brief(row),
        id=session.pk,
        course_id=session.course_id,
        early_reason=session.early_reason,
        soreness_since_last=session.soreness_since_last,
        techniques=session.techniques,
        stretches=session.stretches,
        home_care=list(session.home_care),
        subjective=session.subjective,
        objective=session.objective,
        assessment=session.assessment,
        plan=session.plan,
        plan_notes=list(session.gate_reasons),
        signed_by=str(session.signed_by) if session.signed_by else None,
        tightness_returned_on=session.tightness_returned_on,
        points=[PointOut(**point.snapshot()) for point in session.points.all()],
        live_feedback=_live_feedback(session),
        check_in=_check_in(session),
        amendments=[
            AmendmentOut(
                amended_at=amendment.amended_at,
                amended_by=str(amendment.amended_by) if amendment.amended_by else None,
                reason=amendment.reason,
                changed_fields=amendment.changed_fields,
            )
            for amendment in session.amendments.select_related("amended_by")
        ],
    )


@router.get(
    "/patients/{patient_id}/courses",
    response=responses(list[CourseBriefOut]),
    summary="A patient's treatment courses, newest first (staff only)",
)
@paginate(Page)
def list_courses(request: AuthenticatedRequest, patient_id: int) -> Paged[Course, CourseBriefOut]:
    patient = fetch_or_404(
        request, Patient.objects.all(), patient_id, read="courses", staff_only=True
    )
    courses = patient.courses.select_related("therapist")
    return paged(courses, course_brief)


@router.post(
    "/patients/{patient_id}/courses",
    response=responses(CourseOut, 201, _409=ErrorOut),
    summary="Start a course with the clinic's plan (staff only); with `starts_at` the first "
    "session is booked then, refused (422 `starts_at`) as any booking outside the hours or over "
    "another booking. 409 while the safety gate is shut or another course is active",
)
def add_course(
    request: AuthenticatedRequest, patient_id: int, payload: StartCourseIn
) -> Status[CourseOut]:
    patient = get_patient_for_staff(request.user, patient_id)
    # The service refuses a past start date (422, `start_date`) before the patient's state
    # (409: a shut gate, with `gate` reasons and `clearances.<key>` findings; an active course).
    data = payload.model_dump()
    starts_at = data.pop("starts_at")
    if starts_at is not None and not timezone.is_aware(starts_at):
        starts_at = timezone.make_aware(starts_at)  # the clinic's local time
    course = start_course(
        actor=request.user, patient=patient, request=request, starts_at=starts_at, **data
    )
    return Status(201, course_out(course))


@router.get(
    "/courses/{course_id}",
    response=responses(CourseOut),
    summary="A course: plan, baseline, progress, sessions, review outcome, next session "
    "suggested (staff only)",
)
def get_course(request: AuthenticatedRequest, course_id: int) -> CourseOut:
    course = fetch_or_404(
        request, courses_with_therapist(), course_id, read="course", staff_only=True
    )
    return course_out(course)


@router.get(
    "/courses/{course_id}/sessions/{number}",
    response=responses(SessionOut),
    summary="One session's record: pre-session check, trigger points treated, SOAP note, "
    "live-feedback traces, check-in and amendments (staff only)",
)
def get_session(request: AuthenticatedRequest, course_id: int, number: int) -> SessionOut:
    course = get_course_for_staff(request.user, course_id)
    rows = {row.session.number: row for row in presenters.session_rows(course)}
    row = rows.get(number)
    if row is None:
        raise Http404(f"This course has no session {number}.")
    # Audited once the course is known to have that session: a 404 showed nothing.
    record_read(request, course.patient, subject="session", subject_id=row.session.pk)
    return session_out(row.session, row)


@router.post(
    "/check-ins/{check_in_id}/answer",
    response=responses(CheckInAnswerOut, 201, _409=ErrorOut),
    summary="Answer the check-in after a session (the patient only, as on their page). 409 "
    "before it opens (24 h after the session) or once it has closed (72 h)",
)
def answer_check_in_api(
    request: AuthenticatedRequest, check_in_id: int, payload: CheckInAnswerIn
) -> Status[CheckInAnswerOut]:
    check_in = get_own_check_in(request.user, check_in_id)
    # The page's refusals: an unknown symptom or a score out of range 422 (naming the field),
    # a check-in not open now 409. A red flag closes the gate as on the page.
    reply = answer_check_in(
        actor=request.user,
        check_in=check_in,
        soreness=payload.soreness,
        pain=payload.pain,
        symptoms=payload.symptoms,
        request=request,
    )
    message = red_flag_message(check_in.patient, reply.symptoms) or (
        "Thank you. Your therapist will see your answer."
    )
    return Status(
        201,
        CheckInAnswerOut(
            answered_at=reply.answered_at,
            soreness=reply.soreness,
            pain=reply.pain,
            symptoms=list(reply.symptoms),
            message=message,
        ),
    )
