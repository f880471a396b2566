"""The documents sections of the patient pages: the clinic's (ask for reports, the letters made,
mailed or not) and the patient's own (handouts after each session, pain-map prints)."""

from __future__ import annotations

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.patients.models import Patient
from knotwork.patients.panels import Panel
from knotwork.reports.models import PATIENT_KINDS, Report
from knotwork.reports.presenters.common import clearance_needed


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


def staff_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    if not is_staff_of(request, patient.clinic_id):
        return None
    latest, first = _maps(patient)
    held = [
        s
        for course in patient.courses.all()
        for s in course.treatment_sessions.filter(held_at__isnull=False).order_by("number")
    ]
    context = {
        "patient": patient,
        "reports": list(Report.objects.filter(patient=patient).select_related("created_by")[:20]),
        "courses": list(patient.courses.all()),
        "awaiting_clearance": bool(clearance_needed(patient).outstanding),
        "latest_map": latest,
        "first_map": first,
        "held": held,
    }
    return Panel("reports/_staff_panel.html", context, wide=True)


def patient_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    if patient.user_id != request.user.pk:
        return None
    latest, first = _maps(patient)
    held = [
        s
        for course in patient.courses.all()
        for s in course.treatment_sessions.filter(held_at__isnull=False).order_by("number")
    ]
    context = {
        "patient": patient,
        "held": held,
        "latest_map": latest,
        "first_map": first,
        "prints": Report.objects.filter(patient=patient, kind__in=PATIENT_KINDS).count(),
    }
    return Panel("reports/_patient_panel.html", context)
