"""The pain-map sections of the patient pages."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from knotwork.common.requests import AuthenticatedRequest
from knotwork.painmaps.presenters import map_view
from knotwork.patients.models import Patient
from knotwork.patients.panels import Panel


def _latest_context(patient: Patient) -> dict[str, object]:
    latest = patient.pain_maps.prefetch_related("marks").first()
    view = map_view(latest, width=300) if latest else None
    return {
        "patient": patient,
        "latest": view,
        "svg": mark_safe(view.svg) if view else "",
        "count": patient.pain_maps.count(),
    }


def staff_panel(request: AuthenticatedRequest, patient: Patient) -> Panel:
    return Panel("painmaps/_staff_panel.html", _latest_context(patient))


def patient_panel(request: AuthenticatedRequest, patient: Patient) -> Panel:
    return Panel("painmaps/_patient_panel.html", _latest_context(patient))
