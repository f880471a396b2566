"""The session writers of the course pages as API operations (staff only, like the pages):
book a session at a time with a therapist, record it, sign it, amend it once signed.

Refusals are the pages' own: input the rules refuse whatever the state is a 422 naming the field
(a time outside the hours, over another booking: `starts_at`; a session sooner than the plan's
minimum gap without a reason: `early_reason`); the patient's or the course's present state a 409
(the safety gate shut, with `gate` reasons; no treatment consent on file for the first session;
a signed session recorded again).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Router, Status

from knotwork.common.errors import ErrorOut, Refusal, responses
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses import presenters
from knotwork.courses.api.course import session_out
from knotwork.courses.models import TreatmentSession
from knotwork.courses.querysets import clinic_therapist, get_course_for_staff
from knotwork.courses.schemas import (
    AmendIn,
    AmendmentOut,
    BookIn,
    PointIn,
    RecordIn,
    SessionOut,
)
from knotwork.courses.services import (
    amend_session,
    book_session,
    record_session,
    sign_session,
)
from knotwork.domain import knowledge

router = Router(tags=["treatment courses"])

TEXT_FIELDS = ("techniques", "stretches", "subjective", "objective", "assessment", "plan")


def _session(request: AuthenticatedRequest, course_id: int, number: int) -> TreatmentSession:
    course = get_course_for_staff(request.user, course_id)
    session = course.treatment_sessions.filter(number=number).first()
    if session is None:
        raise Http404(f"This course has no session {number}.")
    return session


def _answer(session: TreatmentSession) -> SessionOut:
    rows = {row.session.number: row for row in presenters.session_rows(session.course)}
    return session_out(rows[session.number].session, rows[session.number])


def _aware(moment: datetime) -> datetime:
    """A time without an offset is the clinic's local time."""
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _points(points: list[PointIn], field: str) -> list[dict[str, Any]]:
    """Each point as the service stores it; unknown trigger points and missing pressure are
    refused as on the page."""
    base = knowledge.load()
    errors: list[tuple[str, str]] = []
    found = []
    for index, point in enumerate(points):
        where = f"{field}[{index}]"
        try:
            base.muscle(point.muscle).trigger_point(point.trigger_point)
        except LookupError:
            errors.append((f"{where}.trigger_point", "no such trigger point of that muscle"))
        if point.pressure_grade is None and point.algometer_value is None:
            errors.append((f"{where}.pressure_grade", "give a grade 1-5 and/or an algometer value"))
        if point.algometer_value is not None and not point.algometer_unit:
            errors.append((f"{where}.algometer_unit", "say the algometer's unit"))
        found.append(point.model_dump())
    if errors:
        raise Refusal("Some trigger points cannot be recorded.", errors=errors)
    return found


def _home_care(ids: list[str] | None) -> list[str] | None:
    if ids is None:
        return None
    base = knowledge.load()
    unknown = [muscle for muscle in ids if muscle not in base.muscles]
    if unknown:
        raise Refusal(f"Unknown muscles: {', '.join(unknown)}.", field="home_care")
    return ids


@router.post(
    "/courses/{course_id}/sessions/{number}/booking",
    response=responses(SessionOut, _409=ErrorOut),
    summary="Book a session at a time with a therapist of the clinic (the course's by default), "
    "inside the clinic's and the therapist's hours, never over another of their bookings "
    "(staff only); 422 `starts_at` closer to its neighbours than the plan's minimum gap unless "
    "`early_reason` says why",
)
def book(request: AuthenticatedRequest, course_id: int, number: int, payload: BookIn) -> SessionOut:
    session = _session(request, course_id, number)
    therapist = None
    if payload.therapist_id is not None:
        therapist = clinic_therapist(session.course.patient.clinic, payload.therapist_id)
        if therapist is None:
            raise Refusal("Book with a therapist of this clinic.", field="therapist_id")
    book_session(
        actor=request.user,
        session=session,
        starts_at=_aware(payload.starts_at),
        therapist=therapist,
        early_reason=payload.early_reason,
        request=request,
    )
    return _answer(session)


@router.post(
    "/courses/{course_id}/sessions/{number}/record",
    response=responses(SessionOut, _409=ErrorOut),
    summary="Record a held session: pain, trigger points treated, SOAP note (staff only). 409 "
    "while the safety gate is shut; 422 `early_reason` when sooner than the plan's minimum gap",
)
def record(
    request: AuthenticatedRequest, course_id: int, number: int, payload: RecordIn
) -> SessionOut:
    session = _session(request, course_id, number)
    fields = payload.model_dump(exclude={"held_at", "points", "early_reason"})
    for name in TEXT_FIELDS:
        fields[name] = fields.get(name) or ""
    fields["home_care"] = _home_care(payload.home_care) or []
    record_session(
        actor=request.user,
        session=session,
        held_at=_aware(payload.held_at),
        fields=fields,
        points=_points(payload.points, "points"),
        early_reason=payload.early_reason,
        request=request,
    )
    return _answer(session)


@router.post(
    "/courses/{course_id}/sessions/{number}/signature",
    response=responses(SessionOut, _409=ErrorOut),
    summary="Sign a recorded session (staff only). 409 for the first session without the "
    "patient's treatment consent on file, or after the patient withdrew it",
)
def sign(request: AuthenticatedRequest, course_id: int, number: int) -> SessionOut:
    session = _session(request, course_id, number)
    sign_session(actor=request.user, session=session, request=request)
    return _answer(session)


@router.post(
    "/courses/{course_id}/sessions/{number}/amendments",
    response=responses(AmendmentOut, 201, _409=ErrorOut),
    summary="Amend a signed session with a reason: the fields given change, `points` (when "
    "given) replace the trigger points; the earlier version is kept (staff only)",
)
def amend(
    request: AuthenticatedRequest, course_id: int, number: int, payload: AmendIn
) -> Status[AmendmentOut]:
    session = _session(request, course_id, number)
    fields = payload.model_dump(exclude={"points", "reason"}, exclude_unset=True)
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = fields[name] or ""
    if "home_care" in fields:
        fields["home_care"] = _home_care(fields["home_care"]) or []
    points = None if payload.points is None else _points(payload.points, "points")
    amendment = amend_session(
        actor=request.user,
        session=session,
        fields=fields,
        points=points,
        reason=payload.reason,
        request=request,
    )
    return Status(
        201,
        AmendmentOut(
            amended_at=amendment.amended_at,
            amended_by=str(amendment.amended_by) if amendment.amended_by else None,
            reason=amendment.reason,
            changed_fields=amendment.changed_fields,
        ),
    )
