"""The documents sections of the patient pages: the clinic's (ask for reports, the letters made,
mailed or not) and the patient's own (handouts after each signed session, pain-map prints)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.pagination import latest as latest_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.models import TreatmentSession
from knotwork.patients.models import Patient
from knotwork.patients.panels import Panel
from knotwork.reports.models import Report
from knotwork.reports.presenters.common import clearance_needed

if TYPE_CHECKING:
    from knotwork.courses.models import Course


def _maps(patient: Patient) -> tuple[int | None, int | None]:
    """The latest map and the first map with pain before it (for a comparison print)."""
    latest = patient.pain_maps.order_by("-drawn_at", "-id").first()
    if latest is None:
        return None, None
    first = (
        patient.pain_maps.filter(no_pain=False)
        .exclude(pk=latest.pk)
        .order_by("drawn_at", "id")
        .first()
    )
    return latest.pk, first.pk if first else None


def _courses(patient: Patient) -> list[Course]:
    """The patient's courses, newest first (only what the buttons show)."""
    return list(patient.courses.only("id", "patient_id", "start_date").order_by("-start_date"))


def _signed(patient: Patient) -> list[TreatmentSession]:
    """Every signed session, oldest first (each has a handout, made on signing), in one query."""
    sessions = TreatmentSession.objects.filter(course__patient=patient, signed_at__isnull=False)
    return list(sessions.order_by("held_at", "number"))


def staff_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    if not is_staff_of(request, patient.clinic_id):
        return None
    latest, first = _maps(patient)
    courses = _courses(patient)
    context = {
        "patient": patient,
        "reports": latest_of(
            Report.objects.filter(patient=patient).select_related("created_by"), 20
        ),
        "courses": courses,
        "awaiting_clearance": bool(clearance_needed(patient).outstanding),
        "latest_map": latest,
        "first_map": first,
        "signed": _signed(patient),
    }
    return Panel("reports/_staff_panel.html", context, wide=True)


def patient_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    if patient.user_id != request.user.pk:
        return None
    latest, first = _maps(patient)
    context = {
        "patient": patient,
        "signed": _signed(patient),
        "latest_map": latest,
        "first_map": first,
    }
    return Panel("reports/_patient_panel.html", context)
