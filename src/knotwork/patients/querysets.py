"""Scoped reads of patient records: every view and endpoint fetches a patient through these,
never with a bare `.get(pk=...)`.

Anything outside the user's clinics answers 404, so a user of clinic B cannot even learn that a
record of clinic A exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from knotwork.audit.services import record_read
from knotwork.clinics.querysets import current_clinic
from knotwork.common.requests import AuthenticatedRequest
from knotwork.patients.models import Patient, PatientQuerySet, PatientScopedQuerySet

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def fetch_or_404[M: models.Model](
    request: AuthenticatedRequest,
    rows: PatientScopedQuerySet[M],
    pk: object,
    *,
    read: str = "",
    read_id: object = "",
    staff_only: bool = False,
    what: str = "",
) -> M:
    """`rows.get_for_user_or_404(request.user, pk, ...)`; with `read`, the read is audited too
    (`record_read` on the row's patient, subject `read`, the row's id or `read_id` where the
    read is of something else than the row, e.g. the gate's action): the one fetch of a page
    or an operation that shows a record. For a list of a patient's rows, `rows` is
    `Patient.objects.all()` and `read` names the list ("pain_maps")."""
    found = rows.get_for_user_or_404(request.user, pk, staff_only=staff_only, what=what)
    if read:
        record_read(request, rows.patient_of(found), subject=read, subject_id=read_id or found.pk)
    return found


def get_patient_for_user(user: User, patient_id: int) -> Patient:
    """The patient if this user may see the record, else 404."""
    return Patient.objects.get_for_user_or_404(user, patient_id, what="patient")


def get_patient_for_staff(user: User, patient_id: int) -> Patient:
    """As get_patient_for_user, but for staff-only actions: a patient gets 404 even for themself."""
    return Patient.objects.get_for_user_or_404(user, patient_id, staff_only=True, what="patient")


def clinic_patients(request: AuthenticatedRequest) -> PatientQuerySet:
    """The patients of the clinic the request acts in, with their therapists (404 for non-staff)."""
    clinic = current_clinic(request)
    return (
        Patient.objects.restrict(request.user).filter(clinic=clinic).prefetch_related("therapists")
    )
