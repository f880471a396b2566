"""The record-download sections of the patient pages."""

from __future__ import annotations

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.patients.models import Patient
from knotwork.patients.panels import Panel


def patient_record_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    """ "Your record" on the patient's own page: the right of access, in a standard format."""
    if patient.user_id != request.user.pk:
        return None
    return Panel("interop/_patient_record_panel.html", {"patient": patient})


def staff_export_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    if not is_staff_of(request, patient.clinic_id):
        return None
    return Panel("interop/_staff_export_panel.html", {"patient": patient})
