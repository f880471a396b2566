"""Scoped reads of patient records: every view and endpoint fetches a patient through these,
never with a bare `.get(pk=...)`.

Anything outside the user's clinics answers 404, so a user of clinic B cannot even learn that a
record of clinic A exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from knotwork.clinics.querysets import current_clinic, is_staff_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.patients.models import Patient, PatientQuerySet

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def get_patient_for_user(user: User, patient_id: int) -> Patient:
    """The patient if this user may see the record, else 404."""
    try:
        return Patient.objects.for_user(user).get(pk=patient_id)
    except (Patient.DoesNotExist, ValueError, TypeError):
        raise Http404("No such patient.") from None


def get_patient_for_staff(user: User, patient_id: int) -> Patient:
    """As get_patient_for_user, but for staff-only actions: a patient gets 404 even for themself."""
    patient = get_patient_for_user(user, patient_id)
    if not is_staff_of(user, patient.clinic_id):
        raise Http404("No such patient.")
    return patient


def clinic_patients(request: AuthenticatedRequest) -> PatientQuerySet:
    """The patients of the clinic the request acts in, with their therapists (404 for non-staff)."""
    clinic = current_clinic(request)
    return (
        Patient.objects.for_user(request.user).filter(clinic=clinic).prefetch_related("therapists")
    )
