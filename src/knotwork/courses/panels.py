"""Course sections of the patient pages (staff and the patient's own page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses import presenters
from knotwork.courses.checkins import expectations, opens_text
from knotwork.courses.models import (
    CheckIn,
    CourseReview,
    CourseStatus,
    TreatmentConsent,
    TreatmentSession,
)
from knotwork.patients.models import Patient
from knotwork.patients.panels import Attention, Panel

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic


def _alert_reasons(session: TreatmentSession) -> list[str]:
    check_in: CheckIn | None = getattr(session, "check_in", None)
    return list(check_in.alert_reasons) if check_in else []


def staff_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    if not is_staff_of(request, patient.clinic_id):
        return None
    courses = list(patient.courses.all())
    active = next((c for c in courses if c.status == CourseStatus.ACTIVE), None)
    course = active or (courses[0] if courses else None)
    if course is not None:
        course.patient = patient  # the page's, with its clinic loaded
        presenters.load(course)
    context = {
        **_consent_state(patient),
        "patient_id": patient.pk,
        "course": course,
        "active": active,
        "past": [c for c in courses if c is not course],
        "progress": presenters.progress(course, timezone.localdate()) if course else None,
        "awaiting": bool(
            course and any(r.decision_required and not r.decision for r in course.reviews.all())
        ),
        "alerts": bool(course and any(_alert_reasons(s) for s in course.treatment_sessions.all())),
    }
    return Panel("courses/_staff_panel.html", context)


def patient_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    if patient.user_id != request.user.pk:
        return None
    now = timezone.now()
    course = patient.courses.first()
    sessions = list(course.treatment_sessions.all()) if course else []
    held = [s for s in sessions if s.is_held]
    open_check_ins = [
        check_in
        for check_in in CheckIn.objects.filter(session__course__patient=patient, finished_at=None)
        .select_related("session")
        .order_by("ask_at")
        # Offered once it is due (24 h after the session) or once it has been asked, so the
        # patient is not invited to rate soreness that has not had time to appear or fade.
        if (check_in.ask_at <= now or check_in.nudges.exists())
        and now < check_in.closes_at
        and not check_in.answers.exists()
    ]
    last_held = held[-1] if held else None
    last_check_in = CheckIn.objects.filter(session=last_held).first() if last_held else None
    context = {
        **_consent_state(patient),
        "course": course,
        "sessions": sessions,
        "last_held": last_held,
        "open_check_ins": open_check_ins,
        # The check-in after the last session, before it opens: the patient sees when it does.
        "upcoming": last_check_in
        if last_check_in and now < last_check_in.ask_at and not last_check_in.nudges.exists()
        else None,
        "opens": opens_text(last_check_in) if last_check_in else "",
        "expectations": expectations(last_check_in) if last_check_in else [],
    }
    return Panel("courses/_patient_panel.html", context)


def _consent_state(patient: Patient) -> dict[str, TreatmentConsent | None]:
    """The consent on file, or the withdrawn one when that is the latest."""
    latest = TreatmentConsent.objects.filter(patient=patient).select_related("consent_text").first()
    on_file = latest if latest and latest.withdrawn_at is None else None
    return {"consent": on_file, "withdrawn": latest if latest and not on_file else None}


def clinic_attention(request: AuthenticatedRequest, clinic: Clinic) -> list[Attention]:
    """Reviews of active courses waiting for the therapist's decision (resolved by deciding)."""
    waiting = (
        CourseReview.objects.restrict(request.user, staff_only=True)
        .filter(
            course__patient__clinic=clinic,
            course__status=CourseStatus.ACTIVE,
            decision_required=True,
            decision="",
        )
        .select_related("course__patient")
    )
    return [
        Attention(
            when=review.created_at,
            kind="Review waiting for a decision",
            patient_name=review.course.patient.full_name,
            message=f"{review.course.patient.full_name}: the review after session "
            f"{review.after_session} needs your decision ({review.headline}).",
            link=reverse("course_detail", kwargs={"course_id": review.course_id})
            + f"#review-{review.pk}",
        )
        for review in waiting
    ]
